"""dlcore.neuro: the leaky integrate-and-fire neuron (ms, mV, nA, MOhm, Hz)."""

from __future__ import annotations

import numpy as np
import pytest

from dlcore import neuro as N

RHEO = N.rheobase()  # 1.5 nA with the defaults


def test_rheobase_of_the_default_neuron():
    assert RHEO == pytest.approx(1.5)
    assert N.rheobase(v_rest=-70.0, v_threshold=-55.0, resistance=5.0) == pytest.approx(3.0)


def test_result_layout():
    r = N.simulate_lif(2.0, t_max=50.0)
    assert r.time.shape == r.v.shape == (501,)
    assert r.current.shape == (500,)
    np.testing.assert_allclose(r.time[[0, -1]], [0.0, 50.0])
    assert r.v[0] == -65.0
    assert r.t_max == pytest.approx(50.0)
    assert r.rate == pytest.approx(1000.0 * r.n_spikes / 50.0)
    assert r.params["tau"] == 10.0 and r.params["dt"] == 0.1


@pytest.mark.parametrize("current", [0.0, 0.5, 1.0, 0.99 * RHEO, RHEO])
def test_no_spikes_at_or_below_rheobase(current):
    r = N.simulate_lif(current, t_max=500.0)
    assert r.n_spikes == 0
    assert np.all(r.v < -50.0)
    assert N.firing_rate(current) == 0.0
    assert N.lif_rate(current) == 0.0


def test_just_above_rheobase_it_fires():
    assert N.simulate_lif(1.05 * RHEO, t_max=500.0).n_spikes > 0


def test_subthreshold_membrane_relaxes_exactly_like_the_rc_circuit():
    """Below threshold v(t) = v_inf + (v_rest - v_inf) exp(-t / tau), v_inf = v_rest + R I."""
    r = N.simulate_lif(1.0, t_max=60.0)
    v_inf = -65.0 + 10.0 * 1.0
    np.testing.assert_allclose(r.v, v_inf + (-65.0 - v_inf) * np.exp(-r.time / 10.0), atol=1e-10)


def test_first_spike_time_and_interval_match_the_formula():
    I = 2.0
    r = N.simulate_lif(I, t_max=200.0)
    T = 10.0 * np.log((-45.0 - -65.0) / (-45.0 - -50.0))  # 13.86 ms from reset to threshold
    # spikes fall on the time grid, at most one step late
    assert T <= r.spike_times[0] <= T + 0.1 + 1e-9
    isi = np.diff(r.spike_times)
    assert np.all(isi >= 2.0 + T - 1e-9) and np.all(isi <= 2.0 + T + 0.1 + 1e-9)


def test_simulated_rate_matches_the_analytic_formula():
    currents = np.array([1.6, 2.0, 3.0, 5.0, 10.0, 30.0])
    t_max = 2000.0
    simulated = N.firing_rate(currents, t_max=t_max)
    exact = N.lif_rate(currents)
    # whole spikes in the window (1000 / t_max Hz) plus the grid rounding of each interval (<= dt)
    tolerance = 1000.0 / t_max + exact * 0.1 / (1000.0 / exact) + 1e-9
    assert np.all(np.abs(simulated - exact) <= tolerance), (simulated, exact, tolerance)
    assert np.all(np.abs(simulated - exact) <= 0.05 * exact)


def test_a_finer_time_step_gets_closer_to_the_formula():
    exact = N.lif_rate(10.0)

    def isi_rate(dt):
        spikes = N.simulate_lif(10.0, t_max=200.0, dt=dt).spike_times
        return 1000.0 / np.mean(np.diff(spikes))

    coarse, fine = isi_rate(0.5), isi_rate(0.01)
    assert abs(fine - exact) < 0.2 * abs(coarse - exact)
    assert abs(fine - exact) < 0.005 * exact


def test_firing_rate_is_vectorised_and_monotone():
    I = np.linspace(0.0, 10.0, 41)
    rates = N.firing_rate(I, t_max=500.0)
    assert rates.shape == I.shape
    assert np.all(np.diff(rates) >= 0)
    np.testing.assert_array_equal(rates[I <= RHEO], 0.0)
    grid = N.firing_rate(I.reshape(41, 1), t_max=500.0)
    assert grid.shape == (41, 1)
    np.testing.assert_array_equal(grid[:, 0], rates)
    assert isinstance(N.firing_rate(3.0, t_max=200.0), float)
    # each neuron in the batch behaves exactly as if simulated alone
    assert rates[20] == N.simulate_lif(float(I[20]), t_max=500.0).rate


def test_rate_saturates_at_one_over_the_refractory_period():
    assert N.lif_rate(1e6) == pytest.approx(500.0, rel=1e-3)
    assert N.lif_rate(1e6, t_ref=0.0) > 1e4
    assert N.firing_rate(1e4, t_max=200.0) == pytest.approx(1000.0 / 2.1, rel=0.01)


