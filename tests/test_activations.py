"""Activation functions: values, derivatives, numerical safety, dtypes, bad names."""

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from dlcore import activations

NAMES = ["identity", "sigmoid", "tanh", "relu", "leaky_relu"]
Z = np.array([-3.0, -1.0, -0.25, 0.5, 2.0])

REFERENCE = {
    "identity": lambda z: z,
    "sigmoid": lambda z: 1 / (1 + np.exp(-z)),
    "tanh": lambda z: (np.exp(z) - np.exp(-z)) / (np.exp(z) + np.exp(-z)),
    "relu": lambda z: np.where(z > 0, z, 0.0),
    "leaky_relu": lambda z: np.where(z > 0, z, 0.01 * z),
}


def test_names_are_the_agreed_five():
    assert activations.names() == NAMES


@pytest.mark.parametrize("name", NAMES)
def test_forward_matches_the_formula(name):
    f = activations.get(name)
    assert f.name == name
    np.testing.assert_allclose(f.forward(Z), REFERENCE[name](Z), rtol=1e-14, atol=0)


@pytest.mark.parametrize("name", NAMES)
def test_derivative_matches_central_differences(name):
    f = activations.get(name)
    h = 1e-6
    numeric = (f.forward(Z + h) - f.forward(Z - h)) / (2 * h)
    np.testing.assert_allclose(f.derivative(Z), numeric, rtol=1e-7, atol=1e-9)


@pytest.mark.parametrize("name", NAMES)
def test_backward_is_delta_times_derivative_and_leaves_inputs_alone(name):
    f = activations.get(name)
    rng = np.random.default_rng(1)
    z = rng.normal(size=(4, 3))
    delta = rng.normal(size=(4, 3))
    z0, delta0 = z.copy(), delta.copy()
    a = f.forward(z)
    dz = f.backward(delta, z, a)
    np.testing.assert_allclose(dz, delta * f.derivative(z), rtol=1e-14)
    assert dz is not delta
    np.testing.assert_array_equal(delta, delta0)
    np.testing.assert_array_equal(z, z0)


def test_known_values():
    assert activations.sigmoid.forward(0.0) == 0.5
    assert activations.sigmoid.derivative(0.0) == 0.25
    assert activations.tanh.derivative(0.0) == 1.0
    np.testing.assert_allclose(activations.sigmoid.forward(np.log(3.0)), 0.75)


def test_relu_derivative_at_zero_is_zero_and_leaky_is_slope():
    z = np.array([-1.0, 0.0, 1.0])
    np.testing.assert_array_equal(activations.relu.derivative(z), [0.0, 0.0, 1.0])
    np.testing.assert_array_equal(activations.leaky_relu.derivative(z), [0.01, 0.01, 1.0])
    delta = np.ones(3)
    np.testing.assert_array_equal(activations.relu.backward(delta, z, activations.relu.forward(z)), [0, 0, 1])


def test_leaky_relu_slope_is_configurable_and_checked():
    f = activations.LeakyReLU(slope=0.2)
    np.testing.assert_allclose(f.forward(np.array([-2.0, 3.0])), [-0.4, 3.0])
    with pytest.raises(ValueError, match="slope"):
        activations.LeakyReLU(slope=-0.1)


def test_sigmoid_is_stable_at_extremes_without_warnings():
    z = np.array([-1000.0, -50.0, 0.0, 50.0, 1000.0])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        s = activations.sigmoid.forward(z)
        d = activations.sigmoid.derivative(z)
        s32 = activations.sigmoid.forward(z.astype(np.float32))
    assert s[0] == 0.0 and s[-1] == 1.0 and s[2] == 0.5
    assert np.all(np.isfinite(d)) and d[0] == 0.0 and d[-1] == 0.0
    assert s32.dtype == np.float32 and s32[0] == 0.0 and s32[-1] == 1.0
    # the tail keeps relative precision (1 - 1/(1+e^-z) would round to 0)
    np.testing.assert_allclose(activations.sigmoid.forward(-50.0), np.exp(-50.0), rtol=1e-12)


