"""L2 and L1 penalties and their gradients, AdamW against hand arithmetic (and torch when it
is installed), and the decay comparison the chapter draws."""

from __future__ import annotations

import numpy as np
import pytest

import dlcore as dl
from dlcore import regularization as R


def _params(seed=0):
    rng = np.random.default_rng(seed)
    return [rng.normal(size=(3, 2)), rng.normal(size=(2,))]


def test_l2_penalty_and_gradient_by_hand():
    params = [np.array([[1.0, -2.0]]), np.array([3.0])]
    assert R.l2_penalty(params, 0.5) == pytest.approx(0.25 * (1 + 4 + 9))
    grads = R.l2_gradient(params, 0.5)
    assert np.array_equal(grads[0], [[0.5, -1.0]])
    assert np.array_equal(grads[1], [1.5])
    assert grads[0] is not params[0]
    assert R.l2_penalty(params, 0) == 0.0


def _central_differences(penalty, params, lam, h):
    """(penalty(theta + h) - penalty(theta - h)) / 2h for every entry of every array."""
    grads = []
    for p in params:
        numeric = np.zeros_like(p)
        for idx in np.ndindex(p.shape):
            old = p[idx]
            p[idx] = old + h
            up = penalty(params, lam)
            p[idx] = old - h
            down = penalty(params, lam)
            p[idx] = old
            numeric[idx] = (up - down) / (2 * h)
        grads.append(numeric)
    return grads


def test_l2_gradient_matches_central_differences():
    params, lam, h = _params(), 0.3, 1e-6
    grads = R.l2_gradient(params, lam)
    for numeric, g in zip(_central_differences(R.l2_penalty, params, lam, h), grads):
        assert np.allclose(numeric, g, rtol=1e-7, atol=1e-9)


def test_l1_penalty_and_gradient_by_hand():
    params = [np.array([[1.0, -2.0]]), np.array([0.0, 3.0])]
    assert R.l1_penalty(params, 0.5) == pytest.approx(0.5 * (1 + 2 + 0 + 3))
    grads = R.l1_gradient(params, 0.5)
    assert np.array_equal(grads[0], [[0.5, -0.5]])
    assert np.array_equal(grads[1], [0.0, 0.5])     # sign(0) = 0
    assert grads[0] is not params[0]
    assert R.l1_penalty(params, 0) == 0.0


def test_l1_gradient_matches_central_differences():
    params, lam, h = _params(3), 0.3, 1e-6      # no weight within h of the kink at 0
    assert min(np.abs(p).min() for p in params) > 1e-3
    grads = R.l1_gradient(params, lam)
    for numeric, g in zip(_central_differences(R.l1_penalty, params, lam, h), grads):
        assert np.allclose(numeric, g, rtol=1e-6, atol=1e-9)


def test_l1_gradient_matches_torch_autograd():
    torch = pytest.importorskip("torch")
    params = _params(4) + [np.array([0.0, -1.5])]
    tparams = [torch.tensor(p.copy(), requires_grad=True) for p in params]
    (0.2 * sum(tp.abs().sum() for tp in tparams)).backward()
    for g, tp in zip(R.l1_gradient(params, 0.2), tparams):
        assert np.allclose(g, tp.grad.numpy(), rtol=1e-12, atol=0)


def test_optimizer_l1_step_by_hand():
    theta = np.array([0.5, -2.0, 0.0])
    g = np.array([0.1, 0.2, 0.3])
    p = theta.copy()
    dl.optim.SGD(lr=0.1, l1=0.5).step([p], [g])
    # theta - lr (g + l1 sign(theta)): 0.5 - 0.1 (0.1 + 0.5), -2 - 0.1 (0.2 - 0.5), 0 - 0.1 * 0.3
    assert np.allclose(p, [0.44, -1.97, -0.03], rtol=1e-14)
    both = theta.copy()
    dl.optim.SGD(lr=0.1, weight_decay=0.2, l1=0.5).step([both], [g])
    expected = [t - 0.1 * (gi + d2 + d1) for t, gi, d2, d1 in zip(
        theta, g, R.l2_gradient([theta], 0.2)[0], R.l1_gradient([theta], 0.5)[0])]
    assert np.allclose(both, expected, rtol=1e-14)
    assert repr(dl.optim.Adam(lr=0.1, l1=0.5)) == "Adam(lr=0.1, betas=(0.9, 0.999), eps=1e-08, l1=0.5)"


def test_l1_drives_weights_without_gradient_to_zero_and_keeps_them_there():
    # no data gradient: each step moves a weight by lr * l1 towards 0; sign(0) = 0 stops it
    p = np.array([0.3, -0.2, 0.0])
    opt = dl.optim.SGD(lr=0.1, l1=1.0)
    for _ in range(3):
        opt.step([p], [np.zeros(3)])
    assert np.allclose(p, [0.0, 0.0, 0.0], atol=1e-15)


def test_sgd_weight_decay_is_the_l2_gradient_and_the_decoupled_step():
    params, lam, lr = _params(), 0.1, 0.05
    grads = [np.ones_like(p) for p in params]
    with_wd = [p.copy() for p in params]
    dl.optim.SGD(lr=lr, weight_decay=lam).step(with_wd, grads)
    by_l2 = [p - lr * (g + d) for p, g, d in
             zip(params, grads, R.l2_gradient(params, lam))]
    decoupled = [(1 - lr * lam) * p - lr * g for p, g in zip(params, grads)]
    for a, b, c in zip(with_wd, by_l2, decoupled):
        assert np.allclose(a, b, rtol=1e-14) and np.allclose(a, c, rtol=1e-14)


