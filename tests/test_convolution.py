"""dl.convolution: shared-weight feature maps, pooling, shift behaviour."""

from __future__ import annotations

import numpy as np
import pytest

import dlcore as dl
from dlcore import augmentation as A
from dlcore import convolution as Cv


def _loops(images, K, pad):
    """The definition, with explicit loops over positions."""
    x = np.pad(images, ((0, 0), (pad, pad), (pad, pad)))
    n, H, W = x.shape
    k, kh, kw = K.shape
    out = np.zeros((n, k, H - kh + 1, W - kw + 1))
    for i in range(n):
        for j in range(k):
            for r in range(H - kh + 1):
                for c in range(W - kw + 1):
                    out[i, j, r, c] = np.sum(x[i, r:r + kh, c:c + kw] * K[j])
    return out


@pytest.mark.parametrize("pad", [0, 1, 2])
def test_conv2d_matches_the_definition(pad):
    rng = np.random.default_rng(0)
    images, K = rng.random((3, 7, 6)), rng.normal(size=(2, 3, 2))
    maps = Cv.conv2d(images, K, pad)
    assert maps.shape == (3, 2, 7 + 2 * pad - 2, 6 + 2 * pad - 1)
    assert np.allclose(maps, _loops(images, K, pad), atol=1e-12)


def test_conv2d_single_image_and_kernel():
    img = np.arange(16.0).reshape(4, 4)
    K = np.array([[1.0, 0.0], [0.0, -1.0]])
    maps = Cv.conv2d(img, K)
    assert maps.shape == (1, 1, 3, 3) and np.allclose(maps, -5.0)


def test_feature_maps_move_with_the_image():
    images, _ = dl.datasets.load_digits(images=True)
    framed = A.pad_images(images[:40], 2)
    K = Cv.sample_kernels(framed, 3, 4, seed=0)
    maps = Cv.conv2d(framed, K, pad=2)
    for dy, dx in [(1, 0), (-2, 1), (2, 2)]:
        moved = Cv.conv2d(A.shift_images(framed, dy, dx), K, pad=2)
        want = A.shift_images(maps.reshape(-1, *maps.shape[2:]), dy, dx)
        assert np.allclose(moved, want.reshape(maps.shape), atol=1e-12)


def test_pooled_features_do_not_change_under_shifts_inside_the_frame():
    images, _ = dl.datasets.load_digits(images=True)
    framed = A.pad_images(images[:60], 2)
    K = Cv.sample_kernels(framed, 5, 6, seed=1)
    F = Cv.pooled_features(framed, K, pad=4)
    assert F.shape == (60, 12)
    for dy, dx in A.shifts_up_to(2):
        G = Cv.pooled_features(A.shift_images(framed, dy, dx), K, pad=4)
        assert np.abs(G - F).max() < 1e-12


def test_pooled_features_can_change_when_ink_leaves_the_frame():
    images, _ = dl.datasets.load_digits(images=True)
    K = Cv.sample_kernels(images, 3, 4, seed=0)
    F = Cv.pooled_features(images[:60], K, pad=2)
    G = Cv.pooled_features(A.shift_images(images[:60], 2, 0), K, pad=2)
    assert np.abs(G - F).max() > 1e-3   # the 8 x 8 frame cuts ink off


def test_pools_and_kernels():
    maps = np.arange(24.0).reshape(1, 2, 3, 4)
    assert np.array_equal(Cv.global_max_pool(maps), [[11.0, 23.0]])
    assert np.allclose(Cv.global_mean_pool(maps), [[5.5, 17.5]])
    images, _ = dl.datasets.load_digits(images=True)
    K = Cv.sample_kernels(images, 3, 5, seed=2)
    assert K.shape == (5, 3, 3)
    assert np.allclose(K.sum(axis=(1, 2)), 0, atol=1e-12)
    assert np.allclose(np.linalg.norm(K.reshape(5, -1), axis=1), 1)
    assert np.array_equal(K, Cv.sample_kernels(images, 3, 5, seed=2))


def test_bad_arguments_name_themselves():
    img = np.zeros((4, 4))
    with pytest.raises(ValueError, match="kernels"):
        Cv.conv2d(img, np.ones((5, 5)))
    with pytest.raises(ValueError, match="kernels"):
        Cv.conv2d(img, np.ones(3))
    with pytest.raises(ValueError, match="pad"):
        Cv.conv2d(img, np.ones((2, 2)), pad=-1)
    with pytest.raises(ValueError, match="maps"):
        Cv.global_max_pool(np.ones((2, 3)))
    with pytest.raises(ValueError, match="size"):
        Cv.sample_kernels(img, 5, 2)
    with pytest.raises(ValueError, match="images"):
        Cv.sample_kernels(np.zeros((3, 6, 6)), 3, 2)
