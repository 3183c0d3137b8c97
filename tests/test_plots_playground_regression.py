"""The playground's figures for regression (chapter 4.2): predicted values on a
diverging scale, points coloured by their targets, the R² panel."""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.colors import to_rgb  # noqa: E402
from PIL import Image  # noqa: E402

from dlcore import playground as pg  # noqa: E402
from dlcore.plots import playground as P  # noqa: E402

BUMPS = pg.PlaygroundConfig(dataset="gaussians", loss="mse", epochs=20)


@pytest.fixture(scope="module")
def result():
    return pg.run(BUMPS)


def test_value_colors_diverge_from_white_and_clip():
    rgb = P.value_colors(np.array([-2.0, -1.0, 0.0, 0.5, 1.0, np.nan]), limit=1.0)
    assert np.allclose(rgb[0], to_rgb(P.NEGATIVE_COLOR)) and np.allclose(rgb[1], rgb[0])
    assert np.allclose(rgb[2], 1.0) and np.allclose(rgb[5], 1.0)
    assert np.allclose(rgb[4], to_rgb(P.POSITIVE_COLOR))
    assert np.allclose(rgb[3], 1 - 0.5 * (1 - np.array(to_rgb(P.POSITIVE_COLOR))))
    pale = P.value_colors(np.array([1.0]), 1.0, strength=0.5)
    assert np.all(pale > rgb[4])


def test_value_limit_is_symmetric_from_the_targets(result):
    d = result.data
    assert P.value_limit(d) == max(np.abs(d.y_train).max(), np.abs(d.y_val).max())


def test_the_figure_shows_values_targets_and_r2(result):
    f = P.PlaygroundFigure(result)
    limit = P.value_limit(result.data)
    expected = P.value_colors(result.grid.values, limit, P.VALUE_STRENGTH)
    assert np.allclose(f.image.get_array(), expected)
    faces = f.train_points.get_facecolor()[:, :3]
    assert np.allclose(faces, P.value_colors(result.data.y_train, limit))
    assert not f.wrong_points.get_visible() and not f.chance_line.get_visible()
    assert f.acc_text.get_text().startswith("R²: train ")
    r2 = pg.score_curves(result.data, result.history)[1]
    assert np.allclose(f.acc_lines[0].get_ydata(), r2)
    assert "orange < 0 < blue" in f.ax_regions.get_title(loc="left")
    assert "MSE" in f.title.get_text()
    png = f.to_png()
    # and back to a classification run: the chance line and the legend return
    f.update(pg.run(pg.PlaygroundConfig(epochs=5)))
    assert f.chance_line.get_visible() and "misclassified" in f.ax_regions.get_title(loc="left")
    assert f.acc_text.get_text().startswith("accuracy")
    assert Image.open(io.BytesIO(png)).size == Image.open(io.BytesIO(f.to_png())).size


def test_title_shows_layer_widths_and_l1():
    cfg = BUMPS.replace(hidden_layers=3, width=(8, 16, 4), l1=1e-3)
    title = P._config_title(cfg)
    assert "8-16-4 ReLU" in title and "L1 0.001" in title
    assert "2x16 ReLU" in P._config_title(pg.PlaygroundConfig())


def test_comparisons_and_animation_draw_regression(result):
    res = pg.compare_optimizers(BUMPS.replace(epochs=10), optimizers=("sgd", "adam"))
    fig = P.plot_comparison(res)
    texts = [ax.get_title() for ax in fig.axes]
    assert any("R² " in t for t in texts) and any("validation R²" in t for t in
                                                  (ax.get_title(loc="left") for ax in fig.axes))
    grid = pg.compare_grid(BUMPS.replace(epochs=5), activations=("relu",), optimizers=("adam",))
    P.small_multiples(grid)
    recorded = pg.run(BUMPS.replace(epochs=6), record_every=3)
    anim = P.animate_regions(recorded)
    anim._draw_was_started = True       # not rendered here: no warning when collected
    image = anim._fig.axes[0].images[0]
    assert np.allclose(image.get_array(), P.value_colors(
        recorded.frames[0][1][..., 0], P.value_limit(recorded.data), P.VALUE_STRENGTH))
