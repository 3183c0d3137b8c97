"""Loss functions (损失函数) with their gradients (chapters 2.3 and 3.3).

Each loss is an object with

- ``name``
- ``forward(y_hat, y) -> float``: the loss averaged over all entries (mean
  reduction, PyTorch's default);
- ``backward(y_hat, y) -> array``: dL/dy_hat, shaped like ``y_hat``: the
  exact gradient of the value ``forward`` returns;
- ``value_and_grad(y_hat, y) -> (float, array)``: both, for a training step.

Get one with ``get(name)``: ``mse``, ``bce``, ``cross_entropy``.

Shapes are never broadcast: ``y_hat`` and ``y`` must have the same shape
(``cross_entropy`` also takes integer labels ``(n,)`` for scores ``(n, k)``).
A ``(100, 1)`` prediction against a ``(100,)`` target is an error here, not a
``(100, 100)`` matrix of differences. ``y_hat`` must be float32 or float64 and
finite; ``y`` is cast to ``y_hat``'s dtype, so a float32 model stays float32.

The formulas (N is the number of entries, n the number of rows):

- MSE  (PyTorch ``MSELoss``):  L = (1/N) sum (y_hat - y)^2,  dL/dy_hat = 2 (y_hat - y) / N.
- BCE  (PyTorch ``BCELoss``, on probabilities y_hat in [0, 1], targets in [0, 1]):
  L = -(1/N) sum [ y log(y_hat) + (1 - y) log(1 - y_hat) ],
  dL/dy_hat = (y_hat - y) / (y_hat (1 - y_hat)) / N.
  Clipping, as PyTorch does: each log is clamped to >= -100, so y_hat = 0 or 1
  gives a finite (large) loss, never inf; the gradient's denominator is clamped
  to >= 1e-12, so it is finite too.
- Cross-entropy (PyTorch ``CrossEntropyLoss``, on raw scores ("logits") z of shape (n, k)):
  with integer labels c (n,):   L = -(1/n) sum_i log softmax(z_i)_{c_i},
  with target rows y (n, k):    L = -(1/n) sum_i sum_j y_ij log softmax(z_i)_j,
  dL/dz = (softmax(z) * sum_j y_ij - y) / n   (= (softmax(z) - one_hot(c)) / n for labels).
  ``log_softmax`` subtracts the row maximum first, so no exp overflows and no log(0) is formed.
"""

from __future__ import annotations

import numpy as np

from . import _checks as C
from .activations import log_softmax, softmax

__all__ = ["Loss", "MSE", "BCE", "CrossEntropy", "get", "names"]

# PyTorch's clamps for binary cross-entropy (aten/src/ATen/native/Loss.cpp).
BCE_LOG_MIN = -100.0
BCE_GRAD_EPS = float(np.float32(1e-12))  # torch stores its 1e-12 as a float32: 9.99999996e-13


class Loss:
    """Base class: a subclass writes ``forward`` and ``backward`` and declares what it accepts.

    probabilities:  y_hat must lie in [0, 1] (BCE)
    unit_targets:   target entries must lie in [0, 1] (BCE, cross-entropy's target rows)
    labels:         y may also be integer class labels (n,) for y_hat (n, k) (cross-entropy)
    """

    name = "loss"
    probabilities = False
    unit_targets = False
    labels = False

    def forward(self, y_hat, y) -> float:
        raise NotImplementedError

    def backward(self, y_hat, y) -> np.ndarray:
        raise NotImplementedError

    def value_and_grad(self, y_hat, y):
        """``(forward(y_hat, y), backward(y_hat, y))``."""
        return self.forward(y_hat, y), self.backward(y_hat, y)

    def __call__(self, y_hat, y) -> float:
        return self.forward(y_hat, y)

    # -- validation, declared by the class attributes above ------------------------------
    def check(self, y_hat, y):
        """``(y_hat, y)`` checked and converted; raises naming the argument otherwise."""
        y_hat = C.as_array(y_hat, "y_hat", ndim=2 if self.labels else (1, 2))
        if self.probabilities:
            C.check_unit_interval(y_hat, "y_hat", "probabilities", "use a sigmoid output")
        return y_hat, self.check_targets(y, y_hat.shape, y_hat.dtype)

    def check_targets(self, y, shape, dtype, arg: str = "y"):
        """Targets ``y`` for predictions of ``shape``: labels (intp) or an array of ``dtype``."""
        y_arr = np.asarray(y)
        if self.labels and y_arr.ndim == 1:
            if y_arr.dtype.kind == "f":
                raise TypeError(f"{arg}: expected integer class labels of shape ({shape[0]},) or target rows "
                                f"of shape {shape}, got a float array of shape {y_arr.shape}; use y.astype(int)")
            labels = C.as_labels(y_arr, arg, n_classes=shape[1])
            if len(labels) != shape[0]:
                raise ValueError(f"{arg}: expected {shape[0]} labels for {shape[0]} rows of scores, got {len(labels)}")
            return labels
        y = C.as_array(y_arr, arg, dtype=dtype)
        if y.shape != shape:
            raise ValueError(f"{arg}: expected shape {shape} like the predictions, got {y.shape}; "
                             "dlcore never broadcasts one against the other" + _shape_hint(shape, y.shape))
        if self.unit_targets:
            C.check_unit_interval(y, arg, "targets")
        return y

    def __repr__(self):
        return f"losses.get({self.name!r})"


