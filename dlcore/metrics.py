"""Metrics (评估指标): accuracy and the confusion matrix for classification (chapters
3.4 and 4), R² for regression (chapter 4.2)."""

from __future__ import annotations

import numpy as np

from . import _checks as C

__all__ = ["accuracy", "confusion_matrix", "r2_score"]


def _labels(y, arg, one_hot_ok):
    """Integer labels (n,) as intp; one-hot rows (n, k >= 2) become their argmax where allowed.
    A column (n, 1) is an error: its argmax would be 0 for every row."""
    a = np.asarray(y)
    if one_hot_ok and a.ndim == 2 and a.shape[1] >= 2:
        a = C.as_array(a, arg, ndim=2).argmax(axis=1)
    return C.as_labels(a, arg)


def accuracy(y_pred, y) -> float:
    """The fraction of predicted labels that equal the true labels, in [0, 1].

    y_pred: integer labels (n,), e.g. ``model.predict_classes(X)``.
    y:      integer labels (n,), or one-hot rows (n, k) with k >= 2.
    """
    y_pred = _labels(y_pred, "y_pred", one_hot_ok=False)
    y = _labels(y, "y", one_hot_ok=True)
    C.same_length(y_pred, y, "y_pred", "y")
    return float(np.count_nonzero(y_pred == y) / len(y))


def confusion_matrix(y_true, y_pred, n_classes=None) -> np.ndarray:
    """Counts C (k, k) of int64: C[i, j] = how many samples of true class i were predicted as j.

    Rows are true classes, columns predicted ones (scikit-learn's convention), so the
    diagonal holds the correct predictions and each row sums to that class's count.
    ``y_true`` may be one-hot rows (n, k); ``n_classes`` defaults to 1 + the largest label seen.
    """
    y_true = _labels(y_true, "y_true", one_hot_ok=True)
    y_pred = _labels(y_pred, "y_pred", one_hot_ok=False)
    C.same_length(y_true, y_pred, "y_true", "y_pred")
    k = int(max(y_true.max(), y_pred.max())) + 1 if n_classes is None else C.check_int(n_classes, "n_classes")
    for arg, a in (("y_true", y_true), ("y_pred", y_pred)):
        if a.min() < 0 or a.max() >= k:
            raise ValueError(f"{arg}: expected labels in 0..{k - 1}, got values from {a.min()} to {a.max()}")
    counts = np.bincount(y_true * k + y_pred, minlength=k * k)  # intp in, as np.bincount wants
    return counts.reshape(k, k).astype(np.int64)


def _column(a, arg):
    """Real values (n,) from an array (n,) or a column (n, 1) (one output)."""
    a = C.as_array(a, arg, dtype=np.float64)
    if a.ndim == 2 and a.shape[1] == 1:
        return a[:, 0]
    if a.ndim != 1:
        raise ValueError(f"{arg}: expected shape (n,) or (n, 1), one value per row, got shape {a.shape}")
    return a


def r2_score(y_pred, y) -> float:
    """The coefficient of determination R² = 1 - sum (y - y_pred)^2 / sum (y - mean(y))^2.

    1 is a perfect fit, 0 is no better than always predicting the mean of ``y``,
    and it is negative for worse. Equivalently R² = 1 - MSE / Var(y), with the
    variance over ``y``'s n values. ``y_pred`` and ``y``: real values ``(n,)``
    or ``(n, 1)``; ``y`` must not be constant (R² is then undefined).
    """
    y_pred = _column(y_pred, "y_pred")
    y = _column(y, "y")
    C.same_length(y_pred, y, "y_pred", "y")
    total = float(np.sum((y - y.mean()) ** 2))
    if total == 0:
        raise ValueError("y: expected targets that vary (R² divides by their spread), got a constant")
    return 1.0 - float(np.sum((y - y_pred) ** 2)) / total
