"""Drawing a fully connected network (chapter 2.1): nodes in columns, one edge per
weight, shaded by the weight's size and coloured by its sign.

``draw_network([2, 3, 1])`` draws on a new Axes (or the one given) and returns a
:class:`NetworkDiagram`, whose :meth:`~NetworkDiagram.update` redraws another
network in place (the widget of chapter 2.1 uses that).
"""

from __future__ import annotations

import numpy as np
from matplotlib.collections import LineCollection
from matplotlib.colors import to_rgba

from dlcore.plots.style import CSS_DPI, RETINA, figure_png, new_figure
from dlcore.plots.style import PALETTE

__all__ = ["NetworkDiagram", "draw_network", "network_layout", "edge_colors",
           "POSITIVE", "NEGATIVE"]

#: Edge colours: positive weights blue, negative vermillion (Okabe-Ito).
POSITIVE = PALETTE[4]
NEGATIVE = PALETTE[5]
_NODE_FACE = {"input": PALETTE[1], "hidden": "white", "output": PALETTE[0]}
_NODE_EDGE = "#333333"


def _sizes(sizes) -> list[int]:
    if isinstance(sizes, (str, bytes)) or not hasattr(sizes, "__len__"):
        raise TypeError(f"sizes: expected a list of layer sizes such as [2, 3, 1], got {sizes!r}")
    sizes = list(sizes)
    if len(sizes) < 2 or any(isinstance(s, bool) or not isinstance(s, (int, np.integer)) or s < 1
                             for s in sizes):
        raise ValueError(f"sizes: expected at least 2 positive integers, got {sizes}")
    return [int(s) for s in sizes]


def network_layout(sizes):
    """Node positions: layer l of L at x = l / L, its units spread evenly over
    y in [-0.5, 0.5] around y = 0 (so the frame is the same for every network).

    Returns ``(positions, segments)``: ``positions`` is a list with one
    ``(n_l, 2)`` array per layer, and ``segments`` is ``(E, 2, 2)``, one
    segment per weight, ordered layer by layer and, within layer l, as
    ``W_l.ravel()`` (row i = source unit i, column j = target unit j).
    """
    sizes = _sizes(sizes)
    spacing = 1.0 / max(max(sizes) - 1, 1)
    L = len(sizes) - 1
    positions = []
    for l, n in enumerate(sizes):
        y = (np.arange(n) - (n - 1) / 2) * spacing
        positions.append(np.column_stack([np.full(n, l / L), -y]))
    segments = []
    for a, b in zip(positions[:-1], positions[1:]):
        src = np.repeat(a, len(b), axis=0)
        dst = np.tile(b, (len(a), 1))
        segments.append(np.stack([src, dst], axis=1))
    return positions, np.concatenate(segments, axis=0)


def edge_colors(sizes, weights=None):
    """RGBA ``(E, 4)`` and line widths ``(E,)``, one per weight, in ``network_layout`` order.

    Without ``weights`` every edge is the same light grey. With ``weights`` (a list of
    the matrices W_l, shapes ``(n_{l-1}, n_l)``, or a model's ``params`` list
    ``[W1, b1, W2, b2, ...]``, whose biases are skipped), an edge is blue for a
    positive weight and vermillion for a negative one, and both its opacity and its
    width grow with |w| / max |w|.
    """
    sizes = _sizes(sizes)
    n_edges = sum(a * b for a, b in zip(sizes[:-1], sizes[1:]))
    if weights is None:
        return np.tile(to_rgba("0.55", 0.6), (n_edges, 1)), np.full(n_edges, 0.8)
    Ws = [np.asarray(w, dtype=float) for w in weights if np.ndim(w) == 2]
    expected = [(a, b) for a, b in zip(sizes[:-1], sizes[1:])]
    if [w.shape for w in Ws] != expected:
        raise ValueError(f"weights: expected matrices of shapes {expected} for sizes {sizes}, "
                         f"got {[w.shape for w in Ws]}")
    w = np.concatenate([W.ravel() for W in Ws])
    top = np.max(np.abs(w)) if w.size and np.all(np.isfinite(w)) else 0.0
    strength = np.abs(w) / top if top > 0 else np.zeros_like(w)
    rgba = np.where((w >= 0)[:, None], to_rgba(POSITIVE), to_rgba(NEGATIVE))
    rgba[:, 3] = 0.15 + 0.85 * strength
    return rgba, 0.4 + 2.6 * strength


