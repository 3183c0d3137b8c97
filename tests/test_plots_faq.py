"""dlcore.plots.faq: chapter 6's figures, drawn on Agg."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

import dlcore as dl  # noqa: E402
from dlcore.plots import faq  # noqa: E402
from dlcore.plots.style import ERROR_COLOR, as_png  # noqa: E402

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def crosses(ax):
    return [line for line in ax.lines if line.get_marker() == "X"]


def test_loss_curves_draw_each_curve_and_mark_a_blow_up():
    fig = faq.loss_curves_figure({"ok": [1.0, 0.5, 0.25], "bad": [1.0, 10.0, np.inf]})
    ax = fig.axes[0]
    x, y = fig.lines_by_label["ok"].get_data()
    np.testing.assert_array_equal(x, [1, 2, 3])
    np.testing.assert_allclose(y, [1.0, 0.5, 0.25])
    (cross,) = crosses(ax)
    assert cross.get_xdata()[0] == 2 and cross.get_ydata()[0] == 10.0
    assert matplotlib.colors.same_color(cross.get_color(), ERROR_COLOR)
    assert ax.get_yscale() == "log" and not fig.decades
    assert as_png(fig).data.startswith(PNG_SIGNATURE)


def test_loss_curves_spanning_hundreds_of_decades_are_drawn_as_log10():
    fig = faq.loss_curves_figure({"overflow": [0.5, 1e100, 1e300, np.inf], "fine": [0.4, 0.3]})
    ax = fig.axes[0]
    assert fig.decades and ax.get_yscale() == "linear" and "log" in ax.get_ylabel()
    _, y = fig.lines_by_label["overflow"].get_data()
    np.testing.assert_allclose(y[:3], np.log10([0.5, 1e100, 1e300]))
    assert np.isnan(y[3]) and len(crosses(ax)) == 1
    assert as_png(fig).data.startswith(PNG_SIGNATURE)   # no overflow in the ticks


def test_loss_curves_bad_input():
    with pytest.raises(TypeError, match="curves"):
        faq.loss_curves_figure([1, 2, 3])
    with pytest.raises(ValueError, match="curves"):
        faq.loss_curves_figure({str(i): [1.0] for i in range(7)})
    with pytest.raises(ValueError, match="curves"):
        faq.loss_curves_figure({"2-D": np.ones((2, 2))})


def test_decision_regions_one_panel_per_model_with_every_point():
    X, y = dl.datasets.make_xor(40, seed=0)
    nets = {"a": dl.MLP([2, 1], output_activation="sigmoid"), "b": dl.MLP([2, 4, 2])}
    fig = faq.decision_regions_figure(nets, X, y, n_grid=20)
    assert [ax.get_title() for ax in fig.axes] == ["a", "b"]
    for ax in fig.axes:
        (image,) = ax.images
        assert image.get_array().shape == (20, 20, 3)
        np.testing.assert_array_equal(ax.collections[0].get_offsets(), X)
    with pytest.raises(ValueError, match="X"):
        faq.decision_regions_figure(nets, np.zeros((5, 3)), np.zeros(5, int))
    with pytest.raises(ValueError, match="X and y"):
        faq.decision_regions_figure(nets, X, y[:5])
    with pytest.raises(TypeError, match="panels"):
        faq.decision_regions_figure({}, X, y)


def test_range_test_figure_marks_the_suggestion():
    X, y = dl.datasets.make_moons(100, seed=0)
    r = dl.lr_range_test(dl.MLP([2, 8, 1], output_activation="sigmoid"), X, y, "bce")
    fig = faq.range_test_figure(r)
    ax = fig.axes[0]
    assert fig.suggested_line.get_xdata()[0] == pytest.approx(r.suggested_lr)
    assert ax.get_xscale() == "log"
    _, smooth = ax.lines[1].get_data()
    np.testing.assert_allclose(smooth, np.where(np.isfinite(r.smoothed), r.smoothed, np.nan))
    assert ax.get_ylim()[1] >= np.nanmax(r.smoothed)        # the smoothed curve is in view
    assert as_png(fig).data.startswith(PNG_SIGNATURE)


def test_layer_norms_figure_is_log_scaled_per_layer():
    norms = {"relu": np.array([1.0, 2.0, 3.0]), "sigmoid": np.array([1e-6, 1e-3, 1.0])}
    fig = faq.layer_norms_figure(norms)
    assert fig.axes[0].get_yscale() == "log"
    x, y = fig.lines_by_label["sigmoid"].get_data()
    np.testing.assert_array_equal(x, [1, 2, 3])
    np.testing.assert_allclose(y, norms["sigmoid"])


def test_lr_sweep_figure_crosses_diverged_runs():
    lrs = np.array([0.01, 0.1, 1.0])
    fig = faq.lr_sweep_figure(lrs, {"SGD": [0.6, 0.5, np.inf], "Adam": [0.3, 0.1, 0.2]})
    ax = fig.axes[0]
    (cross,) = crosses(ax)
    np.testing.assert_array_equal(cross.get_xdata(), [1.0])
    assert cross.get_ydata()[0] >= 0.6 and ax.get_xscale() == "log"
    _, y = fig.lines_by_label["Adam"].get_data()
    np.testing.assert_allclose(y, [0.3, 0.1, 0.2])
    with pytest.raises(ValueError, match="lrs and finals"):
        faq.lr_sweep_figure(lrs, {"SGD": [0.1, 0.2]})


def test_overfitting_figure_draws_training_and_validation_of_each_run():
    h = dl.History()
    h.loss, h.val_loss = [0.7, 0.5, 0.3, 0.2], [0.7, 0.6, 0.65, 0.8]
    fig = faq.overfitting_figure({"plain": h}, best_epoch=2)
    ax = fig.axes[0]
    np.testing.assert_allclose(fig.val_lines["plain"].get_ydata(), h.val_loss)
    np.testing.assert_allclose(fig.train_lines["plain"].get_ydata(), h.loss)
    assert fig.train_lines["plain"].get_linestyle() == "--"
    assert any(list(line.get_xdata()) == [2, 2] for line in ax.lines)
    no_val = dl.History()
    no_val.loss = [1.0]
    with pytest.raises(ValueError, match="val_loss"):
        faq.overfitting_figure({"x": no_val})
    with pytest.raises(TypeError, match="histories"):
        faq.overfitting_figure([h])
    with pytest.raises(ValueError, match="best_epoch"):
        faq.overfitting_figure({"plain": h}, best_epoch=0)


def test_figures_are_exported_from_dl_plots():
    for name in faq.__all__:
        assert getattr(dl.plots, name) is getattr(faq, name)
