"""Layers (层): a dense (fully connected) layer and an activation layer (chapters 3.1-3.2).

Each layer has ``forward(X)``, which caches what ``backward`` needs, and
``backward(delta)``, which takes dL/d(output) and returns dL/d(input). Neither
modifies its argument. The backward of each layer sits right below its forward.

Shapes (a batch is rows):

    Dense:       X (n, n_in)  -> z = X W + b  (n, n_out);   W (n_in, n_out), b (n_out,)
    Activation:  z (n, m)     -> a = f(z)     (n, m)
"""

from __future__ import annotations

import numpy as np

from . import _checks as C
from . import activations as _activations
from .initializers import init_weights

__all__ = ["Dense", "Activation"]


_ONES = {}


def _ones(n, dtype):
    """A cached read-only vector of n ones."""
    key = (n, dtype)
    v = _ONES.get(key)
    if v is None:
        if len(_ONES) > 64:
            _ONES.clear()
        v = _ONES[key] = np.ones(n, dtype=dtype)
        v.flags.writeable = False
    return v


class Dense:
    """A fully connected layer z = X W + b (全连接层).

    Parameters: ``W`` (n_in, n_out) drawn by ``init`` (see ``dlcore.initializers``), ``b`` (n_out,) zeros.
    After ``backward``: ``dW = X^T delta`` (n_in, n_out), ``db = sum over rows of delta`` (n_out,),
    and the returned ``dX = delta W^T`` (n, n_in).

    ``params`` and ``grads`` are the live arrays ``[W, b]`` and ``[dW, db]``; an optimizer
    updates ``params`` in place, and ``backward`` overwrites ``grads`` in place.
    """

    def __init__(self, n_in: int, n_out: int, init="xavier", seed=None, dtype=np.float64):
        self.n_in = C.check_int(n_in, "n_in")
        self.n_out = C.check_int(n_out, "n_out")
        self.dtype = C.check_dtype(dtype)
        self.W = init_weights(init, self.n_in, self.n_out, seed, self.dtype)
        self.b = np.zeros(self.n_out, dtype=self.dtype)
        self.dW = np.zeros_like(self.W)
        self.db = np.zeros_like(self.b)
        self.X = None  # cached input of the last forward

    @property
    def params(self):
        return [self.W, self.b]

    @property
    def grads(self):
        return [self.dW, self.db]

    def forward(self, X):
        """z = X W + b for X of shape (n, n_in); returns (n, n_out). Caches X."""
        X = C.as_array(X, "X", ndim=2, dtype=self.dtype)
        if X.shape[1] != self.n_in:
            raise ValueError(f"X: expected {self.n_in} features (columns), got shape {X.shape}")
        return self._forward(X)

    def _forward(self, X, cache=True):
        if cache:
            self.X = X
        z = X @ self.W
        z += self.b
        return z

    def backward(self, delta):
        """Given delta = dL/dz (n, n_out): fill dW, db and return dX = delta W^T (n, n_in)."""
        if self.X is None:
            raise RuntimeError("backward called before forward")
        delta = C.as_array(delta, "delta", ndim=2, dtype=self.dtype)
        expected = (self.X.shape[0], self.n_out)
        if delta.shape != expected:
            raise ValueError(f"delta: expected shape {expected} (the shape of the last forward's output), got {delta.shape}")
        return self._backward(delta)

    def _backward(self, delta, need_dx=True):
        np.matmul(self.X.T, delta, out=self.dW)
        # db = delta.sum(axis=0), written as ones^T delta: BLAS does it several times faster
        np.matmul(_ones(delta.shape[0], delta.dtype), delta, out=self.db)
        if need_dx:
            return delta @ self.W.T
        return None

    @property
    def n_params(self) -> int:
        return self.W.size + self.b.size

    def __repr__(self):
        return f"Dense({self.n_in}, {self.n_out}, dtype={self.dtype.name})"


class Activation:
    """An elementwise activation layer a = f(z) (激活层), f one of ``dlcore.activations``.

    ``backward(delta)`` returns dL/dz = delta * f'(z) using the cached z and a.
    """

    n_params = 0

    @property
    def params(self):
        return []  # an activation has no weights

    @property
    def grads(self):
        return []

    def __init__(self, activation="relu"):
        self.fn = _activations.get(activation)
        self.name = self.fn.name
        self.z = None
        self.a = None

    def forward(self, z):
        """a = f(z), any shape; caches z and a."""
        z = C.as_array(z, "z")
        return self._forward(z)

    def _forward(self, z, cache=True):
        a = self.fn.forward(z)
        if cache:
            self.z, self.a = z, a
        return a

    def backward(self, delta):
        """dL/dz = delta * f'(z) for delta = dL/da shaped like the last forward's output."""
        if self.z is None:
            raise RuntimeError("backward called before forward")
        delta = C.as_array(delta, "delta", dtype=self.z.dtype)
        if delta.shape != self.z.shape:
            raise ValueError(f"delta: expected shape {self.z.shape} (the shape of the last forward's output), got {delta.shape}")
        return self._backward(delta)

    def _backward(self, delta):
        return self.fn.backward(delta, self.z, self.a)

    def __repr__(self):
        return f"Activation({self.name!r})"
