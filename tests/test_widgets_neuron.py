"""dlcore.widgets.neuron: chapter 1's three widgets, driven programmatically."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import ipywidgets as W  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

import dlcore as dl  # noqa: E402

PNG = b"\x89PNG\r\n\x1a\n"


def _banner(widget):
    return any(isinstance(c, W.HTML) and "n2n-snapshot" in c.value for c in widget.children)


@pytest.fixture(scope="module")
def membrane():
    return dl.widgets.membrane_explorer()


def test_membrane_explorer_shows_a_figure_and_answers_its_controls(membrane):
    w = membrane
    assert isinstance(w, W.VBox) and _banner(w)
    assert bytes(w.image.value).startswith(PNG)
    assert set(w.controls) == {"model", "current", "tau", "v_threshold"}
    assert all(c.continuous_update is False for c in w.controls.values() if hasattr(c, "continuous_update"))
    w.controls["current"].value = 1.0            # below the LIF rheobase of 1.5 nA
    assert w.trace.spike_times.size == 0
    w.controls["current"].value = 4.0
    n_fast = w.trace.spike_times.size
    assert n_fast > 0
    w.controls["tau"].value = 30.0               # a slower membrane fires less
    assert w.trace.spike_times.size < n_fast
    w.controls["v_threshold"].value = -45.0
    assert "-45" not in w.figure.title.get_text()  # the title names model and current
    before = bytes(w.image.value)
    w.controls["model"].value = "hh"
    assert w.controls["tau"].disabled and w.controls["v_threshold"].disabled
    assert w.trace.model == "hh" and w.trace.spike_times.size > 0
    assert bytes(w.image.value) != before
    w.controls["model"].value = "lif"
    assert not w.controls["tau"].disabled


def test_hh_traces_are_precomputed_for_every_slider_value(membrane):
    slider = membrane.controls["current"]
    values = np.arange(slider.min, slider.max + slider.step / 2, slider.step)
    assert np.allclose(values, dl.widgets.HH_CURRENTS)
    tr = dl.spikes.membrane_trace("hh", float(values[17]))
    assert tr is dl.spikes.membrane_trace("hh", float(values[17]))   # looked up, not simulated


def test_fi_explorer():
    w = dl.widgets.fi_explorer()
    assert _banner(w) and bytes(w.image.value).startswith(PNG)
    lif_theta = w.result["relu"][0]
    assert lif_theta == pytest.approx(dl.neuro.rheobase(), abs=0.1)
    w.controls["v_threshold"].value = -45.0      # a higher threshold needs more current
    assert w.result["relu"][0] > lif_theta
    w.controls["t_ref"].value = 5.0
    assert w.result["rates"].max() < 1000 / 5.0
    w.controls["model"].value = "hh"
    assert all(w.controls[k].disabled for k in ("tau", "v_threshold", "t_ref", "i_max"))
    assert 5.5 < w.result["relu"][0] < 7.5


def test_neuron_explorer_counts_what_the_neuron_gets_right():
    w = dl.widgets.neuron_explorer()
    assert _banner(w) and bytes(w.image.value).startswith(PNG)
    assert w.correct == 4                        # the default (1, 1, -1.5) computes AND
    w.controls["gate"].value = "or"
    assert w.correct == 2                        # AND's line misses (0, 1) and (1, 0)
    w.controls["b"].value = -0.5
    assert w.correct == 4
    w.controls["gate"].value = "xor"
    assert w.correct == 3
    for act in ("sigmoid", "tanh", "relu", "step"):
        w.controls["activation"].value = act
        assert w.correct == 3 and bytes(w.image.value).startswith(PNG)
