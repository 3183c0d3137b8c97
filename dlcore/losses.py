"""Loss functions (损失函数) with their gradients (chapters 2.3 and 3.3).

Each loss is an object with

- ``name``
- ``forward(y_hat, y) -> float``: the loss averaged over all entries (mean
  reduction, as PyTorch's default);
- ``backward(y_hat, y) -> array``: dL/dy_hat, shaped like ``y_hat``: the
  exact gradient of the value ``forward`` returns;
- ``value_and_grad(y_hat, y) -> (float, array)``: both at once, sharing work.

Get one with ``get(name)``: ``mse``, ``bce``, ``cross_entropy``.

Shapes are never broadcast: ``y_hat`` and ``y`` must have the same shape
(``cross_entropy`` also takes integer labels ``(n,)`` for scores ``(n, k)``).
A ``(100, 1)`` prediction against a ``(100,)`` target is an error here, not a
``(100, 100)`` matrix of differences. ``y`` is cast to ``y_hat``'s dtype, so a
float32 model keeps computing in float32.

The formulas (N is the number of entries, n the number of rows):

- MSE  (PyTorch ``MSELoss``):  L = (1/N) sum (y_hat - y)^2,  dL/dy_hat = 2 (y_hat - y) / N.
- BCE  (PyTorch ``BCELoss``, on probabilities y_hat in [0, 1], targets in [0, 1]):
  L = -(1/N) sum [ y log(y_hat) + (1 - y) log(1 - y_hat) ],
  dL/dy_hat = (y_hat - y) / (y_hat (1 - y_hat)) / N.
  Clipping, as PyTorch does: each log is clamped to >= -100, so y_hat = 0 or 1
  gives a finite (large) loss, never inf; the gradient's denominator is clamped
  to >= 1e-12, so it is finite too.
- Cross-entropy (PyTorch ``CrossEntropyLoss``, on raw scores ("logits") z of shape (n, k)):
  with integer labels c (n,):   L = (1/n) sum_i [ logsumexp(z_i) - z_i,c_i ],
  with target rows y (n, k):    L = -(1/n) sum_i sum_j y_ij log softmax(z_i)_j,
  dL/dz = (softmax(z) * sum_j y_ij - y) / n   (= (softmax(z) - one_hot(c)) / n for labels).
  logsumexp subtracts the row maximum first, so no exp overflows and no log(0) is formed.
"""

from __future__ import annotations

import numpy as np

from . import _checks as C

__all__ = ["Loss", "MSE", "BCE", "CrossEntropy", "get", "names"]

# PyTorch's clamps for binary cross-entropy (aten/src/ATen/native/Loss.cpp).
BCE_LOG_MIN = -100.0
BCE_GRAD_EPS = float(np.float32(1e-12))  # torch stores its 1e-12 as a float32: 9.99999996e-13


class Loss:
    """Base class. Subclasses implement ``_check`` and ``_value_and_grad``."""

    name = "loss"

    def forward(self, y_hat, y) -> float:
        """The mean loss as a Python float."""
        y_hat, y = self._check(y_hat, y)
        return self._value(y_hat, y)

    def backward(self, y_hat, y) -> np.ndarray:
        """dL/dy_hat, shaped and typed like ``y_hat``. Does not modify its inputs."""
        y_hat, y = self._check(y_hat, y)
        return self._value_and_grad(y_hat, y)[1]

    def value_and_grad(self, y_hat, y):
        """``(forward(y_hat, y), backward(y_hat, y))`` computed together."""
        y_hat, y = self._check(y_hat, y)
        return self._value_and_grad(y_hat, y)

    __call__ = forward

    def _value(self, y_hat, y) -> float:
        return self._value_and_grad(y_hat, y)[0]

    def _y_hat(self, y_hat):
        return C.as_array(y_hat, "y_hat", ndim=(1, 2))

    def _check(self, y_hat, y):  # pragma: no cover - abstract
        raise NotImplementedError

    def _value_and_grad(self, y_hat, y):  # pragma: no cover - abstract
        raise NotImplementedError

    def __repr__(self):
        return f"losses.get({self.name!r})"


def _shape_hint(y_hat, y):
    if y_hat.ndim == 2 and y_hat.shape[1] == 1 and y.shape == (y_hat.shape[0],):
        return "reshape y with y.reshape(-1, 1)"
    if y_hat.ndim == 2 and y.ndim == 1 and y.shape[0] == y_hat.shape[0]:
        return "for class labels use cross_entropy, or one-hot encode y"
    return ""


class MSE(Loss):
    """Mean squared error (均方误差): L = mean((y_hat - y)^2), dL/dy_hat = 2 (y_hat - y) / N."""

    name = "mse"

    def _check(self, y_hat, y):
        y_hat = self._y_hat(y_hat)
        y = C.as_array(y, "y", dtype=y_hat.dtype)
        C.same_shape(y_hat, y, "y_hat", "y", _shape_hint(y_hat, y))
        return y_hat, y

    def _value(self, y_hat, y):
        diff = y_hat - y
        return float(np.vdot(diff, diff) / diff.size)

    def _value_and_grad(self, y_hat, y):
        diff = y_hat - y
        value = float(np.vdot(diff, diff) / diff.size)
        diff *= 2 / diff.size
        return value, diff


