"""The built book, opened in a real headless browser, with no network.

For every page in the toc: the page loads with no console errors and no failed
or outside requests; every image has loaded; the math is typeset; every widget
snapshot shows its controls, its figure and its snapshot banner. And the house
style (README, "Writing a chapter") at 1280 px: no ``pre`` block (code, output,
traceback) wider than its box, no figure shown at less than 55 % of the size it
was drawn for, no machine path in any output. A full-page screenshot of each
page is saved in ``_build/screenshots/`` (1280 px) and ``_build/screenshots/390/``
(phone width).

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
from tests.test_book_hygiene import MAX_CODE_LINE

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
    // pre blocks wider than their box (hidden ones, e.g. in a collapsed cell, have no box)
    widePre: [...document.querySelectorAll('main pre')].map((p, i) => {
      if (!p.offsetParent || p.clientWidth === 0) return null;
      if (p.scrollWidth <= p.clientWidth + 1) return null;
      const lines = p.textContent.split('\\n');
      const longest = lines.reduce((a, b) => (b.length > a.length ? b : a), '');
      const kind = p.closest('.cell_output') ? 'output' : (p.closest('.cell_input') ? 'code' : 'block');
      const collapsed = p.innerText.trim() === '' ? ' (collapsed)' : '';
      return {index: i, kind: kind + collapsed, scroll: p.scrollWidth, client: p.clientWidth,
              chars: longest.length, line: longest.slice(0, 70)};
    }).filter(x => x),
    // how many characters the narrowest visible code cell holds
    codeCapacity: Math.min(...[...document.querySelectorAll('main .cell_input pre')].filter(
      p => p.offsetParent && p.clientWidth > 0).map(p => {
        const cs = getComputedStyle(p);
        const probe = document.createElement('span');
        probe.textContent = 'x'.repeat(100);
        probe.style.position = 'absolute';
        p.appendChild(probe);
        const per = probe.getBoundingClientRect().width / 100;
        probe.remove();
        return Math.floor((p.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight)) / per);
      }), 1000),
    // figures: the CSS width a figure was drawn for is its width attribute or inline
    // style (a retina PNG has twice the pixels of that), else its pixel width
    smallImages: [...document.querySelectorAll('main img')].map(i => {
      const shown = i.getBoundingClientRect().width;
      if (!shown || !i.naturalWidth) return null;
      const intended = parseFloat(i.getAttribute('width')) || parseFloat(i.style.width) ||
                       i.naturalWidth;
      const high = i.getBoundingClientRect().height;
      const distorted = Math.abs(shown / high - i.naturalWidth / i.naturalHeight) >
                        0.01 * i.naturalWidth / i.naturalHeight;
      if (shown >= 0.55 * intended && !distorted) return null;
      return {src: (i.currentSrc || i.src).slice(-60), shown: Math.round(shown), distorted: distorted,
              intended: Math.round(intended), natural: i.naturalWidth};
    }).filter(x => x),
    widgetViews: widgets.map(s => {
      const view = s.parentElement.querySelector('.jupyter-widgets, .widget-container, .widget-box');
      if (!view) return {rendered: false, controls: 0, images: 0};
      const controls = view.querySelectorAll('.widget-slider, .widget-dropdown, .widget-button, .widget-toggle-buttons, .widget-checkbox, input, select, button').length;
      const figs = [...view.querySelectorAll('img')];
      const banner = view.querySelector('.n2n-snapshot');
      const bannerShown = !!banner && getComputedStyle(banner).display !== 'none' &&
                          banner.getBoundingClientRect().height > 0 && banner.innerText.trim().length > 0;
      return {rendered: true, controls: controls, images: figs.length,
              imagesLoaded: figs.filter(i => i.complete && i.naturalWidth > 0).length,
              banner: bannerShown};
    }),
  };
}"""


# Paths of the machine that built the book: never in a page (tracebacks, printed objects).
MACHINE_PATHS = ("/work/", "/home/", "/root/", "site-packages", "/tmp/", "/usr/lib/python")

