"""Optimizers: first steps against hand arithmetic from the published rules, torch.optim
trajectories, state handling and bad input."""

import math

import numpy as np
import pytest

import dlcore.optim as optim
from dlcore.model import MLP

P0 = [1.0, -2.0]
G = [np.array([0.5, -1.0]), np.array([0.25, 0.5]), np.array([-1.0, 2.0])]


def run(opt, steps, p0=P0, dtype=np.float64):
    p = np.array(p0, dtype=dtype)
    out = []
    for g in G[:steps]:
        opt.step([p], [g.astype(dtype)])
        out.append(p.copy())
    return out


def test_names_and_get():
    assert optim.names() == ["gd", "sgd", "momentum", "rmsprop", "adam"]
    opt = optim.get("adam", lr=0.01, betas=(0.8, 0.9))
    assert isinstance(opt, optim.Adam) and opt.lr == 0.01 and opt.betas == (0.8, 0.9)
    assert optim.get(opt) is opt
    assert isinstance(optim.get("GD"), optim.GD)
    with pytest.raises(ValueError, match="unknown optimizer 'lbfgs'; expected one of gd, sgd, momentum, rmsprop, adam"):
        optim.get("lbfgs")
    with pytest.raises(TypeError, match="^hyperparameters: "):
        optim.get(opt, lr=0.1)


def test_torch_default_hyperparameters():
    assert optim.SGD().lr == 1e-3 and optim.GD().lr == 1e-3
    m = optim.Momentum()
    assert m.momentum == 0.9 and m.nesterov is False
    r = optim.RMSprop()
    assert (r.lr, r.alpha, r.eps, r.weight_decay) == (1e-2, 0.99, 1e-8, 0.0)
    a = optim.Adam()
    assert (a.lr, a.betas, a.eps, a.weight_decay) == (1e-3, (0.9, 0.999), 1e-8, 0.0)
    assert repr(a) == "Adam(lr=0.001, betas=(0.9, 0.999), eps=1e-08)"


@pytest.mark.parametrize("cls", [optim.GD, optim.SGD])
def test_gd_and_sgd_by_hand(cls):
    # p <- p - lr g with lr = 0.1
    p1, p2, p3 = run(cls(lr=0.1), 3)
    np.testing.assert_allclose(p1, [1 - 0.1 * 0.5, -2 + 0.1 * 1.0], rtol=1e-15)   # [0.95, -1.9]
    np.testing.assert_allclose(p2, [0.95 - 0.025, -1.9 - 0.05], rtol=1e-15)      # [0.925, -1.95]
    np.testing.assert_allclose(p3, [0.925 + 0.1, -1.95 - 0.2], rtol=1e-15)       # [1.025, -2.15]


def test_momentum_by_hand():
    # b1 = g1 = [0.5, -1];          p1 = p0 - 0.1 b1 = [0.95, -1.9]
    # b2 = 0.9 b1 + g2 = [0.7, -0.4];   p2 = [0.95 - 0.07, -1.9 + 0.04] = [0.88, -1.86]
    # b3 = 0.9 b2 + g3 = [-0.37, 1.64]; p3 = [0.88 + 0.037, -1.86 - 0.164] = [0.917, -2.024]
    opt = optim.Momentum(lr=0.1, momentum=0.9)
    p1, p2, p3 = run(opt, 3)
    np.testing.assert_allclose(p1, [0.95, -1.9], rtol=1e-14)
    np.testing.assert_allclose(p2, [0.88, -1.86], rtol=1e-14)
    np.testing.assert_allclose(p3, [0.917, -2.024], rtol=1e-14)
    np.testing.assert_allclose(opt.state[0]["velocity"], [-0.37, 1.64], rtol=1e-14)


def test_nesterov_by_hand():
    # b1 = g1; p1 = p0 - 0.1 (g1 + 0.9 b1) = p0 - 0.19 g1 = [0.905, -1.81]
    # b2 = [0.7, -0.4]; p2 = p1 - 0.1 (g2 + 0.9 b2) = p1 - 0.1 [0.88, 0.14] = [0.817, -1.824]
    p1, p2 = run(optim.Momentum(lr=0.1, momentum=0.9, nesterov=True), 2)
    np.testing.assert_allclose(p1, [0.905, -1.81], rtol=1e-14)
    np.testing.assert_allclose(p2, [0.817, -1.824], rtol=1e-14)


