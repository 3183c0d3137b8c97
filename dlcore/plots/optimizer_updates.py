"""Figures of chapter 3.4: Adam's running averages before and after bias correction,
learning-rate schedules and the runs they give, and the Adam explorer's figure.
"""

from __future__ import annotations

import numpy as np

from dlcore.plots.blit import BlitFigure
from dlcore.plots.style import PALETTE

__all__ = ["plot_bias_correction", "plot_schedules", "plot_schedule_runs",
           "plot_momentum_forms",
           "AdamFigure", "SCHEDULE_COLORS"]

SCHEDULE_COLORS = (PALETTE[7], PALETTE[0], PALETTE[4], PALETTE[5], PALETTE[2])
_RAW, _HAT = PALETTE[5], PALETTE[4]


def plot_bias_correction(axes, trace, g_true=None):
    """Two panels from :func:`dlcore.optimizer_updates.noisy_adam`'s ``trace`` (or any
    dict with ``m``, ``m_hat``, ``v``, ``v_hat``): left m and m-hat, right sqrt(v) and
    sqrt(v-hat), against the step t. ``g_true`` draws a reference line on the left."""
    ax_m, ax_v = axes
    t = np.arange(1, len(trace["m"]) + 1)
    for ax, raw, hat, names in (
            (ax_m, trace["m"], trace["m_hat"], (r"$m_t$", r"$\hat m_t$")),
            (ax_v, np.sqrt(trace["v"]), np.sqrt(trace["v_hat"]),
             (r"$\sqrt{v_t}$", r"$\sqrt{\hat v_t}$"))):
        ax.plot(t, raw, "-o", color=_RAW, ms=4, mec="black", mew=0.5,
                label=names[0] + " (raw)")
        ax.plot(t, hat, "-s", color=_HAT, ms=4, mec="black", mew=0.5,
                label=names[1] + " (corrected)")
        ax.set_xlabel("step $t$")
        ax.legend(frameon=False, fontsize=10)
    if g_true is not None:
        ax_m.axhline(g_true, color="0.5", lw=1, ls=":", zorder=0)
        ax_v.axhline(abs(g_true), color="0.5", lw=1, ls=":", zorder=0)
    ax_m.set_title("first moment", fontsize=10)
    ax_v.set_title("root of the second moment", fontsize=10)
    return axes


def plot_schedules(ax, schedules: dict, epochs: int):
    """The learning rate per epoch of each schedule in ``schedules`` (label -> Schedule)."""
    e = np.arange(1, epochs + 1)
    for color, (label, s) in zip(SCHEDULE_COLORS, schedules.items()):
        ax.plot(e, s.lrs(epochs), "-o", color=color, ms=4, mec="black", mew=0.5,
                label=label)
    ax.set_xlabel("epoch")
    ax.set_ylabel("learning rate")
    ax.legend(frameon=False, fontsize=10)
    return ax


def plot_schedule_runs(ax, runs: dict, key: str = "val_loss"):
    """One line per schedule: ``runs`` maps label -> list of Histories (one per seed);
    the median over seeds is drawn with the band from the lowest to the highest."""
    for color, (label, hs) in zip(SCHEDULE_COLORS, runs.items()):
        values = np.array([getattr(h, key) for h in hs])
        e = np.arange(1, values.shape[1] + 1)
        ax.fill_between(e, values.min(axis=0), values.max(axis=0), color=color,
                        alpha=0.2, lw=0)
        ax.plot(e, np.median(values, axis=0), color=color, lw=1.8, label=label)
    ax.set_xlabel("epoch")
    ax.legend(frameon=False, fontsize=10)
    return ax


