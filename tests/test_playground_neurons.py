"""Input features, every unit's output over the plane and the neuron view (chapter 4.2)."""

from __future__ import annotations

import asyncio
import gc
import types

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from hypothesis import given, settings, strategies as st  # noqa: E402

from dlcore import playground as pg  # noqa: E402
from dlcore.plots import neuron_view as NV  # noqa: E402
from dlcore.widgets import playground as widgets  # noqa: E402

FAST = pg.PlaygroundConfig(epochs=10)
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


# --------------------------------------------------------------------------- the feature map

def test_feature_map_computes_each_feature_as_a_column():
    X = np.array([[1.0, 2.0], [-0.5, 3.0]])
    F = pg.feature_map(X, pg.FEATURES)
    x1, x2 = X[:, 0], X[:, 1]
    expected = np.column_stack([x1, x2, x1 * x1, x2 * x2, x1 * x2, np.sin(x1), np.sin(x2)])
    assert F.shape == (2, 7) and F.dtype == np.float64
    np.testing.assert_array_equal(F, expected)
    np.testing.assert_array_equal(pg.feature_map(X), X)          # default: the coordinates
    assert pg.feature_map(X) is not X


@settings(max_examples=30, deadline=None)
@given(st.lists(st.sampled_from(pg.FEATURES), min_size=1, unique=True), st.integers(1, 20))
def test_feature_map_has_one_column_per_feature_in_canonical_order(features, n):
    X = np.random.default_rng(n).normal(size=(n, 2))
    F = pg.feature_map(X, features)
    canonical = [f for f in pg.FEATURES if f in features]
    assert F.shape == (n, len(features))
    for j, f in enumerate(canonical):
        np.testing.assert_array_equal(F[:, j], pg.feature_map(X, [f])[:, 0])


@pytest.mark.parametrize("bad, error", [
    (("x1", "x3"), ValueError), ((), ValueError), (("x1", "x1"), ValueError),
    ("x1", TypeError), (None, TypeError), ((1,), TypeError),
])
def test_bad_features_are_rejected_naming_features(bad, error):
    with pytest.raises(error, match="^features"):
        pg.feature_map(np.zeros((3, 2)), bad)
    with pytest.raises(error, match="^features"):
        pg.PlaygroundConfig(features=bad)


def test_feature_map_needs_points_of_two_coordinates():
    with pytest.raises(ValueError, match="^X"):
        pg.feature_map(np.zeros((3, 3)))


def test_every_feature_has_a_display_name():
    assert [pg.display_name(f) for f in pg.FEATURES] == [
        "x\u2081", "x\u2082", "x\u2081\u00b2", "x\u2082\u00b2", "x\u2081x\u2082",
        "sin(x\u2081)", "sin(x\u2082)"]


def test_config_stores_features_as_a_canonical_tuple_and_sizes_the_input_layer():
    cfg = pg.PlaygroundConfig(features=["sin_x2", "x1"])
    assert cfg.features == ("x1", "sin_x2")
    assert cfg.sizes(3)[0] == 2
    assert pg.PlaygroundConfig(features=pg.FEATURES).sizes(2)[0] == 7
    assert pg.PlaygroundConfig().features == ("x1", "x2")
    assert cfg.replace(features=("x2_sq",)).sizes(2)[0] == 1


# --------------------------------------------------------------------------- training with features

CIRCLES = pg.PlaygroundConfig(dataset="circles", hidden_layers=0, epochs=60, lr=0.05)


def test_squares_make_circles_separable_without_a_hidden_layer():
    plain = pg.run(CIRCLES)
    squares = pg.run(CIRCLES.replace(features=("x1_sq", "x2_sq")))
    assert squares.accuracy >= 0.95 and plain.accuracy < 0.7
    assert squares.model.sizes == [2, 2]
    assert squares.headline != "a linear model cannot fit this"


@pytest.mark.parametrize("changes", [
    {"features": ("x1_sq", "x2_sq"), "hidden_layers": 0},
    {"features": pg.FEATURES, "loss": "mse", "val_fraction": 0.0},
    {"features": ("x1x2",), "dataset": "xor", "width": 4},
])
def test_code_for_reproduces_a_run_with_features_exactly(changes, capsys):
    cfg = FAST.replace(**changes)
    namespace = {}
    exec(compile(pg.code_for(cfg), "<code_for>", "exec"), namespace)
    r = pg.run(cfg)
    assert namespace["history"].loss == r.history.loss
    assert namespace["history"].val_loss == r.history.val_loss
    for a, b in zip(namespace["model"].params, r.model.params):
        np.testing.assert_array_equal(a, b)


def test_the_default_code_does_not_mention_features():
    assert "features" not in pg.code_for(FAST)


def test_a_session_gives_the_numbers_of_one_run_with_features():
    cfg = FAST.replace(features=("x1", "x2", "sin_x1", "x1x2"))
    s = pg.TrainingSession(cfg)
    s.train(4)
    s.train(6)
    r = pg.run(cfg)
    assert s.history.loss == r.history.loss
    np.testing.assert_array_equal(s.frame().grid.probs, r.grid.probs)


