"""Early stopping (早停, chapter 6): stop training when the validation loss stops improving
and keep the weights of the best epoch.

``dl.train`` calls ``callback(epoch, model, history)`` after every completed epoch and
stops when it returns True. An ``EarlyStopping`` object is such a callback:

    stopper = dl.early_stopping.EarlyStopping(patience=20)
    history = dl.train(model, X, y, "bce", "adam", 500, X_val=X_val, y_val=y_val,
                       callback=stopper)
    stopper.restore(model)        # the best epoch's weights (already done if it stopped)

After each epoch it reads the monitored number (``history.val_loss[-1]`` by default).
An improvement is a value lower than the best so far by more than ``min_delta``
(higher, for an accuracy); then the weights are copied. After ``patience`` epochs in a
row without improvement it asks ``train`` to stop and, with ``restore_best``, puts the
best epoch's weights back into the model. If training ends before that (the epochs ran
out), call ``restore(model)`` yourself. Prechelt (1998) compares such stopping rules.
"""

from __future__ import annotations

import math

from . import _checks as C

__all__ = ["EarlyStopping"]

_MONITORS = ("val_loss", "loss", "val_accuracy", "accuracy")


class EarlyStopping:
    """A ``dl.train`` callback: stop after ``patience`` epochs without improvement.

    patience:      epochs without improvement to wait (an int >= 1)
    min_delta:     how much better than the best a value must be to count (>= 0)
    monitor:       ``val_loss`` (default), ``loss``, ``val_accuracy`` or ``accuracy``
                   (losses are minimised, accuracies maximised)
    restore_best:  put the best epoch's weights back when stopping

    Attributes after a run: ``best`` (the best value), ``best_epoch`` (its epoch, from 1),
    ``stopped_epoch`` (the epoch at which it asked to stop, or None), ``wait`` (epochs
    since the best). The first epoch of a run (epoch 1) starts afresh, so one object can
    serve several ``train`` calls in turn.
    """

    patience = C.Checked(C.check_int)
    min_delta = C.Checked(C.check_positive, allow_zero=True)
    restore_best = C.Checked(C.check_bool)

    def __init__(self, patience=10, min_delta=0.0, monitor="val_loss", restore_best=True):
        self.patience = patience
        self.min_delta = min_delta
        self.monitor = C.check_name(monitor, _MONITORS, "monitored quantity", "monitor")
        self.restore_best = restore_best
        self.reset()

    def reset(self) -> None:
        """Forget the best value and weights."""
        self.best = math.nan
        self.best_epoch = None
        self.stopped_epoch = None
        self.wait = 0
        self._best_params = None

    def _improved(self, value: float) -> bool:
        if self.best_epoch is None:
            return True
        if self.monitor.endswith("accuracy"):
            return value > self.best + self.min_delta
        return value < self.best - self.min_delta

    def __call__(self, epoch, model, history) -> bool:
        """Look at the epoch just finished; True means "stop now"."""
        if epoch == 1:
            self.reset()
        values = getattr(history, self.monitor)
        if not values:
            raise ValueError(
                f"monitor: history has no {self.monitor!r} values; pass X_val "
                "and y_val to dl.train to monitor validation numbers")
        value = float(values[-1])
        if self._improved(value):
            self.best, self.best_epoch, self.wait = value, epoch, 0
            self._best_params = [p.copy() for p in model.params]
            return False
        self.wait += 1
        if self.wait >= self.patience:
            self.stopped_epoch = epoch
            if self.restore_best:
                self.restore(model)
            return True
        return False

    def restore(self, model) -> None:
        """Copy the best epoch's weights into ``model`` (the model the run trained)."""
        if self._best_params is None:
            raise RuntimeError("restore: no weights recorded yet; use the object as dl.train's callback first")
        params = model.params
        shapes = [p.shape for p in params]
        if shapes != [p.shape for p in self._best_params]:
            raise ValueError(f"model: expected parameters of shapes {[p.shape for p in self._best_params]} "
                             f"(the model that was trained), got {shapes}")
        for p, best in zip(params, self._best_params):
            p[...] = best

    def __repr__(self):
        return (f"EarlyStopping(patience={self.patience}, min_delta={self.min_delta!r}, "
                f"monitor={self.monitor!r}, best_epoch={self.best_epoch}, "
                f"stopped_epoch={self.stopped_epoch})")
