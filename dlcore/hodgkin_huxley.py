"""The Hodgkin-Huxley neuron: where the spike itself comes from (chapter 1.1).

Hodgkin and Huxley (1952) measured the sodium and potassium currents of the
squid giant axon and wrote the membrane as a capacitor in parallel with three
conductances:

    C dv/dt = I - g_Na m^3 h (v - E_Na) - g_K n^4 (v - E_K) - g_L (v - E_L)

and each gate x in {m, h, n} opens and closes with voltage-dependent rates:

    dx/dt = alpha_x(v) (1 - x) - beta_x(v) x

The parameters are those of the 1952 paper, written with the modern sign
convention and the resting potential shifted to -65 mV (as in Gerstner et al.,
*Neuronal Dynamics*, 2014, table 2.1, and Dayan & Abbott, 2001): C = 1 uF/cm^2,
g_Na = 120, g_K = 36, g_L = 0.3 mS/cm^2, E_Na = 50, E_K = -77, E_L = -54.387 mV.

Units, everywhere in this module (those of the paper, per unit of membrane
area): time in ms, potentials in mV, conductances in mS/cm^2, capacitance in
uF/cm^2, so currents are current *densities* in uA/cm^2 (1 mS/cm^2 x 1 mV =
1 uA/cm^2, and uA/cm^2 / uF/cm^2 = mV/ms). This differs from
:mod:`dlcore.neuro`'s LIF neuron, whose current is a total current in nA.
Firing rates are in Hz.

The integrator is the classical fourth-order Runge-Kutta method (RK4) with a
fixed step ``dt`` (0.01 ms by default); its error shrinks like dt^4, which the
tests check. Spikes are the upward crossings of ``v_spike`` (0 mV), timed by
linear interpolation between the two samples around the crossing.
"""

from __future__ import annotations

import functools
import math
import numbers
from dataclasses import dataclass, field

import numpy as np

from ._checks import as_array, check_in_range, check_positive
from .neuro import SpikeRecord

__all__ = ["HH_PARAMS", "HHResult", "hh_rates", "hh_steady_state", "simulate_hh",
           "hh_traces", "hh_firing_rate", "hh_fi_curve", "hh_rheobase"]

#: The 1952 squid-axon parameters (modern convention, rest at -65 mV); units in the module docstring.
HH_PARAMS = dict(c_m=1.0, g_na=120.0, g_k=36.0, g_l=0.3, e_na=50.0, e_k=-77.0, e_l=-54.387)

#: Where a spike is counted: an upward crossing of this potential (mV).
V_SPIKE = 0.0


# --------------------------------------------------------------------------- the model's equations

def _x_over_expm1(x, exp):
    """x / (1 - exp(-x)), whose limit at x = 0 is 1 (alpha_m at -40 mV, alpha_n at -55 mV).

    At exactly x = 0 it is evaluated at x = 1e-9 instead (the result is off by 5e-10);
    the same line works for floats and arrays, with no 0/0.
    """
    x = x + (x == 0) * 1e-9
    return x / (1.0 - exp(-x))


def _rates(v, exp=np.exp):
    """The six opening and closing rates (1/ms) of the gates at potential ``v`` (mV).

    Written once for both NumPy arrays (many neurons, ``exp=np.exp``) and plain
    Python floats (one neuron, ``exp=math.exp``, several times faster per step).
    """
    alpha_m = 1.0 * _x_over_expm1((v + 40.0) / 10.0, exp)
    beta_m = 4.0 * exp(-(v + 65.0) / 18.0)
    alpha_h = 0.07 * exp(-(v + 65.0) / 20.0)
    beta_h = 1.0 / (1.0 + exp(-(v + 35.0) / 10.0))
    alpha_n = 0.1 * _x_over_expm1((v + 55.0) / 10.0, exp)
    beta_n = 0.125 * exp(-(v + 65.0) / 80.0)
    return alpha_m, beta_m, alpha_h, beta_h, alpha_n, beta_n


