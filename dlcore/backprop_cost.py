"""What a gradient costs: backpropagation against finite differences (chapter 3.2).

Counting the multiply-adds of the matrix products (they dominate; the
activations and the bias additions are a lower-order term) for a batch of n
rows through layers of sizes n_0, n_1, ..., n_L:

    forward pass             F = n * sum_l n_{l-1} n_l
    backward pass            2 F   (dW_l = A_{l-1}^T delta_l and delta_l W_l^T)
    one gradient, backprop   3 F, whatever the number P of weights
    one gradient, central
    finite differences       2 P F  (two forward passes per weight)

so finite differences cost 2P/3 times as much. ``operation_counts`` counts,
``time_gradients`` measures both on this machine (median of repeats, ratios).
"""

from __future__ import annotations

import time

import numpy as np

from . import _checks as C
from . import losses as _losses
from .gradcheck import numeric_gradient
from .model import MLP

__all__ = ["operation_counts", "time_gradients", "cost_sweep"]


def _sizes(sizes):
    if isinstance(sizes, (str, bytes)) or not hasattr(sizes, "__len__"):
        raise TypeError(f"sizes: expected a list of layer sizes such as [2, 8, 1], "
                        f"got {C.describe(sizes)}")
    if len(sizes) < 2:
        raise ValueError(f"sizes: expected at least 2 layer sizes, got {list(sizes)}")
    return [C.check_int(s, f"sizes[{i}]") for i, s in enumerate(sizes)]


def operation_counts(sizes, n: int = 1) -> dict:
    """Multiply-adds of one gradient for an MLP of ``sizes`` and a batch of ``n`` rows.

    Returns a dict: ``n_params`` P, ``forward`` F, ``backward`` 2F, ``backprop``
    3F (forward + backward), ``finite_differences`` 2PF, and ``ratio`` = 2P/3.
    """
    sizes = _sizes(sizes)
    n = C.check_int(n, "n")
    pairs = list(zip(sizes[:-1], sizes[1:]))
    n_params = sum(a * b + b for a, b in pairs)
    forward = n * sum(a * b for a, b in pairs)
    return {"n_params": n_params, "forward": forward, "backward": 2 * forward,
            "backprop": 3 * forward, "finite_differences": 2 * n_params * forward,
            "ratio": 2 * n_params / 3}


def _setup(sizes, n, seed):
    model = MLP(sizes, activation="tanh", output_activation="identity", seed=seed)
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, sizes[0]))
    y = rng.normal(size=(n, sizes[-1]))
    return model, X, y


def _calls(fn, target):
    """How many calls of ``fn`` take about ``target`` seconds (at least 1)."""
    t0 = time.perf_counter()
    fn()
    once = max(time.perf_counter() - t0, 1e-7)
    return int(np.clip(target / once, 1, 10_000))


def _seconds_per_call(fn, calls):
    t0 = time.perf_counter()
    for _ in range(calls):
        fn()
    return (time.perf_counter() - t0) / calls


def time_gradients(sizes, n: int = 32, repeats: int = 5, seed=0,
                   target: float = 0.02) -> dict:
    """Seconds per gradient by backprop and by central differences, ``repeats`` times.

    A tanh MLP of ``sizes`` (identity output, MSE) on ``n`` random rows. Each
    repeat times both methods back to back, each over enough calls to take about
    ``target`` seconds, so that a single hiccup of a busy machine is averaged
    out. Returns arrays of length ``repeats``: ``backprop``,
    ``finite_differences``, their ``ratio``, and ``counted``
    (``operation_counts(sizes, n)``).
    """
    sizes = _sizes(sizes)
    n = C.check_int(n, "n")
    repeats = C.check_int(repeats, "repeats")
    seed = C.check_seed(seed)
    target = C.check_positive(target, "target")
    model, X, y = _setup(sizes, n, seed)
    loss = _losses.get("mse")

    def by_backprop():
        model.backward(loss.backward(model.forward(X), y))

    def by_differences():
        numeric_gradient(model, X, y, loss)

    calls_bp, calls_fd = _calls(by_backprop, target), _calls(by_differences, target)
    bp, fd = [], []
    for r in range(repeats):  # alternate which goes first
        first, second = (bp, fd) if r % 2 == 0 else (fd, bp)
        for out in (first, second):
            fn, calls = ((by_backprop, calls_bp) if out is bp
                         else (by_differences, calls_fd))
            out.append(_seconds_per_call(fn, calls))
    bp, fd = np.array(bp), np.array(fd)
    return {"backprop": bp, "finite_differences": fd, "ratio": fd / bp,
            "counted": operation_counts(sizes, n)}


def cost_sweep(widths=(2, 4, 8, 16, 32), n_inputs: int = 4, n: int = 32,
               repeats: int = 5, seed=0, target: float = 0.02) -> dict:
    """``time_gradients`` for networks [n_inputs, w, w, 1], one per width w.

    Returns arrays, one entry per width: ``widths``, ``n_params``, ``counted``
    (the ratio 2P/3), ``backprop`` and ``finite_differences`` (median seconds),
    and ``ratio``, ``ratio_low``, ``ratio_high`` (median, smallest and largest
    measured ratio over the repeats).
    """
    if isinstance(widths, (str, bytes)) or not hasattr(widths, "__len__") or not widths:
        raise TypeError(f"widths: expected a non-empty list of layer widths, "
                        f"got {C.describe(widths)}")
    widths = [C.check_int(w, f"widths[{i}]") for i, w in enumerate(widths)]
    n_inputs = C.check_int(n_inputs, "n_inputs")
    rows = [time_gradients([n_inputs, w, w, 1], n, repeats, seed, target)
            for w in widths]
    out = {"widths": np.array(widths),
           "n_params": np.array([r["counted"]["n_params"] for r in rows]),
           "counted": np.array([r["counted"]["ratio"] for r in rows])}
    for key in ("backprop", "finite_differences", "ratio"):
        out[key] = np.array([np.median(r[key]) for r in rows])
    out["ratio_low"] = np.array([r["ratio"].min() for r in rows])
    out["ratio_high"] = np.array([r["ratio"].max() for r in rows])
    return out
