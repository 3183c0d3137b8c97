"""dl.schedules and dl.train(schedule=): the formulas, the checks, the History, and the
fast path against the readable loop with the learning rate changing between epochs."""

from __future__ import annotations

import math

import numpy as np
import pytest

import dlcore as dl
from dlcore import datasets, optim, schedules
from dlcore.model import MLP
from dlcore.train import train
from tests.test_train import readable_train


def test_constant_and_step_decay_by_hand():
    assert schedules.Constant(0.3).lrs(4) == [0.3] * 4
    s = schedules.StepDecay(lr=1.0, step=2, gamma=0.5)
    assert s.lrs(7) == [1.0, 1.0, 0.5, 0.5, 0.25, 0.25, 0.125]


def test_cosine_ends_at_min_lr_and_passes_the_midpoint():
    s = schedules.Cosine(lr=0.2, epochs=10, min_lr=0.02)
    lrs = s.lrs(13)
    assert lrs[0] == 0.2
    assert lrs[5] == pytest.approx(0.11)               # k = 5 = epochs / 2: the middle
    assert lrs[10:] == [pytest.approx(0.02)] * 3        # stays at min_lr after the end
    assert all(a > b for a, b in zip(lrs[:10], lrs[1:11]))


def test_warmup_ramps_linearly_then_hands_over():
    inner = schedules.StepDecay(lr=0.1, step=2, gamma=0.5)
    s = schedules.Warmup(inner, epochs=4, start_factor=0.2)
    lrs = s.lrs(8)
    np.testing.assert_allclose(lrs[:4], [0.02, 0.04, 0.06, 0.08], rtol=1e-12)
    assert lrs[4:] == inner.lrs(4)
    assert s.lr == 0.1


def test_get_and_names():
    assert schedules.names() == ["constant", "step", "cosine", "warmup"]
    s = schedules.get("Cosine", lr=0.1, epochs=5)
    assert isinstance(s, schedules.Cosine) and s.epochs == 5
    assert schedules.get(s) is s
    assert "Cosine(lr=0.1, epochs=5, min_lr=0.0)" == repr(s)


@pytest.mark.parametrize("make, exc, arg", [
    (lambda: schedules.Constant(-1), ValueError, "lr"),
    (lambda: schedules.Constant("0.1"), TypeError, "lr"),
    (lambda: schedules.StepDecay(0.1, step=0), ValueError, "step"),
    (lambda: schedules.StepDecay(0.1, step=2.5), TypeError, "step"),
    (lambda: schedules.StepDecay(0.1, gamma=0.0), ValueError, "gamma"),
    (lambda: schedules.StepDecay(0.1, gamma=1.5), ValueError, "gamma"),
    (lambda: schedules.Cosine(0.1, epochs=0), ValueError, "epochs"),
    (lambda: schedules.Cosine(0.1, epochs=5, min_lr=0.2), ValueError, "min_lr"),
    (lambda: schedules.Cosine(0.1, epochs=5, min_lr=-0.1), ValueError, "min_lr"),
    (lambda: schedules.Warmup(0.1), TypeError, "then"),
    (lambda: schedules.Warmup(schedules.Constant(0.1), epochs=0), ValueError, "epochs"),
    (lambda: schedules.Warmup(schedules.Constant(0.1), start_factor=0),
     ValueError, "start_factor"),
    (lambda: schedules.get("linear"), ValueError, "schedule"),
    (lambda: schedules.get(3), TypeError, "schedule"),
    (lambda: schedules.get(schedules.Constant(0.1), lr=2), TypeError, "hyperparameters"),
    (lambda: schedules.Constant(0.1).lr_at(0), ValueError, "epoch"),
    (lambda: schedules.Cosine(0.1, 4).lrs(1.0), TypeError, "epochs"),
])
def test_bad_arguments_name_the_argument(make, exc, arg):
    with pytest.raises(exc, match=rf"^{arg}\b"):
        make()


def test_hyperparameters_are_checked_after_construction_too():
    s = schedules.StepDecay(0.1)
    with pytest.raises(ValueError, match="^gamma"):
        s.gamma = 2


# -- dl.train(schedule=) ----------------------------------------------------------------
def _data():
    return datasets.make_moons(64, 0.1, seed=0)


def test_train_records_the_schedule_and_puts_the_lr_back():
    X, y = _data()
    opt = optim.Momentum(lr=0.05)
    sched = schedules.StepDecay(lr=0.2, step=2, gamma=0.5)
    h = train(MLP([2, 6, 2], seed=0), X, y, "cross_entropy", opt, 5, batch_size=16,
              schedule=sched)
    assert h.lr == sched.lrs(5) and all(type(v) is float for v in h.lr)
    assert opt.lr == 0.05


