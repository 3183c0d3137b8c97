"""dlcore.widgets: the training playground wired up, driven programmatically."""

from __future__ import annotations

import asyncio
import html
import io

import matplotlib

matplotlib.use("Agg")

import ipywidgets as W  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from PIL import Image  # noqa: E402

from dlcore import playground as pg  # noqa: E402
from dlcore.plots import playground as P  # noqa: E402
from dlcore.widgets import playground as widgets  # noqa: E402
from dlcore.widgets import snapshot  # noqa: E402

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
FAST = pg.PlaygroundConfig(epochs=20)


@pytest.fixture
def w():
    return widgets.training_playground(config=FAST)


def _user_data(n=80):
    rng = np.random.default_rng(1)
    X = rng.normal(size=(n, 2))
    return X, (X[:, 0] + X[:, 1] > 0).astype(int)


def _count_updates(widget):
    calls = []
    original = widget.update

    def counting():
        calls.append(1)
        original()

    widget.update = counting
    return calls


def test_the_default_widget_shows_controls_figure_and_status_at_once():
    w = widgets.training_playground()
    assert isinstance(w, W.VBox)
    assert bytes(w.image.value).startswith(PNG_SIGNATURE) and w.image.format == "png"
    assert w.result is not None and w.result.config == pg.PlaygroundConfig()
    assert "Training converged" in w.status.value and "val acc" in w.status.value
    fields = {f for f in pg.PlaygroundConfig().to_dict()} - {"data_seed", "features"}
    assert set(w.controls) == fields
    assert set(w.features) == set(pg.FEATURES)          # the features: a row of toggles
    assert w.config == pg.PlaygroundConfig()
    assert isinstance(w.controls["lr"], W.FloatLogSlider)
    sliders = [c for c in w.controls.values() if hasattr(c, "continuous_update")]
    assert sliders and all(c.continuous_update is False for c in sliders)
    assert [v for _, v in w.controls["dataset"].options] == ["spirals", "moons", "circles", "xor", "blobs",
                                                             "plane", "gaussians"]
    assert w.extra.children == ()
    assert set(w.buttons) == {"regenerate", "compare_optimizers", "compare_activations", "show_code",
                              "play", "step", "reset"}
    # every part is in the widget tree, so the saved widget state shows it
    assert w.figure_box in w.children and w.extra in w.children
    assert list(w.figure_box.children) == [w.image, w.curves_image]


def test_the_widget_carries_its_snapshot_banner_and_a_retina_figure():
    w = widgets.training_playground(config=FAST)
    assert w.children[0] is w.banner
    assert 'class="n2n-snapshot"' in w.banner.value and "display:none" in w.banner.value
    assert "snapshot" in w.banner.value and "make lab" in w.banner.value
    # the figure in two halves (a row that wraps), each PNG with twice the pixels of the
    # width it is shown at; side by side they are the whole figure
    assert w.figure_box.layout.flex_flow == "row wrap"
    for image in (w.image, w.curves_image):
        assert image.width == "350" and image.layout.max_width == "350px"
        assert P.PNG(bytes(image.value)).pixel_width == 700
        assert "n2n-half" in image._dom_classes
    left, right = (np.asarray(Image.open(io.BytesIO(bytes(i.value))).convert("RGB"))
                   for i in (w.image, w.curves_image))
    whole = np.asarray(Image.open(io.BytesIO(w.figure.to_png(dpi=200))).convert("RGB"))
    assert np.abs(np.hstack([left, right]).astype(int) - whole).max() <= 2
    assert "n2n-curves" in w.curves_image._dom_classes
    # the status line has a row of its own and wraps
    assert w.status in w.children and "white-space:normal" in w.status.value
    assert "n2n-status" in w.status._dom_classes and "n2n-figure" in w.image._dom_classes


def test_snapshot_banner_refuses_empty_text():
    assert "n2n-snapshot" in snapshot.snapshot_banner("<b>static</b>").value
    with pytest.raises(TypeError, match="text"):
        snapshot.snapshot_banner("  ")


def test_changing_a_control_retrains_and_redraws(w):
    before = bytes(w.image.value)
    w.controls["hidden_layers"].value = 1
    assert w.result.model.sizes == [2, 16, 3]
    assert bytes(w.image.value) != before and bytes(w.image.value).startswith(PNG_SIGNATURE)
    assert w.seconds["total"] > 0


