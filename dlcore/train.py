"""The training loop (训练): minibatches, loss, backpropagation, optimizer step (chapter 3.4).

One epoch (轮) of ``train``:

1. shuffle the rows of X, y with a seeded generator (once per epoch);
2. for each minibatch (Xb, yb) of ``batch_size`` rows (the last one may be smaller):

       y_hat = model.forward(Xb)
       value, d_y_hat = loss.value_and_grad(y_hat, yb)
       model.backward(d_y_hat)
       optimizer.step(model.params, model.grads)

3. record the epoch's loss (and accuracy for classification), then the
   validation loss/accuracy of the updated model if validation data is given.

``TrainingRun`` is the same loop held between any two steps (``train`` runs it an
epoch at a time; the playground of chapter 4.2 a few steps at a time, between frames).
Step 2 runs through ``dlcore._fast.Trainer``, which computes exactly these numbers
on preallocated arrays (the tests check that it agrees with the four lines above).

``batch_size=None`` uses the whole training set for every step: gradient descent
(批量梯度下降), one step per epoch, no shuffling needed.

Targets, checked once before training (nothing is broadcast silently):

- ``cross_entropy``: integer labels (n,) in 0..k-1, or target rows (n, k); the model's
  output should be raw scores (``output_activation="identity"``), k >= 2.
- ``bce``: targets in [0, 1] of shape (n, k), or (n,) when the model has one output (it is
  then read as (n, 1)); the model must end in a sigmoid.
- ``mse``: float targets of shape (n, k), or (n,) for one output; one-hot rows count as
  classification (accuracy = argmax matches).

Loss/accuracy per epoch are averages over the epoch's minibatches, weighted by their
sizes, each computed during the step (before that step's update), as Keras and most
PyTorch loops report them. Epochs are numbered from 1.
"""

from __future__ import annotations

import math
import time

import numpy as np

from . import _checks as C
from . import losses as _losses
from . import optim as _optim
from . import schedules as _schedules
from ._fast import Trainer
from .model import MLP
from .random import get_rng

__all__ = ["train", "TrainingRun", "History", "prepare_targets"]

#: Training never warns about overflow: divergence is detected and recorded instead.
_QUIET = dict(over="ignore", invalid="ignore", divide="ignore", under="ignore")


class History:
    """What ``train`` recorded, one entry per completed epoch.

    loss, accuracy:          training loss and accuracy (accuracy only for classification)
    val_loss, val_accuracy:  the same on the validation data after the epoch (if given)
    lr:                      the learning rate used in the epoch (set by ``schedule`` if given)
    diverged_at:             the epoch (from 1) whose training or validation loss was inf or NaN, or None
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
        self.lr: list[float] = []
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


def check_model_loss(model, loss):
    """The loss object for ``loss``, checked against ``model``'s output layer."""
    if not isinstance(model, MLP):
        raise TypeError(f"model: expected a dlcore MLP, got {C.describe(model)}")
    loss = _losses.get(loss)
    k, out = model.sizes[-1], model.output_activation
    if isinstance(loss, _losses.BCE) and out != "sigmoid":
        raise ValueError(f"loss: bce expects probabilities, so the model needs output_activation='sigmoid', "
                         f"got {out!r}")
    if isinstance(loss, _losses.CrossEntropy):
        if k < 2:
            raise ValueError(f"loss: cross_entropy needs a model with at least 2 outputs, got sizes {model.sizes}; "
                             "for one output use bce with a sigmoid output")
        if out != "identity":
            raise ValueError(f"loss: cross_entropy takes raw scores, so the model needs "
                             f"output_activation='identity', got {out!r}")
    return loss


