"""Drawing for the training playground (chapter 4.2), on plain matplotlib Figures.

Nothing here uses ``pyplot``: every function makes a
:class:`matplotlib.figure.Figure` with an Agg canvas (so nothing is left open
in pyplot's figure manager and a notebook shows a figure only when it is the
value of a cell). The results drawn come from :mod:`dlcore.playground`. Every
figure is drawn in the book's style (:mod:`dlcore.plots.style`): for the 7 in
(700 px) content column, text at least 10 pt, Okabe–Ito colours, outlined
points, misclassified points ringed in :data:`~dlcore.plots.style.ERROR_COLOR`.

- :class:`PlaygroundFigure`: the widget's one figure (decision regions with the
  data, loss and accuracy curves, the verdict); :meth:`~PlaygroundFigure.update`
  changes its artists in place and :meth:`~PlaygroundFigure.to_png` renders it
  (:meth:`~PlaygroundFigure.halves_png`: as two pictures, the regions and the curves).
- :func:`plot_comparison`: several runs overlaid (optimizers or activations).
- :func:`small_multiples`: activation x optimizer grid of final decision regions
  with each activation's loss curves.
- :func:`animate_regions` / :func:`regions_animation_html`: the decision
  regions forming over the epochs, as a matplotlib animation / ``to_jshtml``.
- the curves and :func:`~dlcore.plots.curves.plot_history` live in :mod:`dlcore.plots.curves`.
"""

from __future__ import annotations

import numpy as np

from matplotlib import animation, rc_context
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure
from matplotlib.ticker import FixedLocator, MaxNLocator
from PIL import Image as PILImage

from dlcore.playground.features import feature_map
from dlcore.playground.metrics import score_curves
from dlcore.playground.names import display_name
from dlcore.plots.curves import (  # noqa: F401  (plot_history: its old home)
    TRAIN_COLOR, VAL_COLOR, _epochs, _finite, _log_limits, _plain, _snapped_log_limits,
    _sticky_log_limits, _style_curve_axes, _styled, plot_history,
)
from dlcore.plots.blit import paste_image
from dlcore.plots.neuron_view import NeuronView
from dlcore.plots.animation import JSHTML, animation_html
from dlcore.plots.blit import Stamps
from dlcore.plots.style import (
    CLASS_COLORS, COLUMN_WIDTH, CSS_DPI, ERROR_COLOR, MUTED_COLOR, OK_COLOR, PNG, RC, RETINA,
    WARNING_COLOR, as_png, figure_pixels, figure_png, new_figure, pixels_png, point_style,
)

__all__ = [
    "CLASS_COLORS", "LEVEL_COLORS", "new_figure", "figure_png", "PNG", "as_png",
    "region_image", "value_colors", "value_limit", "NEGATIVE_COLOR", "POSITIVE_COLOR",
    "PlaygroundFigure", "plot_comparison", "small_multiples", "animate_regions",
    "regions_animation_html", "JSHTML",
]

#: Colour of the verdict text by level.
LEVEL_COLORS = {"ok": OK_COLOR, "warning": WARNING_COLOR, "error": ERROR_COLOR}
_LEVEL_ICONS = {"ok": "\u2713", "warning": "\u26a0", "error": "\u2717"}
#: One colour per optimizer in the comparison figures (Okabe–Ito).
_OPT_COLORS = {"gd": "#000000", "sgd": "#E69F00", "momentum": "#009E73", "rmsprop": "#CC79A7",
               "adam": "#0072B2"}
_RUN_COLORS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#000000", "#56B4E9", "#D55E00")
#: How strongly the decision regions are tinted (pale, so that the points stand out:
#: an orange point stays visible in the orange region).
REGION_STRENGTH = 0.4

_CLASS_RGB = np.array([to_rgb(c) for c in CLASS_COLORS])

#: Regression: the diverging scale of values, orange below 0, white at 0, blue
#: above (Okabe–Ito orange and blue: told apart with every colour vision).
NEGATIVE_COLOR, POSITIVE_COLOR = "#E69F00", "#0072B2"
#: How strongly the predicted values tint the plane (the points take full colour).
VALUE_STRENGTH = 0.75

# --------------------------------------------------------------------------- helpers