def test_the_grid_sees_the_features():
    cfg = FAST.replace(features=("x1_sq", "x2_sq"))
    r = pg.run(cfg)
    x, y, P = pg.grid_points(r.data.bounds, 60)
    probs = pg.class_probabilities(r.model, pg.feature_map(P, cfg.features), cfg.loss)
    np.testing.assert_allclose(r.grid.probs, probs.reshape(60, 60, -1))
    g = pg.make_grid(r.model, r.data.bounds, cfg.loss, 60, features=cfg.features)
    np.testing.assert_array_equal(g.probs, r.grid.probs)


def test_comparisons_train_with_the_features():
    cfg = FAST.replace(features=("x1", "x2", "x1_sq"))
    results = pg.compare_optimizers(cfg, optimizers=("sgd", "adam"))
    assert all(r.model.sizes[0] == 3 for r in results.values())


# --------------------------------------------------------------------------- every unit's output

def test_unit_outputs_are_the_models_activations():
    r = pg.run(FAST.replace(features=("x1", "x2", "x2_sq"), hidden_layers=2, width=5))
    X = pg.feature_map(np.random.default_rng(0).normal(size=(30, 2)), r.config.features)
    outputs = pg.unit_outputs(r.model, X)
    assert [a.shape for a in outputs] == [(30, 3), (30, 5), (30, 5), (30, 3)]
    np.testing.assert_array_equal(outputs[0], X)
    a = X
    for dense, out in zip(r.model.dense, outputs[1:]):        # a_l = f(a_{l-1} W_l + b_l)
        z = a @ dense.W + dense.b
        a = np.maximum(z, 0) if out is not outputs[-1] else z
        np.testing.assert_allclose(out, a, rtol=1e-12, atol=1e-12)
    np.testing.assert_array_equal(outputs[-1], r.model.predict(X))
    outputs[1][...] = 0                                        # a copy: the model's cache is its own
    assert np.any(r.model.layers[1].a != 0)


def test_unit_outputs_checks_its_arguments():
    r = pg.run(FAST)
    with pytest.raises(TypeError, match="^model"):
        pg.unit_outputs("net", np.zeros((3, 2)))
    with pytest.raises(ValueError, match="^X"):
        pg.unit_outputs(r.model, np.zeros((3, 5)))


def test_unit_maps_are_pictures_over_the_grid():
    r = pg.run(FAST.replace(features=("x1", "sin_x2")))
    maps = pg.unit_maps(r.model, r.data.bounds, r.config.features, 12)
    assert [m.shape for m in maps] == [(12, 12, 2), (12, 12, 16), (12, 12, 16), (12, 12, 3)]
    x, y, P = pg.grid_points(r.data.bounds, 12)
    np.testing.assert_array_equal(maps[0][..., 1].ravel(), np.sin(P[:, 1]))
    np.testing.assert_array_equal(maps[-1].reshape(-1, 3),
                                  r.model.predict(pg.feature_map(P, r.config.features)))


# --------------------------------------------------------------------------- the neuron view

def test_units_shown_caps_a_layer_at_eight():
    assert NV.units_shown(64) == (8, "+56 more")
    assert NV.units_shown(8) == (8, "")
    assert NV.units_shown(3) == (3, "")


def _artists(view):
    return {id(a) for a in view.fig.findobj()}


def test_the_neuron_view_draws_every_shown_unit_and_link():
    r = pg.run(FAST.replace(features=("x1", "x2", "x1_sq"), width=20))
    view = NV.NeuronView(r)
    assert view.nodes == [3, 8, 8, 3]
    assert view.n_links == 3 * 8 + 8 * 8 + 8 * 3
    assert len(view.links.get_segments()) == view.n_links
    more = [t.get_text() for t in view.more_texts if t.get_visible()]
    assert more == ["+12 more", "+12 more"]
    labels = [t.get_text() for t in view.input_labels if t.get_visible()]
    assert labels == ["x\u2081", "x\u2082", "x\u2081\u00b2"]
    assert view.to_png()[:8] == PNG_SIGNATURE


def test_the_neuron_view_colours_and_sizes_links_by_weight():
    r = pg.run(FAST.replace(hidden_layers=0))
    view = NV.NeuronView(r)
    W = r.model.dense[0].W                                   # (2, 3): links i -> j, row by row
    widths = np.asarray(view.links.get_linewidths())
    colors = view.links.get_colors()[:, :3]
    w = W.ravel()
    blue, orange = np.array(NV._POSITIVE), np.array(NV._NEGATIVE)
    for k in range(len(w)):
        np.testing.assert_allclose(colors[k], blue if w[k] >= 0 else orange)
    assert widths[np.argmax(np.abs(w))] == pytest.approx(NV.LINK_WIDTHS[1])
    assert np.all(np.diff(widths[np.argsort(np.abs(w))]) >= 0)


