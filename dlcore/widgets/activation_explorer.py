"""Chapter 2.2's activation explorer: pick activations to overlay, the range of z,
and whether to show the derivatives.

Compute: :func:`dlcore.activation_properties.curves`; drawing:
:class:`dlcore.plots.activations.ActivationFigure`. The background picture of every
range is drawn while the widget is built, so each later change only redraws lines.
"""

from __future__ import annotations

import ipywidgets as W

from dlcore import activation_properties
from dlcore.plots.activations import ACTIVATION_LABELS, ActivationFigure
from dlcore.widgets.snapshot import snapshot_banner

__all__ = ["ActivationExplorer", "activation_explorer", "RANGES", "BENCH_CHANGES"]

#: The choices of the z-range slider: z from -r to r.
RANGES = (2.0, 3.0, 5.0, 10.0)
#: Control changes ``bench/bench_part2.py`` times (control name, values to cycle through).
BENCH_CHANGES = [("z_max", [3.0, 10.0, 2.0, 5.0]), ("derivative", [False, True]),
                 ("relu", [False, True]), ("identity", [True, False])]


class ActivationExplorer(W.VBox):
    """``controls``: one checkbox per activation (by name), ``z_max`` and ``derivative``;
    ``image`` (the figure), ``figure``, ``update()``."""

    def __init__(self, shown=("sigmoid", "tanh", "relu"), z_max: float = 5.0,
                 derivative: bool = True):
        names = activation_properties.NAMES
        self.controls = ctl = {
            name: W.Checkbox(value=name in shown, description=ACTIVATION_LABELS[name],
                             indent=False, layout=W.Layout(width="110px"))
            for name in names
        }
        ctl["z_max"] = W.SelectionSlider(options=[(f"±{r:g}", r) for r in RANGES],
                                         value=min(RANGES, key=lambda r: abs(r - z_max)),
                                         description="z range", continuous_update=False,
                                         style={"description_width": "60px"},
                                         layout=W.Layout(width="260px"))
        ctl["derivative"] = W.Checkbox(value=derivative, description="show derivative f'(z)",
                                       indent=False, layout=W.Layout(width="200px"))
        self.image = W.Image(format="png", layout=W.Layout(width="100%", max_width="700px"))
        self.image.add_class("n2n-figure")
        self.figure = ActivationFigure(names)
        for r in RANGES:                       # one background per range, drawn now
            self.figure.update(names, r, True).render()
        boxes = W.HBox([ctl[n] for n in names], layout=W.Layout(flex_flow="row wrap"))
        rest = W.HBox([ctl["z_max"], ctl["derivative"]], layout=W.Layout(flex_flow="row wrap"))
        super().__init__([snapshot_banner(), boxes, rest, self.image])
        self.add_class("n2n-activation-explorer")
        for control in ctl.values():
            control.observe(lambda _change: self.update(), names="value")
        self.update()

    def update(self) -> None:
        """Redraw with the controls' settings."""
        ctl = self.controls
        shown = [n for n in activation_properties.NAMES if ctl[n].value]
        self.figure.update(shown, ctl["z_max"].value, ctl["derivative"].value)
        self.image.value = self.figure.to_png()


def activation_explorer(**kwargs) -> ActivationExplorer:
    """The activation explorer of chapter 2.2 (keyword arguments: the start values)."""
    return ActivationExplorer(**kwargs)
