"""The figure of chapter 2.4's optimizer race: the five paths over the surface's
contour lines (left) and the height f after each step (right).

The contour lines of a surface are drawn once and kept (the figure's ``scene`` is the
surface), so changing a learning rate or a start point redraws only the paths
(blitted, see :mod:`dlcore.plots.blit`).
"""

from __future__ import annotations

import numpy as np
from matplotlib import animation

from dlcore import _checks as C
from dlcore import optimizer_race, surfaces
from dlcore.plots.animation import JSHTML, animation_html
from dlcore.plots.blit import BlitFigure
from dlcore.plots.style import PALETTE

__all__ = ["RaceFigure", "OPTIMIZER_COLORS", "OPTIMIZER_LABELS", "draw_contours",
           "race_animation_html"]

OPTIMIZER_COLORS = {"gd": PALETTE[7], "sgd": PALETTE[1], "momentum": PALETTE[2],
                    "rmsprop": PALETTE[6], "adam": PALETTE[5]}
OPTIMIZER_LABELS = {"gd": "GD", "sgd": "SGD", "momentum": "Momentum", "rmsprop": "RMSprop",
                    "adam": "Adam"}


def draw_contours(ax, surface, n: int = 160, levels: int = 14):
    """Contour lines of ``surface`` over its bounds on ``ax`` (log-spaced levels for a
    surface with a minimum, evenly spaced for the saddle); returns the ContourSet."""
    (x0, x1), (y0, y1) = surface.bounds
    X, Y = np.meshgrid(np.linspace(x0, x1, n), np.linspace(y0, y1, n))
    F = surface.f(X, Y)
    if surface.minimum is not None:
        lo = max(F.min(), 1e-3 * np.ptp(F) / 1e4) if F.min() > 0 else 1e-3
        lv = np.geomspace(max(lo, 1e-3), F.max(), levels)
    else:
        lv = np.linspace(F.min(), F.max(), levels)
    return ax.contour(X, Y, F, levels=lv, colors="0.7", linewidths=0.7)


class RaceFigure(BlitFigure):
    """Paths (``paths``: name -> Line2D) on the left, f per step (``curves``) on the right.

    ``update(surface, result)`` takes a Surface and the dict :func:`dlcore.optimizer_race.race`
    returns. ``start_marker`` marks the common start; the minimum, if any, is a star.
    """

    def __init__(self, surface=None, result=None, optimizers=optimizer_race.OPTIMIZERS,
                 width: float = 7.0, height: float = 3.2, dpi: float = 100):
        super().__init__(width, height, dpi)
        fig = self.fig
        self.ax_path = fig.add_axes([0.07, 0.14, 0.44, 0.74])
        self.ax_f = fig.add_axes([0.62, 0.14, 0.36, 0.74])
        self.ax_f.set_xlabel("step", labelpad=1)
        self.optimizers = tuple(optimizers)
        self.paths, self.curves = {}, {}
        for name in self.optimizers:
            color = OPTIMIZER_COLORS.get(name, "0.4")
            label = OPTIMIZER_LABELS.get(name, name)
            self.paths[name], = self.ax_path.plot([0], [0], "-", color=color, lw=1.6,
                                                  label=label)
            self.curves[name], = self.ax_f.plot([0], [1], color=color, lw=1.6, label=label)
        self.start_marker, = self.ax_path.plot([0], [0], "o", color="black", ms=6, zorder=5)
        self.min_marker, = self.ax_path.plot([0], [0], "*", color="black", ms=11, zorder=5)
        self.ax_path.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=5,
                            frameon=False, fontsize=9, handlelength=1.2, columnspacing=0.8)
        self._contours = None
        self.surface_name = None
        self.animate(*self.paths.values(), *self.curves.values(), self.start_marker)
        if surface is not None:
            self.update(surface, result)

    def _set_surface(self, surface):
        if self._contours is not None:
            self._contours.remove()
        self._contours = draw_contours(self.ax_path, surface)
        (x0, x1), (y0, y1) = surface.bounds
        self.ax_path.set_xlim(x0, x1)
        self.ax_path.set_ylim(y0, y1)
        if surface.minimum is not None:
            self.min_marker.set_data([surface.minimum[0]], [surface.minimum[1]])
            self.min_marker.set_visible(True)
            self.ax_f.set_yscale("log")
            self.ax_f.set_ylim(1e-8, 1e4)
            self.ax_f.set_title("height $f$ (log scale; minimum 0)", fontsize=10)
        else:
            self.min_marker.set_visible(False)
            self.ax_f.set_yscale("symlog", linthresh=1.0)
            self.ax_f.set_ylim(-1e5, 1e2)
            self.ax_f.set_title("height $f$ (no minimum)", fontsize=10)
        self.surface_name = self.scene = repr(surface)

    def update(self, surface, result) -> "RaceFigure":
        """Show ``result`` (from ``race``) on ``surface`` (a Surface or its name)."""
        if isinstance(surface, str):
            surface = surfaces.get(surface)
        if repr(surface) != self.surface_name:
            self._set_surface(surface)
        steps = 1
        for name in self.optimizers:
            run = result[name]
            path, f = run["path"], run["f"]
            self.paths[name].set_data(path[:, 0], path[:, 1])
            self.curves[name].set_data(np.arange(len(f)), f)
            steps = max(steps, len(f) - 1)
            start = path[0]
        self.start_marker.set_data([start[0]], [start[1]])
        self.ax_f.set_xlim(0, steps)
        return self


def race_animation_html(surface, result, every: int = 2, interval: int = 100,
                        colors: int = 96) -> JSHTML:
    """The race of ``result`` (from :func:`dlcore.optimizer_race.race`) on ``surface``,
    step by step, as an offline HTML player for the book (chapter 2.4): the paths and
    the height curves grow by ``every`` steps a frame, ``interval`` ms apart."""
    every = C.check_int(every, "every")
    interval = C.check_int(interval, "interval")
    race_fig = RaceFigure(surface, result)
    for artist in race_fig._animated:    # a saved animation draws every artist itself
        artist.set_animated(False)
    steps = max(len(run["f"]) for run in result.values()) - 1
    frames = list(range(0, steps + 1, every))
    if frames[-1] != steps:
        frames.append(steps)

    def draw(k):
        for name in race_fig.optimizers:
            path, f = result[name]["path"][:k + 1], result[name]["f"][:k + 1]
            race_fig.paths[name].set_data(path[:, 0], path[:, 1])
            race_fig.curves[name].set_data(np.arange(len(f)), f)
        return [*race_fig.paths.values(), *race_fig.curves.values()]

    draw(0)
    anim = animation.FuncAnimation(race_fig.fig, draw, frames=frames, interval=interval,
                                   blit=False, repeat=False)
    return animation_html(anim, interval=interval, colors=colors,
                          alt="the five optimizers racing, step by step")