def test_the_neuron_view_updates_in_place():
    small = pg.run(FAST.replace(hidden_layers=1, width=4))
    big = pg.run(FAST.replace(hidden_layers=3, width=64, features=pg.FEATURES))
    view = NV.NeuronView(small)
    view.to_png()
    before = _artists(view)
    first = view.image.get_array().copy()
    view.update(big)
    png = view.to_png(colors=256)
    assert _artists(view) == before                          # no new artists
    assert view.nodes == [7, 8, 8, 8, 3]
    assert not np.array_equal(view.image.get_array(), first)
    assert png[:8] == PNG_SIGNATURE
    view.update(small)
    assert view.nodes == [2, 4, 3] and _artists(view) == before


def test_the_neuron_view_of_a_diverged_run_is_blank_not_an_error():
    r = pg.run(FAST.replace(activation="leaky_relu", optimizer="sgd", lr=10.0))
    assert r.diverged
    view = NV.NeuronView(r)
    assert np.all(np.isfinite(view.image.get_array()))


# --------------------------------------------------------------------------- the widget

def test_the_widget_has_a_toggle_per_feature_and_a_neuron_image():
    w = widgets.training_playground(config=FAST)
    assert list(w.features) == list(pg.FEATURES)
    assert all("n2n-feature" in t._dom_classes and t.tooltip for t in w.features.values())
    assert [f for f, t in w.features.items() if t.value] == ["x1", "x2"]
    assert "n2n-neurons" in w.neuron_image._dom_classes
    assert "n2n-figure" in w.image._dom_classes
    assert w.neuron_image.value[:8] == PNG_SIGNATURE
    assert w.neuron_box in w.children and w.neuron_box.children == (w.neuron_image,)


def test_a_feature_toggle_restarts_the_run():
    w = widgets.training_playground(config=FAST)
    w.features["x1_sq"].value = True
    assert w.result.config.features == ("x1", "x2", "x1_sq")
    assert w.result.model.sizes[0] == 3 and w.neuron_view.nodes[0] == 3
    assert w.result.history.loss == pg.run(FAST.replace(features=("x1", "x2", "x1_sq"))).history.loss


def test_the_last_feature_cannot_be_switched_off():
    w = widgets.training_playground(config=FAST.replace(features=("x2",)))
    result = w.result
    w.features["x2"].value = False
    assert w.features["x2"].value is True
    assert w.result is result                                 # no new run
    assert "at least one input feature" in w.status.value


def test_live_frames_redraw_the_neuron_view():
    async def main():
        w = widgets.training_playground(config=FAST.replace(epochs=200))
        first = w.neuron_image.value
        w.features["x1x2"].value = True
        for _ in range(4000):
            if not w.playing:
                break
            await asyncio.sleep(0.005)
        return first, w

    first, w = asyncio.run(main())
    assert w.neuron_image.value != first and w.neuron_view.nodes[0] == 3
    assert w.result.config.features == ("x1", "x2", "x1x2")


# --------------------------------------------------------------------------- the animation

@pytest.mark.filterwarnings("ignore:Animation was deleted without rendering")
def test_recorded_frames_keep_the_weights_and_the_animation_draws_the_neurons():
    from dlcore.plots import playground as P
    r = pg.run(FAST.replace(epochs=4), record_every=2)
    assert len(r.frame_params) == len(r.frames) == 3
    for a, b in zip(r.frame_params[0], r.initial_params):
        np.testing.assert_array_equal(a, b)
    for a, b in zip(r.frame_params[-1], r.model.params):
        np.testing.assert_array_equal(a, b)
    anim = P.animate_regions(r)
    assert len(anim._fig.axes) == 3                          # regions, loss, neurons
    del anim
    gc.collect()          # an unrendered animation warns when it is collected: inside this test
    html = P.regions_animation_html(r).html
    assert html.count("data:image/png;base64") == 3 and "image/jpeg" not in html
    r.frame_params.pop()
    with pytest.raises(ValueError, match="^result.frame_params"):
        P.animate_regions(r)


def test_while_a_run_plays_the_neuron_view_is_redrawn_at_most_every_neuron_frame_seconds():
    w = widgets.training_playground(config=FAST.replace(epochs=50))
    session = pg.TrainingSession(w.config)
    w.session = session
    w.task = types.SimpleNamespace(done=lambda: False, cancel=lambda: None)   # "playing"
    session.train(1)
    w._show_frame(session.frame())               # the view is older than the period: drawn
    drawn = w.neuron_image.value
    session.train(1)
    w._show_frame(session.frame())               # at once again, mid-run: only the figure
    assert w.neuron_image.value == drawn
    w._neurons_drawn -= widgets.NEURON_FRAME_SECONDS  # the period has passed
    session.train(1)
    w._show_frame(session.frame())
    assert w.neuron_image.value != drawn
    drawn = w.neuron_image.value
    session.train(50)                            # the last frame, with its verdict: always drawn
    w._show_frame(session.frame())
    assert w.neuron_image.value != drawn
    w.task = None
