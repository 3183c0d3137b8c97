"""The artificial neuron a = f(w . x + b) and Rosenblatt's perceptron rule (chapter 1.2).

McCulloch and Pitts (1943) modelled a neuron as a threshold unit: it adds its
weighted inputs and fires when the sum reaches a threshold. Written with a bias
``b`` (minus the threshold) and an activation ``f``:

    z = w . x + b,        a = f(z)

With the step function ``f(z) = 1 if z >= 0 else 0`` the neuron splits the input
plane along the line ``w . x + b = 0`` (the decision line). Rosenblatt (1958)
gave it a learning rule: for each example with target ``y`` in {0, 1},

    w <- w + lr (y - a) x,     b <- b + lr (y - a)

which changes nothing when the neuron is right. If a line separates the two
classes the rule finds one after finitely many mistakes (the perceptron
convergence theorem); for XOR no line exists and it never settles.

Shapes: ``X`` is ``(n, d)``, ``w`` is ``(d,)``, ``b`` a float, ``y`` integer ``(n,)``.
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass

import numpy as np

from . import activations as _activations
from ._checks import as_array, as_labels, check_int, check_name, check_positive, check_seed, same_length

__all__ = ["LOGIC_GATES", "ACTIVATIONS", "logic_gate", "step", "neuron_output", "neuron_grid",
           "PerceptronResult", "train_perceptron"]

#: Truth tables of the two-input gates, for the inputs (0,0), (0,1), (1,0), (1,1).
LOGIC_GATES = {"and": (0, 0, 0, 1), "or": (0, 1, 1, 1), "nand": (1, 1, 1, 0), "xor": (0, 1, 1, 0)}

#: The activations :func:`neuron_output` accepts.
ACTIVATIONS = ("step", "sigmoid", "tanh", "relu", "identity")


def logic_gate(name: str):
    """The four examples of a logic gate: ``X`` ``(4, 2)`` (float, 0 or 1) and ``y`` ``(4,)`` int.

    ``name`` is one of and, or, nand, xor.
    """
    key = check_name(name, LOGIC_GATES, "logic gate", "name")
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=np.float64)
    return X, np.array(LOGIC_GATES[key], dtype=np.intp)


def step(z):
    """The threshold of McCulloch and Pitts: 1 where ``z >= 0``, else 0 (same shape as ``z``)."""
    return (np.asarray(z) >= 0).astype(np.float64)


def _check_neuron(w, b, activation):
    w = as_array(w, "w", ndim=1).astype(np.float64)
    if isinstance(b, bool) or not isinstance(b, numbers.Real) or not np.isfinite(b):
        raise TypeError(f"b: expected a finite real number, got {b!r}")
    activation = check_name(activation, ACTIVATIONS, "activation", "activation")
    return w, float(b), activation


def _f(activation: str):
    return step if activation == "step" else _activations.get(activation)


def neuron_output(X, w, b, activation: str = "step"):
    """``a = f(X w + b)`` for every row of ``X`` ``(n, d)``; ``w`` is ``(d,)``; returns ``(n,)``.

    ``activation`` is one of :data:`ACTIVATIONS` (step, sigmoid, tanh, relu, identity).
    """
    w, b, activation = _check_neuron(w, b, activation)
    X = as_array(X, "X", ndim=2).astype(np.float64)
    if X.shape[1] != w.size:
        raise ValueError(f"X: expected {w.size} columns (one per weight), got shape {X.shape}")
    z = X @ w + b
    return np.asarray(_f(activation)(z), dtype=np.float64)


def neuron_grid(w, b, activation: str = "step", extent=(-0.5, 1.5, -0.5, 1.5), n: int = 101):
    """A two-input neuron's output over a square of the plane, for pictures.

    extent: ``(x1_min, x1_max, x2_min, x2_max)``; n: points per side.
    Returns ``(x1 (n,), x2 (n,), a (n, n))`` with ``a[i, j] = f(w1 x1[j] + w2 x2[i] + b)``
    (rows follow x2, as ``imshow`` expects).
    """
    w, b, activation = _check_neuron(w, b, activation)
    if w.size != 2:
        raise ValueError(f"w: expected 2 weights for a picture of the plane, got shape {w.shape}")
    n = check_int(n, "n", minimum=2)
    ext = as_array(extent, "extent", ndim=1)
    if ext.size != 4 or not (ext[0] < ext[1] and ext[2] < ext[3]):
        raise ValueError(f"extent: expected (x1_min, x1_max, x2_min, x2_max) with min < max, got {extent!r}")
    x1 = np.linspace(ext[0], ext[1], n)
    x2 = np.linspace(ext[2], ext[3], n)
    z = w[0] * x1[None, :] + w[1] * x2[:, None] + b
    return x1, x2, np.asarray(_f(activation)(z), dtype=np.float64)


@dataclass(frozen=True)
class PerceptronResult:
    """What :func:`train_perceptron` returns.

    w, b:       the final weights ``(d,)`` and bias.
    mistakes:   ``(epochs_run,)`` how many examples each epoch got wrong (before its updates).
    converged:  True if an epoch made no mistake (the rule then stops).
    """

    w: np.ndarray
    b: float
    mistakes: np.ndarray
    converged: bool

    @property
    def epochs(self) -> int:
        return int(self.mistakes.size)


def train_perceptron(X, y, lr: float = 1.0, epochs: int = 50, seed: int | None = 0) -> PerceptronResult:
    """Rosenblatt's rule, one example at a time, in a shuffled order each epoch.

    X: ``(n, d)`` inputs; y: ``(n,)`` integer targets 0 or 1; the neuron starts at
    ``w = 0, b = 0`` with the step activation. Each example updates
    ``w <- w + lr (y - a) x`` and ``b <- b + lr (y - a)``. Stops after the first epoch
    with no mistake, or after ``epochs``.
    """
    X = as_array(X, "X", ndim=2).astype(np.float64)
    y = as_labels(y, "y", n_classes=2)
    same_length(X, y, "X", "y")
    lr = check_positive(lr, "lr")
    epochs = check_int(epochs, "epochs")
    rng = np.random.default_rng(check_seed(seed))
    w = np.zeros(X.shape[1])
    b = 0.0
    mistakes = []
    for _ in range(epochs):
        wrong = 0
        for i in rng.permutation(len(X)):
            a = 1.0 if X[i] @ w + b >= 0 else 0.0
            error = y[i] - a
            if error != 0:
                wrong += 1
                w = w + lr * error * X[i]
                b = b + lr * error
        mistakes.append(wrong)
        if wrong == 0:
            break
    return PerceptronResult(w=w, b=float(b), mistakes=np.array(mistakes, dtype=np.intp),
                            converged=mistakes[-1] == 0)
