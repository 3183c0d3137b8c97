"""dlcore.plots.trends: drawn on the Agg backend, checked through the artists."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from dlcore.efficiency import Timing  # noqa: E402
from dlcore.plots import trends as P  # noqa: E402


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def _t(m):
    return Timing([m * 0.9, m, m * 1.2])


def test_plot_timings_one_bar_per_label_at_the_median():
    ax = P.plot_timings(["slow", "fast"], [_t(0.01), _t(0.001)])
    widths = sorted(p.get_width() for p in ax.patches)
    assert np.allclose(widths, [0.9, 9.0])           # ms, the fastest run
    at = {t.get_text(): t.get_position()[1] for t in ax.get_yticklabels()}
    assert at["slow"] > at["fast"]                   # first label on top
    assert ax.get_xscale() == "log"
    with pytest.raises(ValueError, match="labels"):
        P.plot_timings(["one"], [_t(1), _t(2)])
    with pytest.raises(TypeError, match="timings"):
        P.plot_timings(["one"], [1.0])


def test_plot_scaling_draws_reference_slopes_through_the_last_point():
    sizes = [10, 20, 40]
    ax = P.plot_scaling(sizes, [_t(0.001), _t(0.002), _t(0.004)])
    lines = ax.get_lines()
    refs = [ln for ln in lines if ln.get_linestyle() in ("--", ":")]
    assert len(refs) == 2
    for ref, p in zip(refs, (1, 2)):
        y = ref.get_ydata()
        assert y[-1] == pytest.approx(3.6)           # the last fastest run
        assert y[0] == pytest.approx(3.6 / 4 ** p)
    assert ax.get_xscale() == ax.get_yscale() == "log"


def test_plot_batch_sizes_marks_runs_that_never_reached_the_target():
    axes = P.plot_batch_sizes([8, 64, 512], [_t(0.03), _t(0.01), _t(0.005)],
                              [0.2, 0.1, None], target=0.95)
    assert len(axes[0].patches) == 3
    assert any("not" in t.get_text() for t in axes[1].texts)
    assert "95%" in axes[1].get_title()


def test_plot_learning_curve_and_shift_accuracy():
    ax = P.plot_learning_curve([10, 100], [[0.5, 0.6], [0.9, 0.92]])
    assert np.allclose(ax.get_lines()[0].get_ydata(), [0.55, 0.91])
    assert len(ax.collections) == 2
    with pytest.raises(ValueError, match="accuracy"):
        P.plot_learning_curve([10, 100], [0.5, 0.9])
    ax = P.plot_shift_accuracy(["0", "1"], {"a": [0.9, 0.5],
                                            "b": [0.8, 0.8]})
    assert len(ax.patches) == 4
    with pytest.raises(ValueError, match="accuracies"):
        P.plot_shift_accuracy(["0", "1"], {"a": [0.9]})
    with pytest.raises(TypeError, match="ax"):
        P.plot_learning_curve([10], [[0.5]], ax="nope")


def test_plot_image_row_and_energy():
    digit = np.zeros((4, 4))
    digit[1, 1] = 1
    fmap = np.array([[-2.0, 1.0], [0.5, 0.0]])
    axes = P.plot_image_row([digit, fmap], ["digit", "map"])
    assert [ax.get_title() for ax in axes] == ["digit", "map"]
    assert axes[0].images[0].get_cmap().name == "gray_r"
    assert axes[1].images[0].get_clim() == (-2.0, 2.0)
    with pytest.raises(ValueError, match="titles"):
        P.plot_image_row([digit], ["a", "b"])
    ax = P.plot_energy(["add", "read"], [1e-12, 1e-9])
    assert np.allclose(sorted(p.get_width() for p in ax.patches), [1, 1000])
    with pytest.raises(ValueError, match="joules"):
        P.plot_energy(["add"], [0.0])


def test_plot_scaling_labels_the_sizes_it_was_given():
    ax = P.plot_scaling([128, 1024, 1200], [_t(0.001), _t(0.05), _t(0.06)])
    labels = [t.get_text() for t in ax.get_xticklabels()]
    assert labels == ["128", "1,024", ""]        # 1200 would crowd 1024
