"""L2 and L1 regularisation, and decoupled weight decay (chapter 3.3).

L2 regularisation (L2 正则化) adds a penalty to the loss; with lambda the
``weight_decay`` and theta every parameter in ``params``:

    L_reg = L + (lambda / 2) sum ||theta||^2
    dL_reg/dtheta = dL/dtheta + lambda theta

``l2_penalty`` and ``l2_gradient`` compute the two added terms. dlcore's
optimizers take ``weight_decay=lambda`` and add ``lambda theta`` to the
gradient before their rule, as ``torch.optim`` does: that is this penalty.

L1 regularisation (L1 正则化) penalises the sizes themselves; with lambda the
``l1`` coefficient:

    L_reg = L + lambda sum |theta|
    dL_reg/dtheta = dL/dtheta + lambda sign(theta)

with sign(0) = 0 (|theta| has no slope at 0; 0 is the subgradient that leaves
a weight at exactly 0 there, as ``np.sign`` and PyTorch's autograd do).
``l1_penalty`` and ``l1_gradient`` compute the two added terms, and the
optimizers' ``l1=lambda`` adds ``lambda sign(theta)`` to the gradient, as
``weight_decay`` adds the L2 term. Where L2 pulls a weight back in proportion
to its size, L1 pulls every weight by the same amount, so small weights reach
zero: L1 makes weights sparse.

Decoupled weight decay (解耦权重衰减, Loshchilov and Hutter, 2019) shrinks the
parameters directly and leaves the gradient alone:

    theta <- (1 - eta lambda) theta, then the optimizer's rule with dL/dtheta

For plain gradient descent the two are the same step. For Adam they are not:
the L2 term is divided by sqrt(v_hat) with the rest of the gradient, so a
weight with large gradients is hardly decayed. ``AdamW`` is the decoupled
form (``torch.optim.AdamW``); ``decay_by_gradient_scale`` measures the
difference.
"""

from __future__ import annotations

import numpy as np

from . import _checks as C
from .optim import Adam, check_step

__all__ = ["l2_penalty", "l2_gradient", "l1_penalty", "l1_gradient", "AdamW",
           "decay_by_gradient_scale"]


def _params(params) -> list[np.ndarray]:
    if not isinstance(params, (list, tuple)) or len(params) == 0:
        raise TypeError("params: expected a non-empty list of arrays such "
                        f"as model.params, got {C.describe(params)}")
    return [C.as_array(p, f"params[{i}]") for i, p in enumerate(params)]


def l2_penalty(params, weight_decay) -> float:
    """(lambda / 2) sum of theta^2 over params, lambda = ``weight_decay``."""
    lam = C.check_positive(weight_decay, "weight_decay", allow_zero=True)
    return float(lam / 2 * sum(np.sum(theta**2) for theta in _params(params)))


def l2_gradient(params, weight_decay) -> list[np.ndarray]:
    """[lambda theta for theta in params]: what the penalty adds to each
    gradient (new arrays, shaped like the params)."""
    lam = C.check_positive(weight_decay, "weight_decay", allow_zero=True)
    return [lam * theta for theta in _params(params)]


def l1_penalty(params, l1) -> float:
    """lambda sum of |theta| over params, lambda = ``l1``."""
    lam = C.check_positive(l1, "l1", allow_zero=True)
    return float(lam * sum(np.sum(np.abs(theta)) for theta in _params(params)))


def l1_gradient(params, l1) -> list[np.ndarray]:
    """[lambda sign(theta) for theta in params]: what the penalty adds to each
    gradient (new arrays, shaped like the params; sign(0) = 0)."""
    lam = C.check_positive(l1, "l1", allow_zero=True)
    return [lam * np.sign(theta) for theta in _params(params)]


class AdamW(Adam):
    """Adam with decoupled weight decay, ``torch.optim.AdamW`` (amsgrad=False):
    theta <- (1 - eta lambda) theta, then Adam's step with the plain gradient.
    ``weight_decay`` lambda defaults to torch's 0.01; it never enters m or v.
    """

    name = "adamw"
    decay = C.Checked(C.check_positive, allow_zero=True)

    def __init__(self, lr=None, betas=(0.9, 0.999), eps=1e-8,
                 weight_decay=1e-2):
        self.decay = C.check_positive(weight_decay, "weight_decay",
                                      allow_zero=True)
        super().__init__(lr, betas, eps, weight_decay=0.0)

    def step(self, params, grads) -> None:
        """Decay every ``params[i]`` in place, then take Adam's step."""
        check_step(params, grads, self.state)
        for theta in params:
            theta *= 1 - self.lr * self.decay
        super().step(params, grads)

    def hyperparameters(self):
        return {**super().hyperparameters(), "weight_decay": self.decay}


def decay_by_gradient_scale(scales, weight_decay=0.1, lr=1e-2, steps=300,
                            n_weights=400, seed=0) -> dict:
    """How far Adam + L2 and AdamW shrink weights whose gradients are noise.

    Every weight starts at 1 and gets, at each step, a data gradient
    s * N(0, 1) with s one of ``scales`` (noise with mean 0: the data does
    not pull the weight anywhere, so any shrinking is the decay's doing).
    Both optimizers see the same noise. Returns a dict of arrays
    (len(scales),):
    ``scales``, ``l2`` and ``decoupled`` (the mean final weight under Adam with
    ``weight_decay`` and under AdamW), and ``factor``, the float
    (1 - lr weight_decay)^steps every weight reaches under AdamW without noise.
    """
    scales = C.as_array(scales, "scales", ndim=1)
    if np.any(scales < 0):
        raise ValueError("scales: expected gradient scales >= 0, got "
                         f"{float(scales.min()):g}")
    lam = C.check_positive(weight_decay, "weight_decay")
    lr = C.check_positive(lr, "lr")
    steps = C.check_int(steps, "steps")
    n_weights = C.check_int(n_weights, "n_weights")
    rng = np.random.default_rng(C.check_seed(seed))
    shape = (len(scales), n_weights)
    theta_l2, theta_w = np.ones(shape), np.ones(shape)
    adam_l2 = Adam(lr=lr, weight_decay=lam)
    adamw = AdamW(lr=lr, weight_decay=lam)
    for _ in range(steps):
        g = scales[:, None] * rng.standard_normal(shape)
        adam_l2.step([theta_l2], [g])
        adamw.step([theta_w], [g])
    return {"scales": scales, "l2": theta_l2.mean(axis=1),
            "decoupled": theta_w.mean(axis=1),
            "factor": float((1 - lr * lam) ** steps)}
