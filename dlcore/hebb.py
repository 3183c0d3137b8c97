"""Hebb's rule beside gradient descent: two ways for a synapse to learn (chapter 1.2).

Hebb (1949) proposed that a connection grows stronger when the cell before it
and the cell after it are active together. For a layer of linear units with
input patterns ``x`` (keys) and the outputs we want ``y`` (values), the rule adds
the product of the two activities to each weight, pattern by pattern:

    W <- W + lr x^T y,       so after all patterns     W = lr X^T Y

It needs no error signal, only the two activities. Recall is ``Y_hat = X W``.
When the keys are orthonormal, ``X X^T = I`` and recall is exact (with lr = 1);
when they overlap, every stored pattern leaks into the others (crosstalk).

Gradient descent on the squared error (the delta rule of Widrow and Hoff,
the same rule ``dl.train`` applies to a network) uses the error instead:

    W <- W - lr X^T (X W - Y) / n

and for linearly independent keys it finds weights with exact recall.

Shapes: ``X`` is ``(p, d)`` (p patterns of d inputs), ``Y`` is ``(p, k)``, ``W`` is ``(d, k)``.
"""

from __future__ import annotations

import numpy as np

from ._checks import as_array, check_int, check_positive, same_length

__all__ = ["hebb_weights", "delta_rule_weights", "recall", "hebb_neuron"]


def _patterns(X, Y):
    X = as_array(X, "X", ndim=2).astype(np.float64)
    Y = as_array(Y, "Y", ndim=2).astype(np.float64)
    same_length(X, Y, "X", "Y")
    return X, Y


def hebb_weights(X, Y, lr: float = 1.0):
    """The weights Hebb's rule builds from the pattern pairs: ``W = lr X^T Y``, ``(d, k)``.

    The sum over patterns of ``lr x_i^T y_i``, the same as applying the rule once per pair.
    """
    X, Y = _patterns(X, Y)
    lr = check_positive(lr, "lr")
    return lr * X.T @ Y


def delta_rule_weights(X, Y, lr: float = 0.5, epochs: int = 200):
    """Gradient descent on ``L = ||X W - Y||^2 / (2 p)`` from ``W = 0``: ``W <- W - lr X^T (X W - Y) / p``.

    Returns ``(W (d, k), losses (epochs,))``, the loss before each step.
    """
    X, Y = _patterns(X, Y)
    lr = check_positive(lr, "lr")
    epochs = check_int(epochs, "epochs")
    p = X.shape[0]
    W = np.zeros((X.shape[1], Y.shape[1]))
    losses = np.empty(epochs)
    for t in range(epochs):
        error = X @ W - Y
        losses[t] = np.sum(error ** 2) / (2 * p)
        W = W - lr * X.T @ error / p
    return W, losses


def recall(W, X):
    """What the layer answers to the keys ``X`` ``(p, d)``: ``X W``, ``(p, k)``."""
    W = as_array(W, "W", ndim=2).astype(np.float64)
    X = as_array(X, "X", ndim=2).astype(np.float64)
    if X.shape[1] != W.shape[0]:
        raise ValueError(f"X: expected {W.shape[0]} columns (W has shape {W.shape}), got shape {X.shape}")
    return X @ W


def hebb_neuron(X, t, lr: float = 1.0):
    """Hebb's rule for one threshold neuron with a bias, on bipolar data (inputs and targets -1 or +1).

    X: ``(n, d)`` inputs; t: ``(n,)`` targets, each -1 or +1. Every example adds
    ``lr t x`` to ``w`` and ``lr t`` to ``b`` (the bias is a weight from an input that
    is always 1). Returns ``(w (d,), b)``; the neuron answers ``sign(X w + b)``.
    """
    X = as_array(X, "X", ndim=2).astype(np.float64)
    t = as_array(t, "t", ndim=1).astype(np.float64)
    same_length(X, t, "X", "t")
    if not np.all(np.abs(t) == 1):
        raise ValueError(f"t: expected bipolar targets (-1 or +1), got values {np.unique(t).tolist()}")
    lr = check_positive(lr, "lr")
    return lr * X.T @ t, float(lr * t.sum())
