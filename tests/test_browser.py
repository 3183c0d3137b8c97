"""The built book, opened in a real headless browser, with no network.

For every page in the toc: the page loads with no console errors and no failed
or outside requests; every image has loaded; the math is typeset; every widget
snapshot shows its controls and its figure. A full-page screenshot of each page
is saved in ``_build/screenshots/``.

Needs the built book (``make book``) and Chromium (see ``conftest.py``).
"""

from __future__ import annotations

import functools
import http.server
import os
import threading
from pathlib import Path
from urllib.parse import urlparse

import pytest

from tests import book
from tests.conftest import missing, watched_page

pytestmark = pytest.mark.browser

SCREENSHOTS = book.ROOT / "_build" / "screenshots"
HTML = Path(os.environ.get("N2N_HTML", book.HTML))


@pytest.fixture(scope="module")
def server():
    """Serve the built book on a loopback port for the duration of the module."""
    if not (HTML / "index.html").exists():
        missing(f"no built book at {HTML}: run `make book` first")
    handler = functools.partial(_QuietHandler, directory=str(HTML))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep pytest's output readable
        pass


# Text that must not survive in the visible page once MathJax has run.
RAW_TEX = ("$$", "\\(", "\\[", "\\begin{", "\\frac", "\\sum")

VISIBLE_TEXT_JS = """() => {
  const clone = document.querySelector('main').cloneNode(true);
  clone.querySelectorAll('pre, code, script, style, mjx-container, .MathJax').forEach(e => e.remove());
  return clone.innerText;
}"""

PAGE_REPORT_JS = """() => {
  const imgs = [...document.querySelectorAll('main img')];
  const widgets = [...document.querySelectorAll('script[type="application/vnd.jupyter.widget-view+json"]')];
  return {
    images: imgs.map(i => ({src: i.currentSrc || i.src, ok: i.complete && i.naturalWidth > 0})),
    mathSource: document.querySelectorAll('main .math').length,
    mathTypeset: document.querySelectorAll('main mjx-container').length,
    mathErrors: document.querySelectorAll('main mjx-merror').length,
    widgetScripts: widgets.length,
    widgetViews: widgets.map(s => {
      const view = s.parentElement.querySelector('.jupyter-widgets, .widget-container, .widget-box');
      if (!view) return {rendered: false, controls: 0, images: 0};
      const controls = view.querySelectorAll('.widget-slider, .widget-dropdown, .widget-button, .widget-toggle-buttons, .widget-checkbox, input, select, button').length;
      const figs = [...view.querySelectorAll('img')];
      return {rendered: true, controls: controls, images: figs.length,
              imagesLoaded: figs.filter(i => i.complete && i.naturalWidth > 0).length};
    }),
  };
}"""


def _settle(page):
    """Wait for MathJax's typesetting and the widget manager's rendering to finish."""
    page.wait_for_load_state("load")
    page.evaluate("""async () => {
      if (window.MathJax && MathJax.startup && MathJax.startup.promise) { await MathJax.startup.promise; }
    }""")
    if page.locator('script[type="application/vnd.jupyter.widget-view+json"]').count():
        page.wait_for_function(
            """() => [...document.querySelectorAll('script[type="application/vnd.jupyter.widget-view+json"]')]
                 .every(s => s.parentElement.querySelector('.jupyter-widgets, .widget-container, .widget-box'))""",
            timeout=20000,
        )
    page.wait_for_function(
        "() => [...document.querySelectorAll('main img')].every(i => i.complete)", timeout=20000)


@pytest.mark.parametrize("toc_file, html", book.html_pages(), ids=[f for f, _ in book.html_pages()])
def test_page_renders_offline(server, browser, toc_file, html):
    assert html.exists(), f"{toc_file}: no built page at {html}"
    origin = urlparse(server).netloc
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page, problems = watched_page(context, origin)

    page.goto(f"{server}/{html.relative_to(HTML).as_posix()}")
    _settle(page)
    report = page.evaluate(PAGE_REPORT_JS)
    visible = page.evaluate(VISIBLE_TEXT_JS)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{toc_file.replace('/', '__')}.png"), full_page=True)
    context.close()

    assert problems == [], f"{toc_file}: " + "\n".join(problems)
    broken = [img["src"][:120] for img in report["images"] if not img["ok"]]
    assert broken == [], f"{toc_file}: images that did not load: {broken}"
    if report["mathSource"]:
        assert report["mathTypeset"] >= report["mathSource"], f"{toc_file}: math not typeset: {report}"
        assert report["mathErrors"] == 0, f"{toc_file}: MathJax reported errors"
    leftovers = [tex for tex in RAW_TEX if tex in visible]
    assert leftovers == [], f"{toc_file}: raw TeX left in the visible text: {leftovers}"
    for i, view in enumerate(report["widgetViews"]):
        assert view["rendered"], f"{toc_file}: widget {i} did not render"
        assert view["controls"] > 0, f"{toc_file}: widget {i} shows no controls"
        assert view["images"] > 0 and view["imagesLoaded"] == view["images"], \
            f"{toc_file}: widget {i} shows no figure: {view}"