def region_image(probs: np.ndarray, strength: float = REGION_STRENGTH,
                 discrete: bool = False) -> np.ndarray:
    """RGB image ``(ny, nx, 3)`` of decision regions from class probabilities ``(ny, nx, k)``.

    Each pixel takes the colour of its most probable class, faded towards
    white as the model gets less sure: full colour (times ``strength``) at
    probability 1, white at chance level ``1/k``. So the boundaries, where
    the model hesitates, show as white bands. ``discrete``: every pixel in its
    class's colour (times ``strength``) however sure the model is: hard regions.
    """
    probs = np.asarray(probs, dtype=float)
    if probs.ndim != 3 or probs.shape[-1] < 2:
        raise ValueError(f"probs must have shape (ny, nx, k) with k >= 2; got {probs.shape}")
    k = probs.shape[-1]
    if k > len(CLASS_COLORS):
        raise ValueError(f"at most {len(CLASS_COLORS)} classes can be coloured; got {k}")
    labels = probs.argmax(axis=-1)
    if discrete:
        return 1.0 - strength * (1.0 - _CLASS_RGB[labels])
    conf = (probs.max(axis=-1) - 1.0 / k) / (1.0 - 1.0 / k)
    conf = np.clip(conf, 0.0, 1.0)[..., None] * strength
    return 1.0 - conf * (1.0 - _CLASS_RGB[labels])


def value_colors(values: np.ndarray, limit: float, strength: float = 1.0) -> np.ndarray:
    """RGB ``(..., 3)`` of real ``values`` on a diverging scale: white at 0, fully
    :data:`NEGATIVE_COLOR` at ``-limit`` and :data:`POSITIVE_COLOR` at ``+limit``
    (times ``strength``), the same beyond. NaN shows white."""
    t = np.clip(np.nan_to_num(np.asarray(values, dtype=float) / limit), -1.0, 1.0)[..., None]
    end = np.where(t < 0, np.array(to_rgb(NEGATIVE_COLOR)), np.array(to_rgb(POSITIVE_COLOR)))
    return 1.0 - np.abs(t) * strength * (1.0 - end)


def value_limit(data) -> float:
    """The fixed, symmetric colour limit of a regression data set: the largest
    ``|y|`` of its training and validation targets (1 if all are 0)."""
    ys = [data.y_train] + ([data.y_val] if data.has_val else [])
    top = max(float(np.max(np.abs(y))) for y in ys)
    return top if top > 0 else 1.0


def _regions_rgb(data, probs, discrete=False):
    """The regions panel's image: class regions, or the predicted values (regression).
    ``discrete``: hard class regions, or for regression only the sign of the value."""
    if data.task == "regression":
        limit = value_limit(data)
        values = np.sign(probs[..., 0]) * limit if discrete else probs[..., 0]
        return value_colors(values, limit, VALUE_STRENGTH)
    return region_image(probs, discrete=discrete)


def _point_colors(y, edge=None, data=None):
    if data is not None and data.task == "regression":
        return value_colors(y, value_limit(data))
    return _CLASS_RGB[np.asarray(y, dtype=int)]


def _misclassified(result, X, y):
    """The rows of ``X`` that ``result``'s model gets wrong (none for a diverged run
    or a regression)."""
    if X is None or not len(X) or result.diverged or result.data.task == "regression":
        return np.zeros((0, 2))
    try:
        with np.errstate(all="ignore"):
            inputs = feature_map(X, result.config.features)
            predicted = np.asarray(result.model.predict_classes(inputs))
    except (ValueError, TypeError, FloatingPointError):
        return np.zeros((0, 2))
    return np.asarray(X)[predicted != np.asarray(y)]


def _style_region_axes(ax):
    ax.set_xticks([])
    ax.set_yticks([])
    for s in ax.spines.values():
        s.set_visible(True)
        s.set_color("0.6")


# --------------------------------------------------------------------------- the widget's figure

_CLASS_LEGEND = "\u25cf train  \u25c6 validation  \u25cb misclassified"
_VALUE_LEGEND = "\u25cf train  \u25c6 validation  value: orange < 0 < blue"

