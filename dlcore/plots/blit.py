"""Fast redraws for the widgets' figures (chapter 2's widgets use it).

Drawing a whole matplotlib figure costs a millisecond or more per piece of text
(tick labels, titles), which would use up a widget's 100 ms budget. A
:class:`BlitFigure` draws the parts that never change (axes, ticks, labels) once,
keeps that picture, and for each new frame pastes it back and draws only the
artists that change (those passed to :meth:`~BlitFigure.animate`): blitting.
The cached picture is redrawn when an axis limit or the figure size changes.
``fig.savefig`` still draws everything, so a saved figure is always complete.
"""

from __future__ import annotations

import io

from PIL import Image as PILImage

from dlcore.plots.playground import new_figure

__all__ = ["BlitFigure"]


class BlitFigure:
    """A figure (``fig``, Agg, not managed by pyplot) whose changing artists are
    blitted onto a cached background. Subclasses create the axes and artists,
    register the changing ones with :meth:`animate`, and change them in ``update``."""

    def __init__(self, width: float, height: float, dpi: float = 100):
        self.fig = new_figure(width, height, dpi)
        self._animated = []
        self._background = None
        self._background_key = None

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

    def _key(self):
        limits = tuple((ax.get_xlim(), ax.get_ylim()) for ax in self.fig.axes)
        return limits, self.fig.get_size_inches().tobytes(), self.fig.dpi

    def render(self) -> None:
        """Draw the figure into its canvas: the background from the cache, changing parts fresh."""
        canvas = self.fig.canvas
        key = self._key()
        if self._background is None or key != self._background_key:
            canvas.draw()                       # everything but the animated artists
            self._background = canvas.copy_from_bbox(self.fig.bbox)
            self._background_key = key
        else:
            canvas.restore_region(self._background)
        for artist in self._animated:
            if artist.get_visible():
                artist.axes.draw_artist(artist) if artist.axes else self.fig.draw_artist(artist)

    def to_png(self, compress_level: int = 1) -> bytes:
        """The figure as PNG bytes (fast zlib level by default)."""
        self.render()
        canvas = self.fig.canvas
        image = PILImage.frombuffer("RGBA", canvas.get_width_height(), canvas.buffer_rgba(),
                                    "raw", "RGBA", 0, 1).convert("RGB")
        buf = io.BytesIO()
        image.save(buf, format="png", compress_level=compress_level)
        return buf.getvalue()

    def _repr_png_(self) -> bytes:
        """A notebook shows the figure itself."""
        return self.to_png()
