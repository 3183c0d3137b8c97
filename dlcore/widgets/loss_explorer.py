"""Chapter 2.3's loss explorer: the true label and the predicted probability -> MSE and
cross-entropy and their gradients with respect to z.

Compute: :func:`dlcore.loss_comparison.binary_losses`; drawing:
:class:`dlcore.plots.loss_explorer.LossFigure`.
"""

from __future__ import annotations

import ipywidgets as W

from dlcore.plots.loss_explorer import LossFigure
from dlcore.widgets.snapshot import snapshot_banner

__all__ = ["LossExplorer", "loss_explorer", "BENCH_CHANGES"]

#: Control changes ``bench/bench_part2.py`` times (control name, values to cycle through).
BENCH_CHANGES = [("a", [0.05, 0.5, 0.9, 0.3, 0.99]), ("y", [0, 1])]


class LossExplorer(W.VBox):
    """``controls`` (y: the label, a: the predicted probability), ``caption`` (the six
    numbers), ``image``, ``figure``, ``update()``."""

    def __init__(self, y: int = 1, a: float = 0.2):
        self.controls = ctl = {
            "y": W.ToggleButtons(options=[("y = 0", 0), ("y = 1", 1)], value=y,
                                 description="true label", style={"description_width": "70px",
                                                                  "button_width": "60px"}),
            "a": W.FloatSlider(value=a, min=0.01, max=0.99, step=0.01, readout_format=".2f",
                               description="prediction a", continuous_update=False,
                               style={"description_width": "90px"}, layout=W.Layout(width="360px")),
        }
        self.caption = W.HTML(value="")
        self.image = W.Image(format="png", layout=W.Layout(width="100%", max_width="700px"))
        self.image.add_class("n2n-figure")
        self.figure = LossFigure(y, a)
        super().__init__([snapshot_banner(),
                          W.HBox([ctl["y"], ctl["a"]], layout=W.Layout(flex_flow="row wrap")),
                          self.caption, self.image])
        self.add_class("n2n-loss-explorer")
        for control in ctl.values():
            control.observe(lambda _change: self.update(), names="value")
        self.update()

    def update(self) -> None:
        """Redraw for the controls' label and prediction."""
        y, a = self.controls["y"].value, self.controls["a"].value
        v = self.figure.update(y, a).values
        self.image.value = self.figure.to_png()
        self.caption.value = (f"MSE {v['mse']:.3f}, gradient dL/dz {v['d_mse_dz']:+.3f} &nbsp;|&nbsp; "
                              f"cross-entropy {v['bce']:.3f}, gradient dL/dz {v['d_bce_dz']:+.3f}")


def loss_explorer(**kwargs) -> LossExplorer:
    """The loss explorer of chapter 2.3 (keyword arguments: start values)."""
    return LossExplorer(**kwargs)