def test_softmax_is_stable_and_shift_invariant():
    z = np.array([[1000.0, 1000.0, -1000.0], [1.0, 2.0, 3.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        p = activations.softmax(z)
        lp = activations.log_softmax(z)
    np.testing.assert_allclose(p[0], [0.5, 0.5, 0.0])
    np.testing.assert_allclose(p[1], activations.softmax(z[1] + 123.0))
    assert np.all(np.isfinite(lp[0, :2])) and lp[0, 2] == pytest.approx(-2000 - np.log(2))
    np.testing.assert_allclose(np.exp(lp), p, atol=1e-15)


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_dtype_is_preserved(name, dtype):
    f = activations.get(name)
    z = np.linspace(-2, 2, 7).astype(dtype)
    a = f.forward(z)
    assert a.dtype == dtype
    assert f.derivative(z).dtype == dtype
    assert f.backward(np.ones_like(z), z, a).dtype == dtype
    assert activations.softmax(z.reshape(1, -1)).dtype == dtype


def test_integers_become_float64():
    assert activations.relu.forward(np.array([1, -2])).dtype == np.float64


def test_get_rejects_unknown_and_non_string_names():
    with pytest.raises(ValueError, match="unknown activation 'swish'.*identity, sigmoid, tanh, relu, leaky_relu"):
        activations.get("swish")
    with pytest.raises(TypeError, match="activation name"):
        activations.get(3)
    f = activations.get("relu")
    assert activations.get(f) is f
    assert activations.get(" ReLU ").name == "relu"


@settings(max_examples=50, deadline=None)
@given(arrays(np.float64, st.tuples(st.integers(1, 6), st.integers(1, 6)),
              elements=st.floats(-1e6, 1e6, allow_nan=False)))
def test_softmax_rows_are_probabilities(z):
    p = activations.softmax(z)
    assert p.shape == z.shape
    assert np.all(p >= 0) and np.all(p <= 1)
    np.testing.assert_allclose(p.sum(axis=-1), 1.0, rtol=1e-12)


@settings(max_examples=50, deadline=None)
@given(arrays(np.float64, st.integers(1, 20), elements=st.floats(-1e4, 1e4, allow_nan=False)),
       st.sampled_from(NAMES))
def test_elementwise_shapes_and_ranges(z, name):
    f = activations.get(name)
    a, d = f.forward(z), f.derivative(z)
    assert a.shape == z.shape == d.shape
    if name == "sigmoid":
        assert np.all((a >= 0) & (a <= 1)) and np.all((d >= 0) & (d <= 0.25))
    if name == "tanh":
        assert np.all(np.abs(a) <= 1) and np.all((d >= 0) & (d <= 1))
    if name == "relu":
        assert np.all(a >= 0) and set(np.unique(d)) <= {0.0, 1.0}


def test_against_torch():
    torch = pytest.importorskip("torch")
    z = np.random.default_rng(0).normal(size=(5, 4)) * 3
    zt = torch.tensor(z, requires_grad=True)
    pairs = {
        "sigmoid": torch.sigmoid, "tanh": torch.tanh, "relu": torch.relu,
        "leaky_relu": torch.nn.functional.leaky_relu, "identity": lambda t: t * 1,
    }
    for name, tf in pairs.items():
        zt.grad = None
        out = tf(zt)
        out.sum().backward()
        f = activations.get(name)
        np.testing.assert_allclose(f.forward(z), out.detach().numpy(), rtol=1e-12, atol=1e-15)
        np.testing.assert_allclose(f.derivative(z), zt.grad.numpy(), rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(activations.softmax(z), torch.softmax(torch.tensor(z), -1).numpy(), rtol=1e-12)


@pytest.mark.parametrize("bad", [None, "abc", np.array(["a"]), object()])
def test_activations_reject_what_is_not_numbers(bad):
    for name in activations.names():
        with pytest.raises(TypeError, match="z: expected an array of real numbers"):
            activations.get(name).forward(bad)


@pytest.mark.parametrize("z, msg", [
    (np.array([np.inf, 0.0]), "^z: expected finite"),
    (np.array([np.nan, 0.0]), "^z: expected finite"),
    (np.zeros((2, 0)), "at least one score"),
    (np.float64(1.0), "scalar"),
])
def test_softmax_rejects_scores_without_probabilities(z, msg):
    for fn in (activations.softmax, activations.log_softmax):
        with pytest.raises(ValueError, match=msg):
            fn(z)


# -- no silent broadcasting; softmax names its axis -----------------------------------------
RNG = np.random.default_rng(7)
@pytest.mark.parametrize("name", ["identity", "sigmoid", "tanh", "relu", "leaky_relu"])
def test_backward_never_broadcasts(name):
    f = activations.get(name)
    z = RNG.normal(size=(3, 4))
    a = f.forward(z)
    with pytest.raises(ValueError, match="^d_a and z: "):
        f.backward(np.ones((3, 1)), z, a)    # would broadcast to (3, 4)
    with pytest.raises(ValueError, match="^d_a and z: "):
        f.backward(np.ones(4), z, a)
    with pytest.raises(ValueError, match="^a and z: "):
        f.backward(np.ones((3, 4)), z, a[:1])
    np.testing.assert_allclose(f.backward(np.ones((3, 4)), z, a), f.derivative(z), rtol=1e-12)


@pytest.mark.parametrize("fn", [activations.softmax, activations.log_softmax])
def test_softmax_axis_errors_name_axis(fn):
    z = RNG.normal(size=(3, 4))
    for bad in (2, -3):
        with pytest.raises(ValueError, match="^axis: "):
            fn(z, axis=bad)
    for bad in (1.0, "rows", None):
        with pytest.raises(TypeError, match="^axis: "):
            fn(z, axis=bad)
    np.testing.assert_allclose(fn(z, axis=0), fn(z.T, axis=1).T)


def test_get_takes_options_like_every_get():
    f = activations.get("leaky_relu", slope=0.2)
    assert f.slope == 0.2 and repr(f) == "activations.get('leaky_relu', slope=0.2)"
    with pytest.raises(ValueError, match="^slope: "):
        f.slope = 2.0
    with pytest.raises(TypeError):
        activations.get("relu", slope=0.2)