def test_analytic_rate_is_vectorised():
    I = np.array([[0.0, 2.0], [3.0, 40.0]])
    r = N.lif_rate(I)
    assert r.shape == (2, 2)
    assert r[0, 0] == 0.0 and r[0, 1] == pytest.approx(1000.0 / (2.0 + 10.0 * np.log(4.0)))


def test_spike_times_are_reproducible():
    t = np.arange(3000) * 0.1
    I = 2.0 + np.sin(t / 7.0)
    a = N.simulate_lif(I)
    b = N.simulate_lif(I)
    np.testing.assert_array_equal(a.spike_times, b.spike_times)
    np.testing.assert_array_equal(a.v, b.v)
    assert a.n_spikes > 5


def test_time_varying_current_step():
    I = np.concatenate([np.zeros(500), np.full(500, 3.0)])  # off for 50 ms, then 3 nA
    r = N.simulate_lif(I, dt=0.1)
    assert r.t_max == pytest.approx(100.0)
    assert r.n_spikes > 0 and r.spike_times[0] > 50.0
    np.testing.assert_allclose(r.v[:501], -65.0)


def test_potential_is_reset_and_held_during_the_refractory_period():
    r = N.simulate_lif(5.0, t_max=100.0, t_ref=3.0)
    assert np.all(r.v < -50.0)  # the threshold is never shown: v is reset in the same step
    k = int(round(r.spike_times[0] / 0.1))
    np.testing.assert_array_equal(r.v[k:k + 31], -65.0)  # the spike step + 30 steps (3 ms)
    assert r.v[k + 31] > -65.0


def test_v0_and_a_reset_below_rest():
    r = N.simulate_lif(0.0, t_max=10.0, v0=-55.0)
    assert r.v[0] == -55.0 and r.v[-1] < -55.0
    slow = N.lif_rate(3.0, v_reset=-75.0)
    assert 0 < slow < N.lif_rate(3.0)


@pytest.mark.parametrize(
    "kwargs, exc, words",
    [
        (dict(current=2.0, tau=0.0), ValueError, ["tau", "positive"]),
        (dict(current=2.0, tau=-1.0), ValueError, ["tau"]),
        (dict(current=2.0, dt=0.0), ValueError, ["dt", "positive"]),
        (dict(current=2.0, dt=20.0), ValueError, ["dt", "tau=10.0"]),
        (dict(current=2.0, v_reset=-40.0), ValueError, ["v_reset", "v_threshold=-50.0"]),
        (dict(current=2.0, t_ref=-1.0), ValueError, ["t_ref", ">= 0"]),
        (dict(current=2.0, resistance=0.0), ValueError, ["resistance"]),
        (dict(current=2.0, t_max=0.0), ValueError, ["t_max"]),
        (dict(current=2.0, t_max=10.05), ValueError, ["t_max", "multiple of dt"]),
        (dict(current=float("nan")), ValueError, ["current", "finite"]),
        (dict(current=np.array([1.0, np.inf])), ValueError, ["current", "finite"]),
        (dict(current=np.zeros((3, 3))), ValueError, ["current", "1-D"]),
        (dict(current=np.zeros(0)), ValueError, ["current", "non-empty"]),
        (dict(current=np.zeros(100), t_max=20.0), ValueError, ["current", "200 values", "got 100"]),
        (dict(current="2 nA"), TypeError, ["current"]),
        (dict(current=2.0, v_rest="rest"), TypeError, ["v_rest"]),
        (dict(current=2.0, v0=float("nan")), ValueError, ["v0"]),
        (dict(current=2.0, t_ref=0.25), ValueError, ["t_ref", "dt=0.1"]),  # off the time grid
    ],
)
def test_bad_arguments_are_named(kwargs, exc, words):
    with pytest.raises(exc) as info:
        N.simulate_lif(**kwargs)
    for word in words:
        assert word in str(info.value), f"{word!r} not in {info.value}"


def test_rate_functions_reject_bad_input():
    with pytest.raises(ValueError, match="current"):
        N.firing_rate([1.0, np.nan])
    with pytest.raises(ValueError, match="t_max"):
        N.firing_rate(2.0, t_max=-5.0)
    with pytest.raises(ValueError, match="tau"):
        N.lif_rate(2.0, tau=0.0)
    with pytest.raises(ValueError, match="v_reset"):
        N.lif_rate(2.0, v_reset=-50.0)
    with pytest.raises(TypeError, match="v_threshold"):
        N.rheobase(v_threshold="high")
    with pytest.raises(ValueError, match="resistance"):
        N.rheobase(resistance=0.0)
