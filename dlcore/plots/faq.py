"""The figures of chapter 6 (FAQ): loss curves that blow up, decision regions, the
learning-rate range test, gradient norms per layer, a learning-rate sweep, and
training against validation curves.

Each function takes the data to draw and returns a new
:class:`matplotlib.figure.Figure` (Agg canvas, not managed by pyplot) drawn in the
book's style for the 7 in content column; a chapter shows it with
``dl.plots.as_png(fig)``. Non-finite numbers (a diverged run) are never drawn as
lines: the last finite point of such a curve is marked with a cross in
:data:`~dlcore.plots.style.ERROR_COLOR`.
"""

from __future__ import annotations

import numpy as np
from matplotlib import rc_context

from dlcore import _checks as C
from dlcore.plots.playground import region_image
from dlcore.plots.style import (
    CLASS_COLORS, COLUMN_WIDTH, ERROR_COLOR, MUTED_COLOR, PALETTE, RC, new_figure, point_style,
)

__all__ = ["loss_curves_figure", "decision_regions_figure", "range_test_figure",
           "layer_norms_figure", "lr_sweep_figure", "overfitting_figure", "CURVE_COLORS",
           "MAX_DECADES"]

#: A log axis spanning more decades than this is drawn as log10 values instead.
MAX_DECADES = 30

#: Colours of the curves of one figure, in order (Okabe–Ito: blue, orange, green,
#: reddish purple, sky blue, black).
CURVE_COLORS = (PALETTE[4], PALETTE[0], PALETTE[2], PALETTE[6], PALETTE[1], PALETTE[7])


def _curves(curves, arg="curves") -> dict:
    """``{label: float64 1-D array}`` from a dict of sequences (at least one, each non-empty)."""
    if not isinstance(curves, dict) or not curves:
        raise TypeError(f"{arg}: expected a non-empty dict label -> values, got {C.describe(curves)}")
    if len(curves) > len(CURVE_COLORS):
        raise ValueError(f"{arg}: expected at most {len(CURVE_COLORS)} curves, got {len(curves)}")
    return {str(k): C.as_array(v, f"{arg}[{k!r}]", ndim=1, finite=False) for k, v in curves.items()}


def _draw_curve(ax, x, v, color, label, **kw):
    """Draw the finite part of ``v`` against ``x``; a cross where a non-finite value follows."""
    ok = np.isfinite(v)
    y = np.where(ok, v, np.nan)
    (line,) = ax.plot(x, y, color=color, label=label, **kw)
    if not ok.all() and ok.any():
        last = np.flatnonzero(ok)[-1]
        ax.plot(x[last], v[last], "X", color=ERROR_COLOR, markersize=10,
                markeredgecolor="#222222", markeredgewidth=0.6, zorder=5)
    return line


def _log10(v):
    """log10 of the finite positive entries of ``v``; inf elsewhere (not drawn)."""
    out = np.full(v.shape, np.inf)
    ok = np.isfinite(v) & (v > 0)
    out[ok] = np.log10(v[ok])
    return out


def _log_limits(series, pad: float = 0.05):
    """Limits of a log axis around the finite positive values of ``series``, padded by
    ``pad`` of the span in decades and kept inside float64 (matplotlib's own padding
    overflows for a curve that reaches 1e300)."""
    values = np.concatenate([v[np.isfinite(v) & (v > 0)] for v in series])
    if values.size == 0:
        return 0.1, 10.0
    lo, hi = np.log10(values.min()), np.log10(values.max())
    margin = max(pad * (hi - lo), 0.1)
    return 10 ** max(lo - margin, -300.0), 10 ** min(hi + margin, 300.0)


def _figure(width, height):
    return new_figure(width, height)


def loss_curves_figure(curves, log: bool = True, xlabel: str = "epoch", ylabel: str = "loss",
                       title: str | None = None, width: float = COLUMN_WIDTH, height: float = 3.0):
    """One panel: each ``curves[label]`` (a 1-D sequence, entry i at x = i + 1) as a line,
    on a log y axis if ``log``. When the values span more than ``MAX_DECADES`` powers of
    ten (a run that overflows reaches 1e308), the log axis would be unreadable, so the
    curves are drawn as log10 of the values on a linear axis ("log10 loss"). A curve that
    ends in inf/NaN gets a cross at its last finite point. Returns the Figure;
    ``fig.lines_by_label`` maps label -> Line2D, ``fig.decades`` is True in the log10 case."""
    curves = _curves(curves)
    lo, hi = _log_limits(curves.values(), pad=0.0)
    decades = bool(log and np.log10(hi) - np.log10(lo) > MAX_DECADES)
    if decades:
        curves = {k: _log10(v) for k, v in curves.items()}
        ylabel, log = f"log$_{{10}}$ {ylabel}", False
    with rc_context(RC):
        fig = _figure(width, height)
        ax = fig.add_axes([0.1, 0.17, 0.86, 0.72] if title is None else [0.1, 0.17, 0.86, 0.68])
        fig.lines_by_label, fig.decades = {}, decades
        for (label, v), color in zip(curves.items(), CURVE_COLORS):
            fig.lines_by_label[label] = _draw_curve(ax, np.arange(1, len(v) + 1), v, color, label)
        if log:
            ax.set_yscale("log")
            ax.set_ylim(*_log_limits(curves.values()))
        ax.set_xlabel(xlabel)
        ax.set_ylabel(ylabel)
        if title:
            ax.set_title(title, loc="left")
        ax.legend(loc="best")
    return fig


