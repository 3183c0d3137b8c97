"""Measuring speed on the reader's machine (chapter 5.1).

A single timing on a shared computer is noise: another program can take the
core for a moment. So every measurement here is repeated, the repeats of the
things being compared are interleaved (A, B, A, B, ...) so that a busy spell
hits both, a time is reported as the median with the range of the repeats,
and a comparison is a ratio of the fastest runs (the least disturbed ones),
never an absolute time.

>>> import numpy as np, dlcore as dl
>>> X, W, b = np.ones((32, 8)), np.ones((8, 4)), np.zeros(4)
>>> t = dl.efficiency.compare({"loop": lambda: dense_forward_loop(X, W, b),
...                            "vectorised": lambda: X @ W + b})
>>> r = dl.efficiency.ratio(t["loop"], t["vectorised"])   # r.best, r.low

- :class:`Timing`, :func:`time_call`, :func:`compare`: repeated timings;
- :class:`Ratio`, :func:`ratio`: how many times slower A is than B;
- :func:`scaling`, :func:`power_law_exponent`: how a cost grows with a size;
- :func:`dense_forward_python`, :func:`dense_forward_loop`: a layer's
  forward pass z = X W + b, written with loops, to compare with ``X @ W + b``;
- :func:`epochs_to_target`: how many epochs training needs to reach an
  accuracy on validation data;
- :func:`set_blas_threads`, :func:`blas_threads`: run NumPy's matrix
  products on a given number of threads (one, for timings that other
  programs disturb least).
"""

from __future__ import annotations

import contextlib
import sys
import time

import numpy as np

from . import _checks as C

__all__ = ["Timing", "Ratio", "time_call", "compare", "ratio", "scaling",
           "power_law_exponent", "dense_forward_python",
           "dense_forward_loop", "epochs_to_target", "blas_threads",
           "set_blas_threads", "FLOAT32_FASTER"]

#: Whether float32 matrix products run faster than float64 ones here. NumPy hands them
#: to an optimised BLAS that uses the processor's vector instructions, which take twice
#: as many float32 numbers at once. Pyodide's NumPy (WebAssembly, the live edition) has
#: no such BLAS: there both take about as long (1.0x measured, 128 x 128).
FLOAT32_FASTER = sys.platform != "emscripten"


class Timing:
    """Seconds per call of repeated runs: ``times`` (one per repeat),
    ``median``, ``low`` and ``high`` (the fastest and slowest repeat)."""

    def __init__(self, times):
        self.times = np.array(times, dtype=float)
        self.times.setflags(write=False)
        self.median = float(np.median(self.times))
        self.low = float(self.times.min())
        self.high = float(self.times.max())

    def __repr__(self):
        return (f"Timing(median={self.median:.3g} s, "
                f"range {self.low:.3g}-{self.high:.3g} s, "
                f"{len(self.times)} repeats)")


