"""dl.perceptron, dl.hebb and dl.spikes: the compute halves of part 1's lessons and widgets."""

from __future__ import annotations

import numpy as np
import pytest

import dlcore as dl


# ----------------------------------------------------------------------------- perceptron

def test_logic_gates_truth_tables():
    X, y = dl.perceptron.logic_gate("AND")
    assert X.shape == (4, 2) and y.dtype == np.intp
    assert y.tolist() == [0, 0, 0, 1]
    assert dl.perceptron.logic_gate("xor")[1].tolist() == [0, 1, 1, 0]
    with pytest.raises(ValueError, match="^name:"):
        dl.perceptron.logic_gate("nor")


def test_neuron_output_is_f_of_w_dot_x_plus_b():
    X = np.array([[0.0, 0.0], [1.0, 2.0], [-1.0, 0.5]])
    w, b = np.array([0.5, -1.0]), 0.25
    z = X @ w + b
    assert np.array_equal(dl.perceptron.neuron_output(X, w, b), (z >= 0).astype(float))
    np.testing.assert_allclose(dl.perceptron.neuron_output(X, w, b, "sigmoid"), 1 / (1 + np.exp(-z)))
    np.testing.assert_allclose(dl.perceptron.neuron_output(X, w, b, "relu"), np.maximum(z, 0))
    np.testing.assert_allclose(dl.perceptron.neuron_output(X, w, b, "tanh"), np.tanh(z))


def test_neuron_grid_rows_follow_x2():
    x1, x2, a = dl.perceptron.neuron_grid([1.0, 0.0], -0.5, "identity", extent=(0, 1, 0, 2), n=3)
    assert a.shape == (3, 3)
    np.testing.assert_allclose(a[0], x1 - 0.5)          # varies along a row with x1
    np.testing.assert_allclose(a[:, 0], a[0, 0])        # constant down a column
    np.testing.assert_allclose(x2, [0, 1, 2])


@pytest.mark.parametrize("call, exc, arg", [
    (lambda: dl.perceptron.neuron_output([[1.0, 2.0]], [1.0], 0.0), ValueError, "X"),
    (lambda: dl.perceptron.neuron_output([[1.0]], [1.0], "b"), TypeError, "b"),
    (lambda: dl.perceptron.neuron_output([[1.0]], [1.0], 0.0, "softmax"), ValueError, "activation"),
    (lambda: dl.perceptron.neuron_grid([1.0, 2.0, 3.0], 0.0), ValueError, "w"),
    (lambda: dl.perceptron.neuron_grid([1.0, 2.0], 0.0, extent=(1, 0, 0, 1)), ValueError, "extent"),
    (lambda: dl.perceptron.train_perceptron(np.zeros((4, 2)), np.array([0, 1, 2, 0])), ValueError, "y"),
    (lambda: dl.perceptron.train_perceptron(np.zeros((4, 2)), np.zeros(3, int)), ValueError, "X and y"),
    (lambda: dl.perceptron.train_perceptron(np.zeros((4, 2)), np.zeros(4, int), lr=0), ValueError, "lr"),
])
def test_bad_input(call, exc, arg):
    with pytest.raises(exc, match=f"^{arg}:"):
        call()


@pytest.mark.parametrize("gate", ["and", "or", "nand"])
def test_perceptron_learns_the_separable_gates(gate):
    X, y = dl.perceptron.logic_gate(gate)
    r = dl.perceptron.train_perceptron(X, y, seed=1)
    assert r.converged and r.mistakes[-1] == 0
    assert np.array_equal(dl.perceptron.neuron_output(X, r.w, r.b).astype(int), y)


def test_perceptron_never_settles_on_xor():
    X, y = dl.perceptron.logic_gate("xor")
    r = dl.perceptron.train_perceptron(X, y, epochs=200)
    assert not r.converged and r.epochs == 200 and r.mistakes.min() >= 1


def test_perceptron_is_deterministic_for_a_seed():
    X, y = dl.perceptron.logic_gate("and")
    a, b = dl.perceptron.train_perceptron(X, y, seed=3), dl.perceptron.train_perceptron(X, y, seed=3)
    assert np.array_equal(a.w, b.w) and a.b == b.b


# ----------------------------------------------------------------------------- Hebb

def test_hebb_weights_are_the_sum_of_outer_products():
    rng = np.random.default_rng(0)
    X, Y = rng.normal(size=(5, 4)), rng.normal(size=(5, 3))
    W = dl.hebb.hebb_weights(X, Y, lr=0.5)
    np.testing.assert_allclose(W, 0.5 * sum(np.outer(x, y) for x, y in zip(X, Y)))


