"""Chapter 1's three neuron widgets: thin wiring of controls to dlcore and dlcore.plots.

- :func:`membrane_explorer`: input current, membrane time constant, threshold and the
  model (LIF or Hodgkin-Huxley) -> the membrane trace with its spikes
  (compute :func:`dlcore.spikes.membrane_trace`, figure :class:`dlcore.plots.TraceFigure`).
- :func:`fi_explorer`: the neuron's parameters -> its f-I curve with the ReLU and the
  sigmoid fitted to it (:mod:`dlcore.spikes`, :class:`dlcore.plots.FICurveFigure`).
- :func:`neuron_explorer`: w1, w2, b and the activation of ``a = f(w . x + b)`` -> its
  output over the plane, the decision line and a logic gate's four examples
  (:mod:`dlcore.perceptron`, :class:`dlcore.plots.NeuronPlaneFigure`).

Each builds its figure once and computes the first picture while it is built, so a
notebook saved without a kernel (the HTML book) shows it; each change of a control
recomputes and redraws in place. Hodgkin-Huxley results are computed for the whole
slider range when the widget is built (vectorised), so moving a slider only looks them up.
"""

from __future__ import annotations

import ipywidgets as W
import numpy as np

from dlcore import perceptron, spikes
from dlcore.hodgkin_huxley import hh_fi_curve
from dlcore.plots import neuro as plots
from dlcore.widgets.snapshot import snapshot_banner

__all__ = ["membrane_explorer", "MembraneExplorer", "fi_explorer", "FIExplorer",
           "neuron_explorer", "NeuronExplorer", "HH_CURRENTS", "HH_FI_CURRENTS"]

_LABEL = {"description_width": "120px"}
_WIDE = W.Layout(width="340px")
_UNITS = {"lif": "nA", "hh": "µA/cm²"}
#: The current slider's values; every one of them is precomputed for the HH model.
HH_CURRENTS = np.round(np.arange(0.0, 30.01, 0.5), 10)
#: The currents of the HH f-I curve in :func:`fi_explorer` (uA/cm^2).
HH_FI_CURRENTS = np.round(np.arange(0.0, 60.01, 1.0), 10)


def _slider(cls, description, value, **kw):
    return cls(value=value, description=description, continuous_update=False, style=_LABEL,
               layout=_WIDE, **kw)


class _Explorer(W.VBox):
    """Shared wiring: controls observed, ``update()`` recomputes and sets the PNG."""

    def _wire(self, controls: dict, figure, extra=()):
        self.controls = controls
        self.figure = figure
        self.image = W.Image(format="png", layout=W.Layout(width="100%", max_width="700px"))
        self.image.add_class("n2n-figure")
        box = W.VBox(list(controls.values()) + list(extra), layout=W.Layout(flex_flow="column"))
        super().__init__([snapshot_banner(), box, self.image])
        for c in controls.values():
            c.observe(lambda _change: self.update(), names="value")
        self.update()


class MembraneExplorer(_Explorer):
    """Membrane trace widget. ``controls``: model, current, tau, v_threshold; ``image``; ``trace``
    (the last :class:`dlcore.spikes.Trace`); ``update()``."""

    def __init__(self, model="lif", current=3.0, tau=10.0, v_threshold=-50.0, t_max=100.0):
        self.t_max = float(t_max)
        spikes.precompute_hh(HH_CURRENTS, t_max=self.t_max)
        controls = {
            "model": W.ToggleButtons(options=[("LIF", "lif"), ("Hodgkin–Huxley", "hh")], value=model,
                                     description="model", style={"description_width": "120px",
                                                                 "button_width": "140px"}),
            "current": _slider(W.FloatSlider, "current I", current, min=0.0, max=30.0, step=0.5),
            "tau": _slider(W.FloatSlider, "τ (ms)", tau, min=2.0, max=40.0, step=1.0),
            "v_threshold": _slider(W.FloatSlider, "threshold θ (mV)", v_threshold, min=-60.0, max=-40.0,
                                   step=1.0),
        }
        self.note = W.HTML("")
        self.trace = None
        self._wire(controls, plots.TraceFigure(t_max=self.t_max), [self.note])

    def update(self):
        c = {k: v.value for k, v in self.controls.items()}
        lif = c["model"] == "lif"
        self.controls["tau"].disabled = self.controls["v_threshold"].disabled = not lif
        self.note.value = ("<small>LIF: current in nA (R = 10 MΩ).</small>" if lif else
                           "<small>Hodgkin-Huxley: current density in µA/cm²; its time constant "
                           "and threshold come from its channels, so those sliders are off."
                           "</small>")
        self.trace = spikes.membrane_trace(c["model"], c["current"], tau=c["tau"],
                                           v_threshold=c["v_threshold"], t_max=self.t_max)
        self.figure.update(self.trace, c["v_threshold"] if lif else None, _UNITS[c["model"]])
        self.image.value = self.figure.to_png()


