"""Every neuron of a playground network, drawn as TensorFlow Playground does (chapter 4.2).

Each unit is a small picture of its output over the plane: the input nodes
show the features (x₁, x₁², sin(x₂), ...), the hidden nodes what each hidden
unit computes from them, the output nodes the network's scores. The links
between two layers are the weights: blue for a positive weight, orange for a
negative one (Okabe–Ito), thicker for a larger ``|w|``. In a picture, blue is
a positive output and orange a negative one, each picture scaled by its own
largest ``|a|`` (white is 0).

:class:`NeuronView` is built once; :meth:`~NeuronView.update` changes its
artists in place and :meth:`~NeuronView.to_png` renders it fast: the labels
are drawn once (blitting, :class:`~dlcore.plots.blit.BlitFigure`), and all the
pictures are one image, so a frame draws one image and one set of lines.
"""

from __future__ import annotations

import numpy as np
from matplotlib.collections import LineCollection
from matplotlib.colors import to_rgb
from PIL import Image as PILImage

from dlcore.playground.neurons import NEURON_RESOLUTION, unit_maps
from dlcore.playground.names import display_name
from dlcore.plots.blit import BlitFigure, paste_image
from dlcore.plots.curves import _styled
from dlcore.plots.style import COLUMN_WIDTH, CSS_DPI, MUTED_COLOR, PNG, RETINA

__all__ = ["MAX_UNITS_SHOWN", "POSITIVE_COLOR", "NEGATIVE_COLOR", "NeuronView", "units_shown"]

#: Units drawn per layer; a wider layer shows its first ones and says "+56 more".
MAX_UNITS_SHOWN = 8
#: Colours of positive and negative weights and outputs (Okabe–Ito blue and
#: orange, as TensorFlow Playground).
POSITIVE_COLOR = "#0072B2"
NEGATIVE_COLOR = "#E69F00"
#: A unit's picture is this many inches wide on the page (26 CSS pixels).
NODE_INCHES = 0.26
#: Line widths (points) of the links: the thinnest and the one of the largest |w|.
LINK_WIDTHS = (0.25, 2.5)
_MAX_LAYERS = 6                 # inputs, up to 4 hidden layers, outputs
_POSITIVE = np.array(to_rgb(POSITIVE_COLOR))
_NEGATIVE = np.array(to_rgb(NEGATIVE_COLOR))
_FRAME = 0.6


def units_shown(n: int) -> tuple[int, str]:
    """How many of a layer's ``n`` units are drawn, and the note for the others
    (``(8, "+56 more")`` for 64 units, ``(5, "")`` for 5)."""
    shown = min(n, MAX_UNITS_SHOWN)
    return shown, (f"+{n - shown} more" if n > shown else "")


def _picture(a: np.ndarray) -> np.ndarray:
    """RGB ``(r, r, 3)`` of one unit's outputs ``a`` ``(r, r)``: white at 0, towards
    blue where positive and orange where negative, scaled by the largest ``|a|``."""
    a = np.nan_to_num(a, nan=0.0, posinf=0.0, neginf=0.0)
    top = np.abs(a).max()
    t = a / top if top > 0 else a
    color = np.where(t[..., None] >= 0, _POSITIVE, _NEGATIVE)
    return 1.0 - np.abs(t)[..., None] * (1.0 - color)


