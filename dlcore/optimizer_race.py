"""Five optimizers on the same surface, and why they behave as they do (chapter 2.4).

:func:`race` lets GD, SGD, Momentum, RMSprop and Adam (``dlcore.optim``, PyTorch's
rules) walk on one of ``dlcore.surfaces`` from the same start with the same
learning rate. SGD is GD with noise in its gradient: on a two-dimensional surface
there are no minibatches, so the noise stands in for the error a minibatch's
gradient makes (standard deviation ``noise`` in each coordinate).

On a quadratic f(p) = p^T H p / 2 the analysis is exact. Momentum (PyTorch's form,
b <- mu b + g, p <- p - lr b) is the heavy ball p_{t+1} = p_t - lr H p_t + mu (p_t - p_{t-1});
along an eigenvector of H with eigenvalue lam it is the linear map

    [p_{t+1}, p_t] = [[1 + mu - lr lam, -mu], [1, 0]] [p_t, p_{t-1}],

so the distance to the minimum shrinks by the spectral radius of that matrix per step
(:func:`quadratic_rate`, the largest over the eigenvalues). With mu = 0 that is
max |1 - lr lam|: gradient descent converges exactly when lr < 2 / lam_max, and at best
(lr = 2 / (lam_min + lam_max)) by (kappa - 1) / (kappa + 1) per step, kappa = lam_max / lam_min
the condition number (Polyak 1964; Goh 2017).
"""

from __future__ import annotations

import numpy as np

from . import _checks as C
from . import optim, surfaces
from .random import get_rng

__all__ = ["OPTIMIZERS", "race", "NoisyGradient", "quadratic_rate", "rate_map",
           "measured_rate", "best_gd", "best_momentum"]

#: The racers, in the order chapter 2.4 introduces them.
OPTIMIZERS = ("gd", "sgd", "momentum", "rmsprop", "adam")


class NoisyGradient(surfaces.Surface):
    """``surface`` with Gaussian noise of standard deviation ``noise`` added to each
    gradient coordinate (seeded): the stand-in for a minibatch gradient."""

    def __init__(self, surface, noise: float, seed: int = 0):
        self.surface = surface
        self.noise = C.check_positive(noise, "noise", allow_zero=True)
        self.rng = get_rng(seed)
        self.name, self.minimum, self.start = surface.name, surface.minimum, surface.start
        self.bounds, self.formula = surface.bounds, surface.formula

    def f(self, x, y):
        return self.surface.f(x, y)

    def grad(self, x, y):
        gx, gy = self.surface.grad(x, y)
        return np.array([gx + self.noise * self.rng.normal(), gy + self.noise * self.rng.normal()])


def _optimizer(name, lr, momentum):
    if name in ("gd", "sgd"):
        return optim.GD(lr=lr) if name == "gd" else optim.SGD(lr=lr)
    if name == "momentum":
        return optim.Momentum(lr=lr, momentum=momentum)
    return optim.get(name, lr=lr)


def race(surface="bowl", lr: float = 0.05, momentum: float = 0.9, noise: float = 1.0,
         start=None, steps: int = 100, seed: int = 0, optimizers=OPTIMIZERS) -> dict:
    """Paths of the ``optimizers`` on ``surface`` (a name or a Surface), all from ``start``
    (default: the surface's) with learning rate ``lr``; ``momentum`` is Momentum's mu,
    ``noise`` the standard deviation of SGD's gradient noise.

    Returns ``{name: {"path": (steps + 1, 2) array, "f": (steps + 1,) array}}``: the
    points after each step (NaN from the step where a walk diverged, see
    ``dl.surfaces.descend``) and the height f at each.
    """
    if isinstance(surface, str):
        surface = surfaces.get(surface)
    lr = C.check_positive(lr, "lr")
    momentum = C.check_in_range(momentum, "momentum", 0.0, 1.0)
    noise = C.check_positive(noise, "noise", allow_zero=True)
    steps = C.check_int(steps, "steps")
    out = {}
    for name in optimizers:
        walked = NoisyGradient(surface, noise, seed) if name == "sgd" else surface
        path = surfaces.descend(walked, _optimizer(name, lr, momentum), start=start, steps=steps)
        with np.errstate(invalid="ignore"):
            out[name] = {"path": path, "f": np.asarray(surface.f(path[:, 0], path[:, 1]))}
    return out


