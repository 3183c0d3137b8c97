"""dl.lr_range_test: the exponential schedule, the smoothing, the suggestion rule, the stop
on divergence, that nothing of the caller's changes, and bad input."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

import dlcore as dl
from dlcore.lr_range_test import RangeTestResult, suggest_lr


def moons():
    X, y = dl.datasets.make_moons(120, noise=0.2, seed=0)
    return X, y.reshape(-1, 1).astype(float)


def net(seed=0):
    return dl.MLP([2, 8, 1], output_activation="sigmoid", seed=seed)


def test_learning_rates_grow_exponentially_from_min_to_max():
    X, y = moons()
    r = dl.lr_range_test(net(), X, y, "bce", "sgd", lr_min=1e-4, lr_max=1e-2, steps=20)
    assert r.stopped_at is None and len(r.lrs) == len(r.losses) == len(r.smoothed) == 20
    assert r.lrs[0] == pytest.approx(1e-4) and r.lrs[-1] == pytest.approx(1e-2)
    ratios = r.lrs[1:] / r.lrs[:-1]
    np.testing.assert_allclose(ratios, (1e-2 / 1e-4) ** (1 / 19), rtol=1e-12)


def test_full_batch_sgd_matches_a_hand_written_loop():
    X, y = moons()
    r = dl.lr_range_test(net(), X, y, "bce", "sgd", lr_min=1e-3, lr_max=1.0, steps=15,
                         batch_size=None)
    m, bce = net(), dl.losses.get("bce")
    for lr, recorded in zip(r.lrs, r.losses):
        value, d_y_hat = bce.value_and_grad(m.forward(X), y)
        assert value == pytest.approx(recorded, rel=1e-12)
        m.backward(d_y_hat)
        for p, g in zip(m.params, m.grads):
            p -= lr * g


def test_smoothing_is_a_bias_corrected_moving_average():
    X, y = moons()
    r = dl.lr_range_test(net(), X, y, "bce", "sgd", lr_max=1e-2, steps=30, beta=0.8)
    avg, expected = 0.0, []
    for i, v in enumerate(r.losses):
        avg = 0.8 * avg + 0.2 * v
        expected.append(avg / (1 - 0.8 ** (i + 1)))
    np.testing.assert_allclose(r.smoothed, expected, rtol=1e-12)
    assert r.smoothed[0] == pytest.approx(r.losses[0])          # no pull towards 0


def test_the_suggestion_is_a_tenth_of_the_lr_at_the_lowest_smoothed_loss():
    X, y = moons()
    r = dl.lr_range_test(net(), X, y, "bce", "sgd", steps=200)
    i = int(np.nanargmin(r.smoothed))
    assert r.lr_at_min == r.lrs[i] and r.suggested_lr == pytest.approx(r.lrs[i] / 10)
    assert suggest_lr([1e-3, 1e-2, 1e-1, 1.0], [0.7, 0.5, 0.3, np.nan]) == pytest.approx(1e-2)


def test_the_suggestion_trains_better_than_a_much_smaller_rate():
    X, y = moons()
    r = dl.lr_range_test(net(), X, y, "bce", "sgd", steps=200, batch_size=16)
    finals = []
    for lr in (r.suggested_lr / 30, r.suggested_lr):
        h = dl.train(net(), X, y, "bce", dl.optim.SGD(lr=lr), 20, batch_size=16)
        finals.append(h.loss[-1])
    assert finals[1] < 0.8 * finals[0]


def test_divergence_stops_the_test_without_warnings():
    X, y = moons()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        r = dl.lr_range_test(net(), 100 * X, y, "bce", "sgd", lr_min=1e-3, lr_max=1e6, steps=100)
    assert r.stopped_at is not None and r.stopped_at == len(r.losses) < 100
    assert r.smoothed[-1] > 4 * np.nanmin(r.smoothed) or not np.isfinite(r.losses[-1])
    assert np.isfinite(r.suggested_lr) and r.suggested_lr < r.lrs[-1]


def test_a_lower_diverge_factor_stops_earlier():
    X, y = moons()
    late = dl.lr_range_test(net(), X, y, "bce", "sgd", lr_max=100.0, diverge_factor=10.0)
    early = dl.lr_range_test(net(), X, y, "bce", "sgd", lr_max=100.0, diverge_factor=1.5)
    assert early.stopped_at is not None and early.stopped_at <= len(late.losses)


def test_the_callers_model_and_optimizer_are_unchanged():
    X, y = moons()
    m = net()
    before = [p.copy() for p in m.params]
    opt = dl.optim.Adam(lr=0.123)
    r = dl.lr_range_test(m, X, y, "bce", opt, steps=50)
    assert isinstance(r, RangeTestResult) and "suggested_lr" in repr(r)
    for p, q in zip(m.params, before):
        np.testing.assert_array_equal(p, q)
    assert opt.lr == 0.123 and opt.t == 0 and opt.state == []


def test_same_seed_same_numbers_and_other_seed_other_batches():
    X, y = moons()
    a = dl.lr_range_test(net(), X, y, "bce", "sgd", steps=40, seed=3)
    b = dl.lr_range_test(net(), X, y, "bce", "sgd", steps=40, seed=3)
    c = dl.lr_range_test(net(), X, y, "bce", "sgd", steps=40, seed=4)
    np.testing.assert_array_equal(a.losses, b.losses)
    assert not np.array_equal(a.losses, c.losses)


def test_integer_labels_with_cross_entropy():
    X, y = dl.datasets.make_blobs(90, seed=0)
    m = dl.MLP([2, 8, 3], seed=0)
    r = dl.lr_range_test(m, X, y, "cross_entropy", "momentum", steps=30, lr_max=1.0)
    assert np.all(np.isfinite(r.losses)) and r.smoothed[-1] < r.smoothed[0]


@pytest.mark.parametrize("kwargs, err, arg", [
    (dict(lr_min=-1), ValueError, "lr_min"),
    (dict(lr_min=0), ValueError, "lr_min"),
    (dict(lr_max="big"), TypeError, "lr_max"),
    (dict(lr_min=1.0, lr_max=0.1), ValueError, "lr_max"),
    (dict(steps=5), ValueError, "steps"),
    (dict(steps=20.5), TypeError, "steps"),
    (dict(batch_size=0), ValueError, "batch_size"),
    (dict(beta=1.0), ValueError, "beta"),
    (dict(diverge_factor=1.0), ValueError, "diverge_factor"),
    (dict(seed=-1), ValueError, "seed"),
    (dict(optimizer="newton"), ValueError, "optimizer"),
    (dict(loss="cross_entropy"), ValueError, "loss"),
    (dict(model="mlp"), TypeError, "model"),
    (dict(y=np.zeros((7, 1))), ValueError, "y"),
    (dict(X=np.zeros((120, 3))), ValueError, "X"),
])
def test_bad_input_names_the_argument(kwargs, err, arg):
    X, y = moons()
    args = dict(model=net(), X=X, y=y, loss="bce", optimizer="sgd")
    args.update(kwargs)
    with pytest.raises(err, match=arg):
        dl.lr_range_test(**args)


def test_suggest_lr_bad_input():
    with pytest.raises(ValueError, match="lrs and smoothed"):
        suggest_lr([1e-3, 1e-2], [0.5])
    with pytest.raises(ValueError, match="smoothed"):
        suggest_lr([1e-3, 1e-2], [np.nan, np.nan])
