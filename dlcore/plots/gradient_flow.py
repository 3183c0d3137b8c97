"""The figure of chapter 2.2's gradient-flow explorer: the gradient norm of every
layer of a deep untrained network, one panel per activation, one line per weight
initialisation (data from :func:`dlcore.gradient_flow.gradient_flow`).

The axes are fixed (layers 1 to ``max_depth + 1``, norms from ``y_min`` to
``y_max`` on a log scale), so a new depth redraws only the lines (blitted, see
:mod:`dlcore.plots.blit`). Norms below ``y_min`` (vanished) run off the bottom.
"""

from __future__ import annotations

import numpy as np

from dlcore import gradient_flow as gf
from dlcore import initializers
from dlcore.plots.blit import BlitFigure
from dlcore.plots.style import PALETTE

__all__ = ["GradientFlowFigure", "INIT_COLORS", "INIT_LABELS"]

INIT_COLORS = {"normal": PALETTE[5], "xavier": PALETTE[4], "he": PALETTE[2]}
INIT_LABELS = {"normal": "normal, std 0.01", "xavier": "Xavier (Glorot)", "he": "He"}
_ACT_LABELS = {"sigmoid": "sigmoid", "tanh": "tanh", "relu": "ReLU"}


class GradientFlowFigure(BlitFigure):
    """Panels: activations; lines: initialisers; x: layer l (1 = input side); y: ||dW_l||.

    ``update(norms)`` takes ``{(activation, init): array}`` as ``gradient_flow``
    returns it. Each panel's title names the initialiser dlcore's ``init="auto"``
    picks for it. Attributes: ``fig``, ``axes`` (dict activation -> Axes), ``lines``
    (dict (activation, init) -> Line2D).
    """

    def __init__(self, norms=None, activations=gf.ACTIVATIONS, inits=gf.INITS,
                 max_depth: int = 30, y_min: float = 1e-30, y_max: float = 1e3,
                 width: float = 7.0, height: float = 3.0, dpi: float = 100):
        super().__init__(width, height, dpi)
        fig = self.fig
        self.activations, self.inits = tuple(activations), tuple(inits)
        self.max_depth = max_depth
        k = len(self.activations)
        left, right, gap = 0.1, 0.99, 0.025
        w = (right - left - gap * (k - 1)) / k
        self.axes, self.lines = {}, {}
        for i, act in enumerate(self.activations):
            ax = fig.add_axes([left + i * (w + gap), 0.3, w, 0.6])
            ax.set_yscale("log")
            ax.set_xlim(0.5, max_depth + 1.5)
            ax.set_ylim(y_min, y_max)
            ax.set_xticks([1, 10, 20, 30] if max_depth >= 29 else [1, max_depth + 1])
            decades = np.arange(np.ceil(np.log10(y_min)), np.floor(np.log10(y_max)) + 1)
            ax.set_yticks(10.0 ** decades[::10] if len(decades) > 12 else 10.0 ** decades)
            ax.minorticks_off()
            ax.axhline(1.0, color="0.85", lw=0.8, zorder=0)
            if i:
                ax.tick_params(labelleft=False)
            else:
                ax.set_ylabel(r"$\|\partial L / \partial W_l\|$")
            ax.set_xlabel("layer $l$", labelpad=1)
            auto = initializers.choose(act)
            ax.set_title(f"{_ACT_LABELS.get(act, act)} (auto: {INIT_LABELS[auto].split(' ')[0]})",
                         fontsize=10)
            self.axes[act] = ax
            for init in self.inits:
                self.lines[act, init], = ax.plot([1], [1], "o-", ms=2.5, lw=1.6,
                                                 color=INIT_COLORS.get(init, "0.3"),
                                                 label=INIT_LABELS.get(init, init))
        handles = [self.lines[self.activations[0], init] for init in self.inits]
        fig.legend(handles=handles, loc="lower center", ncol=len(self.inits), frameon=False,
                   fontsize=10, bbox_to_anchor=(0.55, 0.0))
        self.animate(*self.lines.values())
        if norms is not None:
            self.update(norms)

    def update(self, norms) -> "GradientFlowFigure":
        """Show ``norms`` (``{(activation, init): (depth + 1,) array}``)."""
        for key, line in self.lines.items():
            if key not in norms:
                raise ValueError(f"norms: missing {key}; expected every (activation, init) pair "
                                 f"of {self.activations} x {self.inits}")
            values = np.asarray(norms[key], dtype=float)
            if values.ndim != 1 or len(values) > self.max_depth + 1:
                raise ValueError(f"norms: expected at most {self.max_depth + 1} layer norms for "
                                 f"{key}, got shape {values.shape}")
            shown = np.where(values > 0, values, np.nan)          # log scale: 0 is off the axis
            line.set_data(np.arange(1, len(values) + 1), shown)
        return self
