"""dl.EarlyStopping: patience, min_delta, the monitored quantity, restoring the best
weights, as a callback of dl.train, and bad input."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest

import dlcore as dl
from dlcore.early_stopping import EarlyStopping


def feed(stopper, model, values, monitor="val_loss"):
    """Call ``stopper`` epoch by epoch; before epoch e the weights are set to e. Returns the
    epoch at which it said stop (or None)."""
    history = SimpleNamespace(loss=[], val_loss=[], accuracy=[], val_accuracy=[])
    for epoch, value in enumerate(values, 1):
        for p in model.params:
            p[...] = epoch
        getattr(history, monitor).append(value)
        if stopper(epoch, model, history):
            return epoch
    return None


def test_stops_after_patience_epochs_without_improvement_and_restores_the_best():
    m = dl.MLP([2, 3, 1], seed=0)
    s = EarlyStopping(patience=3)
    stop = feed(s, m, [1.0, 0.8, 0.9, 0.85, 0.95, 0.1])
    assert stop == 5 and s.stopped_epoch == 5 and s.best_epoch == 2 and s.best == 0.8
    assert all(np.all(p == 2) for p in m.params)                # epoch 2's weights


def test_an_improvement_resets_the_wait():
    m = dl.MLP([2, 3, 1], seed=0)
    s = EarlyStopping(patience=2)
    assert feed(s, m, [1.0, 1.1, 0.9, 1.0, 0.8, 0.85]) is None
    assert s.best_epoch == 5 and s.wait == 1


def test_min_delta_ignores_tiny_improvements():
    m = dl.MLP([2, 3, 1], seed=0)
    s = EarlyStopping(patience=2, min_delta=0.05)
    assert feed(s, m, [1.0, 0.99, 0.98]) == 3 and s.best_epoch == 1


def test_accuracy_is_maximised():
    m = dl.MLP([2, 3, 1], seed=0)
    s = EarlyStopping(patience=2, monitor="val_accuracy")
    assert feed(s, m, [0.5, 0.7, 0.6, 0.65], monitor="val_accuracy") == 4
    assert s.best == 0.7 and all(np.all(p == 2) for p in m.params)


def test_restore_best_false_keeps_the_last_weights():
    m = dl.MLP([2, 3, 1], seed=0)
    s = EarlyStopping(patience=1, restore_best=False)
    assert feed(s, m, [0.5, 0.6]) == 2
    assert all(np.all(p == 2) for p in m.params)
    s.restore(m)
    assert all(np.all(p == 1) for p in m.params)


def overfit_data():
    X, y = dl.datasets.make_moons(80, noise=0.35, seed=0)
    return dl.datasets.train_val_split(X, y, val_fraction=0.5, seed=0)


def test_with_dl_train_the_kept_model_has_the_lowest_validation_loss():
    X_tr, X_va, y_tr, y_va = overfit_data()

    def run(callback=None):
        m = dl.MLP([2, 32, 32, 1], output_activation="sigmoid", seed=0)
        h = dl.train(m, X_tr, y_tr, "bce", dl.optim.Adam(lr=0.003), 300, X_val=X_va,
                     y_val=y_va, callback=callback)
        return m, h

    _, full = run()
    s = EarlyStopping(patience=20)
    m, h = run(s)
    best = int(np.argmin(full.val_loss)) + 1
    assert best < 150                                          # the data overfit early
    assert h.stopped_early and s.best_epoch == best and h.epochs == best + 20
    kept = dl.losses.get("bce")(m.predict(X_va), y_va.reshape(-1, 1).astype(float))
    assert kept == pytest.approx(min(full.val_loss), rel=1e-12)
    assert kept < full.val_loss[-1]


def test_one_object_serves_two_runs():
    X_tr, X_va, y_tr, y_va = overfit_data()
    s = EarlyStopping(patience=5)
    for seed in (0, 1):
        m = dl.MLP([2, 8, 1], output_activation="sigmoid", seed=seed)
        h = dl.train(m, X_tr, y_tr, "bce", dl.optim.Adam(lr=0.05), 200, X_val=X_va,
                     y_val=y_va, callback=s)
        assert s.best == min(h.val_loss)


def test_monitoring_validation_without_validation_data_is_an_error():
    X_tr, _, y_tr, _ = overfit_data()
    m = dl.MLP([2, 4, 1], output_activation="sigmoid")
    with pytest.raises(ValueError, match="monitor"):
        dl.train(m, X_tr, y_tr, "bce", "adam", 5, callback=EarlyStopping())
    s = EarlyStopping(patience=2, monitor="loss")
    h = dl.train(m, X_tr, y_tr, "bce", "adam", 5, callback=s)
    assert s.best == min(h.loss)


def test_restore_errors():
    s = EarlyStopping()
    with pytest.raises(RuntimeError, match="restore"):
        s.restore(dl.MLP([2, 3, 1]))
    feed(s, dl.MLP([2, 3, 1]), [1.0])
    with pytest.raises(ValueError, match="model"):
        s.restore(dl.MLP([2, 4, 1]))


@pytest.mark.parametrize("kwargs, err, arg", [
    (dict(patience=0), ValueError, "patience"),
    (dict(patience=2.5), TypeError, "patience"),
    (dict(min_delta=-0.1), ValueError, "min_delta"),
    (dict(monitor="val_f1"), ValueError, "monitor"),
    (dict(monitor=3), TypeError, "monitor"),
    (dict(restore_best="yes"), TypeError, "restore_best"),
])
def test_bad_arguments_name_themselves(kwargs, err, arg):
    with pytest.raises(err, match=arg):
        EarlyStopping(**kwargs)
    s = EarlyStopping()
    if arg in ("patience", "min_delta", "restore_best"):
        with pytest.raises(err, match=arg):
            setattr(s, arg, kwargs[arg])
    assert "EarlyStopping(patience=10" in repr(s)
