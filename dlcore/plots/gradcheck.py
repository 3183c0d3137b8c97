"""The step-size figure of chapter 3.2: the relative error of a finite-difference
gradient against the step ε, on log axes, for float64 and float32 (the V shape:
round-off error on the left, truncation error on the right).

:func:`draw_eps_curves` draws the curves of a :func:`dlcore.gradcheck.eps_sweep`
on an Axes; :class:`GradcheckFigure` is the widget's figure, whose
:meth:`~GradcheckFigure.update` only moves the markers (blitted).
"""

from __future__ import annotations

import numpy as np

from dlcore.plots.blit import BlitFigure
from dlcore.plots.style import MUTED_COLOR, PALETTE, point_style

__all__ = ["draw_eps_curves", "GradcheckFigure", "DTYPE_COLORS", "error_at"]

#: One colour per precision.
DTYPE_COLORS = {"float64": PALETTE[4], "float32": PALETTE[0]}
_DTYPES = ("float64", "float32")


def _dtypes(sweep):
    if not isinstance(sweep, dict) or "eps" not in sweep:
        raise TypeError(f"sweep: expected the dict of dl.gradcheck.eps_sweep, got {sweep!r}")
    names = [d for d in _DTYPES if d in sweep]
    if not names:
        raise ValueError("sweep: expected errors for float64 or float32, found neither")
    return names


def error_at(sweep, eps) -> dict:
    """The relative errors of ``sweep`` at the step closest to ``eps`` (on a log scale):
    ``{"eps": the step used, "index": i, "float64": ..., "float32": ...}``."""
    names = _dtypes(sweep)
    i = int(np.argmin(np.abs(np.log10(sweep["eps"]) - np.log10(eps))))
    return {"eps": float(sweep["eps"][i]), "index": i,
            **{d: float(sweep[d][i]) for d in names}}


def draw_eps_curves(ax, sweep, guides: bool = True) -> dict:
    """Relative error against ε (log-log) for each dtype of ``sweep``, the best ε of
    each marked. ``guides``: dashed lines of slope -1 (round-off, ∝ u/ε) and +2
    (truncation, ∝ ε², for central differences; +1 for forward ones).
    Returns ``{dtype: Line2D}``.
    """
    names = _dtypes(sweep)
    eps = np.asarray(sweep["eps"])
    lines = {}
    for d in names:
        err = np.asarray(sweep[d])
        color = DTYPE_COLORS[d]
        lines[d], = ax.loglog(eps, err, "-", color=color, lw=2, label=d, zorder=2)
        i = int(np.argmin(err))
        ax.scatter([eps[i]], [err[i]], color=color, zorder=3, marker="v",
                   **point_style(40))
    if guides:
        order = 2 if sweep.get("scheme", "central") == "central" else 1
        best = np.asarray(sweep[names[0]])
        i = int(np.argmin(best))
        right = eps[i:]
        left = eps[: i + 1]
        ax.loglog(right, best[i] * 3 * (right / eps[i]) ** order, "--",
                  color=MUTED_COLOR, lw=1, zorder=1)
        ax.loglog(left, best[i] * 3 * (left / eps[i]) ** -1.0, ":",
                  color=MUTED_COLOR, lw=1.2, zorder=1)
    ax.set_xlabel(r"step size $\varepsilon$")
    ax.set_ylabel("relative error")
    ax.set_ylim(1e-12, 3)
    ax.set_xlim(eps.min(), eps.max())
    ax.grid(True, which="major", lw=0.5)
    return lines


class GradcheckFigure(BlitFigure):
    """The curves of ``sweep`` drawn once; a vertical line and a dot per dtype at ε.

    ``update(eps)`` moves them to the step of ``sweep`` closest to ``eps`` and sets
    ``values`` (see :func:`error_at`).
    """

    def __init__(self, sweep, eps: float = 1e-6, width: float = 7.0,
                 height: float = 3.2, dpi: float = 100):
        super().__init__(width, height, dpi)
        self.sweep = sweep
        names = _dtypes(sweep)
        self.ax = self.fig.add_axes([0.12, 0.16, 0.62, 0.78])
        self.lines = draw_eps_curves(self.ax, sweep)
        self.ax.legend(handles=list(self.lines.values()), loc="upper left",
                       bbox_to_anchor=(1.02, 1.0), title="precision")
        self.fig.text(0.755, 0.5, "dashed: slope +2\n(truncation)\n"
                      "dotted: slope −1\n(round-off)\n▼ best step",
                      fontsize=10, color=MUTED_COLOR, va="top")
        self.vline = self.ax.axvline(eps, color="#222222", lw=1, zorder=1)
        self.markers = {}
        for d in names:
            self.markers[d], = self.ax.plot([eps], [1.0], "o", ms=8,
                                            color=DTYPE_COLORS[d],
                                            markeredgecolor="#222222",
                                            markeredgewidth=0.8, zorder=4)
        self.animate(self.vline, *self.markers.values())
        self.update(eps)

    def update(self, eps: float) -> "GradcheckFigure":
        """Markers at the sweep's step nearest ``eps``."""
        self.values = v = error_at(self.sweep, eps)
        self.vline.set_xdata([v["eps"], v["eps"]])
        for d, marker in self.markers.items():
            marker.set_data([v["eps"]], [max(v[d], 1e-12)])
        return self