def _currents(v, m, h, n, p):
    """The ionic currents (uA/cm^2, positive outward): sodium, potassium, leak."""
    i_na = p["g_na"] * m ** 3 * h * (v - p["e_na"])
    i_k = p["g_k"] * n ** 4 * (v - p["e_k"])
    i_l = p["g_l"] * (v - p["e_l"])
    return i_na, i_k, i_l


def _derivatives(v, m, h, n, I, p, exp=np.exp):
    """(dv/dt, dm/dt, dh/dt, dn/dt) of the model, for arrays or floats (see :func:`_rates`)."""
    a_m, b_m, a_h, b_h, a_n, b_n = _rates(v, exp)
    i_na, i_k, i_l = _currents(v, m, h, n, p)
    dv = (I - i_na - i_k - i_l) / p["c_m"]
    dm = a_m * (1.0 - m) - b_m * m
    dh = a_h * (1.0 - h) - b_h * h
    dn = a_n * (1.0 - n) - b_n * n
    return dv, dm, dh, dn


def _rk4_step(state, I, dt, p, exp=np.exp):
    """One classical Runge-Kutta step of the four state variables (v, m, h, n)."""
    k1 = _derivatives(*state, I, p, exp)
    k2 = _derivatives(*(s + 0.5 * dt * k for s, k in zip(state, k1)), I, p, exp)
    k3 = _derivatives(*(s + 0.5 * dt * k for s, k in zip(state, k2)), I, p, exp)
    k4 = _derivatives(*(s + dt * k for s, k in zip(state, k3)), I, p, exp)
    return tuple(s + dt / 6.0 * (a + 2.0 * b + 2.0 * c + d)
                 for s, a, b, c, d in zip(state, k1, k2, k3, k4))


def hh_rates(v):
    """The gates' rates at potential ``v`` (mV; a number or an array of any shape).

    Returns a dict ``alpha_m, beta_m, alpha_h, beta_h, alpha_n, beta_n`` (1/ms), each
    shaped like ``v``. Chapter 1.1.
    """
    v = as_array(v, "v", ndim=None).astype(np.float64)
    names = ("alpha_m", "beta_m", "alpha_h", "beta_h", "alpha_n", "beta_n")
    return dict(zip(names, _rates(v)))


def hh_steady_state(v):
    """Each gate's steady state ``x_inf = alpha / (alpha + beta)`` and time constant
    ``tau_x = 1 / (alpha + beta)`` (ms) at a clamped potential ``v`` (mV).

    Returns a dict ``m_inf, h_inf, n_inf, tau_m, tau_h, tau_n``, each shaped like ``v``.
    """
    r = hh_rates(v)
    out = {}
    for x in "mhn":
        total = r[f"alpha_{x}"] + r[f"beta_{x}"]
        out[f"{x}_inf"] = r[f"alpha_{x}"] / total
        out[f"tau_{x}"] = 1.0 / total
    return out


# --------------------------------------------------------------------------- checks

def _check_params(params: dict, dt=None) -> dict:
    """The model parameters as floats: HH_PARAMS overridden by ``params``, checked."""
    unknown = sorted(set(params) - set(HH_PARAMS))
    if unknown:
        raise TypeError(f"{unknown[0]}: unknown Hodgkin-Huxley parameter; expected one of "
                        f"{', '.join(HH_PARAMS)}")
    p = dict(HH_PARAMS)
    p.update(params)
    for name in ("c_m", "g_na", "g_k", "g_l"):
        p[name] = check_positive(p[name], name, allow_zero=name != "c_m")
    for name in ("e_na", "e_k", "e_l"):
        p[name] = check_in_range(p[name], name, -200.0, 200.0, high_open=False)
    if dt is not None:
        p["dt"] = check_in_range(dt, "dt", 0.0, 0.1, low_open=True, high_open=False)
    return p


