"""Chapter 3.1's figure (dlcore.plots.forward_trace) and widget (forward stepper)."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import ipywidgets as W  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

import dlcore as dl  # noqa: E402
from dlcore import forward_trace as ft  # noqa: E402

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def test_figure_shows_every_array_up_to_the_step():
    model = ft.worked_example()
    fig = dl.plots.ForwardTraceFigure(model, x=(1.0, 2.0))
    assert len(fig.columns) == 5 and [len(t) for t in fig.texts] == [2, 3, 3, 1, 1]
    assert [t.get_text() for t in fig.texts[1]] == ["1.20", "-0.20", "0.80"]
    assert fig.texts[4][0].get_text() == "0.60"
    fig.update((0.5, -1.0), step=2)
    assert fig.step == 2 and fig.texts[3][0].get_text() == ""
    assert np.ma.getmaskarray(fig.images[3].get_array()).all()
    np.testing.assert_allclose(fig.images[1].get_array()[:, 0],
                               fig.trace.layers[0].z[0])
    assert tuple(fig.marker.get_xdata()) == (0.5,)
    assert fig.to_png().startswith(PNG_SIGNATURE)


def test_figure_scales_are_fixed_and_leave_the_callers_model_alone():
    model = ft.worked_example()
    fig = dl.plots.ForwardTraceFigure(model)
    scales = list(fig.scales)
    fig.update((-2.0, 2.0))
    assert fig.scales == scales and all(s > 0 for s in scales)
    assert model.layers[0].X is None                  # traced on a copy
    for image, s in zip(fig.images, scales):
        assert image.get_clim() == (-s, s)


def test_figure_rejects_a_network_without_two_inputs():
    with pytest.raises(ValueError, match="model"):
        dl.plots.ForwardTraceFigure(dl.MLP([3, 2, 1]))


def test_forward_stepper_follows_point_and_step():
    w = dl.widgets.forward_stepper()
    assert isinstance(w, W.VBox)
    assert isinstance(w.children[0], W.HTML) and "n2n-snapshot" in w.children[0].value
    assert "n2n-figure" in w.image._dom_classes
    first = bytes(w.image.value)
    assert first.startswith(PNG_SIGNATURE)
    assert "a_2 = sigmoid(z_2) = [0.60]" in w.caption.value
    w.controls["step"].value = 1
    assert "z_1 = a_0 W_1 + b_1 = [1.20, -0.20, 0.80]" in w.caption.value
    assert bytes(w.image.value) != first
    w.controls["x1"].value = 0.0
    w.controls["x2"].value = 0.0
    assert "[0.10, 0.00, -0.20]" in w.caption.value
    for name, control in w.controls.items():
        assert control.description and control.tooltip, name
        assert getattr(control, "continuous_update", False) is False


def test_forward_stepper_declares_what_the_benchmark_needs():
    import importlib

    module = importlib.import_module("dlcore.widgets.forward_stepper")

    assert module.CHAPTER == "3.1" and module.FACTORY == "forward_stepper"
    w = getattr(dl.widgets, module.FACTORY)()
    for name, values in module.BENCH_CHANGES:
        for v in values:
            w.controls[name].value = v
    assert w.figure.step == w.controls["step"].value
