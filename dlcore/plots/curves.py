"""Training curves (loss, accuracy) of any :class:`~dlcore.train.History`, and the
log-axis helpers the playground's figures share; every chapter may use them
(first in chapter 4.2)."""

from __future__ import annotations

import functools

import numpy as np
from matplotlib import rc_context
from matplotlib.ticker import FuncFormatter, LogLocator, MaxNLocator, NullFormatter, NullLocator

from dlcore.plots.style import RC

__all__ = ["plot_history", "TRAIN_COLOR", "VAL_COLOR"]

TRAIN_COLOR = "#0072B2"
VAL_COLOR = "#E69F00"


def _styled(func):
    """Run a drawing function with the book's rcParams, whether or not the
    notebook called ``book_style()``."""
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        with rc_context(RC):
            return func(*args, **kwargs)

    return wrapper


def _finite(values):
    v = np.asarray(values, dtype=float)
    return v[np.isfinite(v)]


def _log_limits(*series):
    vals = np.concatenate([_finite(s) for s in series] or [np.array([])])
    vals = vals[vals > 0]
    if vals.size == 0:
        return 1e-3, 1.0
    lo, hi = vals.min(), vals.max()
    if hi / lo < 10:   # keep at least one decade so the axis has a labelled tick
        mid = np.sqrt(lo * hi)
        lo, hi = mid / np.sqrt(10), mid * np.sqrt(10)
    return lo / 1.3, hi * 1.3


def _snapped_log_limits(*series):
    """Log-axis limits on half-decades (..., 0.1, 0.316, 1, 3.16, ...) around the finite
    positive values, so that most updates keep the same limits."""
    vals = np.concatenate([_finite(s) for s in series] or [np.array([])])
    vals = vals[vals > 0]
    if vals.size == 0:
        return 0.01, 10.0
    lo = np.floor(2 * np.log10(vals.min()) - 0.1) / 2
    hi = np.ceil(2 * np.log10(vals.max()) + 0.1) / 2
    return float(10 ** lo), float(10 ** hi)


def _sticky_log_limits(current, *series):
    """Keep the ``current`` log-axis limits while they still frame the data well
    (everything inside, at most 1.5 decades to spare below and one above); otherwise
    snap to new half-decade limits. Fewer limit changes mean fewer full redraws."""
    vals = np.concatenate([_finite(s) for s in series] or [np.array([])])
    vals = vals[vals > 0]
    if vals.size == 0:
        return tuple(current)
    lo, hi = float(current[0]), float(current[1])
    if 0 < lo <= vals.min() and hi >= vals.max() and vals.min() / lo < 31 and hi / vals.max() < 10:
        return lo, hi
    return _snapped_log_limits(vals)


def _epochs(values):
    return np.arange(1, len(values) + 1)


_SUPERSCRIPT = str.maketrans("-0123456789", "\u207b\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079")


def _plain(v, _pos=None) -> str:
    """Tick label ``0.01`` rather than mathtext ``10^{-2}`` (much faster to draw); a power
    of ten below 0.01 or above 1000 as ``10⁻³``, ``10⁶`` (plain text too, and no wider
    than four digits, so that it fits beside its axis)."""
    if v > 0 and (v < 0.01 or v > 1000):
        exponent = round(np.log10(v))
        if np.isclose(v, 10.0 ** exponent):
            return "10" + str(exponent).translate(_SUPERSCRIPT)
    return f"{v:g}"


def _style_curve_axes(ax, log=False):
    ax.tick_params(length=3, pad=2)
    ax.xaxis.set_major_locator(MaxNLocator(4, integer=True))
    if log:
        ax.set_yscale("log")
        ax.yaxis.set_major_locator(LogLocator(base=10, numticks=4))
        ax.yaxis.set_minor_locator(NullLocator())
        ax.yaxis.set_minor_formatter(NullFormatter())
        ax.yaxis.set_major_formatter(FuncFormatter(_plain))
    else:
        ax.yaxis.set_major_locator(MaxNLocator(4))
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.grid(True, color="0.9", linewidth=0.8)



@_styled
def plot_history(ax, history, metric: str = "loss", log: bool | None = None,
                 labels=("train", "validation"), colors=(TRAIN_COLOR, VAL_COLOR), **line_kw):
    """Draw ``history``'s training and validation curves for ``metric`` on ``ax``.

    ``metric`` is ``"loss"`` (log y axis by default) or ``"accuracy"``.
    Non-finite values (a diverged run) are left out. Returns the list of
    lines drawn (the validation line only when the history has one).
    """
    if metric not in ("loss", "accuracy"):
        raise ValueError(f"metric must be 'loss' or 'accuracy'; got {metric!r}")
    train = list(getattr(history, metric))
    val = list(getattr(history, "val_" + metric))
    log = (metric == "loss") if log is None else log
    lines = []
    for values, label, color in ((train, labels[0], colors[0]), (val, labels[1], colors[1])):
        if not values:
            continue
        v = np.asarray(values, dtype=float)
        v = np.where(np.isfinite(v), v, np.nan)
        (line,) = ax.plot(_epochs(v), v, label=label, color=color, **line_kw)
        lines.append(line)
    _style_curve_axes(ax, log=log)
    ax.set_xlabel("epoch")
    ax.set_ylabel(metric)
    if metric == "accuracy":
        ax.set_ylim(0, 1.02)
    elif log:
        ax.set_ylim(*_log_limits(train, val))
    if lines:
        ax.legend()
    return lines