class NetworkDiagram:
    """A network drawn on ``ax``: ``edges`` (a LineCollection), ``nodes`` (one
    scatter for all units) and ``labels`` (a text under each layer).
    ``update(sizes, weights)`` shows another network with the same artists."""

    def __init__(self, ax, sizes, weights=None, labels=True, node_size=None, own_figure=False):
        self.ax = ax
        self._own_figure = own_figure
        self.show_labels = labels
        self.node_size = node_size
        ax.set_axis_off()
        self.edges = LineCollection(np.zeros((1, 2, 2)), zorder=1, capstyle="round")
        ax.add_collection(self.edges)
        self.nodes = ax.scatter([0.0], [0.0], zorder=2, edgecolors=_NODE_EDGE, linewidths=1.0,
                                clip_on=False)
        self.labels = []
        self.update(sizes, weights)

    def _repr_png_(self):
        """A notebook shows the diagram when :func:`draw_network` made its figure."""
        return figure_png(self.ax.figure, CSS_DPI * RETINA) if self._own_figure else None

    def __repr__(self):
        return f"<NetworkDiagram of sizes {self.sizes}>"

    def update(self, sizes, weights=None) -> "NetworkDiagram":
        """Show the network ``sizes`` (with ``weights``, see :func:`edge_colors`)."""
        sizes = _sizes(sizes)
        self.sizes = sizes
        positions, segments = network_layout(sizes)
        rgba, widths = edge_colors(sizes, weights)
        widths = widths * min(1.0, 6.0 / max(sizes))     # thinner edges in a crowded diagram
        self.edges.set_segments(segments)
        self.edges.set_color(rgba)
        self.edges.set_linewidths(widths)
        xy = np.concatenate(positions)
        kinds = ["input"] + ["hidden"] * (len(sizes) - 2) + ["output"]
        face = [to_rgba(_NODE_FACE[k]) for k, n in zip(kinds, sizes) for _ in range(n)]
        self.nodes.set_offsets(xy)
        self.nodes.set_facecolors(face)
        biggest = max(sizes)
        size = self.node_size or float(np.clip(900.0 / biggest, 25.0, 260.0))
        self.nodes.set_sizes(np.full(len(xy), size))
        for text in self.labels:
            text.remove()
        self.labels = []
        if self.show_labels:
            short = len(sizes) > 4                          # "h1" instead of "hidden 1"
            for l, (n, kind) in enumerate(zip(sizes, kinds)):
                if short:
                    name = {"input": "in", "output": "out"}.get(kind, f"h{l}")
                else:
                    name = f"hidden {l}" if kind == "hidden" else kind
                self.labels.append(self.ax.text(l / (len(sizes) - 1), -0.62, f"{name}\n{n}",
                                                ha="center", va="top", fontsize=10))
        self.ax.set_xlim(-0.1, 1.1)
        self.ax.set_ylim(-0.94 if self.show_labels else -0.58, 0.58)
        return self


def draw_network(sizes, weights=None, ax=None, labels=True) -> NetworkDiagram:
    """Draw the fully connected network with layer ``sizes`` (inputs first).

    sizes:   ``[n_0, n_1, ..., n_L]``, e.g. ``[2, 3, 1]``
    weights: optional list of W_l ``(n_{l-1}, n_l)``, or a model's ``params``;
             edges are then shaded by |w| and coloured by sign (blue +, vermillion -)
    ax:      the Axes to draw on (default: a new figure, not managed by pyplot)
    labels:  write each layer's name and size under it

    Returns the :class:`NetworkDiagram` (its ``ax.figure`` is the figure).
    """
    own = ax is None
    if own:
        sizes = _sizes(sizes)
        fig = new_figure(min(1.2 + 1.3 * len(sizes), 7.0), 3.0, dpi=100)
        ax = fig.add_axes([0.01, 0.01, 0.98, 0.98])
    return NetworkDiagram(ax, sizes, weights, labels=labels, own_figure=own)
