"""``make test-pyodide``, second half: every chapter of the toc runs under Pyodide.

Each notebook runs in a fresh Pyodide 0.27.7 in Node (numpy 2.0.2, matplotlib 3.8.4, as
the live edition in a reader's browser), through the live edition's own kernel package
(``tests/pyodide/run_notebook.mjs``, ``kernel_run.py``); any error fails the run. Prints
each notebook's time and its slowest cell. Skipped with a message, like ``run.py``, when
Node, the Pyodide files or JupyterLite (``.venv/lite``) are missing, unless
``N2N_REQUIRE_PYODIDE`` is set.

    python tests/pyodide/run_notebooks.py [notebook ...]     # default: the toc's
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT))

from tests import book  # noqa: E402
from tools import live_edition, pyodide_dist  # noqa: E402

def kernel_wheels(folder: Path) -> None:
    """Put the kernel's wheels and the glue stand-in into ``folder``."""
    for wheel in live_edition.kernel_wheels():
        shutil.copy(wheel, folder)
    live_edition.glue_shim_wheel(folder)


def main(argv: list[str]) -> int:
    required = bool(os.environ.get("N2N_REQUIRE_PYODIDE"))
    node = shutil.which("node")
    status = pyodide_dist.main() if node else 2
    reason = ("Node.js not found" if not node else
              "no Pyodide distribution (see above)" if status != 0 else
              None if list(live_edition.KERNEL_WHEELS.glob("pyodide_kernel-*.whl")) else
              f"JupyterLite's kernel not found in {live_edition.KERNEL_WHEELS} (make setup)")
    if reason:
        print(f"{'FAILED' if required else 'skipped'}: the chapters under Pyodide: {reason}")
        return 1 if required or status == 1 else 0
    notebooks = [Path(a).resolve() for a in argv] or [ROOT / p for p in book.toc_notebooks()]
    failed, total = [], time.monotonic()
    with tempfile.TemporaryDirectory() as wheels:
        kernel_wheels(Path(wheels))
        for notebook in notebooks:
            started = time.monotonic()
            result = subprocess.run(
                [node, str(ROOT / "tests" / "pyodide" / "run_notebook.mjs"), str(pyodide_dist.DIST),
                 str(ROOT), wheels, str(notebook)], cwd=ROOT, capture_output=True, text=True)
            seconds = time.monotonic() - started
            lines = result.stdout.strip().splitlines()
            try:
                summary = json.loads(lines[-1])
            except (IndexError, json.JSONDecodeError):
                summary = {"errors": [(result.stdout + result.stderr)[-3000:]]}
            if result.returncode != 0 and not summary["errors"]:
                summary["errors"] = [f"refused fetches: {summary.get('refused')}"]
            slowest = summary.get("slowest_cell", {})
            print(f"{'ok  ' if result.returncode == 0 else 'FAIL'} {notebook.name:<34} "
                  f"{seconds:5.1f} s  (slowest: code cell {slowest.get('number')}, "
                  f"{slowest.get('s')} s; {summary.get('images')} images, "
                  f"{summary.get('comm_messages')} widget messages)", flush=True)
            if result.returncode != 0:
                failed.append(notebook.name)
                print("\n".join(summary["errors"]))
    print(f"{len(notebooks) - len(failed)} of {len(notebooks)} notebooks ran under Pyodide "
          f"with no error in {time.monotonic() - total:.0f} s"
          + (f"; failed: {', '.join(failed)}" if failed else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