class PlaygroundFigure:
    """The playground's single figure: regions + data, loss, accuracy, verdict.

    Build it once (optionally from a first result), then call
    :meth:`update` with each new :class:`~dlcore.playground.PlaygroundResult`:
    the same artists are reused (``set_data``, ``set_offsets``, ``set_ylim``)
    and :meth:`to_png` renders the result. ``width`` x ``height`` inches are
    shown as CSS pixels at :data:`~dlcore.plots.style.CSS_DPI` per inch (7 in: the
    content column); ``dpi`` is the PNG's resolution (default twice that: sharp on
    high-DPI screens). :attr:`css_width` is the width to show the PNG at.

    Two columns. The left holds the verdict, the settings and the decision regions,
    the right the loss and accuracy curves, and nothing crosses the line between them
    (:attr:`CUT`): :meth:`halves_png` cuts the picture there into two PNGs, which the
    widget shows side by side on a wide screen and one above the other on a phone,
    each at its own size, so that its 10 pt text stays readable.

    Speed. A fresh figure costs over 100 ms, and with matplotlib's text
    engine each text costs about a millisecond to draw, so redrawing ~30 tick
    labels and titles would take most of the budget. So the artists that
    change (regions, points, curves, verdict) are *animated*: :meth:`to_png`
    draws the still parts once, keeps that picture, and on later calls pastes
    it back and draws only the changing artists on top (blitting). The
    picture is redrawn only when an axis limit changes; the loss axis limits
    snap to half-decades so that this is rare. ``fig.savefig`` still draws
    everything.

    Display options, read by :meth:`update` (set them, then update again: nothing is
    retrained): ``show_val`` (True: the validation points are drawn, and ringed when
    misclassified) and ``discretize`` (True: hard class regions, see :func:`region_image`).

    Attributes (the artists that :meth:`update` changes): ``image`` (regions),
    ``train_points``, ``val_points``, ``wrong_points`` (rings around the points the
    model misclassifies), ``loss_lines`` and ``acc_lines`` (``[train, val]``),
    ``chance_line`` and ``chance_text`` (its label), ``diverged_line``, ``title`` (the
    settings), ``message`` (the verdict's headline), ``acc_text``.
    """

    show_val = True
    discretize = False
    #: Where the figure is cut into its two pictures (a fraction of its width).
    CUT = 0.5

    @_styled
    def __init__(self, result=None, width: float = COLUMN_WIDTH, height: float = 4.5,
                 dpi: float = CSS_DPI * RETINA):
        self.fig = fig = new_figure(width, height, dpi)
        self.css_width = int(round(width * CSS_DPI))
        # Two columns that nothing crosses, so that the picture can be cut at CUT into
        # two pictures (halves_png): side by side they are this figure; on a narrow
        # screen the widget stacks them, each shown at its own size (readable on a phone).
        # Left: the verdict, the settings (up to three lines) and the regions;
        # right: loss and accuracy.
        left = fig.add_gridspec(1, 1, left=0.012, right=self.CUT - 0.014,
                                top=1 - 1.22 / height, bottom=0.1 / height)
        # (right margin: half a "2000", the last epoch tick of the longest run)
        right = fig.add_gridspec(2, 1, left=self.CUT + 0.07, right=0.965, top=1 - 0.3 / height,
                                 bottom=0.45 / height, hspace=0.5)
        self.ax_regions = ax = fig.add_subplot(left[0, 0])
        self.ax_loss = fig.add_subplot(right[0, 0])
        self.ax_acc = fig.add_subplot(right[1, 0])

        _style_region_axes(ax)
        self.image = ax.imshow(np.ones((2, 2, 3)), origin="lower", extent=(-1, 1, -1, 1),
                               interpolation="bilinear", aspect="auto", zorder=0)
        # a dark outline thick enough that a point never vanishes in its own region
        self.train_points = ax.scatter(np.zeros(1), np.zeros(1), zorder=2,
                                       **point_style(22, linewidth=0.9))
        self.val_points = ax.scatter(np.zeros(1), np.zeros(1), marker="D", zorder=3,
                                     **point_style(20, linewidth=1.1))
        # a transparent face (not "none"): one colour for all, so Agg stamps one marker
        self.wrong_points = ax.scatter(np.zeros(1), np.zeros(1), s=90, facecolors=(0, 0, 0, 0),
                                       edgecolors=ERROR_COLOR, linewidths=1.6, zorder=4)
        ax.set_title(_CLASS_LEGEND, loc="left", pad=4, fontsize=10)

        _style_curve_axes(self.ax_loss, log=True)
        lt, = self.ax_loss.plot([1], [1], color=TRAIN_COLOR, lw=1.8, label="train")
        lv, = self.ax_loss.plot([1], [1], color=VAL_COLOR, lw=1.8, label="validation")
        self.loss_lines = [lt, lv]
        self.diverged_line = self.ax_loss.axvline(1, color=ERROR_COLOR, lw=1.4, ls="--",
                                                  visible=False)
        self.ax_loss.set_title("loss (log scale)", loc="left", pad=4, fontsize=10)
        self.ax_loss.legend(loc="lower left", fontsize=10, handlelength=1.4, borderaxespad=0.2)

        _style_curve_axes(self.ax_acc)
        self.ax_acc.yaxis.set_major_locator(FixedLocator([0, 0.5, 1.0]))
        at, = self.ax_acc.plot([1], [1], color=TRAIN_COLOR, lw=1.8, label="train")
        av, = self.ax_acc.plot([1], [1], color=VAL_COLOR, lw=1.8, label="validation")
        self.acc_lines = [at, av]
        self.chance_line = self.ax_acc.axhline(0.5, color=MUTED_COLOR, lw=1.0, ls=":")
        self.chance_text = self.ax_acc.text(1.0, 0.5, "", transform=self.ax_acc.get_yaxis_transform(),
                                            ha="right", va="top", fontsize=10, color=MUTED_COLOR)
        self.ax_acc.set_ylim(0, 1.03)
        self.acc_text = self.ax_acc.text(0, 1.06, "accuracy", transform=self.ax_acc.transAxes,
                                         fontsize=10, va="bottom")
        self.ax_acc.set_xlabel("epoch", labelpad=1)

        # the left column's texts, owned by an axes so that savefig draws them although
        # they are animated: the verdict, then the settings (up to three lines)
        self.message = ax.text(0.012, 1 - 0.2 / height, "", transform=fig.transFigure,
                               clip_on=False, fontsize=12, weight="bold", va="center")
        self.title = ax.text(0.012, 1 - 0.38 / height, "", transform=fig.transFigure,
                             clip_on=False, fontsize=10, color="#222222", va="top",
                             linespacing=1.3)
        self._animated = [self.image, self.train_points, self.val_points, self.wrong_points,
                          *self.loss_lines, self.diverged_line, self.chance_line, self.chance_text,
                          *self.acc_lines,
                          self.acc_text, self.title, self.message]
        for artist in self._animated:
            artist.set_animated(True)
        self._background = None
        self._background_key = None
        self._stamps = Stamps(fig)
        if result is not None:
            self.update(result)

    def update(self, result, epochs_done: int | None = None) -> "PlaygroundFigure":
        """Show ``result``: change the artists in place (no new artists).

        ``epochs_done`` marks a run still in progress (the headline then says so).
        """
        cfg, data, grid, h = result.config, result.data, result.grid, result.history
        regression = data.task == "regression"
        self.image.set_data(_regions_rgb(data, grid.probs, discrete=self.discretize))
        self.image.set_extent(grid.extent)
        ax = self.ax_regions
        ax.set_xlim(grid.extent[0], grid.extent[1])
        ax.set_ylim(grid.extent[2], grid.extent[3])
        self.train_points.set_offsets(data.X_train)
        self.train_points.set_facecolor(_point_colors(data.y_train, data=data))
        wrong = [_misclassified(result, data.X_train, data.y_train)]
        if self.show_val and data.X_val is not None and len(data.X_val):
            self.val_points.set_offsets(data.X_val)
            self.val_points.set_facecolor(_point_colors(data.y_val, data=data))
            self.val_points.set_visible(True)
            wrong.append(_misclassified(result, data.X_val, data.y_val))
        else:
            self.val_points.set_visible(False)
        wrong = np.concatenate(wrong)
        self.wrong_points.set_offsets(wrong if len(wrong) else np.zeros((0, 2)))
        self.wrong_points.set_visible(len(wrong) > 0)

        x_max = max(cfg.epochs, 2)
        for line, values in zip(self.loss_lines, (h.loss, h.val_loss)):
            v = np.asarray(values, dtype=float)
            line.set_data(_epochs(v), np.where(np.isfinite(v), v, np.nan))
            line.set_visible(len(v) > 0)
        self.ax_loss.set_xlim(0, x_max)
        self.ax_loss.set_ylim(*_sticky_log_limits(self.ax_loss.get_ylim(), h.loss, h.val_loss))
        if h.diverged_at is not None:
            self.diverged_line.set_xdata([h.diverged_at, h.diverged_at])
            self.diverged_line.set_visible(True)
        else:
            self.diverged_line.set_visible(False)

        name, train, val = score_curves(data, h)
        for line, values in zip(self.acc_lines, (train, val)):
            line.set_data(_epochs(values), np.asarray(values, dtype=float))
            line.set_visible(len(values) > 0)
        self.ax_acc.set_xlim(0, x_max)
        if regression:      # R² on its own 0..1 axis; 0: no better than the mean
            self.chance_line.set_visible(False)
            self.chance_text.set_visible(False)
            text = (f"R²: train {train[-1]:.2f}" if train else "R²")
            text += f", val {val[-1]:.2f}" if val else ""
        else:
            chance = 1.0 / data.n_classes
            self.chance_line.set_ydata([chance, chance])
            self.chance_line.set_visible(True)
            self.chance_text.set_position((1.0, chance))
            self.chance_text.set_text(f"chance {chance:.0%}")
            self.chance_text.set_visible(True)
            text = f"accuracy: train {train[-1]:.0%}" if train else "accuracy"
            text += f", val {val[-1]:.0%}" if val else ""
        self.acc_text.set_text(text)
        legend = (_VALUE_LEGEND if regression else _CLASS_LEGEND)
        if ax.get_title(loc="left") != legend:
            ax.set_title(legend, loc="left", pad=4, fontsize=10)   # a still part: redrawn once

        self.title.set_text(_config_title(cfg))
        level = result.level if epochs_done is None else "running"
        icon = _LEVEL_ICONS.get(level, "")
        self.message.set_text(f"{icon} {result.headline}".strip())
        self.message.set_color(LEVEL_COLORS.get(level, MUTED_COLOR))
        return self

    def _key(self):
        return (self.ax_loss.get_xlim(), self.ax_loss.get_ylim(), self.ax_acc.get_xlim(),
                self.ax_regions.get_title(loc="left"),
                self.fig.get_size_inches().tobytes(), self.fig.dpi)

    def render(self) -> None:
        """Draw the figure into its canvas: still parts from the cache, changing ones fresh.

        The decision regions are the largest artist: rather than matplotlib's image
        resampling they are scaled with PIL (bilinear, as ``imshow`` draws them) and
        pasted into the canvas, then the axes frame is drawn over them again."""
        canvas = self.fig.canvas
        key = self._key()
        if self._background is None or key != self._background_key:
            with rc_context(RC):
                canvas.draw()                  # everything but the animated artists
            self._background = canvas.copy_from_bbox(self.fig.bbox)
            self._background_key = key
        else:
            canvas.restore_region(self._background)
        if self.image.get_visible():
            self._paste_regions()
        stamped = (self.train_points, self.val_points, self.title, self.message, self.acc_text,
                   self.chance_text)
        for artist in self._animated:
            if artist is self.image or not artist.get_visible():
                continue
            if any(artist is a for a in stamped):
                self._stamps.draw(artist)     # their last pixels while they look the same
            else:
                artist.axes.draw_artist(artist)

    def _paste_regions(self):
        ax = self.ax_regions
        paste_image(self.fig, ax, np.asarray(self.image.get_array(), dtype=float))
        for spine in ax.spines.values():
            ax.draw_artist(spine)

    def _repr_png_(self):
        """A notebook shows the figure itself, at :attr:`css_width`."""
        return PNG(self.to_png(), css_width=self.css_width)._repr_png_()

    def to_png(self, compress_level: int = 1, dpi: float | None = None,
               colors: int | None = None) -> bytes:
        """The figure as PNG bytes (see the class docstring for how it is drawn fast).

        ``dpi`` other than the figure's: a full draw at that resolution (slow; for a
        one-off sharper picture, e.g. the snapshot an HTML page keeps). ``colors``: a
        palette PNG of at most that many colours (256 looks the same, encodes in half
        the time and is a third of the size: what the live widget sends)."""
        return pixels_png(self._pixels(dpi), colors=colors, compress_level=compress_level)

    def _pixels(self, dpi: float | None = None) -> np.ndarray:
        """The figure's ``(h, w, 4)`` RGBA pixels: blitted (:meth:`render`), or at another
        ``dpi`` drawn in full."""
        if dpi is not None and dpi != self.fig.dpi:
            with rc_context(RC):
                return figure_pixels(self.fig, dpi)
        self.render()
        return np.asarray(self.fig.canvas.buffer_rgba())

    def cut_column(self, pixel_width: int) -> int:
        """The pixel column where a picture ``pixel_width`` wide is cut (:attr:`CUT`)."""
        return int(round(self.CUT * pixel_width))

    def halves_png(self, compress_level: int = 1, dpi: float | None = None,
                   colors: int | None = None) -> tuple[bytes, bytes]:
        """The figure as two PNGs, cut at :attr:`CUT`: the regions (left) and the curves
        (right); the arguments are :meth:`to_png`'s. Side by side they are :meth:`to_png`'s
        picture; the widget shows them in a row that wraps on a narrow screen."""
        pixels = self._pixels(dpi)
        cut = self.cut_column(pixels.shape[1])
        return (pixels_png(pixels[:, :cut], colors=colors, compress_level=compress_level),
                pixels_png(pixels[:, cut:], colors=colors, compress_level=compress_level))


