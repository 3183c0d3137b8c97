"""dlcore.datasets: toy generators, the train/validation split and the shipped digits."""

from __future__ import annotations

import hashlib

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dlcore import datasets as D
from dlcore import random as dl_random

CLASSIFIERS = {
    "moons": (D.make_moons, 2),
    "circles": (D.make_circles, 2),
    "xor": (D.make_xor, 2),
    "spirals": (D.make_spirals, 3),
    "blobs": (D.make_blobs, 3),
}
GENERATORS = {**{k: v[0] for k, v in CLASSIFIERS.items()}, "regression_1d": D.make_regression_1d}


# -- shapes, dtypes, determinism -------------------------------------------------------

@pytest.mark.parametrize("name", CLASSIFIERS)
def test_classification_shapes_dtypes_and_balanced_classes(name):
    make, k = CLASSIFIERS[name]
    X, y = make(301, 0.1, 0)
    assert X.shape == (301, 2) and X.dtype == np.float64
    assert y.shape == (301,) and y.dtype == np.intp
    counts = np.bincount(y)
    assert len(counts) == k
    assert counts.max() - counts.min() <= 1
    assert np.all(np.isfinite(X))


def test_regression_shapes_and_dtypes():
    X, y = D.make_regression_1d(50, 0.1, 0)
    assert X.shape == (50, 1) and X.dtype == np.float64
    assert y.shape == (50,) and y.dtype == np.float64
    assert np.all(np.abs(X) <= np.pi)


@pytest.mark.parametrize("name", GENERATORS)
def test_same_seed_same_data_other_seed_other_data(name):
    make = GENERATORS[name]
    X1, y1 = make(100, 0.2, 7)
    X2, y2 = make(100, 0.2, 7)
    X3, _ = make(100, 0.2, 8)
    np.testing.assert_array_equal(X1, X2)
    np.testing.assert_array_equal(y1, y2)
    assert not np.allclose(X1, X3)


@pytest.mark.parametrize("name", GENERATORS)
def test_seed_none_uses_dlcore_default_generator(name):
    make = GENERATORS[name]
    dl_random.seed(123)
    X1, y1 = make(60, 0.2, None)
    dl_random.seed(123)
    X2, y2 = make(60, 0.2, None)
    np.testing.assert_array_equal(X1, X2)
    np.testing.assert_array_equal(y1, y2)
    X3, _ = make(60, 0.2, None)  # the generator moved on
    assert not np.array_equal(X1, X3)


def test_a_generator_object_is_used_as_is():
    rng = np.random.default_rng(5)
    X1, _ = D.make_moons(50, 0.1, rng)
    X2, _ = D.make_moons(50, 0.1, np.random.default_rng(5))
    np.testing.assert_array_equal(X1, X2)


@pytest.mark.parametrize("name", CLASSIFIERS)
def test_rows_are_shuffled(name):
    _, y = CLASSIFIERS[name][0](200, 0.1, 0)
    changes = np.count_nonzero(np.diff(y))
    assert changes > 50, "classes come in blocks: the rows were not shuffled"


@given(
    name=st.sampled_from(sorted(GENERATORS)),
    n=st.integers(3, 120),
    noise=st.floats(0, 2),
    seed=st.integers(0, 2**32 - 1),
)
@settings(max_examples=60, deadline=None)
def test_property_shapes_and_labels(name, n, noise, seed):
    X, y = GENERATORS[name](n, noise, seed)
    assert len(X) == len(y) == n
    assert np.all(np.isfinite(X)) and np.all(np.isfinite(y))
    if name in CLASSIFIERS:
        k = CLASSIFIERS[name][1]
        assert X.shape == (n, 2)
        assert set(np.unique(y)) == set(range(k))


# -- the clean shapes (noise = 0) -------------------------------------------------------

def test_moons_without_noise_lie_on_their_arcs():
    X, y = D.make_moons(200, 0.0, 0)
    upper, lower = X[y == 0], X[y == 1]
    np.testing.assert_allclose(np.hypot(*upper.T), 1.0)
    np.testing.assert_allclose(np.hypot(lower[:, 0] - 1.0, lower[:, 1] - 0.5), 1.0)
    assert np.all(upper[:, 1] >= -1e-12) and np.all(lower[:, 1] <= 0.5 + 1e-12)


def test_circles_without_noise_have_two_radii():
    X, y = D.make_circles(100, 0.0, 0, factor=0.3)
    r = np.hypot(*X.T)
    np.testing.assert_allclose(r[y == 0], 1.0)
    np.testing.assert_allclose(r[y == 1], 0.3)


