"""dlcore.forward_trace (chapter 3.1): the layer-by-layer record of a forward pass."""

from __future__ import annotations

import numpy as np
import pytest

import dlcore as dl
from dlcore import forward_trace as ft


def _sigmoid(z):
    return 1 / (1 + np.exp(-z))


def test_worked_example_gives_the_numbers_worked_by_hand():
    model = ft.worked_example()
    assert model.sizes == [2, 3, 1]
    assert (model.activation, model.output_activation) == ("relu", "sigmoid")
    t = ft.trace(model, ft.WORKED_INPUT)
    np.testing.assert_allclose(t.layers[0].z, [[1.2, -0.2, 0.8]], atol=1e-12)
    np.testing.assert_allclose(t.layers[0].a, [[1.2, 0.0, 0.8]], atol=1e-12)
    np.testing.assert_allclose(t.layers[1].z, [[0.4]], atol=1e-12)
    np.testing.assert_allclose(t.y_hat, [[_sigmoid(0.4)]], atol=1e-12)


def test_trace_reads_back_what_forward_computed():
    model = dl.MLP([3, 5, 4, 2], activation="tanh", seed=3)
    X = np.random.default_rng(0).normal(size=(7, 3))
    t = ft.trace(model, X)
    assert t.sizes == [3, 5, 4, 2] and len(t.layers) == 3
    np.testing.assert_array_equal(t.y_hat, model.predict(X))
    np.testing.assert_array_equal(t.X, X)
    a = X
    for layer, W, b in zip(t.layers, model.params[0::2], model.params[1::2]):
        np.testing.assert_array_equal(layer.a_in, a)
        np.testing.assert_allclose(layer.z, a @ W + b, rtol=0, atol=1e-12)
        a = np.tanh(layer.z) if layer.l < 3 else layer.z
        np.testing.assert_allclose(layer.a, a, rtol=0, atol=1e-12)
        assert layer.W.shape == W.shape and layer.b.shape == b.shape
    names = [name for name, _ in t.arrays()]
    assert names == ["a_0", "z_1", "a_1", "z_2", "a_2", "z_3", "a_3"]


def test_trace_holds_copies_and_leaves_caches_ready_for_backward():
    model = ft.worked_example()
    t = ft.trace(model, ft.WORKED_INPUT)
    model.params[0][...] = 0.0                       # change the model afterwards
    assert t.layers[0].W[0, 0] == 0.5
    t.layers[0].z[...] = 99.0                        # the trace's arrays are its own
    assert model.layers[1].z[0, 0] != 99.0
    d_X = model.backward(np.ones((1, 1)))             # forward's caches are set
    assert d_X.shape == (1, 2)


def test_shape_table_lists_every_array_with_its_shape():
    model = dl.MLP([2, 3, 1], seed=0)
    t = ft.trace(model, np.zeros((4, 2)))
    table = t.shape_table()
    shapes = {row[0]: row[2] for row in table.rows}
    assert shapes == {"a_0 = X": (4, 2), "W_1": (2, 3), "b_1": (3,), "z_1": (4, 3),
                      "a_1": (4, 3), "W_2": (3, 1), "b_2": (1,), "z_2": (4, 1),
                      "a_2": (4, 1)}
    page = table._repr_html_()
    assert page.count("<tr>") == 1 + len(table.rows)
    assert "<code>(4, 2) @ (2, 3) + (3,)</code>" in page
    assert "<i>z</i><sub>1</sub>" in page and "`" not in page
    text = str(table)
    assert "`" not in text and "a_0 W_1 + b_1: (4, 2) @ (2, 3) + (3,)" in text
    assert "relu(z_1), elementwise" in text


def test_step_text_names_the_step_and_its_numbers():
    t = ft.trace(ft.worked_example(), ft.WORKED_INPUT)
    assert t.n_steps == 5
    assert t.step_text(0) == "a_0 = x = [1.00, 2.00]"
    assert t.step_text(1) == "z_1 = a_0 W_1 + b_1 = [1.20, -0.20, 0.80]"
    assert t.step_text(2) == "a_1 = relu(z_1) = [1.20, 0.00, 0.80]"
    assert t.step_text(4) == "a_2 = sigmoid(z_2) = [0.60]"
    with pytest.raises(ValueError, match="step"):
        t.step_text(5)
    with pytest.raises(ValueError, match="row"):
        t.step_text(0, row=1)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_per_sample_loop_gives_the_matrix_forms_numbers(dtype):
    model = dl.MLP([4, 6, 3], activation="sigmoid", seed=1, dtype=dtype)
    X = np.random.default_rng(2).normal(size=(9, 4))
    loop = ft.forward_per_sample(model, X)
    assert loop.shape == (9, 3) and loop.dtype == dtype
    tol = 1e-12 if dtype == np.float64 else 1e-6
    np.testing.assert_allclose(loop, model.predict(X), rtol=0, atol=tol)


def test_compare_speed_reports_ratios_per_repeat():
    model = ft.worked_example()
    X = np.random.default_rng(0).normal(size=(20, 2))
    s = ft.compare_speed(model, X, repeats=3, number=2)
    assert len(s.ratios) == 3 and s.n == 20 and s.max_diff < 1e-12
    np.testing.assert_allclose(s.ratios, s.loop_s / s.matrix_s)
    assert s.low <= s.median <= s.high
    assert "repeats" in repr(s)


def test_bad_inputs_name_the_argument():
    model = ft.worked_example()
    with pytest.raises(TypeError, match="model"):
        ft.trace("net", ft.WORKED_INPUT)
    with pytest.raises(ValueError, match="X"):
        ft.trace(model, np.zeros((3, 5)))
    with pytest.raises(ValueError, match="X"):
        ft.forward_per_sample(model, [[np.nan, 1.0]])
    with pytest.raises(TypeError, match="model"):
        ft.forward_per_sample(None, ft.WORKED_INPUT)
    with pytest.raises(ValueError, match="repeats"):
        ft.compare_speed(model, ft.WORKED_INPUT, repeats=0)
    with pytest.raises(TypeError, match="number"):
        ft.compare_speed(model, ft.WORKED_INPUT, number=1.5)
