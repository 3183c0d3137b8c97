"""The UCI 8x8 handwritten digits, shipped inside the package (see README.md here)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import numpy as np

from .._checks import check_dtype

__all__ = ["load_digits", "DIGITS_PATH"]

DIGITS_PATH = Path(__file__).with_name("digits.npz")
N_DIGITS = 1797


@lru_cache(maxsize=1)
def _raw() -> tuple[np.ndarray, np.ndarray]:
    """The stored arrays: images ``(1797, 8, 8)`` uint8 in 0..16 and labels ``(1797,)`` int64, read once."""
    with np.load(DIGITS_PATH, allow_pickle=False) as data:
        images = data["images"]
        labels = data["labels"]
    if images.shape != (N_DIGITS, 8, 8) or labels.shape != (N_DIGITS,):  # pragma: no cover - a damaged file
        raise RuntimeError(f"{DIGITS_PATH} is damaged: images {images.shape}, labels {labels.shape}")
    images.setflags(write=False)
    labels.setflags(write=False)
    return images, labels


def load_digits(images: bool = False, dtype=np.float64) -> tuple[np.ndarray, np.ndarray]:
    """The 1,797 handwritten digits of the UCI "Optical Recognition of Handwritten Digits" set.

    Each image is 8 x 8 pixels; a pixel counts how many of the 16 pixels in a
    4 x 4 block of the original 32 x 32 black-and-white scan were ink, so it
    runs from 0 to 16. Here it is divided by 16, so every value lies in [0, 1].
    The ten classes (digits 0-9) have 174 to 183 images each. The data ship
    with dlcore (``digits.npz``, 46 kB); nothing is downloaded.

    images:  ``False`` (default) returns ``X`` with shape ``(1797, 64)``, each
             row an image read row by row, ready for an MLP; ``True`` returns
             ``(1797, 8, 8)`` for drawing.
    dtype:   ``np.float64`` (default) or ``np.float32``.

    Returns ``X`` (float, in [0, 1]) and ``y`` ``(1797,)`` labels 0..9 (``intp``, as NumPy indexes),
    fresh arrays on every call. Chapter 4.3 trains on them.
    """
    if not isinstance(images, (bool, np.bool_)):
        raise TypeError(f"images: expected True or False, got {images!r}")
    dtype = check_dtype(dtype)
    pixels, labels = _raw()
    X = pixels.astype(dtype) / dtype.type(16)
    if not images:
        X = X.reshape(N_DIGITS, 64)
    return X, labels.astype(np.intp)      # a fresh array (the stored one is int64)