# Every text of the page's content, collapsed cells included (not scripts: widget state).
ALL_TEXT_JS = """() => {
  const clone = document.querySelector('main').cloneNode(true);
  clone.querySelectorAll('script, style').forEach(e => e.remove());
  return clone.textContent;
}"""


def _machine_paths(text: str) -> list[str]:
    found = []
    for path in MACHINE_PATHS:
        at = text.find(path)
        if at >= 0:
            found.append(f"{path!r} in ...{text[max(0, at - 60):at + 60]!r}...")
    return found


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


#: Elements of the article that run past the right edge of a phone's screen (outside
#: any box that scrolls or clips): the reader would have to scroll the whole page sideways.
PHONE_OVERFLOW_JS = """() => {
  const width = document.documentElement.clientWidth, out = [];
  for (const el of document.querySelectorAll('article.bd-article *')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.right <= width + 1) continue;
    let contained = false;
    for (let a = el.parentElement; a && !contained; a = a.parentElement) {
      const o = getComputedStyle(a).overflowX;
      contained = o === 'auto' || o === 'scroll' || o === 'hidden';
    }
    if (!contained) out.push(el.tagName.toLowerCase() + ': ' + (el.textContent || '').trim().slice(0, 60));
  }
  return out.slice(0, 5);
}"""


@pytest.mark.parametrize("toc_file, html", book.html_pages(), ids=[f for f, _ in book.html_pages()])
def test_page_renders_offline(server, browser, toc_file, html):
    rel = html.relative_to(book.HTML).as_posix()      # the same page in N2N_HTML, if set
    html = HTML / rel
    assert html.exists(), f"{toc_file}: no built page at {html}"
    origin = urlparse(server).netloc
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page, problems = watched_page(context, origin)

    page.goto(f"{server}/{rel}")
    _settle(page)
    report = page.evaluate(PAGE_REPORT_JS)
    visible = page.evaluate(VISIBLE_TEXT_JS)
    all_text = page.evaluate(ALL_TEXT_JS)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    name = f"{toc_file.replace('/', '__')}.png"
    page.screenshot(path=str(SCREENSHOTS / name), full_page=True)
    context.close()
    phone = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2)
    page, _ = watched_page(phone, origin)
    page.goto(f"{server}/{rel}")
    _settle(page)
    (SCREENSHOTS / "390").mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "390" / name), full_page=True)
    phone_overflow = page.evaluate(PHONE_OVERFLOW_JS)
    phone.close()

    assert problems == [], f"{toc_file}: " + "\n".join(problems)
    assert phone_overflow == [], \
        f"{toc_file}: at 390 px these run past the right edge of the page: {phone_overflow}"
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
        assert view["banner"], (f"{toc_file}: widget {i} has no visible snapshot banner "
                                "(put dl.widgets.snapshot_banner() inside the widget)")
    # The house style: every failure of the page at once, so one run lists all there is to fix.
    style = []
    if report["codeCapacity"] < MAX_CODE_LINE:
        style.append(f"a code cell holds only {report['codeCapacity']} characters at 1280 px; "
                     f"code lines may have {MAX_CODE_LINE} (see _static/n2n.css)")
    paths = _machine_paths(all_text)
    if paths:
        style.append("machine paths in the page:\n    " + "\n    ".join(paths))
    wide = [f"{b['kind']} block {b['index']}: {b['scroll']} px of content in a {b['client']} px box "
            f"(longest line {b['chars']} chars: {b['line']!r})" for b in report["widePre"]]
    if wide:
        style.append(f"{len(wide)} pre blocks are cut off at 1280 px:\n    " + "\n    ".join(wide))
    small = [f"{i['src']}: shown {i['shown']} px wide, drawn for {i['intended']} px "
             f"({i['shown'] / i['intended']:.0%}; {i['natural']} px in the file)"
             + (", and stretched out of its aspect ratio" if i["distorted"] else "")
             for i in report["smallImages"]]
    if small:
        style.append("figures shown at less than 55 % of their size (text too small to read) "
                     "or distorted:\n    " + "\n    ".join(small))
    assert not style, f"{toc_file}: " + "\n  ".join(style)
