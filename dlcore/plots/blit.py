"""Fast redraws for the widgets' figures (chapter 2's widgets use it).

Drawing a whole matplotlib figure costs a millisecond or more per piece of text
(tick labels, titles), which would use up a widget's 100 ms budget. A
:class:`BlitFigure` draws the parts that never change (axes, ticks, labels) once,
keeps that picture, and for each new frame pastes it back and draws only the
artists that change (those passed to :meth:`~BlitFigure.animate`): blitting.
The cached picture is redrawn when an axis limit or the figure size changes; the
last ``cache_size`` pictures are kept, one per set of axis limits, so a widget that
cycles through a few ranges pays for each range's picture once.
``fig.savefig`` still draws everything, so a saved figure is always complete.

:class:`Stamps` goes one step further for artists that often stay the same from
frame to frame although they are drawn on every frame (texts, scatters of the
same points over new decision regions): it keeps the pixels each drew and pastes
them again while the artist looks the same.
"""

from __future__ import annotations

from collections import OrderedDict

import numpy as np
from matplotlib.backends.backend_agg import RendererAgg
from matplotlib.collections import Collection
from matplotlib.text import Text
from PIL import Image as PILImage

from dlcore.plots.style import figure_png, new_figure

__all__ = ["BlitFigure", "Stamps", "paste_image"]


def paste_image(fig, ax, rgb, resample=PILImage.BILINEAR, darken: bool = False) -> None:
    """Paint ``rgb`` ``(ny, nx, 3)`` floats in [0, 1] (row 0 at the bottom, as
    ``imshow(origin="lower")``) over the whole of ``ax`` in ``fig``'s Agg canvas.

    The fast path of an ``imshow`` that fills its axes: scaled with PIL
    (``resample``: bilinear or nearest, as ``imshow`` draws them) instead of
    matplotlib's image resampling, which takes tens of milliseconds. ``darken``:
    keep the darker of the canvas and the image in every pixel (what is drawn
    on the white parts of the image, such as labels, stays)."""
    buf = np.asarray(fig.canvas.buffer_rgba())
    height = buf.shape[0]
    box = ax.get_window_extent()
    x0, x1 = int(round(box.x0)), int(round(box.x1))
    y0, y1 = height - int(round(box.y1)), height - int(round(box.y0))
    pixels = (np.clip(rgb[::-1], 0.0, 1.0) * 255 + 0.5).astype(np.uint8)
    scaled = PILImage.fromarray(pixels, "RGB").resize((x1 - x0, y1 - y0), resample)
    scaled = np.asarray(scaled)
    buf[y0:y1, x0:x1, :3] = np.minimum(buf[y0:y1, x0:x1, :3], scaled) if darken else scaled
    buf[y0:y1, x0:x1, 3] = 255


def _look(artist):
    """Everything that decides the pixels ``artist`` draws (a text or a collection),
    as a hashable key; None for any other artist (not stamped)."""
    ax = artist.axes
    where = (tuple(ax.viewLim.bounds), tuple(ax.bbox.bounds)) if ax is not None else ()
    if isinstance(artist, Text):
        return ("text", artist.get_text(), str(artist.get_color()), artist.get_position(),
                artist.get_fontsize(), str(artist.get_fontweight()), artist.get_ha(),
                artist.get_va(), where)
    if isinstance(artist, Collection):
        artist.update_scalarmappable()          # colours from a colormap are set now
        arrays = (artist.get_offsets(), artist.get_facecolor(), artist.get_edgecolor(),
                  artist.get_sizes(), artist.get_linewidths(),
                  *(path.vertices for path in artist.get_paths()))
        return ("collection", *(np.asarray(a).tobytes() for a in arrays), where)
    return None


