"""Chapter 3.3's figures draw on Agg with the book's style and what they show."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

import dlcore as dl  # noqa: E402


def _axes(k=1):
    dl.plots.book_style()
    fig, axes = plt.subplots(1, k, figsize=(dl.plots.COLUMN_WIDTH, 3))
    return fig, axes


def test_lr_limits_and_runs():
    fig, (a, b) = _axes(2)
    sizes = [4, 16, 64]
    dl.plots.draw_lr_limits(a, sizes, {"mean": [0.5, 0.6, 0.7],
                                       "sum": [0.12, 0.04, 0.01]}, lr=0.05)
    assert a.get_xscale() == "log" and len(a.get_lines()) == 3
    runs = {("mean", 8): np.array([1.0, 0.5, 0.1]),
            ("sum", 64): np.array([1.0, 1e3, 1e7])}
    dl.plots.draw_reduction_runs(b, runs, cap=1e6)
    assert b.get_ylim()[1] == 1e6
    assert max(b.get_lines()[1].get_ydata()) == 1e6
    assert len(b.collections) == 1          # one cross: the diverged run
    fig.canvas.draw()
    plt.close(fig)


def test_decay_comparison_and_loss_accuracy():
    r = dl.regularization.decay_by_gradient_scale([0.0, 0.01, 1.0], steps=20)
    fig, ax = _axes()
    dl.plots.draw_decay_comparison(ax, r)
    assert len(ax.get_lines()[0].get_xdata()) == 2   # s = 0 is off a log axis
    fig.canvas.draw()
    plt.close(fig)
    fig, (a, b) = _axes(2)
    dl.plots.draw_loss_and_accuracy(a, b, [1.0, 0.5], [0.5, 0.9])
    assert a.get_yscale() == "log" and b.get_lines()[0].get_ydata()[-1] == 0.9
    plt.close(fig)
