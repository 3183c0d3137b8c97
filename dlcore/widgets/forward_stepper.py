"""Chapter 3.1's forward stepper: pick an input point (x1, x2) and step through
the forward pass, one array at a time (a_0 = x, z_1, a_1, ..., a_L).

Compute: :func:`dlcore.forward_trace.trace`; drawing:
:class:`dlcore.plots.forward_trace.ForwardTraceFigure`; this module only wires the
controls to them. The first figure is drawn while the widget is built, so the HTML
book shows it.
"""

from __future__ import annotations

import html

import ipywidgets as W

from dlcore import forward_trace
from dlcore.plots.forward_trace import ForwardTraceFigure
from dlcore.widgets.snapshot import snapshot_banner

__all__ = ["ForwardStepper", "forward_stepper"]

CHAPTER = "3.1"
FACTORY = "forward_stepper"
#: Control changes ``bench/bench_widgets.py`` times (control name, values to cycle through).
BENCH_CHANGES = [("x1", [-2.0, 0.5, 1.5, -1.0]), ("x2", [-1.5, 0.0, 2.0]),
                 ("step", [0, 2, 4, 1, 3])]

_LABEL = {"description_width": "70px"}
_CONTROL = W.Layout(width="300px")


class ForwardStepper(W.VBox):
    """``controls`` (x1, x2: the input point; step: how far the pass has got), a
    ``caption`` line (what the step computes, with its numbers), ``image``, ``figure``
    and ``update()``. ``model`` defaults to the chapter's worked 2-3-1 example."""

    def __init__(self, model=None, x1: float = 1.0, x2: float = 2.0, step=None):
        self.model = forward_trace.worked_example() if model is None else model
        last = 2 * (len(self.model.sizes) - 1)
        self.controls = ctl = {
            "x1": W.FloatSlider(value=x1, min=-2.5, max=2.5, step=0.1, readout_format=".1f",
                                description="input x₁", continuous_update=False,
                                tooltip="the first input feature of the point fed to the network",
                                style=_LABEL, layout=_CONTROL),
            "x2": W.FloatSlider(value=x2, min=-2.5, max=2.5, step=0.1, readout_format=".1f",
                                description="input x₂", continuous_update=False,
                                tooltip="the second input feature of the point",
                                style=_LABEL, layout=_CONTROL),
            "step": W.IntSlider(value=last if step is None else step, min=0, max=last,
                                description="step", continuous_update=False,
                                tooltip="how far the forward pass has got: 0 is the input, "
                                        "then z and a of each layer in turn",
                                style=_LABEL, layout=_CONTROL),
        }
        self.caption = W.HTML(value="")
        self.image = W.Image(format="png", layout=W.Layout(width="100%", max_width="700px"))
        self.image.add_class("n2n-figure")
        self.figure = ForwardTraceFigure(self.model, (x1, x2), ctl["step"].value)
        panel = W.HBox([W.VBox([ctl["x1"], ctl["x2"]]), ctl["step"]],
                       layout=W.Layout(flex_flow="row wrap"))
        super().__init__([snapshot_banner(), panel, self.caption, self.image])
        self.add_class("n2n-forward-stepper")
        for control in ctl.values():
            control.observe(lambda _change: self.update(), names="value")
        self.update()

    def update(self) -> None:
        """Redraw for the controls' point and step."""
        c = {name: control.value for name, control in self.controls.items()}
        self.figure.update((c["x1"], c["x2"]), c["step"])
        self.image.value = self.figure.to_png()
        text = self.figure.trace.step_text(c["step"])
        self.caption.value = (f"step {c['step']} of {self.controls['step'].max}: "
                              f"<code>{html.escape(text)}</code>")


def forward_stepper(**kwargs) -> ForwardStepper:
    """The forward stepper of chapter 3.1 (keyword arguments: ``model`` and the
    controls' start values x1, x2, step)."""
    return ForwardStepper(**kwargs)