def _eigenvalues(eigenvalues):
    lam = C.as_array(eigenvalues, "eigenvalues", ndim=1)
    if lam.min() <= 0:
        raise ValueError(f"eigenvalues: expected positive curvatures, got {lam.tolist()}")
    return lam


def quadratic_rate(lr: float, momentum: float, eigenvalues) -> float:
    """The factor by which the distance to the minimum of a quadratic with Hessian
    ``eigenvalues`` shrinks per step, asymptotically, for Momentum with ``lr`` and
    ``momentum`` (GD when it is 0): the largest spectral radius of
    [[1 + mu - lr lam, -mu], [1, 0]] over the eigenvalues. Above 1: divergence."""
    lr = C.check_positive(lr, "lr")
    mu = C.check_in_range(momentum, "momentum", 0.0, 1.0)
    rates = []
    for lam in _eigenvalues(eigenvalues):
        T = np.array([[1 + mu - lr * lam, -mu], [1.0, 0.0]])
        rates.append(np.max(np.abs(np.linalg.eigvals(T))))
    return float(max(rates))


def rate_map(lrs, momenta, eigenvalues) -> np.ndarray:
    """``quadratic_rate`` on a grid: shape ``(len(momenta), len(lrs))``."""
    lrs = C.as_array(lrs, "lrs", ndim=1)
    momenta = C.as_array(momenta, "momenta", ndim=1)
    return np.array([[quadratic_rate(lr, mu, eigenvalues) for lr in lrs] for mu in momenta])


def best_gd(eigenvalues) -> tuple[float, float]:
    """(lr, rate) of the fastest plain GD: lr = 2 / (lam_min + lam_max), rate (kappa - 1) / (kappa + 1)."""
    lam = _eigenvalues(eigenvalues)
    lo, hi = lam.min(), lam.max()
    return float(2 / (lo + hi)), float((hi / lo - 1) / (hi / lo + 1))


def best_momentum(eigenvalues) -> tuple[float, float, float]:
    """(lr, momentum, rate) of the fastest heavy ball: lr = (2 / (sqrt(lam_max) + sqrt(lam_min)))^2,
    mu = rate^2, rate = (sqrt(kappa) - 1) / (sqrt(kappa) + 1)."""
    lam = _eigenvalues(eigenvalues)
    lo, hi = np.sqrt(lam.min()), np.sqrt(lam.max())
    rate = (hi - lo) / (hi + lo)
    return float((2 / (hi + lo)) ** 2), float(rate ** 2), float(rate)


def measured_rate(path, minimum=(0.0, 0.0), skip: int = 10) -> float:
    """The per-step factor by which a path's distance to ``minimum`` shrinks, from the
    geometric mean of the ratios after the first ``skip`` steps:
    (d_T / d_skip) ** (1 / (T - skip)). NaN rows (divergence) give inf."""
    path = C.as_array(path, "path", ndim=2, finite=False)
    skip = C.check_int(skip, "skip", minimum=0)
    if path.shape[1] != 2 or len(path) < skip + 2:
        raise ValueError(f"path: expected shape (steps + 1, 2) with more than {skip + 1} rows, "
                         f"got {path.shape}")
    if not np.all(np.isfinite(path)):
        return float("inf")
    d = np.linalg.norm(path - np.asarray(minimum, dtype=float), axis=1)
    return float((d[-1] / d[skip]) ** (1 / (len(d) - 1 - skip)))