def _arch(cfg) -> str:
    """``2x16 ReLU`` (equal widths) or ``8-16-4 ReLU``: the hidden layers' widths
    and their activation."""
    w = cfg.widths
    shape = f"{len(w)}x{w[0]}" if len(set(w)) == 1 else "-".join(map(str, w))
    return f"{shape} {display_name(cfg.activation)}"


def _config_title(cfg) -> str:
    """The settings in two or three short lines (the left column is 3.5 in wide):
    ``spirals (3 classes) | 2x16 ReLU``, ``CE | Adam lr 0.02, batch 32``, and the
    penalties if any (``L2 0.001, L1 0.0001``)."""
    data = cfg.dataset + (f" ({cfg.classes} classes)" if cfg.dataset in ("spirals", "blobs") else "")
    if cfg.dataset == "custom":
        data = "your data"
    arch = "no hidden layer (linear)" if cfg.hidden_layers == 0 else _arch(cfg)
    batch = cfg.effective_batch_size
    loss = "CE" if cfg.loss == "cross_entropy" else "MSE"
    train = f"{loss}  |  {display_name(cfg.optimizer)} lr {cfg.lr:.3g}, batch {'all' if batch is None else batch}"
    penalties = ", ".join(f"{name} {value:g}" for name, value in
                          (("L2", cfg.weight_decay), ("L1", cfg.l1)) if value)
    return "\n".join(line for line in (f"{data}  |  {arch}", train, penalties) if line)


