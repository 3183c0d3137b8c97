"""A tiny 2-D convolution: one small set of weights slid over every position
of an image (chapter 5.2).

An MLP's first layer gives every pixel its own weight, so a digit moved by
one pixel meets different weights. A convolution (卷积) uses one kernel
``K (kh, kw)`` at every position:

    maps[i, j, r, c] = sum over u, v of padded[i, r + u, c + v] * K[j, u, v]

(deep-learning libraries compute this, strictly a cross-correlation, and
call it convolution). Because the same weights are used everywhere, moving
the image moves the feature map by the same amount (equivariance); a global
pooling (max or mean over all positions) then gives the same numbers
wherever the digit is (invariance), as long as nothing is pushed out of the
frame.

>>> import dlcore as dl
>>> images, y = dl.datasets.load_digits(images=True)
>>> K = dl.convolution.sample_kernels(images, 5, 8, seed=0)   # (8, 5, 5)
>>> maps = dl.convolution.conv2d(images[:10], K, pad=4)       # (10, 8, 12, 12)
>>> F = dl.convolution.pooled_features(images[:10], K, pad=4)  # (10, 16)
"""

from __future__ import annotations

import numpy as np

from . import _checks as C
from .random import get_rng

__all__ = ["conv2d", "global_max_pool", "global_mean_pool",
           "sample_kernels", "pooled_features"]


def _images(images):
    a = C.as_array(images, "images", ndim=(2, 3))
    return a[None] if a.ndim == 2 else a


def _kernels(kernels):
    K = C.as_array(kernels, "kernels", ndim=(2, 3))
    return K[None] if K.ndim == 2 else K


def conv2d(images, kernels, pad: int = 0) -> np.ndarray:
    """Feature maps of every image under every kernel, weights shared
    across positions.

    images:  (n, H, W), or one (H, W) image (n = 1)
    kernels: (k, kh, kw), or one (kh, kw) kernel (k = 1)
    pad:     blank (0) pixels added on each side first; ``kh - 1`` gives
             an output wherever the kernel touches the image

    Returns maps (n, k, H + 2 pad - kh + 1, W + 2 pad - kw + 1).
    """
    x = _images(images)
    K = _kernels(kernels)
    pad = C.check_int(pad, "pad", minimum=0)
    x = np.pad(x, ((0, 0), (pad, pad), (pad, pad)))
    kh, kw = K.shape[1:]
    if kh > x.shape[1] or kw > x.shape[2]:
        raise ValueError(f"kernels: expected kernels no larger than the "
                         f"padded images {x.shape[1:]}, got {K.shape[1:]}")
    # windows[i, r, c] is the (kh, kw) patch whose corner is at (r, c)
    windows = np.lib.stride_tricks.sliding_window_view(x, (kh, kw),
                                                       axis=(1, 2))
    # sum over u, v of window * K[j]: (n, h, w, kh, kw) x (k, kh, kw)
    maps = np.tensordot(windows, K, axes=([3, 4], [1, 2]))
    return np.ascontiguousarray(maps.transpose(0, 3, 1, 2))


def _maps(maps):
    return C.as_array(maps, "maps", ndim=4)


def global_max_pool(maps) -> np.ndarray:
    """The largest value of each feature map: (n, k, h, w) -> (n, k)."""
    return _maps(maps).max(axis=(2, 3))


def global_mean_pool(maps) -> np.ndarray:
    """The mean value of each feature map: (n, k, h, w) -> (n, k)."""
    return _maps(maps).mean(axis=(2, 3))


def sample_kernels(images, size: int, n_kernels: int, seed=0):
    """``n_kernels`` kernels (n_kernels, size, size) cut from random places
    of random images, each with its mean removed and scaled to length 1.

    Patches with almost no ink (sum < 1) are skipped. A cheap way to get
    kernels that respond to strokes without training them.
    """
    x = _images(images)
    size = C.check_int(size, "size", maximum=min(x.shape[1:]))
    n_kernels = C.check_int(n_kernels, "n_kernels")
    rng = get_rng(seed)
    kernels, tries = [], 0
    while len(kernels) < n_kernels:
        tries += 1
        if tries > 100 * n_kernels:
            raise ValueError("images: too few patches with ink to cut "
                             f"{n_kernels} kernels of size {size}")
        i = rng.integers(len(x))
        r, c = rng.integers(0, np.array(x.shape[1:]) - size + 1)
        patch = x[i, r:r + size, c:c + size]
        if patch.sum() < 1:
            continue
        patch = patch - patch.mean()
        kernels.append(patch / np.linalg.norm(patch))
    return np.array(kernels)


def pooled_features(images, kernels, pad: int) -> np.ndarray:
    """Features that do not depend on where the digit is: for each kernel,
    the max and the mean over positions of relu(conv2d(images, kernel)).

    Returns (n, 2 k): the k maxima, then the k means.
    """
    a = np.maximum(conv2d(images, kernels, pad), 0.0)
    return np.concatenate([global_max_pool(a), global_mean_pool(a)], axis=1)