def prepare_targets(model: MLP, loss, y, n: int, arg: str = "y"):
    """``(y, labels)``: the targets ``y`` checked by the loss for ``n`` predictions of the model,
    and the true classes for the accuracy: ``(n,)`` class per row (argmax match), ``(n, k)``
    0/1 per output (BCE: thresholded at 0.5), or None (regression)."""
    k = model.sizes[-1]
    y_arr = np.asarray(y)
    if y_arr.ndim == 0 or len(y_arr) != n:
        got = "a scalar" if y_arr.ndim == 0 else f"{len(y_arr)} (shape {y_arr.shape})"
        raise ValueError(f"{arg}: expected {n} rows, one per row of {'X' if arg == 'y' else 'X_val'}, got {got}")
    if k == 1 and y_arr.ndim == 1:
        y_arr = y_arr.reshape(n, 1)  # one output: a column of targets
    y = loss.check_targets(y_arr, (n, k), model.dtype, arg)
    if isinstance(loss, _losses.CrossEntropy):
        return y, (y if y.ndim == 1 else y.argmax(axis=1))
    if isinstance(loss, _losses.BCE):
        return y, (y > 0.5).astype(np.intp)
    if k > 1 and np.all((y == 0) | (y == 1)) and np.all(y.sum(axis=1) == 1):
        return y, y.argmax(axis=1)  # one-hot targets with mse: a classification
    return y, None


def count_correct(y_hat, labels) -> float:
    """How many rows are classified right: argmax matches for labels (n,), and for 0/1
    labels (n, k) the entries on the right side of 0.5, counted per row (divided by k)."""
    if labels.ndim == 1:
        return float(np.count_nonzero(y_hat.argmax(axis=1) == labels))
    return np.count_nonzero((y_hat > 0.5) == labels) / labels.shape[1]


def _progress(total):
    from tqdm.auto import tqdm  # tqdm is pinned in the environment

    return tqdm(total=total, desc="training", unit="epoch")