def decision_regions_figure(panels, X, y, n_grid: int = 120, pad: float = 0.3,
                            width: float = COLUMN_WIDTH, height: float = 3.0):
    """Side-by-side decision regions: ``panels`` maps a title to a trained 2-input model
    (anything with ``predict``: probabilities (m, 1) after a sigmoid, or (m, k) scores) and
    ``X (n, 2)``, ``y (n,)`` are the points drawn on every panel. Returns the Figure;
    ``fig.axes`` are the panels in order."""
    X = C.as_array(X, "X", ndim=2)
    if X.shape[1] != 2:
        raise ValueError(f"X: expected 2 features (columns) to draw, got shape {X.shape}")
    y = C.as_labels(y, "y", n_classes=len(CLASS_COLORS))
    C.same_length(X, y, "X", "y")
    if not isinstance(panels, dict) or not panels:
        raise TypeError(f"panels: expected a non-empty dict title -> model, got {C.describe(panels)}")
    n_grid = C.check_int(n_grid, "n_grid", minimum=10)
    x0, y0 = X.min(axis=0) - pad
    x1, y1 = X.max(axis=0) + pad
    gx, gy = np.meshgrid(np.linspace(x0, x1, n_grid), np.linspace(y0, y1, n_grid))
    grid = np.column_stack([gx.ravel(), gy.ravel()])
    k = len(panels)
    with rc_context(RC):
        fig = _figure(width, height)
        gap, left = 0.03, 0.02
        w = (1 - left - gap * k) / k
        for i, (title, model) in enumerate(panels.items()):
            ax = fig.add_axes([left + i * (w + gap), 0.04, w, 0.84])
            p = np.asarray(model.predict(grid), dtype=float)
            probs = np.concatenate([1 - p, p], axis=1) if p.shape[1] == 1 else _softmax(p)
            ax.imshow(region_image(probs.reshape(n_grid, n_grid, -1)), origin="lower",
                      extent=(x0, x1, y0, y1), interpolation="bilinear", aspect="auto")
            ax.scatter(X[:, 0], X[:, 1], c=[CLASS_COLORS[c] for c in y], **point_style(16, linewidth=0.4))
            ax.set_xlim(x0, x1)
            ax.set_ylim(y0, y1)
            ax.set_xticks([])
            ax.set_yticks([])
            ax.set_title(str(title), fontsize=10)
    return fig


def _softmax(z):
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def range_test_figure(result, width: float = COLUMN_WIDTH, height: float = 3.0):
    """The learning-rate range test: raw minibatch losses (faint), the smoothed loss, and
    vertical lines at the lr of the lowest smoothed loss and at the suggested lr (a tenth
    of it). ``result`` is what ``dl.lr_range_test`` returns. Returns the Figure;
    ``fig.suggested_line`` is the suggestion's vertical line."""
    lrs, raw, smooth = result.lrs, result.losses, result.smoothed
    with rc_context(RC):
        fig = _figure(width, height)
        ax = fig.add_axes([0.1, 0.17, 0.86, 0.75])
        _draw_curve(ax, lrs, raw, PALETTE[1], "minibatch loss", linewidth=0.8, alpha=0.7)
        _draw_curve(ax, lrs, smooth, PALETTE[4], "smoothed")
        ax.axvline(result.lr_at_min, color=MUTED_COLOR, linestyle=":", label="lowest smoothed")
        fig.suggested_line = ax.axvline(result.suggested_lr, color=PALETTE[5], linestyle="--",
                                        label=f"suggested lr {result.suggested_lr:.2g}")
        ax.set_xscale("log")
        finite = smooth[np.isfinite(smooth)]
        top = max(1.5 * float(finite[0]), 1.1 * float(finite.max()))  # the blow-up leaves the panel
        ax.set_ylim(0, top)
        ax.set_xlabel("learning rate (log scale)")
        ax.set_ylabel("loss")
        ax.legend(loc="best")
    return fig


