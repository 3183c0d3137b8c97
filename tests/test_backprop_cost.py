"""Operation counts and timings of backprop against finite differences (chapter 3.2)."""

import numpy as np
import pytest

from dlcore import backprop_cost as bc


def test_operation_counts_by_hand():
    c = bc.operation_counts([2, 3, 1], n=4)
    assert c["n_params"] == 2 * 3 + 3 + 3 * 1 + 1
    assert c["forward"] == 4 * (2 * 3 + 3 * 1)
    assert c["backward"] == 2 * c["forward"]
    assert c["backprop"] == 3 * c["forward"]
    assert c["finite_differences"] == 2 * 13 * c["forward"]
    assert c["ratio"] == pytest.approx(2 * 13 / 3)
    assert c["ratio"] == pytest.approx(c["finite_differences"] / c["backprop"])


def test_time_gradients_returns_positive_times_per_repeat():
    t = bc.time_gradients([2, 3, 1], n=4, repeats=2, target=1e-3)
    for key in ("backprop", "finite_differences", "ratio"):
        assert t[key].shape == (2,) and np.all(t[key] > 0)
    np.testing.assert_allclose(t["ratio"], t["finite_differences"] / t["backprop"])
    assert t["counted"] == bc.operation_counts([2, 3, 1], 4)


def test_cost_sweep_shapes():
    s = bc.cost_sweep(widths=[2, 3], repeats=1, n=4, target=1e-3)
    np.testing.assert_array_equal(s["widths"], [2, 3])
    np.testing.assert_array_equal(s["n_params"], [4 * 2 + 2 + 4 + 2 + 3, 4 * 3 + 3 + 9 + 3 + 4])
    np.testing.assert_allclose(s["counted"], 2 * s["n_params"] / 3)
    for key in ("backprop", "finite_differences", "ratio", "ratio_low", "ratio_high"):
        assert s[key].shape == (2,)
    assert np.all(s["ratio_low"] <= s["ratio"]) and np.all(s["ratio"] <= s["ratio_high"])


def test_bad_input():
    with pytest.raises(TypeError, match="^sizes: "):
        bc.operation_counts("2,3,1")
    with pytest.raises(ValueError, match="^sizes: "):
        bc.operation_counts([2])
    with pytest.raises(ValueError, match=r"^sizes\[1\]: "):
        bc.operation_counts([2, 0, 1])
    with pytest.raises(ValueError, match="^n: "):
        bc.operation_counts([2, 1], n=0)
    with pytest.raises(ValueError, match="^repeats: "):
        bc.time_gradients([2, 1], repeats=0)
    with pytest.raises(TypeError, match="^widths: "):
        bc.cost_sweep(widths=4)
    with pytest.raises(ValueError, match=r"^widths\[0\]: "):
        bc.cost_sweep(widths=[-1])


def test_bad_target():
    with pytest.raises(ValueError, match="^target: "):
        bc.time_gradients([2, 1], target=0)
