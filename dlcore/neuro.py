"""A leaky integrate-and-fire (LIF) neuron: the biological picture behind the artificial one.

The membrane of a neuron is a leaky capacitor (Lapicque, 1907; the form used
here is that of Gerstner et al., *Neuronal Dynamics*, 2014, chapter 1.3).
Between spikes the membrane potential ``v`` obeys

    tau * dv/dt = -(v - v_rest) + R * I(t)

and when ``v`` reaches ``v_threshold`` the neuron emits a spike and ``v`` is set
to ``v_reset``, where it is held for a refractory period ``t_ref``. The model has no
shape for the spike itself: a spike is just an event at a time.

Units, everywhere in this module: time in milliseconds (ms), potentials in
millivolts (mV), current in nanoamperes (nA), resistance in megaohms (MOhm), so
that ``R * I`` is in mV (1 MOhm x 1 nA = 1 mV); firing rates are in spikes per
second (Hz). The defaults (``tau`` = 10 ms, rest and reset at -65 mV, threshold
at -50 mV, ``R`` = 10 MOhm, ``t_ref`` = 2 ms) are typical textbook values for a
cortical neuron, which gives a rheobase of (-50 - -65) / 10 = 1.5 nA.

Chapter 1 uses this to compare a real neuron's firing-rate curve (the f-I curve)
with an artificial neuron's activation function: below the rheobase the neuron
is silent (like ReLU below zero), above it the rate grows and then saturates at
``1 / t_ref`` (like a sigmoid's upper plateau).
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass, field

import numpy as np

from ._checks import as_array, check_positive, check_real

__all__ = ["SpikeRecord", "LIFResult", "simulate_lif", "firing_rate", "lif_rate", "rheobase"]

DEFAULTS = dict(tau=10.0, v_rest=-65.0, v_threshold=-50.0, v_reset=-65.0, resistance=10.0, t_ref=2.0)


class SpikeRecord:
    """What every simulated neuron's result can say about its spikes: it has
    ``time`` ``(n_steps + 1,)`` in ms and ``spike_times`` ``(n_spikes,)`` in ms."""

    @property
    def n_spikes(self) -> int:
        """How many spikes were fired."""
        return int(self.spike_times.size)

    @property
    def t_max(self) -> float:
        """The simulated duration in ms."""
        return float(self.time[-1])

    @property
    def rate(self) -> float:
        """The firing rate in Hz: spikes per second of simulated time."""
        return 1000.0 * self.n_spikes / self.t_max


@dataclass(frozen=True)
class LIFResult(SpikeRecord):
    """What :func:`simulate_lif` returns.

    time:         ``(n_steps + 1,)`` sample times in ms, ``0, dt, ..., t_max``.
    v:            ``(n_steps + 1,)`` membrane potential in mV at those times (after a
                  spike it shows ``v_reset``: the spike itself is not drawn in ``v``).
    spike_times:  ``(n_spikes,)`` times in ms at which ``v`` reached the threshold.
    current:      ``(n_steps,)`` the input in nA; ``current[k]`` acts on ``[time[k], time[k+1])``.
    params:       the model parameters used (tau, v_rest, v_threshold, v_reset, resistance, t_ref, dt).
    """

    time: np.ndarray
    v: np.ndarray
    spike_times: np.ndarray
    current: np.ndarray
    params: dict = field(default_factory=dict)


def _check_params(tau, v_rest, v_threshold, v_reset, resistance, t_ref, dt=None) -> dict:
    """The model parameters as floats, checked; ``dt=None`` skips the time step (analytic formulas)."""
    p = dict(
        tau=check_positive(tau, "tau"),
        resistance=check_positive(resistance, "resistance"),
        t_ref=check_positive(t_ref, "t_ref", allow_zero=True),
    )
    if dt is not None:
        p["dt"] = check_positive(dt, "dt")
    for name, value in (("v_rest", v_rest), ("v_threshold", v_threshold), ("v_reset", v_reset)):
        p[name] = check_real(value, name)
    if p["v_reset"] >= p["v_threshold"]:
        raise ValueError(
            f"v_reset: expected a value below v_threshold={p['v_threshold']} mV, got {p['v_reset']} mV"
        )
    if dt is not None and p["dt"] > p["tau"]:
        raise ValueError(f"dt: expected a time step no longer than tau={p['tau']} ms, got {p['dt']} ms")
    if dt is not None and p["t_ref"] > 0:
        _n_steps(p["t_ref"], p["dt"], "t_ref")  # the refractory period must fall on the time grid too
    return p


def _n_steps(t: float, dt: float, arg: str = "t_max") -> int:
    """How many steps of ``dt`` make ``t`` (a duration in ms on the time grid)."""
    n = int(round(t / dt))
    if n < 1 or abs(n * dt - t) > 1e-9 * max(1.0, t):
        raise ValueError(f"{arg}: expected a positive whole multiple of dt={dt} ms, got {t} ms")
    return n


def _run(I: np.ndarray, p: dict, v0: np.ndarray, record: bool):
    """Simulate ``m`` independent neurons at once.

    I:   ``(n_steps, m)`` input currents in nA.
    v0:  ``(m,)`` initial potentials in mV.
    Returns (v trace ``(n_steps + 1, m)`` or None, list of spike step indices per neuron ``(k,)`` arrays,
    spike counts ``(m,)``).

    Each step uses the exact solution of the membrane equation for a current
    that is constant during the step, ``v <- v_inf + (v - v_inf) exp(-dt / tau)`` with
    ``v_inf = v_rest + R I``; it is stable for every ``dt``, and for a constant
    current the only error is that spikes fall on the time grid.
    """
    n_steps, m = I.shape
    decay = np.exp(-p["dt"] / p["tau"])
    ref_steps = int(round(p["t_ref"] / p["dt"]))  # exact: t_ref is on the time grid (checked)
    v = v0.astype(np.float64).copy()
    refractory = np.zeros(m, dtype=np.int64)  # steps left in the refractory period
    trace = np.empty((n_steps + 1, m)) if record else None
    if record:
        trace[0] = v
    spikes_t, spikes_i = [], []
    counts = np.zeros(m, dtype=np.int64)
    for k in range(n_steps):
        free = refractory == 0
        v_inf = p["v_rest"] + p["resistance"] * I[k]  # (m,) where v would settle under this current
        v = np.where(free, v_inf + (v - v_inf) * decay, p["v_reset"])
        refractory = np.maximum(refractory - 1, 0)
        fired = free & (v >= p["v_threshold"])
        if fired.any():
            idx = np.flatnonzero(fired)
            spikes_t.append(np.full(idx.size, k + 1))
            spikes_i.append(idx)
            counts[idx] += 1
            v[idx] = p["v_reset"]
            refractory[idx] = ref_steps
        if record:
            trace[k + 1] = v
    if spikes_t:
        steps_all = np.concatenate(spikes_t)
        who = np.concatenate(spikes_i)
        per_neuron = [steps_all[who == j] for j in range(m)]
    else:
        per_neuron = [np.zeros(0, dtype=np.int64) for _ in range(m)]
    return trace, per_neuron, counts


def simulate_lif(
    current,
    dt: float = 0.1,
    tau: float = DEFAULTS["tau"],
    v_rest: float = DEFAULTS["v_rest"],
    v_threshold: float = DEFAULTS["v_threshold"],
    v_reset: float = DEFAULTS["v_reset"],
    t_max: float | None = None,
    resistance: float = DEFAULTS["resistance"],
    t_ref: float = DEFAULTS["t_ref"],
    v0: float | None = None,
) -> LIFResult:
    """Simulate one leaky integrate-and-fire neuron driven by ``current``.

    The model (Lapicque, 1907; Gerstner et al., 2014, eq. 1.5 with a reset
    and an absolute refractory period) is ``tau dv/dt = -(v - v_rest) + R I(t)``;
    when ``v >= v_threshold`` a spike is recorded, ``v`` jumps to ``v_reset`` and
    stays there for ``t_ref``. Units: ms, mV, nA, MOhm (see the module docstring).

    current:     the input in nA: a number (a constant current for ``t_max``
                 ms, 100 ms if ``t_max`` is None) or an array ``(n_steps,)`` with
                 one value per time step (then ``t_max`` defaults to ``n_steps * dt``
                 and, if given, must equal it).
    dt:          the time step in ms (0.1 by default, at most ``tau``).
    tau:         the membrane time constant ``R C`` in ms.
    v_rest:      the resting potential in mV (where ``v`` settles with no input).
    v_threshold: the spiking threshold in mV.
    v_reset:     the potential after a spike in mV (must be below the threshold).
    t_max:       the duration in ms, a whole multiple of ``dt``.
    resistance:  the membrane resistance ``R`` in MOhm.
    t_ref:       the absolute refractory period in ms (0 for none).
    v0:          the starting potential in mV (``v_rest`` if None).

    Returns a :class:`LIFResult` with ``time``, ``v``, ``spike_times``, ``current``,
    ``n_spikes`` and ``rate``. Deterministic: the same input gives the same spikes.
    """
    p = _check_params(tau, v_rest, v_threshold, v_reset, resistance, t_ref, dt)
    if isinstance(current, numbers.Real) and not isinstance(current, bool):
        current = check_real(current, "current")
        t_max = 100.0 if t_max is None else check_positive(t_max, "t_max")
        n_steps = _n_steps(t_max, p["dt"])
        I = np.full(n_steps, float(current))
    else:
        I = as_array(current, "current", ndim=1).astype(np.float64)
        n_steps = I.size
        if t_max is not None:
            t_max = check_positive(t_max, "t_max")
            expected = _n_steps(t_max, p["dt"])
            if expected != n_steps:
                raise ValueError(
                    f"current: expected {expected} values (t_max={t_max} ms / dt={p['dt']} ms), "
                    f"got {n_steps}; or leave t_max=None"
                )
    v0 = p["v_rest"] if v0 is None else check_real(v0, "v0")
    trace, spike_steps, _ = _run(I[:, None], p, np.array([float(v0)]), record=True)
    time = np.arange(n_steps + 1) * p["dt"]
    return LIFResult(
        time=time,
        v=trace[:, 0],
        spike_times=spike_steps[0] * p["dt"],
        current=I,
        params=p,
    )


def firing_rate(
    current,
    t_max: float = 1000.0,
    dt: float = 0.1,
    tau: float = DEFAULTS["tau"],
    v_rest: float = DEFAULTS["v_rest"],
    v_threshold: float = DEFAULTS["v_threshold"],
    v_reset: float = DEFAULTS["v_reset"],
    resistance: float = DEFAULTS["resistance"],
    t_ref: float = DEFAULTS["t_ref"],
):
    """The simulated firing rate (Hz) for constant input currents: the neuron's f-I curve.

    current:  a number or an array of any shape of constant currents in nA; all
              of them are simulated together (one neuron each, starting at rest).
    t_max:    how long each neuron is driven, in ms (1 s by default).
    The other arguments are those of :func:`simulate_lif`.

    Returns the rate as spikes per second of simulated time: a float for a
    number, an array shaped like ``current`` otherwise. Compare it with the
    analytic :func:`lif_rate`; they agree to within about ``1000 / t_max`` Hz
    (whole spikes) and the time-grid rounding of each interval (at most ``dt``).
    """
    p = _check_params(tau, v_rest, v_threshold, v_reset, resistance, t_ref, dt)
    t_max = check_positive(t_max, "t_max")
    n_steps = _n_steps(t_max, p["dt"])
    scalar = isinstance(current, numbers.Real) and not isinstance(current, bool)
    I = as_array(current, "current", ndim=None).astype(np.float64)
    flat = I.reshape(-1)
    _, _, counts = _run(np.broadcast_to(flat, (n_steps, flat.size)), p, np.full(flat.size, p["v_rest"]), record=False)
    rates = 1000.0 * counts / t_max
    return float(rates[0]) if scalar else rates.reshape(I.shape)


def rheobase(v_rest: float = DEFAULTS["v_rest"], v_threshold: float = DEFAULTS["v_threshold"],
             resistance: float = DEFAULTS["resistance"]) -> float:
    """The smallest constant current (nA) that makes the neuron fire: ``(v_threshold - v_rest) / R``.

    Below it ``v`` settles at ``v_rest + R I``, under the threshold, and the neuron stays silent.
    """
    resistance = check_positive(resistance, "resistance")
    return (check_real(v_threshold, "v_threshold") - check_real(v_rest, "v_rest")) / resistance


def lif_rate(
    current,
    tau: float = DEFAULTS["tau"],
    v_rest: float = DEFAULTS["v_rest"],
    v_threshold: float = DEFAULTS["v_threshold"],
    v_reset: float = DEFAULTS["v_reset"],
    resistance: float = DEFAULTS["resistance"],
    t_ref: float = DEFAULTS["t_ref"],
):
    """The exact steady firing rate (Hz) of the LIF neuron for a constant current (Gerstner et al., 2014, eq. 1.13).

    With ``v_inf = v_rest + R I`` above the threshold, ``v`` climbs from ``v_reset``
    towards ``v_inf`` and reaches the threshold after

        T = tau * ln((v_inf - v_reset) / (v_inf - v_threshold)),

    so the neuron fires every ``t_ref + T`` ms: ``rate = 1000 / (t_ref + T)`` Hz.
    At or below the rheobase (``v_inf <= v_threshold``) the rate is 0. For large
    currents it saturates at ``1000 / t_ref`` Hz.

    ``current`` is a number or an array of any shape (nA); returns a float or an
    array of the same shape.
    """
    p = _check_params(tau, v_rest, v_threshold, v_reset, resistance, t_ref)
    scalar = isinstance(current, numbers.Real) and not isinstance(current, bool)
    I = as_array(current, "current", ndim=None).astype(np.float64)
    v_inf = p["v_rest"] + p["resistance"] * I
    above = v_inf > p["v_threshold"]
    with np.errstate(divide="ignore", invalid="ignore"):
        T = p["tau"] * np.log((v_inf - p["v_reset"]) / (v_inf - p["v_threshold"]))
        rate = np.where(above, 1000.0 / (p["t_ref"] + T), 0.0)
    return float(rate) if scalar else rate

# The Hodgkin-Huxley neuron (chapter 1.1) lives in its own module; dl.neuro offers both models.
from .hodgkin_huxley import (HH_PARAMS, HHResult, hh_fi_curve, hh_firing_rate,  # noqa: E402,F401
                             hh_rates, hh_rheobase, hh_steady_state, hh_traces, simulate_hh)

__all__ += ["HH_PARAMS", "HHResult", "hh_rates", "hh_steady_state", "simulate_hh", "hh_traces",
            "hh_firing_rate", "hh_fi_curve", "hh_rheobase"]
