"""Backpropagation against central differences for every activation x loss x depth."""

import numpy as np
import pytest

from dlcore import activations
from dlcore.gradcheck import gradcheck, gradcheck_errors
from dlcore.model import MLP

ACTIVATIONS = activations.names()
DEPTHS = {0: [3], 1: [3, 4], 2: [3, 4, 5]}  # hidden layers -> sizes before the output
LOSSES = {  # loss -> (output units, output activation, targets for n rows)
    "mse": (2, "identity", lambda rng, n: rng.normal(size=(n, 2))),
    "bce": (1, "sigmoid", lambda rng, n: rng.integers(0, 2, n)),
    "cross_entropy": (3, "identity", lambda rng, n: rng.integers(0, 3, n)),
}
N = 7


def min_abs_z(model, X):
    """The smallest |z| over every hidden pre-activation: how far we are from a ReLU kink."""
    a, smallest = model.check_input(X), np.inf
    for layer in model.dense[:-1]:
        z = a @ layer.W + layer.b
        smallest = min(smallest, np.abs(z).min())
        a = model.layers[1].fn.forward(z)
    return smallest


def build(act, depth, loss):
    """A model and data; for kinked activations the first seed whose every |z| > 1e-3.

    Central differences with eps = 1e-6 are only valid away from a kink, so we choose
    the inputs to stay away from them (and assert that we did)."""
    k, out, targets = LOSSES[loss]
    for seed in range(50):
        rng = np.random.default_rng(seed)
        model = MLP(DEPTHS[depth] + [k], activation=act, output_activation=out, seed=seed)
        for b in model.params[1::2]:
            b[...] = rng.normal(scale=0.1, size=b.shape)  # nonzero biases are part of the check
        X = rng.normal(size=(N, 3))
        if act not in ("relu", "leaky_relu") or depth == 0 or min_abs_z(model, X) > 1e-3:
            return model, X, targets(rng, N)
    raise AssertionError("no seed keeps every pre-activation away from the kink")


@pytest.mark.parametrize("depth", sorted(DEPTHS))
@pytest.mark.parametrize("loss", sorted(LOSSES))
@pytest.mark.parametrize("act", ACTIVATIONS)
def test_backprop_matches_central_differences(act, loss, depth):
    model, X, y = build(act, depth, loss)
    if act in ("relu", "leaky_relu") and depth > 0:
        assert min_abs_z(model, X) > 1e-3
    err = gradcheck(model, X, y, loss)
    assert err < 1e-6, f"{act} x {loss} x depth {depth}: relative error {err:.2e}"


def test_mse_with_a_sigmoid_output_like_the_article():
    """The article's 10-5-1 sigmoid network with MSE."""
    rng = np.random.default_rng(0)
    model = MLP([10, 5, 1], activation="sigmoid", output_activation="sigmoid", seed=0)
    assert gradcheck(model, rng.normal(size=(8, 10)), rng.uniform(size=8), "mse") < 1e-6


def test_gradcheck_catches_a_wrong_derivative(monkeypatch):
    model, X, y = build("tanh", 1, "mse")
    assert gradcheck(model, X, y, "mse") < 1e-6
    monkeypatch.setattr(activations.Tanh, "backward", lambda self, delta, z, a: delta * (1 - a))  # missing square
    assert gradcheck(model, X, y, "mse") > 1e-2


def test_at_a_relu_kink_central_differences_disagree():
    """z = 0 exactly: backprop uses ReLU'(0) = 0, the central difference sees slope 1/2."""
    model = MLP([1, 1, 1], activation="relu", seed=0)
    model.params[0][...] = 1.0
    model.params[1][...] = 0.0
    model.params[2][...] = 2.0
    errors = gradcheck_errors(model, np.array([[0.0]]), np.array([1.0]), "mse")
    assert errors[1] == pytest.approx(1.0)  # b1: analytic 0, numeric nonzero


def test_model_is_untouched_and_float32_models_are_checked_in_float64():
    model, X, y = build("sigmoid", 2, "cross_entropy")
    model32 = model.copy(dtype=np.float32)
    params = [p.copy() for p in model32.params]
    model32.forward(X)  # a cache that must survive
    cached = model32.layers[0].X
    assert gradcheck(model32, X, y, "cross_entropy") < 1e-6  # float32 weights, float64 arithmetic
    for p, q in zip(model32.params, params):
        np.testing.assert_array_equal(p, q)
        assert p.dtype == np.float32
    assert model32.layers[0].X is cached
    assert not any(g.any() for g in model32.grads)


def test_bad_input():
    model, X, y = build("tanh", 1, "mse")
    with pytest.raises(ValueError, match="^eps: "):
        gradcheck(model, X, y, "mse", eps=0)
    with pytest.raises(ValueError, match="unknown loss"):
        gradcheck(model, X, y, "l1")
    with pytest.raises(ValueError, match="bce expects probabilities.*output_activation='sigmoid'"):
        gradcheck(model, X, y, "bce")
    with pytest.raises(ValueError, match=r"X: expected 3 features"):
        gradcheck(model, X[:, :2], y, "mse")
    with pytest.raises(TypeError, match="model: expected a dlcore MLP"):
        gradcheck("net", X, y, "mse")