def test_xor_label_is_sign_disagreement():
    X, y = D.make_xor(400, 0.0, 0)
    np.testing.assert_array_equal(y, (X[:, 0] * X[:, 1] < 0).astype(int))
    assert np.all(np.abs(X) >= 0.1) and np.all(np.abs(X) <= 1.0)
    # every quadrant is used equally
    quadrant = (X[:, 0] > 0) * 2 + (X[:, 1] > 0)
    assert np.all(np.bincount(quadrant) == 100)


def test_spirals_without_noise_have_radii_in_0_1_and_distinct_arms():
    X, y = D.make_spirals(300, 0.0, 0, classes=4)
    r = np.hypot(*X.T)
    assert np.all((r > 0) & (r <= 1 + 1e-12))
    assert set(np.unique(y)) == {0, 1, 2, 3}
    # at equal radius the arms are a quarter turn apart
    far = [X[(y == c)][np.argmax(r[y == c])] for c in range(4)]
    angles = np.sort(np.mod(np.arctan2([p[1] for p in far], [p[0] for p in far]), 2 * np.pi))
    np.testing.assert_allclose(np.diff(angles), np.pi / 2, atol=1e-9)


def test_blobs_without_noise_sit_on_their_centers():
    X, y = D.make_blobs(90, 0.0, 0, classes=3)
    for c in range(3):
        pts = X[y == c]
        assert np.allclose(pts, pts[0])
        np.testing.assert_allclose(np.hypot(*pts[0]), 1.0)
    C = np.array([[0.0, 0.0], [5.0, 5.0]])
    X, y = D.make_blobs(10, 0.0, 0, centers=C)
    np.testing.assert_array_equal(X, C[y])


def test_noise_is_the_standard_deviation_of_the_added_noise():
    X, y = D.make_blobs(20000, 0.5, 0, classes=2)
    centers = np.array([[0.0, 1.0], [0.0, -1.0]])
    resid = X - centers[y]
    np.testing.assert_allclose(resid.std(axis=0), 0.5, rtol=0.03)
    Xr, tr = D.make_regression_1d(20000, 0.25, 0)
    np.testing.assert_allclose(np.std(tr - np.sin(Xr[:, 0])), 0.25, rtol=0.03)


def test_regression_without_noise_is_a_sine():
    X, y = D.make_regression_1d(100, 0.0, 3)
    np.testing.assert_allclose(y, np.sin(X[:, 0]))


# -- bad arguments ----------------------------------------------------------------------

@pytest.mark.parametrize("name", GENERATORS)
@pytest.mark.parametrize(
    "n, noise, seed, exc, words",
    [
        (0, 0.1, 0, ValueError, ["n", ">= 1", "0"]),
        (-5, 0.1, 0, ValueError, ["n", "-5"]),
        (10.5, 0.1, 0, TypeError, ["n", "integer", "10.5"]),
        (True, 0.1, 0, TypeError, ["n"]),
        ("100", 0.1, 0, TypeError, ["n"]),
        (10, -0.1, 0, ValueError, ["noise", ">= 0", "-0.1"]),
        (10, float("nan"), 0, ValueError, ["noise", "nan"]),
        (10, float("inf"), 0, ValueError, ["noise", "inf"]),
        (10, "0.1", 0, TypeError, ["noise"]),
        (10, 0.1, -1, ValueError, ["seed", "-1"]),
        (10, 0.1, 1.5, TypeError, ["seed"]),
    ],
)
def test_bad_arguments_are_named(name, n, noise, seed, exc, words):
    with pytest.raises(exc) as info:
        GENERATORS[name](n, noise, seed)
    message = str(info.value)
    for word in words:
        assert word in message, f"{word!r} not in {message!r}"


@pytest.mark.parametrize("classes", [1, 0, -2])
def test_spirals_need_two_classes(classes):
    with pytest.raises(ValueError, match=r"classes.*>= 2"):
        D.make_spirals(100, 0.1, 0, classes=classes)


def test_spirals_classes_must_be_int():
    with pytest.raises(TypeError, match="classes"):
        D.make_spirals(100, 0.1, 0, classes=2.5)


@pytest.mark.parametrize("centers, exc", [(3, ValueError), (np.zeros((3, 3)), ValueError),
                                          (np.zeros((1, 2)), ValueError), ("3", TypeError)])
def test_blobs_bad_centers(centers, exc):
    with pytest.raises(exc, match="^centers: "):
        D.make_blobs(100, 0.1, 0, centers=centers)


@pytest.mark.parametrize("classes, exc", [(1, ValueError), (2.0, TypeError), ("3", TypeError)])
def test_blobs_bad_classes(classes, exc):
    with pytest.raises(exc, match="^classes: "):
        D.make_blobs(100, 0.1, 0, classes=classes)


def test_every_multi_class_generator_takes_classes():
    for make in (D.make_blobs, D.make_spirals):
        X, y = make(60, 0.0, 0, classes=4)
        assert sorted(set(y.tolist())) == [0, 1, 2, 3]


