"""Chapter 3.2's cost figure: seconds per gradient by backprop and by finite
differences against the number of weights, and their measured ratio beside the
counted 2P/3 (data from :func:`dlcore.backprop_cost.cost_sweep`)."""

from __future__ import annotations

import numpy as np

from dlcore.plots.style import MUTED_COLOR, PALETTE, point_style

__all__ = ["draw_gradient_cost", "COST_COLORS"]

#: One colour per method.
COST_COLORS = {"backprop": PALETTE[4], "finite_differences": PALETTE[5]}
_KEYS = ("n_params", "backprop", "finite_differences", "counted", "ratio",
         "ratio_low", "ratio_high")


def draw_gradient_cost(ax_time, ax_ratio, cost) -> dict:
    """Left (``ax_time``): median seconds per gradient against P, log-log, for both
    methods. Right (``ax_ratio``): the measured ratio (median, bars from the smallest
    to the largest repeat) and the count 2P/3. Returns the Line2D objects by name."""
    if not isinstance(cost, dict) or any(k not in cost for k in _KEYS):
        raise TypeError(f"cost: expected the dict of dl.backprop_cost.cost_sweep, "
                        f"got {cost!r}")
    P = np.asarray(cost["n_params"])
    lines = {}
    names = {"backprop": "backprop", "finite_differences": "finite differences"}
    for key, label in names.items():
        lines[key], = ax_time.loglog(P, cost[key], "o-", color=COST_COLORS[key],
                                     label=label, markeredgecolor="#222222",
                                     markeredgewidth=0.6)
    ax_time.set_xlabel("weights $P$")
    ax_time.set_ylabel("seconds per gradient")
    ax_time.legend(loc="upper left")
    ratio = np.asarray(cost["ratio"])
    err = [ratio - np.asarray(cost["ratio_low"]), np.asarray(cost["ratio_high"]) - ratio]
    lines["counted"], = ax_ratio.loglog(P, cost["counted"], "--", color=MUTED_COLOR,
                                        label="counted $2P/3$")
    ax_ratio.errorbar(P, ratio, yerr=err, fmt="none", ecolor="#222222", lw=1,
                      capsize=3)
    ax_ratio.scatter(P, ratio, color=COST_COLORS["finite_differences"], zorder=3,
                     label="measured", **point_style(36))
    ax_ratio.set_xlabel("weights $P$")
    ax_ratio.set_ylabel("finite differences / backprop")
    ax_ratio.legend(loc="upper left")
    return lines