def test_divergence_is_reported_in_the_status_line(w):
    with w.hold():
        w.controls["activation"].value = "leaky_relu"
        w.controls["optimizer"].value = "sgd"
        w.controls["lr"].value = 10.0
    r = w.result
    assert r.diverged
    text = html.unescape(w.status.value)
    assert f"Training diverged at epoch {r.diverged_at}" in text
    assert "a smaller learning rate (0.3)" in text and P.LEVEL_COLORS["error"] in w.status.value
    w.controls["lr"].value = 0.3
    assert "diverged" not in w.status.value


def test_hold_trains_once_for_several_changes(w):
    calls = _count_updates(w)
    with w.hold():
        w.controls["width"].value = 8
        w.controls["epochs"].value = 10
        w.controls["seed"].value = 2
    assert len(calls) == 1
    assert (w.result.config.width, w.result.config.epochs, w.result.config.seed) == (8, 10, 2)


def test_unused_controls_are_greyed_out(w):
    ctl = w.controls
    assert not ctl["beta1"].disabled and ctl["momentum"].disabled and ctl["alpha"].disabled
    ctl["optimizer"].value = "momentum"
    assert not ctl["momentum"].disabled and ctl["beta1"].disabled and ctl["beta2"].disabled
    ctl["optimizer"].value = "gd"
    assert ctl["batch_size"].disabled
    ctl["hidden_layers"].value = 0
    assert ctl["width"].disabled and ctl["activation"].disabled
    assert "With no hidden layer the network is a linear classifier" in w.status.value
    ctl["dataset"].value = "moons"
    assert ctl["classes"].disabled


def _shown(control):
    return control.layout.display != "none"


def test_only_the_chosen_optimizers_constants_and_the_used_layers_are_shown(w):
    ctl = w.controls
    shown = {n for n in ("momentum", "alpha", "beta1", "beta2") if _shown(ctl[n])}
    assert shown == {"beta1", "beta2"}                      # Adam, the default
    ctl["optimizer"].value = "rmsprop"
    assert {n for n in ("momentum", "alpha", "beta1", "beta2") if _shown(ctl[n])} == {"alpha"}
    assert all(_shown(ctl[n]) for n in ("lr", "batch_size", "epochs", "weight_decay"))
    ctl["hidden_layers"].value = 3
    assert [_shown(s) for s in ctl["width"].sliders] == [True, True, True, False]
    ctl["hidden_layers"].value = 0              # the first stays in view, greyed out
    assert [_shown(s) for s in ctl["width"].sliders] == [True, False, False, False]
    assert ctl["width"].sliders[0].disabled


def test_batch_size_and_l2_controls_reach_the_config(w):
    w.controls["batch_size"].value = None
    w.controls["weight_decay"].value = 1e-3
    assert w.result.config.batch_size is None and w.result.config.weight_decay == 1e-3
    assert "L2 0.001" in w.figure.title.get_text()


def test_regenerate_draws_a_new_sample(w):
    before = w.result.data.X_train.copy()
    w.buttons["regenerate"].click()
    assert w.result.config.data_seed == FAST.data_seed + 1
    assert not np.array_equal(before, w.result.data.X_train)


def test_compare_optimizers_button_shows_the_comparison(w):
    w.buttons["compare_optimizers"].click()
    assert w.extra_image in w.extra.children
    assert bytes(w.extra_image.value).startswith(PNG_SIGNATURE)
    assert list(w.comparison) == list(pg.OPTIMIZERS)
    assert all(r.config.lr == pg.TUNED_LR[k] for k, r in w.comparison.items())
    assert "Compared 5 optimizers" in w.status.value
    w.same_lr.value = True
    w.buttons["compare_optimizers"].click()
    assert all(r.config.lr == FAST.lr for r in w.comparison.values())
    w.hide_extra.click()
    assert w.extra.children == ()


def test_compare_activations_button(w):
    w.buttons["compare_activations"].click()
    assert list(w.comparison) == list(pg.ACTIVATIONS)
    assert "Compared 4 activations" in w.status.value
    w.controls["seed"].value = 4          # the comparison is of older settings: it goes away
    assert w.extra.children == ()


def test_show_code_prints_code_that_reproduces_the_run(w, capsys):
    w.controls["loss"].value = "mse"
    w.buttons["show_code"].click()
    assert w.code in w.extra.children
    code = html.unescape(w.code.value.split(">", 1)[1].rsplit("</pre>", 1)[0])
    ns = {}
    exec(code, ns)
    assert ns["history"].loss == w.result.history.loss
    w.controls["epochs"].value = 30       # the code follows the controls while it is shown
    assert "epochs=30" in w.code.value


