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
"""

from __future__ import annotations

import io

import numpy as np
from PIL import Image as PILImage

from dlcore.plots.style import new_figure

__all__ = ["BlitFigure", "paste_image"]


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
        canvas = self.fig.canvas
        image = PILImage.frombuffer("RGBA", canvas.get_width_height(), canvas.buffer_rgba(),
                                    "raw", "RGBA", 0, 1).convert("RGB")
        if colors is not None:
            image = image.quantize(colors, method=PILImage.Quantize.FASTOCTREE,
                                   dither=PILImage.Dither.NONE)
        buf = io.BytesIO()
        image.save(buf, format="png", compress_level=compress_level)
        return buf.getvalue()

    def _repr_png_(self) -> bytes:
        """A notebook shows the figure itself."""
        return self.to_png()