# --------------------------------------------------------------------------- comparisons

def _label(key, result, vary):
    if vary == "optimizer":
        return f"{display_name(key)} (lr {result.config.lr:g})"
    return display_name(key)


@_styled
def plot_comparison(results: dict, vary: str | None = None, title: str | None = None,
                    width: float = COLUMN_WIDTH, dpi: float = CSS_DPI) -> Figure:
    """Overlay several runs: a thumbnail of each run's decision regions, then the
    training loss (log) and the validation accuracy (training accuracy when
    there is no validation set) of all runs on shared axes.

    ``results`` is ``{name: PlaygroundResult}`` as returned by
    :func:`~dlcore.playground.compare_optimizers` or
    :func:`~dlcore.playground.compare_activations`; ``vary`` (``"optimizer"``
    or ``"activation"``, guessed from the keys when None) only changes labels.
    ``width`` is in inches (shown at 100 px per inch: 7 fills the column).
    """
    if not results:
        raise ValueError("results must hold at least one run; got none")
    names = list(results)
    if vary is None:
        vary = "optimizer" if names[0] in ("gd", "sgd", "momentum", "rmsprop", "adam") else "activation"
    n = len(names)
    thumb = min(1.5, 0.9 * (width - 0.2) / n)          # thumbnail side, inches
    head_in, titles_in, gap_in, curves_in, foot_in = 0.45, 0.62, 0.55, 2.3, 0.55
    height = head_in + titles_in + thumb + gap_in + curves_in + foot_in
    fig = new_figure(width, height, dpi)
    thumbs_top = 1 - (head_in + titles_in) / height
    thumbs_bottom = thumbs_top - thumb / height
    gs = fig.add_gridspec(1, n, left=0.1 / width, right=1 - 0.1 / width, top=thumbs_top,
                          bottom=thumbs_bottom, wspace=0.1 * n / max(n - 1, 1))
    gs_c = fig.add_gridspec(1, 2, left=0.7 / width, right=1 - 0.15 / width,
                            top=thumbs_bottom - gap_in / height, bottom=foot_in / height,
                            wspace=0.3)
    colors = [_OPT_COLORS.get(name, _RUN_COLORS[i % len(_RUN_COLORS)]) if vary == "optimizer"
              else _RUN_COLORS[i % len(_RUN_COLORS)] for i, name in enumerate(names)]
    ax_loss = fig.add_subplot(gs_c[0, 0])
    ax_acc = fig.add_subplot(gs_c[0, 1])
    for i, name in enumerate(names):
        res = results[name]
        ax = fig.add_subplot(gs[0, i])
        _draw_regions(ax, res, s=10)
        metric, train, val = score_curves(res.data, res.history)
        acc = val or train
        txt = "diverged" if res.diverged else (_score_text(metric, acc[-1]) if acc else "")
        if vary == "optimizer":
            txt = f"lr {res.config.lr:g}, {txt}"
        ax.set_title(f"{display_name(name)}\n{txt}", fontsize=10, pad=3, color=colors[i], weight="bold")
        h = res.history
        loss = np.where(np.isfinite(h.loss), h.loss, np.nan)
        ax_loss.plot(_epochs(loss), loss, color=colors[i], lw=1.8, label=_label(name, res, vary))
        if h.diverged_at is not None:
            ax_loss.plot([h.diverged_at], [np.nanmax(loss) if np.isfinite(loss).any() else 1],
                         marker="x", color=colors[i], ms=9, mew=2)
        ax_acc.plot(_epochs(acc), acc, color=colors[i], lw=1.8)
    _style_curve_axes(ax_loss, log=True)
    ax_loss.set_ylim(*_log_limits(*[results[k].history.loss for k in names]))
    ax_loss.set_title("training loss (log; \u00d7 diverged)", fontsize=10, loc="left")
    ax_loss.set_xlabel("epoch")
    _style_curve_axes(ax_acc)
    ax_acc.set_ylim(0, 1.03)
    first = results[names[0]]
    metric, _, val = score_curves(first.data, first.history)
    which = "validation" if val else "training"
    ax_acc.set_title(f"{which} {metric} (colours as above)", fontsize=10, loc="left")
    ax_acc.set_xlabel("epoch")
    if title is None:
        cfg = first.config
        title = (f"Comparing {vary}s on {cfg.dataset}: same data"
                 + (", same initial weights" if vary == "optimizer" else ", same seed"))
    fig.suptitle(title, fontsize=11, x=0.1 / width, y=1 - 0.12 / height, ha="left", va="top")
    return fig