def test_rmsprop_by_hand():
    # s1 = 0.01 g1^2 = [0.0025, 0.01];  p1 = p0 - 0.01 g1 / (sqrt(s1) + eps)
    # s2 = 0.99 s1 + 0.01 g2^2 = [0.0031, 0.0124]; p2 = p1 - 0.01 g2 / (sqrt(s2) + eps)
    eps = 1e-8
    opt = optim.RMSprop(lr=0.01)
    p1, p2 = run(opt, 2)
    e1 = [1 - 0.01 * 0.5 / (0.05 + eps), -2 + 0.01 * 1.0 / (0.1 + eps)]
    np.testing.assert_allclose(p1, e1, rtol=1e-14)
    np.testing.assert_allclose(opt.state[0]["square_avg"], [0.0031, 0.0124], rtol=1e-14)
    e2 = [e1[0] - 0.01 * 0.25 / (math.sqrt(0.0031) + eps), e1[1] - 0.01 * 0.5 / (math.sqrt(0.0124) + eps)]
    np.testing.assert_allclose(p2, e2, rtol=1e-14)
    np.testing.assert_allclose(p1, [0.9, -1.9], rtol=1e-6)  # about lr * sign(g) / sqrt(1 - alpha) on step 1


def test_adam_by_hand():
    # t=1: m1 = 0.1 g1 = [0.05, -0.1], v1 = 0.001 g1^2 = [0.00025, 0.001]
    #      step_size = 0.1 / (1 - 0.9) = 1, denom = sqrt(v1) / sqrt(1 - 0.999) + eps = |g1| + eps
    # t=2: m2 = 0.9 m1 + 0.1 g2 = [0.07, -0.04], v2 = 0.999 v1 + 0.001 g2^2 = [0.00031225, 0.001249]
    #      step_size = 0.1 / (1 - 0.81) = 0.1 / 0.19, denom = sqrt(v2) / sqrt(1 - 0.998001) + eps
    eps = 1e-8
    opt = optim.Adam(lr=0.1)
    p1, p2 = run(opt, 2)
    e1 = [1 - 1.0 * 0.05 / (0.5 + eps), -2 - 1.0 * -0.1 / (1.0 + eps)]
    np.testing.assert_allclose(p1, e1, rtol=1e-13)
    np.testing.assert_allclose(p1, [0.9, -1.9], rtol=1e-7)  # the first Adam step is lr * sign(g)
    denom = [math.sqrt(0.00031225) / math.sqrt(0.001999) + eps, math.sqrt(0.001249) / math.sqrt(0.001999) + eps]
    e2 = [e1[0] - (0.1 / 0.19) * 0.07 / denom[0], e1[1] - (0.1 / 0.19) * -0.04 / denom[1]]
    np.testing.assert_allclose(p2, e2, rtol=1e-12)
    np.testing.assert_allclose(opt.state[0]["m"], [0.07, -0.04], rtol=1e-13)
    np.testing.assert_allclose(opt.state[0]["v"], [0.00031225, 0.001249], rtol=1e-13)
    assert opt.t == 2


def test_weight_decay_is_added_to_the_gradient():
    # g_eff = g1 + 0.5 p0 = [0.5 + 0.5, -1 - 1] = [1, -2]; p1 = p0 - 0.1 g_eff = [0.9, -1.8]
    (p1,) = run(optim.SGD(lr=0.1, weight_decay=0.5), 1)
    np.testing.assert_allclose(p1, [0.9, -1.8], rtol=1e-15)
    g = G[0].copy()
    p = np.array(P0)
    optim.Adam(lr=0.1, weight_decay=0.5).step([p], [g])
    np.testing.assert_array_equal(g, G[0])  # the gradient itself is left alone


@pytest.mark.parametrize("name", optim.names())
def test_float32_stays_float32(name):
    opt = optim.get(name, lr=0.1)
    p1, p2, p3 = run(opt, 3, dtype=np.float32)
    assert p3.dtype == np.float32
    assert all(s.dtype == np.float32 for st in opt.state for s in st.values())
    ref = run(optim.get(name, lr=0.1), 3)
    np.testing.assert_allclose(p3, ref[2], rtol=1e-5)


@pytest.mark.parametrize("name, attr, bad", [
    ("sgd", "lr", -1), ("adam", "lr", float("nan")), ("momentum", "momentum", 1.0),
    ("momentum", "nesterov", 1), ("rmsprop", "alpha", -0.1), ("rmsprop", "eps", -1e-8),
    ("adam", "betas", (0.9, 1.5)), ("adam", "betas", 0.9), ("adam", "eps", "small"),
    ("gd", "weight_decay", -0.5),
])
def test_hyperparameters_set_after_construction_are_checked(name, attr, bad):
    opt = optim.get(name, lr=0.1)
    before = getattr(opt, attr)
    with pytest.raises((ValueError, TypeError), match=f"^{attr}"):
        setattr(opt, attr, bad)
    assert getattr(opt, attr) == before  # a rejected value leaves the old one
    opt.lr = 0.5  # a good value is taken
    assert opt.lr == 0.5


