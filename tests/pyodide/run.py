"""``make test-pyodide``: dlcore's unit tests under Pyodide (32-bit WebAssembly) in Node.

The live edition of the book runs dlcore in the reader's browser, under Pyodide, where
NumPy's index integer (intp) is int32 and there is always a running event loop. This
runs every unit test that needs neither ipywidgets, a browser nor a subprocess there
(the plot tests included, with Pyodide's matplotlib 3.8), with the Pyodide distribution of ``tools/pyodide_dist.py``. Where Node
or that distribution is not available the run is skipped with a message, unless
``N2N_REQUIRE_PYODIDE`` is set (``make test`` sets it under CI): then it fails.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT))

from tools import pyodide_dist  # noqa: E402

#: A test module that uses any of these cannot run under Pyodide in Node.
NEEDS_MORE = re.compile(r"ipywidgets|dl\.widgets|dlcore\.widgets"
                        r"|subprocess|playwright|from tests import book|tests\.book|live_edition")


def selected_tests() -> list[str]:
    """The unit-test modules that use only NumPy, matplotlib and dlcore without widgets."""
    return [str(p.relative_to(ROOT)) for p in sorted((ROOT / "tests").glob("test_*.py"))
            if not NEEDS_MORE.search(p.read_text(encoding="utf-8"))]


def main(argv: list[str]) -> int:
    required = bool(os.environ.get("N2N_REQUIRE_PYODIDE"))
    node = shutil.which("node")
    status = pyodide_dist.main() if node else 2
    if status != 0 or not node:
        reason = "Node.js not found" if not node else "no Pyodide distribution (see above)"
        print(f"{'FAILED' if required else 'skipped'}: dlcore's tests under Pyodide: {reason}")
        return 1 if required or status == 1 else 0
    tests = argv or selected_tests()
    command = [node, str(ROOT / "tests" / "pyodide" / "run_tests.mjs"), str(pyodide_dist.DIST),
               str(ROOT), "-q", "-m", "not browser", *tests]
    return subprocess.call(command, cwd=ROOT)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
