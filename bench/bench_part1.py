"""How fast part 1's three neuron widgets answer a change of a control.

    python bench/bench_part1.py            # 30 changes per control
    python bench/bench_part1.py --quick    # 8 changes per control

For each widget in its default configuration, every control is moved back and
forth between neighbouring values (what a reader does with a slider) and the
whole ``update`` is timed: read the controls, compute, redraw, encode the PNG
and set the Image. Printed: median and 90th percentile in ms, per control and
per widget, with the time to build the widget (which precomputes the
Hodgkin-Huxley traces and f-I curve). Target (issue 8): a median of 100 ms or less.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.widget_timing import TARGET_MS, machine_line  # noqa: E402
from dlcore import widgets  # noqa: E402


def moves(control, n):
    """``n`` values alternating between the control's value and a neighbour."""
    if hasattr(control, "options") and not hasattr(control, "step"):
        values = [v for _, v in control.options] if isinstance(control.options[0], tuple) else list(control.options)
        return [values[i % len(values)] for i in range(1, n + 1)]
    v, step = control.value, control.step
    other = v + step if v + step <= control.max else v - step
    return [other if i % 2 == 0 else v for i in range(n)]


def bench(name, build, n):
    t0 = time.perf_counter()
    w = build()
    built = (time.perf_counter() - t0) * 1000
    print(f"{name}: built in {built:.0f} ms")
    everything = []
    for key, control in w.controls.items():
        times = []
        for value in moves(control, n):
            t = time.perf_counter()
            control.value = value
            times.append((time.perf_counter() - t) * 1000)
            time.sleep(0.005)
        everything += times
        print(f"  {key:<12} median {statistics.median(times):6.1f} ms   p90 {np.percentile(times, 90):6.1f} ms")
    med, p90 = statistics.median(everything), float(np.percentile(everything, 90))
    verdict = "ok" if med <= TARGET_MS else "SLOWER THAN TARGET"
    print(f"  {'all':<12} median {med:6.1f} ms   p90 {p90:6.1f} ms   ({verdict})")
    return med


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="8 changes per control instead of 30")
    args = parser.parse_args(argv)
    n = 8 if args.quick else 30
    print(machine_line(n))
    medians = [
        bench("membrane_explorer (1.1)", widgets.membrane_explorer, n),
        bench("fi_explorer (1.1)", widgets.fi_explorer, n),
        bench("neuron_explorer (1.2)", widgets.neuron_explorer, n),
    ]
    return 0 if max(medians) <= TARGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
