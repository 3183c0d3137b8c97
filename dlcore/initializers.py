"""Weight initializers (权重初始化) for a dense layer's W of shape (n_in, n_out).

- ``xavier`` (alias ``glorot``): uniform on [-r, r] with r = sqrt(6 / (n_in + n_out)), so
  Var(W) = 2 / (n_in + n_out) (Glorot & Bengio, 2010). Suits sigmoid, tanh and identity.
- ``he``: normal with mean 0 and std sqrt(2 / n_in) (He et al., 2015). Suits ReLU and leaky ReLU.
- ``normal``: small normal, std 0.01: the classic "small random numbers".
- ``zeros``: all zero. Every hidden unit then computes the same thing and gets the same
  gradient, so they never become different: useful to show why we initialize randomly.
- ``auto``: ``he`` for relu/leaky_relu hidden layers, ``xavier`` otherwise (``choose``).

Biases always start at zero. Numbers are drawn in float64 and then cast, so a float32
and a float64 model built with the same seed hold the same weights (up to rounding).
"""

from __future__ import annotations

import functools
import inspect

import numpy as np

from ._checks import check_int, check_name
from .random import get_rng

__all__ = ["xavier", "glorot", "he", "normal", "zeros", "get", "names", "choose"]


def xavier(n_in: int, n_out: int, rng: np.random.Generator) -> np.ndarray:
    """Glorot/Xavier uniform: U(-r, r), r = sqrt(6 / (n_in + n_out)). Returns (n_in, n_out) float64."""
    r = np.sqrt(6.0 / (n_in + n_out))
    return rng.uniform(-r, r, size=(n_in, n_out))


glorot = xavier


def he(n_in: int, n_out: int, rng: np.random.Generator) -> np.ndarray:
    """He (Kaiming) normal: N(0, 2 / n_in). Returns (n_in, n_out) float64."""
    return rng.normal(0.0, np.sqrt(2.0 / n_in), size=(n_in, n_out))


def normal(n_in: int, n_out: int, rng: np.random.Generator, std: float = 0.01) -> np.ndarray:
    """Small normal: N(0, std^2), std = 0.01. Returns (n_in, n_out) float64."""
    return rng.normal(0.0, std, size=(n_in, n_out))


def zeros(n_in: int, n_out: int, rng: np.random.Generator) -> np.ndarray:
    """All zeros (a cautionary example: symmetric units stay symmetric). Returns (n_in, n_out)."""
    return np.zeros((n_in, n_out))


_REGISTRY = {"xavier": xavier, "glorot": glorot, "he": he, "normal": normal, "zeros": zeros}


def names() -> list[str]:
    """The initializer names ``get`` accepts (plus ``auto`` where a model resolves it)."""
    return list(_REGISTRY)


def choose(activation_name: str) -> str:
    """The name ``auto`` resolves to: ``he`` for relu and leaky_relu, ``xavier`` otherwise."""
    return "he" if activation_name in ("relu", "leaky_relu") else "xavier"


def get(name, **options):
    """The initializer function called ``name``, with ``options`` bound (``get("normal", std=0.1)``);
    a callable ``f(n_in, n_out, rng)`` is returned as is."""
    if callable(name):
        if options:
            raise TypeError(f"options: an initializer function was given, so none are expected, got {sorted(options)}")
        return name
    f = _REGISTRY[check_name(name, _REGISTRY, "initializer", "init")]
    if not options:
        return f
    allowed = set(inspect.signature(f).parameters) - {"n_in", "n_out", "rng"}
    unknown = sorted(set(options) - allowed)
    if unknown:
        raise TypeError(f"{unknown[0]}: not an option of the {name!r} initializer (options: {sorted(allowed) or 'none'})")
    return functools.partial(f, **options)


def init_weights(init, n_in: int, n_out: int, seed=None, dtype=np.float64) -> np.ndarray:
    """W of shape (n_in, n_out) drawn by initializer ``init`` (a name or a function) and cast to ``dtype``."""
    n_in = check_int(n_in, "n_in")
    n_out = check_int(n_out, "n_out")
    f = get(init)
    W = np.asarray(f(n_in, n_out, get_rng(seed)), dtype=np.float64)
    if W.shape != (n_in, n_out):
        raise ValueError(f"init: expected the initializer to return shape ({n_in}, {n_out}), got {W.shape}")
    return W.astype(dtype)
