"""The figure of chapter 3.1: one input point's forward pass, layer by layer.

Left, the network's output y_hat over a square of inputs with the chosen point
marked. Right, every array of the pass in the order it is computed (a_0 = x, z_1,
a_1, ..., z_L, a_L), each a small column heatmap with one cell per unit and its
value written in it. Arrays not yet reached (``step``) are left empty.

Each column's colour scale is fixed when the figure is made (the largest |value|
that array takes over the square), so a colour means the same for every point,
and an update only changes cell colours, numbers and the marker (blitted, see
:mod:`dlcore.plots.blit`).
"""

from __future__ import annotations

import numpy as np

from dlcore import forward_trace
from dlcore.plots.blit import BlitFigure
from dlcore.plots.style import MIN_FONT_SIZE

__all__ = ["ForwardTraceFigure", "TRACE_CMAP", "SURFACE_CMAP"]

#: Cell colours (diverging, colour-blind safe): negative purple, positive orange.
TRACE_CMAP = "PuOr_r"
#: The output surface (sequential, colour-blind safe).
SURFACE_CMAP = "cividis"


def _grid(extent, n_grid):
    x1 = np.linspace(extent[0], extent[1], n_grid)
    x2 = np.linspace(extent[2], extent[3], n_grid)
    return np.stack(np.meshgrid(x1, x2), axis=-1).reshape(-1, 2)


def _label(name: str) -> str:
    symbol, l = name.split("_")
    return "$x$" if name == "a_0" else f"${symbol}_{l}$"


class ForwardTraceFigure(BlitFigure):
    """``ForwardTraceFigure(model, x=(1, 2), step=None)``: the forward pass of ``model``
    (two inputs, see :func:`dlcore.forward_trace.trace`) at the point ``x``, showing
    the arrays up to ``step`` (0 .. 2L; ``None``: all of them).

    ``update(x, step)`` shows another point or step. Attributes: ``fig``, ``ax_surface``,
    ``marker``, ``columns`` (one Axes per array), ``images``, ``texts`` (one list of
    cell texts per array), ``scales`` (the colour limit of each array), ``trace``
    (the :class:`~dlcore.forward_trace.ForwardTrace` shown) and ``step``.
    """

    def __init__(self, model, x=(1.0, 2.0), step=None, extent=(-2.5, 2.5, -2.5, 2.5),
                 n_grid: int = 61, width: float = 7.0, height: float = 2.7, dpi: float = 100):
        if model.sizes[0] != 2:
            raise ValueError(f"model: expected a network with 2 inputs, got sizes {model.sizes}")
        super().__init__(width, height, dpi)
        # a copy: tracing sets the layers' caches, and the caller's model keeps its own
        self.model, self.extent = model.copy(), tuple(float(e) for e in extent)
        grid = forward_trace.trace(self.model, _grid(self.extent, n_grid))
        arrays = grid.arrays()
        self.scales = [max(float(np.max(np.abs(v))), 1e-12) for _, v in arrays]
        fig = self.fig

        self.ax_surface = ax = fig.add_axes([0.06, 0.15, 0.26, 0.26 * width / height])
        surface = grid.y_hat[:, 0].reshape(n_grid, n_grid)
        shown = ax.imshow(surface, origin="lower", extent=self.extent, cmap=SURFACE_CMAP,
                          interpolation="bilinear", aspect="equal")
        bar = fig.colorbar(shown, cax=fig.add_axes([0.335, 0.15, 0.012, 0.26 * width / height]))
        bar.ax.tick_params(labelsize=MIN_FONT_SIZE)
        ax.set_xlabel("$x_1$", labelpad=0)
        ax.set_ylabel("$x_2$", labelpad=-2)
        ax.set_title(r"output $\hat y$", fontsize=MIN_FONT_SIZE + 1)
        self.marker, = ax.plot([0], [0], "o", ms=9, color="white", markeredgecolor="black",
                               markeredgewidth=1.5)

        k = len(arrays)
        units = [v.shape[1] for _, v in arrays]
        left, right = 0.43, 0.99
        slot = (right - left) / k
        cell_h = min(0.66 / max(units), 0.17)
        cell_w = min(slot * 0.72, cell_h * height / width * 1.25)
        self.columns, self.images, self.texts = [], [], []
        for i, ((name, _), n) in enumerate(zip(arrays, units)):
            h = n * cell_h
            col = fig.add_axes([left + i * slot + (slot - cell_w) / 2, 0.5 - h / 2, cell_w, h])
            col.set_xticks([])
            col.set_yticks([])
            for spine in col.spines.values():
                spine.set_visible(True)
            col.set_title(_label(name), fontsize=MIN_FONT_SIZE + 2, pad=4)
            image = col.imshow(np.zeros((n, 1)), cmap=TRACE_CMAP, vmin=-self.scales[i],
                               vmax=self.scales[i], aspect="auto", interpolation="nearest")
            texts = [col.text(0, j, "", ha="center", va="center", fontsize=MIN_FONT_SIZE)
                     for j in range(n)]
            self.columns.append(col)
            self.images.append(image)
            self.texts.append(texts)
            self.animate(image, *texts)
            if i:
                layer = grid.layers[(i - 1) // 2]
                how = f"$W_{layer.l}, b_{layer.l}$" if i % 2 else layer.activation
                fig.text(left + i * slot, 0.5, "→", ha="center", va="center",
                         fontsize=MIN_FONT_SIZE)
                fig.text(left + i * slot, 0.5 - max(units) * cell_h / 2 - 0.06, how,
                         ha="center", va="top", fontsize=MIN_FONT_SIZE)
        self.animate(self.marker)
        self.update(x, step)

    def update(self, x, step=None) -> "ForwardTraceFigure":
        """Show the pass at point ``x`` (two numbers) up to ``step`` (None: to the end)."""
        x = np.asarray(x, dtype=float).reshape(1, 2)
        self.trace = forward_trace.trace(self.model, x)
        arrays = self.trace.arrays()
        self.step = len(arrays) - 1 if step is None else int(step)
        for i, (_, values) in enumerate(arrays):
            column = values[0]
            reached = i <= self.step
            self.images[i].set_data(column[:, None] if reached
                                    else np.full((len(column), 1), np.nan))
            for text, v in zip(self.texts[i], column):
                text.set_text(f"{v:.2f}" if reached else "")
                text.set_color("white" if abs(v) > 0.6 * self.scales[i] else "black")
        self.marker.set_data([x[0, 0]], [x[0, 1]])
        return self