def test_hebb_recalls_orthonormal_keys_exactly_and_correlated_keys_with_crosstalk():
    keys = np.eye(4)[:3]
    values = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    np.testing.assert_allclose(dl.hebb.recall(dl.hebb.hebb_weights(keys, values), keys), values)
    correlated = keys + 0.5 * np.ones((3, 4))
    correlated /= np.linalg.norm(correlated, axis=1, keepdims=True)
    err_hebb = np.abs(dl.hebb.recall(dl.hebb.hebb_weights(correlated, values), correlated) - values).max()
    W, losses = dl.hebb.delta_rule_weights(correlated, values, lr=1.0, epochs=2000)
    err_delta = np.abs(dl.hebb.recall(W, correlated) - values).max()
    assert err_hebb > 0.3 and err_delta < 1e-3
    assert losses[-1] < losses[0]


def test_hebb_neuron_learns_bipolar_and_but_not_binary_and_or_xor():
    X, y = dl.perceptron.logic_gate("and")
    t = 2 * y - 1
    w, b = dl.hebb.hebb_neuron(2 * X - 1, t)
    assert np.array_equal(np.sign((2 * X - 1) @ w + b), t)
    w, b = dl.hebb.hebb_neuron(X, t)
    assert not np.array_equal(np.sign(X @ w + b), t)
    Xx, yx = dl.perceptron.logic_gate("xor")
    w, b = dl.hebb.hebb_neuron(2 * Xx - 1, 2 * yx - 1)
    assert np.all(w == 0) and b == 0


def test_hebb_bad_input():
    with pytest.raises(ValueError, match="^t:"):
        dl.hebb.hebb_neuron(np.zeros((2, 2)), np.array([0.0, 1.0]))
    with pytest.raises(ValueError, match="^X and Y:"):
        dl.hebb.hebb_weights(np.zeros((2, 2)), np.zeros((3, 2)))
    with pytest.raises(ValueError, match="^X:"):
        dl.hebb.recall(np.zeros((3, 2)), np.zeros((2, 2)))


# ----------------------------------------------------------------------------- spikes

def test_membrane_trace_lif_matches_simulate_lif():
    tr = dl.spikes.membrane_trace("lif", 3.0, tau=12.0, v_threshold=-52.0)
    ref = dl.neuro.simulate_lif(3.0, tau=12.0, v_threshold=-52.0, t_max=100.0)
    np.testing.assert_allclose(tr.v, ref.v)
    np.testing.assert_allclose(tr.spike_times, ref.spike_times)
    assert tr.rate == pytest.approx(ref.rate)


def test_precomputed_hh_traces_equal_direct_simulation():
    assert dl.spikes.precompute_hh([7.0, 8.0], t_max=40.0) == 2
    assert dl.spikes.precompute_hh([7.0], t_max=40.0) == 0
    cached = dl.spikes.membrane_trace("hh", 8.0, t_max=40.0)
    direct = dl.neuro.simulate_hh(8.0, dt=dl.spikes.HH_WIDGET_DT, t_max=40.0)
    np.testing.assert_allclose(cached.v, direct.v, atol=1e-9)
    np.testing.assert_allclose(cached.spike_times, direct.spike_times, atol=1e-9)
    assert not cached.v.flags.writeable


def test_fits_recover_their_own_shapes():
    I = np.linspace(0, 10, 101)
    relu = 4.0 * np.maximum(0, I - 3.05)
    theta, k, fit = dl.spikes.fit_relu(I, relu)
    assert theta == pytest.approx(3.05, abs=0.06) and k == pytest.approx(4.0, rel=0.03)
    sig = 80.0 / (1 + np.exp(-(I - 5.0) / 0.8))
    c, s, r_max, fit = dl.spikes.fit_sigmoid(I, sig)
    assert c == pytest.approx(5.0, abs=0.3) and r_max == pytest.approx(80.0, rel=0.05)
    assert np.abs(fit - sig).max() < 4.0


def test_lif_curve_is_closer_to_relu_near_threshold():
    I = np.linspace(0, 4, 81)
    rates = dl.spikes.lif_fi(I)
    theta, _, _ = dl.spikes.fit_relu(I, rates)
    assert theta == pytest.approx(dl.neuro.rheobase(), abs=0.05)


@pytest.mark.parametrize("call, exc, arg", [
    (lambda: dl.spikes.membrane_trace("izhikevich", 1.0), ValueError, "model"),
    (lambda: dl.spikes.membrane_trace("lif", "1"), TypeError, "current"),
    (lambda: dl.spikes.membrane_trace("lif", float("nan")), ValueError, "current"),
    (lambda: dl.spikes.fit_relu([0, 1, 2], [0, 0, 0]), ValueError, "rates"),
    (lambda: dl.spikes.fit_relu([0, 1], [0, 1]), ValueError, "currents"),
    (lambda: dl.spikes.fit_relu([0, 2, 1], [0, 1, 2]), ValueError, "currents"),
    (lambda: dl.spikes.fit_sigmoid([0, 1, 2], [0, 1]), ValueError, "currents and rates"),
])
def test_spikes_bad_input(call, exc, arg):
    with pytest.raises(exc, match=f"^{arg}:"):
        call()
