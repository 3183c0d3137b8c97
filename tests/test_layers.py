"""Dense and Activation layers: shapes, gradients, caching, no mutation, bad input."""

import numpy as np
import pytest

from dlcore.layers import Activation, Dense

RNG = np.random.default_rng(0)


def test_dense_forward_is_XW_plus_b():
    layer = Dense(3, 2, seed=0)
    layer.b[...] = [0.5, -1.0]
    X = RNG.normal(size=(4, 3))
    np.testing.assert_allclose(layer.forward(X), X @ layer.W + layer.b, rtol=1e-15)
    assert layer.W.shape == (3, 2) and layer.b.shape == (2,)
    assert layer.n_params == 8 and repr(layer) == "Dense(3, 2, dtype=float64)"


def test_dense_backward_by_hand_and_numerically():
    layer = Dense(3, 2, seed=1)
    X = RNG.normal(size=(5, 3))
    delta = RNG.normal(size=(5, 2))
    X0, delta0 = X.copy(), delta.copy()
    layer.forward(X)
    dX = layer.backward(delta)
    np.testing.assert_allclose(layer.dW, X.T @ delta, rtol=1e-14)
    np.testing.assert_allclose(layer.db, delta.sum(axis=0), rtol=1e-14)
    np.testing.assert_allclose(dX, delta @ layer.W.T, rtol=1e-14)
    np.testing.assert_array_equal(X, X0)
    np.testing.assert_array_equal(delta, delta0)
    # numerically: L = sum(delta * forward(X)) has dL/dX = dX
    h = 1e-6
    num = np.zeros_like(X)
    for i in np.ndindex(X.shape):
        Xp, Xm = X.copy(), X.copy()
        Xp[i] += h
        Xm[i] -= h
        num[i] = (np.sum(delta * (Xp @ layer.W + layer.b)) - np.sum(delta * (Xm @ layer.W + layer.b))) / (2 * h)
    np.testing.assert_allclose(dX, num, rtol=1e-7)


def test_dense_bad_input():
    layer = Dense(3, 2)
    with pytest.raises(RuntimeError, match="backward called before forward"):
        layer.backward(np.zeros((1, 2)))
    with pytest.raises(ValueError, match=r"X: expected 3 features \(columns\), got shape \(4, 2\)"):
        layer.forward(np.zeros((4, 2)))
    with pytest.raises(ValueError, match="X: expected a 2-D array, got shape"):
        layer.forward(np.zeros(3))
    assert np.isnan(layer.forward(np.array([[1.0, np.nan, 0.0]]))).all()  # NaN passes through (MLP rejects it)
    layer.forward(np.zeros((4, 3)))
    with pytest.raises(ValueError, match=r"delta: expected shape \(4, 2\).*got \(4, 3\)"):
        layer.backward(np.zeros((4, 3)))
    with pytest.raises(ValueError, match="n_out: expected an integer >= 1, got 0"):
        Dense(3, 0)
    with pytest.raises(ValueError, match="unknown initializer 'magic'; expected one of xavier, glorot, he, normal, zeros"):
        Dense(3, 2, init="magic")
    with pytest.raises(ValueError, match="dtype: expected np.float32 or np.float64, got int64"):
        Dense(3, 2, dtype=np.int64)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_dense_keeps_its_dtype(dtype):
    layer = Dense(3, 2, seed=0, dtype=dtype)
    z = layer.forward(RNG.normal(size=(4, 3)))  # float64 input is cast
    assert z.dtype == dtype
    assert layer.backward(np.ones((4, 2))).dtype == dtype
    assert layer.dW.dtype == dtype and layer.db.dtype == dtype


def test_initializer_statistics():
    for init, std in [("he", np.sqrt(2 / 400)), ("xavier", np.sqrt(2 / (400 + 300))), ("normal", 0.01)]:
        W = Dense(400, 300, init=init, seed=0).W
        assert W.std() == pytest.approx(std, rel=0.02)
        assert abs(W.mean()) < 0.05 * std
    assert np.abs(Dense(400, 300, init="xavier", seed=0).W).max() <= np.sqrt(6 / 700)
    assert not Dense(3, 2, init="zeros").W.any()
    np.testing.assert_array_equal(Dense(3, 2, init="he", seed=5).W, Dense(3, 2, init="he", seed=5).W)
    np.testing.assert_allclose(Dense(3, 2, seed=5, dtype=np.float32).W, Dense(3, 2, seed=5).W, rtol=1e-7)


@pytest.mark.parametrize("name", ["identity", "sigmoid", "tanh", "relu", "leaky_relu"])
def test_activation_layer(name):
    layer = Activation(name)
    z = RNG.normal(size=(3, 4))
    a = layer.forward(z)
    delta = RNG.normal(size=(3, 4))
    delta0 = delta.copy()
    dz = layer.backward(delta)
    np.testing.assert_allclose(dz, delta * layer.fn.derivative(z), rtol=1e-14)
    np.testing.assert_array_equal(delta, delta0)
    assert a.shape == dz.shape == (3, 4)
    assert repr(layer) == f"Activation({name!r})"
    with pytest.raises(ValueError, match=r"^d_a: expected shape \(3, 4\)"):
        layer.backward(np.ones((4, 3)))


# -- aliasing: nothing keeps a caller's array, nothing hands out an array it reuses ----------
def test_dense_keeps_its_own_copy_of_X():
    layer = Dense(3, 2, seed=0)
    X = RNG.normal(size=(4, 3))
    delta = RNG.normal(size=(4, 2))
    layer.forward(X)
    layer.backward(delta)
    dW = layer.dW.copy()
    layer.forward(X)
    X[...] = 100.0  # the caller changes its array after forward
    layer.backward(delta)
    np.testing.assert_array_equal(layer.dW, dW)


@pytest.mark.parametrize("name", ["identity", "sigmoid", "tanh", "relu", "leaky_relu"])
def test_activation_layer_hands_out_nothing_it_reuses(name):
    layer = Activation(name)
    z = RNG.normal(size=(3, 4))
    a = layer.forward(z)
    d_a = RNG.normal(size=(3, 4))
    expected = layer.backward(d_a)
    with pytest.raises(ValueError):
        a[...] = 0.0  # read-only: backward reads it
    z[...] = 5.0  # the caller's z is not the layer's
    np.testing.assert_array_equal(layer.backward(d_a), expected)


def test_mlp_gradients_do_not_change_when_the_callers_arrays_do():
    from dlcore.model import MLP

    m = MLP([3, 5, 2], activation="sigmoid", seed=0)
    X = RNG.normal(size=(6, 3))
    d = RNG.normal(size=(6, 2))
    m.forward(X)
    m.backward(d)
    expected = [g.copy() for g in m.grads]
    y_hat = m.forward(X)
    X[...] = 0.0
    assert not y_hat.flags.writeable
    m.backward(d)
    for g, e in zip(m.grads, expected):
        np.testing.assert_array_equal(g, e)
