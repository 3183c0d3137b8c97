"""The properties of the activation functions, computed (chapter 2.2).

For each activation f (``dl.activations``) this module measures, on a fine grid of
pre-activations z, the numbers that decide how f behaves in a network:

- its **range**: f(-Z) and f(Z) for a large Z (the limits as z -> -inf and +inf,
  or a sign that f is unbounded);
- **zero-centred** outputs: the mean output E[f(z)] when z is standard normal
  (0 for tanh, 1/2 for the sigmoid);
- **saturation**: the slopes f'(-5) and f'(5), near 0 where f flattens out;
- the **largest derivative** max_z f'(z) (1/4 for the sigmoid): backpropagation
  multiplies the gradient by f' once per layer;
- **dead units**: the share of z < 0 where f'(z) = 0 (all of it for ReLU: a unit
  whose z is negative for every input passes no gradient back);
- **cost**: the operation it needs (an exponential or a comparison).
"""

from __future__ import annotations

import time

import numpy as np

from . import _checks as C
from . import activations

__all__ = ["NAMES", "OPERATION", "curves", "properties", "table", "time_per_element"]

#: The activations of chapter 2.2, in the order it introduces them.
NAMES = ("sigmoid", "tanh", "relu", "leaky_relu", "identity")
#: The elementary operation each one needs per element.
OPERATION = {"sigmoid": "exp", "tanh": "exp", "relu": "compare", "leaky_relu": "compare",
             "identity": "none"}
#: |z| beyond which we read off the limits.
LARGE = 1e3


def _names(names):
    if isinstance(names, str):
        names = [names]
    return [activations.get(n).name for n in names]


def curves(names=NAMES, z=None) -> dict:
    """``{name: (f(z), f'(z))}`` on ``z`` (default 801 points on [-5, 5]). Returns float64 arrays."""
    z = np.linspace(-5, 5, 801) if z is None else C.as_array(z, "z", ndim=1)
    out = {}
    for name in _names(names):
        fn = activations.get(name)
        out[name] = (fn.forward(z), fn.derivative(z))
    return out


def properties(name, n_grid: int = 200_001) -> dict:
    """The properties listed in the module docstring for the activation ``name``.

    Returns a dict: ``f_low``, ``f_high`` (f at -1000 and +1000, the limits where f
    is bounded), ``low_unbounded``, ``high_unbounded`` (f still changes between 1000
    and 2000 on that side), ``bounded`` (neither side unbounded),
    ``mean_output`` (E[f(z)] for z ~ N(0, 1), by quadrature on [-10, 10]),
    ``slope_minus5``, ``slope_plus5``, ``max_slope`` (on [-10, 10]), ``dead_share``
    (the share of the grid points z < 0 with f'(z) = 0), ``operation``.
    """
    fn = activations.get(name)
    n_grid = C.check_int(n_grid, "n_grid", minimum=11)
    z = np.linspace(-10, 10, n_grid)
    phi = np.exp(-z ** 2 / 2) / np.sqrt(2 * np.pi)
    f, df = fn.forward(z), fn.derivative(z)
    dz = z[1] - z[0]
    low, high, low2, high2 = (float(v) for v in
                              fn.forward(np.array([-LARGE, LARGE, -2 * LARGE, 2 * LARGE])))
    low_unbounded = abs(low2 - low) > 1e-6
    high_unbounded = abs(high2 - high) > 1e-6
    return {
        "name": fn.name,
        "f_low": low,
        "f_high": high,
        "low_unbounded": low_unbounded,
        "high_unbounded": high_unbounded,
        "bounded": not (low_unbounded or high_unbounded),
        "mean_output": float(np.sum(f * phi) * dz),
        "slope_minus5": float(fn.derivative(np.array(-5.0))),
        "slope_plus5": float(fn.derivative(np.array(5.0))),
        "max_slope": float(df.max()),
        "dead_share": float(np.mean(df[z < 0] == 0)),
        "operation": OPERATION.get(fn.name, "?"),
    }


def table(names=NAMES) -> list[dict]:
    """``[properties(name) for name in names]``."""
    return [properties(n) for n in _names(names)]


def time_per_element(name, n: int = 1_000_000, repeats: int = 5, seed: int = 0) -> float:
    """Seconds per element of ``f.forward`` on ``n`` standard normal numbers: the fastest
    of ``repeats`` runs (on a shared machine the fastest is the least disturbed)."""
    fn = activations.get(name)
    n = C.check_int(n, "n")
    repeats = C.check_int(repeats, "repeats")
    z = np.random.default_rng(seed).normal(size=n)
    best = np.inf
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn.forward(z)
        best = min(best, time.perf_counter() - t0)
    return best / n
