"""Chapter 3.2's gradient-check explorer: the step size ε of central differences
on a log slider -> the relative error against backprop, in float64 and float32.

Compute: :func:`dlcore.gradcheck.eps_sweep` (run once, when the widget is built,
for every step the slider offers); drawing:
:class:`dlcore.plots.gradcheck.GradcheckFigure` (a change only moves markers).
"""

from __future__ import annotations

import ipywidgets as W
import numpy as np

from dlcore import _checks as C
from dlcore.gradcheck import eps_sweep
from dlcore.model import MLP
from dlcore.plots.gradcheck import GradcheckFigure
from dlcore.widgets.snapshot import snapshot_banner

__all__ = ["GradcheckExplorer", "gradcheck_explorer", "default_problem"]

CHAPTER = "3.2"
FACTORY = "gradcheck_explorer"
#: Control changes ``bench/bench_widgets.py`` times (control name, values to cycle).
BENCH_CHANGES = [("log10_eps", [-8, -4, -2, -6])]

#: The slider's range and step, in powers of ten.
LOG10_MIN, LOG10_MAX, LOG10_STEP = -12.0, 0.0, 0.25


def default_problem(seed: int = 0):
    """The network and data the explorer checks: a 3-4-1 tanh network with a
    sigmoid output and binary cross-entropy on 8 random rows.
    Returns ``(model, X, y, loss)``."""
    rng = np.random.default_rng(seed)
    model = MLP([3, 4, 1], activation="tanh", output_activation="sigmoid", seed=seed)
    X = rng.normal(size=(8, 3))
    y = rng.integers(0, 2, 8)
    return model, X, y, "bce"


class GradcheckExplorer(W.VBox):
    """``controls`` (log10_eps), ``caption``, ``image``, ``figure``, ``sweep``,
    ``update()``."""

    def __init__(self, log10_eps: float = -6.0, seed: int = 0):
        log10_eps = C.check_in_range(log10_eps, "log10_eps", LOG10_MIN, LOG10_MAX,
                                     high_open=False)
        model, X, y, loss = default_problem(C.check_int(seed, "seed", minimum=0))
        n = int(round((LOG10_MAX - LOG10_MIN) / LOG10_STEP)) + 1
        self.sweep = eps_sweep(model, X, y, loss,
                               eps=10.0 ** np.linspace(LOG10_MIN, LOG10_MAX, n))
        self.controls = ctl = {
            "log10_eps": W.FloatSlider(
                value=log10_eps, min=LOG10_MIN, max=LOG10_MAX, step=LOG10_STEP,
                readout_format=".2f", description="log₁₀ ε",
                tooltip="the step size ε of the central difference, "
                        "as a power of ten",
                continuous_update=False, style={"description_width": "60px"},
                layout=W.Layout(width="100%", max_width="420px")),
        }
        self.caption = W.HTML(value="")
        self.image = W.Image(format="png",
                             layout=W.Layout(width="100%", max_width="700px"))
        self.image.add_class("n2n-figure")
        self.figure = GradcheckFigure(self.sweep, 10.0 ** log10_eps)
        super().__init__([snapshot_banner(), ctl["log10_eps"], self.caption,
                          self.image])
        self.add_class("n2n-gradcheck-explorer")
        ctl["log10_eps"].observe(lambda _change: self.update(), names="value")
        self.update()

    def update(self) -> None:
        """Move the markers to the slider's ε and say the two errors."""
        v = self.figure.update(10.0 ** self.controls["log10_eps"].value).values
        self.image.value = self.figure.to_png()
        self.caption.value = (f"ε = {v['eps']:.1e}: relative error "
                              f"{v['float64']:.1e} in float64, "
                              f"{v['float32']:.1e} in float32")


def gradcheck_explorer(**kwargs) -> GradcheckExplorer:
    """The gradient-check explorer of chapter 3.2 (keywords: ``log10_eps``, ``seed``)."""
    return GradcheckExplorer(**kwargs)
