"""accuracy and confusion_matrix."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dlcore import metrics
from dlcore.metrics import accuracy, confusion_matrix


def test_accuracy():
    assert metrics.accuracy(np.array([0, 1, 2, 2]), np.array([0, 1, 1, 2])) == 0.75
    assert metrics.accuracy([1, 0], np.array([[0, 1], [1, 0]])) == 1.0  # one-hot truth
    assert isinstance(metrics.accuracy([1], [1]), float)


def test_confusion_matrix_rows_are_true_classes():
    y_true = np.array([0, 0, 1, 2, 2, 2])
    y_pred = np.array([0, 1, 1, 2, 0, 2])
    C = metrics.confusion_matrix(y_true, y_pred)
    np.testing.assert_array_equal(C, [[1, 1, 0], [0, 1, 0], [1, 0, 2]])
    assert C.dtype == np.int64
    assert metrics.confusion_matrix(y_true, y_pred, n_classes=4).shape == (4, 4)


def test_bad_input():
    with pytest.raises(ValueError, match="y_pred and y: expected the same number of samples"):
        metrics.accuracy([0, 1], [0, 1, 1])
    with pytest.raises(TypeError, match="y_pred: expected integer class labels, got dtype float64"):
        metrics.accuracy(np.array([0.2, 0.9]), [0, 1])
    with pytest.raises(ValueError, match=r"y_pred: expected class labels of shape \(n,\)"):
        metrics.accuracy(np.zeros((2, 2), dtype=int), [0, 1])
    with pytest.raises(ValueError, match=r"y_true: expected labels in 0..1, got values from 0 to 2"):
        metrics.confusion_matrix([0, 2], [0, 1], n_classes=2)
    with pytest.raises(ValueError, match="y_true: expected labels in 0..1, got values from -1 to 0"):
        metrics.confusion_matrix([-1, 0], [0, 1])
    with pytest.raises(ValueError, match="non-empty"):
        metrics.accuracy(np.array([], dtype=int), np.array([], dtype=int))


@settings(max_examples=50, deadline=None)
@given(st.integers(1, 50), st.integers(1, 6), st.integers(0, 2**32 - 1))
def test_confusion_matrix_invariants(n, k, seed):
    rng = np.random.default_rng(seed)
    y_true, y_pred = rng.integers(0, k, n), rng.integers(0, k, n)
    C = metrics.confusion_matrix(y_true, y_pred, n_classes=k)
    assert C.shape == (k, k) and C.sum() == n
    # (rng.integers gives int64, which np.bincount refuses on 32-bit platforms)
    np.testing.assert_array_equal(C.sum(axis=1), [np.sum(y_true == c) for c in range(k)])
    assert np.trace(C) / n == pytest.approx(metrics.accuracy(y_pred, y_true))


@pytest.mark.parametrize("shape", [(4, 1)])
def test_a_column_of_labels_is_rejected_not_argmaxed(shape):
    y = np.array([0, 1, 1, 0]).reshape(shape)
    with pytest.raises(ValueError, match="^y: "):
        accuracy(np.array([0, 1, 1, 0]), y)
    with pytest.raises(ValueError, match="^y_pred: "):
        accuracy(y, np.array([0, 1, 1, 0]))
    with pytest.raises(ValueError, match="^y_true: "):
        confusion_matrix(y, np.array([0, 1, 1, 0]))


def test_labels_of_any_integer_dtype_count_as_intp():
    for dtype in (np.int8, np.uint8, np.int32, np.int64):
        y = np.array([0, 2, 1, 2], dtype=dtype)
        assert confusion_matrix(y, y).trace() == 4
        assert accuracy(y, y) == 1.0


def test_r2_score_by_hand_and_its_landmarks():
    from dlcore.metrics import r2_score
    y = np.array([1.0, 2.0, 3.0, 4.0])
    assert r2_score(y, y) == 1.0
    assert r2_score(np.full(4, y.mean()), y) == pytest.approx(0.0, abs=1e-15)
    # residuals (0.5, -0.5, 0, 0): 1 - 0.5 / 5 = 0.9
    assert r2_score([1.5, 1.5, 3.0, 4.0], y) == pytest.approx(0.9, rel=1e-14)
    assert r2_score(-y, y) < 0
    assert r2_score(y[:, None], y) == 1.0           # one output: a column
    mse = np.mean((y - [1.5, 1.5, 3.0, 4.0]) ** 2)
    assert r2_score([1.5, 1.5, 3.0, 4.0], y) == pytest.approx(1 - mse / y.var(), rel=1e-14)


@pytest.mark.parametrize("y_pred, y, exc, arg", [
    (np.ones((4, 2)), np.arange(4.0), ValueError, "y_pred"),
    (np.ones(3), np.arange(4.0), ValueError, "y_pred"),
    (np.ones(4), np.ones(4), ValueError, "y"),
    (np.ones(4), np.array([0, 1, np.nan, 2]), ValueError, "y"),
    (np.array(["a"] * 4), np.arange(4.0), TypeError, "y_pred"),
])
def test_r2_score_bad_inputs_name_the_argument(y_pred, y, exc, arg):
    from dlcore.metrics import r2_score
    with pytest.raises(exc, match=f"^{arg}"):
        r2_score(y_pred, y)
