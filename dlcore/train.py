"""The training loop (训练): minibatches, loss, backpropagation, optimizer step (chapter 3.4).

One epoch (轮) of ``train``:

1. shuffle the rows of X, y with a seeded generator (once per epoch);
2. for each minibatch (Xb, yb) of ``batch_size`` rows (the last one may be smaller):
   y_hat = model.forward(Xb); L = loss(y_hat, yb); model.backward(dL/dy_hat);
   optimizer.step(model.params, model.grads);
3. record the epoch's loss (and accuracy for classification), then the
   validation loss/accuracy of the updated model if validation data is given.

``batch_size=None`` uses the whole training set for every step: gradient descent
(批量梯度下降), one step per epoch, no shuffling needed.

Targets, prepared once before training (nothing is broadcast silently):

- ``cross_entropy``: integer labels (n,) in 0..k-1, or target rows (n, k); the model's
  output should be raw scores (``output_activation="identity"``), k >= 2.
- ``bce``: targets in [0, 1] of shape (n, k), or (n,) when the model has one output (it is
  then read as (n, 1)); the model must end in a sigmoid. The gradient through the sigmoid
  is fused: dL/dz = (y_hat - y) / N, exact and free of the clamp's flat spots.
- ``mse``: float targets of shape (n, k), or (n,) for one output; one-hot rows count as
  classification (accuracy = argmax matches).

Loss/accuracy per epoch are averages over the epoch's minibatches, weighted by their
sizes, each computed during the step (before that step's update), as Keras and most
PyTorch loops report them. Epochs are numbered from 1.
"""

from __future__ import annotations

import math
import sys
import time

import numpy as np

from . import _checks as C
from . import losses as _losses
from . import optim as _optim
from .model import MLP
from .random import get_rng

__all__ = ["train", "History"]


class History:
    """What ``train`` recorded, one entry per completed epoch.

    loss, accuracy:          training loss and accuracy (accuracy only for classification)
    val_loss, val_accuracy:  the same on the validation data after the epoch (if given)
    diverged_at:             the epoch (from 1) whose loss was inf or NaN, or None
    epochs:                  how many epochs completed (== len(loss)); a diverged epoch does not count
    diverged:                diverged_at is not None
    stopped_early:           True if the callback asked to stop
    seconds:                 wall-clock time of the whole run
    Lists are empty when not applicable.
    """

    def __init__(self):
        self.loss: list[float] = []
        self.val_loss: list[float] = []
        self.accuracy: list[float] = []
        self.val_accuracy: list[float] = []
        self.diverged_at: int | None = None
        self.epochs: int = 0
        self.stopped_early: bool = False
        self.seconds: float = 0.0

    @property
    def diverged(self) -> bool:
        return self.diverged_at is not None

    def __repr__(self):
        parts = [f"epochs={self.epochs}"]
        for name in ("loss", "accuracy", "val_loss", "val_accuracy"):
            values = getattr(self, name)
            if values:
                parts.append(f"{name}[-1]={values[-1]:.4g}")
        if self.diverged:
            parts.append(f"diverged_at={self.diverged_at}")
        if self.stopped_early:
            parts.append("stopped_early=True")
        return f"History({', '.join(parts)})"


