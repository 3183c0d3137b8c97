"""The figure of chapter 2.1's network explorer: the diagram of a randomly
initialised network beside the function it computes over the plane.

:class:`NetworkExplorerFigure` is built once; :meth:`~NetworkExplorerFigure.update`
shows a new network with the same artists, and ``to_png`` renders it (blitted,
see :mod:`dlcore.plots.blit`).
"""

from __future__ import annotations

import numpy as np

from dlcore.plots.blit import BlitFigure
from dlcore.plots.network import NetworkDiagram

__all__ = ["NetworkExplorerFigure", "SURFACE_CMAP"]

#: A diverging colour map (colour-blind safe): negative outputs purple, positive orange.
SURFACE_CMAP = "PuOr_r"


class NetworkExplorerFigure(BlitFigure):
    """Left: the network (edges shaded by weight). Right: its output y_hat(x1, x2),
    divided by its largest |y_hat| on the grid (so the colour bar stays -1..1).

    The figure holds no text that changes (each text costs milliseconds to draw);
    :attr:`caption` describes what is shown (sizes, activation, parameter count,
    largest |y_hat|), for a line beside the figure.

    ``update(model, Z)`` takes an MLP with two inputs and one output and its outputs
    ``Z`` on a grid over ``extent`` (see ``dl.architecture.random_surface``).
    Attributes: ``fig``, ``diagram`` (a :class:`~dlcore.plots.network.NetworkDiagram`
    without layer labels), ``image`` (the surface), ``scale`` (the largest |y_hat|
    shown) and ``caption``.
    """

    def __init__(self, model=None, Z=None, extent=(-3.0, 3.0, -3.0, 3.0), width: float = 7.0,
                 height: float = 3.4, dpi: float = 100):
        super().__init__(width, height, dpi)
        fig = self.fig
        self.ax_net = fig.add_axes([0.0, 0.03, 0.57, 0.94])
        self.ax_surface = ax = fig.add_axes([0.63, 0.13, 0.26, 0.74])
        self.diagram = NetworkDiagram(self.ax_net, [2, 1], labels=False)
        self.image = ax.imshow(np.zeros((2, 2)), origin="lower", extent=extent, cmap=SURFACE_CMAP,
                               interpolation="bilinear", aspect="equal", vmin=-1, vmax=1)
        ax.set_xlabel("$x_1$", labelpad=0)
        ax.set_ylabel("$x_2$", labelpad=-4)
        ax.set_xticks([extent[0], 0, extent[1]])
        ax.set_yticks([extent[2], 0, extent[3]])
        bar = fig.colorbar(self.image, cax=fig.add_axes([0.905, 0.13, 0.018, 0.74]))
        bar.set_ticks([-1, 0, 1])
        ax.set_title(r"$\hat y \,/ \max |\hat y|$", fontsize=10)
        self.scale = 1.0
        self.caption = ""
        self.animate(self.diagram.edges, self.diagram.nodes, self.image)
        if model is not None:
            self.update(model, Z)

    def update(self, model, Z) -> "NetworkExplorerFigure":
        """Show ``model`` (its sizes and weights) and its output surface ``Z``."""
        Z = np.asarray(Z, dtype=float)
        if Z.ndim != 2:
            raise ValueError(f"Z: expected a 2-D grid of outputs, got shape {Z.shape}")
        self.diagram.update(model.sizes, model.params)
        top = float(np.max(np.abs(Z))) if np.all(np.isfinite(Z)) else 0.0
        self.scale = top if top > 0 else 1.0
        self.image.set_data(Z / self.scale)
        hidden = len(model.sizes) - 2
        act = f", {model.activation}" if hidden else ""
        self.caption = (f"sizes {model.sizes}{act}: {model.n_params} parameters; "
                        f"largest |output| on the square {self.scale:.3g}")
        return self
