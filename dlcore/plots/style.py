"""The book's one figure style, set in one place (every chapter calls ``dl.plots.book_style()``).

Every figure is drawn for the content column of the HTML page: one inch of a
figure is :data:`CSS_DPI` = 100 CSS pixels on the page, a full-column figure is
:data:`COLUMN_WIDTH` = 7 in (700 px) wide, and its PNG has :data:`RETINA` = 2
pixels per CSS pixel, so it stays sharp on high-DPI screens. Because a figure is
shown at its own size (never shrunk), a font size in points is its size on the
page: text is at least 10 pt.

- :data:`COLUMN_WIDTH`, :data:`CSS_DPI`, :data:`RETINA`: the sizes above.
- :data:`PALETTE`: the Okabe–Ito colour-blind-safe palette; :data:`CLASS_COLORS`
  the colours of class labels (orange and blue first); :data:`ERROR_COLOR`,
  :data:`OK_COLOR`: how the book marks errors and successes.
- :data:`RC` and :func:`book_style`: matplotlib's settings for the whole book;
  ``book_style()`` also makes notebook errors short (see :func:`short_errors`).
- :func:`point_style`: ``ax.scatter`` keywords for outlined points.
- :func:`new_figure`, :func:`as_png`, :class:`PNG`: a figure not managed by
  pyplot, and its retina PNG that a notebook shows at the figure's size.
- :func:`figure_png`: the one way from a figure to PNG bytes (a full draw at a
  resolution, or the pixels a blitting figure has just drawn; optionally a
  palette image, what the live widgets send).
"""

from __future__ import annotations

import io
import struct
import types

import matplotlib as mpl
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image as PILImage

__all__ = ["COLUMN_WIDTH", "CSS_DPI", "RETINA", "MIN_FONT_SIZE", "PALETTE", "CLASS_COLORS",
           "ERROR_COLOR", "OK_COLOR", "WARNING_COLOR", "MUTED_COLOR", "RC", "book_style",
           "point_style", "short_errors", "new_figure", "PNG", "as_png", "figure_png",
           "figure_pixels", "pixels_png"]

#: Width of a figure that fills the content column, in inches (700 CSS px).
COLUMN_WIDTH = 7.0
#: CSS pixels per inch of a figure: a 7 in figure is shown 700 px wide.
CSS_DPI = 100
#: PNG pixels per CSS pixel (2: sharp on high-DPI screens).
RETINA = 2
#: The smallest font size (points) a book figure uses; shown at its own size, 1 pt = 1.39 px.
MIN_FONT_SIZE = 10

#: Okabe & Ito's colour-blind-safe palette: orange, sky blue, bluish green, yellow,
#: blue, vermillion, reddish purple, black.
PALETTE = ("#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000")
#: One colour per class label (Okabe–Ito; orange and blue first, as in the TensorFlow
#: Playground). Eight classes at most: more would not stay distinguishable.
CLASS_COLORS = ("#E69F00", "#0072B2", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
                "#000000")
#: Errors (misclassified points, a diverged run, a wrong prediction): vermillion.
ERROR_COLOR = "#D55E00"
#: Success (a converged run, a correct prediction): bluish green, darkened for text.
OK_COLOR = "#007A5A"
#: A warning (underfit, overfit): dark orange, readable as text on white.
WARNING_COLOR = "#A66400"
#: Secondary text and reference lines.
MUTED_COLOR = "#595959"

#: The rcParams :func:`book_style` sets.
RC = {
    "figure.figsize": (COLUMN_WIDTH, 3.2),
    "figure.dpi": CSS_DPI,
    "savefig.dpi": CSS_DPI * RETINA,
    "figure.facecolor": "white",
    "savefig.facecolor": "white",
    "font.size": 11,
    "axes.titlesize": 11,
    "axes.labelsize": 11,
    "xtick.labelsize": MIN_FONT_SIZE,
    "ytick.labelsize": MIN_FONT_SIZE,
    "legend.fontsize": MIN_FONT_SIZE,
    "legend.title_fontsize": MIN_FONT_SIZE,
    "figure.titlesize": 12,
    "text.color": "#222222",
    "axes.labelcolor": "#222222",
    "axes.edgecolor": "#555555",
    "xtick.color": "#333333",
    "ytick.color": "#333333",
    "axes.prop_cycle": mpl.cycler(color=[PALETTE[i] for i in (4, 0, 2, 5, 6, 1, 3, 7)]),
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": False,
    "grid.color": "0.9",
    "legend.frameon": False,
    "lines.linewidth": 1.8,
    "lines.markersize": 5,
    "scatter.edgecolors": "#222222",
    "image.cmap": "viridis",
    "figure.constrained_layout.use": False,
}


