"""Activation functions (激活函数) and their derivatives (chapter 2.2, used in 3.1-3.2).

Each activation is a small object with

- ``name``
- ``forward(z)``: the elementwise value ``a = f(z)``, any shape;
- ``derivative(z)``: the elementwise slope ``f'(z)``, same shape;
- ``backward(d_a, z, a)``: the chain-rule step of backpropagation,
  ``delta = d_a * f'(z)``: given ``d_a`` = dL/da it returns ``delta`` = dL/dz.
  ``a = f(z)`` is passed in because some slopes are cheaper from it
  (sigmoid: ``a (1 - a)``). The three arrays must have the same shape.

Get one with ``get(name, **options)``: ``identity``, ``sigmoid``, ``tanh``,
``relu``, ``leaky_relu`` (option ``slope``). ``softmax`` and ``log_softmax``
act along one axis of a batch of scores; they are not elementwise, so they are
plain functions.

Floats keep their dtype (float32 stays float32); integers become float64.
Nothing returned is a view of an input, and no input is modified.

Conventions worth knowing:

- ``sigmoid`` is computed from ``exp(-|z|)``, which never overflows, so
  ``sigmoid(±1000)`` is exactly 1 and 0 with no warning.
- ReLU's derivative at exactly ``z = 0`` is taken to be 0 (the function has no
  derivative there; PyTorch makes the same choice). Leaky ReLU's is ``slope``.
"""

from __future__ import annotations

import numpy as np

from . import _checks as C

__all__ = [
    "ActivationFunction", "Identity", "Sigmoid", "Tanh", "ReLU", "LeakyReLU",
    "get", "names", "softmax", "log_softmax",
    "identity", "sigmoid", "tanh", "relu", "leaky_relu",
]


def _z(z) -> np.ndarray:
    """``z`` as a float array (any shape, NaN and inf allowed: they propagate)."""
    return C.as_array(z, "z", finite=False, nonempty=False)


class ActivationFunction:
    """Base class: a subclass writes ``f`` as ``forward`` and ``f'`` as ``derivative``."""

    name = "activation"

    def forward(self, z):
        raise NotImplementedError

    def derivative(self, z):
        raise NotImplementedError

    def backward(self, d_a, z, a):
        """delta = dL/dz = d_a * f'(z), for d_a = dL/da; ``d_a``, ``z``, ``a``
        of one shape."""
        d_a, z, a = self._check_backward(d_a, z, a)
        return d_a * self.derivative(z)

    def _check_backward(self, d_a, z, a):
        z = _z(z)
        d_a = C.as_array(d_a, "d_a", dtype=z.dtype, finite=False, nonempty=False)
        a = C.as_array(a, "a", dtype=z.dtype, finite=False, nonempty=False)
        C.same_shape(d_a, z, "d_a", "z")
        C.same_shape(a, z, "a", "z")
        return d_a, z, a

    def __call__(self, z):
        return self.forward(z)

    def __repr__(self):
        return f"activations.get({self.name!r})"


class Identity(ActivationFunction):
    """f(z) = z, f'(z) = 1. The output activation for regression and for raw scores."""

    name = "identity"

    def forward(self, z):
        return _z(z).copy()

    def derivative(self, z):
        return np.ones_like(_z(z))


class Sigmoid(ActivationFunction):
    """f(z) = 1 / (1 + e^(-z)), f'(z) = f(z) (1 - f(z)).

    Computed as 1/(1+e) for z >= 0 and e/(1+e) for z < 0 with e = exp(-|z|) in (0, 1],
    so nothing overflows: sigmoid(1000) == 1.0 and sigmoid(-1000) == 0.0, no warning.
    """

    name = "sigmoid"

    def forward(self, z):
        z = _z(z)
        e = np.exp(-np.abs(z))
        return np.where(z >= 0, 1 / (1 + e), e / (1 + e))

    def derivative(self, z):
        a = self.forward(z)
        return a * (1 - a)

    def backward(self, d_a, z, a):
        d_a, z, a = self._check_backward(d_a, z, a)
        return d_a * a * (1 - a)