def test_sgd_has_no_momentum_to_set_by_mistake():
    assert not hasattr(optim.SGD(), "momentum")
    assert isinstance(optim.SGD(), optim.GD) and optim.SGD.name == "sgd"
    assert [c.__name__ for c in optim.Optimizer.__subclasses__()] == ["GD", "Momentum", "RMSprop", "Adam"]


def test_every_step_checks_its_arguments_also_with_a_warm_state():
    p, g = np.zeros(3), np.ones(3)
    opt = optim.Adam(lr=0.1)
    for _ in range(3):
        opt.step([p], [g])
    before = p.copy()
    p.flags.writeable = False
    with pytest.raises(ValueError, match=r"^params\[0\]: expected a writeable array"):
        opt.step([p], [g])
    p.flags.writeable = True
    with pytest.raises(ValueError, match="^params: "):
        opt.step([np.zeros(4)], [np.ones(4)])      # the state belongs to 3 numbers
    with pytest.raises(ValueError, match=r"^params\[0\] and grads\[0\]"):
        opt.step([p], [np.ones(2)])
    np.testing.assert_array_equal(p, before)
    assert opt.t == 3


def test_adam_step_reads_like_the_book():
    """One Adam step by the book: m_hat = m / (1 - beta1^t), v_hat = v / (1 - beta2^t),
    theta <- theta - lr m_hat / (sqrt(v_hat) + eps)."""
    import inspect

    source = inspect.getsource(optim.Adam.update)
    assert "m_hat" in source and "v_hat" in source
    theta, g = np.array([1.0, -2.0]), np.array([0.3, -0.4])
    opt = optim.Adam(lr=0.1, betas=(0.9, 0.99))
    opt.step([theta], [g.copy()])
    m, v = 0.1 * g, 0.01 * g * g
    m_hat, v_hat = m / 0.1, v / 0.01
    np.testing.assert_allclose(theta, [1.0, -2.0] - 0.1 * m_hat / (np.sqrt(v_hat) + 1e-8), rtol=1e-15)


def test_state_belongs_to_the_optimizer_by_position_and_reset_forgets_it():
    model = MLP([2, 3, 1], seed=0)
    before = set(vars(model.layers[0]))
    opt = optim.Adam(lr=0.1)
    for g in model.grads:
        g[...] = 1.0
    opt.step(model.params, model.grads)
    assert set(vars(model.layers[0])) == before  # nothing stored on layers
    assert [s["m"].shape for s in opt.state] == [p.shape for p in model.params]
    # a second optimizer has its own state
    other = optim.Adam(lr=0.1)
    p = np.zeros(2)
    other.step([p], [np.ones(2)])
    assert other.t == 1 and opt.t == 1
    # reset: the next step is again a first step
    q = np.zeros(2)
    opt.reset()
    opt.step([q], [np.ones(2)])
    np.testing.assert_array_equal(q, p)


def test_state_mismatch_asks_for_reset():
    opt = optim.Momentum(lr=0.1)
    opt.step([np.zeros(3)], [np.ones(3)])
    with pytest.raises(ValueError, match=r"state belongs to parameters with shapes \[\(3,\)\].*call reset\(\)"):
        opt.step([np.zeros(4)], [np.ones(4)])


@pytest.mark.parametrize("lr", [0, -0.1, float("nan"), float("inf")])
@pytest.mark.parametrize("name", optim.names())
def test_bad_learning_rates(name, lr):
    with pytest.raises(ValueError, match="^lr: "):
        optim.get(name, lr=lr)


@pytest.mark.parametrize("lr", ["0.1", True, None, [0.1]])
def test_learning_rate_must_be_a_number(lr):
    if lr is None:
        assert optim.SGD(lr=None).lr == 1e-3  # None means the default
        return
    with pytest.raises(TypeError, match="lr: expected a real number"):
        optim.SGD(lr=lr)


