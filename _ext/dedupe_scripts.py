"""Drop repeated inline scripts from a page.

sphinx-thebe (loaded by jupyter-book even with Thebe switched off) registers its
configuration script, ``const THEBE_JS_URL = ...``, once per read of the
sources, so a full build puts it on each page twice and the browser reports
"Identifier 'THEBE_JS_URL' has already been declared". Keeping the first copy of
each identical script fixes that without touching anything else.
"""

from __future__ import annotations

from sphinx.application import Sphinx


def _dedupe(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    scripts = context.get("script_files")
    if not scripts:
        return
    seen, unique = set(), []
    for script in scripts:
        # The same script is sometimes registered with filename None, sometimes "".
        key = (getattr(script, "filename", None) or "",
               tuple(sorted(getattr(script, "attributes", {}).items())))
        if key not in seen:
            seen.add(key)
            unique.append(script)
    scripts[:] = unique


def setup(app: Sphinx) -> dict:
    app.connect("html-page-context", _dedupe, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