def layer_norms_figure(norms, width: float = COLUMN_WIDTH, height: float = 3.0):
    """Gradient norm ||dW_l|| per layer l = 1..L (input side first) on a log axis, one line
    per ``norms[label]`` (1-D arrays, e.g. from ``dl.gradient_flow.layer_gradient_norms``).
    Returns the Figure; ``fig.lines_by_label`` maps label -> Line2D."""
    norms = _curves(norms, "norms")
    with rc_context(RC):
        fig = _figure(width, height)
        ax = fig.add_axes([0.1, 0.17, 0.86, 0.75])
        fig.lines_by_label = {}
        for (label, v), color in zip(norms.items(), CURVE_COLORS):
            line = _draw_curve(ax, np.arange(1, len(v) + 1), v, color, label, marker="o",
                               markeredgecolor="#222222", markeredgewidth=0.6)
            fig.lines_by_label[label] = line
        ax.set_yscale("log")
        ax.set_xlabel("layer (1 = next to the input)")
        ax.set_ylabel(r"gradient norm $\|dW_l\|$")
        ax.legend(loc="best")
    return fig


def lr_sweep_figure(lrs, finals, ylabel: str = "final training loss",
                    width: float = COLUMN_WIDTH, height: float = 3.0):
    """Final loss against the learning rate (log x axis) for each optimizer:
    ``finals[name]`` is a 1-D array like ``lrs`` (inf/NaN for a diverged run, drawn as a
    cross at the top of the panel). Returns the Figure; ``fig.lines_by_label`` maps
    name -> Line2D."""
    lrs = C.as_array(lrs, "lrs", ndim=1)
    finals = _curves(finals, "finals")
    for name, v in finals.items():
        C.same_shape(lrs, v, "lrs", f"finals[{name!r}]")
    finite = np.concatenate([v[np.isfinite(v)] for v in finals.values()])
    top = 1.1 * float(finite.max()) if finite.size else 1.0
    with rc_context(RC):
        fig = _figure(width, height)
        ax = fig.add_axes([0.1, 0.17, 0.86, 0.75])
        fig.lines_by_label = {}
        for (name, v), color in zip(finals.items(), CURVE_COLORS):
            ok = np.isfinite(v)
            (line,) = ax.plot(lrs, np.where(ok, v, np.nan), "o-", color=color, label=name,
                              markeredgecolor="#222222", markeredgewidth=0.6)
            if not ok.all():
                ax.plot(lrs[~ok], np.full((~ok).sum(), top), "X", color=ERROR_COLOR, markersize=9,
                        markeredgecolor="#222222", markeredgewidth=0.6)
            fig.lines_by_label[name] = line
        ax.set_xscale("log")
        ax.set_ylim(0, top * 1.05)
        ax.set_xlabel("learning rate (log scale)")
        ax.set_ylabel(ylabel)
        ax.legend(loc="best")
    return fig


def overfitting_figure(histories, best_epoch: int | None = None, log: bool = False,
                       width: float = COLUMN_WIDTH, height: float = 3.2):
    """Training (dashed) and validation (solid) loss of each run, ``histories[label]`` a
    ``dl.History`` with validation data; one colour per run. ``best_epoch``: a vertical
    line at the epoch early stopping kept. Returns the Figure; ``fig.val_lines`` and
    ``fig.train_lines`` map label -> Line2D."""
    if not isinstance(histories, dict) or not histories:
        raise TypeError(f"histories: expected a non-empty dict label -> History, got {C.describe(histories)}")
    for label, h in histories.items():
        if not getattr(h, "val_loss", None):
            raise ValueError(f"histories[{label!r}]: expected a History with val_loss (train with X_val, y_val)")
    with rc_context(RC):
        fig = _figure(width, height)
        ax = fig.add_axes([0.09, 0.16, 0.5, 0.76])
        fig.val_lines, fig.train_lines = {}, {}
        for (label, h), color in zip(histories.items(), CURVE_COLORS):
            epochs = np.arange(1, len(h.loss) + 1)
            fig.train_lines[label] = _draw_curve(ax, epochs, np.asarray(h.loss, float), color,
                                                 f"{label}, training", linestyle="--", linewidth=1.3)
            fig.val_lines[label] = _draw_curve(ax, epochs, np.asarray(h.val_loss, float), color,
                                               f"{label}, validation")
        if best_epoch is not None:
            ax.axvline(C.check_int(best_epoch, "best_epoch"), color=MUTED_COLOR, linestyle=":",
                       label="epoch early stopping keeps")
        if log:
            ax.set_yscale("log")
        ax.set_xlabel("epoch")
        ax.set_ylabel("loss")
        ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0))
    return fig