def train(model, X, y, loss, optimizer, epochs, batch_size=None, X_val=None, y_val=None,
          seed=0, callback=None, progress=False, schedule=None) -> History:
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
    schedule:    None (the optimizer's lr throughout) or a ``dl.schedules`` object: before
                 epoch e the optimizer's lr is set to ``schedule.lr_at(e)`` (chapter 3.4);
                 the optimizer's own lr is put back when training ends

    Divergence stops training cleanly and is recorded in ``history.diverged_at``: a
    minibatch whose loss is inf or NaN (no update is made from it), an epoch whose last
    update makes a weight inf or NaN, an epoch loss that overflows, or a validation loss
    that is inf or NaN. That epoch does not count as completed. No RuntimeWarnings are
    emitted. Everything is validated before the model changes.
    """
    run = TrainingRun(model, X, y, loss, optimizer, batch_size, X_val, y_val, seed)
    epochs = C.check_int(epochs, "epochs")
    if callback is not None and not callable(callback):
        raise TypeError(f"callback: expected a function callback(epoch, model, history) or None, got {C.describe(callback)}")
    C.check_bool(progress, "progress")
    if schedule is not None and not isinstance(schedule, _schedules.Schedule):
        raise TypeError(f"schedule: expected None or a dl.schedules object such as "
                        f"dl.schedules.Cosine(lr=0.1, epochs={epochs}), got {C.describe(schedule)}")

    history = run.history
    bar = _progress(epochs) if progress else None
    start_time = time.perf_counter()
    base_lr = run.opt.lr
    try:
        for epoch in range(1, epochs + 1):
            if schedule is not None:
                run.opt.lr = schedule.lr_at(epoch)  # the fast path reads opt.lr at every step
            if not run.train_epoch():               # diverged
                break
            if bar is not None:
                bar.set_postfix_str(f"loss {history.loss[-1]:.4g}", refresh=False)
                bar.update(1)
            if callback is not None and callback(epoch, model, history):
                history.stopped_early = True
                break
    finally:
        history.seconds = time.perf_counter() - start_time
        run.opt.lr = base_lr
        if bar is not None:
            bar.close()
    return history


class TrainingRun:
    """The training of ``train``, stopped and resumed between any two minibatch steps.

    The arguments are ``train``'s (checked the same way, before the model changes).
    :meth:`train_epoch` trains the rest of the current epoch; :meth:`steps` trains
    up to ``k`` minibatch steps, ending epochs (and starting new ones) on the way, so
    that a caller can stop in the middle of a long epoch, e.g. to draw the model as
    it is (the playground of chapter 4.2 trains in chunks that fit between two frames).
    Any way of cutting the steps into calls gives the numbers of one ``train`` call.
    ``history`` records the completed epochs; ``steps_done`` counts the steps of the
    epoch in progress (0 between epochs); ``model``'s weights are up to date after
    every call.
    """

    def __init__(self, model, X, y, loss, optimizer, batch_size=None, X_val=None, y_val=None,
                 seed=0):
        self.loss = loss = check_model_loss(model, loss)
        self.model = model
        self.X = X = model.check_input(X, "X")
        n = X.shape[0]
        self.y, self.labels = prepare_targets(model, loss, y, n, "y")
        if (X_val is None) != (y_val is None):
            raise ValueError("X_val and y_val: expected both or neither, got only " + ("X_val" if y_val is None else "y_val"))
        self.X_val = self.y_val = self.labels_val = None
        if X_val is not None:
            self.X_val = model.check_input(X_val, "X_val")
            self.y_val, self.labels_val = prepare_targets(model, loss, y_val, self.X_val.shape[0], "y_val")
        self.opt = opt = _optim.get(optimizer)
        _optim.check_step(model.params, model.grads, opt.state)  # e.g. state left from a model of another shape
        self.batch_size = n if batch_size is None else min(C.check_int(batch_size, "batch_size"), n)
        self.rng = get_rng(seed)
        self.history = History()
        self.trainer = Trainer(model, loss, opt)
        self.steps_per_epoch = math.ceil(n / self.batch_size)
        self.steps_done = 0            # steps of the epoch in progress
        self._order = None             # its shuffled rows (None: all rows, in order)
        self._mean_loss = self._correct = 0.0

    @property
    def diverged(self) -> bool:
        return self.history.diverged

    def train_epoch(self) -> bool:
        """Train to the end of the epoch in progress (a whole epoch between epochs);
        return False if it diverged."""
        if self.diverged:
            return False
        with np.errstate(**_QUIET):
            while not self._step():
                pass
        return not self.diverged

    def steps(self, k: int) -> int:
        """Train up to ``k`` minibatch steps (fewer if it diverges); return how many epochs
        were completed on the way."""
        k = C.check_int(k, "k")
        before = self.history.epochs
        with np.errstate(**_QUIET):
            for _ in range(k):
                if self.diverged:
                    break
                self._step()
        if self.steps_done:
            self.trainer.sync()        # the model as it is in the middle of an epoch
        return self.history.epochs - before

    def _step(self) -> bool:
        """One minibatch step; True when it ended the epoch (completed or diverged)."""
        n, batch_size, trainer = len(self.X), self.batch_size, self.trainer
        if self.steps_done == 0:       # a new epoch: shuffle the rows
            self._order = self.rng.permutation(n) if batch_size < n else None
            self._mean_loss, self._correct = 0.0, 0.0
        s = self.steps_done * batch_size
        rows = None if self._order is None else self._order[s:s + batch_size]  # the batch X[rows], y[rows]
        value = trainer.step(self.X, self.y, rows)
        self.steps_done += 1
        if not math.isfinite(value):
            return self._end_epoch(value)
        size = n if rows is None else len(rows)
        self._mean_loss += value * (size / n)  # a weighted mean cannot overflow
        if self.labels is not None:
            labels = self.labels if rows is None else self.labels[rows]
            self._correct += count_correct(trainer.y_hat, labels)
        if self.steps_done < self.steps_per_epoch:
            return False
        return self._end_epoch(self._mean_loss)

    def _end_epoch(self, value) -> bool:
        """Record the epoch that just ended (``value``: its loss, or the batch loss that was
        not finite), or its divergence; always True."""
        history, model, mean_loss = self.history, self.model, self._mean_loss
        epoch = history.epochs + 1
        self.steps_done = 0
        self.trainer.sync()
        if not (math.isfinite(value) and math.isfinite(mean_loss) and self.trainer.params_finite()):
            history.diverged_at = epoch
            return True
        if self.X_val is not None:
            yv_hat = model.predict(self.X_val)
            val = self.loss.forward(yv_hat, self.y_val) if np.isfinite(yv_hat).all() else math.nan
            if not math.isfinite(val):
                history.diverged_at = epoch
                return True
            history.val_loss.append(val)
            if self.labels is not None:
                history.val_accuracy.append(count_correct(yv_hat, self.labels_val) / len(self.X_val))
        history.loss.append(float(mean_loss))
        history.lr.append(self.opt.lr)
        if self.labels is not None:
            history.accuracy.append(float(self._correct / len(self.X)))
        history.epochs = epoch
        return True
