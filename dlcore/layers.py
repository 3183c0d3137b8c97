"""Layers (层): a dense (fully connected) layer and an activation layer (chapters 3.1-3.2).

Each layer has ``forward(x)``, which keeps its own copy of what ``backward``
needs, and ``backward(g)``, which takes the gradient of the loss with respect
to the layer's output and returns it with respect to the layer's input. The
backward of each layer sits right below its forward. Neither modifies its
argument, and nothing a layer returns is an array it keeps.

Shapes (a batch is rows):

    Dense:       X (n, n_in)  -> z = X W + b  (n, n_out);   W (n_in, n_out), b (n_out,)
                 backward: delta = dL/dz (n, n_out) -> d_X = dL/dX = delta W^T (n, n_in)
    Activation:  z (n, m)     -> a = f(z)     (n, m)
                 backward: d_a = dL/da (n, m)  -> delta = dL/dz = d_a * f'(z) (n, m)
"""

from __future__ import annotations

import numpy as np

from . import _checks as C
from . import activations as _activations
from .initializers import init_weights

__all__ = ["Dense", "Activation"]


def bias_gradient(delta: np.ndarray) -> np.ndarray:
    """db = sum over the rows of delta, (n, n_out) -> (n_out,).

    Summed in float64 and then rounded to delta's dtype: a float32 running sum
    over 100,000 rows would lose about 3e-6 of its value (PyTorch: about 1e-7).
    """
    return delta.sum(axis=0, dtype=np.float64).astype(delta.dtype)


class Dense:
    """A fully connected layer z = X W + b (全连接层).

    Parameters: ``W`` (n_in, n_out) drawn by ``init`` (see ``dlcore.initializers``), ``b`` (n_out,) zeros.
    After ``backward``: ``dW = X^T delta`` (n_in, n_out), ``db = sum over rows of delta`` (n_out,),
    and the returned ``d_X = delta W^T`` (n, n_in).

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
        self.X = None  # a copy of the last forward's input

    @property
    def params(self):
        return [self.W, self.b]

    @property
    def grads(self):
        return [self.dW, self.db]

    @property
    def n_params(self) -> int:
        return self.W.size + self.b.size

    def forward(self, X):
        """z = X W + b for X of shape (n, n_in); returns (n, n_out).
        Keeps a copy of X.

        X is cast to the layer's dtype. NaN and inf pass through (a diverged
        network's predictions show them); ``MLP.forward`` rejects them in its
        input.
        """
        X = C.as_array(X, "X", ndim=2, dtype=self.dtype, finite=False)
        if X.shape[1] != self.n_in:
            raise ValueError(f"X: expected {self.n_in} features (columns), "
                             f"got shape {X.shape}")
        self.X = X.copy()
        return self.X @ self.W + self.b

    def backward(self, delta):
        """Given delta = dL/dz (n, n_out): fill dW, db and return
        d_X = delta W^T (n, n_in)."""
        if self.X is None:
            raise RuntimeError("backward called before forward")
        delta = C.as_array(delta, "delta", ndim=2, dtype=self.dtype,
                           finite=False)
        C.check_shape(delta, (len(self.X), self.n_out), "delta",
                      "the last forward's output")
        self.dW[...] = self.X.T @ delta
        self.db[...] = bias_gradient(delta)
        return delta @ self.W.T

    def __repr__(self):
        return f"Dense({self.n_in}, {self.n_out}, dtype={self.dtype.name})"


class Activation:
    """An elementwise activation layer a = f(z) (激活层), f one of ``dlcore.activations``.

    ``backward(d_a)`` returns delta = dL/dz = d_a * f'(z) from the cached z and a.
    """

    n_params = 0

    def __init__(self, activation="relu"):
        self.fn = _activations.get(activation)
        self.name = self.fn.name
        self.z = None
        self.a = None

    @property
    def params(self):
        return []  # an activation has no weights

    @property
    def grads(self):
        return []

    def forward(self, z):
        """a = f(z), any shape; keeps copies of z and a and returns a read-only view of a."""
        z = C.as_array(z, "z", finite=False)
        self.z = z.copy()
        self.a = self.fn.forward(self.z)
        a = self.a.view()
        a.flags.writeable = False  # backward reads self.a: the caller cannot change it
        return a

    def backward(self, d_a):
        """delta = dL/dz = d_a * f'(z) for d_a = dL/da shaped like the last
        forward's output."""
        if self.z is None:
            raise RuntimeError("backward called before forward")
        d_a = C.as_array(d_a, "d_a", dtype=self.z.dtype, finite=False)
        C.check_shape(d_a, self.z.shape, "d_a", "the last forward's output")
        return self.fn.backward(d_a, self.z, self.a)

    def __repr__(self):
        return f"Activation({self.name!r})"