def test_your_data_is_offered_and_selected():
    X, y = _user_data()
    w = widgets.training_playground(X, y, config=pg.PlaygroundConfig(dataset="custom", epochs=10))
    assert ("your data", "custom") in w.controls["dataset"].options
    assert w.controls["dataset"].value == "custom"
    assert w.controls["noise"].disabled and w.buttons["regenerate"].disabled
    assert np.array_equal(np.vstack([w.result.data.X_train, w.result.data.X_val])[:, 0].size, 80)
    w.controls["dataset"].value = "moons"
    assert w.result.config.dataset == "moons"
    w.controls["dataset"].value = "custom"
    assert "your data" in w.figure.title.get_text()
    assert widgets.training_playground(X, y).controls["dataset"].value == "custom"


def test_bad_arguments_are_refused():
    with pytest.raises(ValueError, match=r"shape \(n, 2\)"):
        widgets.training_playground(np.zeros((10, 3)), np.zeros(10, int))
    with pytest.raises(ValueError, match="no X, y were given"):
        widgets.training_playground(config=pg.PlaygroundConfig(dataset="custom"))
    with pytest.raises(TypeError, match="PlaygroundConfig"):
        widgets.training_playground(config={"lr": 0.1})


def _live(scenario):
    """Run ``scenario(w)`` with a widget built inside a running event loop."""
    async def main():
        w = widgets.training_playground(config=FAST)
        out = await scenario(w)
        if w.task is not None:
            w.task.cancel()
        return out

    return asyncio.run(main())


async def _until(condition, limit=2000):
    for _ in range(limit):
        if condition():
            return True
        await asyncio.sleep(0.005)
    return False


def test_live_a_change_shows_the_untrained_network_at_once_then_trains_to_the_end():
    async def scenario(w):
        png = w.image.value
        w.controls["width"].value = 6
        first = (w.image.value != png, w.epoch_label.value, w.playing, w.buttons["play"].description)
        assert await _until(lambda: not w.playing)
        return first, w

    (changed, label, playing, button), w = _live(scenario)
    assert changed and label == "epoch 0 / 20" and playing and button == "pause"
    assert w.result.config.width == 6 and w.epoch_label.value == "epoch 20 / 20"
    assert w.result.history.loss == pg.run(FAST.replace(width=6)).history.loss
    assert w.buttons["play"].description == "play" and w.progress.value == 100


def test_live_a_change_during_a_long_run_cancels_it_no_queue():
    async def scenario(w):
        w.controls["epochs"].value = 2000
        old = w.task
        assert await _until(lambda: w.session.epoch >= 2)
        w.controls["seed"].value = 3
        await asyncio.sleep(0)
        return old, w

    old, w = _live(scenario)
    assert old.cancelled() and w.task is not old
    assert (w.session.config.seed, w.session.config.epochs) == (3, 2000)


def test_live_pause_step_reset_and_play():
    async def scenario(w):
        w.controls["epochs"].value = 2000
        assert await _until(lambda: w.session.epoch >= 2)
        w.buttons["play"].click()                        # pause
        paused_at = w.session.epoch
        assert f"epoch {paused_at} of 2000" in w.figure.message.get_text()   # drawn where it stopped
        assert f"epoch {paused_at}/2000" in html.unescape(w.status.value)
        await asyncio.sleep(0.1)
        still = w.session.epoch
        w.buttons["step"].click()
        stepped = (w.session.epoch, w.epoch_label.value)
        w.buttons["reset"].click()
        reset = w.session.epoch
        w.buttons["play"].click()                        # play again
        assert await _until(lambda: w.session.epoch >= 3)
        return paused_at, still, stepped, reset, w.playing, w.buttons["play"].description

    paused_at, still, stepped, reset, playing, label = _live(scenario)
    assert still == paused_at
    assert stepped == (paused_at + 1, f"epoch {paused_at + 1} / 2000")
    assert reset == 0 and playing and label == "pause"


def test_without_a_loop_step_reset_and_play_still_work(w):
    w.buttons["reset"].click()
    assert w.session.epoch == 0 and w.epoch_label.value == "epoch 0 / 20"
    w.buttons["step"].click()
    assert w.session.epoch == 1
    w.buttons["play"].click()                            # trains to the end at once
    assert w.session.done and w.result.history.loss == pg.run(FAST).history.loss