# -- target preparation (shared with gradcheck) -----------------------------------------
def prepare_targets(model: MLP, loss, y, n: int, arg: str = "y"):
    """Check ``y`` against the model and loss; return ``(y, labels)``.

    ``y`` is ready for ``loss._value_and_grad`` (cast to the model dtype, or int labels),
    ``labels`` is an int array (n,) of true classes when accuracy is an argmax match,
    the string ``"threshold"`` for BCE (prediction > 0.5), or None (regression).
    """
    k = model.sizes[-1]
    y_arr = np.asarray(y)
    if y_arr.ndim == 0 or len(y_arr) != n:
        X_arg = "X" if arg == "y" else "X_val"
        got = "a scalar" if y_arr.ndim == 0 else f"{len(y_arr)} (shape {y_arr.shape})"
        raise ValueError(f"{X_arg} and {arg}: expected the same number of samples (rows), got {n} and {got}")
    if isinstance(loss, _losses.CrossEntropy):
        if k < 2:
            raise ValueError(f"loss: cross_entropy needs a model with at least 2 outputs, got sizes {model.sizes}; "
                             "for one output use bce with a sigmoid output")
        if model.output_activation != "identity":
            raise ValueError(f"loss: cross_entropy takes raw scores, so the model needs output_activation='identity', "
                             f"got {model.output_activation!r}")
        if y_arr.ndim == 1:
            if y_arr.dtype.kind == "f":
                raise TypeError(f"{arg}: expected integer class labels for cross_entropy, got dtype {y_arr.dtype}; "
                                "use y.astype(int)")
            labels = C.as_labels(y_arr, arg, n_classes=k)
            return labels, labels
        y_t = C.as_array(y_arr, arg, ndim=2, dtype=model.dtype)
        if y_t.shape != (n, k):
            raise ValueError(f"{arg}: expected labels ({n},) or target rows ({n}, {k}), got shape {y_t.shape}")
        if y_t.min() < 0 or y_t.max() > 1:
            raise ValueError(f"{arg}: expected target probabilities in [0, 1], got values from {y_t.min():g} to {y_t.max():g}")
        return y_t, y_t.argmax(axis=1)

    y_t = C.as_array(y_arr, arg, ndim=(1, 2), dtype=model.dtype)
    if y_t.ndim == 1:
        if k != 1:
            hint = "one-hot encode the labels" if isinstance(loss, _losses.MSE) else f"give targets of shape ({n}, {k})"
            raise ValueError(f"{arg}: expected shape ({n}, {k}) for a model with {k} outputs, got {y_t.shape}; {hint}")
        y_t = y_t.reshape(n, 1)
    if y_t.shape != (n, k):
        raise ValueError(f"{arg}: expected shape ({n}, {k}) to match the model's {k} output(s), got {y_t.shape}")
    if isinstance(loss, _losses.BCE):
        if y_t.min() < 0 or y_t.max() > 1:
            raise ValueError(f"{arg}: expected BCE targets in [0, 1], got values from {y_t.min():g} to {y_t.max():g}")
        return y_t, "threshold"
    if k > 1 and np.all((y_t == 0) | (y_t == 1)) and np.all(y_t.sum(axis=1) == 1):
        return y_t, y_t.argmax(axis=1)  # one-hot targets with mse: a classification
    return y_t, None


def _check_model_loss(model, loss):
    if not isinstance(model, MLP):
        raise TypeError(f"model: expected a dlcore MLP, got {C.describe(model)}")
    loss = _losses.get(loss)
    if isinstance(loss, _losses.BCE) and model.output_activation != "sigmoid":
        raise ValueError(f"loss: bce expects probabilities, so the model needs output_activation='sigmoid', "
                         f"got {model.output_activation!r}")
    return loss


def _correct(y_hat, labels, y):
    """How many predictions are right (for the accuracy)."""
    if isinstance(labels, str):  # BCE: threshold at 0.5; several outputs count entry by entry
        return np.count_nonzero((y_hat > 0.5) == (y > 0.5)) / y_hat.shape[1]
    return np.count_nonzero(y_hat.argmax(axis=1) == labels)


class _TextBar:
    """A plain progress bar for terminals without tqdm."""

    def __init__(self, total, stream=None):
        self.total, self.n = total, 0
        self.stream = stream or sys.stderr
        self.postfix = ""
        self._last = 0.0

    def update(self, k=1):
        self.n += k
        now = time.perf_counter()
        if now - self._last > 0.1 or self.n >= self.total:
            self._last = now
            done = int(30 * self.n / self.total)
            self.stream.write(f"\rtraining [{'#' * done}{'.' * (30 - done)}] {self.n}/{self.total} {self.postfix}")
            self.stream.flush()

    def set_postfix_str(self, s, refresh=False):
        self.postfix = s

    def close(self):
        self.stream.write("\n")
        self.stream.flush()


def _progress(total):
    try:
        from tqdm.auto import tqdm
    except ImportError:  # pragma: no cover - tqdm is in the environment
        return _TextBar(total)
    return tqdm(total=total, desc="training", unit="epoch")