def test_bad_hyperparameters():
    with pytest.raises(ValueError, match="^momentum: "):
        optim.Momentum(lr=0.1, momentum=1.5)
    with pytest.raises(ValueError, match="^momentum: "):
        optim.Momentum(lr=0.1, momentum=0.0)  # plain SGD has no momentum and no nesterov
    with pytest.raises(TypeError, match="nesterov"):
        optim.SGD(lr=0.1, nesterov=True)
    with pytest.raises(TypeError, match="^nesterov: "):
        optim.Momentum(nesterov="yes")
    with pytest.raises(ValueError, match="betas\\[1\\]"):
        optim.Adam(betas=(0.9, 1.0))
    with pytest.raises(TypeError, match="betas: expected a pair"):
        optim.Adam(betas=0.9)
    with pytest.raises(ValueError, match="alpha"):
        optim.RMSprop(alpha=-0.5)
    with pytest.raises(ValueError, match="^weight_decay: "):
        optim.SGD(weight_decay=-1)


def test_params_and_grads_that_do_not_pair_up_change_nothing():
    p = [np.array([1.0, 2.0]), np.array([[3.0]])]
    opt = optim.Adam(lr=0.1)
    cases = [
        ([np.ones(2)], ValueError, "params and grads: expected lists of the same length, got 2 and 1"),
        ([np.ones(2), np.ones(2)], ValueError, r"params\[1\] and grads\[1\]: expected the same shape, got \(1, 1\) and \(2,\)"),
        ([np.ones(2), np.ones((1, 1), dtype=np.float32)], TypeError, r"grads\[1\]: expected dtype float64"),
        ([np.ones(2), [[1.0]]], TypeError, r"grads\[1\]: expected a NumPy array"),
        (np.ones(2), TypeError, "grads: expected a list of arrays"),
    ]
    for grads, err, msg in cases:
        with pytest.raises(err, match=msg):
            opt.step(p, grads)
    assert opt.t == 0 and opt.state == []
    np.testing.assert_array_equal(p[0], [1.0, 2.0])
    with pytest.raises(TypeError, match=r"params\[0\]: expected dtype float32 or float64, got int64"):
        opt.step([np.array([1, 2], dtype=np.int64)], [np.array([1, 2])])
    with pytest.raises(ValueError, match="params: expected at least one array"):
        opt.step([], [])
    ro = np.ones(2)
    ro.flags.writeable = False
    with pytest.raises(ValueError, match=r"params\[0\]: expected a writeable array"):
        opt.step([ro], [np.ones(2)])


TORCH_CASES = [
    ("gd", dict(lr=0.1), "SGD", dict(lr=0.1)),
    ("sgd", dict(lr=0.1, weight_decay=0.01), "SGD", dict(lr=0.1, weight_decay=0.01)),
    ("momentum", dict(lr=0.05), "SGD", dict(lr=0.05, momentum=0.9)),
    ("momentum", dict(lr=0.05, nesterov=True, weight_decay=0.1), "SGD",
     dict(lr=0.05, momentum=0.9, nesterov=True, weight_decay=0.1)),
    ("rmsprop", dict(lr=0.01), "RMSprop", dict(lr=0.01)),
    ("rmsprop", dict(lr=0.01, alpha=0.9, eps=1e-6, weight_decay=0.1), "RMSprop",
     dict(lr=0.01, alpha=0.9, eps=1e-6, weight_decay=0.1)),
    ("adam", dict(lr=0.01), "Adam", dict(lr=0.01)),
    ("adam", dict(lr=0.01, betas=(0.8, 0.99), eps=1e-6, weight_decay=0.1), "Adam",
     dict(lr=0.01, betas=(0.8, 0.99), eps=1e-6, weight_decay=0.1)),
]


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("name, kw, tname, tkw", TORCH_CASES)
def test_trajectories_match_torch_optim(name, kw, tname, tkw, dtype):
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(3)
    model = MLP([3, 4, 2], seed=2, dtype=dtype)
    tparams = [torch.tensor(p.copy(), requires_grad=True) for p in model.params]
    topt = getattr(torch.optim, tname)(tparams, **tkw)
    opt = optim.get(name, **kw)
    for _ in range(6):
        for g, tp in zip(model.grads, tparams):
            g[...] = rng.normal(size=g.shape)
            tp.grad = torch.tensor(g.copy())
        opt.step(model.params, model.grads)
        topt.step()
    rtol = 1e-12 if dtype == np.float64 else 2e-5
    for p, tp in zip(model.params, tparams):
        assert p.dtype == dtype
        np.testing.assert_allclose(p, tp.detach().numpy(), rtol=rtol, atol=rtol * 1e-3)


def test_the_same_array_twice_in_params_is_rejected():
    a = np.zeros(3)
    with pytest.raises(ValueError, match=r"params\[0\] and params\[1\].*share memory"):
        optim.SGD(1.0).step([a, a], [np.ones(3), np.ones(3)])
    np.testing.assert_array_equal(a, 0.0)