class Tanh(ActivationFunction):
    """f(z) = tanh(z) = (e^z - e^-z) / (e^z + e^-z), f'(z) = 1 - tanh(z)^2."""

    name = "tanh"

    def forward(self, z):
        return np.tanh(_z(z))

    def derivative(self, z):
        a = np.tanh(_z(z))
        return 1 - a * a

    def backward(self, d_a, z, a):
        d_a, z, a = self._check_backward(d_a, z, a)
        return d_a * (1 - a * a)


class ReLU(ActivationFunction):
    """f(z) = max(z, 0); f'(z) = 1 for z > 0 and 0 for z <= 0 (0 at z = 0 by convention)."""

    name = "relu"

    def forward(self, z):
        return np.maximum(_z(z), 0)

    def derivative(self, z):
        z = _z(z)
        return (z > 0).astype(z.dtype)

    def backward(self, d_a, z, a):
        d_a, z, a = self._check_backward(d_a, z, a)
        return d_a * (z > 0)  # multiply by the 0/1 mask f'(z)


class LeakyReLU(ActivationFunction):
    """f(z) = z for z > 0 and slope * z otherwise; f'(z) = 1 for z > 0, slope for z <= 0.

    ``slope`` in [0, 1) defaults to 0.01, PyTorch's ``negative_slope``.
    """

    name = "leaky_relu"
    slope = C.Checked(C.check_in_range, low=0.0, high=1.0)

    def __init__(self, slope: float = 0.01):
        self.slope = slope

    def forward(self, z):
        z = _z(z)
        return np.where(z > 0, z, self.slope * z)

    def derivative(self, z):
        z = _z(z)
        return np.where(z > 0, 1, self.slope).astype(z.dtype)

    def __repr__(self):
        if self.slope == 0.01:
            return "activations.get('leaky_relu')"
        return f"activations.get('leaky_relu', slope={self.slope})"


_REGISTRY = {"identity": Identity, "sigmoid": Sigmoid, "tanh": Tanh, "relu": ReLU, "leaky_relu": LeakyReLU}


def names() -> list[str]:
    """The activation names ``get`` accepts."""
    return list(_REGISTRY)


def get(name, **options) -> ActivationFunction:
    """A new activation called ``name`` (one of ``names()``) with ``options``, e.g.
    ``get("leaky_relu", slope=0.1)``. An activation object is returned as is."""
    if isinstance(name, ActivationFunction):
        if options:
            raise TypeError(f"options: an activation object was given, so none are expected, got {sorted(options)}")
        return name
    return _REGISTRY[C.check_name(name, _REGISTRY, "activation")](**options)


# Ready-made instances, handy in chapters: dl.activations.sigmoid.forward(z)
identity = Identity()
sigmoid = Sigmoid()
tanh = Tanh()
relu = ReLU()
leaky_relu = LeakyReLU()


def _scores(z, axis) -> tuple[np.ndarray, int]:
    """``z`` checked for softmax: at least 1-D, finite (an inf score has no probability),
    ``axis`` one of its axes with at least one score along it."""
    z = C.as_array(z, "z", nonempty=False)
    if z.ndim == 0:
        raise ValueError("z: expected an array with at least one axis of scores, got a scalar")
    axis = C.check_axis(axis, z.ndim)
    if z.shape[axis] == 0:
        raise ValueError(f"z: expected at least one score along axis {axis}, got shape {z.shape}")
    return z, axis


def softmax(z, axis: int = -1) -> np.ndarray:
    """softmax(z)_j = exp(z_j - max z) / sum_k exp(z_k - max z) along ``axis`` (default: last).

    Subtracting the maximum leaves the value unchanged and keeps every exponent
    <= 0, so large scores cannot overflow. The probabilities along ``axis`` sum to 1.
    Shape in = shape out, e.g. scores (n, k) -> probabilities (n, k). Chapter 2.3.
    """
    z, axis = _scores(z, axis)
    e = np.exp(z - z.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def log_softmax(z, axis: int = -1) -> np.ndarray:
    """log softmax(z) = z - max z - log sum exp(z - max z), without forming log(0)."""
    z, axis = _scores(z, axis)
    shifted = z - z.max(axis=axis, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=axis, keepdims=True))
