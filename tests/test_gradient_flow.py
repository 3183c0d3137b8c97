"""dlcore.gradient_flow: per-layer gradient norms of a deep untrained network."""

from __future__ import annotations

import numpy as np
import pytest

import dlcore as dl
from dlcore import gradient_flow as G


@pytest.mark.parametrize("activation, init", [("tanh", "xavier"), ("relu", "he"),
                                              ("sigmoid", "normal")])
def test_norms_are_those_of_the_mlp_backward_pass(activation, init):
    depth, width, n, seed = 4, 8, 16, 3
    model = dl.MLP([width] * (depth + 1) + [1], activation=activation, init=init, seed=seed)
    rng = np.random.default_rng(seed + 1)
    X, y = rng.normal(size=(n, width)), rng.normal(size=(n, 1))
    mse = dl.losses.get("mse")
    model.backward(mse.backward(model.forward(X), y))
    expected = [np.linalg.norm(dW) for dW in model.grads[::2]]
    got = G.layer_gradient_norms(depth, activation, init, width=width, n=n, seed=seed)
    assert got.shape == (depth + 1,)
    np.testing.assert_allclose(got, expected, rtol=1e-12)


def test_the_three_regimes_at_depth_20():
    r = G.gradient_flow(20)
    assert set(r) == {(a, i) for a in G.ACTIVATIONS for i in G.INITS}
    # sigmoid vanishes towards the input whatever the init
    assert all(r["sigmoid", i][0] < 1e-6 * r["sigmoid", i][-1] for i in G.INITS)
    # He keeps ReLU's gradients of order 1 at every layer; Xavier lets them shrink
    assert np.all((r["relu", "he"] > 1e-2) & (r["relu", "he"] < 1e2))
    assert np.all(r["relu", "xavier"] < 0.1 * r["relu", "he"].min())
    # Xavier keeps tanh's of order 1; a std of 0.01 makes every gradient tiny
    assert np.all((r["tanh", "xavier"] > 1e-2) & (r["tanh", "xavier"] < 1e2))
    assert all(np.all(r[a, "normal"] < 1e-15) for a in ("tanh", "relu"))


def test_deterministic_and_seeded():
    a = G.layer_gradient_norms(3, seed=1)
    np.testing.assert_array_equal(a, G.layer_gradient_norms(3, seed=1))
    assert not np.allclose(a, G.layer_gradient_norms(3, seed=2))


@pytest.mark.parametrize("kwargs, exc, arg", [
    ({"depth": 0}, ValueError, "depth"), ({"width": 1.5}, TypeError, "width"),
    ({"n": -1}, ValueError, "n"), ({"activation": "swish"}, ValueError, "activation"),
    ({"init": "lecun"}, ValueError, "init"),
])
def test_bad_arguments(kwargs, exc, arg):
    args = {"depth": 2}
    args.update(kwargs)
    with pytest.raises(exc, match=arg):
        G.layer_gradient_norms(**args)