def test_without_a_schedule_history_lr_is_the_optimizers_and_nothing_else_changes():
    X, y = _data()
    a, b = MLP([2, 6, 2], seed=1), MLP([2, 6, 2], seed=1)
    ha = train(a, X, y, "cross_entropy", optim.Adam(lr=0.01), 3, batch_size=16)
    hb = train(b, X, y, "cross_entropy", optim.Adam(lr=0.01), 3, batch_size=16,
               schedule=schedules.Constant(0.01))
    assert ha.lr == hb.lr == [0.01] * 3
    assert ha.loss == hb.loss
    for p, q in zip(a.params, b.params):
        np.testing.assert_array_equal(p, q)


@pytest.mark.parametrize("opt_name", ["sgd", "momentum", "rmsprop", "adam"])
def test_fast_path_with_a_schedule_gives_the_readable_loops_numbers(opt_name):
    X, y = _data()
    fast = MLP([2, 8, 2], activation="tanh", seed=3)
    slow = fast.copy()
    sched = schedules.Warmup(schedules.Cosine(lr=0.05, epochs=3), epochs=2)
    opt_fast, opt_slow = optim.get(opt_name), optim.get(opt_name)
    h = train(fast, X, y, "cross_entropy", opt_fast, 5, batch_size=16, seed=2,
              schedule=sched)
    rng_seed = 2
    values = []
    rng = np.random.default_rng(rng_seed)
    for epoch in range(1, 6):       # the readable loop, one epoch at a time
        opt_slow.lr = sched.lr_at(epoch)
        state = rng.bit_generator.state
        values += readable_train(slow, X, y, "cross_entropy", opt_slow, 1, 16,
                                 seed=_Replay(state))
        rng.permutation(len(X))
    np.testing.assert_allclose(h.loss, values, rtol=1e-10)
    for a, b in zip(fast.params, slow.params):
        np.testing.assert_allclose(a, b, rtol=1e-9, atol=1e-12)


class _Replay(np.random.Generator):
    """A generator that continues from a saved state (np.random.default_rng accepts it)."""

    def __init__(self, state):
        super().__init__(np.random.PCG64())
        self.bit_generator.state = state


def test_schedule_changes_training_as_the_formula_says():
    """One full-batch GD step per epoch: the update is exactly -lr_at(epoch) * gradient."""
    X, y = _data()
    m = MLP([2, 4, 2], seed=0)
    sched = schedules.StepDecay(lr=0.5, step=1, gamma=0.5)
    before = [p.copy() for p in m.params]
    probe = m.copy()
    probe.backward(dl.losses.get("cross_entropy").value_and_grad(probe.forward(X), y)[1])
    train(m, X, y, "cross_entropy", "gd", 1, schedule=sched)
    for p0, p1, g in zip(before, m.params, probe.grads):
        np.testing.assert_allclose(p1, p0 - 0.5 * g, rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("bad, exc", [("cosine", TypeError), (0.1, TypeError),
                                      (lambda e: 0.1, TypeError)])
def test_train_rejects_a_schedule_that_is_not_one(bad, exc):
    X, y = _data()
    m = MLP([2, 4, 2], seed=0)
    before = [p.copy() for p in m.params]
    with pytest.raises(exc, match="^schedule"):
        train(m, X, y, "cross_entropy", "adam", 2, schedule=bad)
    for p, q in zip(before, m.params):
        np.testing.assert_array_equal(p, q)


def test_diverging_run_still_puts_the_lr_back():
    X, y = datasets.make_regression_1d(20, 0.1, seed=0)
    opt = optim.SGD(lr=0.01)
    h = train(MLP([1, 8, 1], seed=0), X * 1e5, y * 1e5, "mse", opt, 3,
              schedule=schedules.Constant(1e300))
    assert h.diverged and opt.lr == 0.01 and not math.isinf(opt.lr)


def test_cosine_matches_pytorch_for_its_epochs_then_stays_at_min_lr():
    """torch's CosineAnnealingLR(T_max=E) gives the same rates for epochs 1..E+1 and then
    climbs back up the cosine; dlcore's Cosine stays at min_lr (its docstring says so)."""
    torch = pytest.importorskip("torch")
    E, lr, min_lr = 6, 0.2, 0.02
    p = torch.nn.Parameter(torch.zeros(1))
    opt = torch.optim.SGD([p], lr=lr)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=E, eta_min=min_lr)
    theirs = []
    for _ in range(2 * E):
        theirs.append(opt.param_groups[0]["lr"])
        opt.step()
        sched.step()
    ours = [schedules.Cosine(lr, E, min_lr).lr_at(e) for e in range(1, 2 * E + 1)]
    np.testing.assert_allclose(ours[:E + 1], theirs[:E + 1], rtol=1e-12)
    assert ours[E + 1:] == [pytest.approx(min_lr)] * (E - 1)
    assert all(t > min_lr + 1e-6 for t in theirs[E + 2:])
