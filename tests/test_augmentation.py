"""dl.augmentation: zero-fill shifts, padding, augmented copies."""

from __future__ import annotations

import numpy as np
import pytest

import dlcore as dl
from dlcore import augmentation as A


def test_shift_moves_pixels_and_fills_with_zero():
    img = np.arange(1, 10, dtype=float).reshape(3, 3)
    down_right = A.shift_images(img, 1, 1)
    assert down_right.shape == (3, 3)
    assert np.array_equal(down_right, [[0, 0, 0], [0, 1, 2], [0, 4, 5]])
    up_left = A.shift_images(img[None], -1, -2)
    assert np.array_equal(up_left[0], [[6, 0, 0], [9, 0, 0], [0, 0, 0]])
    assert np.array_equal(A.shift_images(img, 0, 0), img)


def test_shift_matches_a_definition_by_indices():
    rng = np.random.default_rng(1)
    images = rng.random((4, 6, 5))
    for dy, dx in [(2, -1), (-3, 4), (0, 2)]:
        out = A.shift_images(images, dy, dx)
        for r in range(6):
            for c in range(5):
                src_r, src_c = r - dy, c - dx
                want = images[:, src_r, src_c] if (
                    0 <= src_r < 6 and 0 <= src_c < 5) else 0.0
                assert np.array_equal(out[:, r, c], np.broadcast_to(
                    want, (4,)))


def test_shift_does_not_touch_its_input_and_keeps_dtype():
    images = np.ones((2, 4, 4), dtype=np.float32)
    out = A.shift_images(images, 1, 0)
    assert out.dtype == np.float32 and images.sum() == 32
    assert out is not images


def test_padding_then_shifting_loses_no_ink_on_the_digits():
    images, _ = dl.datasets.load_digits(images=True)
    assert (A.ink_lost(images, 1, 0) > 0).any()      # 8 x 8: ink is cut
    framed = A.pad_images(images, 2)
    assert framed.shape == (1797, 12, 12)
    for dy, dx in A.shifts_up_to(2):
        assert np.abs(A.ink_lost(framed, dy, dx)).max() < 1e-9


def test_shifts_up_to():
    assert A.shifts_up_to(0) == [(0, 0)]
    s = A.shifts_up_to(1)
    assert s[0] == (0, 0) and len(s) == 9 and len(set(s)) == 9
    assert len(A.shifts_up_to(2)) == 25
    with pytest.raises(ValueError, match="max_shift"):
        A.shifts_up_to(-1)


def test_augment_with_shifts_stacks_copies_with_labels():
    images = np.random.default_rng(0).random((5, 6, 6))
    y = np.arange(5)
    X_aug, y_aug = A.augment_with_shifts(images, y, [(0, 0), (1, 0)])
    assert X_aug.shape == (10, 6, 6) and np.array_equal(y_aug, [*y, *y])
    assert np.array_equal(X_aug[:5], images)
    assert np.array_equal(X_aug[5:], A.shift_images(images, 1, 0))


def test_random_shifts_are_seeded_and_never_zero():
    images = np.random.default_rng(0).random((50, 8, 8))
    a, sa = A.random_shifts(images, 2, seed=3)
    b, sb = A.random_shifts(images, 2, seed=3)
    assert np.array_equal(a, b) and np.array_equal(sa, sb)
    assert sa.shape == (50, 2) and np.abs(sa).max() <= 2
    assert not ((sa[:, 0] == 0) & (sa[:, 1] == 0)).any()
    for i in (0, 17, 49):
        assert np.array_equal(a[i], A.shift_images(images[i], *sa[i]))


def test_bad_arguments_name_themselves():
    img = np.zeros((3, 3))
    with pytest.raises(ValueError, match="dy"):
        A.shift_images(img, 3, 0)
    with pytest.raises(TypeError, match="dx"):
        A.shift_images(img, 0, 1.5)
    with pytest.raises(ValueError, match="images"):
        A.shift_images(np.zeros(4), 0, 0)
    with pytest.raises(ValueError, match="pad"):
        A.pad_images(img, -1)
    with pytest.raises(TypeError, match="shifts"):
        A.augment_with_shifts(img[None], [0], [])
    with pytest.raises(TypeError, match=r"shifts\[0\]"):
        A.augment_with_shifts(img[None], [0], [(1, 2, 3)])
    with pytest.raises(ValueError, match="images and y"):
        A.augment_with_shifts(img[None], [0, 1], [(0, 0)])
    with pytest.raises(ValueError, match="max_shift"):
        A.random_shifts(img, 0)