# -- the loop -------------------------------------------------------------------------
def train(model, X, y, loss, optimizer, epochs, batch_size=None, X_val=None, y_val=None,
          seed=0, callback=None, progress=False) -> History:
    """Train ``model`` in place on (X, y) and return a ``History``.

    model:       a ``dl.MLP``
    X, y:        inputs (n, sizes[0]) and targets (see the module docstring for shapes)
    loss:        a name (``mse``, ``bce``, ``cross_entropy``) or a loss object
    optimizer:   a name (``gd``, ``sgd``, ``momentum``, ``rmsprop``, ``adam``; torch's default
                 hyperparameters) or an optimizer object. Its state carries over between calls
                 (so a second ``train`` continues); ``reset()`` it to start afresh.
    epochs:      passes over the data (a positive int)
    batch_size:  rows per step; None = all of them (gradient descent). Larger than n means n.
    X_val, y_val: optional validation data, both or neither
    seed:        seed of the per-epoch shuffling
    callback:    ``callback(epoch, model, history)`` after every epoch; returning True (truthy) stops
    progress:    show a progress bar (tqdm: a widget in a notebook, text in a terminal)

    Training stops cleanly at the first minibatch whose loss is inf or NaN: that epoch is
    recorded in ``history.diverged_at`` and no update is made from that batch. If instead
    an epoch's last update makes a weight inf or NaN, that epoch is recorded the same way
    (the weights are then not finite). No
    RuntimeWarnings are emitted. Everything is validated before the model changes.
    """
    loss = _check_model_loss(model, loss)
    X = model._check_X(X, "X")
    n = X.shape[0]
    y, labels = prepare_targets(model, loss, y, n, "y")
    if (X_val is None) != (y_val is None):
        raise ValueError("X_val and y_val: expected both or neither, got only "
                         + ("X_val" if y_val is None else "y_val"))
    if X_val is not None:
        X_val = model._check_X(X_val, "X_val")
        y_val, labels_val = prepare_targets(model, loss, y_val, X_val.shape[0], "y_val")
    opt = _optim.get(optimizer)
    opt._validate(model.params, model.grads)  # e.g. state left from a model of another shape
    epochs = C.check_int(epochs, "epochs")
    if batch_size is not None:
        batch_size = min(C.check_int(batch_size, "batch_size"), n)
    full_batch = batch_size is None or batch_size >= n
    if full_batch:
        batch_size = n
    rng = get_rng(seed)
    if callback is not None and not callable(callback):
        raise TypeError(f"callback: expected a function callback(epoch, model, history) or None, got {C.describe(callback)}")
    if not isinstance(progress, (bool, np.bool_)):
        raise TypeError(f"progress: expected True or False, got {C.describe(progress)}")

    history = History()
    classification = labels is not None
    fused = isinstance(loss, _losses.BCE)  # the model ends in a sigmoid (checked above)
    params, grads = model.params, model.grads
    value_and_grad = loss._value_and_grad
    bce_value = loss._value
    forward, backward, step = model._forward, model._backward, opt.step
    bar = _progress(epochs) if progress else None
    start_time = time.perf_counter()
    try:
        with np.errstate(over="ignore", invalid="ignore", divide="ignore", under="ignore"):
            for epoch in range(1, epochs + 1):
                if full_batch:
                    Xs, ys, ls = X, y, labels
                else:
                    perm = rng.permutation(n)
                    Xs, ys = X[perm], y[perm]
                    if labels is y:
                        ls = ys
                    else:
                        ls = labels[perm] if isinstance(labels, np.ndarray) else labels
                total, correct = 0.0, 0
                for s in range(0, n, batch_size):
                    Xb, yb = Xs[s:s + batch_size], ys[s:s + batch_size]
                    y_hat = forward(Xb)
                    if fused:
                        value = bce_value(y_hat, yb)
                        delta = y_hat - yb
                        delta *= 1 / delta.size
                    else:
                        value, delta = value_and_grad(y_hat, yb)
                    if not math.isfinite(value):
                        history.diverged_at = epoch
                        break
                    total += value * len(Xb)
                    if classification:
                        correct += _correct(y_hat, ls if isinstance(ls, str) else ls[s:s + batch_size], yb)
                    backward(delta, skip_output_activation=fused)
                    step(params, grads)
                if history.diverged_at is not None:
                    break
                if not np.isfinite(model._flat).all():   # the epoch's last update overflowed
                    history.diverged_at = epoch
                    break
                history.loss.append(float(total / n))
                if classification:
                    history.accuracy.append(float(correct / n))
                if X_val is not None:
                    yv_hat = forward(X_val, cache=False)
                    history.val_loss.append(loss._value(yv_hat, y_val))
                    if classification:
                        history.val_accuracy.append(float(_correct(yv_hat, labels_val, y_val) / len(X_val)))
                history.epochs = epoch
                if bar is not None:
                    bar.set_postfix_str(f"loss {history.loss[-1]:.4g}", refresh=False)
                    bar.update(1)
                if callback is not None and callback(epoch, model, history):
                    history.stopped_early = True
                    break
    finally:
        history.seconds = time.perf_counter() - start_time
        if bar is not None:
            bar.close()
    return history