def test_adamw_first_step_by_hand():
    theta = np.array([1.0, -2.0, 0.5])
    g = np.array([0.3, 0.0, -4.0])
    lr, lam, eps = 0.1, 0.2, 1e-8
    opt = R.AdamW(lr=lr, weight_decay=lam, eps=eps)
    p = theta.copy()
    opt.step([p], [g])
    expected = theta * (1 - lr * lam) - lr * g / (np.abs(g) + eps)
    assert np.allclose(p, expected, rtol=1e-12)
    assert opt.t == 1 and opt.weight_decay == 0.0 and opt.decay == lam
    assert repr(opt) == ("AdamW(lr=0.1, betas=(0.9, 0.999), eps=1e-08, "
                         "weight_decay=0.2)")


def test_adamw_differs_from_adam_with_l2_and_equals_adam_without_decay():
    g = [np.array([1e-3, 1.0, 10.0])]
    a, b, c = (np.ones(3) for _ in range(3))
    adam_l2 = dl.optim.Adam(lr=0.01, weight_decay=0.1)
    adamw = R.AdamW(lr=0.01, weight_decay=0.1)
    adamw0, adam0 = R.AdamW(lr=0.01, weight_decay=0.0), dl.optim.Adam(lr=0.01)
    d = np.ones(3)
    for _ in range(5):
        adam_l2.step([a], g)
        adamw.step([b], g)
        adamw0.step([c], g)
        adam0.step([d], g)
    assert np.array_equal(c, d)
    assert not np.allclose(a, b, rtol=1e-3)


def test_adamw_changes_nothing_when_the_step_is_refused():
    opt = R.AdamW(lr=0.1)
    p = np.ones(3)
    with pytest.raises(ValueError, match="params\\[0\\] and grads\\[0\\]"):
        opt.step([p], [np.ones(2)])
    assert np.array_equal(p, np.ones(3)) and opt.t == 0


def test_adamw_matches_torch():
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(1)
    params = _params(2)
    tparams = [torch.tensor(p.copy(), requires_grad=True) for p in params]
    ours = R.AdamW(lr=0.01, weight_decay=0.05)
    theirs = torch.optim.AdamW(tparams, lr=0.01, weight_decay=0.05)
    for _ in range(20):
        grads = [rng.normal(size=p.shape) for p in params]
        ours.step(params, grads)
        for tp, g in zip(tparams, grads):
            tp.grad = torch.tensor(g.copy())
        theirs.step()
    for p, tp in zip(params, tparams):
        assert np.allclose(p, tp.detach().numpy(), rtol=1e-10, atol=1e-12)


def test_decay_by_gradient_scale_shows_the_difference():
    scales = np.array([0.0, 1e-3, 1.0, 10.0])
    r = R.decay_by_gradient_scale(scales, weight_decay=0.1, lr=1e-2,
                                  steps=300, n_weights=400, seed=0)
    assert r["factor"] == pytest.approx((1 - 1e-3) ** 300)
    # AdamW: every scale decays by the same factor, up to the noise's spread
    assert np.allclose(r["decoupled"], r["factor"], atol=0.03)
    assert r["decoupled"][0] == pytest.approx(r["factor"], rel=1e-12)
    # Adam + L2: weights without gradients are driven to 0, noisy ones kept
    assert np.all(np.abs(r["l2"][:2]) < 0.02)
    assert r["l2"][3] > 0.9 and np.all(np.diff(r["l2"][1:]) > 0)
    again = R.decay_by_gradient_scale(scales, steps=300, seed=0)
    assert np.array_equal(again["l2"], r["l2"])


def test_bad_inputs_name_the_argument():
    with pytest.raises(TypeError, match="^params:"):
        R.l2_penalty(np.ones(3), 0.1)
    with pytest.raises(TypeError, match="^params:"):
        R.l2_gradient([], 0.1)
    with pytest.raises(ValueError, match="^weight_decay:"):
        R.l2_penalty([np.ones(2)], -1)
    with pytest.raises(ValueError, match="^params\\[1\\]:"):
        R.l2_gradient([np.ones(2), np.array([np.nan])], 0.1)
    with pytest.raises(ValueError, match="^weight_decay:"):
        R.AdamW(weight_decay=-0.1)
    with pytest.raises(ValueError, match="^l1:"):
        R.l1_penalty([np.ones(2)], -1)
    with pytest.raises(TypeError, match="^params:"):
        R.l1_gradient(np.ones(2), 0.1)
    with pytest.raises(ValueError, match="^l1:"):
        dl.optim.Adam(l1=-0.1)
    with pytest.raises(TypeError, match="^l1:"):
        dl.optim.SGD(l1="big")
    with pytest.raises(ValueError, match="^scales:"):
        R.decay_by_gradient_scale([-1.0, 1.0])
    with pytest.raises(ValueError, match="^weight_decay:"):
        R.decay_by_gradient_scale([1.0], weight_decay=0)
    with pytest.raises(TypeError, match="^steps:"):
        R.decay_by_gradient_scale([1.0], steps=1.5)
