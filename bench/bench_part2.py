"""How fast the widgets of part 2 (chapters 2.1-2.4) answer a change of a control.

    python bench/bench_part2.py            # 25 control changes per measurement
    python bench/bench_part2.py --quick    # 7

For each widget, in its default configuration, a control is moved back and forth
between values and the time from setting ``control.value`` to the new PNG being in
the widget's Image (compute + draw + encode, as the kernel does it) is measured.
Prints the median and the 90th percentile in milliseconds. Target (issue 9): a
median of 100 ms or less. The browser's own share (sending and showing the PNG) is
not included. Widgets that keep computed results (gradient flow, optimizer race) are
also timed with their cache emptied before each change: the cost of a first visit.
"""

from __future__ import annotations

import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import dlcore as dl  # noqa: E402
from bench import widget_timing  # noqa: E402


def cases():
    """(widget label, factory, [(control, values), ...]) for every part-2 widget."""
    out = [("network explorer (2.1)", dl.widgets.network_explorer,
            [("depth", [1, 3, 4, 2]), ("width", [3, 10, 16, 6]), ("activation", ["relu", "sigmoid"]),
             ("seed", [1, 2, 3])])]
    for name in ("activation_explorer", "gradient_flow_explorer", "loss_explorer",
                 "optimizer_race_widget"):
        if hasattr(dl.widgets, name):
            out.append(_more(name))
    return out


def _more(name):
    w = getattr(dl.widgets, name)
    chapter = {"loss_explorer": "2.3", "optimizer_race_widget": "2.4"}.get(name, "2.2")
    return (f"{name.replace('_', ' ')} ({chapter})", w, getattr(w, "BENCH_CHANGES", None) or
            getattr(sys.modules[w.__module__], "BENCH_CHANGES"))


def main(argv=None):
    return widget_timing.main(argv, __doc__.split("\n")[0], cases())


if __name__ == "__main__":
    sys.exit(main())
