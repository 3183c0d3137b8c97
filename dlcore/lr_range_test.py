"""The learning-rate range test (学习率范围测试, chapter 6, after Smith 2017).

Train a copy of the model for ``steps`` minibatch steps while the learning rate
grows exponentially from ``lr_min`` to ``lr_max``,

    lr_i = lr_min * (lr_max / lr_min) ** (i / (steps - 1)),    i = 0 .. steps-1,

and record the loss of every minibatch (before its update). The raw losses are
noisy, so they are smoothed by an exponential moving average with bias
correction (as Adam corrects m):

    s_i = beta s_{i-1} + (1 - beta) loss_i,    smoothed_i = s_i / (1 - beta^(i+1)).

The test stops early when the smoothed loss exceeds ``diverge_factor`` times its
lowest value so far, or a loss is inf/NaN: the learning rate has become too large.

The suggestion rule (written once, here): take the learning rate at which the
smoothed loss was lowest and divide it by 10. At the minimum the loss is already
about to blow up; a tenth of it is still in the region where the loss fell fast.
The caller's model and optimizer are never changed.
"""

from __future__ import annotations

import copy
import math

import numpy as np

from . import _checks as C
from . import optim as _optim
from .random import get_rng
from .train import check_model_loss, prepare_targets

__all__ = ["lr_range_test", "RangeTestResult", "suggest_lr"]


class RangeTestResult:
    """What ``lr_range_test`` recorded, one entry per step taken.

    lrs (k,):       the learning rate of each step
    losses (k,):    that step's minibatch loss (the last one may be inf/NaN)
    smoothed (k,):  the bias-corrected moving average of the losses
    suggested_lr:   ``suggest_lr(lrs, smoothed)``: a tenth of the lr at the lowest smoothed loss
    lr_at_min:      the lr at the lowest smoothed loss
    stopped_at:     the step (from 1) at which the loss blew up, or None if all steps ran
    """

    def __init__(self, lrs, losses, smoothed, stopped_at):
        self.lrs = np.asarray(lrs, dtype=np.float64)
        self.losses = np.asarray(losses, dtype=np.float64)
        self.smoothed = np.asarray(smoothed, dtype=np.float64)
        self.stopped_at = stopped_at
        self.lr_at_min = float(self.lrs[_best_index(self.smoothed)])
        self.suggested_lr = suggest_lr(self.lrs, self.smoothed)

    def __repr__(self):
        stop = f", stopped_at={self.stopped_at}" if self.stopped_at else ""
        return (f"RangeTestResult(steps={len(self.lrs)}, lr_at_min={self.lr_at_min:.3g}, "
                f"suggested_lr={self.suggested_lr:.3g}{stop})")


def _best_index(smoothed) -> int:
    finite = np.where(np.isfinite(smoothed), smoothed, np.inf)
    return int(np.argmin(finite))


def suggest_lr(lrs, smoothed) -> float:
    """The rule: a tenth of the learning rate at which ``smoothed`` (k,) is lowest.

    ``lrs`` and ``smoothed`` are the arrays of a range test, same shape (k,).
    """
    lrs = C.as_array(lrs, "lrs", ndim=1)
    smoothed = C.as_array(smoothed, "smoothed", ndim=1, finite=False)
    C.same_shape(lrs, smoothed, "lrs", "smoothed")
    if not np.isfinite(smoothed).any():
        raise ValueError("smoothed: expected at least one finite loss, got none")
    return float(lrs[_best_index(smoothed)] / 10)


def lr_range_test(model, X, y, loss, optimizer="sgd", lr_min=1e-5, lr_max=10.0, steps=200,
                  batch_size=32, beta=0.9, diverge_factor=4.0, seed=0) -> RangeTestResult:
    """Run the range test on a copy of ``model`` (which is left unchanged).

    model, X, y, loss:  as for ``dl.train`` (an MLP, inputs (n, sizes[0]), targets, a loss name)
    optimizer:       a name (``sgd``, ``momentum``, ``adam``, ...) or an optimizer object
                     (a copy of it is used, its state reset; its lr is overwritten each step)
    lr_min, lr_max:  the first and the last learning rate, 0 < lr_min < lr_max
    steps:           minibatch steps (at least 10)
    batch_size:      rows per step (None: all rows); the data are reshuffled every pass
    beta:            smoothing of the moving average, in [0, 1)
    diverge_factor:  stop when the smoothed loss exceeds this times its lowest value (> 1)
    seed:            seed of the shuffling

    Returns a ``RangeTestResult``. No RuntimeWarnings are emitted when the loss overflows.
    """
    loss = check_model_loss(model, loss)
    X = model.check_input(X, "X")
    n = X.shape[0]
    y, _ = prepare_targets(model, loss, y, n, "y")
    lr_min = C.check_positive(lr_min, "lr_min")
    lr_max = C.check_positive(lr_max, "lr_max")
    if not lr_max > lr_min:
        raise ValueError(f"lr_max: expected a number larger than lr_min={lr_min:g}, got {lr_max:g}")
    steps = C.check_int(steps, "steps", minimum=10)
    batch_size = n if batch_size is None else min(C.check_int(batch_size, "batch_size"), n)
    beta = C.check_in_range(beta, "beta", 0.0, 1.0)
    diverge_factor = C.check_positive(diverge_factor, "diverge_factor")
    if not diverge_factor > 1:
        raise ValueError(f"diverge_factor: expected a number > 1, got {diverge_factor:g}")
    rng = get_rng(C.check_seed(seed))
    opt = copy.deepcopy(_optim.get(optimizer))
    opt.reset()
    net = model.copy()

    lrs = lr_min * (lr_max / lr_min) ** (np.arange(steps) / (steps - 1))
    losses, smoothed, stopped_at = [], [], None
    avg, best = 0.0, math.inf
    order, start = rng.permutation(n), 0
    with np.errstate(over="ignore", invalid="ignore", divide="ignore", under="ignore"):
        for i, lr in enumerate(lrs):
            if start >= n:                       # a new pass over the data
                order, start = rng.permutation(n), 0
            rows = order[start:start + batch_size]
            start += batch_size
            y_hat = net.forward(X[rows])
            value, d_y_hat = loss.value_and_grad(y_hat, y[rows])
            value = float(value)
            losses.append(value)
            if not math.isfinite(value):
                smoothed.append(math.nan)
                stopped_at = i + 1
                break
            avg = beta * avg + (1 - beta) * value
            smooth = avg / (1 - beta ** (i + 1))
            smoothed.append(smooth)
            best = min(best, smooth)
            if smooth > diverge_factor * best:
                stopped_at = i + 1
                break
            net.backward(d_y_hat)
            opt.lr = float(lr)
            opt.step(net.params, net.grads)
            if not all(np.isfinite(p).all() for p in net.params):
                stopped_at = i + 1
                break
    k = len(losses)
    return RangeTestResult(lrs[:k], losses, smoothed, stopped_at)
