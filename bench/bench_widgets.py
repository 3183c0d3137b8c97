"""How fast the widgets of parts 3, 5 and 6 answer a change of a control.

    python bench/bench_widgets.py            # 25 control changes per measurement
    python bench/bench_widgets.py --quick    # 7

Every module of ``dlcore.widgets`` that declares ``CHAPTER``, ``FACTORY`` and
``BENCH_CHANGES`` is benchmarked (see :func:`tests.book.declared_widgets`): the widget
is built at its defaults, then each listed control is moved through its values and
each change is timed with :mod:`widget_timing`. Target: a median of 100 ms or less.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.widget_timing import TARGET_MS, bench_widget, machine_line  # noqa: E402
from tests.book import declared_widgets  # noqa: E402


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="7 changes instead of 25")
    args = parser.parse_args(argv)
    repeats = 7 if args.quick else 25
    print(machine_line(repeats))
    worst = 0.0
    for module in declared_widgets():
        factory = getattr(module, module.FACTORY)
        label = f"{module.FACTORY.replace('_', ' ')} ({module.CHAPTER})"
        worst = max(worst, bench_widget(label, factory, module.BENCH_CHANGES, repeats))
    print(f"slowest median {worst:.1f} ms (target {TARGET_MS:.0f} ms): "
          + ("ok" if worst <= TARGET_MS else "over target"))
    return 0 if worst <= TARGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
