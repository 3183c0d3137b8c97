"""Chapter 2.4's optimizer race: surface, learning rate (log slider), momentum, SGD's
gradient noise and the start point -> the five paths on the contour plot and the
height after each step.

Compute: :func:`dlcore.optimizer_race.race`, one optimizer at a time, each path kept
for its settings (moving the momentum slider recomputes only Momentum's path);
drawing: :class:`dlcore.plots.optimizer_race.RaceFigure`.
"""

from __future__ import annotations

import html

import ipywidgets as W

from dlcore import optimizer_race, surfaces
from dlcore.plots.optimizer_race import OPTIMIZER_LABELS, RaceFigure
from dlcore.widgets.snapshot import snapshot_banner

__all__ = ["OptimizerRace", "optimizer_race_widget", "DEFAULT_LR", "BENCH_CHANGES"]

#: A learning rate per surface at which the race is instructive.
DEFAULT_LR = {"bowl": 0.05, "rosenbrock": 0.001, "beale": 0.01, "saddle": 0.05}
#: Control changes ``bench/bench_part2.py`` times (control name, values to cycle through).
BENCH_CHANGES = [("lr", [0.02, 0.08, 0.03, 0.09]), ("momentum", [0.5, 0.95, 0.7]),
                 ("noise", [0.0, 2.0, 0.5]), ("x0", [-3.0, 4.0, -2.0])]
_LABEL = {"description_width": "90px"}
_CONTROL = W.Layout(width="300px")


class OptimizerRace(W.VBox):
    """``controls`` (surface, lr, momentum, noise, x0, y0), ``caption`` (final heights),
    ``image``, ``figure``, ``result`` (as ``race`` returns it), ``update()``."""

    def __init__(self, surface: str = "bowl", steps: int = 60, seed: int = 0):
        self.steps, self.seed = steps, seed
        self._cache = {}
        self._holding = False
        s = surfaces.get(surface)
        (x0, x1), (y0, y1) = s.bounds
        self.controls = ctl = {
            "surface": W.Dropdown(options=[("ill-conditioned bowl", "bowl"),
                                           ("Rosenbrock", "rosenbrock"), ("Beale", "beale"),
                                           ("saddle", "saddle")], value=surface,
                                  description="surface", style=_LABEL, layout=_CONTROL),
            "lr": W.FloatLogSlider(value=DEFAULT_LR[surface], base=10, min=-4, max=0, step=0.05,
                                   readout_format=".3g", description="learning rate",
                                   continuous_update=False, style=_LABEL, layout=_CONTROL),
            "momentum": W.FloatSlider(value=0.9, min=0.0, max=0.99, step=0.01,
                                      description="momentum", continuous_update=False,
                                      style=_LABEL, layout=_CONTROL),
            "noise": W.FloatSlider(value=1.0, min=0.0, max=3.0, step=0.1,
                                   description="SGD noise", continuous_update=False,
                                   style=_LABEL, layout=_CONTROL),
            "x0": W.FloatSlider(value=s.start[0], min=x0, max=x1, step=0.05,
                                description="start x", continuous_update=False, style=_LABEL,
                                layout=_CONTROL),
            "y0": W.FloatSlider(value=s.start[1], min=y0, max=y1, step=0.01,
                                description="start y", continuous_update=False, style=_LABEL,
                                layout=_CONTROL),
        }
        self.caption = W.HTML(value="")
        self.image = W.Image(format="png", layout=W.Layout(width="100%", max_width="700px"))
        self.image.add_class("n2n-figure")
        self.figure = None
        panel = W.HBox([W.VBox([ctl["surface"], ctl["lr"], ctl["momentum"]]),
                        W.VBox([ctl["noise"], ctl["x0"], ctl["y0"]])],
                       layout=W.Layout(flex_flow="row wrap"))
        super().__init__([snapshot_banner(), panel, self.caption, self.image])
        self.add_class("n2n-optimizer-race")
        ctl["surface"].observe(self._on_surface, names="value")
        for name, control in ctl.items():
            if name != "surface":
                control.observe(lambda _change: self.update(), names="value")
        self.update()

    def _on_surface(self, change):
        """A new surface: its default learning rate, bounds and start, then one update."""
        s = surfaces.get(change["new"])
        (x0, x1), (y0, y1) = s.bounds
        ctl = self.controls
        self._holding = True
        try:
            ctl["lr"].value = DEFAULT_LR[s.name]
            for key, lo, hi, v in (("x0", x0, x1, s.start[0]), ("y0", y0, y1, s.start[1])):
                ctl[key].min, ctl[key].max = min(lo, ctl[key].min), max(hi, ctl[key].max)
                ctl[key].value = v
                ctl[key].min, ctl[key].max = lo, hi
        finally:
            self._holding = False
        self.update()

    def _path(self, name, c):
        relevant = {"momentum": c["momentum"] if name == "momentum" else None,
                    "noise": c["noise"] if name == "sgd" else None}
        key = (name, c["surface"], c["lr"], c["x0"], c["y0"], relevant["momentum"],
               relevant["noise"])
        if key not in self._cache:
            if len(self._cache) > 400:
                self._cache.clear()
            self._cache[key] = optimizer_race.race(
                c["surface"], lr=c["lr"], momentum=c["momentum"], noise=c["noise"],
                start=(c["x0"], c["y0"]), steps=self.steps, seed=self.seed,
                optimizers=(name,))[name]
        return self._cache[key]

    def update(self) -> None:
        """Run (or reuse) each racer for the controls' settings and redraw."""
        if self._holding:
            return
        c = {name: control.value for name, control in self.controls.items()}
        self.result = {name: self._path(name, c) for name in optimizer_race.OPTIMIZERS}
        if self.figure is None:
            self.figure = RaceFigure(c["surface"], self.result)
        else:
            self.figure.update(c["surface"], self.result)
        self.image.value = self.figure.to_png()
        parts = []
        for name, run in self.result.items():
            f = run["f"]
            last = f[~(f != f)][-1] if (f == f).any() else float("nan")
            diverged = surfaces.diverged_at(run["path"])
            state = f"diverged at step {diverged}" if diverged is not None else f"f = {last:.3g}"
            parts.append(f"{OPTIMIZER_LABELS[name]}: {state}")
        self.caption.value = html.escape(f"after {self.steps} steps: " + "; ".join(parts))


def optimizer_race_widget(**kwargs) -> OptimizerRace:
    """The optimizer race of chapter 2.4 (keyword arguments: surface, steps, seed)."""
    return OptimizerRace(**kwargs)
