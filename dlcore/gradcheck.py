"""Gradient checking (梯度检验): backpropagation against finite differences (chapter 3.2).

For every weight w, the central difference

    dL/dw ~ (L(w + eps) - L(w - eps)) / (2 eps)

has error of order eps^2, so it is an independent check on backprop. For each
parameter array (W1, b1, W2, ...) the relative error

    ||g_backprop - g_numeric|| / (||g_backprop|| + ||g_numeric||)

is 0 for a perfect match and about 1 for unrelated vectors. With float64 and
eps = 1e-6, a correct implementation gives about 1e-8 or less; above 1e-6
something is wrong (or a ReLU kink was crossed: a z within eps of 0 makes the
loss non-differentiable right there).
"""

from __future__ import annotations

import numpy as np

from . import _checks as C
from .train import check_model_loss, prepare_targets

__all__ = ["gradcheck", "gradcheck_errors"]


def gradcheck_errors(model, X, y, loss, eps=1e-6) -> list[float]:
    """The relative error of each parameter array, in the order of ``model.params``.

    Works on a float64 copy of the model, so ``model`` (its weights, grads and caches)
    is left untouched. X and y are as for ``dl.train``.
    """
    loss = check_model_loss(model, loss)
    eps = C.check_positive(eps, "eps")
    m = model.copy(dtype=np.float64)
    X = m.check_input(X, "X")
    y, _ = prepare_targets(m, loss, y, X.shape[0], "y")

    # backprop: the plain chain rule
    m.backward(loss.backward(m.forward(X), y))
    errors = []
    for theta, g in zip(m.params, m.grads):
        # central differences, one weight at a time
        numeric = np.empty_like(theta)
        for i in np.ndindex(theta.shape):
            w = theta[i]
            theta[i] = w + eps
            plus = loss.forward(m.predict(X), y)
            theta[i] = w - eps
            minus = loss.forward(m.predict(X), y)
            theta[i] = w
            numeric[i] = (plus - minus) / (2 * eps)
        denom = np.linalg.norm(g) + np.linalg.norm(numeric)
        errors.append(0.0 if denom == 0 else float(np.linalg.norm(g - numeric) / denom))
    return errors


def gradcheck(model, X, y, loss, eps=1e-6) -> float:
    """The largest relative error between backprop and central differences over all
    parameter arrays (see ``gradcheck_errors``). float64 internally, model untouched.

    >>> import numpy as np, dlcore as dl
    >>> net = dl.MLP([2, 3, 1], activation="tanh", output_activation="sigmoid", seed=0)
    >>> X = np.random.default_rng(0).normal(size=(5, 2)); y = np.array([0, 1, 1, 0, 1])
    >>> dl.gradcheck(net, X, y, "bce") < 1e-6
    True
    """
    return max(gradcheck_errors(model, X, y, loss, eps))
