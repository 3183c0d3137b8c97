"""dlcore.plots.neuro: part 1's figures drawn on Agg figures, and the widget figures updated in place."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

import dlcore as dl  # noqa: E402
from dlcore.plots import neuro as P  # noqa: E402

PNG = b"\x89PNG\r\n\x1a\n"


def _ax():
    return Figure(figsize=(7, 3)).add_subplot()


def test_static_figures_draw():
    ax = _ax()
    assert len(P.draw_ai_ml_dl(ax)) == 3
    texts = " ".join(t.get_text() for t in ax.texts)
    assert "Artificial intelligence" in texts and "Deep learning" in texts
    ax = _ax()
    P.draw_neuron_schematic(ax)
    labels = " ".join(t.get_text() for t in ax.texts)
    for part in ("dendrites", "soma", "axon", "myelin", "synapse", "terminals"):
        assert part in labels
    ax.figure.canvas.draw()


def test_timeline_has_every_event_in_order_and_each_has_a_source():
    ax = _ax()
    P.draw_timeline(ax)
    years = [e[0] for e in P.TIMELINE]
    assert years == sorted(years) and {1943, 1949, 1958, 1969, 1986, 2012} <= set(years)
    text = " ".join(t.get_text() for t in ax.texts)
    assert all(str(y) in text for y in years)
    bib = (dl.__file__.rsplit("/dlcore/", 1)[0] + "/references.bib")
    keys = open(bib, encoding="utf-8").read()
    assert all("{" + key + "," in keys for _, _, key in P.TIMELINE)


def test_hh_spike_and_traces_and_fi():
    r = dl.neuro.simulate_hh(10.0, t_max=20.0, dt=0.05)
    fig = Figure(figsize=(7, 5))
    axes = P.plot_hh_spike(fig, r, window=(0, 15))
    assert len(axes) == 3 and len(axes[1].lines) == 3
    fig.canvas.draw()
    lif = dl.neuro.simulate_lif(3.0, t_max=20.0)
    axes = Figure().subplots(1, 2)
    P.plot_traces(axes, [r, lif], ["HH", "LIF"], [None, -50.0])
    assert axes[1].get_title(loc="left").startswith("LIF")
    I = np.linspace(0, 10, 50)
    rates = dl.neuro.lif_rate(I)
    lines = P.plot_fi(_ax(), I, rates, "LIF", "nA", dl.spikes.fit_relu(I, rates), dl.spikes.fit_sigmoid(I, rates))
    assert len(lines) == 3


def test_nice_ceiling():
    assert [P._nice_ceiling(x) for x in (0.9, 1.0, 1.2, 2.5, 4, 6, 8, 120)] == [1, 1, 1.5, 3, 5, 7.5, 10, 150]


def test_trace_figure_updates_in_place():
    f = P.TraceFigure()
    n_artists = len(f.ax.get_children())
    tr = dl.spikes.membrane_trace("lif", 3.0)
    png = f.update(tr, -50.0, "nA").to_png()
    assert png.startswith(PNG)
    assert f.marks.get_offsets().shape == (tr.spike_times.size, 2)
    assert f.threshold.get_visible()
    f.update(dl.spikes.membrane_trace("hh", 10.0), None, "µA/cm²").to_png()
    assert not f.threshold.get_visible() and "Hodgkin-Huxley" in f.title.get_text()
    assert len(f.ax.get_children()) == n_artists


def test_cached_render_equals_a_full_redraw():
    f = P.TraceFigure()
    f.update(dl.spikes.membrane_trace("lif", 2.0), -50.0, "nA").to_png()
    f.update(dl.spikes.membrane_trace("lif", 4.0), -50.0, "nA")
    f.render()                                    # from the cached background
    fast = np.asarray(f.fig.canvas.buffer_rgba()).copy()
    f.clear_cache()
    f.render()                                    # everything drawn afresh
    slow = np.asarray(f.fig.canvas.buffer_rgba())
    assert np.array_equal(fast, slow)


def test_fi_and_plane_figures():
    I = np.linspace(0, 10, 60)
    rates = dl.neuro.lif_rate(I)
    f = P.FICurveFigure()
    f.update(I, rates, dl.spikes.fit_relu(I, rates), dl.spikes.fit_sigmoid(I, rates), "LIF", "nA")
    assert f.to_png().startswith(PNG)
    assert f.ax.get_ylim()[1] >= rates.max()
    g = P.NeuronPlaneFigure()
    X, y = dl.perceptron.logic_gate("xor")
    w = np.array([1.0, 1.0])
    x1, x2, a = dl.perceptron.neuron_grid(w, -0.5, "sigmoid")
    predicted = (X @ w - 0.5 >= 0).astype(int)
    g.update(x1, x2, a, w, -0.5, X, y, predicted, "sigmoid")
    assert g.to_png().startswith(PNG)
    assert "correct: 3 of 4" in g.info.get_text()
    xs, ys = g.line.get_data()
    assert np.allclose(w[0] * np.asarray(xs) + w[1] * np.asarray(ys) - 0.5, 0)
    g.update(x1, x2, a, np.array([1.0, 0.0]), -0.5, X, y, predicted, "step")   # vertical line
    assert np.allclose(g.line.get_data()[0], 0.5)
    g.update(x1, x2, a, np.array([0.0, 0.0]), -0.5, X, y, predicted, "step")   # no line
    assert len(g.line.get_data()[0]) == 0
