"""The figure of chapter 2.2's activation explorer: activation functions f(z) and,
optionally, their derivatives f'(z) (dashed), overlaid on one axes.

:class:`ActivationFigure` creates one line pair per activation once; ``update``
shows the chosen ones over the chosen range (blitted, see :mod:`dlcore.plots.blit`).
"""

from __future__ import annotations

import numpy as np

from dlcore import activation_properties
from dlcore.plots.blit import BlitFigure
from dlcore.plots.style import PALETTE

__all__ = ["ActivationFigure", "ACTIVATION_COLORS", "ACTIVATION_LABELS"]

#: One Okabe-Ito colour per activation, the same on every figure of chapter 2.2.
ACTIVATION_COLORS = {"sigmoid": PALETTE[0], "tanh": PALETTE[4], "relu": PALETTE[2],
                     "leaky_relu": PALETTE[6], "identity": PALETTE[7]}
#: How the figures name them.
ACTIVATION_LABELS = {"sigmoid": "sigmoid", "tanh": "tanh", "relu": "ReLU",
                     "leaky_relu": "leaky ReLU", "identity": "identity"}


class ActivationFigure(BlitFigure):
    """f (solid) and f' (dashed) of each activation in ``names``, on one axes.

    ``update(shown, z_max, derivative)`` shows the activations in ``shown`` on
    z in [-z_max, z_max], with their derivatives when ``derivative`` is true.
    The y range depends on z_max only (:meth:`y_limits`), so each range has one
    background picture to cache; the identity's negative side may leave it.
    Attributes: ``fig``, ``ax``, ``lines`` and ``slopes`` (dicts name -> Line2D).
    """

    def __init__(self, names=activation_properties.NAMES, width: float = 7.0,
                 height: float = 3.2, dpi: float = 100, n_points: int = 401):
        super().__init__(width, height, dpi)
        self.names = tuple(names)
        self.n_points = n_points
        self.ax = ax = self.fig.add_axes([0.09, 0.15, 0.62, 0.8])
        ax.axhline(0, color="0.8", lw=0.8, zorder=0)
        ax.axvline(0, color="0.8", lw=0.8, zorder=0)
        ax.set_xlabel("$z$")
        self.lines, self.slopes = {}, {}
        for name in self.names:
            color = ACTIVATION_COLORS.get(name, "0.3")
            label = ACTIVATION_LABELS.get(name, name)
            self.lines[name], = ax.plot([0, 1], [0, 1], color=color, lw=2, label=label)
            self.slopes[name], = ax.plot([0, 1], [0, 1], color=color, lw=1.6, ls="--")
        key, = ax.plot([], [], color="0.3", lw=1.6, ls="--", label="dashed: $f'(z)$")
        ax.legend(handles=[*self.lines.values(), key], loc="upper left",
                  bbox_to_anchor=(1.02, 1.0), frameon=False, fontsize=10)
        self.animate(*self.lines.values(), *self.slopes.values())
        self.update(self.names, 5.0, True)

    @staticmethod
    def y_limits(z_max: float) -> tuple[float, float]:
        """(-max(1.5, z_max / 2), max(1.5, z_max)): room for ReLU's rise, and for the
        bounded functions' whole range."""
        return -max(1.5, z_max / 2), max(1.5, z_max)

    def update(self, shown, z_max: float = 5.0, derivative: bool = True) -> "ActivationFigure":
        """Show the activations named in ``shown`` on [-z_max, z_max]."""
        unknown = [n for n in shown if n not in self.lines]
        if unknown:
            raise ValueError(f"shown: expected names among {list(self.names)}, got {unknown}")
        z_max = float(z_max)
        if not np.isfinite(z_max) or z_max <= 0:
            raise ValueError(f"z_max: expected a positive finite number, got {z_max}")
        z = np.linspace(-z_max, z_max, self.n_points)
        data = activation_properties.curves(self.names, z)
        for name in self.names:
            f, df = data[name]
            self.lines[name].set_data(z, f)
            self.slopes[name].set_data(z, df)
            self.lines[name].set_visible(name in shown)
            self.slopes[name].set_visible(name in shown and derivative)
        self.ax.set_xlim(-z_max, z_max)
        self.ax.set_ylim(*self.y_limits(z_max))
        self.shown, self.z_max, self.derivative = tuple(shown), z_max, bool(derivative)
        return self
