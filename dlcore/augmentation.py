"""Shifted images: data augmentation and a test of what a model has learned
(chapters 5.1 and 5.2).

A shift moves every pixel ``dy`` rows down and ``dx`` columns right; the
pixels that move in from outside are 0 (blank paper) and the pixels pushed
over the edge are lost. To move a digit without cutting it, first give it an
empty border with :func:`pad_images`; :func:`ink_lost` says how much ink a
shift would cut off.

>>> import dlcore as dl
>>> images, y = dl.datasets.load_digits(images=True)   # (1797, 8, 8)
>>> framed = dl.augmentation.pad_images(images, 2)     # (1797, 12, 12)
>>> moved = dl.augmentation.shift_images(framed, 1, -2)
>>> X_aug, y_aug = dl.augmentation.augment_with_shifts(
...     framed, y, dl.augmentation.shifts_up_to(1))     # 9 copies of each
"""

from __future__ import annotations

import numpy as np

from . import _checks as C
from .random import get_rng

__all__ = ["pad_images", "shift_images", "ink_lost", "shifts_up_to",
           "augment_with_shifts", "random_shifts"]


def _images(images, arg="images"):
    """``images`` as an (n, H, W) float array (one (H, W) image -> n = 1)."""
    a = C.as_array(images, arg, ndim=(2, 3))
    return a[None] if a.ndim == 2 else a


def _shift(value, size, arg):
    value = C.check_int(value, arg, minimum=-(size - 1), maximum=size - 1)
    return value


def pad_images(images, pad: int) -> np.ndarray:
    """Add ``pad`` blank (0) pixels on every side: (n, H, W) ->
    (n, H + 2 pad, W + 2 pad)."""
    a = _images(images)
    pad = C.check_int(pad, "pad", minimum=0)
    return np.pad(a, ((0, 0), (pad, pad), (pad, pad)))


def shift_images(images, dy: int, dx: int) -> np.ndarray:
    """Move each image ``dy`` pixels down and ``dx`` right (negative: up,
    left) with zero fill: out[:, r, c] = images[:, r - dy, c - dx], and 0
    where that pixel lies outside the frame.

    images: (n, H, W) or one (H, W) image; returns a new array of the same
    shape and dtype. |dy| < H and |dx| < W.
    """
    a = _images(images)
    H, W = a.shape[1:]
    dy, dx = _shift(dy, H, "dy"), _shift(dx, W, "dx")
    out = np.zeros_like(a)
    rows_to = slice(max(dy, 0), H + min(dy, 0))
    cols_to = slice(max(dx, 0), W + min(dx, 0))
    rows_from = slice(max(-dy, 0), H - max(dy, 0))
    cols_from = slice(max(-dx, 0), W - max(dx, 0))
    out[:, rows_to, cols_to] = a[:, rows_from, cols_from]
    return out.reshape(np.shape(images)) if np.ndim(images) == 2 else out


def ink_lost(images, dy: int, dx: int) -> np.ndarray:
    """The ink (sum of pixel values) each image loses over the edge when
    shifted by (dy, dx): (n,). All zeros means the shift moves every
    image whole."""
    a = _images(images)
    kept = shift_images(a, dy, dx).sum(axis=(1, 2))
    return a.sum(axis=(1, 2)) - kept


def shifts_up_to(max_shift: int) -> list:
    """Every (dy, dx) with |dy| <= max_shift and |dx| <= max_shift, (0, 0)
    first: 9 shifts for max_shift = 1, 25 for 2."""
    m = C.check_int(max_shift, "max_shift", minimum=0)
    rest = [(dy, dx) for dy in range(-m, m + 1) for dx in range(-m, m + 1)
            if (dy, dx) != (0, 0)]
    return [(0, 0)] + rest


def _check_shifts(shifts, H, W):
    if isinstance(shifts, (str, bytes)) or not hasattr(shifts, "__len__") \
            or len(shifts) == 0:
        raise TypeError(f"shifts: expected a non-empty list of (dy, dx) "
                        f"pairs, got {C.describe(shifts)}")
    out = []
    for i, s in enumerate(shifts):
        if not hasattr(s, "__len__") or len(s) != 2:
            raise TypeError(f"shifts[{i}]: expected a (dy, dx) pair, "
                            f"got {C.describe(s)}")
        out.append((_shift(s[0], H, f"shifts[{i}][0]"),
                    _shift(s[1], W, f"shifts[{i}][1]")))
    return out


def augment_with_shifts(images, y, shifts):
    """One shifted copy of every image per (dy, dx) in ``shifts``, with its
    label: images (n, H, W), y (n,) -> (n * len(shifts), H, W) and
    (n * len(shifts),), copy by copy (all of the first shift, then the
    next). Include (0, 0) to keep the originals."""
    a = _images(images)
    y = C.as_labels(y, "y")
    C.same_length(a, y, "images", "y")
    shifts = _check_shifts(shifts, *a.shape[1:])
    moved = [shift_images(a, dy, dx) for dy, dx in shifts]
    return np.concatenate(moved), np.tile(y, len(shifts))


def random_shifts(images, max_shift: int, seed=0, exclude_zero=True):
    """Shift each image by its own random (dy, dx) with |dy|, |dx| <=
    max_shift; (0, 0) is excluded unless ``exclude_zero`` is False.

    Returns ``(shifted (n, H, W), shifts (n, 2) intp)``.
    """
    a = _images(images)
    options = shifts_up_to(max_shift)
    C.check_bool(exclude_zero, "exclude_zero")
    if exclude_zero:
        options = options[1:]
    if not options:
        raise ValueError("max_shift: expected at least 1 when (0, 0) is "
                         "excluded, got 0")
    _check_shifts(options, *a.shape[1:])
    rng = get_rng(seed)
    pick = np.asarray(options, dtype=np.intp)[
        rng.integers(len(options), size=len(a))]
    out = np.empty_like(a)
    for i, (dy, dx) in enumerate(pick):
        out[i] = shift_images(a[i], int(dy), int(dx))
    return out, pick