def _n_steps(t_max: float, dt: float) -> int:
    n = int(round(t_max / dt))
    if n < 1 or abs(n * dt - t_max) > 1e-9 * max(1.0, t_max):
        raise ValueError(f"t_max: expected a positive whole multiple of dt={dt} ms, got {t_max} ms")
    return n


def _resting_state(p: dict, v0: float) -> tuple:
    """(v0, m, h, n) with each gate at its steady state for ``v0``."""
    s = hh_steady_state(v0)
    return (float(v0), float(s["m_inf"]), float(s["h_inf"]), float(s["n_inf"]))


def _rest_potential(p: dict) -> float:
    """The potential where the total ionic current vanishes with the gates at steady state
    (bisection between E_K and E_Na; for the standard parameters, -65.0 mV)."""
    def total(v):
        _, m, h, n = _resting_state(p, v)
        return sum(_currents(v, m, h, n, p))
    lo, hi = -90.0, -50.0
    if total(lo) * total(hi) > 0:
        return p["e_l"]
    for _ in range(60):
        mid = 0.5 * (lo + hi)
        if total(lo) * total(mid) <= 0:
            hi = mid
        else:
            lo = mid
    return 0.5 * (lo + hi)


def _crossings(time, v, level=V_SPIKE) -> np.ndarray:
    """Times of the upward crossings of ``level``, linearly interpolated between samples."""
    k = np.flatnonzero((v[:-1] < level) & (v[1:] >= level))
    frac = (level - v[k]) / (v[k + 1] - v[k])
    return time[k] + frac * (time[k + 1] - time[k])


# --------------------------------------------------------------------------- simulation

@dataclass(frozen=True)
class HHResult(SpikeRecord):
    """What :func:`simulate_hh` returns.

    time:         ``(n_steps + 1,)`` sample times in ms, ``0, dt, ..., t_max``.
    v:            ``(n_steps + 1,)`` membrane potential in mV (the spike's shape included).
    m, h, n:      ``(n_steps + 1,)`` the gate variables (between 0 and 1).
    i_na, i_k, i_l: ``(n_steps + 1,)`` the ionic currents in uA/cm^2 (positive outward).
    spike_times:  ``(n_spikes,)`` upward crossings of 0 mV, in ms.
    current:      ``(n_steps,)`` the input in uA/cm^2; ``current[k]`` acts on ``[time[k], time[k+1])``.
    params:       the parameters used (those of :data:`HH_PARAMS`, and dt).
    """

    time: np.ndarray
    v: np.ndarray
    m: np.ndarray
    h: np.ndarray
    n: np.ndarray
    i_na: np.ndarray
    i_k: np.ndarray
    i_l: np.ndarray
    spike_times: np.ndarray
    current: np.ndarray
    params: dict = field(default_factory=dict)


