"""dlcore.loss_comparison: per-example MSE and BCE, and the learning slowdown."""

from __future__ import annotations

import numpy as np
import pytest

import dlcore as dl
from dlcore import loss_comparison as L


@pytest.mark.parametrize("y", [0.0, 1.0])
def test_values_and_gradients_agree_with_dlcore_losses(y):
    a = np.array([0.03, 0.2, 0.5, 0.8, 0.97])
    v = L.binary_losses(y, a)
    for i, ai in enumerate(a):
        A, Y = np.array([[ai]]), np.array([[y]])
        for loss in ("mse", "bce"):
            value, grad = dl.losses.get(loss).value_and_grad(A, Y)
            assert v[loss][i] == pytest.approx(value, rel=1e-12)
            assert v[f"d_{loss}_da"][i] == pytest.approx(grad[0, 0], rel=1e-9)
    # dL/dz = dL/da * sigma'(z), checked by finite differences in z
    z = np.log(a / (1 - a))
    h = 1e-6
    sig = dl.activations.get("sigmoid").forward
    for loss in ("mse", "bce"):
        up, down = L.binary_losses(y, sig(z + h))[loss], L.binary_losses(y, sig(z - h))[loss]
        np.testing.assert_allclose(v[f"d_{loss}_dz"], (up - down) / (2 * h), rtol=1e-6, atol=1e-9)


def test_bce_gradient_in_z_is_a_minus_y_and_mse_vanishes_when_confidently_wrong():
    v = L.binary_losses(0.0, np.array([0.999]))
    assert v["d_bce_dz"][0] == pytest.approx(0.999)
    assert abs(v["d_mse_dz"][0]) < 0.002


def test_bad_inputs():
    with pytest.raises(ValueError, match="a"):
        L.binary_losses(1, [0.0, 0.5])
    with pytest.raises(ValueError, match="y"):
        L.binary_losses(2, [0.5])
    with pytest.raises(ValueError, match="y"):
        L.binary_losses([0, 1, 1], [0.5, 0.5])
    with pytest.raises(ValueError, match="lr"):
        L.slowdown_runs(lr=0)
    with pytest.raises(ValueError, match="y"):
        L.slowdown_runs(y=1.5)
    with pytest.raises(ValueError, match="w"):
        L.slowdown_runs(w=[1.0, 2.0])


def test_slowdown_runs_start_together_and_cross_entropy_learns_first():
    r = L.slowdown_runs(epochs=60)
    assert r["mse"]["output"][0] == r["bce"]["output"][0] > 0.98
    assert len(r["mse"]["output"]) == 61 and len(r["bce"]["loss"]) == 60
    assert r["bce"]["output"][60] < 0.2 < 0.9 < r["mse"]["output"][60]
    # the first step: MSE's is a(1 - a) times smaller (and times 2)
    a = r["mse"]["output"][0]
    step_mse = a - r["mse"]["output"][1]
    step_bce = a - r["bce"]["output"][1]
    assert step_mse < 0.1 * step_bce
