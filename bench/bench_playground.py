"""How fast the training playground (chapter 4.2) answers a change of a control.

    python bench/bench_playground.py            # 25 repeats of each measurement
    python bench/bench_playground.py --quick    # 5 repeats

Prints, for the default configuration:

- ``run(default)``: training plus the decision-region grid (``dlcore.playground.run``);
- the figure update and PNG when the cached background is reused (the usual case)
  and when it must be redrawn (an axis limit changed), as the live widget draws
  them: 7 in wide at ``LIVE_DPI`` (1.5 pixels per CSS pixel), a 256-colour PNG;
- the neuron view (every unit's output over the plane, issue 13) the same way, at
  ``NEURON_LIVE_DPI``, for the default network and for the largest (4 x 64, 7 features);
- the widget's first picture, the snapshot the HTML book keeps (twice the CSS
  resolution, a full draw: once per widget);
- one full widget update (``TrainingPlayground.update()``: read the controls,
  make the data, train, draw, set the Image): a change without an event loop;
- live, in a kernel (issue 13): the first frame after a change (a new
  ``TrainingSession``, its grid, the figure update and PNG) and one frame
  while a run plays, and a frame's drawing alone (both images, no training).
  ``bench_playground_browser.py`` measures the same end to
  end in JupyterLab.

Target (issue 3): the default retrains and redraws in 100 ms or less. Times are
medians over the repeats (with the fastest in brackets), in milliseconds.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402

from dlcore import playground as pg  # noqa: E402
from dlcore import widgets  # noqa: E402
from dlcore.plots import playground as pgplots  # noqa: E402
from dlcore.plots.neuron_view import NeuronView  # noqa: E402

TARGET_MS = 100.0


def timeit(fn, repeats):
    """Median and minimum wall time of ``fn()`` in ms (after one warm-up call)."""
    fn()
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
        time.sleep(0.01)        # let idle BLAS threads settle between runs
    return statistics.median(times), min(times)


def show(label, med_min):
    med, best = med_min
    print(f"  {label:<52} {med:7.1f} ms  (fastest {best:.1f})")
    return med


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="5 repeats instead of 25")
    args = parser.parse_args(argv)
    repeats = 5 if args.quick else 25

    cfg = pg.PlaygroundConfig()
    print(f"machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
          f"NumPy {np.__version__}, matplotlib {matplotlib.__version__}")
    print(f"default: {cfg.dataset} ({cfg.n_samples} points, {cfg.classes} classes), "
          f"{cfg.hidden_layers}x{cfg.width} {cfg.activation}, {cfg.optimizer} lr {cfg.lr}, "
          f"batch {cfg.batch_size}, {cfg.epochs} epochs; {repeats} repeats")

    data = pg.make_data(cfg)
    result = pg.run(cfg)
    print(f"default result: train acc {result.accuracy:.1%}, val acc {result.val_accuracy:.1%}, "
          f"{result.headline}")

    print("compute")
    show("make_data(default)", timeit(lambda: pg.make_data(cfg), repeats))
    run_ms = show("run(default): train + decision grid", timeit(lambda: pg.run(cfg, data=data), repeats))

    print("draw")
    live_dpi = widgets.playground.LIVE_DPI
    t0 = time.perf_counter()
    fig = pgplots.PlaygroundFigure(result, dpi=live_dpi)
    fig.halves_png(colors=256)
    print(f"  {'first figure (create + full draw + PNGs)':<52} {(time.perf_counter() - t0) * 1000:7.1f} ms")
    show("snapshot PNGs at 2x (full draw, once per widget)",
         timeit(lambda: fig.halves_png(dpi=pgplots.CSS_DPI * pgplots.RETINA), max(3, repeats // 5)))
    show("update + its two PNGs, cached background",
         timeit(lambda: fig.update(result).halves_png(colors=256), repeats))

    def full_redraw():
        fig._background = None
        fig.update(result).halves_png(colors=256)

    show("update + its two PNGs, background redrawn", timeit(full_redraw, repeats))

    neuron_dpi = widgets.playground.NEURON_LIVE_DPI
    view = NeuronView(result, dpi=neuron_dpi)
    show(f"neuron view update + to_png ({view.nodes} units)",
         timeit(lambda: view.update(result).to_png(colors=256), repeats))
    big = pg.run(cfg.replace(hidden_layers=4, width=64, features=pg.FEATURES, epochs=2))
    big_view = NeuronView(big, dpi=neuron_dpi)
    show(f"neuron view update + to_png, 4x64, 7 features ({big_view.n_links} links)",
         timeit(lambda: big_view.update(big).to_png(colors=256), repeats))

    print("widget")
    w = widgets.training_playground()
    total = show("one full widget update (usual: cached background)", timeit(w.update, repeats))

    def cold_update():
        w.figure._background = None
        w.update()

    worst = show("one full widget update, background redrawn", timeit(cold_update, repeats))

    print("live (training you watch)")

    def first_frame():
        w.session = pg.TrainingSession(cfg, data=data)
        w._show_frame(w.session.frame())

    first = show("first frame after a change (session + grid + draw)", timeit(first_frame, repeats))

    def one_chunk_and_frame():
        if w.session.done:
            w.session.reset()
        w.session.train(5)
        w._show_frame(w.session.frame())

    show("a frame while playing (5 epochs + grid + draw)", timeit(one_chunk_and_frame, repeats))
    frame = w.session.frame()
    draw = show("a frame's drawing alone (regions + neuron view, no training)",
                timeit(lambda: w._show_frame(frame), repeats))

    verdict = "OK" if draw <= TARGET_MS else "MISSED"
    print(f"target: a frame's drawing (both images) <= {TARGET_MS:.0f} ms: {verdict}")
    verdict = "OK" if first <= TARGET_MS else "MISSED"
    print(f"target: first frame after a change <= {TARGET_MS:.0f} ms (kernel side): {verdict}")
    verdict = "OK" if total <= TARGET_MS else "MISSED"
    print(f"target: default retrain + redraw <= {TARGET_MS:.0f} ms: {verdict} "
          f"({total:.0f} ms usual, {worst:.0f} ms when an axis limit changes; run(default) {run_ms:.0f} ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
