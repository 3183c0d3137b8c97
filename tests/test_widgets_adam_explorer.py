"""Chapter 3.4's compute functions and the Adam explorer, driven programmatically."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import ipywidgets as W  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

import dlcore as dl  # noqa: E402
from dlcore import optimizer_updates as U  # noqa: E402

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def test_noisy_adam_corrected_is_dl_optim_adam():
    r = U.noisy_adam(lr=0.2, beta1=0.8, beta2=0.99, steps=25, seed=3)
    noise = np.random.default_rng(3).standard_normal(25)
    theta, g = np.array([3.0]), np.zeros(1)
    opt = dl.optim.Adam(lr=0.2, betas=(0.8, 0.99))
    for t in range(25):
        g[0] = theta[0] + noise[t]
        opt.step([theta], [g])
        assert theta[0] == pytest.approx(r["corrected"]["theta"][t + 1], rel=1e-12)
    np.testing.assert_allclose(r["m_hat"], r["m"] / (1 - 0.8 ** np.arange(1, 26)))


def test_bias_correction_first_step_by_hand():
    r = U.noisy_adam(lr=0.1, beta1=0.9, beta2=0.999, steps=5, sigma=0.0)
    # g_1 = 3: corrected step = lr; uncorrected = lr * 0.1 / sqrt(0.001)
    assert r["corrected"]["step"][0] == pytest.approx(0.1, rel=1e-6)
    assert r["uncorrected"]["step"][0] == pytest.approx(0.1 * 0.1 / 0.001**0.5, rel=1e-6)


@pytest.mark.parametrize("kw, exc, arg", [
    (dict(lr=0), ValueError, "lr"), (dict(beta1=1.0), ValueError, "beta1"),
    (dict(beta2=-0.1), ValueError, "beta2"), (dict(steps=0), ValueError, "steps"),
    (dict(noise=np.zeros(3)), ValueError, "noise"),
])
def test_noisy_adam_checks_its_arguments(kw, exc, arg):
    with pytest.raises(exc, match=f"^{arg}"):
        U.noisy_adam(**kw)


def test_momentum_two_ways_agree_for_a_constant_lr_and_not_for_a_changing_one():
    pb, pv = U.momentum_two_ways(np.full(40, 0.02), mu=0.9)
    np.testing.assert_allclose(pb, pv, rtol=1e-12, atol=1e-14)
    torch_like = dl.surfaces.descend("bowl", dl.optim.Momentum(lr=0.02), steps=40)
    np.testing.assert_allclose(pb, torch_like, rtol=1e-12, atol=1e-14)
    lrs = np.r_[np.full(10, 0.02), np.full(30, 0.002)]
    pb, pv = U.momentum_two_ways(lrs, mu=0.9)
    np.testing.assert_allclose(pb[:11], pv[:11], rtol=1e-12, atol=1e-14)
    assert np.abs(pb[11:] - pv[11:]).max() > 1e-2
    with pytest.raises(ValueError, match="^lrs"):
        U.momentum_two_ways([0.1, -0.1])
    with pytest.raises(ValueError, match="^mu"):
        U.momentum_two_ways([0.1], mu=1.0)


def test_figure_draws_in_place():
    fig = dl.plots.AdamFigure(steps=30)
    r = U.noisy_adam(steps=30)
    a = fig.update(r, 0.1).to_png()
    b = fig.update(U.noisy_adam(lr=0.5, steps=30), 0.5).to_png()
    assert a.startswith(PNG_SIGNATURE) and a != b
    assert fig.lr_line.get_ydata()[0] == 0.5
    np.testing.assert_allclose(fig.theta["corrected"].get_ydata(),
                               np.clip(U.noisy_adam(lr=0.5, steps=30)
                                       ["corrected"]["theta"], -3.9, 3.9))


def test_static_plots_draw():
    import matplotlib.pyplot as plt
    fig, axes = plt.subplots(1, 3)
    r = U.noisy_adam(steps=10)
    dl.plots.plot_bias_correction(axes[:2], r, g_true=1.0)
    dl.plots.plot_schedules(axes[2], {"step": dl.schedules.StepDecay(0.1, 2)}, 6)
    assert len(axes[2].lines) == 1 and len(axes[0].lines) == 3
    plt.close(fig)


def test_adam_explorer_answers_every_control():
    import importlib
    module = importlib.import_module("dlcore.widgets.adam_explorer")
    assert module.CHAPTER == "3.4" and module.FACTORY == "adam_explorer"
    w = dl.widgets.adam_explorer()
    assert isinstance(w, W.VBox) and "n2n-snapshot" in w.children[0].value
    assert "n2n-figure" in w.image._dom_classes
    first = bytes(w.image.value)
    assert first.startswith(PNG_SIGNATURE)
    assert "3.16 without" in w.caption.value
    for name, values in module.BENCH_CHANGES:
        control = w.controls[name]
        assert control.description and control.tooltip and not control.continuous_update
        before = bytes(w.image.value)
        control.value = values[0]
        assert bytes(w.image.value) != before, name
    assert w.result["corrected"]["theta"].shape == (61,)
