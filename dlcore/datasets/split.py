"""Splitting a data set into a training part and a validation part."""

from __future__ import annotations

import numpy as np

from .._checks import as_array, check_in_range, same_length
from ..random import get_rng

__all__ = ["train_val_split"]


def train_val_split(X, y, val_fraction: float = 0.2, seed=0, stratify=None):
    """Split ``(X, y)`` at random into a training part and a validation part.

    X:             ``(n, d)`` array of inputs.
    y:             ``(n,)`` array of targets (integer class labels or float targets).
    val_fraction:  the share of the rows that go to validation, in ``(0, 1)``.
                   The validation part has ``round(val_fraction * n)`` rows, at
                   least 1 and at most ``n - 1``.
    seed:          an int (same seed, same split), a ``np.random.Generator``, or
                   ``None`` for dlcore's default generator (see ``dl.seed``).
    stratify:      keep each class's share the same in both parts. ``None``
                   (default) stratifies when ``y`` holds integer labels and not
                   for float targets; ``True`` requires integer labels.

    Returns ``X_train, X_val, y_train, y_val`` (new arrays, rows in random
    order; the inputs are not modified). Used for the validation curves of
    chapters 4.2 and 4.3.
    """
    X = as_array(X, "X", ndim=2, dtype=None)
    y_arr = np.asarray(y)
    if y_arr.ndim != 1:
        raise ValueError(f"y: expected a 1-D array of shape (n,), got shape {y_arr.shape}")
    if y_arr.dtype.kind not in "biuf":
        raise TypeError(f"y: expected numbers (class labels or float targets), got dtype {y_arr.dtype}")
    if y_arr.dtype.kind == "f" and not np.isfinite(y_arr).all():
        raise ValueError("y: expected finite numbers, found NaN or inf")
    same_length(X, y_arr, "X", "y")
    n = len(y_arr)
    if n < 2:
        raise ValueError(f"X, y: expected at least 2 samples to split, got {n}")
    val_fraction = check_in_range(val_fraction, "val_fraction", 0.0, 1.0, low_open=True, high_open=True)
    integer_labels = y_arr.dtype.kind in "iu"
    if stratify is None:
        stratify = integer_labels
    elif not isinstance(stratify, (bool, np.bool_)):
        raise TypeError(f"stratify: expected True, False or None, got {stratify!r}")
    elif stratify and not integer_labels:
        raise ValueError(f"stratify: True needs integer class labels in y, got dtype {y_arr.dtype}")
    rng = get_rng(seed)

    n_val = min(max(int(round(val_fraction * n)), 1), n - 1)
    if stratify:
        val_idx = _stratified_val_indices(y_arr, n_val, rng)
    else:
        val_idx = rng.permutation(n)[:n_val]
    is_val = np.zeros(n, dtype=bool)
    is_val[val_idx] = True
    train_idx = rng.permutation(np.flatnonzero(~is_val))
    val_idx = rng.permutation(np.flatnonzero(is_val))
    return X[train_idx], X[val_idx], y_arr[train_idx], y_arr[val_idx]


def _stratified_val_indices(y: np.ndarray, n_val: int, rng: np.random.Generator) -> np.ndarray:
    """``n_val`` row indices with each class represented in proportion to its size.

    Class ``c`` with ``n_c`` rows gets ``n_val * n_c / n`` validation rows,
    rounded by the largest-remainder rule so that the counts add up to ``n_val``.
    """
    classes, inverse, counts = np.unique(y, return_inverse=True, return_counts=True)
    exact = n_val * counts / len(y)
    take = np.floor(exact).astype(np.int64)
    short = n_val - int(take.sum())
    if short:
        # largest remainders first; ties go to the bigger class, then the smaller label
        order = np.lexsort((np.arange(len(classes)), -counts, -(exact - take)))
        take[order[:short]] += 1
    picked = [rng.permutation(np.flatnonzero(inverse == c))[:m] for c, m in enumerate(take)]
    return np.concatenate(picked)
