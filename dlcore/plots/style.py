"""The book's one figure style (chapters draw with it; ``dl.plots.book_style()`` applies it).

Every figure in the book is drawn for the content column of the HTML page, about
700 CSS pixels wide, and rendered at twice that resolution so it stays sharp on
high-DPI screens. Text is at least 10 pt at the size the figure is shown.

- :data:`COLUMN_WIDTH`: the width of a full-column figure in inches (7 in at 100 px/in).
- :data:`PALETTE`: the Okabe–Ito colour-blind-safe palette, in the order the book uses it.
- :func:`book_style`: set matplotlib's rcParams (fonts, sizes, colours, resolution)
  for the rest of the session; every chapter calls it in its first cell.
- :func:`point_style`: keyword arguments for ``ax.scatter`` that give points an outline,
  so they stay visible on any background (regions of their own colour included).
"""

from __future__ import annotations

import matplotlib as mpl

__all__ = ["COLUMN_WIDTH", "PALETTE", "RC", "book_style", "point_style"]

#: Width of a figure that fills the content column, in inches (about 700 px at 100 dpi).
COLUMN_WIDTH = 7.0

#: Okabe & Ito's colour-blind-safe palette: orange, sky blue, bluish green, yellow,
#: blue, vermillion, reddish purple, black.
PALETTE = ("#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000")

#: The rcParams :func:`book_style` sets.
RC = {
    "figure.figsize": (COLUMN_WIDTH, 3.2),
    "figure.dpi": 100,
    "savefig.dpi": 200,
    "font.size": 11,
    "axes.titlesize": 11,
    "axes.labelsize": 11,
    "xtick.labelsize": 10,
    "ytick.labelsize": 10,
    "legend.fontsize": 10,
    "figure.titlesize": 12,
    "axes.prop_cycle": mpl.cycler(color=list(PALETTE)),
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": False,
    "lines.linewidth": 1.8,
    "image.cmap": "viridis",
}


def book_style() -> None:
    """Apply the book's rcParams for the rest of the session (and sharp inline figures in
    a notebook: PNGs at twice the pixels, shown at the figure's size)."""
    mpl.rcParams.update(RC)
    try:  # in a notebook, ask the inline backend for high-DPI PNGs
        from IPython import get_ipython

        if get_ipython() is not None:
            from matplotlib_inline.backend_inline import set_matplotlib_formats

            set_matplotlib_formats("retina")
    except ImportError:  # pragma: no cover - IPython is in the book's environment
        pass


def point_style(size: float = 22, edge: str = "white", linewidth: float = 0.6) -> dict:
    """``ax.scatter`` keyword arguments for outlined points: ``ax.scatter(x, y, c=c, **point_style())``."""
    return {"s": size, "edgecolors": edge, "linewidths": linewidth}
