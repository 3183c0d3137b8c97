"""dl.neuro's Hodgkin-Huxley neuron against known results for the 1952 squid-axon parameters."""

from __future__ import annotations

import numpy as np
import pytest

import dlcore as dl
from dlcore import hodgkin_huxley as hh


@pytest.fixture(scope="module")
def spiking():
    """10 uA/cm^2 for 50 ms: a regular spike train."""
    return dl.neuro.simulate_hh(10.0, t_max=50.0, dt=0.01)


def test_reexported_from_neuro():
    assert dl.neuro.simulate_hh is hh.simulate_hh
    assert {"simulate_hh", "hh_firing_rate", "hh_rheobase", "HH_PARAMS"} <= set(dl.neuro.__all__)
    assert {"simulate_lif", "firing_rate"} <= set(dl.neuro.__all__)


def test_resting_potential_is_near_minus_65_mV_and_stays_there():
    r = dl.neuro.simulate_hh(0.0, t_max=50.0)
    assert -66.0 < r.v[0] < -64.0
    assert np.ptp(r.v) < 1e-6           # at rest nothing moves
    assert r.n_spikes == 0
    # the net ionic current vanishes there
    assert abs(r.i_na[0] + r.i_k[0] + r.i_l[0]) < 1e-6


def test_gates_at_rest_have_the_textbook_values():
    s = dl.neuro.hh_steady_state(-65.0)
    assert s["m_inf"] == pytest.approx(0.053, abs=0.002)
    assert s["h_inf"] == pytest.approx(0.596, abs=0.002)
    assert s["n_inf"] == pytest.approx(0.318, abs=0.002)


def test_rates_are_continuous_at_their_removable_singularities():
    r_at = dl.neuro.hh_rates(np.array([-40.0, -55.0]))
    r_near = dl.neuro.hh_rates(np.array([-40.0 + 1e-6, -55.0 + 1e-6]))
    assert r_at["alpha_m"][0] == pytest.approx(1.0, rel=1e-6)      # 0.1 * 10
    assert r_at["alpha_n"][1] == pytest.approx(0.1, rel=1e-6)      # 0.01 * 10
    assert r_at["alpha_m"][0] == pytest.approx(r_near["alpha_m"][0], rel=1e-5)
    assert np.all(np.isfinite(r_at["alpha_n"]))


def test_spike_peak_is_near_plus_40_mV(spiking):
    assert spiking.n_spikes >= 3
    assert 30.0 < spiking.v.max() < 50.0
    assert spiking.v.min() > -80.0         # undershoot stays above E_K = -77 mV
    assert spiking.v.min() < -70.0         # ... but goes below rest


def test_sodium_flows_in_then_potassium_out_during_a_spike(spiking):
    first = spiking.spike_times[0]
    rising = np.argmin(np.abs(spiking.time - first))
    assert spiking.i_na[rising] < -50.0        # inward (negative) sodium current at the upstroke
    k_peak = spiking.time[np.argmax(spiking.i_k[: rising + 300])]
    na_peak = spiking.time[np.argmin(spiking.i_na[: rising + 300])]
    assert k_peak > na_peak                     # potassium peaks later: it repolarises


def test_weak_current_gives_no_spike_strong_gives_spikes():
    assert dl.neuro.simulate_hh(1.0, t_max=50.0, dt=0.05).n_spikes == 0
    assert dl.neuro.simulate_hh(15.0, t_max=50.0, dt=0.05).n_spikes >= 3


def test_rk4_converges_as_the_step_shrinks():
    """The potential on a common time grid at dt, dt/2, dt/4 against a fine reference:
    each halving divides the error by about 2^4 = 16 (RK4 is fourth order)."""
    ref = dl.neuro.simulate_hh(10.0, t_max=40.0, dt=0.0025)
    errors = []
    for dt in (0.04, 0.02, 0.01):
        r = dl.neuro.simulate_hh(10.0, t_max=40.0, dt=dt)
        every, every_ref = int(round(0.04 / dt)), int(round(0.04 / 0.0025))
        errors.append(np.max(np.abs(r.v[::every] - ref.v[::every_ref])))
        assert r.n_spikes == ref.n_spikes
        # spike times (interpolated crossings) are within a hundredth of a ms already
        assert np.max(np.abs(r.spike_times - ref.spike_times)) < 0.01
    assert errors[0] < 0.5                                   # mV, through three spikes
    assert errors[1] < errors[0] / 8 and errors[2] < errors[1] / 8


