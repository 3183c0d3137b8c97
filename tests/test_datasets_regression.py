"""The 2-D regression data sets: shapes, dtypes, seeds, the surfaces' values
and what a linear fit can do with each."""

from __future__ import annotations

import numpy as np
import pytest

import dlcore as dl
from dlcore.datasets import make_gaussians, make_plane
from dlcore.datasets.regression import GAUSSIAN_BUMPS


def _r2_of_best_plane(X, y):
    A = np.column_stack([X, np.ones(len(X))])
    coef, *_ = np.linalg.lstsq(A, y, rcond=None)
    return dl.metrics.r2_score(A @ coef, y)


@pytest.mark.parametrize("make", [make_plane, make_gaussians])
def test_shapes_dtypes_range_and_seeds(make):
    X, y = make(120, 0.1, 3)
    assert X.shape == (120, 2) and y.shape == (120,)
    assert X.dtype == np.float64 and y.dtype == np.float64
    assert np.all(np.abs(X) <= 1.0)
    X2, y2 = make(120, 0.1, 3)
    assert np.array_equal(X, X2) and np.array_equal(y, y2)
    X3, y3 = make(120, 0.1, 4)
    assert not np.array_equal(y, y3)


def test_plane_is_exact_without_noise_and_noisy_with_it():
    X, y = make_plane(50, 0.0, 0, a=1.5, b=-0.5)
    assert np.allclose(y, 1.5 * X[:, 0] - 0.5 * X[:, 1], rtol=0, atol=1e-15)
    X, y_noisy = make_plane(2000, 0.2, 0)
    residual = y_noisy - (X[:, 0] + X[:, 1])
    assert abs(residual.std() - 0.2) < 0.02      # the noise goes into the target only


def test_gaussians_peak_at_the_bumps():
    X, y = make_gaussians(4000, 0.0, 1)
    for c1, c2, height, _ in GAUSSIAN_BUMPS:
        near = np.hypot(X[:, 0] - c1, X[:, 1] - c2) < 0.05
        assert near.any() and np.all(np.sign(y[near]) == np.sign(height))
        assert np.all(np.abs(y[near]) > 0.9)


def test_a_plane_fits_the_plane_but_not_the_gaussians():
    assert _r2_of_best_plane(*make_plane(300, 0.05, 0)) > 0.99
    assert _r2_of_best_plane(*make_gaussians(300, 0.05, 0)) < 0.1


@pytest.mark.parametrize("call, exc, arg", [
    (lambda: make_plane(0), ValueError, "n"),
    (lambda: make_plane(10.5), TypeError, "n"),
    (lambda: make_gaussians(10, -0.1), ValueError, "noise"),
    (lambda: make_gaussians(10, "x"), TypeError, "noise"),
    (lambda: make_plane(10, a=3.0), ValueError, "a"),
    (lambda: make_plane(10, b=np.nan), ValueError, "b"),
])
def test_bad_arguments_name_the_argument(call, exc, arg):
    with pytest.raises(exc, match=f"^{arg}:"):
        call()