def book_style(short_tracebacks: bool = True) -> None:
    """Apply the book's style for the rest of the session; every chapter's first cell calls it.

    Sets matplotlib's :data:`RC`; in a notebook it also asks the inline backend for
    retina PNGs (twice the pixels, shown at the figure's size) and, with
    ``short_tracebacks``, installs :func:`short_errors`.
    """
    mpl.rcParams.update(RC)
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython is in the book's environment
        return
    shell = get_ipython()
    if shell is None:
        return
    from matplotlib_inline.backend_inline import set_matplotlib_formats

    set_matplotlib_formats("retina")
    if short_tracebacks:
        short_errors(shell)


def point_style(size: float = 24, edge: str = "#222222", linewidth: float = 0.6) -> dict:
    """``ax.scatter`` keywords for outlined points: ``ax.scatter(x, y, c=c, **point_style())``.

    A thin dark outline keeps a point visible on any light background, regions of its
    own colour included.
    """
    return {"s": size, "edgecolors": edge, "linewidths": linewidth}


# --------------------------------------------------------------------------- short errors

def _is_cell(shell, filename: str) -> bool:
    """True for code typed in a notebook cell (not a library's file)."""
    try:
        return shell.compile.format_code_name(filename) is not None
    except Exception:  # pragma: no cover - an IPython without cell names
        return filename.startswith("<ipython-input")


def _cell_frames_only(shell, tb):
    """The traceback ``tb`` rebuilt with only the frames of notebook cells."""
    frames = []
    while tb is not None:
        if _is_cell(shell, tb.tb_frame.f_code.co_filename):
            frames.append((tb.tb_frame, tb.tb_lasti, tb.tb_lineno))
        tb = tb.tb_next
    new = None
    for frame, lasti, lineno in reversed(frames):
        new = types.TracebackType(new, frame, lasti, lineno)
    return new


def _short_traceback(shell, etype, value, tb, tb_offset=None):
    """The handler :func:`short_errors` installs: the cell's frames and the message."""
    short = _cell_frames_only(shell, tb)
    if short is None:                      # nothing from a cell: show it as IPython would
        shell.showtraceback((etype, value, tb), tb_offset=tb_offset)
        return None
    saved = value.__cause__, value.__context__, value.__suppress_context__
    value.__cause__, value.__context__, value.__suppress_context__ = None, None, True
    try:
        stb = shell.InteractiveTB.structured_traceback(etype, value, short, tb_offset=0)
    finally:
        value.__cause__, value.__context__, value.__suppress_context__ = saved
    shell._showtraceback(etype, value, stb)
    return None


def short_errors(shell=None) -> None:
    """Show an exception raised in a notebook cell as the reader's own code and the
    message: the frames inside dlcore, NumPy and other libraries (with their file
    paths) are left out, and so are chained exceptions. ``shell`` defaults to the
    running IPython; :func:`book_style` calls this. Undo with
    ``shell.set_custom_exc((), None)``.
    """
    if shell is None:
        from IPython import get_ipython

        shell = get_ipython()
        if shell is None:
            raise RuntimeError("short_errors: no IPython shell is running")
    shell.set_custom_exc((Exception,), _short_traceback)


# --------------------------------------------------------------------------- figures and PNGs

def new_figure(width: float, height: float, dpi: float = CSS_DPI) -> Figure:
    """A Figure ``width`` x ``height`` inches with an Agg canvas, not registered with pyplot
    (so nothing stays open, and a notebook shows it only through :func:`as_png`).
    ``dpi`` is the canvas resolution for interactive drawing; :func:`as_png` renders
    at :data:`RETINA` times :data:`CSS_DPI` whatever it is."""
    fig = Figure(figsize=(width, height), dpi=dpi)
    FigureCanvasAgg(fig)
    return fig


def _png_size(data: bytes) -> tuple[int, int]:
    return struct.unpack(">II", data[16:24])


class PNG:
    """PNG bytes that a notebook shows as an image of ``css_width`` CSS pixels
    (``_repr_png_`` gives the size as metadata; myst-nb and JupyterLab honour it).

    ``css_width`` None: the image's own pixel width. ``as_png(fig)`` is what a
    chapter returns for a dlcore figure (and what ``myst_nb.glue`` stores for a
    ``{glue:figure}``).
    """

    def __init__(self, data: bytes, css_width: float | None = None):
        if not isinstance(data, (bytes, bytearray)) or not bytes(data[:8]) == b"\x89PNG\r\n\x1a\n":
            raise ValueError("data must be the bytes of a PNG image")
        self.data = bytes(data)
        self.pixel_width, self.pixel_height = _png_size(self.data)
        if css_width is None:
            css_width = self.pixel_width
        if not css_width > 0:
            raise ValueError(f"css_width: expected a positive number, got {css_width!r}")
        self.width = int(round(css_width))
        self.height = int(round(self.pixel_height * css_width / self.pixel_width))

    def _repr_png_(self):
        return self.data, {"width": self.width, "height": self.height}

    def __repr__(self) -> str:
        return (f"<PNG image, {self.pixel_width}x{self.pixel_height} pixels shown at "
                f"{self.width}x{self.height}, {len(self.data):,} bytes>")


