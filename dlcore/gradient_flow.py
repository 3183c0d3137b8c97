"""Vanishing and exploding gradients (chapter 2.2): how large each layer's gradient is
in a deep, untrained network, for a given activation and weight initialisation.

Backpropagation (part 3) sends the error back through the layers with

    delta_{l-1} = (delta_l W_l^T) * f'(z_{l-1}),      dW_l = a_{l-1}^T delta_l,

so every layer multiplies the signal by a weight matrix and by the activation's
slope. In a layer of n inputs with weights of variance Var(W), the size of delta
changes by about sqrt(n Var(W) E[f'(z)^2]) per layer: a factor below 1 shrinks
the gradient geometrically with depth (vanishing), above 1 it grows (exploding).
Glorot & Bengio (2010) chose Var(W) = 2 / (n_in + n_out) to make the factor about
1 for tanh near 0; He et al. (2015) chose Var(W) = 2 / n_in for ReLU, whose
E[f'^2] is 1/2.
"""

from __future__ import annotations

import numpy as np

from . import _checks as C
from . import activations, initializers
from .random import get_rng

__all__ = ["layer_gradient_norms", "gradient_flow", "ACTIVATIONS", "INITS"]

#: The activations and initialisers chapter 2.2 compares.
ACTIVATIONS = ("sigmoid", "tanh", "relu")
INITS = ("normal", "xavier", "he")


def layer_gradient_norms(depth: int, activation: str = "relu", init: str = "he", width: int = 32,
                         n: int = 64, seed: int = 0) -> np.ndarray:
    """||dW_l|| (Frobenius norm) for l = 1..depth+1 in an untrained deep MLP.

    The network is ``[width] + [width] * depth + [1]``: ``depth`` hidden layers of
    ``width`` units with ``activation``, an identity output, weights drawn by
    ``init`` from ``seed`` exactly as ``dl.MLP(sizes, activation, init=init,
    seed=seed)`` draws them, and biases 0 (as at the start of training, so they
    are left out below). The inputs X are ``(n, width)`` standard normal numbers
    and the targets y ``(n, 1)`` standard normal too (both from ``seed + 1``); the
    gradient is that of the mean squared error, from one forward and one backward
    pass:

        z_l = a_{l-1} W_l,  a_l = f(z_l)                  (a_0 = X, identity output)
        delta_L = 2 (y_hat - y) / n
        dW_l = a_{l-1}^T delta_l,  delta_{l-1} = (delta_l W_l^T) * f'(z_{l-1})

    Returns a float64 array of shape ``(depth + 1,)``: entry l - 1 is layer l's
    gradient norm, the input side first. Entries may be 0 or tiny (vanished); inf or
    NaN means the numbers overflowed (exploded).
    """
    depth = C.check_int(depth, "depth")
    width = C.check_int(width, "width")
    n = C.check_int(n, "n")
    f = activations.get(activation)
    draw = initializers.get(init)
    rng = get_rng(C.check_seed(seed))
    Ws = [draw(width, width, rng) for _ in range(depth)] + [draw(width, 1, rng)]
    data = get_rng(seed + 1)
    X = data.normal(size=(n, width))
    y = data.normal(size=(n, 1))
    with np.errstate(all="ignore"):
        a, cache = X, []
        for W in Ws[:-1]:
            z = a @ W
            cache.append((a, z))
            a = f.forward(z)
        y_hat = a @ Ws[-1]
        delta = 2 * (y_hat - y) / n
        norms = [np.linalg.norm(a.T @ delta)]             # the output layer, L
        d_a = delta @ Ws[-1].T
        for (a_prev, z), W in zip(reversed(cache), reversed(Ws[:-1])):
            delta = d_a * f.derivative(z)
            norms.append(np.linalg.norm(a_prev.T @ delta))
            d_a = delta @ W.T
    return np.array(norms[::-1])


def gradient_flow(depth: int, activations=ACTIVATIONS, inits=INITS, width: int = 32,
                  n: int = 64, seed: int = 0) -> dict:
    """``{(activation, init): layer_gradient_norms(depth, activation, init, ...)}`` for
    every pair, all with the same inputs and targets."""
    return {(a, i): layer_gradient_norms(depth, a, i, width, n, seed)
            for a in activations for i in inits}
