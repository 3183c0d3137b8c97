"""dlcore's optimizers and schedules against PyTorch: the stored numbers of
dlcore/torch_reference.py always, and torch itself when it is installed."""

from __future__ import annotations

import numpy as np
import pytest

from dlcore import optimizer_updates as U
from dlcore import torch_reference as R


def test_the_stored_table_says_where_it_came_from():
    assert R.TORCH_VERSION and "tools/make_torch_reference.py" in R.__doc__
    assert set(R.OPTIMIZERS) >= {"sgd", "momentum", "nesterov", "rmsprop", "adam"}
    for entry in R.OPTIMIZERS.values():
        assert np.shape(entry["path"]) == (R.STEPS + 1, 2)
        assert entry["path"][0] == list(R.START)


@pytest.mark.parametrize("name", list(R.OPTIMIZERS))
def test_dlcore_walks_like_the_stored_torch_walk(name):
    mine = U.reference_walk(name)
    theirs = R.OPTIMIZERS[name]
    np.testing.assert_allclose(mine["path"], theirs["path"], rtol=1e-12, atol=1e-14)
    if "m" in theirs:
        np.testing.assert_allclose(mine["m"], theirs["m"], rtol=1e-12, atol=1e-14)
        np.testing.assert_allclose(mine["v"], theirs["v"], rtol=1e-12, atol=1e-14)
    # and the walk really moved: not a trivially equal pair of standing points
    assert np.abs(np.diff(mine["path"], axis=0)).sum() > 1


def test_the_table_would_notice_a_wrong_rule():
    opt = U.reference_optimizer("adam")
    assert opt.betas == (0.9, 0.999)
    rows = {r["name"]: r for r in U.reference_table()}
    assert max(r["max_diff"] for r in rows.values()) < 1e-12
    wrong = np.array(R.OPTIMIZERS["adam"]["path"])
    wrong[5:] += 1e-6
    assert np.abs(U.reference_walk("adam")["path"] - wrong).max() > 1e-7


@pytest.mark.parametrize("name", list(R.SCHEDULES))
def test_dlcore_schedules_match_the_stored_torch_schedulers(name):
    lrs = R.SCHEDULES[name]["lrs"]
    np.testing.assert_allclose(U.reference_schedule(name).lrs(len(lrs)), lrs,
                               rtol=1e-12, atol=1e-15)


def test_unknown_reference_names_are_errors():
    with pytest.raises(ValueError, match="^name"):
        U.reference_walk("adagrad")
    with pytest.raises(ValueError, match="^name"):
        U.reference_schedule("linear")


# -- live torch, when installed ----------------------------------------------------------
def test_the_stored_numbers_are_what_torch_gives_now():
    torch = pytest.importorskip("torch")
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parent.parent / "tools" / "make_torch_reference.py"
    spec = importlib.util.spec_from_file_location("make_torch_reference", path)
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    for name, (cls, kw, _, _) in gen.OPTIMIZERS.items():
        path_t, m, v = gen.walk(cls, kw)
        np.testing.assert_allclose(U.reference_walk(name)["path"], path_t,
                                   rtol=1e-12, atol=1e-14)
    S = torch.optim.lr_scheduler
    live = gen.lrs(lambda o: S.CosineAnnealingLR(o, T_max=10, eta_min=0.001), 11)
    np.testing.assert_allclose(U.reference_schedule("cosine").lrs(11), live,
                               rtol=1e-12)