def _score_text(metric, value) -> str:
    if metric == "accuracy":
        return f"{value:.0%}"
    return "R² < -1" if value < -1 else f"R² {value:.2f}"     # far below: a diverging run


def _draw_regions(ax, result, s=14, wrong=True):
    grid, data = result.grid, result.data
    ax.imshow(_regions_rgb(data, grid.probs), origin="lower", extent=grid.extent,
              interpolation="bilinear", aspect="auto")
    ax.scatter(data.X_train[:, 0], data.X_train[:, 1], c=_point_colors(data.y_train, data=data),
               **point_style(s, linewidth=0.4))
    if wrong:
        bad = _misclassified(result, data.X_train, data.y_train)
        if len(bad):
            ax.scatter(bad[:, 0], bad[:, 1], s=3.2 * s, facecolors="none", edgecolors=ERROR_COLOR,
                       linewidths=1.0)
    ax.set_xlim(grid.extent[0], grid.extent[1])
    ax.set_ylim(grid.extent[2], grid.extent[3])
    _style_region_axes(ax)


@_styled
def small_multiples(results: dict, dpi: float = CSS_DPI, cell: float | None = None) -> Figure:
    """Activation x optimizer grid: final decision regions, and each row's loss curves.

    ``results`` is ``{(activation, optimizer): PlaygroundResult}`` from
    :func:`~dlcore.playground.compare_grid`. Row = activation, column =
    optimizer; each panel's title gives the validation accuracy (or
    "diverged", in the error colour). Below the grid, one panel per activation
    overlays its training-loss curves, one colour per optimizer, on the same log
    scale. ``cell`` is a panel's side in inches (default: the grid fills the
    7 in column).
    """
    if not results:
        raise ValueError("results must hold at least one run; got none")
    acts = list(dict.fromkeys(a for a, _ in results))
    opts = list(dict.fromkeys(o for _, o in results))
    colors = {o: _OPT_COLORS.get(o, _RUN_COLORS[i % len(_RUN_COLORS)]) for i, o in enumerate(opts)}
    nr, nc = len(acts), len(opts)
    left_in, right_in = 0.75, 0.1
    if cell is None:
        cell = min(1.45, (COLUMN_WIDTH - left_in - right_in) / (nc + 0.12 * (nc - 1)))
    width = left_in + right_in + cell * (nc + 0.12 * (nc - 1))
    head_in, row_in, curves_in = 1.05, cell * 1.22, 2.6
    height = head_in + nr * row_in + curves_in
    fig = new_figure(width, height, dpi)
    grid_top = 1 - head_in / height
    grid_bottom = 1 - (head_in + nr * row_in) / height
    gs = fig.add_gridspec(nr, nc, left=left_in / width, right=1 - right_in / width, top=grid_top,
                          bottom=grid_bottom, wspace=0.12, hspace=0.22)
    gs_l = fig.add_gridspec(1, nr, left=left_in / width, right=1 - right_in / width,
                            top=grid_bottom - 0.5 / height, bottom=0.95 / height, wspace=0.3)
    ylim = _log_limits(*[r.history.loss for r in results.values()])
    handles = {}
    loss_axes = [fig.add_subplot(gs_l[0, i]) for i in range(nr)]
    for i, act in enumerate(acts):
        ax_l = loss_axes[i]
        for j, opt in enumerate(opts):
            res = results.get((act, opt))
            ax = fig.add_subplot(gs[i, j])
            if res is None:
                ax.set_axis_off()
                continue
            _draw_regions(ax, res, s=6, wrong=False)
            metric, train, val = score_curves(res.data, res.history)
            acc = val or train
            txt = "diverged" if res.diverged else _score_text(metric, acc[-1])
            ax.set_title(txt, fontsize=10, pad=2, weight="bold" if res.diverged else "normal",
                         color=ERROR_COLOR if res.diverged else "#222222")
            if i == 0:
                ax.text(0.5, 1.25, f"{display_name(opt)}\nlr {res.config.lr:g}", transform=ax.transAxes,
                        ha="center", va="bottom", fontsize=10, color=colors[opt], weight="bold")
            if j == 0:
                ax.set_ylabel(display_name(act), fontsize=11, weight="bold")
            loss = np.where(np.isfinite(res.history.loss), res.history.loss, np.nan)
            (line,) = ax_l.plot(_epochs(loss), loss, color=colors[opt], lw=1.5)
            handles[opt] = line
        _style_curve_axes(ax_l, log=True)
        ax_l.xaxis.set_major_locator(MaxNLocator(2, integer=True))
        ax_l.set_ylim(*ylim)
        if i:
            ax_l.tick_params(labelleft=False)
        ax_l.set_title(display_name(act), fontsize=10, pad=3)
        ax_l.set_xlabel("epoch", labelpad=1)
    loss_axes[0].set_ylabel("training loss")
    fig.legend([handles[o] for o in opts if o in handles], [display_name(o) for o in opts if o in handles],
               loc="lower left", ncol=len(opts), fontsize=10, handlelength=1.2,
               columnspacing=1.0, bbox_to_anchor=(left_in / width - 0.01, 0.0))
    first = next(iter(results.values())).config
    fig.text(0.01, 1 - 0.1 / height, f"Final decision regions ({first.dataset}, "
             f"{_arch(first)}, {first.epochs} epochs); "
             f"title: validation {score_curves(*next((r.data, r.history) for r in results.values()))[0]}",
             fontsize=10, va="top")
    return fig