def simulate_hh(current, dt: float = 0.01, t_max: float | None = None, v0: float | None = None,
                **params) -> HHResult:
    """Simulate one Hodgkin-Huxley neuron (Hodgkin & Huxley, 1952) driven by ``current``.

    The model is the one in the module docstring; each step is one RK4 step of
    ``(v, m, h, n)`` with the input held constant over the step.

    current:  the input in uA/cm^2: a number (a constant current for ``t_max`` ms,
              100 ms if ``t_max`` is None) or an array ``(n_steps,)``, one value per
              step (then ``t_max`` defaults to ``n_steps * dt`` and, if given, must equal it).
    dt:       the time step in ms, in (0, 0.1] (0.01 by default; 0.05 is accurate to
              about 0.1 ms in spike times, see the tests).
    t_max:    the duration in ms, a whole multiple of ``dt``.
    v0:       the starting potential in mV, with the gates at their steady state
              there; None starts at rest (about -65 mV for the standard parameters).
    params:   any of :data:`HH_PARAMS` to override (``c_m`` uF/cm^2, ``g_na``, ``g_k``,
              ``g_l`` mS/cm^2, ``e_na``, ``e_k``, ``e_l`` mV). The membrane time
              constant at rest is about ``c_m / g_l`` (3.3 ms for the standard values).

    Returns an :class:`HHResult`. Deterministic.
    """
    p = _check_params(params, dt)
    dt = p["dt"]
    if isinstance(current, numbers.Real) and not isinstance(current, bool):
        if not np.isfinite(current):
            raise ValueError(f"current: expected a finite number (uA/cm^2), got {current!r}")
        t_max = 100.0 if t_max is None else check_positive(t_max, "t_max")
        I = np.full(_n_steps(t_max, dt), float(current))
    else:
        I = as_array(current, "current", ndim=1).astype(np.float64)
        if t_max is not None:
            expected = _n_steps(check_positive(t_max, "t_max"), dt)
            if expected != I.size:
                raise ValueError(f"current: expected {expected} values (t_max={t_max} ms / dt={dt} ms), "
                                 f"got {I.size}; or leave t_max=None")
    if v0 is None:
        v0 = _rest_potential(p)
    else:
        v0 = check_in_range(v0, "v0", -150.0, 100.0, high_open=False)
    n_steps = I.size
    trace = np.empty((n_steps + 1, 4))
    state = _resting_state(p, v0)
    trace[0] = state
    step = _rk4_step
    for k, I_k in enumerate(I.tolist()):        # plain floats: the fast path (see _rates)
        state = step(state, I_k, dt, p, math.exp)
        trace[k + 1] = state
    v, m, h, n = trace.T.copy()
    time = np.arange(n_steps + 1) * dt
    i_na, i_k, i_l = _currents(v, m, h, n, p)
    return HHResult(time=time, v=v, m=m, h=h, n=n, i_na=i_na, i_k=i_k, i_l=i_l,
                    spike_times=_crossings(time, v), current=I, params=p)


def _simulate_many(I, p, t_max, t_skip=0.0, record=False):
    """Run ``m`` neurons under constant currents ``I`` ``(m,)`` for ``t_max`` ms, all at once.

    The same RK4 step as :func:`simulate_hh`, on arrays: every neuron advances together.
    Returns (spike counts ``(m,)`` in ``[t_skip, t_max]``, the potentials
    ``(n_steps + 1, m)`` if ``record`` else None).
    """
    dt = p["dt"]
    n_steps = _n_steps(t_max, dt)
    v0 = _rest_potential(p)
    state = tuple(np.full(I.shape, s) for s in _resting_state(p, v0))
    counts = np.zeros(I.shape, dtype=np.int64)
    trace = np.empty((n_steps + 1, I.size)) if record else None
    if record:
        trace[0] = state[0]
    first = int(round(t_skip / dt))
    for k in range(n_steps):
        v_before = state[0]
        state = _rk4_step(state, I, dt, p)
        if k >= first:
            counts += (v_before < V_SPIKE) & (state[0] >= V_SPIKE)
        if record:
            trace[k + 1] = state[0]
    return counts, trace


def hh_traces(currents, t_max: float = 100.0, dt: float = 0.05, **params):
    """Membrane potentials of many neurons, one per constant current, simulated together.

    currents: ``(m,)`` constant inputs in uA/cm^2, each neuron starting at rest.
    Returns ``(time, v)``: ``time`` ``(n_steps + 1,)`` in ms and ``v`` ``(m, n_steps + 1)``
    in mV; row ``j`` equals ``simulate_hh(currents[j], dt, t_max).v`` (to rounding).
    Chapter 1.1's widget precomputes its traces with it.
    """
    p = _check_params(params, dt)
    t_max = check_positive(t_max, "t_max")
    I = as_array(currents, "currents", ndim=1).astype(np.float64)
    _, trace = _simulate_many(I, p, t_max, record=True)
    time = np.arange(trace.shape[0]) * p["dt"]
    return time, np.ascontiguousarray(trace.T)


