"""Mean squared error against cross-entropy for a sigmoid output (chapter 2.3).

For one example with label y and a sigmoid output a = sigma(z):

    MSE  L = (a - y)^2                          dL/da = 2 (a - y)             dL/dz = 2 (a - y) a (1 - a)
    BCE  L = -(y log a + (1 - y) log(1 - a))    dL/da = (a - y) / (a (1 - a)) dL/dz = a - y

(dlcore's MSE has no factor 1/2, hence the 2; it is PyTorch's ``MSELoss``.) The
factor a (1 - a), the sigmoid's slope, makes the MSE gradient vanish when the
output is confidently wrong (a near 1 - y): the learning slowdown that
:func:`slowdown_runs` shows on a single sigmoid neuron.
"""

from __future__ import annotations

import numpy as np

from . import _checks as C
from . import optim
from .model import MLP
from .train import train

__all__ = ["binary_losses", "slowdown_runs"]


def binary_losses(y, a) -> dict:
    """The per-example MSE and BCE, and their gradients with respect to a and to z.

    y: label(s) in [0, 1]; a: predicted probabilities in (0, 1), the same shape as y
    or a scalar y with an array a. Returns a dict of float64 arrays shaped like a:
    ``mse``, ``bce``, ``d_mse_da``, ``d_bce_da``, ``d_mse_dz``, ``d_bce_dz``.
    """
    a = C.as_array(a, "a", nonempty=True)
    y = C.as_array(y, "y")
    if y.shape not in ((), a.shape):
        raise ValueError(f"y: expected a scalar or the shape of a {a.shape}, got {y.shape}")
    if y.min() < 0 or y.max() > 1:
        raise ValueError(f"y: expected labels in [0, 1], got values from {y.min():g} to {y.max():g}")
    if a.min() <= 0 or a.max() >= 1:
        raise ValueError(f"a: expected probabilities strictly between 0 and 1, "
                         f"got values from {a.min():g} to {a.max():g}")
    slope = a * (1 - a)                       # sigma'(z), written with a = sigma(z)
    return {
        "mse": (a - y) ** 2,
        "bce": -(y * np.log(a) + (1 - y) * np.log(1 - a)),
        "d_mse_da": 2 * (a - y),
        "d_bce_da": (a - y) / slope,
        "d_mse_dz": 2 * (a - y) * slope,
        "d_bce_dz": a - y,
    }


def slowdown_runs(w: float = 2.0, b: float = 2.0, x: float = 1.0, y: float = 0.0,
                  lr: float = 0.15, epochs: int = 300) -> dict:
    """Train one sigmoid neuron a = sigma(w x + b) on the single example (x, y), once with
    MSE and once with BCE, from the same start (w, b), by gradient descent with ``lr``.

    Returns ``{"mse": run, "bce": run}``, each run a dict with ``loss`` (the loss
    before each of the ``epochs`` steps, a list) and ``output`` (a before each step and
    after the last: ``epochs + 1`` floats), both as Python floats.
    """
    for value, arg in ((w, "w"), (b, "b"), (x, "x")):
        C.as_array(value, arg, ndim=0)
    y = C.check_in_range(y, "y", 0.0, 1.0, high_open=False)
    lr = C.check_positive(lr, "lr")
    epochs = C.check_int(epochs, "epochs")
    X = np.array([[float(x)]])
    Y = np.array([[y]])
    runs = {}
    for loss in ("mse", "bce"):
        model = MLP([1, 1], activation="identity", output_activation="sigmoid")
        W1, b1 = model.params
        W1[...] = w
        b1[...] = b
        outputs = [float(model.predict(X)[0, 0])]

        def record(epoch, net, history):
            outputs.append(float(net.predict(X)[0, 0]))

        history = train(model, X, Y, loss, optim.GD(lr=lr), epochs, callback=record)
        runs[loss] = {"loss": list(history.loss), "output": outputs}
    return runs
