"""MLP: forward/backward against hand-written NumPy and PyTorch, storage, dtypes, bad input."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dlcore import activations
from dlcore.layers import Dense
from dlcore.model import MLP

RNG = np.random.default_rng(0)


def manual_forward(model, X):
    a = X
    zs, As = [], [X]
    for l, layer in enumerate(model.dense):
        z = a @ layer.W + layer.b
        f = model.layers[2 * l + 1].fn
        a = f.forward(z)
        zs.append(z)
        As.append(a)
    return zs, As


def test_structure_and_repr():
    m = MLP([4, 5, 3], activation="tanh", seed=0)
    assert m.sizes == [4, 5, 3] and m.dtype == np.float64
    assert [p.shape for p in m.params] == [(4, 5), (5,), (5, 3), (3,)]
    assert [g.shape for g in m.grads] == [p.shape for p in m.params]
    assert m.n_params == 4 * 5 + 5 + 5 * 3 + 3 == 43
    assert m.init == "xavier"
    assert repr(m) == ("MLP(sizes=[4, 5, 3], activation='tanh', output_activation='identity', "
                       "init='xavier', dtype=float64, n_params=43)")
    assert "total" in m.summary() and "43" in m.summary()
    assert MLP([2, 3, 1]).init == "he" and MLP([2, 3, 1], activation="leaky_relu").init == "he"
    assert MLP([2, 3, 1], activation="sigmoid").init == "xavier"
    assert not MLP([2, 1], init="zeros").params[0].any()
    assert not m.params[1].any() and not m.params[3].any()  # biases start at 0


def test_params_are_live_and_in_order():
    m = MLP([2, 3, 1], seed=0)
    assert m.params[0] is m.dense[0].W and m.params[3] is m.dense[1].b
    assert m.grads[2] is m.dense[1].dW
    X = RNG.normal(size=(4, 2))
    before = m.forward(X)
    m.params[3][...] += 1.0  # setting a weight in place changes the model
    np.testing.assert_allclose(m.forward(X), before + 1.0)


@pytest.mark.parametrize("act", ["identity", "sigmoid", "tanh", "relu", "leaky_relu"])
@pytest.mark.parametrize("out", ["identity", "sigmoid"])
def test_forward_and_backward_match_the_equations(act, out):
    m = MLP([3, 4, 5, 2], activation=act, output_activation=out, seed=3)
    X = RNG.normal(size=(6, 3))
    d_y_hat = RNG.normal(size=(6, 2))
    d0 = d_y_hat.copy()
    y_hat = m.forward(X)
    zs, As = manual_forward(m, X)
    np.testing.assert_allclose(y_hat, As[-1], rtol=1e-14)
    dX = m.backward(d_y_hat)
    np.testing.assert_array_equal(d_y_hat, d0)  # not modified
    # the chain rule written out: delta_L = d_y_hat f'(z_L); dW_l = a_{l-1}^T delta_l; ...
    fns = [layer.fn for layer in m.layers[1::2]]
    delta = d_y_hat * fns[-1].derivative(zs[-1])
    for l in range(2, -1, -1):
        np.testing.assert_allclose(m.grads[2 * l], As[l].T @ delta, rtol=1e-12, atol=1e-15)
        np.testing.assert_allclose(m.grads[2 * l + 1], delta.sum(axis=0), rtol=1e-12, atol=1e-15)
        da = delta @ m.dense[l].W.T
        delta = da * fns[l - 1].derivative(zs[l - 1]) if l > 0 else da
    np.testing.assert_allclose(dX, delta, rtol=1e-12, atol=1e-15)


def test_predict_does_not_disturb_backward():
    m = MLP([2, 3, 2], seed=0)
    X1, X2 = RNG.normal(size=(4, 2)), RNG.normal(size=(7, 2))
    d = RNG.normal(size=(4, 2))
    m.forward(X1)
    m.backward(d)
    expected = [g.copy() for g in m.grads]
    m.forward(X1)
    m.predict(X2)
    m.backward(d)
    for g, e in zip(m.grads, expected):
        np.testing.assert_array_equal(g, e)


def test_predict_classes():
    m = MLP([2, 3], output_activation="identity", seed=0)
    X = RNG.normal(size=(10, 2))
    np.testing.assert_array_equal(m.predict_classes(X), m.predict(X).argmax(axis=1))
    s = MLP([2, 1], output_activation="sigmoid", seed=0)
    np.testing.assert_array_equal(s.predict_classes(X), (s.predict(X)[:, 0] > 0.5).astype(int))
    t = MLP([2, 1], output_activation="tanh", seed=0)
    assert t.threshold() == 0.0 and s.threshold() == 0.5
    np.testing.assert_array_equal(t.predict_classes(X), (t.predict(X)[:, 0] > 0).astype(int))
    assert m.predict_classes(X).dtype.kind == "i"


def test_copy_is_deep_and_can_change_dtype():
    m = MLP([2, 4, 3], seed=1)
    c = m.copy()
    for p, q in zip(m.params, c.params):
        np.testing.assert_array_equal(p, q)
        assert not np.shares_memory(p, q)
    c.params[0][...] = 0
    assert m.params[0].any()
    c32 = m.copy(dtype=np.float32)
    assert c32.dtype == np.float32 and all(p.dtype == np.float32 for p in c32.params)
    X = RNG.normal(size=(5, 2))
    np.testing.assert_allclose(c32.forward(X), m.forward(X), rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("act", ["sigmoid", "relu"])
def test_float32_end_to_end(act):
    m = MLP([3, 4, 2], activation=act, seed=0, dtype=np.float32)
    X = RNG.normal(size=(5, 3))  # float64 input is cast once
    y_hat = m.forward(X)
    dX = m.backward(np.ones((5, 2)))
    assert y_hat.dtype == dX.dtype == np.float32
    assert all(p.dtype == np.float32 for p in m.params + m.grads)
    ref = MLP([3, 4, 2], activation=act, seed=0)
    np.testing.assert_allclose(y_hat, ref.forward(X), rtol=1e-5, atol=1e-6)


def test_seeds():
    a, b, c = MLP([3, 5, 2], seed=4), MLP([3, 5, 2], seed=4), MLP([3, 5, 2], seed=5)
    np.testing.assert_array_equal(a.params[0], b.params[0])
    assert not np.array_equal(a.params[0], c.params[0])


@pytest.mark.parametrize("sizes, err, msg", [
    ([3], ValueError, r"sizes: expected at least 2 layer sizes"),
    ("34", TypeError, "sizes: expected a list of layer sizes"),
    (5, TypeError, "sizes: expected a list of layer sizes"),
    ([3, 0, 1], ValueError, r"sizes\[1\]: expected an integer >= 1, got 0"),
    ([3, 2.5, 1], TypeError, r"sizes\[1\]: expected an integer >= 1, got 2.5"),
])
def test_bad_sizes(sizes, err, msg):
    with pytest.raises(err, match=msg):
        MLP(sizes)


def test_bad_names_and_dtype():
    with pytest.raises(ValueError, match="activation: unknown activation 'gelu'; expected one of identity, sigmoid, tanh, relu, leaky_relu"):
        MLP([2, 1], activation="gelu")
    with pytest.raises(ValueError, match="output_activation: unknown activation 'softmax'"):
        MLP([2, 1], output_activation="softmax")
    with pytest.raises(ValueError, match="init: unknown initializer 'uniform'; expected one of xavier, glorot, he, normal, zeros"):
        MLP([2, 1], init="uniform")
    with pytest.raises(ValueError, match="dtype: expected np.float32 or np.float64, got float16"):
        MLP([2, 1], dtype=np.float16)
    with pytest.raises(ValueError, match="seed: expected an integer >= 0"):
        MLP([2, 1], seed=-3)


def test_bad_inputs():
    m = MLP([3, 2], seed=0)
    with pytest.raises(RuntimeError, match="backward called before forward"):
        m.backward(np.ones((1, 2)))
    with pytest.raises(ValueError, match=r"X: expected 3 features \(columns\) for this model with sizes \[3, 2\], got shape \(4, 2\)"):
        m.forward(np.zeros((4, 2)))
    with pytest.raises(ValueError, match=r"X: expected a 2-D array, got shape \(3,\)"):
        m.predict(np.zeros(3))
    with pytest.raises(ValueError, match="X: expected a non-empty array"):
        m.forward(np.zeros((0, 3)))
    with pytest.raises(ValueError, match=r"X: expected finite numbers, found 2 NaN or inf"):
        m.forward(np.array([[1.0, np.inf, 0.0], [np.nan, 0.0, 0.0]]))
    with pytest.raises(TypeError, match="X: expected an array of real numbers, got dtype <U1"):
        m.forward(np.array([["a", "b", "c"]]))
    m.forward(np.zeros((4, 3)))
    with pytest.raises(ValueError, match=r"d_y_hat: expected shape \(4, 2\) \(the last forward's output\), got \(4, 1\)"):
        m.backward(np.ones((4, 1)))


@settings(max_examples=30, deadline=None)
@given(st.lists(st.integers(1, 6), min_size=2, max_size=5), st.integers(1, 8), st.integers(0, 1000),
       st.sampled_from(activations.names()))
def test_shapes_and_determinism(sizes, n, seed, act):
    m = MLP(sizes, activation=act, seed=seed)
    X = np.random.default_rng(seed).normal(size=(n, sizes[0]))
    y_hat = m.forward(X)
    assert y_hat.shape == (n, sizes[-1])
    assert m.backward(np.ones_like(y_hat)).shape == X.shape
    assert m.n_params == sum(p.size for p in m.params)
    np.testing.assert_array_equal(MLP(sizes, activation=act, seed=seed).forward(X), y_hat)


@pytest.mark.parametrize("act, out, loss", [("relu", "identity", "ce"), ("tanh", "sigmoid", "bce"),
                                            ("sigmoid", "identity", "mse"), ("leaky_relu", "identity", "mse")])
def test_against_torch(act, out, loss):
    torch = pytest.importorskip("torch")
    F = torch.nn.functional
    m = MLP([4, 6, 5, 3], activation=act, output_activation=out, seed=0)
    X = RNG.normal(size=(8, 4))
    tW = [torch.tensor(p.copy(), requires_grad=True) for p in m.params]
    tX = torch.tensor(X, requires_grad=True)
    tact = {"relu": torch.relu, "tanh": torch.tanh, "sigmoid": torch.sigmoid,
            "leaky_relu": F.leaky_relu, "identity": lambda t: t}
    a = tX
    for l in range(3):
        z = a @ tW[2 * l] + tW[2 * l + 1]
        a = tact[out if l == 2 else act](z)
    if loss == "ce":
        y = RNG.integers(0, 3, 8)
        tl = F.cross_entropy(a, torch.tensor(y))
        from dlcore.losses import CrossEntropy as L
    elif loss == "bce":
        y = RNG.uniform(0, 1, (8, 3))
        tl = F.binary_cross_entropy(a, torch.tensor(y))
        from dlcore.losses import BCE as L
    else:
        y = RNG.normal(size=(8, 3))
        tl = F.mse_loss(a, torch.tensor(y))
        from dlcore.losses import MSE as L
    tl.backward()
    y_hat = m.forward(X)
    value, d = L().value_and_grad(y_hat, y)
    dX = m.backward(d)
    assert value == pytest.approx(tl.item(), rel=1e-12)
    np.testing.assert_allclose(y_hat, a.detach().numpy(), rtol=1e-12, atol=1e-15)
    for g, t in zip(m.grads, tW):
        np.testing.assert_allclose(g, t.grad.numpy(), rtol=1e-10, atol=1e-14)
    np.testing.assert_allclose(dX, tX.grad.numpy(), rtol=1e-10, atol=1e-14)


def test_dense_layers_are_the_model_layers():
    m = MLP([2, 3, 1])
    assert all(isinstance(d, Dense) for d in m.dense) and len(m.layers) == 4


def test_forward_output_is_read_only_and_X_is_not_shared():
    m = MLP([2, 3, 1], activation="tanh", output_activation="sigmoid", seed=0)
    X = np.random.default_rng(0).normal(size=(5, 2))
    y_hat = m.forward(X)
    with pytest.raises(ValueError, match="read-only"):
        y_hat -= 1.0                      # would corrupt the next backward
    d = np.ones((5, 1))
    m.backward(d)
    expected = [g.copy() for g in m.grads]
    m.forward(X)
    X[:] = 5.0                            # the caller changes its own array after forward
    m.backward(d)
    for g, e in zip(m.grads, expected):
        np.testing.assert_array_equal(g, e)


def test_a_finite_value_too_large_for_float32_is_named():
    m = MLP([2, 1], dtype=np.float32)
    with pytest.raises(ValueError, match=r"X: 1e\+39 does not fit in float32"):
        m.forward(np.array([[1e39, 0.0]]))


def test_copy_owns_its_sizes():
    m = MLP([2, 3, 2])
    c = m.copy()
    c.sizes.append(99)
    assert m.sizes == [2, 3, 2]


def test_auto_init_follows_the_activation_the_weights_feed():
    assert MLP([2, 1], activation="relu", output_activation="sigmoid").init == "xavier"
    assert MLP([2, 1], activation="sigmoid", output_activation="relu").init == "he"
    assert MLP([2, 4, 1], activation="relu", output_activation="sigmoid").init == "he"
    assert MLP([2, 1], init=" He ").init == "he"