#: Every how many pixels (in each direction) the palette of a palette PNG is
#: chosen from: 1 in 16 pixels gives the same colours as all of them, in a tenth
#: of the time (bench/README.md, "Issue 13's polish").
PALETTE_SAMPLE = 4


def _palette_image(rgb: np.ndarray, colors: int) -> PILImage.Image:
    """The pixels ``rgb`` ``(h, w, 3 or 4)`` uint8 (alpha ignored) as a palette image of at
    most ``colors`` colours, no dithering: the palette is chosen (fast octree) from every
    :data:`PALETTE_SAMPLE`-th pixel, then every pixel takes its nearest palette colour."""
    sample = np.ascontiguousarray(rgb[::PALETTE_SAMPLE, ::PALETTE_SAMPLE, :3])
    palette = PILImage.fromarray(sample, "RGB").quantize(
        colors, method=PILImage.Quantize.FASTOCTREE, dither=PILImage.Dither.NONE)
    mode = "RGBA" if rgb.shape[-1] == 4 else "RGB"
    image = PILImage.fromarray(rgb, mode).convert("RGB") if mode == "RGBA" else \
        PILImage.fromarray(rgb, mode)
    return image.quantize(palette=palette, dither=PILImage.Dither.NONE)


def figure_pixels(fig: Figure, dpi: float) -> np.ndarray:
    """``fig`` drawn in full at ``dpi`` pixels per inch (``savefig``): ``(h, w, 4)`` uint8 RGBA."""
    buf = io.BytesIO()
    fig.savefig(buf, format="rgba", dpi=dpi)           # raw pixels: nothing to encode
    width = int(fig.get_figwidth() * dpi)              # as Agg sizes its canvas
    return np.frombuffer(buf.getbuffer(), dtype=np.uint8).reshape(-1, width, 4)


def pixels_png(pixels: np.ndarray, *, colors: int | None = None, compress_level: int = 1) -> bytes:
    """``pixels`` ``(h, w, 4)`` uint8 RGBA (alpha dropped) as PNG bytes; ``colors``: a palette
    PNG of at most that many colours (see :func:`figure_png`)."""
    pixels = np.ascontiguousarray(pixels)
    if colors is None:
        image = PILImage.fromarray(pixels, "RGBA").convert("RGB")
    else:
        image = _palette_image(pixels, colors)
    out = io.BytesIO()
    image.save(out, format="png", compress_level=compress_level)
    return out.getvalue()


def figure_png(fig: Figure, dpi: float | None = None, *, colors: int | None = None,
               compress_level: int = 1) -> bytes:
    """``fig`` as PNG bytes: every figure of dlcore becomes a PNG here.

    ``dpi`` None: the pixels ``fig``'s canvas holds now (a figure that draws itself
    fast, by blitting, has just drawn them). A number: ``fig`` drawn in full at that
    many pixels per inch (``savefig``). ``colors``: a palette PNG of at most that many
    colours (256 looks the same, is a third of the size and encodes fastest: what the
    live widgets send). ``compress_level``: zlib's, 1 (fast) by default.
    """
    if dpi is None:
        pixels = np.asarray(fig.canvas.buffer_rgba())        # (h, w, 4), no copy
    else:
        if colors is None:          # straight from savefig
            buf = io.BytesIO()
            fig.savefig(buf, format="png", dpi=dpi, pil_kwargs={"compress_level": compress_level})
            return buf.getvalue()
        pixels = figure_pixels(fig, dpi)
    return pixels_png(pixels, colors=colors, compress_level=compress_level)


def as_png(fig: Figure, dpi: float | None = None) -> PNG:
    """``fig`` rendered once as a :class:`PNG` shown at the figure's size on the page
    (:data:`CSS_DPI` pixels per inch), with ``dpi`` PNG pixels per inch (default
    :data:`RETINA` x :data:`CSS_DPI`: sharp on high-DPI screens)."""
    dpi = CSS_DPI * RETINA if dpi is None else dpi
    return PNG(figure_png(fig, dpi, compress_level=6), css_width=fig.get_figwidth() * CSS_DPI)
