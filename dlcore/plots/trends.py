"""Figures of chapter 5: measured speed, scaling, learning curves and shifts.

Each function draws on the given ``Axes`` (a new column-wide figure if
``ax`` is None) and returns it. Timings come from ``dl.efficiency``: a bar or
point is a ``Timing``'s fastest run (the least disturbed) and its whisker
reaches up to the median run. Accuracies come from training runs in the
chapter; nothing here measures or trains.
"""

from __future__ import annotations

import numpy as np

from dlcore.efficiency import Timing
from dlcore.plots.style import COLUMN_WIDTH, MUTED_COLOR, PALETTE

__all__ = ["plot_timings", "plot_scaling", "plot_batch_sizes",
           "plot_learning_curve", "plot_shift_accuracy", "plot_image_row",
           "plot_energy"]

EDGE = "#222222"


def _axes(ax, height):
    import matplotlib.pyplot as plt
    from matplotlib.axes import Axes

    if ax is None:
        _, ax = plt.subplots(figsize=(COLUMN_WIDTH, height),
                             layout="constrained")
    elif not isinstance(ax, Axes):
        raise TypeError(f"ax: expected a matplotlib Axes or None, "
                        f"got {type(ax).__name__}")
    return ax


def _timings(timings, arg="timings"):
    timings = list(timings)
    if not timings or not all(isinstance(t, Timing) for t in timings):
        raise TypeError(f"{arg}: expected a non-empty list of "
                        "dl.efficiency.Timing")
    best = np.array([t.low for t in timings])
    median = np.array([t.median for t in timings])
    return best, median


def plot_timings(labels, timings, ax=None, unit="ms", title=None):
    """Horizontal bars: the median time of each way of doing the same work,
    with the range of the repeats as a whisker (log scale)."""
    ax = _axes(ax, 0.5 + 0.45 * len(labels))
    best, median = _timings(timings)
    if len(labels) != len(best):
        raise ValueError(f"labels: expected {len(best)} labels, one per "
                         f"timing, got {len(labels)}")
    scale = {"s": 1.0, "ms": 1e3, "us": 1e6}[unit]
    rows = np.arange(len(best))[::-1]
    ax.barh(rows, best * scale, color=PALETTE[1], edgecolor=EDGE,
            linewidth=0.6, height=0.6)
    ax.errorbar(best * scale, rows,
                xerr=[np.zeros_like(best), (median - best) * scale],
                fmt="none", ecolor=EDGE, capsize=3, linewidth=1)
    ax.set_yticks(rows, labels)
    ax.set_xscale("log")
    ax.set_xlabel(f"time per call ({'µs' if unit == 'us' else unit}): "
                  "fastest run, whisker to the median")
    if title:
        ax.set_title(title)
    return ax


def plot_scaling(sizes, timings, exponents=(1, 2), ax=None, xlabel="size",
                 label="measured", color=None):
    """Measured time against size on log-log axes, with dashed lines of
    slope ``exponents`` (time proportional to size**p) through the last
    point, for comparison."""
    ax = _axes(ax, 3.2)
    best, median = _timings(timings)
    sizes = np.asarray(sizes, dtype=float)
    color = PALETTE[4] if color is None else color
    ax.errorbar(sizes, best * 1e3, yerr=[np.zeros_like(best),
                                         (median - best) * 1e3],
                fmt="o-", color=color, mec=EDGE, mew=0.6, capsize=3,
                label=label, zorder=3)
    styles = {1: ("--", "linear (∝ size)"),
              2: (":", "quadratic (∝ size²)")}
    for p in exponents:
        ls, text = styles.get(p, ("-.", f"∝ size^{p}"))
        ref = best[-1] * 1e3 * (sizes / sizes[-1]) ** p
        ax.plot(sizes, ref, ls, color=MUTED_COLOR, linewidth=1.4,
                label=text)
    from matplotlib.ticker import FuncFormatter, NullFormatter

    ax.set_xscale("log")
    ax.set_yscale("log")
    names, last = [], None      # label the sizes run, skipping crowded ones
    for v in sizes:
        keep = last is None or v / last >= 1.6
        names.append(f"{int(v):,}" if keep else "")
        last = v if keep else last
    ax.set_xticks(sizes, names)
    ax.xaxis.set_minor_formatter(NullFormatter())
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))
    ax.yaxis.set_minor_formatter(NullFormatter())
    ax.set_xlabel(xlabel)
    ax.set_ylabel("time (ms)")
    ax.legend(loc="upper left")
    return ax


def plot_batch_sizes(batch_sizes, epoch_timings, seconds_to_target,
                     axes=None, target=None):
    """Two panels: time per epoch, and time to reach the target accuracy
    (``seconds_to_target``, None for a run that never got there)."""
    import matplotlib.pyplot as plt

    if axes is None:
        _, axes = plt.subplots(1, 2, figsize=(COLUMN_WIDTH, 3.0),
                               layout="constrained")
    best, median = _timings(epoch_timings, "epoch_timings")
    x = np.arange(len(batch_sizes))
    names = [str(b) for b in batch_sizes]
    ax = axes[0]
    ax.bar(x, best * 1e3, color=PALETTE[1], edgecolor=EDGE, linewidth=0.6)
    ax.errorbar(x, best * 1e3, yerr=[np.zeros_like(best),
                                     (median - best) * 1e3],
                fmt="none", ecolor=EDGE, capsize=3)
    ax.set_xticks(x, names)
    ax.set_xlabel("batch size")
    ax.set_ylabel("ms per epoch")
    ax.set_title("one pass over the data")
    ax = axes[1]
    secs = np.array([np.nan if s is None else s for s in seconds_to_target],
                    dtype=float)
    ax.bar(x, secs, color=PALETTE[0], edgecolor=EDGE, linewidth=0.6)
    for xi, s in zip(x, secs):
        if np.isnan(s):
            ax.text(xi, 0, "not\nreached", ha="center", va="bottom",
                    fontsize=10, color=MUTED_COLOR)
    ax.set_xticks(x, names)
    ax.set_xlabel("batch size")
    ax.set_ylabel("seconds")
    what = "to the target" if target is None else f"to {target:.0%} accuracy"
    ax.set_title(f"time {what}")
    return axes


