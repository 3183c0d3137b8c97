"""Chapter 2.2's gradient-flow explorer: a depth slider -> the gradient norm of every
layer of a deep untrained network, for sigmoid, tanh and ReLU and for each weight
initialisation (normal 0.01, Xavier, He).

Compute: :func:`dlcore.gradient_flow.gradient_flow` (results are kept per depth and
seed, so going back to a depth is instant); drawing:
:class:`dlcore.plots.gradient_flow.GradientFlowFigure`.
"""

from __future__ import annotations

import ipywidgets as W

from dlcore import gradient_flow as gf
from dlcore.plots.gradient_flow import GradientFlowFigure
from dlcore.widgets.snapshot import snapshot_banner

__all__ = ["GradientFlowExplorer", "gradient_flow_explorer", "BENCH_CHANGES"]

#: Control changes ``bench/bench_part2.py`` times (control name, values to cycle through).
BENCH_CHANGES = [("depth", [12, 20, 30, 5, 15, 25, 8, 18, 3, 28]), ("seed", [1, 2, 3, 4])]
MAX_DEPTH = 30


class GradientFlowExplorer(W.VBox):
    """``controls`` (depth, seed), ``image``, ``figure``, ``norms`` (the data shown),
    ``update()``."""

    def __init__(self, depth: int = 10, seed: int = 0, width: int = 32):
        self.width = width
        self._cache = {}
        self.controls = ctl = {
            "depth": W.IntSlider(value=depth, min=1, max=MAX_DEPTH, description="hidden layers",
                                 continuous_update=False, style={"description_width": "90px"},
                                 layout=W.Layout(width="340px")),
            "seed": W.IntSlider(value=seed, min=0, max=9, description="seed",
                                continuous_update=False, style={"description_width": "40px"},
                                layout=W.Layout(width="220px")),
        }
        self.image = W.Image(format="png", layout=W.Layout(width="100%", max_width="700px"))
        self.image.add_class("n2n-figure")
        self.figure = None
        super().__init__([snapshot_banner(),
                          W.HBox([ctl["depth"], ctl["seed"]], layout=W.Layout(flex_flow="row wrap")),
                          self.image])
        self.add_class("n2n-gradient-flow")
        for control in ctl.values():
            control.observe(lambda _change: self.update(), names="value")
        self.update()

    def update(self) -> None:
        """Compute (or reuse) the norms for the controls' depth and seed, and redraw."""
        key = (self.controls["depth"].value, self.controls["seed"].value)
        if key not in self._cache:
            self._cache[key] = gf.gradient_flow(key[0], width=self.width, seed=key[1])
        self.norms = self._cache[key]
        if self.figure is None:
            self.figure = GradientFlowFigure(self.norms, max_depth=MAX_DEPTH)
        else:
            self.figure.update(self.norms)
        self.image.value = self.figure.to_png()


def gradient_flow_explorer(**kwargs) -> GradientFlowExplorer:
    """The gradient-flow explorer of chapter 2.2 (keyword arguments: start values)."""
    return GradientFlowExplorer(**kwargs)
