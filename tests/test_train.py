"""dl.train: the loop's exact semantics, stated accuracies, divergence, callbacks, bad input."""

import io
import math
import sys
import warnings

import numpy as np
import pytest

from dlcore import datasets, losses, optim
from dlcore.metrics import accuracy
from dlcore.model import MLP
from dlcore.train import History, TrainingRun, train


def toy_regression(n=40, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.uniform(-2, 2, size=(n, 1))
    return X, np.sin(X[:, 0]) + 0.1 * rng.normal(size=n)


def manual_train(model, X, y, loss, opt, epochs, batch_size, seed):
    """The loop written out plainly: what train is documented to do."""
    rng = np.random.default_rng(seed)
    n = len(X)
    epoch_losses = []
    for _ in range(epochs):
        perm = rng.permutation(n) if batch_size < n else np.arange(n)
        total = 0.0
        for s in range(0, n, batch_size):
            idx = perm[s:s + batch_size]
            y_hat = model.forward(X[idx])
            value, d = loss.value_and_grad(y_hat, y[idx])
            model.backward(d)
            opt.step(model.params, model.grads)
            total += value * len(idx)
        epoch_losses.append(total / n)
    return epoch_losses


# -- the semantics -----------------------------------------------------------------------
@pytest.mark.parametrize("batch_size", [None, 7, 16])
def test_train_is_exactly_the_documented_loop(batch_size):
    X, y = toy_regression()
    a = MLP([1, 8, 1], activation="tanh", seed=0)
    b = a.copy()
    h = train(a, X, y, "mse", optim.Momentum(lr=0.05), 4, batch_size=batch_size, seed=3)
    expected = manual_train(b, X, y.reshape(-1, 1), losses.MSE(), optim.Momentum(lr=0.05), 4,
                            batch_size or len(X), seed=3)
    np.testing.assert_allclose(h.loss, expected, rtol=1e-12)
    for p, q in zip(a.params, b.params):
        np.testing.assert_allclose(p, q, rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("chunks", [(1,) * 24, (5, 1, 11, 7), (2, 100)])
def test_a_run_cut_into_any_steps_gives_the_numbers_of_one_train_call(chunks):
    X, y = datasets.make_moons(60, noise=0.2, seed=0)
    X_val, y_val = datasets.make_moons(20, noise=0.2, seed=1)
    a = MLP([2, 8, 2], activation="relu", output_activation="identity", seed=0)
    b = a.copy()
    h = train(a, X, y, "cross_entropy", optim.Adam(lr=0.05), 3, batch_size=8,
              X_val=X_val, y_val=y_val, seed=4)
    run = TrainingRun(b, X, y, "cross_entropy", optim.Adam(lr=0.05), batch_size=8,
                      X_val=X_val, y_val=y_val, seed=4)
    assert run.steps_per_epoch == 8                  # 60 rows in batches of 8: the last has 4
    completed = 0
    for k in chunks:
        completed += run.steps(min(k, 24 - 8 * completed - run.steps_done))
    assert completed == run.history.epochs == 3 and run.steps_done == 0
    for name in ("loss", "accuracy", "val_loss", "val_accuracy", "lr"):
        assert getattr(run.history, name) == getattr(h, name)
    for p, q in zip(a.params, b.params):
        np.testing.assert_array_equal(p, q)


def test_a_run_stopped_in_the_middle_of_an_epoch_has_the_weights_so_far():
    X, y = toy_regression()
    a = MLP([1, 8, 1], activation="tanh", seed=0)
    b = a.copy()
    run = TrainingRun(a, X, y, "mse", optim.SGD(lr=0.05), batch_size=4, seed=3)
    assert run.steps(3) == 0 and run.steps_done == 3 and run.history.epochs == 0
    # the readable loop's first three steps on the same shuffled rows
    rows = np.random.default_rng(3).permutation(len(X))
    opt = optim.SGD(lr=0.05)
    for s in range(0, 12, 4):
        _, d = losses.MSE().value_and_grad(b.forward(X[rows[s:s + 4]]), y[rows[s:s + 4], None])
        b.backward(d)
        opt.step(b.params, b.grads)
    for p, q in zip(a.params, b.params):
        np.testing.assert_allclose(p, q, rtol=1e-12, atol=1e-15)
    assert run.train_epoch() and run.history.epochs == 1 and run.steps_done == 0


def test_a_diverged_run_takes_no_more_steps():
    X, y = toy_regression()
    run = TrainingRun(MLP([1, 16, 1], seed=0), X * 10, y, "mse", optim.SGD(lr=50.0), batch_size=4)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        run.steps(10_000)
    assert run.diverged and run.history.epochs == run.history.diverged_at - 1
    weights = [p.copy() for p in run.model.params]
    assert run.steps(5) == 0 and not run.train_epoch()
    for p, q in zip(weights, run.model.params):
        np.testing.assert_array_equal(p, q)


def test_fused_sigmoid_bce_gradient_equals_the_chain_rule():
    X, y = datasets.make_xor(60, 0.1, seed=1)
    a = MLP([2, 5, 1], activation="tanh", output_activation="sigmoid", seed=2)
    b = a.copy()
    h = train(a, X, y, "bce", optim.SGD(lr=0.5), 3, batch_size=20, seed=0)
    expected = manual_train(b, X, y.reshape(-1, 1).astype(float), losses.BCE(), optim.SGD(lr=0.5), 3, 20, 0)
    np.testing.assert_allclose(h.loss, expected, rtol=1e-12)
    for p, q in zip(a.params, b.params):
        np.testing.assert_allclose(p, q, rtol=1e-10, atol=1e-14)


def test_history_contents():
    X, y = datasets.make_moons(80, 0.1, seed=0)
    Xv, yv = datasets.make_moons(40, 0.1, seed=1)
    h = train(MLP([2, 8, 2]), X, y, "cross_entropy", "adam", 5, batch_size=16, X_val=Xv, y_val=yv)
    assert isinstance(h, History)
    assert h.epochs == 5 and not h.diverged and h.diverged_at is None and not h.stopped_early
    for values in (h.loss, h.val_loss, h.accuracy, h.val_accuracy):
        assert len(values) == 5 and all(isinstance(v, float) and math.isfinite(v) for v in values)
    assert all(0 <= v <= 1 for v in h.accuracy + h.val_accuracy)
    assert "epochs=5" in repr(h) and "val_accuracy" in repr(h)
    m = MLP([2, 8, 2], seed=0)
    h2 = train(m, X, y, "cross_entropy", "adam", 5, batch_size=16, X_val=Xv, y_val=yv)
    assert h2.val_accuracy[-1] == accuracy(m.predict_classes(Xv), yv)
    # regression: no accuracy; no validation data: no val lists
    Xr, yr = toy_regression()
    h3 = train(MLP([1, 4, 1]), Xr, yr, "mse", "sgd", 3)
    assert h3.accuracy == [] and h3.val_loss == [] and h3.val_accuracy == [] and len(h3.loss) == 3


def test_mse_with_one_hot_targets_counts_as_classification():
    X, y = datasets.make_blobs(60, 0.3, seed=0, classes=3)
    h = train(MLP([2, 8, 3]), X, np.eye(3)[y], "mse", optim.Adam(lr=0.02), 20, batch_size=16)
    assert len(h.accuracy) == 20 and h.accuracy[-1] > 0.9


def test_same_seed_same_run_and_shuffling_depends_on_the_seed():
    X, y = datasets.make_moons(64, 0.2, seed=0)
    runs = []
    for seed in (5, 5, 6):
        m = MLP([2, 6, 2], seed=0)
        runs.append((train(m, X, y, "cross_entropy", "adam", 3, batch_size=8, seed=seed).loss, m.params[0].copy()))
    assert runs[0][0] == runs[1][0]
    np.testing.assert_array_equal(runs[0][1], runs[1][1])
    assert runs[0][0] != runs[2][0]


def test_optimizer_state_continues_across_calls_and_batch_larger_than_n():
    X, y = toy_regression(20)
    opt = optim.Adam(lr=0.01)
    m = MLP([1, 4, 1])
    train(m, X, y, "mse", opt, 2, batch_size=8)
    assert opt.t == 2 * 3
    train(m, X, y, "mse", opt, 1, batch_size=1000)  # one full batch
    assert opt.t == 7


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_dtype_is_kept_through_training(dtype):
    X, y = datasets.make_spirals(90, 0.05, seed=0, classes=3)
    m = MLP([2, 8, 3], seed=0, dtype=dtype)
    opt = optim.Adam()
    h = train(m, X, y, "cross_entropy", opt, 3, batch_size=32)
    assert all(p.dtype == dtype for p in m.params + m.grads)
    assert all(v.dtype == dtype for st in opt.state for v in st.values())
    assert all(isinstance(v, float) for v in h.loss)
    m2 = MLP([2, 8, 1], output_activation="sigmoid", seed=0, dtype=dtype)
    train(m2, X, (y == 1).astype(int), "bce", "rmsprop", 2, batch_size=32)
    assert all(p.dtype == dtype for p in m2.params)


# -- divergence ---------------------------------------------------------------------------
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_divergence_is_recorded_and_stops_cleanly(dtype):
    X, y = toy_regression()
    m = MLP([1, 16, 1], seed=0, dtype=dtype)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        h = train(m, X * 10, y, "mse", optim.SGD(lr=50.0), 100, batch_size=4)
    assert h.diverged and h.diverged_at is not None and 1 <= h.diverged_at <= 100
    assert h.epochs == len(h.loss) == h.diverged_at - 1
    assert all(math.isfinite(v) for v in h.loss)
    assert "diverged_at" in repr(h)


def test_a_stable_run_does_not_diverge():
    X, y = toy_regression()
    h = train(MLP([1, 16, 1]), X, y, "mse", optim.SGD(lr=0.05), 20, batch_size=8)
    assert not h.diverged and h.loss[-1] < h.loss[0]


# -- callback and progress ------------------------------------------------------------------
def test_callback_sees_each_epoch_and_can_stop():
    X, y = toy_regression()
    seen = []

    def cb(epoch, model, history):
        seen.append((epoch, len(history.loss), isinstance(model, MLP)))
        return epoch == 3

    h = train(MLP([1, 4, 1]), X, y, "mse", "sgd", 10, callback=cb)
    assert seen == [(1, 1, True), (2, 2, True), (3, 3, True)]
    assert h.epochs == 3 and h.stopped_early


def test_progress_bar(capsys):
    pytest.importorskip("tqdm")
    X, y = toy_regression()
    train(MLP([1, 4, 1]), X, y, "mse", "sgd", 3, progress=True)
    assert "3/3" in capsys.readouterr().err


# -- stated accuracies ---------------------------------------------------------------------
def split(X, y):
    return datasets.train_val_split(X, y, val_fraction=0.25, seed=0)


def test_moons_reaches_95_percent():
    X_tr, X_te, y_tr, y_te = split(*datasets.make_moons(400, 0.15, seed=0))
    m = MLP([2, 16, 16, 2], seed=0)
    train(m, X_tr, y_tr, "cross_entropy", optim.Adam(lr=0.01), 100, batch_size=32)
    assert accuracy(m.predict_classes(X_te), y_te) >= 0.95


def test_xor_reaches_95_percent_with_bce():
    X_tr, X_te, y_tr, y_te = split(*datasets.make_xor(400, 0.1, seed=0))
    m = MLP([2, 8, 1], activation="tanh", output_activation="sigmoid", seed=0)
    train(m, X_tr, y_tr, "bce", optim.Adam(lr=0.02), 100, batch_size=32)
    assert accuracy(m.predict_classes(X_te), y_te) >= 0.95


def test_spirals_reach_90_percent():
    X_tr, X_te, y_tr, y_te = split(*datasets.make_spirals(600, 0.05, seed=0, classes=3))
    m = MLP([2, 32, 32, 3], seed=0)
    train(m, X_tr, y_tr, "cross_entropy", optim.Adam(lr=0.01), 200, batch_size=32)
    assert accuracy(m.predict_classes(X_te), y_te) >= 0.90


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_digits_reach_95_percent_test_accuracy(seed):
    """A 64-64-10 ReLU MLP, Adam, 20 epochs, on a held-out quarter of the real digits (< 1 s)."""
    X, y = datasets.load_digits()
    X_tr, X_te, y_tr, y_te = split(X, y)
    m = MLP([64, 64, 10], seed=seed, dtype=np.float32)
    h = train(m, X_tr, y_tr, "cross_entropy", optim.Adam(lr=3e-3), 20, batch_size=32, seed=seed)
    assert not h.diverged
    assert accuracy(m.predict_classes(X_te), y_te) >= 0.95


# -- bad input: a clear error, and nothing changed -------------------------------------------
def _bad_cases():
    X, y = datasets.make_moons(30, 0.1, seed=0)
    ce = dict(loss="cross_entropy", optimizer="adam", epochs=2)
    Xn = X.copy()
    Xn[3, 1] = np.nan
    return [
        (dict(X=X[:, :1], y=y, **ce), ValueError, r"X: expected 2 features \(columns\).*got shape \(30, 1\)"),
        (dict(X=X, y=y[:20], **ce), ValueError, "^y: expected 30 rows"),
        (dict(X=Xn, y=y, **ce), ValueError, "X: expected finite numbers, found 1 NaN or inf"),
        (dict(X=X[:0], y=y[:0], **ce), ValueError, "X: expected a non-empty array"),
        (dict(X=X, y=y, loss="hinge", optimizer="adam", epochs=2), ValueError, "unknown loss 'hinge'; expected one of mse, bce, cross_entropy"),
        (dict(X=X, y=y, loss="cross_entropy", optimizer="adagrad", epochs=2), ValueError,
         "unknown optimizer 'adagrad'; expected one of gd, sgd, momentum, rmsprop, adam"),
        (dict(X=X, y=y, loss="cross_entropy", optimizer="adam", epochs=0), ValueError, "epochs: expected an integer >= 1, got 0"),
        (dict(X=X, y=y, loss="cross_entropy", optimizer="adam", epochs=2.5), TypeError, "epochs: expected an integer >= 1, got 2.5"),
        (dict(X=X, y=y, loss="cross_entropy", optimizer="adam", epochs=float("nan")), TypeError, "epochs: expected an integer"),
        (dict(X=X, y=y, batch_size=0, **ce), ValueError, "batch_size: expected an integer >= 1, got 0"),
        (dict(X=X, y=y, batch_size=-4, **ce), ValueError, "batch_size: expected an integer >= 1, got -4"),
        (dict(X=X, y=y, batch_size=8.0, **ce), TypeError, "batch_size: expected an integer >= 1, got 8.0"),
        (dict(X=X, y=y.astype(float), **ce), TypeError, "^y: expected integer class labels"),
        (dict(X=X, y=y + 1, **ce), ValueError, r"y: expected class labels in 0..1, got values from 1 to 2"),
        (dict(X=X, y=y - 1, **ce), ValueError, r"y: expected class labels in 0..1, got values from -1 to 0"),
        (dict(X=X, y=y, loss="mse", optimizer="sgd", epochs=1), ValueError, r"y: expected shape \(30, 2\).*one-hot encode"),
        (dict(X=X, y=y, X_val=X, **ce), ValueError, "X_val and y_val: expected both or neither, got only X_val"),
        (dict(X=X, y=y, X_val=X[:, :1], y_val=y, **ce), ValueError, r"X_val: expected 2 features"),
        (dict(X=X, y=y, X_val=X, y_val=y[:5], **ce), ValueError, "^y_val: "),
        (dict(X=X, y=y, callback="print", **ce), TypeError, "callback: expected a function"),
        (dict(X=X, y=y, progress="yes", **ce), TypeError, "progress: expected True or False"),
        (dict(X=X, y=y, seed=-1, **ce), ValueError, "seed: expected an integer >= 0, got -1"),
    ]


@pytest.mark.parametrize("kwargs, err, msg", _bad_cases())
def test_bad_input_raises_and_changes_nothing(kwargs, err, msg):
    m = MLP([2, 4, 2], seed=0)
    before = [p.copy() for p in m.params]
    with pytest.raises(err, match=msg):
        train(m, **kwargs)
    for p, q in zip(m.params, before):
        np.testing.assert_array_equal(p, q)


def test_a_rejected_call_leaves_the_optimizer_untouched():
    X, y = toy_regression()
    m = MLP([1, 4, 1])
    before = m.params[0].copy()
    opt = optim.Adam(lr=0.1)
    with pytest.raises(ValueError, match="epochs"):
        train(m, X, y, "mse", opt, 0)
    assert opt.t == 0 and opt.state == []
    np.testing.assert_array_equal(m.params[0], before)


def test_model_loss_mismatches():
    X, y = datasets.make_moons(30, 0.1, seed=0)
    with pytest.raises(ValueError, match="cross_entropy needs a model with at least 2 outputs"):
        train(MLP([2, 4, 1]), X, y, "cross_entropy", "adam", 1)
    with pytest.raises(ValueError, match="cross_entropy takes raw scores.*output_activation='identity', got 'sigmoid'"):
        train(MLP([2, 4, 2], output_activation="sigmoid"), X, y, "cross_entropy", "adam", 1)
    with pytest.raises(ValueError, match="bce expects probabilities.*output_activation='sigmoid', got 'identity'"):
        train(MLP([2, 4, 1]), X, y, "bce", "adam", 1)
    with pytest.raises(ValueError, match="^y: "):
        train(MLP([2, 4, 1], output_activation="sigmoid"), X, y * 2, "bce", "adam", 1)
    with pytest.raises(ValueError, match=r"y: expected shape \(30, 1\).*got \(30, 2\)"):
        train(MLP([2, 4, 1]), X, np.zeros((30, 2)), "mse", "adam", 1)
    with pytest.raises(TypeError, match="model: expected a dlcore MLP"):
        train(object(), X, y, "mse", "adam", 1)
    Xr, yr = toy_regression()
    yr[0] = np.inf
    with pytest.raises(ValueError, match="y: expected finite numbers"):
        train(MLP([1, 4, 1]), Xr, yr, "mse", "adam", 1)


@pytest.mark.parametrize("opt_name, kw, tname, tkw", [
    ("adam", dict(lr=0.01), "Adam", dict(lr=0.01)),
    ("momentum", dict(lr=0.05, nesterov=True), "SGD", dict(lr=0.05, momentum=0.9, nesterov=True)),
    ("rmsprop", dict(lr=0.005), "RMSprop", dict(lr=0.005)),
])
def test_training_follows_the_same_trajectory_as_pytorch(opt_name, kw, tname, tkw):
    """dl.train against a plain PyTorch loop: same weights, same row order, same numbers."""
    torch = pytest.importorskip("torch")
    F = torch.nn.functional
    X, y = datasets.make_spirals(90, 0.05, seed=0, classes=3)
    m = MLP([2, 8, 8, 3], activation="tanh", seed=0)
    tp = [torch.tensor(p.copy(), requires_grad=True) for p in m.params]
    topt = getattr(torch.optim, tname)(tp, **tkw)
    h = train(m, X, y, "cross_entropy", optim.get(opt_name, **kw), 3, batch_size=16, seed=4)
    rng = np.random.default_rng(4)
    Xt, yt = torch.tensor(X), torch.tensor(y)
    losses_t = []
    for _ in range(3):
        perm = torch.tensor(rng.permutation(len(X)))
        total = 0.0
        for s in range(0, len(X), 16):
            idx = perm[s:s + 16]
            topt.zero_grad()
            a = torch.tanh(Xt[idx] @ tp[0] + tp[1])
            a = torch.tanh(a @ tp[2] + tp[3])
            loss = F.cross_entropy(a @ tp[4] + tp[5], yt[idx])
            loss.backward()
            topt.step()
            total += loss.item() * len(idx)
        losses_t.append(total / len(X))
    np.testing.assert_allclose(h.loss, losses_t, rtol=1e-10)
    for p, t in zip(m.params, tp):
        np.testing.assert_allclose(p, t.detach().numpy(), rtol=1e-9, atol=1e-12)


def test_history_holds_plain_python_numbers():
    """Chapters glue History values into the prose; myst-nb formats only built-in floats."""
    X, y = datasets.make_moons(60, 0.1, seed=0)
    Xv, yv = datasets.make_moons(20, 0.1, seed=1)
    h = train(MLP([2, 4, 2]), X, y, "cross_entropy", "adam", 3, X_val=Xv, y_val=yv)
    for name in ("loss", "val_loss", "accuracy", "val_accuracy"):
        values = getattr(h, name)
        assert len(values) == 3 and all(type(v) is float for v in values), name


def test_an_overflowing_last_update_counts_as_divergence():
    """The loss of the last minibatch is finite, but its update sends the weights to inf."""
    X, y = datasets.make_regression_1d(20, 0.1, seed=0)
    m = MLP([1, 8, 1], seed=0)
    h = train(m, X * 1e5, y * 1e5, "mse", optim.SGD(1e300), 1, X_val=X, y_val=y)
    assert h.diverged_at == 1 and h.loss == [] and h.val_loss == []


# -- the fast path gives the readable path's numbers ------------------------------------------
def readable_train(model, X, y, loss, opt, epochs, batch_size, seed=0):
    """dl.train's loop written with the public methods only, as the module docstring shows it."""
    loss = losses.get(loss)
    rng = np.random.default_rng(seed)
    n = len(X)
    if model.sizes[-1] == 1 and np.ndim(y) == 1:
        y = y.reshape(-1, 1)
    values = []
    for _ in range(epochs):
        order = rng.permutation(n) if batch_size < n else np.arange(n)
        mean = 0.0
        for s in range(0, n, batch_size):
            rows = order[s:s + batch_size]
            y_hat = model.forward(X[rows])
            value, d_y_hat = loss.value_and_grad(y_hat, y[rows])
            model.backward(d_y_hat)
            opt.step(model.params, model.grads)
            mean += value * len(rows) / n
        values.append(mean)
    return values


FAST_CASES = [
    # sizes, activation, output, loss, targets
    ([3, 8, 4], "relu", "identity", "cross_entropy", "labels"),
    ([3, 8, 5, 4], "tanh", "identity", "cross_entropy", "rows"),
    ([3, 6, 1], "tanh", "sigmoid", "bce", "binary"),
    ([3, 6, 2], "leaky_relu", "sigmoid", "mse", "rows"),
    ([3, 7, 2], "sigmoid", "identity", "mse", "real"),
]


@pytest.mark.parametrize("opt_name, kw", [
    ("gd", dict(lr=0.1)), ("sgd", dict(lr=0.1, weight_decay=0.01)), ("momentum", dict(lr=0.05)),
    ("momentum", dict(lr=0.05, nesterov=True, weight_decay=0.1)), ("rmsprop", dict(lr=0.01)),
    ("adam", dict(lr=0.01)), ("adam", dict(lr=0.01, betas=(0.8, 0.99), weight_decay=0.1)),
    ("sgd", dict(lr=0.1, l1=0.01)), ("adam", dict(lr=0.01, weight_decay=0.1, l1=0.05)),
])
@pytest.mark.parametrize("sizes, act, out, loss, kind", FAST_CASES)
def test_fast_path_gives_the_readable_paths_numbers(sizes, act, out, loss, kind, opt_name, kw):
    rng = np.random.default_rng(1)
    X = rng.normal(size=(37, 3))
    k = sizes[-1]
    y = {"labels": rng.integers(0, k, 37),
         "rows": rng.dirichlet(np.ones(k), 37) if loss == "cross_entropy" else rng.uniform(0, 1, (37, k)),
         "binary": rng.integers(0, 2, 37).astype(float),
         "real": rng.normal(size=(37, k))}[kind]
    fast, slow = MLP(sizes, activation=act, output_activation=out, seed=4), None
    slow = fast.copy()
    opt_fast, opt_slow = optim.get(opt_name, **kw), optim.get(opt_name, **kw)
    h = train(fast, X, y, loss, opt_fast, 3, batch_size=8, seed=5)
    values = readable_train(slow, X, y, loss, opt_slow, 3, batch_size=8, seed=5)
    np.testing.assert_allclose(h.loss, values, rtol=1e-11)
    for a, b in zip(fast.params + fast.grads, slow.params + slow.grads):
        np.testing.assert_allclose(a, b, rtol=1e-10, atol=1e-13)
    assert opt_fast.t == opt_slow.t == 3 * 5
    for st_a, st_b in zip(opt_fast.state, opt_slow.state):
        for key in st_b:
            np.testing.assert_allclose(st_a[key], st_b[key], rtol=1e-10, atol=1e-14)


def test_fast_path_in_float32_and_full_batch_matches_too():
    X, y = datasets.load_digits(dtype=np.float32)
    X, y = X[:300], y[:300]
    fast = MLP([64, 32, 10], seed=0, dtype=np.float32)
    slow = fast.copy()
    train(fast, X, y, "cross_entropy", optim.Adam(lr=1e-2), 4, seed=1)   # batch_size=None: GD
    readable_train(slow, X, y, "cross_entropy", optim.Adam(lr=1e-2), 4, batch_size=300, seed=1)
    for a, b in zip(fast.params, slow.params):
        assert a.dtype == np.float32
        np.testing.assert_allclose(a, b, rtol=2e-4, atol=2e-6)


def test_a_second_train_continues_the_optimizer_like_the_readable_path():
    X, y = datasets.make_moons(50, 0.1, seed=0)
    fast = MLP([2, 6, 2], seed=0)
    slow = fast.copy()
    opt_fast, opt_slow = optim.Adam(lr=0.01), optim.Adam(lr=0.01)
    for seed in (1, 2):
        train(fast, X, y, "cross_entropy", opt_fast, 1, batch_size=16, seed=seed)
        readable_train(slow, X, y, "cross_entropy", opt_slow, 1, batch_size=16, seed=seed)
    for a, b in zip(fast.params, slow.params):
        np.testing.assert_allclose(a, b, rtol=1e-12)


# -- divergence bookkeeping -----------------------------------------------------------------
def test_an_infinite_validation_loss_is_divergence_and_the_epoch_does_not_count():
    X, y = toy_regression()
    X_val = np.full((5, 1), 1e200)  # finite inputs, but the predictions' squares overflow
    h = train(MLP([1, 4, 1], activation="relu", seed=0), X, y, "mse", optim.SGD(lr=0.01), 3,
              X_val=X_val, y_val=np.zeros(5))
    assert h.diverged and h.diverged_at == 1
    assert h.epochs == 0 and h.loss == [] and h.val_loss == []


def test_an_epoch_loss_near_the_float_limit_does_not_overflow():
    X = np.random.default_rng(0).normal(size=(64, 1))
    y = np.full(64, 3.2e153)  # each batch loss is about 1e307, finite; 64 rows' total is not
    h = train(MLP([1, 2, 1], seed=0), X, y, "mse", optim.SGD(lr=1e-300), 1, batch_size=8)
    assert not h.diverged and h.epochs == 1
    assert np.isfinite(h.loss[0]) and h.loss[0] == pytest.approx(3.2e153**2, rel=1e-6)


def test_an_overflowing_epoch_is_divergence_never_an_inf_loss():
    X, y = toy_regression()
    h = train(MLP([1, 16, 1], seed=0), X, y * 1e150, "mse", optim.SGD(lr=10.0), 5, batch_size=4)
    assert h.diverged
    assert all(np.isfinite(h.loss)) and h.epochs == len(h.loss) == h.diverged_at - 1


# -- float32 bias gradients over a large batch ------------------------------------------------
def test_float32_bias_gradient_over_100k_rows_is_accurate():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(100_000, 3))
    y = 10 + rng.normal(size=100_000)  # every delta has the same sign: no cancellation
    m32 = MLP([3, 4, 1], seed=0, dtype=np.float32)
    m64 = m32.copy(dtype=np.float64)
    m64.backward(losses.get("mse").backward(m64.forward(X), y.reshape(-1, 1)))
    train(m32, X, y, "mse", optim.SGD(lr=1e-30), 1)  # one full-batch step through the fast path
    for db32, db64 in ((m32.grads[1], m64.grads[1]), (m32.grads[3], m64.grads[3])):
        np.testing.assert_allclose(db32, db64, rtol=3e-7)
    # the readable path too
    m32.backward(losses.get("mse").backward(m32.forward(X), y.reshape(-1, 1).astype(np.float32)))
    np.testing.assert_allclose(m32.grads[3], m64.grads[3], rtol=3e-7)