def membrane_explorer(**kwargs) -> MembraneExplorer:
    """The membrane-trace widget of chapter 1.1 (keyword arguments: the starting values)."""
    return MembraneExplorer(**kwargs)


class FIExplorer(_Explorer):
    """f-I curve widget. ``controls``: model, tau, v_threshold, t_ref, i_max; ``result``: dict
    with the currents, rates and the two fits of the last update."""

    def __init__(self, model="lif", tau=10.0, v_threshold=-50.0, t_ref=2.0, i_max=10.0):
        self.hh_rates = hh_fi_curve(HH_FI_CURRENTS)
        controls = {
            "model": W.ToggleButtons(options=[("LIF", "lif"), ("Hodgkin–Huxley", "hh")], value=model,
                                     description="model", style={"description_width": "120px",
                                                                 "button_width": "140px"}),
            "tau": _slider(W.FloatSlider, "τ (ms)", tau, min=2.0, max=40.0, step=1.0),
            "v_threshold": _slider(W.FloatSlider, "threshold θ (mV)", v_threshold, min=-60.0, max=-40.0,
                                   step=1.0),
            "t_ref": _slider(W.FloatSlider, "refractory (ms)", t_ref, min=0.5, max=10.0, step=0.5),
            "i_max": _slider(W.FloatSlider, "largest I (nA)", i_max, min=3.0, max=100.0, step=1.0),
        }
        self.result = None
        self._wire(controls, plots.FICurveFigure())

    def update(self):
        c = {k: v.value for k, v in self.controls.items()}
        lif = c["model"] == "lif"
        for name in ("tau", "v_threshold", "t_ref", "i_max"):
            self.controls[name].disabled = not lif
        if lif:
            I = np.linspace(0.0, c["i_max"], 121)
            rates = spikes.lif_fi(I, tau=c["tau"], v_threshold=c["v_threshold"], t_ref=c["t_ref"])
            label = f"LIF (τ = {c['tau']:g} ms)"
        else:
            I, rates, label = HH_FI_CURRENTS, np.asarray(self.hh_rates), "Hodgkin-Huxley"
        relu = spikes.fit_relu(I, rates)
        sigmoid = spikes.fit_sigmoid(I, rates)
        self.result = dict(currents=I, rates=rates, relu=relu, sigmoid=sigmoid)
        self.figure.update(I, rates, relu, sigmoid, label, _UNITS[c["model"]])
        self.image.value = self.figure.to_png()


def fi_explorer(**kwargs) -> FIExplorer:
    """The f-I curve widget of chapter 1.1 (keyword arguments: the starting values)."""
    return FIExplorer(**kwargs)


class NeuronExplorer(_Explorer):
    """Artificial-neuron widget. ``controls``: gate, w1, w2, b, activation; ``correct``: how many
    of the gate's four examples the neuron gets right (it answers 1 where z = w . x + b >= 0,
    the same line for every activation)."""

    def __init__(self, gate="and", w1=1.0, w2=1.0, b=-1.5, activation="step"):
        self.grid_n = 101
        controls = {
            "gate": W.ToggleButtons(options=[("AND", "and"), ("OR", "or"), ("XOR", "xor")], value=gate,
                                    description="examples", style={"description_width": "120px",
                                                                   "button_width": "70px"}),
            "w1": _slider(W.FloatSlider, "w₁", w1, min=-3.0, max=3.0, step=0.1),
            "w2": _slider(W.FloatSlider, "w₂", w2, min=-3.0, max=3.0, step=0.1),
            "b": _slider(W.FloatSlider, "b", b, min=-3.0, max=3.0, step=0.1),
            "activation": W.Dropdown(options=[("step", "step"), ("sigmoid", "sigmoid"), ("tanh", "tanh"),
                                              ("ReLU", "relu")], value=activation,
                                     description="activation f", style=_LABEL, layout=_WIDE),
        }
        self.correct = None
        self._wire(controls, plots.NeuronPlaneFigure())

    def update(self):
        c = {k: v.value for k, v in self.controls.items()}
        w = np.array([c["w1"], c["w2"]])
        X, y = perceptron.logic_gate(c["gate"])
        x1, x2, a = perceptron.neuron_grid(w, c["b"], c["activation"], n=self.grid_n)
        z = X @ w + c["b"]
        predicted = (z >= 0).astype(np.int64)        # the same answer for every activation: z >= 0
        self.correct = int((predicted == y).sum())
        lo, hi = {"tanh": (-1.0, 1.0), "relu": (0.0, max(1.0, float(a.max())))}.get(c["activation"],
                                                                                    (0.0, 1.0))
        self.figure.update(x1, x2, a, w, c["b"], X, y, predicted, c["activation"], lo, hi)
        self.image.value = self.figure.to_png()


def neuron_explorer(**kwargs) -> NeuronExplorer:
    """The artificial-neuron widget of chapter 1.2 (keyword arguments: the starting values)."""
    return NeuronExplorer(**kwargs)
