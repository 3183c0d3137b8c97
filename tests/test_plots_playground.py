"""dlcore.plots.playground: drawn on Agg, checked through the artists and the pixels."""

from __future__ import annotations

import gc
import io
import re

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from PIL import Image  # noqa: E402

from dlcore import playground as pg  # noqa: E402
from dlcore.plots import playground as P  # noqa: E402
from dlcore.plots.animation import offline_player  # noqa: E402

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
CFG = pg.PlaygroundConfig(epochs=20)


@pytest.fixture(scope="module")
def results():
    return {
        "default": pg.run(CFG),
        "moons": pg.run(CFG.replace(dataset="moons", noise=0.1, hidden_layers=1, width=8, val_fraction=0.0)),
        "diverged": pg.run(CFG.replace(activation="leaky_relu", optimizer="sgd", lr=10.0)),
    }


def _pixels(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(int)


def test_region_image_fades_to_white_where_the_model_is_unsure():
    probs = np.zeros((2, 3, 3))
    probs[0, :, 1] = 1.0                     # sure: class 1
    probs[1, :, :] = 1 / 3                   # no idea
    img = P.region_image(probs, strength=1.0)
    assert img.shape == (2, 3, 3)
    np.testing.assert_allclose(img[0, 0], matplotlib.colors.to_rgb(P.CLASS_COLORS[1]))
    np.testing.assert_allclose(img[1], 1.0)
    half = P.region_image(probs, strength=0.5)[0, 0]
    np.testing.assert_allclose(half, 1 - 0.5 * (1 - np.array(matplotlib.colors.to_rgb(P.CLASS_COLORS[1]))))
    with pytest.raises(ValueError, match=r"\(ny, nx, k\)"):
        P.region_image(np.zeros((4, 3)))
    with pytest.raises(ValueError, match="at most 8 classes"):
        P.region_image(np.full((1, 1, 9), 1 / 9))


def test_playground_figure_is_not_managed_by_pyplot(results):
    before = plt.get_fignums()
    f = P.PlaygroundFigure(results["default"])
    assert isinstance(f.fig, Figure) and plt.get_fignums() == before
    assert f.fig.canvas.__class__.__name__ == "FigureCanvasAgg"


def test_to_png_returns_png_bytes(results):
    png = P.PlaygroundFigure(results["default"]).to_png()
    assert png.startswith(PNG_SIGNATURE)
    assert _pixels(png).shape == (900, 1400, 3)      # 7 x 4.5 inches at twice 100 px per inch


def test_update_changes_the_same_artists_in_place(results):
    f = P.PlaygroundFigure(results["default"])
    first = f.to_png()
    artists = [f.image, f.train_points, f.val_points, f.wrong_points, *f.loss_lines, *f.acc_lines, f.chance_line,
               f.diverged_line, f.title, f.message, f.acc_text]
    counts = [(len(ax.lines), len(ax.collections), len(ax.images), len(ax.texts)) for ax in f.fig.axes]
    for name in ("moons", "default"):
        r = results[name]
        f.update(r)
        png = f.to_png()
        assert png.startswith(PNG_SIGNATURE)
        now = [f.image, f.train_points, f.val_points, f.wrong_points, *f.loss_lines, *f.acc_lines, f.chance_line,
               f.diverged_line, f.title, f.message, f.acc_text]
        assert all(a is b for a, b in zip(artists, now))
        assert [(len(ax.lines), len(ax.collections), len(ax.images), len(ax.texts))
                for ax in f.fig.axes] == counts
        np.testing.assert_array_equal(f.loss_lines[0].get_ydata(), r.history.loss)
        np.testing.assert_array_equal(f.acc_lines[0].get_ydata(), r.history.accuracy)
        np.testing.assert_array_equal(f.train_points.get_offsets(), r.data.X_train)
        np.testing.assert_allclose(f.image.get_array(), P.region_image(r.grid.probs))
        assert tuple(f.image.get_extent()) == r.grid.extent
        assert f.chance_line.get_ydata()[0] == pytest.approx(1 / r.data.n_classes)
    assert png == first                          # back to the same result: the same picture


def test_update_shows_the_moons_run_without_validation(results):
    f = P.PlaygroundFigure(results["default"])
    f.update(results["moons"])
    assert not f.val_points.get_visible() and not f.loss_lines[1].get_visible()
    assert f.loss_lines[0].get_visible()
    assert f.title.get_text().startswith("moons  |  1x8 ReLU")
    assert results["moons"].level == "ok"
    assert f.message.get_text() == f"\u2713 {results['moons'].headline}"
    assert f.acc_text.get_text().startswith("accuracy: train 9") and "validation" not in f.acc_text.get_text()
    assert tuple(f.ax_loss.get_xlim()) == (0, 20)


def test_a_diverged_run_is_marked_at_its_epoch(results):
    r = results["diverged"]
    f = P.PlaygroundFigure(results["default"]).update(r)
    assert f.diverged_line.get_visible()
    assert list(f.diverged_line.get_xdata()) == [r.diverged_at, r.diverged_at]
    assert f.message.get_text() == f"\u2717 diverged at epoch {r.diverged_at}"
    assert f.message.get_color() == P.LEVEL_COLORS["error"]
    f.update(results["default"])
    assert not f.diverged_line.get_visible()


def test_the_fast_path_draws_the_same_picture_as_a_full_draw(results):
    f = P.PlaygroundFigure(results["default"])
    f.to_png()
    f.update(results["moons"])
    fast = _pixels(f.to_png())
    buf = io.BytesIO()
    f.fig.savefig(buf, format="png", dpi=f.fig.dpi)
    full = _pixels(buf.getvalue())
    assert fast.shape == full.shape
    differ = np.any(np.abs(fast - full) > 40, axis=-1).mean()
    assert differ < 0.005, f"{differ:.2%} of the pixels differ"


def test_progress_frames_say_training(results):
    session = pg.TrainingSession(results["default"].config)
    session.train(7)
    frame = session.frame()
    f = P.PlaygroundFigure(frame)
    f.update(frame, epochs_done=7)
    assert f.message.get_text() == f"training: epoch 7 of {frame.config.epochs}"


def test_plot_history_draws_train_and_validation_curves(results):
    h = results["default"].history
    fig = P.new_figure(6, 3)
    ax1, ax2 = fig.subplots(1, 2)
    lines = P.plot_history(ax1, h)
    assert len(lines) == 2 and ax1.get_yscale() == "log"
    np.testing.assert_array_equal(lines[1].get_ydata(), h.val_loss)
    np.testing.assert_array_equal(lines[0].get_xdata(), np.arange(1, 21))
    acc = P.plot_history(ax2, h, metric="accuracy")
    assert ax2.get_yscale() == "linear" and ax2.get_ylim() == (0, 1.02)
    np.testing.assert_array_equal(acc[0].get_ydata(), h.accuracy)
    only_train = P.plot_history(fig.add_subplot(3, 3, 1), results["moons"].history)
    assert len(only_train) == 1
    with pytest.raises(ValueError, match="metric must be 'loss' or 'accuracy'"):
        P.plot_history(ax1, h, metric="f1")


def test_plot_comparison_overlays_one_curve_per_run():
    results = pg.compare_optimizers(CFG.replace(epochs=5))
    fig = P.plot_comparison(results)
    assert isinstance(fig, Figure) and len(fig.axes) == 5 + 2
    ax_loss = fig.axes[0]
    assert [line.get_label() for line in ax_loss.lines] == [
        f"{n} (lr {pg.TUNED_LR[k]:g})" for k, n in zip(pg.OPTIMIZERS, ["GD", "SGD", "Momentum", "RMSprop", "Adam"])]
    np.testing.assert_array_equal(ax_loss.lines[4].get_ydata(), results["adam"].history.loss)
    assert "same initial weights" in fig._suptitle.get_text()
    assert P.figure_png(fig, 200).startswith(PNG_SIGNATURE)
    acts = P.plot_comparison(pg.compare_activations(CFG.replace(epochs=3), activations=["tanh", "relu"]))
    assert [line.get_label() for line in acts.axes[0].lines] == ["tanh", "ReLU"]
    with pytest.raises(ValueError, match="at least one run"):
        P.plot_comparison({})


def test_plot_comparison_marks_a_diverged_run(results):
    fig = P.plot_comparison({"sgd": results["diverged"], "adam": results["default"]}, vary="optimizer")
    titles = [ax.get_title() for ax in fig.axes[2:]]
    assert titles[0].endswith("diverged")


def test_small_multiples_has_a_panel_per_pair_and_a_loss_column():
    grid = pg.compare_grid(CFG.replace(epochs=3), activations=["tanh", "relu"], optimizers=["sgd", "momentum", "adam"])
    fig = P.small_multiples(grid)
    assert len(fig.axes) == 2 * (3 + 1)
    loss_axes = [ax for ax in fig.axes if ax.get_yscale() == "log"]
    assert len(loss_axes) == 2 and all(len(ax.lines) == 3 for ax in loss_axes)
    assert loss_axes[0].get_ylim() == loss_axes[1].get_ylim()            # one scale for every row
    assert P.figure_png(fig, 200).startswith(PNG_SIGNATURE)


@pytest.mark.filterwarnings("ignore:Animation was deleted without rendering")
def test_animation_of_the_regions():
    r = pg.run(CFG.replace(epochs=6), record_every=3, resolution=20)
    anim = P.animate_regions(r)
    assert isinstance(anim._fig, Figure)
    del anim
    gc.collect()          # an unrendered animation warns when it is collected: inside this test
    html = P.regions_animation_html(r)
    assert html._repr_html_() is html.html
    assert "<script" in html.html and html.html.count("data:image/png;base64") == len(r.frames) == 3
    assert P.regions_animation_html(r, frame_format="jpeg").html.count("data:image/jpeg;base64") == 3
    # sharp frames: retina PNGs (1400 px) shown 700 px wide
    frame = html.html.split("data:image/png;base64,")[1].split('"')[0].replace("\\n", "")
    import base64
    assert _pixels(base64.b64decode(frame)).shape[1] == 1400
    assert 'width="700"' in html.html
    # the player works offline: no icon font from a CDN, no URL at all
    assert "http://" not in html.html and "https://" not in html.html
    assert 'class="fa' not in html.html and 'title="Play"' in html.html
    with pytest.raises(ValueError, match="record_every"):
        P.animate_regions(pg.run(CFG.replace(epochs=2)))
    with pytest.raises(ValueError, match="frame_format"):
        P.regions_animation_html(r, frame_format="gif")
    with pytest.raises(ValueError, match="colors"):
        P.regions_animation_html(r, colors=1000)


def test_as_png_is_a_retina_image_shown_at_the_figure_size(results):
    fig = P.new_figure(2, 1.5, dpi=50)
    fig.add_subplot().plot([0, 1], [1, 0])
    png = P.as_png(fig)
    data, meta = png._repr_png_()
    assert data.startswith(PNG_SIGNATURE)
    assert _pixels(png.data).shape == (300, 400, 3)          # twice 100 px per inch
    assert meta == {"width": 200, "height": 150}             # shown at 100 px per inch
    low = P.as_png(fig, dpi=100)
    assert _pixels(low.data).shape == (150, 200, 3) and low._repr_png_()[1]["width"] == 200
    assert "400x300 pixels shown at 200x150" in repr(png)
    with pytest.raises(ValueError, match="PNG"):
        P.PNG(b"GIF89a")
    data, meta = P.PlaygroundFigure(results["default"])._repr_png_()
    assert data.startswith(PNG_SIGNATURE) and meta["width"] == 700


def test_a_notebook_shows_the_png_at_its_css_size():
    from IPython.core.formatters import format_display_data

    fig = P.new_figure(7, 3)
    fig.add_subplot().plot([0, 1], [1, 0])
    bundle, meta = format_display_data(P.as_png(fig))
    assert "image/png" in bundle and meta["image/png"] == {"width": 700, "height": 300}


def _text_sizes(fig):
    fig.canvas.draw()
    texts = [t for t in fig.findobj(matplotlib.text.Text) if t.get_visible() and t.get_text().strip()]
    return {t.get_text(): t.get_fontsize() for t in texts}


@pytest.mark.parametrize("draw", ["playground", "comparison", "small_multiples", "animation"])
def test_every_figure_is_drawn_for_the_column_with_text_of_10_points(results, draw):
    from dlcore.plots import style

    if draw == "playground":
        fig = P.PlaygroundFigure(results["default"]).fig
    elif draw == "comparison":
        fig = P.plot_comparison(pg.compare_optimizers(CFG.replace(epochs=3)))
    elif draw == "small_multiples":
        fig = P.small_multiples(pg.compare_grid(CFG.replace(epochs=2)), dpi=90)
    else:
        r = pg.run(CFG.replace(epochs=4), record_every=2, resolution=20)
        anim = P.animate_regions(r)
        fig = anim._fig
        anim._draw_was_started = True       # not rendered here: no warning when collected
    assert fig.get_figwidth() <= style.COLUMN_WIDTH + 1e-9
    sizes = _text_sizes(fig)
    small = {t: s for t, s in sizes.items() if s < style.MIN_FONT_SIZE}
    assert sizes and small == {}, f"text under {style.MIN_FONT_SIZE} pt: {small}"
    # and everything drawn stays inside the figure (no text cut off at the edges)
    tight = fig.get_tightbbox(fig.canvas.get_renderer())
    w, h = fig.get_size_inches()
    assert tight.x0 >= -0.02 and tight.y0 >= -0.02, f"drawn outside the figure: {tight}"
    assert tight.x1 <= w + 0.02 and tight.y1 <= h + 0.02, f"drawn outside the figure ({w} x {h} in): {tight}"


def test_points_are_outlined_and_misclassified_points_ringed(results):
    from dlcore.plots import style

    f = P.PlaygroundFigure(results["default"])
    edge = f.train_points.get_edgecolor()[0]
    np.testing.assert_allclose(edge[:3], matplotlib.colors.to_rgb("#222222"))
    assert f.train_points.get_linewidths()[0] > 0
    r = results["default"]
    wrong = r.model.predict_classes(r.data.X_train) != r.data.y_train
    wrong_val = r.model.predict_classes(r.data.X_val) != r.data.y_val
    assert len(f.wrong_points.get_offsets()) == wrong.sum() + wrong_val.sum()
    np.testing.assert_allclose(f.wrong_points.get_edgecolor()[0][:3],
                               matplotlib.colors.to_rgb(style.ERROR_COLOR))
    f.update(results["diverged"])                 # a diverged model predicts nothing: no rings
    assert not f.wrong_points.get_visible()


def test_class_colours_are_okabe_ito():
    from dlcore.plots import style

    assert set(style.CLASS_COLORS) <= set(style.PALETTE)
    assert P.CLASS_COLORS is style.CLASS_COLORS


def test_an_unknown_player_icon_is_reported():
    with pytest.raises(RuntimeError, match="fa fa-rocket"):
        offline_player('<link rel="stylesheet"\nhref="https://x/font-awesome.css">'
                             '<i class="fa fa-rocket"></i>')


def test_to_png_at_another_resolution_and_as_a_palette_image(results):
    f = P.PlaygroundFigure(results["default"], dpi=150)
    assert _pixels(f.to_png()).shape == (675, 1050, 3)
    assert _pixels(f.to_png(dpi=200)).shape == (900, 1400, 3)
    full, palette = f.to_png(), f.to_png(colors=256)
    assert Image.open(io.BytesIO(palette)).mode == "P" and len(palette) < len(full)
    differ = np.any(np.abs(_pixels(full) - _pixels(palette)) > 40, axis=-1).mean()
    assert differ < 0.005, f"{differ:.2%} of the pixels differ"


LONGEST = pg.PlaygroundConfig(dataset="spirals", classes=6, hidden_layers=4, width=64,
                              activation="leaky_relu", loss="mse", optimizer="momentum",
                              lr=0.000316, batch_size=128, weight_decay=0.003, l1=0.0003,
                              epochs=3)


def test_the_longest_settings_fit_the_left_column_and_the_scores_the_right():
    f = P.PlaygroundFigure(pg.run(LONGEST))
    f.to_png()
    renderer = f.fig.canvas.get_renderer()
    cut = f.CUT * f.fig.bbox.x1
    assert f.title.get_text().count("\n") == 2              # data and network; training; penalties
    for text in (f.title, f.message):
        box = text.get_window_extent(renderer)
        assert 0 <= box.x0 and box.x1 < cut, f"{text.get_text()!r} crosses the cut"
    for text in (f.acc_text, f.chance_text):
        box = text.get_window_extent(renderer)
        assert cut < box.x0 and box.x1 <= f.fig.bbox.x1, f"{text.get_text()!r} is not in the right column"


def test_the_longest_run_keeps_its_last_epoch_tick_inside_the_figure():
    frame = pg.TrainingSession(CFG.replace(epochs=2000)).frame()     # the x axis: 0 to 2000
    f = P.PlaygroundFigure(frame)
    f.to_png()
    renderer = f.fig.canvas.get_renderer()
    for ax in (f.ax_loss, f.ax_acc):
        labels = [t for t in ax.get_xticklabels() if t.get_text()]
        assert labels[-1].get_text() == "2000"
        box = labels[-1].get_window_extent(renderer)
        assert box.x1 <= f.fig.bbox.x1, f"the tick 2000 runs off the figure: {box}"


@pytest.mark.parametrize("name", ["default", "moons", "diverged", "longest"])
def test_nothing_crosses_the_cut_and_the_halves_make_the_figure(results, name):
    r = pg.run(LONGEST) if name == "longest" else results[name]
    f = P.PlaygroundFigure(r, dpi=100)
    whole = _pixels(f.to_png())
    cut = f.cut_column(whole.shape[1])
    assert cut == 350
    band = whole[:, cut - 3:cut + 3]
    assert (band >= 250).all(), f"{name}: something is drawn across the cut"
    left, right = (_pixels(png) for png in f.halves_png())
    assert left.shape == (450, 350, 3) and right.shape == (450, 350, 3)
    np.testing.assert_array_equal(np.hstack([left, right]), whole)
    sharp = [_pixels(png) for png in f.halves_png(dpi=200)]
    assert [a.shape for a in sharp] == [(900, 700, 3), (900, 700, 3)]


def test_short_errors_show_the_cell_and_the_message_without_library_frames(capsys):
    from IPython.core.interactiveshell import InteractiveShell

    from dlcore.plots import style

    shell = InteractiveShell.instance()
    try:
        style.short_errors(shell)
        shell.run_cell("import dlcore as dl\ndef f(x):\n    return dl.activations.sigmoid(x)\nf('abc')")
        shell.run_cell("import numpy as np\nnp.dot(np.ones((100, 1)), np.ones((5, 2)))")
        result = shell.run_cell("1 + 1")
    finally:
        shell.set_custom_exc((), None)
    out = re.sub(r"\x1b\[[0-9;]*m", "", capsys.readouterr().out)
    assert "TypeError: z: expected an array of real numbers" in out
    assert "ValueError: shapes (100,1) and (5,2) not aligned" in out
    assert "----> 4 f('abc')" in out and "return dl.activations.sigmoid(x)" in out   # the cells
    assert "dlcore" + "/" not in out and "site-packages" not in out and ".py" not in out
    assert max(len(line) for line in out.splitlines()) <= 79
    assert result.success and result.result == 2            # the shell carries on


def test_display_options_hide_validation_points_and_discretize_regions(results):
    r = results["default"]
    f = P.PlaygroundFigure(r)
    f.show_val, f.discretize = False, True
    f.update(r)
    assert not f.val_points.get_visible()
    wrong = r.model.predict_classes(r.data.X_train) != r.data.y_train
    assert len(f.wrong_points.get_offsets()) == wrong.sum()        # rings on shown points only
    labels = r.grid.probs.argmax(-1)
    tints = 1 - P.REGION_STRENGTH * (1 - P._CLASS_RGB)
    np.testing.assert_allclose(f.image.get_array(), tints[labels])
    f.show_val, f.discretize = True, False
    f.update(r)
    assert f.val_points.get_visible()
    assert not np.allclose(f.image.get_array(), tints[labels])


def test_stamped_texts_and_points_draw_what_matplotlib_draws(results):
    f = P.PlaygroundFigure(results["default"])
    f.to_png()
    for r in ("moons", "default", "default"):          # misses, then hits of every stamp
        f.update(results[r])
        fast = _pixels(f.to_png())
    buf = io.BytesIO()
    f.fig.savefig(buf, format="png", dpi=f.fig.dpi)
    differ = np.any(np.abs(fast - _pixels(buf.getvalue())) > 40, axis=-1).mean()
    assert differ < 0.005, f"{differ:.2%} of the pixels differ"


def test_figure_png_is_the_one_route_to_a_png(results):
    from dlcore.plots import style

    f = P.PlaygroundFigure(results["default"], dpi=150)
    f.render()
    drawn = style.figure_png(f.fig)                        # the canvas as it is
    assert _pixels(drawn).shape == (675, 1050, 3)
    assert _pixels(style.figure_png(f.fig, 100)).shape == (450, 700, 3)
    palette = style.figure_png(f.fig, colors=64)
    assert Image.open(io.BytesIO(palette)).mode == "P"
    assert len(Image.open(io.BytesIO(palette)).getcolors()) <= 64
    full = style.figure_png(f.fig, 100, colors=256)
    assert Image.open(io.BytesIO(full)).mode == "P" and _pixels(full).shape == (450, 700, 3)
