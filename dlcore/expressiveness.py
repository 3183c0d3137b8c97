"""Width buys expressiveness (chapter 2.1): one hidden layer of growing width fitted
to the same 1-D function.

A network with one hidden layer of m units and an identity output computes

    y_hat(x) = sum_{j=1..m} v_j f(w_j x + c_j) + d,

a sum of m shifted and stretched copies of the activation f. The universal
approximation theorem (Cybenko 1989) says that such sums can come as close as
we like to any continuous function on a bounded interval if m is large enough;
:func:`fit_widths` shows what gradient descent actually finds for a few m.
"""

from __future__ import annotations

import numpy as np

from . import _checks as C
from . import optim
from .model import MLP
from .train import train

__all__ = ["fit_widths", "max_error"]


def fit_widths(X, y, widths=(1, 2, 4, 8, 32), activation: str = "tanh", epochs: int = 1500,
               lr: float = 0.02, seed: int = 0) -> dict:
    """Fit ``[1, m, 1]`` networks, one per hidden width m in ``widths``, to (X, y).

    X is ``(n, 1)``, y is ``(n,)`` or ``(n, 1)``. Each network has the hidden
    ``activation`` and an identity output, starts from ``seed`` with dlcore's
    default initialisation, and is trained on the mean squared error with Adam
    (learning rate ``lr``) on the whole data set for ``epochs`` steps.

    Returns ``{m: (model, history)}`` in the order of ``widths``.
    """
    X = C.as_array(X, "X", ndim=2)
    if X.shape[1] != 1:
        raise ValueError(f"X: expected shape (n, 1) (one input), got {X.shape}")
    y = C.as_array(y, "y", ndim=(1, 2))
    if y.shape[0] != X.shape[0] or y.size != X.shape[0]:
        raise ValueError(f"y: expected {X.shape[0]} targets, one per row of X, got shape {y.shape}")
    if isinstance(widths, (str, bytes)) or not hasattr(widths, "__iter__"):
        raise TypeError(f"widths: expected a list of hidden widths, got {C.describe(widths)}")
    widths = [C.check_int(m, f"widths[{i}]") for i, m in enumerate(widths)]
    if not widths:
        raise ValueError("widths: expected at least one hidden width, got []")
    epochs = C.check_int(epochs, "epochs")
    lr = C.check_positive(lr, "lr")
    y = y.reshape(-1, 1)
    fits = {}
    for m in widths:
        model = MLP([1, m, 1], activation=activation, output_activation="identity", seed=seed)
        history = train(model, X, y, "mse", optim.Adam(lr=lr), epochs, seed=seed)
        fits[m] = (model, history)
    return fits


def max_error(model, X, y) -> float:
    """max_i |y_hat_i - y_i|: the worst error of ``model`` on the points (X, y)."""
    y_hat = model.predict(X)
    y = C.as_array(y, "y", ndim=(1, 2))
    if y.size != y_hat.size or y.shape[0] != y_hat.shape[0]:
        raise ValueError(f"y: expected {y_hat.shape[0]} targets, one per row of X, "
                         f"got shape {y.shape}")
    y = y.reshape(y_hat.shape)
    return float(np.max(np.abs(y_hat - y)))
