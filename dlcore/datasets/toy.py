"""Small 2-D toy data sets for classification, and a 1-D regression set.

Every generator has the signature ``make_xxx(n, noise, seed, ...)`` and returns

- ``X``: ``(n, 2)`` float64 points (``(n, 1)`` for :func:`make_regression_1d`),
- ``y``: ``(n,)`` class labels ``0 .. k-1`` of dtype ``intp``, the integer NumPy indexes and
  counts with (int64 on 64-bit machines, int32 in WebAssembly); float64 targets for regression.

``noise`` is always the standard deviation of Gaussian noise added to each
coordinate of each point (to the target for regression), in the units of the
data, whose clean shapes fit in roughly ``[-1.5, 2.5]``. ``noise=0`` gives the
clean shape. The points are shuffled (classes are not in blocks), and the
same ``seed`` always gives the same data; ``seed=None`` draws from dlcore's
default generator (see ``dl.seed``). Extra shape parameters (``classes``
for every multi-class set, ``centers``, ``factor``, ``turns``) are keyword-only, so ``make_xxx(n, noise,
seed)`` means the same thing for every generator. They are used by the playground (chapter 4.2)
and throughout part 2 for pictures.
"""

from __future__ import annotations

import numpy as np

from .._checks import as_array, check_int, check_positive
from ..random import get_rng

__all__ = ["make_moons", "make_circles", "make_xor", "make_spirals", "make_blobs", "make_regression_1d"]


def _check_common(n, noise, min_n: int) -> tuple[int, float]:
    n = check_int(n, "n", minimum=1)
    if n < min_n:
        raise ValueError(f"n: expected at least {min_n} points (one per class), got {n}")
    noise = check_positive(noise, "noise", allow_zero=True)
    return n, noise