class Ratio:
    """How many times longer A took than B.

    The runs of each are sorted, fastest first, and paired in that order:
    ``values[i]`` = (i-th fastest of A) / (i-th fastest of B). Another
    program can only ever add time to a run, so the fastest runs are the
    least disturbed: ``best`` = values[0] is the headline, and ``low`` and
    ``high`` are the range over the faster half of the pairs.
    """

    def __init__(self, a_times, b_times):
        self.values = np.sort(a_times) / np.sort(b_times)
        self.values.setflags(write=False)
        self.best = float(self.values[0])
        half = self.values[:(len(self.values) + 1) // 2]
        self.low = float(half.min())
        self.high = float(half.max())

    def __repr__(self):
        return (f"Ratio({self.best:.3g}x, faster half {self.low:.3g}-"
                f"{self.high:.3g}x, {len(self.values)} repeats)")


def _check_fn(fn, arg):
    if not callable(fn):
        raise TypeError(f"{arg}: expected a function of no arguments, "
                        f"got {C.describe(fn)}")


def _once(fn, number):
    start = time.perf_counter()
    for _ in range(number):
        fn()
    return (time.perf_counter() - start) / number


def time_call(fn, repeats=5, number=1, warmup=1) -> Timing:
    """Time ``fn()``: ``warmup`` untimed calls, then ``repeats`` timings of
    ``number`` calls each; returns the seconds per call as a ``Timing``."""
    return compare({"fn": fn}, repeats, number, warmup)["fn"]


def compare(fns, repeats=5, number=1, warmup=1) -> dict:
    """Time several functions of no arguments, interleaved.

    fns:      ``{name: fn}``; every round calls each once more, in order,
              so a busy moment of the machine affects all of them alike.
    repeats:  rounds (each gives one time per function)
    number:   calls per timing (for very fast functions)
    warmup:   untimed rounds first (caches, lazy imports)

    Returns ``{name: Timing}`` in seconds per call.
    """
    if not isinstance(fns, dict) or not fns:
        raise TypeError(f"fns: expected a non-empty dict of name -> function, "
                        f"got {C.describe(fns)}")
    for name, fn in fns.items():
        _check_fn(fn, f"fns[{name!r}]")
    repeats = C.check_int(repeats, "repeats")
    number = C.check_int(number, "number")
    warmup = C.check_int(warmup, "warmup", minimum=0)
    for _ in range(warmup):
        for fn in fns.values():
            fn()
    times = {name: [] for name in fns}
    for _ in range(repeats):
        for name, fn in fns.items():
            times[name].append(_once(fn, number))
    return {name: Timing(t) for name, t in times.items()}


def ratio(a: Timing, b: Timing) -> Ratio:
    """How many times slower ``a`` is than ``b``, fastest run against
    fastest run (see ``Ratio``)."""
    for t, arg in ((a, "a"), (b, "b")):
        if not isinstance(t, Timing):
            raise TypeError(f"{arg}: expected a Timing, got {C.describe(t)}")
    if len(a.times) != len(b.times):
        raise ValueError(f"a and b: expected the same number of repeats, got "
                         f"{len(a.times)} and {len(b.times)}")
    return Ratio(a.times, b.times)


def scaling(make_fn, sizes, repeats=3, number=1) -> list:
    """Time ``make_fn(size)()`` for each size; returns a list of ``Timing``.

    ``make_fn(size)`` builds the work (data, model) outside the timing and
    returns the function of no arguments to time.
    """
    _check_fn(make_fn, "make_fn")
    sizes = [C.check_int(s, f"sizes[{i}]") for i, s in enumerate(sizes)]
    if not sizes:
        raise ValueError("sizes: expected at least one size, got none")
    out = []
    for size in sizes:
        fn = make_fn(size)
        _check_fn(fn, f"make_fn({size})")
        out.append(time_call(fn, repeats, number))
    return out


def power_law_exponent(sizes, times) -> float:
    """The exponent p of the best fit time = c * size**p (the slope of
    log time against log size, least squares). p = 1: linear, 2: quadratic.

    times: numbers, or ``Timing`` objects (their fastest runs are used).
    """
    t = [x.low if isinstance(x, Timing) else x for x in times]
    s = C.as_array(sizes, "sizes", ndim=1)
    t = C.as_array(t, "times", ndim=1)
    if len(s) < 2 or len(s) != len(t):
        raise ValueError(f"sizes and times: expected two or more of each, "
                         f"as many of one as of the other, got {len(s)} "
                         f"and {len(t)}")
    if (s <= 0).any() or (t <= 0).any():
        raise ValueError("sizes and times: expected positive numbers")
    slope, _ = np.polyfit(np.log(s), np.log(t), 1)
    return float(slope)


def _check_layer(X, W, b):
    X = C.as_array(X, "X", ndim=2)
    W = C.as_array(W, "W", ndim=2)
    b = C.as_array(b, "b", ndim=1)
    if X.shape[1] != W.shape[0]:
        raise ValueError(f"X and W: expected X's columns to match W's rows, "
                         f"got shapes {X.shape} and {W.shape}")
    C.check_shape(b, (W.shape[1],), "b", "one bias per column of W")
    return X, W, b


def dense_forward_python(X, W, b) -> np.ndarray:
    """z = X W + b with three plain Python loops over numbers, the way it is
    written on paper: z[i][j] = b[j] + sum over k of X[i][k] W[k][j].
    X (n, n_in), W (n_in, n_out), b (n_out,) -> z (n, n_out)."""
    X, W, b = _check_layer(X, W, b)
    X, W, b = X.tolist(), W.tolist(), b.tolist()
    z = []
    for x in X:
        row = []
        for j in range(len(b)):
            total = b[j]
            for k in range(len(x)):
                total += x[k] * W[k][j]
            row.append(total)
        z.append(row)
    return np.array(z)


def dense_forward_loop(X, W, b) -> np.ndarray:
    """z = X W + b one example (row) at a time: z[i] = X[i] @ W + b.
    X (n, n_in), W (n_in, n_out), b (n_out,) -> z (n, n_out)."""
    X, W, b = _check_layer(X, W, b)
    z = np.empty((X.shape[0], W.shape[1]), dtype=np.result_type(X, W))
    for i in range(X.shape[0]):
        z[i] = X[i] @ W + b
    return z


def epochs_to_target(model, X, y, X_val, y_val, target, batch_size,
                     max_epochs=200, optimizer="adam", seed=0):
    """Train ``model`` in place with ``dl.train`` (cross-entropy) until its
    validation accuracy reaches ``target``, at most ``max_epochs`` epochs.

    Returns ``(epochs, history)``: the epoch (from 1) at which the target
    was first reached, or None if it never was, and the ``History``.
    Chapter 5.1 compares batch sizes with it.
    """
    from .train import train  # train imports the model; keep imports light

    target = C.check_in_range(target, "target", 0.0, 1.0, low_open=True,
                              high_open=False)
    max_epochs = C.check_int(max_epochs, "max_epochs")

    def reached(epoch, model, history):
        return history.val_accuracy[-1] >= target

    history = train(model, X, y, "cross_entropy", optimizer, max_epochs,
                    batch_size, X_val=X_val, y_val=y_val, seed=seed,
                    callback=reached)
    epochs = history.epochs if history.stopped_early else None
    return epochs, history


# -- the one trick: NumPy's BLAS thread count ---------------------------------
# NumPy's matrix products run in OpenBLAS, which splits a large product over
# all cores. On a machine whose cores are busy with other programs, a thread
# that waits for a core can make a product many times slower, so timings jump
# around. OpenBLAS has a function to set its thread count; this finds it in
# the loaded library (what threadpoolctl does, without the dependency).

_SETTERS = ("scipy_openblas_set_num_threads64_", "openblas_set_num_threads64_",
            "openblas_set_num_threads")
_GETTERS = ("scipy_openblas_get_num_threads64_", "openblas_get_num_threads64_",
            "openblas_get_num_threads")


def _openblas():
    """(get, set) functions of the OpenBLAS NumPy loaded, or None."""
    try:
        import ctypes  # imported here: some builds of Python lack it
    except ImportError:  # pragma: no cover
        return None
    try:
        with open("/proc/self/maps", encoding="utf-8") as maps:
            paths = {line.split()[-1] for line in maps
                     if "openblas" in line.lower() and ".so" in line}
    except OSError:  # not Linux, or WebAssembly: no OpenBLAS threads
        return None
    for path in sorted(paths):
        try:
            lib = ctypes.CDLL(path)
        except OSError:
            continue
        get = next((getattr(lib, n) for n in _GETTERS if hasattr(lib, n)),
                   None)
        put = next((getattr(lib, n) for n in _SETTERS if hasattr(lib, n)),
                   None)
        if get is not None and put is not None:
            get.restype = ctypes.c_int
            put.argtypes = [ctypes.c_int]
            return get, put
    return None


def set_blas_threads(n: int = 1):
    """Make NumPy's matrix products use ``n`` threads from now on; returns
    the previous count, or None where it cannot be set (another BLAS, or
    WebAssembly, which has one thread anyway)."""
    n = C.check_int(n, "n")
    blas = _openblas()
    if blas is None:
        return None
    get, put = blas
    before = get()
    put(n)
    return before


@contextlib.contextmanager
def blas_threads(n: int = 1):
    """Within ``with blas_threads(1):`` NumPy's matrix products use ``n``
    threads; the previous count is restored afterwards.

    Yields True if the count was set, False where it cannot be (another
    BLAS, or WebAssembly, which has one thread anyway).
    """
    before = set_blas_threads(n)
    try:
        yield before is not None
    finally:
        if before is not None:
            set_blas_threads(before)
