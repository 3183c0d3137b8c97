"""Animations as self-contained HTML players that work offline (chapters 2.4 and 4.2).

:func:`animation_html` turns a matplotlib ``FuncAnimation`` into the HTML of
``to_jshtml``'s player with sharp retina PNG frames (palette images, small) shown at
the figure's CSS width, and with the player's Font Awesome link (a CDN request)
replaced by Unicode symbols (:func:`offline_player`).
"""

from __future__ import annotations

import base64
import io
import re
import tempfile
from pathlib import Path

from matplotlib import animation, rc_context
from PIL import Image as PILImage

from dlcore.plots.style import CSS_DPI, RC, RETINA

__all__ = ["JSHTML", "animation_html", "offline_player"]


class JSHTML:
    """HTML that a notebook displays as itself (``_repr_html_``), e.g. an animation."""

    def __init__(self, html: str):
        self.html = html

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return f"<JSHTML: {len(self.html):,} characters of HTML>"


class _CompactHTMLWriter(animation.HTMLWriter):
    """``HTMLWriter`` whose embedded PNG frames are palette images (``colors`` colours):
    a sharp retina frame of pale regions and points compresses to about 50 kB."""

    def __init__(self, *args, colors: int = 96, **kwargs):
        super().__init__(*args, **kwargs)
        self.colors = colors

    def grab_frame(self, **savefig_kwargs):
        if self.frame_format != "png":
            return super().grab_frame(**savefig_kwargs)
        buf = io.BytesIO()
        self.fig.savefig(buf, format="png", dpi=self.dpi, **savefig_kwargs)
        image = PILImage.open(buf).convert("RGB").quantize(
            colors=self.colors, method=PILImage.Quantize.MEDIANCUT, dither=PILImage.Dither.NONE)
        out = io.BytesIO()
        image.save(out, format="png", optimize=True)
        self._saved_frames.append(base64.encodebytes(out.getvalue()).decode("ascii"))


_ANIM_IMG = re.compile(r'<img id="(_anim_img[0-9a-f]+)">')


_ANIM_IMG = re.compile(r'<img id="(_anim_img[0-9a-f]+)">')


def animation_html(anim: animation.FuncAnimation, interval: int = 150, dpi: float | None = None,
                   colors: int = 96, default_mode: str = "once", frame_format: str = "png",
                   alt: str = "animation") -> JSHTML:
    """``anim`` as a self-contained player: frames at ``dpi`` pixels per inch (default
    twice the page's 100 px per inch), PNG frames as palette images of ``colors``
    colours, shown at the figure's CSS width; no request leaves the page."""
    if frame_format not in ("png", "jpeg"):
        raise ValueError(f"frame_format: expected 'png' or 'jpeg', got {frame_format!r}")
    if isinstance(colors, bool) or not isinstance(colors, int) or not 2 <= colors <= 256:
        raise ValueError(f"colors: expected an int from 2 to 256, got {colors!r}")
    dpi = CSS_DPI * RETINA if dpi is None else dpi
    css_width = int(round(anim._fig.get_figwidth() * CSS_DPI))
    with rc_context({**RC, "animation.frame_format": frame_format}), \
            tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp, "animation.html")
        writer = _CompactHTMLWriter(fps=1000 / interval, embed_frames=True,
                                    default_mode=default_mode, colors=colors)
        anim.save(str(path), writer=writer, dpi=dpi)
        html = path.read_text(encoding="utf-8")
    html, n_img = _ANIM_IMG.subn(
        rf'<img id="\1" class="n2n-animation" width="{css_width}" '
        rf'style="max-width:100%; height:auto" alt="{alt}">', html)
    if n_img != 1:
        raise RuntimeError("matplotlib's to_jshtml template changed: could not size the animation")
    return JSHTML(offline_player(html))


# matplotlib's player links Font Awesome from a CDN for its button icons; offline
# the buttons would be blank. Plain Unicode symbols need nothing; these are in common
# text fonts (DejaVu, Noto), unlike the media-control block U+23E9-U+23FA.
_PLAYER_ICONS = {
    "fa fa-minus": "\u2212", "fa fa-plus": "+",
    "fa fa-fast-backward": "\u21e4", "fa fa-fast-forward": "\u21e5",
    "fa fa-step-backward": "|\u25c0\ufe0e", "fa fa-step-forward": "\u25b6\ufe0e|",
    "fa fa-play fa-flip-horizontal": "\u25c0\ufe0e", "fa fa-play": "\u25b6\ufe0e",
    "fa fa-pause": "\u2016",
}
_ICON_FONT_LINK = re.compile(r'<link rel="stylesheet"\s+href="https://[^"]*font-awesome[^"]*">\s*')
_ICON = re.compile(r'<i class="(fa [^"]+)"></i>')


def offline_player(html: str) -> str:
    """``to_jshtml`` output with no network request: the Font Awesome link is
    dropped and its icons become Unicode symbols."""
    html, n_links = _ICON_FONT_LINK.subn("", html)

    def symbol(match: re.Match) -> str:
        try:
            return f'<span aria-hidden="true">{_PLAYER_ICONS[match.group(1)]}</span>'
        except KeyError:
            raise RuntimeError(f"unexpected player icon {match.group(1)!r} in matplotlib's "
                               "to_jshtml output; add it to _PLAYER_ICONS") from None

    html, n_icons = _ICON.subn(symbol, html)
    if n_links != 1 or n_icons == 0 or "https://" in html:
        raise RuntimeError("matplotlib's to_jshtml template changed: could not make the "
                           "animation player work offline")
    return html