def plot_momentum_forms(ax, path_b, path_v, drop_at=None):
    """The x coordinate of the two momentum paths of
    :func:`dlcore.optimizer_updates.momentum_two_ways` against the step; ``drop_at``
    marks the step where the learning rate changes."""
    t = np.arange(len(path_b))
    ax.plot(t, path_b[:, 0], "-o", color=PALETTE[4], ms=3.5, mec="black", mew=0.4,
            label=r"PyTorch: $b \leftarrow \mu b + g$, $\theta \leftarrow \theta - \eta_t b$")
    ax.plot(t, path_v[:, 0], "--s", color=PALETTE[0], ms=3.5, mec="black", mew=0.4,
            label=r"velocity: $v \leftarrow \mu v - \eta_t g$, $\theta \leftarrow \theta + v$")
    if drop_at is not None:
        ax.axvline(drop_at - 0.5, color="0.5", lw=1, ls=":", zorder=0)
    ax.set_xlabel("step $t$")
    ax.set_ylabel(r"$x_t$")
    ax.legend(frameon=False, fontsize=10)
    return ax


class AdamFigure(BlitFigure):
    """The Adam explorer's figure. Left: theta_t for Adam with (solid) and without
    (dashed) bias correction. Right: the step |theta_{t-1} - theta_t| of both (log
    scale) and the learning rate (dotted). ``update(result, lr)`` takes what
    :func:`dlcore.optimizer_updates.noisy_adam` returns; all axes are fixed."""

    def __init__(self, steps: int = 60, width: float = 7.0, height: float = 2.9,
                 dpi: float = 100):
        super().__init__(width, height, dpi)
        fig = self.fig
        self.ax_theta = fig.add_axes([0.08, 0.17, 0.38, 0.68])
        self.ax_step = fig.add_axes([0.59, 0.17, 0.38, 0.68])
        self.ax_theta.set_xlim(0, steps + 2)
        self.ax_theta.set_ylim(-4, 4)
        self.ax_theta.axhline(0, color="0.8", lw=0.8, zorder=0)
        self.ax_step.set_xlim(0.5, steps + 0.5)
        self.ax_step.set_yscale("log")
        self.ax_step.set_ylim(1e-4, 20)
        self.ax_theta.set_title(r"trajectory $\theta_t$", fontsize=10)
        self.ax_step.set_title(r"step size $|\theta_{t-1} - \theta_t|$",
                               fontsize=10)
        for ax in (self.ax_theta, self.ax_step):
            ax.set_xlabel("step $t$", labelpad=1)
        t0 = np.arange(steps + 1)
        self.theta, self.steps, self.ends = {}, {}, {}
        styles = {"corrected": ("-", _HAT, "Adam"),
                  "uncorrected": ("--", _RAW, "no bias correction")}
        for key, (ls, color, label) in styles.items():
            self.theta[key], = self.ax_theta.plot(t0, t0 * 0.0, ls, color=color,
                                                  lw=1.6, label=label)
            self.ends[key], = self.ax_theta.plot([0], [0], "o", color=color, ms=6,
                                                 mec="black", mew=0.8)
            self.steps[key], = self.ax_step.plot(t0[1:], t0[1:] * 0.0 + 1, ls,
                                                 color=color, lw=1.4)
        self.lr_line, = self.ax_step.plot([0.5, steps + 0.5], [1, 1], ":",
                                          color="0.3", lw=1.2, label="lr")
        self.ax_theta.legend(loc="upper right", frameon=False, fontsize=10)
        self.ax_step.legend(loc="upper right", frameon=False, fontsize=10)
        self.animate(*self.theta.values(), *self.ends.values(),
                     *self.steps.values(), self.lr_line)

    def update(self, result: dict, lr: float) -> "AdamFigure":
        """Draw ``result`` (from ``noisy_adam``) and the learning rate ``lr``."""
        for key in ("corrected", "uncorrected"):
            theta = np.clip(result[key]["theta"], -3.9, 3.9)
            self.theta[key].set_ydata(theta)
            self.ends[key].set_data([len(theta) - 1], [theta[-1]])
            step = np.clip(np.abs(result[key]["step"]), 1.1e-4, 19)
            self.steps[key].set_ydata(step)
        self.lr_line.set_ydata([lr, lr])
        return self
