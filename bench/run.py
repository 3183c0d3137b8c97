"""Run every benchmark in this folder (``make bench``).

    python bench/run.py                 # every bench_*.py, in name order
    python bench/run.py training        # only those whose name contains "training"
    python bench/run.py --quick         # short smoke runs (passed to benchmarks that accept --quick)

Each benchmark runs in its own process with this Python; its output is shown as it
comes. The exit status is non-zero if any benchmark failed.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(argv: list[str]) -> int:
    quick = "--quick" in argv
    filters = [a for a in argv if not a.startswith("-")]
    scripts = sorted(p for p in HERE.glob("bench_*.py") if not filters or any(f in p.stem for f in filters))
    if not scripts:
        print(f"no benchmark matches {filters}" if filters else f"no bench_*.py in {HERE}")
        return 1
    failed = []
    for script in scripts:
        args = [sys.executable, str(script)]
        if quick and "--quick" in script.read_text(encoding="utf-8"):
            args.append("--quick")
        print(f"=== {script.name} ===", flush=True)
        start = time.perf_counter()
        code = subprocess.call(args, cwd=HERE.parent)
        print(f"=== {script.name}: {'ok' if code == 0 else f'FAILED (exit {code})'} "
              f"in {time.perf_counter() - start:.1f} s ===\n", flush=True)
        if code:
            failed.append(script.name)
    if failed:
        print("failed: " + ", ".join(failed))
        return 1
    print(f"all {len(scripts)} benchmark(s) ran")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
