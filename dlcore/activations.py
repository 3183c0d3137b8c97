"""Activation functions (激活函数) and their derivatives (chapter 2.2, used in 3.1-3.2).

Each activation is a small object with

- ``name``
- ``forward(z)``: the elementwise value ``a = f(z)``, any shape;
- ``derivative(z)``: the elementwise slope ``f'(z)``, same shape;
- ``backward(delta, z, a)``: the chain rule step ``delta * f'(z)`` that
  backpropagation needs (``delta`` is dL/da, the result dL/dz). It may use the
  cached ``a = f(z)`` when that is cheaper, and never modifies its inputs.

Get one with ``get(name)``: ``identity``, ``sigmoid``, ``tanh``, ``relu``,
``leaky_relu``. ``softmax`` and ``log_softmax`` act on the last axis of a
batch of scores; they are not elementwise, so they are plain functions.

Floats keep their dtype (float32 stays float32); integers become float64.

Conventions worth knowing:

- ``sigmoid`` is computed from ``exp(-|z|)``, which never overflows, so
  ``sigmoid(±1000)`` is exactly 1 and 0 with no warning.
- ReLU's derivative at exactly ``z = 0`` is taken to be 0 (the function has no
  derivative there; PyTorch makes the same choice). Leaky ReLU's is ``slope``.
"""

from __future__ import annotations

import numpy as np

from ._checks import check_in_range, check_name

__all__ = [
    "ActivationFunction", "Identity", "Sigmoid", "Tanh", "ReLU", "LeakyReLU",
    "get", "names", "softmax", "log_softmax",
    "identity", "sigmoid", "tanh", "relu", "leaky_relu",
]


def _float(z) -> np.ndarray:
    """``z`` as a float array: float32/float64 unchanged, integers and bools as float64.

    Anything that is not an array of real numbers (None, strings, objects) is a TypeError.
    """
    z = np.asarray(z)
    if z.dtype.kind != "f":
        if z.dtype.kind not in "biu":
            raise TypeError(f"z: expected an array of real numbers, got dtype {z.dtype}")
        z = z.astype(np.float64)
    return z


def _scores(z, axis: int) -> np.ndarray:
    """``z`` checked for softmax: finite (an inf score has no probability), non-empty along ``axis``."""
    z = _float(z)
    if z.ndim == 0:
        raise ValueError("z: expected an array with at least one axis of scores, got a scalar")
    if z.shape[axis] == 0:
        raise ValueError(f"z: expected at least one score along axis {axis}, got shape {z.shape}")
    if not np.isfinite(z).all():
        raise ValueError("z: expected finite scores, found NaN or inf")
    return z


class ActivationFunction:
    """Base class: subclasses define ``forward`` and ``derivative``."""

    name = "activation"

    def forward(self, z):
        raise NotImplementedError

    def derivative(self, z):
        raise NotImplementedError

    def backward(self, delta, z, a):
        """dL/dz = dL/da * f'(z). ``a`` is ``forward(z)``, passed in so it is not recomputed."""
        return delta * self.derivative(z)

    def __call__(self, z):
        return self.forward(z)

    def __repr__(self):
        return f"activations.get({self.name!r})"


class Identity(ActivationFunction):
    """f(z) = z, f'(z) = 1. The output activation for regression and for logits."""

    name = "identity"

    def forward(self, z):
        return _float(z).copy()

    def derivative(self, z):
        return np.ones_like(_float(z))

    def backward(self, delta, z, a):
        return delta.copy()


class Sigmoid(ActivationFunction):
    """f(z) = 1 / (1 + e^(-z)), f'(z) = f(z) (1 - f(z)).

    Computed as 1/(1+e) for z >= 0 and e/(1+e) for z < 0 with e = exp(-|z|) in (0, 1],
    so nothing overflows: sigmoid(1000) == 1.0 and sigmoid(-1000) == 0.0, no warning.
    """

    name = "sigmoid"

    def forward(self, z):
        z = _float(z)
        e = np.exp(-np.abs(z))
        r = 1 / (1 + e)
        return np.where(z >= 0, r, e * r)

    def derivative(self, z):
        s = self.forward(z)
        return s * (1 - s)

    def backward(self, delta, z, a):
        return delta * (a * (1 - a))


class Tanh(ActivationFunction):
    """f(z) = tanh(z) = (e^z - e^-z) / (e^z + e^-z), f'(z) = 1 - tanh(z)^2."""

    name = "tanh"

    def forward(self, z):
        return np.tanh(_float(z))

    def derivative(self, z):
        t = np.tanh(_float(z))
        return 1 - t * t

    def backward(self, delta, z, a):
        return delta * (1 - a * a)


class ReLU(ActivationFunction):
    """f(z) = max(z, 0); f'(z) = 1 for z > 0 and 0 for z <= 0 (0 at z = 0 by convention)."""

    name = "relu"

    def forward(self, z):
        return np.maximum(_float(z), 0)

    def derivative(self, z):
        z = _float(z)
        return (z > 0).astype(z.dtype)

    def backward(self, delta, z, a):
        # a > 0 exactly where z > 0: multiply by the mask, no derivative array needed.
        return delta * (a > 0)


class LeakyReLU(ActivationFunction):
    """f(z) = z for z > 0 and slope * z otherwise; f'(z) = 1 for z > 0, slope for z <= 0.

    ``slope`` defaults to 0.01, PyTorch's ``negative_slope``.
    """

    name = "leaky_relu"

    def __init__(self, slope: float = 0.01):
        self.slope = check_in_range(slope, "slope", 0.0, 1.0)

    def forward(self, z):
        z = _float(z)
        return np.where(z > 0, z, self.slope * z)

    def derivative(self, z):
        z = _float(z)
        return np.where(z > 0, 1, self.slope).astype(z.dtype)

    def backward(self, delta, z, a):
        return np.where(z > 0, delta, self.slope * delta)

    def __repr__(self):
        if self.slope == 0.01:
            return "activations.get('leaky_relu')"
        return f"activations.LeakyReLU(slope={self.slope})"


_REGISTRY = {
    "identity": Identity,
    "sigmoid": Sigmoid,
    "tanh": Tanh,
    "relu": ReLU,
    "leaky_relu": LeakyReLU,
}


def names() -> list[str]:
    """The activation names ``get`` accepts."""
    return list(_REGISTRY)


def get(name) -> ActivationFunction:
    """The activation called ``name`` (one of ``names()``); an activation object is returned as is."""
    return _lookup(name, "activation")


def _lookup(name, arg: str) -> ActivationFunction:
    if isinstance(name, ActivationFunction):
        return name
    return _REGISTRY[check_name(name, _REGISTRY, "activation", arg)]()


# Ready-made instances, handy in chapters: dl.activations.sigmoid.forward(z)
identity = Identity()
sigmoid = Sigmoid()
tanh = Tanh()
relu = ReLU()
leaky_relu = LeakyReLU()


def softmax(z, axis: int = -1) -> np.ndarray:
    """softmax(z)_j = exp(z_j - max z) / sum_k exp(z_k - max z) along ``axis`` (default: last).

    Subtracting the row maximum leaves the value unchanged and keeps every
    exponent <= 0, so large scores cannot overflow. Each row sums to 1.
    Shape in = shape out, e.g. scores (n, k) -> probabilities (n, k).
    """
    z = _scores(z, axis)
    e = np.exp(z - z.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def log_softmax(z, axis: int = -1) -> np.ndarray:
    """log softmax(z) = z - max z - log sum exp(z - max z), without forming log(0)."""
    z = _scores(z, axis)
    shifted = z - z.max(axis=axis, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=axis, keepdims=True))