def hh_firing_rate(current, t_max: float = 500.0, t_skip: float = 100.0, dt: float = 0.025,
                   **params):
    """The steady firing rate (Hz) of the Hodgkin-Huxley neuron for constant currents: its f-I curve.

    current:  a number or an array of any shape, in uA/cm^2; every value is one neuron
              starting at rest, and all of them are simulated together.
    t_max:    how long each is driven (ms).
    t_skip:   the first ``t_skip`` ms are not counted, so a single spike at the onset of
              the current (which the model fires for currents too weak to keep it firing)
              does not count as a rate.
    dt, params: as in :func:`simulate_hh` (dt is 0.025 ms here).

    Returns spikes per second in ``[t_skip, t_max]``: a float for a number, an array
    shaped like ``current`` otherwise. Chapter 1.1.
    """
    p = _check_params(params, dt)
    t_max = check_positive(t_max, "t_max")
    t_skip = check_positive(t_skip, "t_skip", allow_zero=True)
    if t_skip >= t_max:
        raise ValueError(f"t_skip: expected a time shorter than t_max={t_max} ms, got {t_skip} ms")
    scalar = isinstance(current, numbers.Real) and not isinstance(current, bool)
    I = as_array(current, "current", ndim=None).astype(np.float64)
    counts, _ = _simulate_many(I.reshape(-1), p, t_max, t_skip)
    rates = 1000.0 * counts / (t_max - t_skip)
    return float(rates[0]) if scalar else rates.reshape(I.shape)


@functools.lru_cache(maxsize=8)
def _cached_fi(currents: tuple, t_max, t_skip, dt, items: tuple):
    rates = hh_firing_rate(np.array(currents), t_max=t_max, t_skip=t_skip, dt=dt, **dict(items))
    rates.setflags(write=False)
    return rates


def hh_fi_curve(currents, t_max: float = 300.0, t_skip: float = 100.0, dt: float = 0.05, **params):
    """:func:`hh_firing_rate` for a 1-D array of currents, remembered: the same call
    a second time returns the stored (read-only) rates at once (widgets redraw with it)."""
    I = as_array(currents, "currents", ndim=1).astype(np.float64)
    _check_params(params, dt)
    return _cached_fi(tuple(I.tolist()), float(t_max), float(t_skip), float(dt),
                      tuple(sorted(params.items())))


def hh_rheobase(t_max: float = 300.0, t_skip: float = 100.0, dt: float = 0.025,
                low: float = 0.0, high: float = 20.0, tol: float = 0.01, **params) -> float:
    """The smallest constant current (uA/cm^2) that keeps the neuron firing (repetitive spikes
    after ``t_skip``), to within ``tol``. Chapter 1.1.

    Each round simulates 21 currents evenly spaced from ``low`` to ``high`` together and
    keeps the interval where firing starts. For the standard parameters the answer is
    about 6.2 uA/cm^2, and the rate jumps there from 0 to about 60 Hz: unlike the LIF
    neuron, the HH neuron cannot fire slowly.
    """
    p = _check_params(params, dt)
    tol = check_positive(tol, "tol")
    low = check_in_range(low, "low", -1000.0, 1000.0)
    high = check_in_range(high, "high", low, 1000.0, low_open=True)
    first_round = True
    while True:
        probes = np.linspace(low, high, 21)
        rates = hh_firing_rate(probes, t_max, t_skip, **params, dt=p["dt"])
        firing = np.flatnonzero(rates > 0)
        if firing.size == 0:
            if first_round:
                raise ValueError(f"high: expected a current that makes the neuron fire, got {high}")
            return high                           # (rounding at the edge of the bracket)
        if firing[0] == 0:
            return low
        low, high = float(probes[firing[0] - 1]), float(probes[firing[0]])
        first_round = False
        if high - low <= tol:
            return high
