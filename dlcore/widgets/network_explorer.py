"""Chapter 2.1's network explorer: depth, width, activation and seed of an
untrained network -> its diagram, its parameter count and the function it
computes over the plane.

Compute: :func:`dlcore.architecture.random_surface`; drawing:
:class:`dlcore.plots.network_explorer.NetworkExplorerFigure`; this module only
wires controls to them. The first figure is drawn while the widget is built, so
the HTML book shows it.
"""

from __future__ import annotations

import html

import ipywidgets as W

from dlcore import architecture
from dlcore.plots.network_explorer import NetworkExplorerFigure
from dlcore.widgets.snapshot import snapshot_banner

__all__ = ["NetworkExplorer", "network_explorer"]

_LABEL = {"description_width": "100px"}
_CONTROL = W.Layout(width="290px")
EXTENT = (-3.0, 3.0, -3.0, 3.0)


class NetworkExplorer(W.VBox):
    """Controls (``controls``: depth, width, activation, seed), a ``caption`` line (sizes,
    parameter count), the figure (``image``) and ``update()``. ``model`` and ``Z`` are the network shown and its outputs."""

    def __init__(self, depth: int = 2, width: int = 6, activation: str = "tanh", seed: int = 0,
                 n_grid: int = 60):
        self.n_grid = n_grid
        self.controls = ctl = {
            "depth": W.IntSlider(value=depth, min=0, max=5, description="hidden layers",
                                 continuous_update=False, style=_LABEL, layout=_CONTROL),
            "width": W.IntSlider(value=width, min=1, max=16, description="width",
                                 continuous_update=False, style=_LABEL, layout=_CONTROL),
            "activation": W.Dropdown(options=[("tanh", "tanh"), ("ReLU", "relu"),
                                              ("sigmoid", "sigmoid")],
                                     value=activation, description="activation", style=_LABEL,
                                     layout=_CONTROL),
            "seed": W.IntSlider(value=seed, min=0, max=20, description="seed",
                                continuous_update=False, style=_LABEL, layout=_CONTROL),
        }
        self.image = W.Image(format="png", layout=W.Layout(width="100%", max_width="700px"))
        self.image.add_class("n2n-figure")
        self.caption = W.HTML(value="")
        self.figure = None
        panel = W.HBox([W.VBox([ctl["depth"], ctl["width"]]),
                        W.VBox([ctl["activation"], ctl["seed"]])],
                       layout=W.Layout(flex_flow="row wrap"))
        super().__init__([snapshot_banner(), panel, self.caption, self.image])
        self.add_class("n2n-network-explorer")
        for control in ctl.values():
            control.observe(lambda _change: self.update(), names="value")
        self.update()

    def update(self) -> None:
        """Build the network the controls describe and redraw."""
        c = {name: control.value for name, control in self.controls.items()}
        self.controls["width"].disabled = self.controls["activation"].disabled = c["depth"] == 0
        self.model, self.Z = architecture.random_surface(c["depth"], c["width"], c["activation"],
                                                         c["seed"], EXTENT, self.n_grid)
        if self.figure is None:
            self.figure = NetworkExplorerFigure(self.model, self.Z, EXTENT)
        else:
            self.figure.update(self.model, self.Z)
        self.image.value = self.figure.to_png()
        self.caption.value = f"<b>{html.escape(self.figure.caption)}</b>"


def network_explorer(**kwargs) -> NetworkExplorer:
    """The network explorer of chapter 2.1 (keyword arguments: the controls' start values)."""
    return NetworkExplorer(**kwargs)
