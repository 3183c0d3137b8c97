"""dlcore.architecture: layer shapes, parameter counts, random surfaces (chapter 2.1)."""

from __future__ import annotations

import numpy as np
import pytest

import dlcore as dl
from dlcore import architecture as A


def test_layer_shapes_follow_a_batch_is_rows():
    assert A.layer_shapes([2, 3, 1]) == [((2, 3), (3,)), ((3, 1), (1,))]


@pytest.mark.parametrize("sizes", [[2, 1], [2, 3, 1], [4, 16, 16, 3], [784, 30, 10]])
def test_count_params_matches_the_model(sizes):
    model = dl.MLP(sizes)
    assert A.count_params(sizes) == model.n_params
    assert A.count_params(sizes) == sum(p.size for p in model.params)


def test_count_params_by_hand():
    assert A.count_params([2, 3, 1]) == (2 + 1) * 3 + (3 + 1) * 1 == 13


@pytest.mark.parametrize("bad, exc, arg", [
    ("231", TypeError, "sizes"), (5, TypeError, "sizes"), ([2], ValueError, "sizes"),
    ([2, 0, 1], ValueError, r"sizes\[1\]"), ([2, 1.5], TypeError, r"sizes\[1\]"),
])
def test_bad_sizes_name_the_argument(bad, exc, arg):
    with pytest.raises(exc, match=arg):
        A.count_params(bad)


def test_surface_grid_rows_are_points_in_row_major_order():
    P, shape = A.surface_grid((-1, 1, 0, 2), n_grid=3)
    assert shape == (3, 3) and P.shape == (9, 2)
    np.testing.assert_allclose(P[:3], [[-1, 0], [0, 0], [1, 0]])
    np.testing.assert_allclose(P[-1], [1, 2])
    with pytest.raises(ValueError, match="extent"):
        A.surface_grid((1, -1, 0, 1))
    with pytest.raises(ValueError, match="n_grid"):
        A.surface_grid(n_grid=1)


def test_random_surface_is_the_model_on_the_grid_and_seeded():
    model, Z = A.random_surface(depth=2, width=5, activation="relu", seed=3, n_grid=7)
    assert model.sizes == [2, 5, 5, 1] and model.init == "he" and Z.shape == (7, 7)
    P, _ = A.surface_grid(n_grid=7)
    np.testing.assert_allclose(Z.ravel(), model.predict(P)[:, 0])
    _, Z2 = A.random_surface(depth=2, width=5, activation="relu", seed=3, n_grid=7)
    _, Z3 = A.random_surface(depth=2, width=5, activation="relu", seed=4, n_grid=7)
    np.testing.assert_array_equal(Z, Z2)
    assert not np.allclose(Z, Z3)


def test_without_hidden_layers_the_surface_is_a_plane():
    model, Z = A.random_surface(depth=0, width=8, n_grid=9)
    assert model.sizes == [2, 1]
    P, _ = A.surface_grid(n_grid=9)
    coef, *_ = np.linalg.lstsq(np.column_stack([P, np.ones(len(P))]), Z.ravel(), rcond=None)
    np.testing.assert_allclose(np.column_stack([P, np.ones(len(P))]) @ coef, Z.ravel(), atol=1e-12)


def test_random_surface_rejects_bad_depth():
    with pytest.raises(ValueError, match="depth"):
        A.random_surface(depth=-1)
    with pytest.raises(TypeError, match="width"):
        A.random_surface(width=2.5)