def plot_learning_curve(n_train, accuracy, ax=None, label="test accuracy",
                        color=None):
    """Test accuracy against the number of training examples (log x):
    ``accuracy (len(n_train), seeds)``, the mean as a line, every seed's
    run as a point."""
    ax = _axes(ax, 3.2)
    acc = np.asarray(accuracy, dtype=float)
    n = np.asarray(n_train, dtype=float)
    if acc.ndim != 2 or acc.shape[0] != len(n):
        raise ValueError(f"accuracy: expected shape ({len(n)}, seeds), "
                         f"got {acc.shape}")
    color = PALETTE[4] if color is None else color
    ax.plot(n, acc.mean(axis=1), "-", color=color, label=label)
    for j in range(acc.shape[1]):
        ax.scatter(n, acc[:, j], s=22, color=color, edgecolors=EDGE,
                   linewidths=0.6, zorder=3)
    ax.set_xscale("log")
    ax.set_xlabel("training examples")
    ax.set_ylabel("accuracy")
    ax.set_ylim(0, 1.02)
    ax.yaxis.set_major_formatter(lambda v, _: f"{v:.0%}")
    ax.legend(loc="lower right")
    return ax


def plot_shift_accuracy(shift_labels, accuracies, ax=None):
    """Grouped bars: accuracy of each model (``{name: (len(shift_labels),)}``)
    on the test digits moved by each shift."""
    ax = _axes(ax, 3.2)
    names = list(accuracies)
    x = np.arange(len(shift_labels))
    width = 0.8 / len(names)
    colors = [PALETTE[i] for i in (4, 0, 2, 6)]
    for i, name in enumerate(names):
        acc = np.asarray(accuracies[name], dtype=float)
        if acc.shape != (len(shift_labels),):
            raise ValueError(f"accuracies[{name!r}]: expected shape "
                             f"({len(shift_labels)},), got {acc.shape}")
        ax.bar(x + (i - (len(names) - 1) / 2) * width, acc, width,
               color=colors[i % len(colors)], edgecolor=EDGE,
               linewidth=0.6, label=name)
    ax.set_xticks(x, shift_labels)
    ax.set_xlabel("shift of every test digit (rows, columns)")
    ax.set_ylabel("test accuracy")
    ax.set_ylim(0, 1.0)
    ax.yaxis.set_major_formatter(lambda v, _: f"{v:.0%}")
    ax.legend(loc="upper right", ncols=len(names))
    return ax


def plot_image_row(images, titles, axes=None, cmaps=None, height=2.2):
    """Small images side by side, each with its title: digits in grey
    (ink dark), other arrays (feature maps, attention weights) in a
    diverging map centred on 0 unless ``cmaps`` says otherwise."""
    import matplotlib.pyplot as plt

    images = [np.asarray(im, dtype=float) for im in images]
    if len(titles) != len(images):
        raise ValueError(f"titles: expected {len(images)} titles, one per "
                         f"image, got {len(titles)}")
    if any(im.ndim != 2 for im in images):
        raise ValueError("images: expected 2-D arrays")
    if axes is None:
        _, axes = plt.subplots(1, len(images), layout="constrained",
                               figsize=(COLUMN_WIDTH, height))
    axes = np.atleast_1d(axes)
    cmaps = cmaps or ["gray_r" if im.min() >= 0 else "RdBu_r"
                      for im in images]
    for ax, im, title, cmap in zip(axes, images, titles, cmaps):
        if cmap == "RdBu_r":
            lim = float(np.abs(im).max()) or 1.0
            ax.imshow(im, cmap=cmap, vmin=-lim, vmax=lim)
        else:
            ax.imshow(im, cmap=cmap, vmin=0)
        ax.set_title(title, fontsize=10)
        ax.set_xticks([])
        ax.set_yticks([])
    return axes


def plot_energy(labels, joules, ax=None, colors=None):
    """Horizontal bars of energies (J) on a log scale, labelled in
    picojoules, first label on top."""
    ax = _axes(ax, 0.6 + 0.42 * len(labels))
    e = np.asarray(joules, dtype=float)
    if e.shape != (len(labels),) or (e <= 0).any():
        raise ValueError(f"joules: expected {len(labels)} positive "
                         f"energies, got {e!r}")
    rows = np.arange(len(e))[::-1]
    colors = colors or [PALETTE[1]] * len(e)
    ax.barh(rows, e * 1e12, color=colors, edgecolor=EDGE, linewidth=0.6,
            height=0.6)
    ax.set_yticks(rows, labels)
    ax.set_xscale("log")
    ax.set_xlabel("energy per operation (pJ, log scale)")
    return ax
