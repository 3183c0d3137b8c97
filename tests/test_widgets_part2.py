"""The widgets of chapters 2.1 and 2.2, driven programmatically."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import ipywidgets as W  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

import dlcore as dl  # noqa: E402

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _has_banner(widget):
    return any(isinstance(c, W.HTML) and "n2n-snapshot" in c.value for c in widget.children)


def test_network_explorer_shows_a_figure_at_once_and_redraws_on_change():
    w = dl.widgets.network_explorer()
    assert isinstance(w, W.VBox) and _has_banner(w) and w.image in w.children
    first = bytes(w.image.value)
    assert first.startswith(PNG_SIGNATURE)
    assert w.model.sizes == [2, 6, 6, 1]
    w.controls["depth"].value = 4
    assert w.model.sizes == [2, 6, 6, 6, 6, 1] and bytes(w.image.value) != first
    w.controls["width"].value = 3
    w.controls["activation"].value = "relu"
    assert w.model.sizes == [2, 3, 3, 3, 3, 1] and w.model.init == "he"
    before = bytes(w.image.value)
    w.controls["seed"].value = 5
    assert bytes(w.image.value) != before
    w.controls["depth"].value = 0
    assert w.model.sizes == [2, 1] and w.controls["width"].disabled
    assert f"{w.model.n_params} parameters" in w.caption.value
    np.testing.assert_allclose(w.Z, dl.architecture.random_surface(0, 3, "relu", 5)[1])


def test_activation_explorer_toggles_lines_and_range():
    w = dl.widgets.activation_explorer()
    assert _has_banner(w) and w.image in w.children
    first = bytes(w.image.value)
    assert first.startswith(PNG_SIGNATURE)
    assert w.figure.shown == ("sigmoid", "tanh", "relu") and w.figure.derivative
    w.controls["leaky_relu"].value = True
    assert "leaky_relu" in w.figure.shown and bytes(w.image.value) != first
    w.controls["derivative"].value = False
    assert not any(line.get_visible() for line in w.figure.slopes.values())
    w.controls["z_max"].value = 10.0
    assert w.figure.ax.get_xlim() == (-10.0, 10.0)


def test_gradient_flow_explorer_follows_the_depth_slider():
    w = dl.widgets.gradient_flow_explorer(depth=4)
    assert _has_banner(w)
    assert len(w.norms["relu", "he"]) == 5
    before = bytes(w.image.value)
    w.controls["depth"].value = 12
    assert len(w.norms["sigmoid", "xavier"]) == 13 and bytes(w.image.value) != before
    x, y = w.figure.lines["tanh", "xavier"].get_data()
    np.testing.assert_allclose(y, dl.gradient_flow.layer_gradient_norms(12, "tanh", "xavier"))
    cached = w.norms
    w.controls["depth"].value = 4
    w.controls["depth"].value = 12
    assert w.norms is cached
    w.controls["seed"].value = 3
    assert w.norms is not cached


def test_loss_explorer_follows_label_and_prediction():
    w = dl.widgets.loss_explorer()
    assert _has_banner(w)
    assert "cross-entropy 1.609" in w.caption.value
    before = bytes(w.image.value)
    w.controls["a"].value = 0.9
    assert "cross-entropy 0.105" in w.caption.value and bytes(w.image.value) != before
    w.controls["y"].value = 0
    assert "cross-entropy 2.303" in w.caption.value
    assert w.figure.y == 0 and w.figure.a == 0.9


def test_optimizer_race_recomputes_only_what_a_control_changes():
    w = dl.widgets.optimizer_race_widget(steps=20)
    assert _has_banner(w) and set(w.result) == set(dl.optimizer_race.OPTIMIZERS)
    before = {k: v for k, v in w.result.items()}
    w.controls["momentum"].value = 0.5
    assert w.result["adam"] is before["adam"] and w.result["momentum"] is not before["momentum"]
    w.controls["lr"].value = 0.02
    assert w.result["adam"] is not before["adam"]
    w.controls["surface"].value = "beale"
    assert w.controls["lr"].value == pytest.approx(dl.widgets.DEFAULT_LR["beale"])
    assert (w.controls["x0"].value, w.controls["y0"].value) == dl.surfaces.get("beale").start
    assert w.result["gd"]["path"][0].tolist() == list(dl.surfaces.get("beale").start)
    assert "after 20 steps" in w.caption.value
