"""numeric_gradient, relative_error and eps_sweep (chapter 3.2): the step-size V."""

import numpy as np
import pytest

import dlcore as dl
from dlcore.gradcheck import eps_sweep, gradcheck_errors, numeric_gradient, relative_error
from dlcore.widgets.gradcheck_explorer import default_problem


def problem():
    model, X, y, loss = default_problem(0)
    for b in model.params[1::2]:
        b[...] = 0.1
    return model, X, y, loss


def backprop(model, X, y, loss):
    m = model.copy(dtype=np.float64)
    lossf = dl.losses.get(loss)
    m.backward(lossf.backward(m.forward(X), np.asarray(y, float).reshape(-1, 1)))
    return m.grads


def test_relative_error_of_arrays_and_lists():
    g = np.array([1.0, 2.0, 2.0])
    assert relative_error(g, g) == 0.0
    assert relative_error(g, -g) == pytest.approx(1.0)
    assert relative_error(np.zeros(3), np.zeros(3)) == 0.0
    # lists are one long vector: ||(0, 0, 3)|| / (3 + 3)
    assert relative_error([np.zeros(2), np.array([3.0])],
                          [np.zeros(2), np.array([0.0])]) == pytest.approx(1.0)
    assert relative_error([g], [g * 1.001]) == pytest.approx(0.001 / 2.001)


def test_numeric_gradient_matches_backprop_and_has_the_params_shapes():
    model, X, y, loss = problem()
    numeric = numeric_gradient(model, X, y, loss)
    grads = backprop(model, X, y, loss)
    assert [n.shape for n in numeric] == [p.shape for p in model.params]
    assert relative_error(grads, numeric) < 1e-8
    # the forward difference is first order: worse at the same step
    fwd = numeric_gradient(model, X, y, loss, eps=1e-3, scheme="forward")
    cen = numeric_gradient(model, X, y, loss, eps=1e-3)
    assert relative_error(grads, fwd) > 100 * relative_error(grads, cen)


def test_gradcheck_errors_unchanged_by_the_refactor():
    model, X, y, loss = problem()
    numeric = numeric_gradient(model, X, y, loss)
    grads = backprop(model, X, y, loss)
    expected = [relative_error(g, n) for g, n in zip(grads, numeric)]
    assert gradcheck_errors(model, X, y, loss) == pytest.approx(expected, rel=1e-9, abs=1e-15)


def test_eps_sweep_is_v_shaped_with_the_float32_bottom_to_the_right():
    model, X, y, loss = problem()
    params = [p.copy() for p in model.params]
    eps = 10.0 ** np.arange(-12, 0.01, 0.5)
    s = eps_sweep(model, X, y, loss, eps=eps)
    for p, q in zip(model.params, params):
        np.testing.assert_array_equal(p, q)                  # model untouched
    i64, i32 = np.argmin(s["float64"]), np.argmin(s["float32"])
    assert 0 < i64 < len(eps) - 1 and 0 < i32 < len(eps) - 1   # a bottom inside
    assert 1e-7 <= eps[i64] <= 1e-3                          # near u^(1/3) ~ 6e-6
    assert 1e-4 <= eps[i32] <= 1e-1                          # near u^(1/3) ~ 5e-3
    assert s["float32"][i32] > 100 * s["float64"][i64]
    # right arm: truncation, slope about 2 (from 1e-3 to 1e-1 in float64)
    j, k = np.searchsorted(eps, [1e-3, 1e-1])
    slope = np.log10(s["float64"][k] / s["float64"][j]) / np.log10(eps[k] / eps[j])
    assert 1.6 < slope < 2.4
    # left arm: round-off, slope about -1 (from 1e-12 to 1e-8 in float64)
    j, k = np.searchsorted(eps, [1e-12, 1e-8])
    slope = np.log10(s["float64"][k] / s["float64"][j]) / np.log10(eps[k] / eps[j])
    assert -1.5 < slope < -0.6
    # float32 steps below its resolution: w + eps == w, the difference is 0
    assert s["float32"][0] == pytest.approx(1.0)
    assert s["scheme"] == "central" and s["eps"] is not eps


def test_eps_sweep_forward_scheme_has_a_first_order_right_arm():
    model, X, y, loss = problem()
    eps = np.array([1e-3, 1e-1])
    s = eps_sweep(model, X, y, loss, eps=eps, dtypes=["float64"], scheme="forward")
    assert "float32" not in s
    slope = np.log10(s["float64"][1] / s["float64"][0]) / 2
    assert 0.7 < slope < 1.3


def test_bad_input():
    model, X, y, loss = problem()
    with pytest.raises(ValueError, match="^scheme: "):
        numeric_gradient(model, X, y, loss, scheme="backward")
    with pytest.raises(ValueError, match="^dtype: "):
        numeric_gradient(model, X, y, loss, dtype=np.int32)
    with pytest.raises(ValueError, match="^eps: "):
        numeric_gradient(model, X, y, loss, eps=-1)
    with pytest.raises(ValueError, match="^eps: "):
        eps_sweep(model, X, y, loss, eps=[1e-3, 0.0])
    with pytest.raises(ValueError, match="^eps: "):
        eps_sweep(model, X, y, loss, eps=np.ones((2, 2)))
    with pytest.raises(TypeError, match="^dtypes: "):
        eps_sweep(model, X, y, loss, dtypes="float64")
    with pytest.raises(ValueError, match="^dtypes: "):
        eps_sweep(model, X, y, loss, dtypes=["float16"])
    with pytest.raises(ValueError, match="^g and numeric: "):
        relative_error(np.zeros(2), np.zeros(3))
    with pytest.raises(TypeError, match="^model: "):
        numeric_gradient("net", X, y, loss)
