"""Serve MathJax and the Jupyter widget renderer from the built book itself.

By default the book's pages load MathJax 3 and the ipywidgets HTML manager from
CDNs, so offline the math shows as raw TeX and widget cells stay blank. When the
npm packages pinned in ``package.json`` are installed (``npm ci``, done by
``make``), this extension copies the few files the pages need into
``_build/html/_vendor/`` and points Sphinx (``mathjax_path``) and myst-nb
(``nb_ipywidgets_js``) at them. Without them it keeps the CDN defaults and says
so in one line.

The files are kept out of the book's ``_static`` folder on purpose: jupyter-book
links every js/css file found there into every page.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util import logging

logger = logging.getLogger(__name__)

VENDOR = "_vendor"

# (source inside node_modules, destination inside _build/html/_vendor)
ASSETS = {
    "mathjax": ("mathjax/es5", "mathjax"),
    "requirejs": ("requirejs/require.js", "require.js"),
    "html-manager": ("@jupyter-widgets/html-manager/dist/embed-amd.js", "embed-amd.js"),
}
# The widget renderer's icon fonts, shipped in FONT_SOURCE. Each AMD module inside
# embed-amd.js asks for them beside its own require.js URL (under baseUrl, _vendor/):
# "@jupyter-widgets/base" and "/controls" from @jupyter-widgets/, the manager from
# @jupyter-widgets/html-manager/dist/. Both folders get a copy.
FONT_SOURCE = "@jupyter-widgets/html-manager/dist"
FONT_TARGETS = ("@jupyter-widgets", "@jupyter-widgets/html-manager/dist")
FONT_SUFFIXES = (".woff2", ".woff", ".ttf", ".eot", ".svg")
# Our own script that sets that baseUrl and lets the renderer use MathJax 3
# (kept beside this file, not in _static).
REQUIRE_CONFIG = Path(__file__).with_name("widgets-setup.js")

# Sphinx puts "_static/" in front of a relative script path; this climbs back out.
_FROM_STATIC = f"../{VENDOR}"


def _node_modules(app: Sphinx) -> Path:
    return Path(app.srcdir) / "node_modules"


def _assets_present(app: Sphinx) -> bool:
    root = _node_modules(app)
    return all((root / src).exists() for src, _ in ASSETS.values())


def _configure(app: Sphinx, config: Config) -> None:
    if not _assets_present(app):
        logger.info(
            "offline_assets: npm assets not installed (run `npm ci`); "
            "the pages will load MathJax and the widget renderer from CDNs."
        )
        app.offline_assets = False  # type: ignore[attr-defined]
        return
    app.offline_assets = True  # type: ignore[attr-defined]
    config.mathjax_path = f"{_FROM_STATIC}/mathjax/tex-mml-chtml.js"
    config.nb_ipywidgets_js = {
        f"{_FROM_STATIC}/require.js": {},
        f"{_FROM_STATIC}/{REQUIRE_CONFIG.name}": {},
        f"{_FROM_STATIC}/embed-amd.js": {},
    }


def _copy_assets(app: Sphinx) -> None:
    if not getattr(app, "offline_assets", False) or app.builder.format != "html":
        return
    root = _node_modules(app)
    out = Path(app.outdir) / VENDOR
    out.mkdir(parents=True, exist_ok=True)
    for src, dst in ASSETS.values():
        source, target = root / src, out / dst
        if source.is_dir():
            shutil.copytree(source, target, dirs_exist_ok=True)
        else:
            shutil.copy2(source, target)
    shutil.copy2(REQUIRE_CONFIG, out / REQUIRE_CONFIG.name)
    for target in FONT_TARGETS:
        fonts = out / target
        fonts.mkdir(parents=True, exist_ok=True)
        for font in (root / FONT_SOURCE).iterdir():
            if font.suffix in FONT_SUFFIXES:
                shutil.copy2(font, fonts / font.name)
    logger.info(f"offline_assets: MathJax and the widget renderer served from {VENDOR}/")


def setup(app: Sphinx) -> dict:
    # Run before myst-nb reads nb_ipywidgets_js (it does so at builder-inited).
    app.connect("config-inited", _configure, priority=100)
    app.connect("builder-inited", _copy_assets)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