def test_without_an_event_loop_a_change_trains_to_the_end_in_one_frame(w):
    frames = []
    original = w._draw

    def spy(result, epochs_done=None):
        frames.append(epochs_done)
        original(result, epochs_done)

    w._draw = spy
    w.controls["epochs"].value = 100
    assert frames == [None]                  # one frame: the finished run, with its verdict
    assert w.session.done and w.session.epoch == 100 and w.progress.value == 100
    assert w.epoch_label.value == "epoch 100 / 100" and w.result.level != "running"


def test_an_invalid_setting_marks_the_figure_stale(w):
    png = w.image.value
    w.controls["n_samples"].value = 100
    assert not w.stale and "n2n-stale" not in w.image._dom_classes
    w._data_seed = -1                         # no control can do this: an invalid config
    w.update()
    assert w.stale and "n2n-stale" in w.image._dom_classes
    assert "Invalid setting" in w.status.value and "stale" in w.status.value
    w._data_seed = 0
    w.update()
    assert not w.stale and "n2n-stale" not in w.image._dom_classes and w.image.value != png


def test_the_momentum_slider_cannot_reach_the_invalid_zero(w):
    assert w.controls["momentum"].min > 0


def test_every_control_and_button_has_a_tooltip_that_says_what_it_does(w):
    for name, control in w.controls.items():
        for part in getattr(control, "sliders", [control]):      # the layer widths: each slider
            assert isinstance(part.tooltip, str) and len(part.tooltip) > 10, name
    for name, button in w.buttons.items():
        assert isinstance(button.tooltip, str) and len(button.tooltip) > 10, name


def test_the_status_line_has_a_fixed_height_and_theme_colours(w):
    assert w.status.layout.height == widgets.STATUS_HEIGHT and w.status.layout.overflow == "auto"
    assert "var(--jp-content-font-color2" in w.status.value


def test_the_learning_rate_range_suits_the_optimizer(w):
    lr = w.controls["lr"]
    low, high = pg.LR_RANGES["adam"]
    assert (10 ** lr.min, 10 ** lr.max) == pytest.approx((low, high))
    calls = _count_updates(w)
    w.controls["optimizer"].value = "sgd"               # 0.02 is in SGD's range: kept
    assert (10 ** lr.min, 10 ** lr.max) == pytest.approx(pg.LR_RANGES["sgd"])
    assert lr.value == pytest.approx(0.02) and len(calls) == 1   # one retrain, not two
    lr.value = 5.0
    w.controls["optimizer"].value = "rmsprop"           # 5 is out of RMSprop's: its tuned rate
    assert lr.value == pytest.approx(pg.TUNED_LR["rmsprop"])
    assert w.result.config.lr == pytest.approx(pg.TUNED_LR["rmsprop"])
    assert widgets.lr_range("gd", 1e-5) == (1e-3, 10.0, pg.TUNED_LR["gd"])
    assert widgets.lr_range("momentum", 0.5) == (1e-4, 1.0, 0.5)
    # a given rate outside the optimizer's range widens the slider (never clipped)
    odd = widgets.training_playground(config=FAST.replace(lr=5.0))
    assert odd.config.lr == 5.0 and 10 ** odd.controls["lr"].max >= 5.0


def test_epochs_are_on_a_log_like_scale(w):
    epochs = w.controls["epochs"]
    assert isinstance(epochs, W.SelectionSlider)
    assert list(epochs.options) == [v for v in pg.EPOCH_CHOICES]
    default = list(epochs.options).index(pg.PlaygroundConfig().epochs)
    assert 2 <= default <= len(epochs.options) - 4           # not at the far left
    odd = widgets.training_playground(config=FAST.replace(epochs=7))
    assert odd.controls["epochs"].options[0] == 7 and odd.config.epochs == 7


def test_display_options_redraw_without_retraining(w):
    calls = _count_updates(w)
    result, before = w.result, bytes(w.image.value)
    assert w.display["show_val"].value and not w.display["discretize"].value
    w.display["show_val"].value = False
    assert not w.figure.show_val and not w.figure.val_points.get_visible()
    assert bytes(w.image.value) != before
    w.display["discretize"].value = True
    assert w.figure.discretize and calls == [] and w.result is result
    hard = P.region_image(result.grid.probs, discrete=True)
    np.testing.assert_allclose(w.figure.image.get_array(), hard)
    assert all(isinstance(b.tooltip, str) and b.tooltip for b in w.display.values())