# --------------------------------------------------------------------------- animation


@_styled
def animate_regions(result, interval: int = 150, dpi: float = CSS_DPI) -> animation.FuncAnimation:
    """Animate ``result.frames`` (recorded with ``run(..., record_every=k)``):
    the decision regions over the epochs, with the loss curve growing beside them,
    and below them every unit of the network (:class:`~dlcore.plots.neuron_view.NeuronView`)
    at the same epochs. The figure is 7 x 6.6 in (the content column)."""
    frames = list(result.frames)
    if not frames:
        raise ValueError("result has no frames: train with run(config, record_every=k) to record them")
    if len(result.frame_params) != len(frames):
        raise ValueError("result.frame_params: expected the weights of every frame "
                         "(run(config, record_every=k) records them)")
    data, grid, h = result.data, result.grid, result.history
    top, bottom = 3.4, 3.2                       # inches: regions and loss, the neuron view
    fig = new_figure(COLUMN_WIDTH, top + bottom, dpi)

    def upper(x, y, w, height):                  # a rectangle of the top part, in figure fractions
        return [x, (bottom + y * top) / (top + bottom), w, height * top / (top + bottom)]

    ax = fig.add_axes(upper(0.01, 0.03, 0.42, 0.84))
    ax_l = fig.add_axes(upper(0.56, 0.16, 0.42, 0.71))
    neurons = NeuronView(ax=fig.add_axes([0, 0, 1, bottom / (top + bottom)]))
    model = result.model.copy()
    _style_region_axes(ax)
    image = ax.imshow(_regions_rgb(data, frames[0][1]), origin="lower", extent=grid.extent,
                      interpolation="bilinear", aspect="auto")
    ax.scatter(data.X_train[:, 0], data.X_train[:, 1], c=_point_colors(data.y_train, data=data),
               **point_style(16, linewidth=0.5))
    ax.set_xlim(grid.extent[0], grid.extent[1])
    ax.set_ylim(grid.extent[2], grid.extent[3])
    title = ax.set_title("", fontsize=11, loc="left", pad=4)
    loss = np.where(np.isfinite(h.loss), h.loss, np.nan)
    _style_curve_axes(ax_l, log=True)
    ax_l.plot(_epochs(loss), loss, color="0.78", lw=1.5)
    (done,) = ax_l.plot([], [], color=TRAIN_COLOR, lw=2.0)
    (dot,) = ax_l.plot([], [], "o", color=TRAIN_COLOR, ms=5)
    ax_l.set_xlim(0, max(result.config.epochs, 2))
    ax_l.set_ylim(*_log_limits(h.loss))
    ax_l.set_title("training loss (grey: the whole run)", fontsize=11, loc="left", pad=4)
    ax_l.set_xlabel("epoch")

    def draw(i):
        epoch, probs = frames[i]
        for p, value in zip(model.params, result.frame_params[i]):
            p[...] = value
        neurons.show(model, data.bounds, result.config.features)
        image.set_data(_regions_rgb(data, probs))
        title.set_text(f"epoch {epoch}")
        n = min(epoch, len(loss))
        done.set_data(_epochs(loss[:n]), loss[:n])
        dot.set_data(([n], [loss[n - 1]]) if n else ([], []))
        return image, title, done, dot, neurons.image, neurons.links

    draw(0)
    return animation.FuncAnimation(fig, draw, frames=len(frames), interval=interval, blit=False,
                                   repeat=False)


def regions_animation_html(result, interval: int = 150, dpi: float | None = None,
                           default_mode: str = "once", frame_format: str = "png",
                           colors: int = 96) -> JSHTML:
    """The animation of :func:`animate_regions` as self-contained HTML with a
    player (``to_jshtml``): a notebook cell whose value this is shows it, and so
    does the HTML book. Frames are embedded as ``frame_format`` images at ``dpi``
    pixels per inch (default twice the page's 100 px per inch: sharp on high-DPI
    screens) and shown 700 px wide. PNG frames are palette images of ``colors``
    colours (96: about 50 kB a frame, indistinguishable from full colour for
    these pale regions); ``"jpeg"`` is accepted too."""
    if frame_format not in ("png", "jpeg"):
        raise ValueError(f"frame_format must be 'png' or 'jpeg'; got {frame_format!r}")
    if isinstance(colors, bool) or not isinstance(colors, int) or not 2 <= colors <= 256:
        raise ValueError(f"colors: expected an int from 2 to 256, got {colors!r}")
    anim = animate_regions(result, interval=interval)
    return animation_html(anim, interval=interval, dpi=dpi, colors=colors,
                          default_mode=default_mode, frame_format=frame_format,
                          alt="decision regions over the epochs")
