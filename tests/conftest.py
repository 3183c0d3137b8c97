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
