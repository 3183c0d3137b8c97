"""Naive and numerically stable forms, side by side (chapter 3.3).

The naive functions are the textbook formulas typed in literally. They are
here to be watched failing: ``naive_sigmoid(-1000)`` overflows in ``exp``,
``naive_softmax`` of scores near 1000 returns NaN, ``naive_logsumexp`` returns
inf. They emit NumPy's RuntimeWarnings on purpose; never train with them.

The stable functions are the ones dlcore uses:

- ``sigmoid``: dlcore's own ``activations.sigmoid.forward`` (it works
  with exp(-|z|), which is never larger than 1);
- ``softmax``: dlcore's ``activations.softmax`` (it subtracts the row maximum);
- ``logsumexp``: log sum_j exp(z_j) = m + log sum_j exp(z_j - m) with
  m = max_j z_j;
- ``cross_entropy``: dlcore's fused ``losses.get("cross_entropy")``, built on
  ``log_softmax`` = z - logsumexp(z), which never takes the log of a 0.

``unfused_cross_entropy`` sits in between: a stable softmax, then its log as
a second step. It overflows nothing, but a probability that rounds to 0 gives
log(0) = -inf, an infinite loss.

``overflow_limit(dtype)`` is the largest z for which exp(z) is finite:
709.78 in float64 and 88.72 in float32.

Floats keep their dtype (float32 stays float32), so the float32 limits show.

``caught_warnings(fn, *args)`` runs ``fn(*args)`` and returns its result with
the warnings it raised, as text, so a page can show them instead of noise.
"""

from __future__ import annotations

import sys
import warnings

import numpy as np

from . import _checks as C
from . import activations as _activations
from . import losses as _losses

__all__ = ["FP_WARNINGS", "naive_sigmoid", "sigmoid", "naive_softmax", "softmax",
           "naive_logsumexp", "logsumexp", "naive_cross_entropy",
           "unfused_cross_entropy", "cross_entropy", "overflow_limit",
           "caught_warnings"]

#: Whether NumPy reports floating-point overflow and invalid values as warnings here. In
#: WebAssembly (Pyodide, the live edition) there are no floating-point exception flags:
#: the results are the same inf and NaN, with no warning.
FP_WARNINGS = sys.platform != "emscripten"


def caught_warnings(fn, *args, **kwargs):
    """``(fn(*args, **kwargs), messages)``: every warning the call raised
    (each one, even repeats), as ``"RuntimeWarning: overflow ..."`` strings.
    NumPy's own settings decide what warns (by default overflow, division by
    zero and invalid results do; underflow to 0 does not)."""
    if not callable(fn):
        raise TypeError(f"fn: expected a function, got {C.describe(fn)}")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = fn(*args, **kwargs)
    return result, [f"{w.category.__name__}: {w.message}" for w in caught]


def _z(z) -> np.ndarray:
    return C.as_array(z, "z", finite=False, nonempty=False)


def _scores(z, axis) -> tuple[np.ndarray, int]:
    z = C.as_array(z, "z")
    if z.ndim == 0:
        raise ValueError("z: expected an array with at least one axis of "
                         "scores, got a scalar")
    return z, C.check_axis(axis, z.ndim)


def overflow_limit(dtype=np.float64) -> float:
    """The largest z with exp(z) finite in ``dtype``: log of its largest
    float."""
    dtype = C.check_dtype(dtype)
    return float(np.log(np.finfo(dtype).max))


def naive_sigmoid(z) -> np.ndarray:
    """1 / (1 + exp(-z)) as written: exp(-z) overflows for z < -709.78."""
    z = _z(z)
    return 1 / (1 + np.exp(-z))


def sigmoid(z) -> np.ndarray:
    """The stable sigmoid, dlcore's ``activations.sigmoid.forward``."""
    return _activations.sigmoid.forward(z)


def naive_softmax(z, axis: int = -1) -> np.ndarray:
    """exp(z_j) / sum_k exp(z_k) as written: NaN (inf / inf) once a score
    passes ``overflow_limit``. Shape in = shape out."""
    z, axis = _scores(z, axis)
    e = np.exp(z)
    return e / e.sum(axis=axis, keepdims=True)


def softmax(z, axis: int = -1) -> np.ndarray:
    """The stable softmax, dlcore's ``activations.softmax``."""
    return _activations.softmax(z, axis=axis)


def naive_logsumexp(z, axis: int = -1) -> np.ndarray:
    """log sum_j exp(z_j) as written; inf once a score is too large, -inf
    when every exp underflows to 0. ``axis`` is removed: (n, k) -> (n,)."""
    z, axis = _scores(z, axis)
    return np.log(np.exp(z).sum(axis=axis))


def logsumexp(z, axis: int = -1) -> np.ndarray:
    """log sum_j exp(z_j) = m + log sum_j exp(z_j - m) with m = max_j z_j.

    Every exponent is <= 0 and one of them is exactly 0, so the sum lies in
    [1, k]: no overflow, no log(0). ``axis`` is removed: (n, k) -> (n,).
    """
    z, axis = _scores(z, axis)
    m = z.max(axis=axis, keepdims=True)
    lse = m + np.log(np.exp(z - m).sum(axis=axis, keepdims=True))
    return np.squeeze(lse, axis=axis)


def _labels_for(z, labels):
    z = C.as_array(z, "z", ndim=2)
    labels = C.as_labels(labels, "labels", n_classes=z.shape[1])
    C.same_length(z, labels, "z", "labels")
    return z, labels


def naive_cross_entropy(z, labels) -> float:
    """-mean_i log naive_softmax(z_i)[c_i]: scores z (n, k), labels c (n,)."""
    z, labels = _labels_for(z, labels)
    p = naive_softmax(z, axis=1)
    return float(-np.mean(np.log(p[np.arange(len(z)), labels])))


def unfused_cross_entropy(z, labels) -> float:
    """-mean_i log softmax(z_i)[c_i] with the stable softmax, then a log:
    inf when the true class's probability rounds to 0."""
    z, labels = _labels_for(z, labels)
    p = softmax(z, axis=1)
    return float(-np.mean(np.log(p[np.arange(len(z)), labels])))


def cross_entropy(z, labels) -> float:
    """dlcore's fused cross-entropy:
    ``losses.get("cross_entropy")(z, labels)``."""
    z, labels = _labels_for(z, labels)
    return _losses.get("cross_entropy")(z, labels)