def _split_counts(n: int, k: int) -> np.ndarray:
    """``n`` points shared out over ``k`` classes as evenly as possible: ``(k,)`` counts, the first ones larger."""
    counts = np.full(k, n // k, dtype=np.intp)  # np.repeat takes intp counts (int32 in WebAssembly)
    counts[: n % k] += 1
    return counts


def _finish(X: np.ndarray, y: np.ndarray, noise: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Add Gaussian noise of std ``noise`` to every coordinate and shuffle the rows."""
    if noise > 0:
        X = X + rng.normal(0.0, noise, size=X.shape)
    order = rng.permutation(len(y))
    return np.ascontiguousarray(X[order], dtype=np.float64), y[order].astype(np.intp)


def make_moons(n: int = 200, noise: float = 0.1, seed=0) -> tuple[np.ndarray, np.ndarray]:
    """Two interleaving half circles ("moons").

    Class 0 is the upper arc ``(cos t, sin t)``, class 1 the lower arc
    ``(1 - cos t, 0.5 - sin t)``, with ``t`` evenly spaced in ``[0, pi]``.
    No straight line separates them; one hidden layer does.

    Returns ``X (n, 2)`` float64 and ``y (n,)`` intp in ``{0, 1}``.
    """
    n, noise = _check_common(n, noise, 2)
    rng = get_rng(seed)
    n0, n1 = _split_counts(n, 2)
    t0 = np.linspace(0.0, np.pi, n0)
    t1 = np.linspace(0.0, np.pi, n1)
    X = np.concatenate([
        np.column_stack([np.cos(t0), np.sin(t0)]),
        np.column_stack([1.0 - np.cos(t1), 0.5 - np.sin(t1)]),
    ])
    y = np.repeat([0, 1], [n0, n1])
    return _finish(X, y, noise, rng)


def make_circles(n: int = 200, noise: float = 0.05, seed=0, *, factor: float = 0.5) -> tuple[np.ndarray, np.ndarray]:
    """A circle inside a circle.

    Class 0 lies on the unit circle, class 1 on a circle of radius ``factor``
    (``0 < factor < 1``), each with evenly spaced angles. A linear model cannot
    separate them; a network that can bend its boundary into a loop can.

    Returns ``X (n, 2)`` float64 and ``y (n,)`` intp in ``{0, 1}``.
    """
    n, noise = _check_common(n, noise, 2)
    factor = check_positive(factor, "factor")
    if factor >= 1:
        raise ValueError(f"factor: expected a number in (0, 1) (inner radius / outer radius), got {factor!r}")
    rng = get_rng(seed)
    n0, n1 = _split_counts(n, 2)
    t0 = np.linspace(0.0, 2 * np.pi, n0, endpoint=False)
    t1 = np.linspace(0.0, 2 * np.pi, n1, endpoint=False)
    X = np.concatenate([
        np.column_stack([np.cos(t0), np.sin(t0)]),
        factor * np.column_stack([np.cos(t1), np.sin(t1)]),
    ])
    y = np.repeat([0, 1], [n0, n1])
    return _finish(X, y, noise, rng)


def make_xor(n: int = 200, noise: float = 0.1, seed=0) -> tuple[np.ndarray, np.ndarray]:
    """The XOR pattern: four square patches, opposite corners share a class.

    Points are drawn uniformly in ``[-1, 1]^2`` away from the axes (each
    coordinate's magnitude is in ``[0.1, 1]``), the quadrants are filled in
    turn so the classes are balanced, and the label is 1 when ``x1`` and
    ``x2`` have different signs (``x1 * x2 < 0``), else 0. It is the classic
    problem a single neuron cannot solve (Minsky and Papert) and two hidden
    units can.

    Returns ``X (n, 2)`` float64 and ``y (n,)`` intp in ``{0, 1}``.
    """
    n, noise = _check_common(n, noise, 2)
    rng = get_rng(seed)
    signs = np.array([[1, 1], [1, -1], [-1, -1], [-1, 1]], dtype=np.float64)  # counter-clockwise quadrants
    quadrant = np.arange(n) % 4
    X = rng.uniform(0.1, 1.0, size=(n, 2)) * signs[quadrant]
    y = quadrant % 2  # quadrants 0, 2: same signs (class 0); 1, 3: different signs (class 1)
    return _finish(X, y, noise, rng)


def make_spirals(n: int = 300, noise: float = 0.05, seed=0, *, classes: int = 3, turns: float = 1.0) -> tuple[np.ndarray, np.ndarray]:
    """``classes`` interleaved spiral arms around the origin.

    Arm ``c`` is ``r (cos theta, sin theta)`` with the radius ``r`` evenly spaced
    in ``(0, 1]`` and ``theta = 2 pi (turns * r + c / classes)``. The arms wind
    around each other, so the decision boundary must wind too: a hard problem
    for a small network.

    Returns ``X (n, 2)`` float64 and ``y (n,)`` intp in ``0 .. classes-1``.
    """
    classes = check_int(classes, "classes", minimum=2)
    n, noise = _check_common(n, noise, classes)
    turns = check_positive(turns, "turns")
    rng = get_rng(seed)
    counts = _split_counts(n, classes)
    parts = []
    for c, m in enumerate(counts):
        r = np.linspace(0.0, 1.0, m + 1)[1:]  # skip r = 0, where all arms meet
        theta = 2 * np.pi * (turns * r + c / classes)
        parts.append(r[:, None] * np.column_stack([np.cos(theta), np.sin(theta)]))
    X = np.concatenate(parts)
    y = np.repeat(np.arange(classes), counts)
    return _finish(X, y, noise, rng)


def make_blobs(n: int = 300, noise: float = 0.3, seed=0, *, classes: int = 3,
               centers=None) -> tuple[np.ndarray, np.ndarray]:
    """Gaussian blobs, one per class.

    ``classes`` (k >= 2) blobs are centred evenly on the unit circle, the first at
    angle 90 degrees; or give ``centers``, an array ``(k, 2)`` of centre coordinates
    (then ``classes`` is ``k``). Each point is its centre plus Gaussian noise of
    standard deviation ``noise`` (the blob's spread).

    Returns ``X (n, 2)`` float64 and ``y (n,)`` intp in ``0 .. k-1``.
    """
    if centers is None:
        k = check_int(classes, "classes", minimum=2)
        angle = np.pi / 2 + 2 * np.pi * np.arange(k) / k
        C = np.column_stack([np.cos(angle), np.sin(angle)])
    else:
        C = as_array(centers, "centers", ndim=2).astype(np.float64)
        if C.shape[1] != 2 or C.shape[0] < 2:
            raise ValueError(f"centers: expected an array of shape (k, 2) with k >= 2, got shape {C.shape}")
        k = C.shape[0]
    n, noise = _check_common(n, noise, k)
    rng = get_rng(seed)
    counts = _split_counts(n, k)
    y = np.repeat(np.arange(k), counts)
    X = C[y]
    return _finish(X, y, noise, rng)


def make_regression_1d(n: int = 100, noise: float = 0.1, seed=0) -> tuple[np.ndarray, np.ndarray]:
    """A noisy sine: ``y = sin(x) + noise * eps`` with ``x`` uniform in ``[-pi, pi]``.

    The inputs are i.i.d. draws (not sorted; sort them with ``np.argsort`` to
    draw a line). The noise is added to the target only.

    Returns ``X (n, 1)`` float64 and ``y (n,)`` float64.
    """
    n, noise = _check_common(n, noise, 1)
    rng = get_rng(seed)
    x = rng.uniform(-np.pi, np.pi, size=n)
    y = np.sin(x)
    if noise > 0:
        y = y + rng.normal(0.0, noise, size=n)
    return x[:, None].astype(np.float64), y.astype(np.float64)