def test_the_array_path_matches_the_float_path():
    currents = np.array([0.0, 5.0, 10.0])
    time, v = dl.neuro.hh_traces(currents, t_max=30.0, dt=0.05)
    for j, I in enumerate(currents):
        one = dl.neuro.simulate_hh(float(I), t_max=30.0, dt=0.05)
        np.testing.assert_allclose(v[j], one.v, atol=1e-9)
    np.testing.assert_allclose(time, one.time)


def test_firing_rate_is_zero_below_the_rheobase_and_rises_with_current():
    currents = np.array([2.0, 5.0, 8.0, 15.0, 30.0, 60.0])
    rates = dl.neuro.hh_firing_rate(currents, t_max=300.0, dt=0.05)
    assert rates.shape == currents.shape
    assert rates[0] == 0 and rates[1] == 0          # one onset spike at most, then silence
    assert np.all(np.diff(rates[2:]) > 0)
    assert 40.0 < rates[2] < 80.0                     # type II: it starts at a high rate
    assert rates[-1] > 100.0


def test_rheobase_is_in_the_known_range():
    """Repetitive firing of the standard model starts near 6.2 uA/cm^2 (Gerstner et al. 2014, ch. 2)."""
    I_rh = dl.neuro.hh_rheobase(t_max=200.0, dt=0.05, tol=0.1)
    assert 5.5 < I_rh < 7.0
    below, above = dl.neuro.hh_firing_rate([I_rh - 0.15, I_rh + 0.1], t_max=200.0, dt=0.05)
    assert below == 0 and above > 30


def test_a_larger_capacitance_slows_the_membrane():
    fast = dl.neuro.simulate_hh(10.0, t_max=40.0, dt=0.05)
    slow = dl.neuro.simulate_hh(10.0, t_max=40.0, dt=0.05, c_m=2.0)
    assert slow.spike_times[0] > fast.spike_times[0]


def test_array_current_and_result_fields():
    I = np.zeros(1000)
    I[200:300] = 20.0
    r = dl.neuro.simulate_hh(I, dt=0.05)
    assert r.time.shape == r.v.shape == r.m.shape == (1001,)
    assert r.current.shape == (1000,)
    assert r.t_max == pytest.approx(50.0)
    assert r.n_spikes >= 1 and np.all((r.spike_times > 10.0) & (r.spike_times < 20.0))
    assert r.rate == pytest.approx(1000.0 * r.n_spikes / 50.0)
    assert r.params["g_na"] == 120.0


def test_fi_curve_is_remembered_and_read_only():
    a = dl.neuro.hh_fi_curve([0.0, 10.0], t_max=200.0)
    b = dl.neuro.hh_fi_curve([0.0, 10.0], t_max=200.0)
    assert a is b
    assert not a.flags.writeable


@pytest.mark.parametrize("kwargs, exc, arg", [
    (dict(current=np.nan), ValueError, "current"),
    (dict(current="x"), TypeError, "current"),
    (dict(current=np.ones((3, 2))), ValueError, "current"),
    (dict(current=1.0, dt=0.0), ValueError, "dt"),
    (dict(current=1.0, dt=0.5), ValueError, "dt"),
    (dict(current=1.0, t_max=-1.0), ValueError, "t_max"),
    (dict(current=1.0, t_max=10.005, dt=0.01), ValueError, "t_max"),
    (dict(current=np.ones(10), t_max=5.0, dt=0.1), ValueError, "current"),
    (dict(current=1.0, g_na=-1.0), ValueError, "g_na"),
    (dict(current=1.0, c_m=0.0), ValueError, "c_m"),
    (dict(current=1.0, e_k=True), TypeError, "e_k"),
    (dict(current=1.0, g_ca=1.0), TypeError, "g_ca"),
    (dict(current=1.0, v0=float("inf")), ValueError, "v0"),
])
def test_bad_input_names_the_argument(kwargs, exc, arg):
    with pytest.raises(exc, match=f"^{arg}:"):
        dl.neuro.simulate_hh(**kwargs)


def test_bad_firing_rate_arguments():
    with pytest.raises(ValueError, match="^t_skip:"):
        dl.neuro.hh_firing_rate(10.0, t_max=100.0, t_skip=100.0)
    with pytest.raises(TypeError, match="^current:"):
        dl.neuro.hh_firing_rate([["a"]])
    with pytest.raises(ValueError, match="^high:"):
        dl.neuro.hh_rheobase(high=1.0, t_max=150.0, dt=0.05)
