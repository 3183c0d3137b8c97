"""dlcore.plots.digits: drawn on the Agg backend, checked through the artists."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.image import AxesImage  # noqa: E402

from dlcore import datasets  # noqa: E402
from dlcore.plots import digits as P  # noqa: E402

X, Y = datasets.load_digits()


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def texts(ax):
    return [t.get_text() for t in ax.texts]


def test_show_digits_draws_one_image_and_one_caption_per_digit():
    ax = P.show_digits(X[:20], Y[:20])
    images = [a for a in ax.get_children() if isinstance(a, AxesImage)]
    assert len(images) == 1
    assert texts(ax) == [str(v) for v in Y[:20]]
    mosaic = images[0].get_array()
    # 2 rows of 10 tiles, each 8 px + 4 caption rows + 2 gap px high and 8 + 2 wide, minus the last gap
    assert mosaic.shape == (2 * (8 + 4 + 2) - 2, 10 * (8 + 2) - 2)
    np.testing.assert_allclose(mosaic[:8, :8], X[0].reshape(8, 8))
    np.testing.assert_allclose(mosaic[:8, 10:18], X[1].reshape(8, 8))
    assert ax.get_xticks().size == 0
    ax.figure.canvas.draw()


def test_show_digits_marks_wrong_predictions():
    pred = Y[:10].copy()
    pred[3] = (pred[3] + 1) % 10
    ax = P.show_digits(X[:10], Y[:10], pred)
    t = ax.texts
    assert t[3].get_text() == f"{Y[3]}→{pred[3]}"
    assert matplotlib.colors.same_color(t[3].get_color(), P.WRONG)
    assert t[0].get_text() == str(Y[0])
    assert matplotlib.colors.same_color(t[0].get_color(), P.RIGHT)
    assert sum(matplotlib.colors.same_color(x.get_color(), P.WRONG) for x in t) == 1


def test_show_digits_on_given_axes_with_8x8_images_and_no_labels():
    fig, (a, b) = plt.subplots(1, 2)
    imgs, _ = datasets.load_digits(images=True)
    out = P.show_digits(imgs[:7], ax=b, ncols=4)
    assert out is b
    assert not a.images and len(b.images) == 1
    assert len(b.texts) == 0
    assert b.images[0].get_array().shape == (2 * (8 + 2) - 2, 4 * (8 + 2) - 2)
    fig.canvas.draw()


def test_show_digits_bad_input():
    with pytest.raises(ValueError, match=r"images: expected rows of side\*side pixels.*\(5, 63\)"):
        P.show_digits(np.zeros((5, 63)))
    with pytest.raises(ValueError, match=r"images: expected shape \(m, 64\) or \(m, 8, 8\)"):
        P.show_digits(np.zeros(64))
    with pytest.raises(ValueError, match=r"labels: expected shape \(5,\), one per image, got shape \(4,\)"):
        P.show_digits(X[:5], Y[:4])
    with pytest.raises(TypeError, match="predictions: expected integer"):
        P.show_digits(X[:5], Y[:5], Y[:5].astype(float))
    with pytest.raises(ValueError, match="images: expected at least one"):
        P.show_digits(np.zeros((0, 64)))
    with pytest.raises(ValueError, match="ncols"):
        P.show_digits(X[:5], ncols=0)
    with pytest.raises(TypeError, match="ax"):
        P.show_digits(X[:5], ax="left")


def test_confusion_matrix_plot():
    cm = np.diag(np.arange(10, 20))
    cm[3, 8] = 4
    ax = P.plot_confusion_matrix(cm)
    assert len(ax.images) == 1
    np.testing.assert_array_equal(ax.images[0].get_array(), cm)
    # one number per non-zero cell, at (column, row)
    assert len(ax.texts) == 11
    placed = {(t.get_position(), t.get_text()) for t in ax.texts}
    assert ((8, 3), "4") in placed and ((0, 0), "10") in placed
    assert [t.get_text() for t in ax.get_xticklabels()] == [str(i) for i in range(10)]
    assert ax.get_xlabel() == "predicted class" and ax.get_ylabel() == "true class"
    ax.figure.canvas.draw()


def test_confusion_matrix_normalized_with_names_and_colorbar():
    cm = np.array([[8, 2], [1, 9]])
    fig, ax = plt.subplots()
    out = P.plot_confusion_matrix(cm, ax=ax, class_names=["cat", "dog"], normalize=True, colorbar=True)
    assert out is ax
    np.testing.assert_allclose(ax.images[0].get_array(), [[0.8, 0.2], [0.1, 0.9]])
    assert sorted(t.get_text() for t in ax.texts) == ["0.10", "0.20", "0.80", "0.90"]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["cat", "dog"]
    assert len(fig.axes) == 2  # the colour bar


def test_confusion_matrix_bad_input():
    with pytest.raises(ValueError, match=r"cm: expected a square \(k, k\) matrix, got shape \(2, 3\)"):
        P.plot_confusion_matrix(np.zeros((2, 3)))
    with pytest.raises(ValueError, match="non-negative"):
        P.plot_confusion_matrix(np.array([[1, -1], [0, 1]]))
    with pytest.raises(ValueError, match=r"class_names: expected 2 names"):
        P.plot_confusion_matrix(np.eye(2), class_names=["a"])


def test_plots_do_not_import_widgets():
    source = open(P.__file__, encoding="utf-8").read()
    assert "import" in source
    assert "widgets" not in source


def test_show_digits_captions_are_legible_and_fit_the_column():
    pred = Y[:30].copy()
    pred[0] = (pred[0] + 1) % 10
    ax = P.show_digits(X[:30], Y[:30], pred, ncols=10)
    assert all(t.get_fontsize() >= P.MIN_FONT for t in ax.texts)
    assert ax.figure.get_figwidth() <= P.COLUMN_WIDTH + 1e-9


def test_show_weights_draws_each_column_as_an_8x8_tile_on_a_symmetric_scale():
    rng = np.random.default_rng(0)
    W = rng.standard_normal((64, 6))
    W[5, 2] = -7.0                                    # the largest |w|
    ax = P.show_weights(W, ncols=3)
    (image,) = ax.images
    mosaic = image.get_array()
    # 2 rows of 3 tiles, 8 px + 1 px gap each, minus the last gap
    assert mosaic.shape == (2 * 9 - 1, 3 * 9 - 1)
    np.testing.assert_allclose(mosaic[:8, :8], W[:, 0].reshape(8, 8))
    np.testing.assert_allclose(mosaic[:8, 18:26], W[:, 2].reshape(8, 8))
    np.testing.assert_allclose(mosaic[9:17, 9:17], W[:, 4].reshape(8, 8))
    assert np.ma.is_masked(mosaic[8, 0])              # the gap is blank
    assert image.get_clim() == (-7.0, 7.0)            # symmetric about 0
    assert ax.figure.get_figwidth() <= P.COLUMN_WIDTH + 1e-9
    ax.figure.canvas.draw()


def test_show_weights_of_a_trained_size_and_bad_input():
    fig, ax = plt.subplots()
    out = P.show_weights(np.ones((64, 20)), ax=ax)
    assert out is ax and ax.images[0].get_array().shape[1] == 10 * 9 - 1
    with pytest.raises(ValueError, match=r"W: expected side\*side rows.*\(63, 4\)"):
        P.show_weights(np.zeros((63, 4)))
    with pytest.raises(ValueError, match=r"W: expected a matrix"):
        P.show_weights(np.zeros(64))
    with pytest.raises(ValueError, match="W: expected finite"):
        P.show_weights(np.full((64, 2), np.nan))
    with pytest.raises(TypeError, match="W: expected numbers"):
        P.show_weights(np.array([["a"] * 2] * 64))
    with pytest.raises(ValueError, match="ncols"):
        P.show_weights(np.zeros((64, 2)), ncols=0)


def test_confusion_matrix_highlights_the_errors():
    cm = np.diag(np.arange(10, 20))
    cm[3, 8] = 4
    cm[7, 1] = 1
    ax = P.plot_confusion_matrix(cm)
    boxes = [p for p in ax.patches]
    assert len(boxes) == 2                            # one box per error cell
    centres = sorted((b.get_x() + b.get_width() / 2, b.get_y() + b.get_height() / 2) for b in boxes)
    np.testing.assert_allclose(centres, [(1, 7), (8, 3)])
    assert all(matplotlib.colors.same_color(b.get_edgecolor(), P.WRONG) for b in boxes)
    by_pos = {t.get_position(): t for t in ax.texts}
    assert matplotlib.colors.same_color(by_pos[(8, 3)].get_color(), P.WRONG)
    assert by_pos[(8, 3)].get_fontweight() == "bold"
    assert not matplotlib.colors.same_color(by_pos[(0, 0)].get_color(), P.WRONG)
    assert all(t.get_fontsize() >= P.MIN_FONT for t in ax.texts)
    plain = P.plot_confusion_matrix(cm, highlight_errors=False)
    assert len(plain.patches) == 0
