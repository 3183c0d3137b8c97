"""Shared fixtures: headless Chromium for the browser tests (``-m browser``).

Playwright for Python drives Debian's Chromium (``/usr/bin/chromium``, or
``N2N_CHROMIUM``); Playwright's own browser download is never used. Without
Chromium the browser tests skip with a message saying how to install it, unless
``N2N_REQUIRE_BROWSER`` is set (``make test`` sets it under CI): then they fail.
"""

from __future__ import annotations

import os
import shutil

import pytest

CHROMIUM = os.environ.get("N2N_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]
REQUIRED = bool(os.environ.get("N2N_REQUIRE_BROWSER"))


def missing(reason: str):
    """Skip (or, when the browser tests are required, fail) with ``reason``."""
    if REQUIRED:
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser():
    """A headless Chromium, shared by the tests of one module."""
    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        missing(f"Chromium not found at {CHROMIUM}: install it with `sudo apt-get install chromium` "
                "(never `playwright install`, which downloads a browser)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


def watched_page(context, origin: str, requests: bool = True):
    """A new page of ``context`` that may only talk to ``origin`` (``host:port``).

    Returns ``(page, problems)``: ``problems`` collects, as they happen, every
    request elsewhere (blocked), console error and uncaught page error, and with
    ``requests`` also every failed request and HTTP status >= 400.
    """
    from urllib.parse import urlparse

    page = context.new_page()
    problems: list[str] = []

    def block_outside(route):
        url = route.request.url
        if urlparse(url).netloc != origin and not url.startswith(("data:", "blob:")):
            problems.append(f"request outside {origin}: {url}")
            route.abort()
        else:
            route.continue_()

    page.route("**/*", block_outside)
    page.on("console", lambda m: m.type == "error" and problems.append(f"console error: {m.text}"))
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    if requests:
        page.on("requestfailed", lambda r: problems.append(f"failed request: {r.url} ({r.failure})"))
        page.on("response", lambda r: r.status >= 400 and problems.append(f"HTTP {r.status}: {r.url}"))
    return page, problems
