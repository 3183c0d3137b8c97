"""How fast the widgets of parts 3, 5 and 6 answer a change of a control.

    python bench/bench_widgets.py            # 25 control changes per measurement
    python bench/bench_widgets.py --quick    # 7

Every module of ``dlcore.widgets`` that declares ``CHAPTER``, ``FACTORY`` and
``BENCH_CHANGES`` is benchmarked (see :func:`tests.book.declared_widgets`): the widget
is built at its defaults, then each listed control is moved through its values and
each change is timed with :mod:`widget_timing`. Target: a median of 100 ms or less.
"""

from __future__ import annotations

import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import widget_timing  # noqa: E402
from tests.book import declared_widgets  # noqa: E402


def cases():
    """(label, factory, changes) for every widget module that declares its chapter."""
    for module in declared_widgets():
        yield (f"{module.FACTORY.replace('_', ' ')} ({module.CHAPTER})",
               getattr(module, module.FACTORY), module.BENCH_CHANGES)


def main(argv=None):
    return widget_timing.main(argv, __doc__.split("\n")[0], cases())


if __name__ == "__main__":
    sys.exit(main())
