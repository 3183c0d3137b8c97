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
from .train import _check_model_loss, prepare_targets

__all__ = ["gradcheck", "gradcheck_errors"]


def gradcheck_errors(model, X, y, loss, eps=1e-6) -> list[float]:
    """The relative error of each parameter array, in the order of ``model.params``.

    Works on a float64 copy of the model, so ``model`` (its weights, grads and caches)
    is left untouched. X and y are as for ``dl.train``.
    """
    loss = _check_model_loss(model, loss)
    eps = C.check_positive(eps, "eps")
    m = model.copy(dtype=np.float64)
    X = m._check_X(X, "X")
    y, _ = prepare_targets(m, loss, y, X.shape[0], "y")

    # backprop (the plain chain rule, no fused shortcut)
    y_hat = m._forward(X)
    _, d_y_hat = loss._value_and_grad(y_hat, y)
    m._backward(d_y_hat)
    analytic = m._flat_grad.copy()

    # central differences, one weight at a time
    flat = m._flat
    numeric = np.empty_like(flat)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        for i in range(flat.size):
            w = flat[i]
            flat[i] = w + eps
            plus = loss._value(m._forward(X, cache=False), y)
            flat[i] = w - eps
            minus = loss._value(m._forward(X, cache=False), y)
            flat[i] = w
            numeric[i] = (plus - minus) / (2 * eps)

    errors, o = [], 0
    for p in m.params:
        a, g = analytic[o:o + p.size], numeric[o:o + p.size]
        o += p.size
        denom = np.linalg.norm(a) + np.linalg.norm(g)
        errors.append(0.0 if denom == 0 else float(np.linalg.norm(a - g) / denom))
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
