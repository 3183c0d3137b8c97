"""dlcore.optimizer_race: the race, and the quadratic theory it is checked against."""

from __future__ import annotations

import numpy as np
import pytest

import dlcore as dl
from dlcore import optimizer_race as R

LAM = [1.0, 20.0]          # the bowl's curvatures


def test_race_runs_every_optimizer_from_the_same_start():
    r = R.race("bowl", lr=0.05, steps=30)
    assert list(r) == list(R.OPTIMIZERS)
    for run in r.values():
        assert run["path"].shape == (31, 2) and run["f"].shape == (31,)
        np.testing.assert_array_equal(run["path"][0], dl.surfaces.get("bowl").start)
    gd = dl.surfaces.descend("bowl", dl.optim.GD(lr=0.05), steps=30)
    np.testing.assert_array_equal(r["gd"]["path"], gd)
    assert r["adam"]["f"][-1] < r["adam"]["f"][0]


def test_sgd_is_gd_with_seeded_noise():
    quiet = R.race("bowl", noise=0.0, steps=20, optimizers=("gd", "sgd"))
    np.testing.assert_array_equal(quiet["gd"]["path"], quiet["sgd"]["path"])
    a = R.race("bowl", noise=1.0, steps=20, seed=3, optimizers=("sgd",))["sgd"]["path"]
    b = R.race("bowl", noise=1.0, steps=20, seed=3, optimizers=("sgd",))["sgd"]["path"]
    c = R.race("bowl", noise=1.0, steps=20, seed=4, optimizers=("sgd",))["sgd"]["path"]
    np.testing.assert_array_equal(a, b)
    assert not np.allclose(a, c)


@pytest.mark.parametrize("lr", [0.01, 0.05, 0.09])
def test_gd_rate_on_the_bowl_is_max_abs_one_minus_lr_lambda(lr):
    predicted = R.quadratic_rate(lr, 0.0, LAM)
    assert predicted == pytest.approx(max(abs(1 - lr * lam) for lam in LAM))
    path = dl.surfaces.descend("bowl", dl.optim.GD(lr=lr), steps=120)
    assert R.measured_rate(path) == pytest.approx(predicted, abs=1e-3)


def test_gd_diverges_exactly_above_two_over_lambda_max():
    assert R.quadratic_rate(0.099, 0.0, LAM) < 1 < R.quadratic_rate(0.101, 0.0, LAM)
    assert dl.surfaces.diverged_at(dl.surfaces.descend("bowl", dl.optim.GD(lr=0.101),
                                                       steps=2000)) is not None
    assert R.measured_rate(dl.surfaces.descend("bowl", dl.optim.GD(lr=0.2), steps=200)) == np.inf


def test_best_settings_and_momentum_theory():
    lr, rate = R.best_gd(LAM)
    assert lr == pytest.approx(2 / 21) and rate == pytest.approx(19 / 21)
    assert R.quadratic_rate(lr, 0.0, LAM) == pytest.approx(rate)
    lr_m, mu, rate_m = R.best_momentum(LAM)
    k = np.sqrt(20)
    assert rate_m == pytest.approx((k - 1) / (k + 1)) and mu == pytest.approx(rate_m ** 2)
    assert R.quadratic_rate(lr_m, mu, LAM) == pytest.approx(rate_m, rel=1e-6)
    path = dl.surfaces.descend("bowl", dl.optim.Momentum(lr=lr_m, momentum=mu), steps=100)
    assert R.measured_rate(path) == pytest.approx(rate_m, abs=0.03)
    grid = R.rate_map([0.01, 0.05], [0.0, 0.5, 0.9], LAM)
    assert grid.shape == (3, 2) and grid[0, 1] == pytest.approx(0.95)


@pytest.mark.parametrize("call, exc, arg", [
    (lambda: R.race(lr=0), ValueError, "lr"), (lambda: R.race(momentum=1.0), ValueError, "momentum"),
    (lambda: R.race(noise=-1), ValueError, "noise"), (lambda: R.race(steps=0), ValueError, "steps"),
    (lambda: R.race("valley"), ValueError, "surface"),
    (lambda: R.quadratic_rate(0.1, 0.0, [1.0, -2.0]), ValueError, "eigenvalues"),
    (lambda: R.measured_rate(np.zeros((3, 2))), ValueError, "path"),
])
def test_bad_arguments(call, exc, arg):
    with pytest.raises(exc, match=arg):
        call()