def _shape_hint(shape, y_shape):
    if len(shape) == 2 and shape[1] == 1 and y_shape == (shape[0],):
        return " (reshape y with y.reshape(-1, 1))"
    if len(shape) == 2 and y_shape == (shape[0],):
        return " (for class labels use cross_entropy, or one-hot encode y)"
    return ""


class MSE(Loss):
    """Mean squared error (均方误差): L = mean((y_hat - y)^2), dL/dy_hat = 2 (y_hat - y) / N."""

    name = "mse"

    def forward(self, y_hat, y) -> float:
        y_hat, y = self.check(y_hat, y)
        return float(np.mean((y_hat - y) ** 2))

    def backward(self, y_hat, y) -> np.ndarray:
        y_hat, y = self.check(y_hat, y)
        return 2 * (y_hat - y) / y_hat.size


class BCE(Loss):
    """Binary cross-entropy (二元交叉熵) on probabilities y_hat in [0, 1] with targets y in [0, 1].

    L = -mean(y log y_hat + (1 - y) log(1 - y_hat)); each log clamped at -100 (PyTorch's rule),
    dL/dy_hat = (y_hat - y) / max(y_hat (1 - y_hat), 1e-12) / N.
    """

    name = "bce"
    probabilities = True
    unit_targets = True

    def forward(self, y_hat, y) -> float:
        y_hat, y = self.check(y_hat, y)
        with np.errstate(divide="ignore"):  # log(0) = -inf, clamped to -100 next
            log_p = np.maximum(np.log(y_hat), BCE_LOG_MIN)
            log_q = np.maximum(np.log1p(-y_hat), BCE_LOG_MIN)
        return float(-np.mean(y * log_p + (1 - y) * log_q))

    def backward(self, y_hat, y) -> np.ndarray:
        y_hat, y = self.check(y_hat, y)
        return (y_hat - y) / np.maximum(y_hat * (1 - y_hat), BCE_GRAD_EPS) / y_hat.size


class CrossEntropy(Loss):
    """Cross-entropy (交叉熵) on raw scores z (n, k), softmax built in (PyTorch ``CrossEntropyLoss``).

    Targets: integer labels (n,) in 0..k-1, or rows (n, k) of class probabilities (e.g. one-hot).
    L = -mean_i log softmax(z_i)_{c_i};  dL/dz = (softmax(z) - one_hot(c)) / n.
    """

    name = "cross_entropy"
    unit_targets = True
    labels = True

    def forward(self, y_hat, y) -> float:
        z, y = self.check(y_hat, y)
        n = z.shape[0]
        log_p = log_softmax(z, axis=1)
        if y.ndim == 1:
            return float(-log_p[np.arange(n), y].sum() / n)
        return float(-np.sum(y * log_p) / n)

    def backward(self, y_hat, y) -> np.ndarray:
        z, y = self.check(y_hat, y)
        n = z.shape[0]
        p = softmax(z, axis=1)
        if y.ndim == 1:
            p[np.arange(n), y] -= 1  # softmax(z) - one_hot(c)
            return p / n
        return (p * y.sum(axis=1, keepdims=True) - y) / n


_REGISTRY = {"mse": MSE, "bce": BCE, "cross_entropy": CrossEntropy}


def names() -> list[str]:
    """The loss names ``get`` accepts."""
    return list(_REGISTRY)


def get(name, **options) -> Loss:
    """A new loss called ``name`` (one of ``names()``); a loss object is returned as is.
    No loss has options yet; ``**options`` keeps ``get`` alike across dlcore."""
    if isinstance(name, Loss):
        if options:
            raise TypeError(f"options: a loss object was given, so none are expected, got {sorted(options)}")
        return name
    return _REGISTRY[C.check_name(name, _REGISTRY, "loss", "loss")](**options)