class NeuronView(BlitFigure):
    """The network of a :class:`~dlcore.playground.PlaygroundResult`, one picture per unit.

    ``NeuronView(result)`` builds the figure (``width`` x ``height`` inches,
    shown at :data:`~dlcore.plots.style.CSS_DPI`, rendered at ``dpi``);
    :meth:`update` shows another result (or the same model after more training)
    with the same artists; :meth:`to_png` renders it. ``resolution`` is the grid
    of every picture (:data:`~dlcore.playground.NEURON_RESOLUTION` points a side).

    Artists: ``image`` (all pictures, one image: a picture is ``resolution``
    pixels of it), ``links`` (one ``LineCollection``, a segment per drawn
    weight), ``layer_titles``, ``more_texts`` ("+56 more"), ``input_labels``,
    ``output_labels`` (lists of texts, the unused ones hidden). ``nodes`` is
    the drawn units per layer and ``n_links`` the drawn weights. ``ax``: draw
    into that axes of an existing figure instead (an animation's frame; it is
    then drawn by the figure's own ``savefig``).
    """

    @_styled
    def __init__(self, result=None, width: float = COLUMN_WIDTH, height: float = 3.2,
                 dpi: float = CSS_DPI * RETINA, resolution: int = NEURON_RESOLUTION, ax=None):
        super().__init__(width, height, dpi, fig=None if ax is None else ax.figure)
        self.resolution = r = int(resolution)
        self.ax = ax = self.fig.add_axes([0, 0, 1, 1]) if ax is None else ax
        box = ax.get_position()                       # ``ax``: a part of a larger figure
        width, height = self.fig.get_size_inches() * (box.width, box.height)
        self.css_width = int(round(width * CSS_DPI))
        # the axes' data units are the pictures' pixels: a unit's picture is r x r of them
        self.px_per_inch = r / NODE_INCHES
        self.size = (int(width * self.px_per_inch), int(height * self.px_per_inch))
        ax.set_axis_off()
        ax.set_xlim(0, self.size[0])
        ax.set_ylim(0, self.size[1])
        self.image = ax.imshow(np.ones((self.size[1], self.size[0], 3)), origin="lower",
                               extent=(0, self.size[0], 0, self.size[1]),
                               interpolation="nearest", aspect="auto", zorder=0)
        self.links = LineCollection([], capstyle="butt", zorder=1)
        ax.add_collection(self.links)
        self.image.set_animated(True)      # pasted by render (see paste_image), drawn by savefig
        self.animate(self.links)
        text = dict(fontsize=10, color="#222222")
        self.layer_titles = [ax.text(0, 0, "", ha="center", va="bottom", **text)
                             for _ in range(_MAX_LAYERS)]
        self.more_texts = [ax.text(0, 0, "", ha="center", va="top", fontsize=10,
                                   color=MUTED_COLOR) for _ in range(_MAX_LAYERS)]
        self.input_labels = [ax.text(0, 0, "", ha="right", va="center", **text)
                             for _ in range(MAX_UNITS_SHOWN)]
        self.output_labels = [ax.text(0, 0, "", ha="left", va="center", **text)
                              for _ in range(MAX_UNITS_SHOWN)]
        ax.text(4, self.size[1] - 4, "each unit's output over the plane: blue > 0, "
                "orange < 0; links: weights, width |w|",
                ha="left", va="top", fontsize=10, color=MUTED_COLOR)
        self.nodes: list[int] = []
        self.n_links = 0
        if result is not None:
            self.update(result)

    # ------------------------------------------------------------------ layout
    def _layout(self, sizes):
        """Lower-left corners ``(x, y)`` of the drawn units' pictures, per layer."""
        r = self.resolution
        width, height = self.size
        left, right = 3.2 * r, width - 3.4 * r        # room for the input and output labels
        middle = (0.8 * r + height - 1.8 * r) / 2      # between "+56 more" and the titles
        step = 1.2 * r
        corners = []
        for l, n in enumerate(sizes):
            shown, _ = units_shown(n)
            x = left + (right - left - r) * l / (len(sizes) - 1)
            top = middle + step * (shown - 1) / 2
            corners.append([(int(round(x)), int(round(top - i * step - r / 2)))
                            for i in range(shown)])
        return corners

    def _set_labels(self, sizes, corners, features, n_classes):
        r = self.resolution
        last = len(sizes) - 1
        for l, title in enumerate(self.layer_titles):
            if l >= len(sizes):
                title.set_visible(False)
                self.more_texts[l].set_visible(False)
                continue
            x = corners[l][0][0] + r / 2
            name = "inputs" if l == 0 else "outputs" if l == last else f"hidden {l}"
            title.set_text(name)
            title.set_position((x, corners[l][0][1] + r + 3))
            title.set_visible(True)
            more = units_shown(sizes[l])[1]
            self.more_texts[l].set_text(more)
            self.more_texts[l].set_position((x, corners[l][-1][1] - 3))
            self.more_texts[l].set_visible(bool(more))
        for labels, l, names, dx, ha in (
                (self.input_labels, 0, [display_name(f) for f in features], -4, "right"),
                (self.output_labels, last, [f"class {c}" for c in range(n_classes)], r + 4,
                 "left")):
            for i, label in enumerate(labels):
                if i >= len(corners[l]):
                    label.set_visible(False)
                    continue
                x, y = corners[l][i]
                label.set_text(names[i])
                label.set_position((x + dx, y + r / 2))
                label.set_visible(True)

    def render(self) -> None:
        """Draw into the canvas: the labels from the cache, the pictures pasted in
        (:func:`~dlcore.plots.blit.paste_image`), the links on top."""
        self.restore_background()
        paste_image(self.fig, self.ax, self.image.get_array(), resample=PILImage.NEAREST,
                    darken=True)
        self.ax.draw_artist(self.links)

    def _repr_png_(self):
        """A notebook shows the view itself, at :attr:`css_width`."""
        return PNG(self.to_png(colors=256), css_width=self.css_width)._repr_png_()

    # ------------------------------------------------------------------ update
    def update(self, result) -> "NeuronView":
        """Show ``result``'s model (every unit over ``result.data.bounds``; the
        inputs are ``result.config.features``): change the artists in place."""
        return self.show(result.model, result.data.bounds, result.config.features)

    def show(self, model, bounds, features) -> "NeuronView":
        """Show ``model`` (a dlcore MLP whose inputs are ``features``) over ``bounds``."""
        sizes = list(model.sizes)
        scene = (tuple(sizes), tuple(features))
        corners = self._layout(sizes)
        if scene != self.scene:
            self._set_labels(sizes, corners, features, sizes[-1])
            self.scene = scene
        r = self.resolution
        maps = unit_maps(model, bounds, features, r)
        canvas = np.ones((self.size[1], self.size[0], 3))
        for layer, corner in zip(maps, corners):
            for unit, (x, y) in enumerate(corner):
                canvas[y - 1:y + r + 1, x - 1:x + r + 1] = _FRAME    # a grey frame
                canvas[y:y + r, x:x + r] = _picture(layer[..., unit])
        self.image.set_data(canvas)

        segments, weights = [], []
        for l, dense in enumerate(model.dense):
            W = dense.W[:len(corners[l]), :len(corners[l + 1])]
            for i, (x0, y0) in enumerate(corners[l]):
                for j, (x1, y1) in enumerate(corners[l + 1]):
                    segments.append([(x0 + r, y0 + r / 2), (x1, y1 + r / 2)])
                    weights.append(W[i, j])
        w = np.nan_to_num(np.asarray(weights, dtype=float))
        top = np.abs(w).max() if len(w) else 0.0
        size = np.abs(w) / top if top > 0 else np.zeros_like(w)
        self.links.set_segments(segments)
        self.links.set_linewidths(LINK_WIDTHS[0] + (LINK_WIDTHS[1] - LINK_WIDTHS[0]) * size)
        self.links.set_colors(np.where(w[:, None] >= 0, _POSITIVE, _NEGATIVE))
        self.nodes = [len(c) for c in corners]
        self.n_links = len(segments)
        return self
