"""2-D regression data sets: a real number to predict at every point of the
plane (TensorFlow Playground's "plane" and "multi gaussian"; chapter 4.2).

Both take ``(n, noise, seed)`` like the classification sets of
:mod:`dlcore.datasets.toy` and return ``X`` ``(n, 2)`` float64, uniform in the
square ``[-1, 1] x [-1, 1]``, and ``y`` ``(n,)`` float64 targets. ``noise`` is
the standard deviation of Gaussian noise added to the target (not to the
points); ``noise=0`` gives the clean surface. Same seed, same data.
"""

from __future__ import annotations

import numpy as np

from .._checks import check_int, check_positive, check_in_range
from ..random import get_rng

__all__ = ["make_plane", "make_gaussians", "GAUSSIAN_BUMPS"]

#: The bumps of :func:`make_gaussians`: rows ``(c1, c2, height, sigma)``, a
#: checkerboard of two hills (height +1) and two pits (-1), each of width 0.25.
GAUSSIAN_BUMPS = np.array([
    [-0.5, -0.5, 1.0, 0.25],
    [0.5, 0.5, 1.0, 0.25],
    [-0.5, 0.5, -1.0, 0.25],
    [0.5, -0.5, -1.0, 0.25],
])


def _points(n, noise, seed):
    n = check_int(n, "n", minimum=1)
    noise = check_positive(noise, "noise", allow_zero=True)
    rng = get_rng(seed)
    return rng.uniform(-1.0, 1.0, size=(n, 2)), noise, rng


def _add_noise(y, noise, rng):
    if noise > 0:
        y = y + rng.normal(0.0, noise, size=y.shape)
    return np.ascontiguousarray(y, dtype=np.float64)


def make_plane(n: int = 200, noise: float = 0.05, seed=0, *, a: float = 1.0,
               b: float = 1.0) -> tuple[np.ndarray, np.ndarray]:
    """A tilted plane: ``y = a x1 + b x2 + noise * eps``.

    A network without hidden layers (a linear function of the two inputs)
    fits it exactly, up to the noise. ``a`` and ``b`` are in ``[-2, 2]``.

    Returns ``X (n, 2)`` float64 in ``[-1, 1]^2`` and ``y (n,)`` float64.
    """
    a = check_in_range(a, "a", -2.0, 2.0, high_open=False)
    b = check_in_range(b, "b", -2.0, 2.0, high_open=False)
    X, noise, rng = _points(n, noise, seed)
    return X, _add_noise(a * X[:, 0] + b * X[:, 1], noise, rng)


def make_gaussians(n: int = 300, noise: float = 0.05, seed=0) -> tuple[np.ndarray, np.ndarray]:
    """A sum of signed Gaussian bumps (:data:`GAUSSIAN_BUMPS`):
    ``y = sum_i h_i exp(-|x - c_i|^2 / (2 sigma_i^2)) + noise * eps``.

    Two hills and two pits on a checkerboard, so no plane fits it (the best
    plane is nearly flat): it needs hidden units.

    Returns ``X (n, 2)`` float64 in ``[-1, 1]^2`` and ``y (n,)`` float64 in
    about ``[-1, 1]``.
    """
    X, noise, rng = _points(n, noise, seed)
    y = np.zeros(len(X))
    for c1, c2, height, sigma in GAUSSIAN_BUMPS:
        r2 = (X[:, 0] - c1) ** 2 + (X[:, 1] - c2) ** 2
        y += height * np.exp(-r2 / (2 * sigma**2))
    return X, _add_noise(y, noise, rng)
