"""The figures of chapter 3.2: the computational graph and the eps curves (Agg)."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import ipywidgets as W  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

import dlcore as dl  # noqa: E402
from dlcore.plots.compute_graph import GRAPH_GRADIENTS, GRAPH_VARIABLES, draw_neuron_graph  # noqa: E402
from dlcore.plots.gradcheck import GradcheckFigure, draw_eps_curves, error_at  # noqa: E402
from dlcore.plots.style import new_figure  # noqa: E402

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def fake_sweep():
    eps = 10.0 ** np.arange(-12, 0.01, 1.0)
    return {"eps": eps, "scheme": "central",
            "float64": 1e-16 / eps + eps ** 2, "float32": np.minimum(1e-7 / eps + eps ** 2, 1)}


def test_graph_shows_every_value_and_gradient():
    fig = new_figure(7, 2.6)
    ax = fig.add_axes([0, 0, 1, 1])
    values = {k: i + 0.5 for i, k in enumerate(GRAPH_VARIABLES)}
    grads = {k: -(i + 0.25) for i, k in enumerate(GRAPH_GRADIENTS)}
    texts = draw_neuron_graph(ax, values, grads, fmt="{:.2f}")
    assert texts["value", "w"].get_text() == "$w = 1.50$"
    assert texts["grad", "w"].get_text() == r"$\bar{w} = -1.25$"
    assert ("grad", "y") not in texts                  # a target has no gradient
    assert len([k for k in texts if k[0] == "grad"]) == len(GRAPH_GRADIENTS)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    for t in texts.values():                           # nothing leaves the figure
        box = t.get_window_extent(renderer)
        assert box.x0 >= 0 and box.x1 <= fig.bbox.x1 and box.y0 >= 0
        assert t.get_fontsize() >= 10
    # forward values only
    ax2 = new_figure(7, 2.6).add_axes([0, 0, 1, 1])
    assert not any(k[0] == "grad" for k in draw_neuron_graph(ax2, values))


def test_graph_bad_input():
    ax = new_figure(7, 2.6).add_axes([0, 0, 1, 1])
    with pytest.raises(TypeError, match="^values: "):
        draw_neuron_graph(ax, [1, 2])
    with pytest.raises(ValueError, match="^values: .*missing L"):
        draw_neuron_graph(ax, {k: 1 for k in GRAPH_VARIABLES if k != "L"})
    with pytest.raises(ValueError, match="^grads: "):
        draw_neuron_graph(ax, {k: 1 for k in GRAPH_VARIABLES}, {"w": 1})


def test_eps_curves_and_their_markers():
    s = fake_sweep()
    ax = new_figure(7, 3).add_axes([0.1, 0.1, 0.8, 0.8])
    lines = draw_eps_curves(ax, s)
    assert set(lines) == {"float64", "float32"}
    np.testing.assert_allclose(lines["float64"].get_ydata(), s["float64"])
    assert ax.get_xscale() == "log" and ax.get_yscale() == "log"
    v = error_at(s, 2e-6)
    assert v["eps"] == pytest.approx(1e-6) and v["index"] == 6
    assert v["float32"] == pytest.approx(s["float32"][6])
    f = GradcheckFigure(s, eps=1e-3)
    first = f.to_png()
    assert first.startswith(PNG_SIGNATURE)
    assert f.markers["float64"].get_ydata()[0] == pytest.approx(s["float64"][9])
    f.update(1e-8)
    assert f.vline.get_xdata()[0] == pytest.approx(1e-8)
    assert f.to_png() != first


def test_eps_curves_bad_input():
    ax = new_figure(7, 3).add_axes([0.1, 0.1, 0.8, 0.8])
    with pytest.raises(TypeError, match="^sweep: "):
        draw_eps_curves(ax, [1, 2])
    with pytest.raises(ValueError, match="^sweep: "):
        draw_eps_curves(ax, {"eps": np.ones(3)})


def test_gradcheck_explorer_moves_only_markers():
    import importlib

    module = importlib.import_module("dlcore.widgets.gradcheck_explorer")

    assert module.CHAPTER == "3.2" and module.FACTORY == "gradcheck_explorer"
    w = dl.widgets.gradcheck_explorer()
    assert isinstance(w, W.VBox)
    assert isinstance(w.children[0], W.HTML) and "n2n-snapshot" in w.children[0].value
    assert "n2n-figure" in w.image._dom_classes
    slider = w.controls["log10_eps"]
    assert slider.description and slider.tooltip and not slider.continuous_update
    assert len(w.sweep["eps"]) == 49
    first = bytes(w.image.value)
    assert first.startswith(PNG_SIGNATURE) and "1.0e-06" in w.caption.value
    curves = w.figure.lines["float64"].get_ydata().copy()
    slider.value = -2
    assert bytes(w.image.value) != first and "1.0e-02" in w.caption.value
    np.testing.assert_array_equal(w.figure.lines["float64"].get_ydata(), curves)
    v = w.figure.values
    assert v["float32"] < 1e-3 and v["float64"] < 1e-3        # both fine at 1e-2
    slider.value = -10
    assert w.figure.values["float32"] > 0.5 > 1e-4 > w.figure.values["float64"]
    with pytest.raises(ValueError, match="^log10_eps: "):
        dl.widgets.gradcheck_explorer(log10_eps=3)


def test_gradient_cost_figure():
    from dlcore.plots.backprop_cost import draw_gradient_cost

    cost = {"n_params": np.array([10, 100]), "backprop": np.array([1e-4, 1.2e-4]),
            "finite_differences": np.array([1e-3, 1e-2]), "counted": np.array([20 / 3, 200 / 3]),
            "ratio": np.array([10.0, 83.0]), "ratio_low": np.array([9.0, 80.0]),
            "ratio_high": np.array([12.0, 90.0])}
    fig = new_figure(7, 3)
    ax1, ax2 = fig.add_subplot(121), fig.add_subplot(122)
    lines = draw_gradient_cost(ax1, ax2, cost)
    np.testing.assert_allclose(lines["finite_differences"].get_ydata(), [1e-3, 1e-2])
    np.testing.assert_allclose(lines["counted"].get_ydata(), cost["counted"])
    assert ax1.get_xscale() == "log" and ax2.get_yscale() == "log"
    with pytest.raises(TypeError, match="^cost: "):
        draw_gradient_cost(ax1, ax2, {"n_params": [1]})
