"""Chapter 3.4's Adam explorer: the learning rate, beta1 and beta2 -> Adam's path on a
noisy 1-D problem f = theta^2 / 2 (gradients theta + noise), with and without bias
correction, and the size of every step.

Compute: :func:`dlcore.optimizer_updates.noisy_adam` (60 steps, the noise drawn once);
drawing: :class:`dlcore.plots.optimizer_updates.AdamFigure`.
"""

from __future__ import annotations

import ipywidgets as W

from dlcore import optimizer_updates
from dlcore.plots.optimizer_updates import AdamFigure
from dlcore.random import get_rng
from dlcore.widgets.snapshot import snapshot_banner

__all__ = ["AdamExplorer", "adam_explorer"]

CHAPTER = "3.4"
FACTORY = "adam_explorer"
#: Control changes the widget benchmark times (control name, values to cycle through).
BENCH_CHANGES = [("lr", [0.03, 0.3, 0.01, 1.0]), ("beta1", [0.5, 0.99, 0.0, 0.9]),
                 ("beta2", [0.9, 0.9999, 0.99, 0.999])]
_LABEL = {"description_width": "90px"}
_CONTROL = W.Layout(width="300px")


class AdamExplorer(W.VBox):
    """``controls`` (lr, beta1, beta2), ``caption``, ``image``, ``figure``, ``result``
    (as ``noisy_adam`` returns it), ``update()``."""

    def __init__(self, lr: float = 0.1, beta1: float = 0.9, beta2: float = 0.999,
                 steps: int = 60, sigma: float = 1.0, seed: int = 0):
        self.steps, self.sigma = steps, sigma
        self.noise = get_rng(seed).standard_normal(steps)
        self.controls = ctl = {
            "lr": W.FloatLogSlider(
                value=lr, base=10, min=-2.5, max=0, step=0.05, readout_format=".3g",
                description="learning rate", continuous_update=False,
                tooltip="Adam's learning rate eta: roughly the size of each step",
                style=_LABEL, layout=_CONTROL),
            "beta1": W.FloatSlider(
                value=beta1, min=0.0, max=0.99, step=0.01, description="β₁",
                continuous_update=False, readout_format=".2f",
                tooltip="decay of the running mean of the gradients (momentum)",
                style=_LABEL, layout=_CONTROL),
            "beta2": W.SelectionSlider(
                options=[0.9, 0.95, 0.99, 0.995, 0.999, 0.9995, 0.9999], value=beta2,
                description="β₂", continuous_update=False,
                tooltip="decay of the running mean of the squared gradients",
                style=_LABEL, layout=_CONTROL),
        }
        self.caption = W.HTML(value="")
        self.image = W.Image(format="png", layout=W.Layout(width="100%", max_width="700px"))
        self.image.add_class("n2n-figure")
        self.figure = AdamFigure(steps)
        super().__init__([snapshot_banner(),
                          W.HBox(list(ctl.values()), layout=W.Layout(flex_flow="row wrap")),
                          self.caption, self.image])
        self.add_class("n2n-adam-explorer")
        for control in ctl.values():
            control.observe(lambda _change: self.update(), names="value")
        self.update()

    def update(self) -> None:
        """Run both versions of Adam for the controls' settings and redraw."""
        c = {name: control.value for name, control in self.controls.items()}
        self.result = r = optimizer_updates.noisy_adam(
            c["lr"], c["beta1"], c["beta2"], steps=self.steps, sigma=self.sigma,
            noise=self.noise)
        self.image.value = self.figure.update(r, c["lr"]).to_png()
        first = {k: abs(r[k]["step"][0]) / c["lr"] for k in ("corrected", "uncorrected")}
        last = {k: abs(r[k]["theta"][-1]) for k in ("corrected", "uncorrected")}
        self.caption.value = (
            f"first step / lr: {first['corrected']:.2f} with bias correction, "
            f"{first['uncorrected']:.2f} without &nbsp;|&nbsp; "
            f"|θ| after {self.steps} steps: {last['corrected']:.3f} and "
            f"{last['uncorrected']:.3f}")


def adam_explorer(**kwargs) -> AdamExplorer:
    """The Adam explorer of chapter 3.4 (keyword arguments: start values)."""
    return AdamExplorer(**kwargs)
