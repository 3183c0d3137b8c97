"""The figures of chapter 3.3 (computing the loss), each drawn on Axes the
chapter makes: the learning-rate limits of summed and averaged losses, the
SGD runs that cross them, Adam + L2 against AdamW, and loss against accuracy.
"""

from __future__ import annotations

import numpy as np

from dlcore.plots.style import ERROR_COLOR, MUTED_COLOR, PALETTE, point_style

__all__ = ["REDUCTION_COLORS", "draw_lr_limits", "draw_reduction_runs",
           "draw_decay_comparison", "draw_loss_and_accuracy"]

#: One colour per reduction: mean blue, sum vermillion.
REDUCTION_COLORS = {"mean": PALETTE[4], "sum": ERROR_COLOR}


def draw_lr_limits(ax, sizes, limits, lr=None):
    """Largest stable learning rate against batch size, log-log, one line per
    reduction. ``limits``: dict reduction -> values (len(sizes),); ``lr``
    draws a horizontal reference line at that learning rate."""
    for reduction, values in limits.items():
        color = REDUCTION_COLORS[reduction]
        ax.plot(sizes, values, color=color, label=reduction)
        ax.scatter(sizes, values, color=color, zorder=3, **point_style())
    if lr is not None:
        ax.axhline(lr, color=MUTED_COLOR, lw=1, ls=":")
        ax.annotate(f"lr = {lr:g}", (sizes[-1], lr), xytext=(0, 4),
                    textcoords="offset points", fontsize=10, ha="right",
                    color=MUTED_COLOR)
    ax.set(xscale="log", yscale="log", xlabel="batch size $n$",
           ylabel="largest stable lr")
    ax.legend(title="reduction")
    return ax


def draw_reduction_runs(ax, runs, cap=None):
    """Loss per SGD step, log-log: ``runs`` maps (reduction, batch size) to
    an array of losses. A run that stopped early (it diverged) ends in a
    cross; ``cap`` is the top of the y axis."""
    styles = ["-", "--", ":", "-."]
    batches = sorted({b for _, b in runs})
    for (reduction, batch), losses in runs.items():
        ls = styles[batches.index(batch) % len(styles)]
        color = REDUCTION_COLORS[reduction]
        steps = np.arange(1, len(losses) + 1)
        shown = np.minimum(losses, cap) if cap is not None else losses
        ax.plot(steps, shown, color=color, ls=ls,
                label=f"{reduction}, n = {batch}")
        if cap is not None and losses[-1] >= cap:
            ax.scatter(steps[-1], cap, marker="X", color=color, zorder=3,
                       clip_on=False, **point_style(40))
    ax.set(xscale="log", yscale="log", xlabel="SGD step",
           ylabel="loss on all data")
    if cap is not None:
        ax.set_ylim(top=cap)
    ax.legend(loc="center right", fontsize=10)
    return ax


def draw_decay_comparison(ax, result):
    """Mean final weight against gradient scale for Adam + L2 and AdamW
    (``result`` from ``dl.regularization.decay_by_gradient_scale``)."""
    scales = np.asarray(result["scales"])
    shown = scales > 0
    x = scales[shown]
    for key, label, color in [("l2", "Adam + L2 (weight_decay)", PALETTE[5]),
                              ("decoupled", "AdamW (decoupled)", PALETTE[4])]:
        y = np.asarray(result[key])[shown]
        ax.plot(x, y, color=color, label=label)
        ax.scatter(x, y, color=color, zorder=3, **point_style())
    ax.axhline(result["factor"], color=MUTED_COLOR, lw=1, ls=":")
    ax.axhline(1.0, color="0.85", lw=0.8, zorder=0)
    ax.set(xscale="log", xlabel="gradient noise scale $s$",
           ylabel="mean weight after training", ylim=(-0.05, 1.1))
    ax.legend(loc="center right")
    return ax


def draw_loss_and_accuracy(ax_loss, ax_acc, loss, accuracy):
    """Training loss (log scale) and accuracy per epoch, on two Axes."""
    epochs = np.arange(1, len(loss) + 1)
    ax_loss.plot(epochs, loss, color=PALETTE[4])
    ax_loss.set(yscale="log", xlabel="epoch", ylabel="cross-entropy")
    ax_acc.plot(epochs, accuracy, color=PALETTE[0])
    ax_acc.set(xlabel="epoch", ylabel="accuracy")
    return ax_loss, ax_acc
