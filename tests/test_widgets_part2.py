"""The widgets of chapters 2.1 and 2.2, driven programmatically."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import ipywidgets as W  # noqa: E402
import numpy as np  # noqa: E402

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