def test_class_counts_are_intp_for_np_repeat():
    """np.repeat and np.bincount take intp (int32 in 32-bit WebAssembly), never int64."""
    from dlcore.datasets.toy import _split_counts

    assert _split_counts(10, 3).dtype == np.intp


def test_too_few_points_for_the_classes():
    with pytest.raises(ValueError, match=r"n: expected at least 3 points"):
        D.make_spirals(2, 0.1, 0)
    with pytest.raises(ValueError, match=r"n: expected at least 2"):
        D.make_moons(1, 0.1, 0)


@pytest.mark.parametrize("factor", [0.0, 1.0, 1.5, -0.2, float("nan")])
def test_circles_factor_in_open_unit_interval(factor):
    with pytest.raises(ValueError, match="factor"):
        D.make_circles(100, 0.1, 0, factor=factor)


# -- train_val_split ------------------------------------------------------------------------

def _split_ids(n=200, k=4, val_fraction=0.25, seed=0, labels=None):
    """A data set whose first column is the row id, so the split can be traced."""
    X = np.column_stack([np.arange(n, dtype=float), np.zeros(n)])
    y = np.arange(n) % k if labels is None else labels
    return X, y, D.train_val_split(X, y, val_fraction, seed)


def test_split_is_a_partition_with_the_right_sizes():
    X, y, (Xt, Xv, yt, yv) = _split_ids(n=200, val_fraction=0.25)
    assert len(Xv) == len(yv) == 50 and len(Xt) == len(yt) == 150
    ids_t, ids_v = Xt[:, 0].astype(int), Xv[:, 0].astype(int)
    assert set(ids_t).isdisjoint(ids_v)
    assert sorted(np.concatenate([ids_t, ids_v])) == list(range(200))
    # rows stay paired with their labels
    np.testing.assert_array_equal(yt, y[ids_t])
    np.testing.assert_array_equal(yv, y[ids_v])


def test_split_is_deterministic_and_seed_dependent():
    X, y = D.make_moons(100, 0.1, 0)
    a = D.train_val_split(X, y, 0.3, seed=1)
    b = D.train_val_split(X, y, 0.3, seed=1)
    c = D.train_val_split(X, y, 0.3, seed=2)
    for u, v in zip(a, b):
        np.testing.assert_array_equal(u, v)
    assert not np.array_equal(a[1], c[1])


def test_split_is_stratified_for_integer_labels():
    labels = np.repeat([0, 1, 2], [500, 300, 200])
    _, _, (_, _, yt, yv) = _split_ids(n=1000, labels=labels, val_fraction=0.2, seed=3)
    np.testing.assert_array_equal(np.bincount(yv), [100, 60, 40])
    np.testing.assert_array_equal(np.bincount(yt), [400, 240, 160])


def test_stratified_counts_add_up_when_rounding():
    labels = np.repeat([0, 1, 2], [7, 7, 7])
    _, _, (_, _, yt, yv) = _split_ids(n=21, labels=labels, val_fraction=0.5)
    assert len(yv) == int(round(0.5 * 21))
    assert np.bincount(yv, minlength=3).max() - np.bincount(yv, minlength=3).min() <= 1


def test_split_of_float_targets_is_not_stratified_and_works():
    X, y = D.make_regression_1d(40, 0.1, 0)
    Xt, Xv, yt, yv = D.train_val_split(X, y, 0.25, seed=0)
    assert Xv.shape == (10, 1) and yv.dtype == np.float64
    with pytest.raises(ValueError, match="stratify"):
        D.train_val_split(X, y, 0.25, seed=0, stratify=True)


def test_split_keeps_at_least_one_row_on_each_side():
    X, y = np.zeros((3, 2)), np.array([0, 1, 0])
    Xt, Xv, _, _ = D.train_val_split(X, y, 0.01, seed=0)
    assert len(Xv) == 1 and len(Xt) == 2
    Xt, Xv, _, _ = D.train_val_split(X, y, 0.99, seed=0)
    assert len(Xv) == 2 and len(Xt) == 1


def test_split_does_not_modify_its_inputs():
    X, y = D.make_blobs(60, 0.2, 0)
    X0, y0 = X.copy(), y.copy()
    Xt, _, yt, _ = D.train_val_split(X, y, 0.5, seed=0)
    Xt[:] = 0
    yt[:] = 0
    np.testing.assert_array_equal(X, X0)
    np.testing.assert_array_equal(y, y0)


