"""The figure of chapter 2.3's loss explorer: MSE and binary cross-entropy as functions
of the predicted probability a for a label y, and their gradients with respect to the
sigmoid's input z, with the current prediction marked.

The axes are fixed (a from 0 to 1; loss 0 to 5; gradient -1.1 to 1.1), so a change
redraws only the curves and markers (blitted, see :mod:`dlcore.plots.blit`).
"""

from __future__ import annotations

import numpy as np

from dlcore import loss_comparison
from dlcore.plots.blit import BlitFigure
from dlcore.plots.style import PALETTE

__all__ = ["LossFigure", "LOSS_COLORS"]

LOSS_COLORS = {"mse": PALETTE[0], "bce": PALETTE[4]}
_A = np.linspace(0.001, 0.999, 999)


class LossFigure(BlitFigure):
    """Left: L(a) for MSE and BCE. Right: dL/dz = dL/da * sigma'(z) for both.

    ``update(y, a)`` draws the curves for label ``y`` and marks the prediction ``a``.
    Attributes: ``fig``, ``ax_loss``, ``ax_grad``, ``curves`` and ``markers``
    (dicts keyed ``("loss" | "grad", "mse" | "bce")``), ``values`` (the six numbers at a,
    from :func:`dlcore.loss_comparison.binary_losses`).
    """

    def __init__(self, y: float = 1.0, a: float = 0.2, width: float = 7.0, height: float = 2.9,
                 dpi: float = 100):
        super().__init__(width, height, dpi)
        fig = self.fig
        self.ax_loss = fig.add_axes([0.08, 0.17, 0.36, 0.7])
        self.ax_grad = fig.add_axes([0.58, 0.17, 0.36, 0.7])
        self.ax_loss.set_ylim(0, 5)
        self.ax_grad.set_ylim(-1.1, 1.1)
        self.ax_grad.axhline(0, color="0.85", lw=0.8, zorder=0)
        for ax in (self.ax_loss, self.ax_grad):
            ax.set_xlim(0, 1)
            ax.set_xlabel("predicted probability $a$", labelpad=1)
        self.ax_loss.set_title("loss $L$", fontsize=10)
        self.ax_grad.set_title(r"gradient $\partial L / \partial z$", fontsize=10)
        self.curves, self.markers = {}, {}
        names = {"mse": "MSE", "bce": "cross-entropy"}
        for kind, ax in (("loss", self.ax_loss), ("grad", self.ax_grad)):
            for loss in ("mse", "bce"):
                color = LOSS_COLORS[loss]
                self.curves[kind, loss], = ax.plot(_A, _A, color=color, lw=2, label=names[loss])
                self.markers[kind, loss], = ax.plot([0.5], [0.5], "o", color=color, ms=7,
                                                    markeredgecolor="black", markeredgewidth=0.8)
        self.ax_loss.legend(loc="upper center", frameon=False, fontsize=10)
        self.animate(*self.curves.values(), *self.markers.values())
        self.update(y, a)

    def update(self, y: float, a: float) -> "LossFigure":
        """Curves for label ``y``, markers at prediction ``a``."""
        curve = loss_comparison.binary_losses(y, _A)
        self.values = {k: float(v) for k, v in loss_comparison.binary_losses(y, a).items()}
        for loss in ("mse", "bce"):
            self.curves["loss", loss].set_ydata(curve[loss])
            self.curves["grad", loss].set_ydata(curve[f"d_{loss}_dz"])
            self.markers["loss", loss].set_data([a], [min(self.values[loss], 4.9)])
            self.markers["grad", loss].set_data([a], [self.values[f"d_{loss}_dz"]])
        self.y, self.a = float(y), float(a)
        return self
