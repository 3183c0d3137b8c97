"""dlcore.plots.activations and dlcore.plots.gradient_flow, drawn on Agg."""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from PIL import Image  # noqa: E402

from dlcore import gradient_flow as G  # noqa: E402
from dlcore.plots.activations import ActivationFigure  # noqa: E402
from dlcore.plots.gradient_flow import GradientFlowFigure  # noqa: E402

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _pixels(png):
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(int)


def test_activation_figure_shows_the_chosen_lines_on_the_chosen_range():
    f = ActivationFigure()
    f.update(["tanh", "relu"], 3.0, derivative=False)
    visible = {n for n, line in f.lines.items() if line.get_visible()}
    assert visible == {"tanh", "relu"}
    assert not any(line.get_visible() for line in f.slopes.values())
    assert f.ax.get_xlim() == (-3.0, 3.0) and f.ax.get_ylim() == f.y_limits(3.0)
    x, y = f.lines["relu"].get_data()
    np.testing.assert_allclose(y, np.maximum(x, 0))
    f.update(["sigmoid"], 5.0, derivative=True)
    x, dy = f.slopes["sigmoid"].get_data()
    s = 1 / (1 + np.exp(-x))
    np.testing.assert_allclose(dy, s * (1 - s), atol=1e-12)
    assert f.to_png().startswith(PNG_SIGNATURE)
    with pytest.raises(ValueError, match="shown"):
        f.update(["swish"])
    with pytest.raises(ValueError, match="z_max"):
        f.update(["relu"], -1)


def test_activation_figure_blit_matches_a_full_draw():
    f = ActivationFigure()
    f.update(["sigmoid", "tanh"], 10.0, True)
    blitted = _pixels(f.to_png())
    f.clear_cache()
    assert np.abs(blitted - _pixels(f.to_png())).max() <= 2


def test_gradient_flow_figure_draws_every_pair_and_skips_zeros():
    norms = G.gradient_flow(5, width=8, n=8)
    f = GradientFlowFigure(norms)
    for key, line in f.lines.items():
        x, y = line.get_data()
        np.testing.assert_array_equal(x, np.arange(1, 7))
        np.testing.assert_allclose(y, norms[key])
    assert "auto: He" in f.axes["relu"].get_title()
    assert "auto: Xavier" in f.axes["sigmoid"].get_title()
    norms["relu", "he"] = np.array([0.0, 1.0])
    f.update(norms)
    assert np.isnan(f.lines["relu", "he"].get_data()[1][0])
    assert f.to_png().startswith(PNG_SIGNATURE)
    del norms["tanh", "he"]
    with pytest.raises(ValueError, match="norms"):
        f.update(norms)
    with pytest.raises(ValueError, match="norms"):
        f.update({k: np.ones(40) for k in f.lines})


def test_loss_figure_marks_the_prediction_on_both_curves():
    from dlcore.plots.loss_explorer import LossFigure

    f = LossFigure(y=1, a=0.2)
    assert f.values["bce"] == pytest.approx(-np.log(0.2))
    assert f.values["d_bce_dz"] == pytest.approx(-0.8)
    x, y = f.markers["grad", "mse"].get_data()
    assert x[0] == 0.2 and y[0] == pytest.approx(2 * (0.2 - 1) * 0.2 * 0.8)
    f.update(0, 0.9)
    assert f.values["d_bce_dz"] == pytest.approx(0.9)
    _, curve = f.curves["loss", "bce"].get_data()
    assert curve[0] < curve[-1]                           # label 0: the loss grows with a
    assert f.ax_loss.get_ylim() == (0, 5) and f.to_png().startswith(PNG_SIGNATURE)


def test_race_figure_draws_paths_and_keeps_one_background_per_surface():
    from dlcore import optimizer_race as R
    from dlcore.plots.optimizer_race import RaceFigure

    r = R.race("bowl", steps=10)
    f = RaceFigure("bowl", r)
    x, y = f.paths["adam"].get_data()
    np.testing.assert_array_equal(x, r["adam"]["path"][:, 0])
    assert f.ax_f.get_yscale() == "log" and f.to_png().startswith(PNG_SIGNATURE)
    f.update("saddle", R.race("saddle", steps=10))
    assert f.ax_f.get_yscale() == "symlog" and not f.min_marker.get_visible()
    f.to_png()
    assert len(f._backgrounds) == 2
    blitted = _pixels(f.to_png())
    f.clear_cache()
    assert np.abs(blitted - _pixels(f.to_png())).max() <= 2


def test_race_animation_is_an_offline_player_with_one_frame_per_every_steps():
    from dlcore import optimizer_race
    from dlcore.plots.optimizer_race import race_animation_html

    result = optimizer_race.race("bowl", lr=0.05, steps=10)
    player = race_animation_html("bowl", result, every=4)
    assert player.html.count("data:image/png") == 4         # steps 0, 4, 8 and the last, 10
    assert "https://" not in player.html and 'class="n2n-animation"' in player.html
    assert player._repr_html_() == player.html


@pytest.mark.parametrize("kw, arg", [({"every": 0}, "every"), ({"interval": 1.5}, "interval")])
def test_race_animation_rejects_bad_settings_by_name(kw, arg):
    from dlcore import optimizer_race
    from dlcore.plots.optimizer_race import race_animation_html

    result = optimizer_race.race("bowl", lr=0.05, steps=4)
    with pytest.raises((ValueError, TypeError), match=f"^{arg}:"):
        race_animation_html("bowl", result, **kw)
