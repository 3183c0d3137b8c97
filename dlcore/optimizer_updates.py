"""Chapter 3.4's computations: dlcore's optimizers beside PyTorch's stored numbers, the
two ways of writing momentum, and Adam on a noisy 1-D problem (the widget's data).

- :func:`reference_walk` repeats one walk of :mod:`dlcore.torch_reference` with dlcore;
  :func:`reference_table` compares all of them.
- :func:`momentum_two_ways`: b <- mu b + g, theta <- theta - eta_t b (PyTorch) and
  v <- mu v - eta_t g, theta <- theta + v (Sutskever et al. 2013) on the same problem.
- :func:`noisy_adam`: Adam with and without bias correction on f = h theta^2 / 2 with
  noisy gradients g_t = h theta + sigma xi_t.
"""

from __future__ import annotations

import numpy as np

from . import _checks as C
from . import optim as _optim
from . import schedules as _schedules
from . import surfaces as _surfaces
from . import torch_reference as _ref
from .random import get_rng

__all__ = ["reference_optimizer", "reference_schedule", "reference_walk",
           "reference_table", "momentum_two_ways", "noisy_adam"]


def reference_optimizer(name: str) -> _optim.Optimizer:
    """The dlcore optimizer matching ``torch_reference.OPTIMIZERS[name]``."""
    key = C.check_name(name, _ref.OPTIMIZERS, "reference walk")
    opt_name, kwargs = _ref.OPTIMIZERS[key]["dlcore"]
    return _optim.get(opt_name, **kwargs)


def reference_schedule(name: str) -> _schedules.Schedule:
    """The dlcore schedule matching ``torch_reference.SCHEDULES[name]``."""
    key = C.check_name(name, _ref.SCHEDULES, "reference schedule")

    def build(spec):
        kind, kwargs = spec
        kwargs = {k: build(v) if k == "then" else v for k, v in kwargs.items()}
        return _schedules.get(kind, **kwargs)

    return build(_ref.SCHEDULES[key]["dlcore"])


def reference_walk(name: str) -> dict:
    """dlcore's walk for ``torch_reference.OPTIMIZERS[name]``: ``path`` (steps + 1, 2),
    and for Adam ``m`` and ``v`` (steps, 2), the state after each step."""
    opt = reference_optimizer(name)
    bowl = _surfaces.get("bowl")
    theta = np.array(_ref.START, dtype=np.float64)
    g = np.zeros(2)
    path, m, v = [theta.copy()], [], []
    for _ in range(_ref.STEPS):
        g[...] = bowl.grad(*theta)
        opt.step([theta], [g])
        path.append(theta.copy())
        if "m" in opt.state[0]:
            m.append(opt.state[0]["m"].copy())
            v.append(opt.state[0]["v"].copy())
    out = {"path": np.array(path)}
    if m:
        out["m"], out["v"] = np.array(m), np.array(v)
    return out


def reference_table() -> list[dict]:
    """One row per stored walk: ``name``, ``torch`` (the call), ``final`` (torch's last
    point), ``max_diff`` (largest |dlcore - torch| over the path and, for Adam, m and v)."""
    rows = []
    for name, entry in _ref.OPTIMIZERS.items():
        mine = reference_walk(name)
        diff = max(float(np.max(np.abs(mine[k] - np.array(entry[k]))))
                   for k in ("path", "m", "v") if k in mine)
        rows.append({"name": name, "torch": entry["torch"],
                     "final": tuple(entry["path"][-1]), "max_diff": diff})
    return rows


def momentum_two_ways(lrs, mu: float = 0.9, surface="bowl", start=None):
    """Walk ``surface`` with momentum written two ways, rate ``lrs[t-1]`` at
    step t. Returns ``(path_b, path_v)``, each (len(lrs) + 1, 2):

        b <- mu b + g,       theta <- theta - eta_t b   (PyTorch)
        v <- mu v - eta_t g,   theta <- theta + v       (the velocity form)

    Both start from b = v = 0 (torch's b_1 = g_1 is the same thing)."""
    lrs = C.as_array(lrs, "lrs", ndim=1, dtype=np.float64)
    if np.any(lrs <= 0):
        raise ValueError(f"lrs: expected positive learning rates, "
                         f"got min {lrs.min()!r}")
    mu = C.check_in_range(mu, "mu", 0.0, 1.0)
    surface = _surfaces.get(surface)
    start = surface.start if start is None else start
    theta_b = np.array(start, dtype=np.float64)
    theta_v = theta_b.copy()
    b, v = np.zeros(2), np.zeros(2)
    path_b, path_v = [theta_b.copy()], [theta_v.copy()]
    for eta in lrs:
        b = mu * b + surface.grad(*theta_b)
        theta_b = theta_b - eta * b
        v = mu * v - eta * surface.grad(*theta_v)
        theta_v = theta_v + v
        path_b.append(theta_b)
        path_v.append(theta_v)
    return np.array(path_b), np.array(path_v)


def noisy_adam(lr: float = 0.1, beta1: float = 0.9, beta2: float = 0.999,
               steps: int = 60, theta0: float = 3.0, h: float = 1.0,
               sigma: float = 1.0, eps: float = 1e-8, seed=0,
               noise: np.ndarray | None = None) -> dict:
    """Adam on f(theta) = h theta^2 / 2 with noisy gradients g_t = h theta + sigma xi_t
    (xi_t standard normal from ``seed``, or the given ``noise`` (steps,)), with and
    without bias correction. Returns a dict of arrays keyed ``"corrected"`` and
    ``"uncorrected"``, each with ``theta`` (steps + 1,) and ``step`` (steps,), the
    step theta_{t-1} - theta_t; and ``m``, ``m_hat``, ``v``, ``v_hat`` (steps,) of the
    corrected run. The corrected run is dl.optim.Adam's rule."""
    lr = C.check_positive(lr, "lr")
    beta1 = C.check_in_range(beta1, "beta1", 0.0, 1.0)
    beta2 = C.check_in_range(beta2, "beta2", 0.0, 1.0)
    steps = C.check_int(steps, "steps")
    if noise is None:
        noise = get_rng(seed).standard_normal(steps)
    else:
        noise = C.as_array(noise, "noise", ndim=1, dtype=np.float64)
        if len(noise) != steps:
            raise ValueError(f"noise: expected {steps} values, got {len(noise)}")
    out = {}
    for key, correct in (("corrected", True), ("uncorrected", False)):
        theta, m, v = np.empty(steps + 1), 0.0, 0.0
        theta[0] = theta0
        ms, m_hats, vs, v_hats = (np.empty(steps) for _ in range(4))
        for t in range(1, steps + 1):
            g = h * theta[t - 1] + sigma * noise[t - 1]
            m = beta1 * m + (1 - beta1) * g
            v = beta2 * v + (1 - beta2) * g * g
            m_hat = m / (1 - beta1**t) if correct else m
            v_hat = v / (1 - beta2**t) if correct else v
            theta[t] = theta[t - 1] - lr * m_hat / (np.sqrt(v_hat) + eps)
            ms[t - 1], m_hats[t - 1], vs[t - 1], v_hats[t - 1] = m, m_hat, v, v_hat
        out[key] = {"theta": theta, "step": theta[:-1] - theta[1:]}
        if correct:
            out.update(m=ms, m_hat=m_hats, v=vs, v_hat=v_hats)
    return out