class BCE(Loss):
    """Binary cross-entropy (二元交叉熵) on probabilities y_hat in [0, 1] with targets y in [0, 1].

    L = -mean(y log y_hat + (1 - y) log(1 - y_hat)); each log clamped at -100 (PyTorch's rule),
    dL/dy_hat = (y_hat - y) / max(y_hat (1 - y_hat), 1e-12) / N.
    """

    name = "bce"

    def _check(self, y_hat, y):
        y_hat = self._y_hat(y_hat)
        y = C.as_array(y, "y", dtype=y_hat.dtype)
        C.same_shape(y_hat, y, "y_hat", "y", _shape_hint(y_hat, y))
        if y_hat.min() < 0 or y_hat.max() > 1:
            raise ValueError(
                f"y_hat: expected probabilities in [0, 1] (use a sigmoid output), "
                f"got values from {y_hat.min():g} to {y_hat.max():g}"
            )
        if y.min() < 0 or y.max() > 1:
            raise ValueError(f"y: expected BCE targets in [0, 1], got values from {y.min():g} to {y.max():g}")
        return y_hat, y

    def _value(self, y_hat, y):
        with np.errstate(divide="ignore"):
            log_p = np.maximum(np.log(y_hat), BCE_LOG_MIN)
            log_q = np.maximum(np.log1p(-y_hat), BCE_LOG_MIN)
        return float(-(np.vdot(y, log_p) + np.vdot(1 - y, log_q)) / y_hat.size)

    def _value_and_grad(self, y_hat, y):
        value = self._value(y_hat, y)
        grad = (y_hat - y) / np.maximum(y_hat * (1 - y_hat), BCE_GRAD_EPS)
        grad *= 1 / y_hat.size
        return value, grad


def _row_max(z):
    """z.max(axis=1, keepdims=True) for z (n, k). NumPy reduces a short last axis slowly,
    so for many rows and few classes we take the maximum column by column instead."""
    n, k = z.shape
    if n < 128 or k > 32:
        return z.max(axis=1, keepdims=True)
    m = z[:, 0].copy()
    for j in range(1, k):
        np.maximum(m, z[:, j], out=m)
    return m[:, None]


def _row_sum(e):
    """e.sum(axis=1, keepdims=True) for e (n, k), as a matrix-vector product (faster)."""
    return (e @ np.ones(e.shape[1], dtype=e.dtype))[:, None]


class CrossEntropy(Loss):
    """Cross-entropy (交叉熵) on raw scores z (n, k), softmax built in (PyTorch ``CrossEntropyLoss``).

    Targets: integer labels (n,) in 0..k-1, or rows (n, k) of class probabilities (e.g. one-hot).
    L = mean_i [logsumexp(z_i) - z_i,c_i]; dL/dz = (softmax(z) - one_hot(c)) / n.
    """

    name = "cross_entropy"

    def _y_hat(self, y_hat):
        y_hat = C.as_array(y_hat, "y_hat", ndim=2)
        return y_hat

    def _check(self, y_hat, y):
        y_hat = self._y_hat(y_hat)
        n, k = y_hat.shape
        y_arr = np.asarray(y)
        if y_arr.ndim == 1:
            if y_arr.dtype.kind == "f":
                raise TypeError(
                    f"y: expected integer class labels of shape ({n},) or probabilities of shape ({n}, {k}), "
                    f"got a float array of shape {y_arr.shape}; use y.astype(int) for labels"
                )
            y = C.as_labels(y_arr, "y", n_classes=k)
            if len(y) != n:
                raise ValueError(f"y_hat and y: expected {n} labels for {n} rows of scores, got {len(y)}")
            return y_hat, y
        y = C.as_array(y_arr, "y", dtype=y_hat.dtype)
        C.same_shape(y_hat, y, "y_hat", "y", "y must be labels (n,) or target rows (n, k)")
        if y.min() < 0 or y.max() > 1:
            raise ValueError(f"y: expected target probabilities in [0, 1], got values from {y.min():g} to {y.max():g}")
        return y_hat, y

    def _value_and_grad(self, y_hat, y):
        n = y_hat.shape[0]
        shifted = y_hat - _row_max(y_hat)
        e = np.exp(shifted)
        s = _row_sum(e)
        if y.ndim == 1:
            rows = np.arange(n)
            value = float((np.log(s).sum() - shifted[rows, y].sum()) / n)
            e /= s
            e[rows, y] -= 1
        else:
            log_p = shifted - np.log(s)
            value = float(-np.vdot(y, log_p) / n)
            e /= s
            e *= y.sum(axis=1, keepdims=True)
            e -= y
        e *= 1 / n
        return value, e

    def _value(self, y_hat, y):
        n = y_hat.shape[0]
        shifted = y_hat - y_hat.max(axis=1, keepdims=True)
        lse = np.log(np.exp(shifted).sum(axis=1))
        if y.ndim == 1:
            return float((lse.sum() - shifted[np.arange(n), y].sum()) / n)
        return float(-np.vdot(y, shifted - lse[:, None]) / n)


_REGISTRY = {"mse": MSE, "bce": BCE, "cross_entropy": CrossEntropy}


def names() -> list[str]:
    """The loss names ``get`` accepts."""
    return list(_REGISTRY)


def get(name) -> Loss:
    """The loss called ``name`` (one of ``names()``); a loss object is returned as is."""
    if isinstance(name, Loss):
        return name
    return _REGISTRY[C.check_name(name, _REGISTRY, "loss", "loss")]()
