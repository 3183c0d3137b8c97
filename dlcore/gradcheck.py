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

The step size matters (``eps_sweep``): a large eps suffers from truncation
error (the eps^2 term of the Taylor series, eps for a forward difference), a
small one from round-off (each loss is rounded to the precision u of its
dtype, and the difference of two rounded losses divided by eps has an error
of about u |L| / eps). The error against eps is V-shaped on log axes, with
its bottom near u^(1/3) for central differences: about 1e-5 in float64 and
1e-2 in float32.
"""

from __future__ import annotations

import numpy as np

from . import _checks as C
from .train import check_model_loss, prepare_targets

__all__ = ["gradcheck", "gradcheck_errors", "numeric_gradient", "relative_error",
           "eps_sweep", "finite_differences", "SCHEMES"]

#: The finite-difference formulas ``numeric_gradient`` knows.
SCHEMES = ("central", "forward")


def relative_error(g, numeric) -> float:
    """||g - numeric|| / (||g|| + ||numeric||) over all entries (0 if both are 0).

    ``g`` and ``numeric`` are arrays of one shape, or lists of such arrays
    (e.g. ``model.grads``), compared as one long vector.
    """
    g, numeric = _flat(g, "g"), _flat(numeric, "numeric")
    C.same_shape(g, numeric, "g", "numeric")
    denom = np.linalg.norm(g) + np.linalg.norm(numeric)
    return 0.0 if denom == 0 else float(np.linalg.norm(g - numeric) / denom)


def _flat(arrays, arg):
    if isinstance(arrays, (list, tuple)):
        parts = [C.as_array(a, f"{arg}[{i}]", dtype=np.float64, nonempty=False)
                 for i, a in enumerate(arrays)]
        return np.concatenate([p.ravel() for p in parts]) if parts else np.zeros(0)
    return C.as_array(arrays, arg, dtype=np.float64, nonempty=False).ravel()


def _prepared(model, X, y, loss, dtype):
    """A copy of ``model`` in ``dtype`` with X and y checked for it."""
    m = model.copy(dtype=dtype)
    X = m.check_input(X, "X")
    y, _ = prepare_targets(m, loss, y, X.shape[0], "y")
    return m, X, y


def finite_differences(m, X, y, loss, eps, scheme="central"):
    """Finite differences of loss(m.predict(X), y), one weight at a time,
    in m's dtype.

    The inner loop of ``numeric_gradient``: it trusts its inputs (a model,
    X and y checked for it, a loss object); it changes each weight of ``m``
    and puts it back.
    """
    grads = []
    if scheme == "forward":
        base = loss.forward(m.predict(X), y)
    for theta in m.params:
        numeric = np.empty(theta.shape, dtype=np.float64)
        for i in np.ndindex(theta.shape):
            w = theta[i]
            theta[i] = w + eps
            plus = loss.forward(m.predict(X), y)
            if scheme == "central":
                theta[i] = w - eps
                minus = loss.forward(m.predict(X), y)
                numeric[i] = (plus - minus) / (2 * eps)
            else:
                numeric[i] = (plus - base) / eps
            theta[i] = w
        grads.append(numeric)
    return grads


def numeric_gradient(model, X, y, loss, eps=1e-6, dtype=np.float64,
                     scheme="central") -> list[np.ndarray]:
    """Finite-difference gradients, one float64 array per entry of ``model.params``.

    The losses are computed by a copy of the model in ``dtype`` (float64 or
    float32), so ``model`` is untouched. ``scheme``: ``"central"``
    (L(w+eps) - L(w-eps)) / (2 eps), or ``"forward"`` (L(w+eps) - L(w)) / eps.
    2 P (central) or P + 1 (forward) forward passes for P weights.
    """
    loss = check_model_loss(model, loss)
    eps = C.check_positive(eps, "eps")
    dtype = C.check_dtype(dtype)
    scheme = C.check_name(scheme, SCHEMES, "finite-difference scheme", "scheme")
    m, X, y = _prepared(model, X, y, loss, dtype)
    return finite_differences(m, X, y, loss, eps, scheme)


def gradcheck_errors(model, X, y, loss, eps=1e-6) -> list[float]:
    """The relative error of each parameter array, in the order of ``model.params``.

    Works on a float64 copy of the model, so ``model`` (its weights, grads and caches)
    is left untouched. X and y are as for ``dl.train``.
    """
    loss = check_model_loss(model, loss)
    eps = C.check_positive(eps, "eps")
    m, X, y = _prepared(model, X, y, loss, np.float64)

    # backprop: the plain chain rule
    m.backward(loss.backward(m.forward(X), y))
    # central differences, one weight at a time
    numeric = finite_differences(m, X, y, loss, eps)
    return [relative_error(g, n) for g, n in zip(m.grads, numeric)]


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


def eps_sweep(model, X, y, loss, eps=None, dtypes=("float64", "float32"),
              scheme="central") -> dict:
    """The relative error of finite differences for each step size, per dtype.

    The reference is backprop's gradient in float64; the finite differences
    are computed by a copy of the model in each dtype (``numeric_gradient``).
    ``eps``: the step sizes, default ``10 ** np.arange(-12, 0.01, 0.25)``.
    Returns ``{"eps": (k,), "scheme": scheme, "float64": (k,), "float32": (k,)}``
    (one key per dtype), each a relative error over all weights at once.
    The curve is V-shaped: truncation error on the right, round-off on the left.
    """
    loss = check_model_loss(model, loss)
    scheme = C.check_name(scheme, SCHEMES, "finite-difference scheme", "scheme")
    if eps is None:
        eps = 10.0 ** np.arange(-12, 0.01, 0.25)
    eps = C.as_array(eps, "eps", ndim=1, dtype=np.float64)
    if np.any(eps <= 0):
        raise ValueError(f"eps: expected positive step sizes, got {eps[eps <= 0][0]}")
    if isinstance(dtypes, (str, type, np.dtype)) or len(dtypes) == 0:
        raise TypeError(f"dtypes: expected a non-empty list of dtypes, got {dtypes!r}")
    dts = [C.check_dtype(d, "dtypes") for d in dtypes]
    m, X64, y64 = _prepared(model, X, y, loss, np.float64)
    m.backward(loss.backward(m.forward(X64), y64))
    reference = [g.copy() for g in m.grads]
    out = {"eps": eps.copy(), "scheme": scheme}
    for dt in dts:
        md, Xd, yd = _prepared(model, X, y, loss, dt)
        out[dt.name] = np.array([
            relative_error(reference, finite_differences(md, Xd, yd, loss, e, scheme))
            for e in eps])
    return out
