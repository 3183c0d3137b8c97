"""Shared by the widget benchmarks: time a control change, report median and p90.

A change is timed from setting ``control.value`` to the widget's new PNG being in its
Image (compute + draw + encode, as the kernel does it); the browser's share is not
included. Target (the design notes): a median of 100 ms or less.
"""

from __future__ import annotations

import os
import platform
import statistics
import time

import matplotlib
import numpy as np

TARGET_MS = 100.0


def machine_line(repeats: int) -> str:
    """One line naming the machine and the versions, for the top of a report."""
    return (f"machine: {platform.machine()}, {os.cpu_count()} CPUs, Python "
            f"{platform.python_version()}, NumPy {np.__version__}, matplotlib "
            f"{matplotlib.__version__}; load {os.getloadavg()[0]:.1f}; {repeats} changes each")


def measure(widget, name, values, repeats, cold=False):
    """Times (ms) of ``repeats`` changes of ``widget.controls[name]`` cycling through
    ``values`` (``cold``: the widget's ``_cache`` is emptied before each change)."""
    control = widget.controls[name]
    start = control.value
    times = []
    for i in range(repeats):
        value = values[i % len(values)]
        if value == control.value:
            value = start
        if cold:
            widget._cache.clear()
        t0 = time.perf_counter()
        control.value = value
        times.append((time.perf_counter() - t0) * 1000)
        time.sleep(0.01)                 # let idle BLAS threads settle
    control.value = start
    return times


def report(label, times) -> float:
    """Print one line (median, p90, ok or SLOW) and return the median."""
    med = statistics.median(times)
    p90 = float(np.percentile(times, 90))
    flag = "ok" if med <= TARGET_MS else "SLOW"
    print(f"  {label:<46} median {med:6.1f} ms  p90 {p90:6.1f} ms  {flag}")
    return med


def bench_widget(label, factory, changes, repeats) -> float:
    """Build one widget, time every control change in ``changes``; the slowest median."""
    t0 = time.perf_counter()
    widget = factory()
    print(f"{label}: built in {(time.perf_counter() - t0) * 1000:.0f} ms")
    worst = 0.0
    for control, values in changes:
        worst = max(worst, report(f"change {control}", measure(widget, control, values, repeats)))
        if hasattr(widget, "_cache"):      # widgets that keep results: the first visit too
            worst = max(worst, report(f"change {control}, nothing cached",
                                      measure(widget, control, values, repeats, cold=True)))
    return worst


def main(argv, description: str, cases) -> int:
    """A widget benchmark's command line: ``--quick`` (7 changes instead of 25), the machine
    line, every case ``(label, factory, changes)`` timed, the slowest median against the
    target. Exit status 1 if it is over the target."""
    import argparse

    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--quick", action="store_true", help="7 changes instead of 25")
    repeats = 7 if parser.parse_args(argv).quick else 25
    print(machine_line(repeats))
    worst = max((bench_widget(label, factory, changes, repeats)
                 for label, factory, changes in cases), default=0.0)
    print(f"slowest median {worst:.1f} ms (target {TARGET_MS:.0f} ms): "
          + ("ok" if worst <= TARGET_MS else "over target"))
    return 0 if worst <= TARGET_MS else 1