@given(n=st.integers(2, 300), frac=st.floats(0.01, 0.99), seed=st.integers(0, 1000), k=st.integers(1, 5))
@settings(max_examples=60, deadline=None)
def test_property_split_partitions(n, frac, seed, k):
    X = np.arange(n, dtype=float)[:, None]
    y = np.arange(n) % k
    Xt, Xv, yt, yv = D.train_val_split(X, y, frac, seed)
    assert len(Xv) == min(max(int(round(frac * n)), 1), n - 1)
    assert sorted(np.concatenate([Xt[:, 0], Xv[:, 0]]).astype(int)) == list(range(n))


@pytest.mark.parametrize("frac", [0, 1, 1.5, -0.1, float("nan")])
def test_split_bad_val_fraction(frac):
    X, y = D.make_moons(20, 0.1, 0)
    with pytest.raises(ValueError, match=r"val_fraction.*\(0\.0, 1\.0\)"):
        D.train_val_split(X, y, frac, 0)


def test_split_bad_arrays():
    X, y = D.make_moons(20, 0.1, 0)
    with pytest.raises(ValueError, match=r"X and y.*20 and 19"):
        D.train_val_split(X, y[:-1], 0.2, 0)
    with pytest.raises(ValueError, match=r"X: expected a 2-D array"):
        D.train_val_split(X[:, 0], y, 0.2, 0)
    with pytest.raises(ValueError, match=r"y: expected a 1-D array"):
        D.train_val_split(X, y[:, None], 0.2, 0)
    with pytest.raises(ValueError, match=r"at least 2 samples"):
        D.train_val_split(X[:1], y[:1], 0.5, 0)
    bad = X.copy()
    bad[3, 1] = np.nan
    with pytest.raises(ValueError, match=r"X: expected finite"):
        D.train_val_split(bad, y, 0.2, 0)
    with pytest.raises(TypeError, match="stratify"):
        D.train_val_split(X, y, 0.2, 0, stratify="yes")
    with pytest.raises(TypeError, match="y: expected numbers"):
        D.train_val_split(X, np.array(["a"] * 20), 0.2, 0)


# -- load_digits --------------------------------------------------------------------------------

def test_digits_shape_range_and_classes():
    X, y = D.load_digits()
    assert X.shape == (1797, 64) and X.dtype == np.float64
    assert y.shape == (1797,) and y.dtype == np.intp
    assert X.min() == 0.0 and X.max() == 1.0
    np.testing.assert_array_equal(np.unique(X * 16), np.arange(17))  # the 17 grey levels 0/16 .. 16/16
    np.testing.assert_array_equal(np.bincount(y), [178, 182, 177, 183, 181, 182, 181, 179, 174, 180])


def test_digits_content_matches_the_recorded_checksums():
    """The checksums are those in dlcore/datasets/README.md."""
    X, y = D.load_digits(images=True)
    pixels = np.rint(X * 16).astype(np.uint8)
    assert hashlib.sha256(pixels.tobytes()).hexdigest() == (
        "8f26b2bd9d135c256808f68f14fdabddde6d9c7f869ae419704b051f0f14b3b3")
    assert hashlib.sha256(y.astype("<i8").tobytes()).hexdigest() == (
        "a3c91c262eddcf7ba8f0e37507c30284493c9b20412ffe4af30d536401f7ba21")
    readme = (D.digits.DIGITS_PATH.parent / "README.md").read_text(encoding="utf-8")
    assert "8f26b2bd9d135c256808f68f14fdabddde6d9c7f869ae419704b051f0f14b3b3" in readme
    assert "CC BY 4.0" in readme


def test_digits_images_view_and_float32():
    X, y = D.load_digits()
    imgs, y2 = D.load_digits(images=True)
    assert imgs.shape == (1797, 8, 8)
    np.testing.assert_array_equal(imgs.reshape(1797, 64), X)
    np.testing.assert_array_equal(y, y2)
    X32, _ = D.load_digits(dtype=np.float32)
    assert X32.dtype == np.float32
    np.testing.assert_allclose(X32, X)


def test_a_zero_looks_like_a_zero():
    """The first image is a 0: ink on a ring, the centre empty."""
    imgs, y = D.load_digits(images=True)
    assert y[0] == 0
    zero = imgs[0]
    assert zero[3:5, 3:5].mean() < 0.2 and zero[1:7, 1:7].max() > 0.8


def test_digits_are_fresh_arrays():
    X, y = D.load_digits()
    X[:] = -1
    y[:] = -1
    X2, y2 = D.load_digits()
    assert X2.min() == 0.0 and y2.min() == 0


def test_digits_bad_arguments():
    with pytest.raises(TypeError, match="images"):
        D.load_digits(images="yes")
    with pytest.raises(ValueError, match="dtype"):
        D.load_digits(dtype=np.int32)


def test_the_package_ships_the_data_and_its_readme():
    path = D.digits.DIGITS_PATH
    assert path.exists() and path.stat().st_size < 100_000
    assert (path.parent / "README.md").exists()