class Stamps:
    """The pixels that artists of ``fig`` drew, pasted again while they look the same.

    Matplotlib draws text glyph by glyph (about 0.2 ms a glyph) and a scatter with a
    colour per point marker by marker; a frame of a widget often shows the same
    texts and points as the last. :meth:`draw` draws an artist onto ``fig``'s canvas:
    the first time (or after any change of its look: text, colour, position, points,
    axis limits) by drawing it alone onto a transparent canvas and keeping the
    pixels it covered, their colours and opacities; later from those. The last
    ``size`` stamps are kept. The result is the picture matplotlib draws (up to
    rounding), the artist composited over what is already on the canvas.
    """

    def __init__(self, fig, size: int = 32):
        self.fig = fig
        self.size = size
        self._stamps = OrderedDict()
        self._renderer = None

    def draw(self, artist) -> None:
        """Draw ``artist`` onto the canvas, from its stamp when it has one."""
        look = _look(artist)
        if look is None:
            artist.axes.draw_artist(artist) if artist.axes else self.fig.draw_artist(artist)
            return
        canvas = self.fig.canvas
        key = (id(artist), canvas.get_width_height(), look)
        stamp = self._stamps.get(key)
        if stamp is None:
            stamp = self._stamps[key] = self._stamp(artist)
            while len(self._stamps) > self.size:
                self._stamps.popitem(last=False)
        else:
            self._stamps.move_to_end(key)
        where, over, clear = stamp              # out = (over + under * clear) / 255
        pixels = np.asarray(canvas.buffer_rgba()).reshape(-1)
        under = pixels.take(where).astype(np.uint32)
        under *= clear
        under += over
        under += 127                            # round to nearest
        under //= 255
        pixels.put(where, under.astype(np.uint8))

    def _stamp(self, artist):
        """``(where, over, clear)``: the flat indices of the colour bytes (R, G, B) of
        the pixels ``artist`` covers, each byte's colour times its pixel's opacity
        alpha (0 to 255) and ``255 - alpha`` (uint32: the compositing "over")."""
        width, height = self.fig.canvas.get_width_height()
        r = self._renderer
        if r is None or (r.width, r.height) != (width, height) or r.dpi != self.fig.dpi:
            r = self._renderer = RendererAgg(width, height, self.fig.dpi)
        r.clear()                               # transparent
        artist.draw(r)
        # look only inside the artist's box (a collection: its axes), a few pixels wider
        box = artist.axes.bbox if isinstance(artist, Collection) else artist.get_window_extent(r)
        x0, x1 = max(int(box.x0) - 3, 0), min(int(np.ceil(box.x1)) + 3, width)
        y0, y1 = max(height - int(np.ceil(box.y1)) - 3, 0), min(height - int(box.y0) + 3, height)
        pixels = np.asarray(r.buffer_rgba())
        rows, cols = np.nonzero(pixels[y0:y1, x0:x1, 3])
        covered = (rows + y0) * width + cols + x0
        rgba = pixels.reshape(-1, 4)[covered].astype(np.uint32)
        where = (4 * covered[:, None] + np.arange(3)).ravel()
        alpha = np.repeat(rgba[:, 3], 3)
        return where, rgba[:, :3].ravel() * alpha, 255 - alpha


class BlitFigure:
    """A figure (``fig``, Agg, not managed by pyplot) whose changing artists are
    blitted onto a cached background. Subclasses create the axes and artists,
    register the changing ones with :meth:`animate`, and change them in ``update``."""

    def __init__(self, width: float, height: float, dpi: float = 100, cache_size: int = 16,
                 fig=None):
        # ``fig``: draw in an existing figure (e.g. one frame of an animation) instead
        self.fig = new_figure(width, height, dpi) if fig is None else fig
        self._animated = []
        self._backgrounds = {}
        self.cache_size = cache_size
        #: Anything else the still parts depend on (e.g. which surface's contours are
        #: drawn); a subclass sets it when it changes them, and it is part of the cache key.
        self.scene = None

    def animate(self, *artists):
        """Mark ``artists`` as changing: drawn on every frame, not in the background."""
        for artist in artists:
            artist.set_animated(True)
            if artist not in self._animated:
                self._animated.append(artist)
        return artists[0] if len(artists) == 1 else artists

    def forget(self, artist) -> None:
        """Stop drawing ``artist`` (call before removing it from the figure)."""
        if artist in self._animated:
            self._animated.remove(artist)

    def clear_cache(self) -> None:
        """Forget the cached backgrounds (the next frame draws everything)."""
        self._backgrounds.clear()

    def _key(self):
        limits = tuple((ax.get_xlim(), ax.get_ylim()) for ax in self.fig.axes)
        return limits, self.fig.get_size_inches().tobytes(), self.fig.dpi, self.scene

    def render(self) -> None:
        """Draw the figure into its canvas: the background from the cache, changing parts fresh."""
        self.restore_background()
        for artist in self._animated:
            if artist.get_visible():
                artist.axes.draw_artist(artist) if artist.axes else self.fig.draw_artist(artist)

    def restore_background(self) -> None:
        """Put the still parts into the canvas: from the cache, or drawn once and cached."""
        canvas = self.fig.canvas
        key = self._key()
        background = self._backgrounds.get(key)
        if background is None:
            canvas.draw()                       # everything but the animated artists
            if len(self._backgrounds) >= self.cache_size:
                self._backgrounds.pop(next(iter(self._backgrounds)))
            self._backgrounds[key] = canvas.copy_from_bbox(self.fig.bbox)
        else:
            canvas.restore_region(background)

    def to_png(self, compress_level: int = 1, colors: int | None = None) -> bytes:
        """The figure as PNG bytes (fast zlib level by default); ``colors``: a palette
        PNG of at most that many colours (smaller, faster to encode)."""
        self.render()
        return figure_png(self.fig, colors=colors, compress_level=compress_level)

    def _repr_png_(self) -> bytes:
        """A notebook shows the figure itself."""
        return self.to_png()
