"""Spiking neurons side by side, and the activation functions their firing rates suggest (chapter 1.1).

The compute half of chapter 1.1's two neuron widgets:

- :func:`membrane_trace`: one membrane trace from either model, LIF
  (:func:`dlcore.neuro.simulate_lif`, current in nA) or Hodgkin-Huxley
  (:func:`dlcore.neuro.simulate_hh`, current density in uA/cm^2).
  :func:`precompute_hh` simulates a whole grid of HH currents at once and
  remembers the traces, so that moving a current slider only looks one up.
- :func:`fit_relu` and :func:`fit_sigmoid`: the best ReLU ``k max(0, I - theta)``
  and the best scaled sigmoid ``r_max sigma((I - c) / s)`` through an f-I curve, by
  least squares over a grid of the shape parameters (the scale factor has a
  closed form for each). They show how close each activation is to a neuron's
  rate curve: rate coding.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import hodgkin_huxley as _hh
from . import neuro as _neuro
from ._checks import as_array, check_name, check_positive, same_shape

__all__ = ["MODELS", "Trace", "membrane_trace", "precompute_hh", "fit_relu", "fit_sigmoid"]

#: The neuron models :func:`membrane_trace` knows.
MODELS = ("lif", "hh")

#: Time step of the HH traces the widgets show (ms); RK4 is accurate to ~0.01 ms in spike times there.
HH_WIDGET_DT = 0.05

_HH_CACHE: dict = {}


@dataclass(frozen=True)
class Trace:
    """One membrane trace: ``time`` and ``v`` ``(n_steps + 1,)`` (ms, mV), ``spike_times`` (ms),
    ``model`` ("lif" or "hh") and ``current`` (nA for LIF, uA/cm^2 for HH)."""

    time: np.ndarray
    v: np.ndarray
    spike_times: np.ndarray
    model: str
    current: float

    @property
    def rate(self) -> float:
        """Spikes per second over the trace (Hz)."""
        return 1000.0 * self.spike_times.size / float(self.time[-1])


def _key(current, t_max, dt):
    return (round(float(current), 9), float(t_max), float(dt))


def precompute_hh(currents, t_max: float = 100.0, dt: float = HH_WIDGET_DT) -> int:
    """Simulate the standard HH neuron for every current of ``currents`` ``(m,)`` together
    (:func:`dlcore.neuro.hh_traces`) and remember the traces for :func:`membrane_trace`.

    Returns how many new traces were computed (currents already remembered are skipped).
    """
    I = as_array(currents, "currents", ndim=1).astype(np.float64)
    new = np.array([c for c in np.unique(I) if _key(c, t_max, dt) not in _HH_CACHE])
    if new.size:
        time, v = _hh.hh_traces(new, t_max=t_max, dt=dt)
        time.setflags(write=False)
        for c, row in zip(new.tolist(), v):
            row.setflags(write=False)
            _HH_CACHE[_key(c, t_max, dt)] = Trace(time, row, _hh._crossings(time, row), "hh", c)
    return int(new.size)


def membrane_trace(model: str, current: float, tau: float = 10.0, v_threshold: float = -50.0,
                   t_max: float = 100.0) -> Trace:
    """The membrane potential of one neuron under a constant ``current`` for ``t_max`` ms.

    model:        "lif" (current in nA; ``tau`` in ms and ``v_threshold`` in mV are its
                  parameters, the rest are :mod:`dlcore.neuro`'s defaults; dt = 0.1 ms) or
                  "hh" (the 1952 parameters, current in uA/cm^2, dt = 0.05 ms; ``tau`` and
                  ``v_threshold`` do not apply: its time constant and threshold come from its
                  channels). HH traces remembered by :func:`precompute_hh` are returned at once.
    Returns a :class:`Trace`.
    """
    model = check_name(model, MODELS, "neuron model", "model")
    if isinstance(current, bool) or not isinstance(current, (int, float, np.floating, np.integer)):
        raise TypeError(f"current: expected a real number, got {current!r}")
    current = float(current)
    if not np.isfinite(current):
        raise ValueError(f"current: expected a finite number, got {current!r}")
    t_max = check_positive(t_max, "t_max")
    if model == "hh":
        key = _key(current, t_max, HH_WIDGET_DT)
        if key not in _HH_CACHE:
            r = _hh.simulate_hh(current, dt=HH_WIDGET_DT, t_max=t_max)
            return Trace(r.time, r.v, r.spike_times, "hh", current)
        return _HH_CACHE[key]
    r = _neuro.simulate_lif(current, dt=0.1, tau=tau, v_threshold=v_threshold, t_max=t_max)
    return Trace(r.time, r.v, r.spike_times, "lif", current)


def _curve(currents, rates):
    I = as_array(currents, "currents", ndim=1).astype(np.float64)
    r = as_array(rates, "rates", ndim=1).astype(np.float64)
    same_shape(I, r, "currents", "rates")
    if I.size < 3:
        raise ValueError(f"currents: expected at least 3 points of the curve, got {I.size}")
    if np.all(r == 0):
        raise ValueError("rates: expected a curve with some firing, got only zeros")
    return I, r


def fit_relu(currents, rates):
    """The ReLU ``k max(0, I - theta)`` that starts where the neuron starts firing.

    ``theta`` is the midpoint between the last silent current and the first firing one
    (``currents`` sorted increasingly); the slope is then the least-squares
    ``k = sum(r u) / sum(u u)`` with ``u = max(0, I - theta)``.
    Returns ``(theta, k, fitted rates (n,))``.
    """
    I, r = _curve(currents, rates)
    if np.any(np.diff(I) <= 0):
        raise ValueError("currents: expected increasing values")
    first = int(np.flatnonzero(r > 0)[0])
    theta = float(I[0]) if first == 0 else 0.5 * float(I[first - 1] + I[first])
    u = np.maximum(0.0, I - theta)
    k = float(u @ r / (u @ u))
    return theta, k, k * u


def fit_sigmoid(currents, rates, n_grid: int = 40):
    """The scaled sigmoid ``r_max / (1 + exp(-(I - c) / s))`` closest to the f-I curve.

    ``c`` (the midpoint) and ``s`` (the width) are searched on an ``n_grid`` x ``n_grid``
    grid (``c`` over the currents, ``s`` from 1/200 to twice their span, log-spaced);
    for each pair the best height is ``r_max = sum(r g) / sum(g g)``.
    Returns ``(c, s, r_max, fitted rates (n,))``.
    """
    I, r = _curve(currents, rates)
    span = float(I.max() - I.min())
    c = np.linspace(I.min(), I.max(), n_grid)
    s = np.geomspace(span / 200, 2 * span, n_grid)
    z = (I[None, None, :] - c[:, None, None]) / s[None, :, None]          # (g, g, n)
    g = 0.5 * (1.0 + np.tanh(0.5 * z))                                     # sigma(z), never overflows
    r_max = (g @ r) / np.maximum((g * g).sum(axis=2), 1e-300)             # (g, g)
    sse = ((r_max[..., None] * g - r) ** 2).sum(axis=2)
    i, j = np.unravel_index(int(np.argmin(sse)), sse.shape)
    return float(c[i]), float(s[j]), float(r_max[i, j]), r_max[i, j] * g[i, j]


def lif_fi(currents, tau: float = 10.0, v_threshold: float = -50.0, t_ref: float = 2.0):
    """The LIF neuron's exact f-I curve (:func:`dlcore.neuro.lif_rate`) for the widget's parameters."""
    I = as_array(currents, "currents", ndim=1).astype(np.float64)
    check_positive(tau, "tau")
    return _neuro.lif_rate(I, tau=tau, v_threshold=v_threshold, t_ref=t_ref)


__all__ += ["lif_fi", "HH_WIDGET_DT"]
