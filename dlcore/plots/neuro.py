"""Drawing for part 1: the brain's neuron, spiking models, f-I curves and the artificial neuron.

Static figures (each draws on an Axes or a Figure it is given, and returns what it drew):

- :func:`draw_ai_ml_dl`: artificial intelligence contains machine learning contains deep learning.
- :func:`draw_neuron_schematic`: dendrites, soma, axon, myelin, terminals and a synapse.
- :func:`draw_timeline`: dated events on a line (:data:`TIMELINE` holds the book's).
- :func:`plot_hh_spike`: a Hodgkin-Huxley spike with its sodium and potassium currents and gates.
- :func:`plot_traces`: membrane traces of several models for the same input, one panel each.
- :func:`plot_fi`: an f-I curve with the ReLU and sigmoid fitted to it.

Widget figures (created once; ``update`` changes their artists in place; ``to_png``
renders): :class:`TraceFigure`, :class:`FICurveFigure`, :class:`NeuronPlaneFigure`.
"""

from __future__ import annotations

import numpy as np
from matplotlib.colors import LinearSegmentedColormap
from matplotlib.patches import Circle, Ellipse, FancyArrowPatch, FancyBboxPatch, Polygon

from dlcore.plots.blit import BlitFigure
from dlcore.plots.style import COLUMN_WIDTH, PALETTE, point_style

__all__ = ["TIMELINE", "draw_ai_ml_dl", "draw_neuron_schematic", "draw_timeline", "plot_hh_spike",
           "plot_traces", "plot_fi", "TraceFigure", "FICurveFigure", "NeuronPlaneFigure",
           "WIDGET_DPI"]

ORANGE, SKY, GREEN, YELLOW, BLUE, VERMILLION, PURPLE, BLACK = PALETTE
#: Resolution of the widget figures (pixels per inch; a 7-inch figure is 840 px wide).
WIDGET_DPI = 120

#: The timeline of chapter 1.2: (year, short label, BibTeX key of the source).
TIMELINE = (
    (1943, "McCulloch & Pitts:\nthreshold\nneuron", "mcculloch1943logical"),
    (1949, "Hebb's rule:\nfire together,\nwire together", "hebb1949organization"),
    (1952, "Hodgkin &\nHuxley: how a\nspike is made", "hodgkin1952quantitative"),
    (1958, "Rosenblatt:\nthe perceptron\nlearns", "rosenblatt1958perceptron"),
    (1969, "Minsky &\nPapert: one\nlayer, no XOR", "minsky1969perceptrons"),
    (1986, "Rumelhart\net al.: back-\npropagation", "rumelhart1986learning"),
    (2012, "Krizhevsky\net al.: deep\nnets win\nImageNet", "krizhevsky2012imagenet"),
)


# --------------------------------------------------------------------------- static figures

def draw_ai_ml_dl(ax):
    """Three nested regions: AI, machine learning inside it, deep learning inside that."""
    regions = [
        ((0.0, 0.0), 10.4, 6.0, ORANGE, "Artificial intelligence",
         "search, logic, planning, learning, ...", (0.0, 2.2)),
        ((0.9, -0.6), 7.6, 4.2, SKY, "Machine learning",
         "programs that learn from data", (0.9, 0.85)),
        ((1.5, -1.2), 3.8, 2.1, GREEN, "Deep learning",
         "many layers of neurons", (1.5, -1.1)),
    ]
    drawn = []
    for (x, y), w, h, colour, title, body, (tx, ty) in regions:
        e = Ellipse((x, y), w, h, facecolor=colour, alpha=0.35, edgecolor=colour, linewidth=2)
        ax.add_patch(e)
        drawn.append(e)
        ax.text(tx, ty + 0.25, title, ha="center", va="center", fontsize=12, fontweight="bold")
        ax.text(tx, ty - 0.22, body, ha="center", va="center", fontsize=10)
    ax.set_xlim(-5.3, 5.3)
    ax.set_ylim(-3.1, 3.1)
    ax.set_aspect("equal")
    ax.axis("off")
    return drawn


def draw_neuron_schematic(ax):
    """A cartoon of a neuron and the start of the next one: where the signal goes in and out.

    Labels: dendrites, soma (with nucleus), axon hillock, axon, myelin, axon terminals,
    synapse, and the direction the action potential travels.
    """
    rng = np.random.default_rng(3)
    body = Circle((0, 0), 0.8, facecolor=ORANGE, edgecolor=BLACK, linewidth=1.2, alpha=0.9, zorder=3)
    ax.add_patch(body)
    ax.add_patch(Circle((-0.1, 0.05), 0.3, facecolor=PURPLE, alpha=0.6, zorder=4))
    # dendrites: branching lines to the left
    for angle in np.linspace(np.pi * 0.68, np.pi * 1.32, 6):
        start = 0.75 * np.array([np.cos(angle), np.sin(angle)])
        end = start + 1.1 * np.array([np.cos(angle), np.sin(angle)])
        ax.plot(*zip(start, end), color=BLACK, linewidth=2.2, solid_capstyle="round")
        for side in (-0.35, 0.35):
            a2 = angle + side + rng.normal(0, 0.08)
            tip = end + 0.55 * np.array([np.cos(a2), np.sin(a2)])
            ax.plot(*zip(end, tip), color=BLACK, linewidth=1.3, solid_capstyle="round")
    # axon hillock and axon with myelin segments
    ax.add_patch(Polygon([[0.72, 0.3], [1.35, 0.09], [1.35, -0.09], [0.72, -0.3]], closed=True,
                         facecolor=ORANGE, edgecolor=BLACK, linewidth=1.0, zorder=2))
    ax.plot([1.35, 7.6], [0, 0], color=BLACK, linewidth=2.0, zorder=1)
    for x0 in np.arange(1.7, 7.0, 1.25):
        ax.add_patch(FancyBboxPatch((x0, -0.2), 0.95, 0.4, boxstyle="round,pad=0,rounding_size=0.18",
                                    facecolor=SKY, edgecolor=BLUE, linewidth=1.0, zorder=2))
    # terminals with boutons
    for dy in (-0.75, -0.25, 0.25, 0.75):
        ax.plot([7.6, 8.5], [0, dy], color=BLACK, linewidth=1.3)
        ax.add_patch(Circle((8.55, dy), 0.11, facecolor=GREEN, edgecolor=BLACK, linewidth=0.8, zorder=3))
    # the next neuron's dendrite, across the synaptic cleft
    ax.plot([8.85, 9.9], [0.25, 0.6], color="0.45", linewidth=2.2, solid_capstyle="round")
    ax.plot([8.85, 9.9], [0.75, 0.9], color="0.45", linewidth=1.5, solid_capstyle="round")
    arrow = FancyArrowPatch((3.6, 0.75), (6.9, 0.75), arrowstyle="-|>", mutation_scale=14,
                            color=VERMILLION, linewidth=1.6)
    ax.add_patch(arrow)
    labels = [
        ("dendrites: inputs", (-1.9, 2.05), (-1.35, 1.05)),
        ("soma (cell body):\nsums the inputs", (0.9, -1.95), (0.3, -0.75)),
        ("axon hillock: the\nspike starts here", (1.5, 1.75), (1.1, 0.15)),
        ("axon, wrapped\nin myelin", (4.6, -1.5), (4.55, -0.22)),
        ("terminals", (7.9, -1.55), (8.2, -0.6)),
        ("synapse:\nto the next neuron", (9.0, 1.75), (8.7, 0.8)),
    ]
    for text, xy_text, xy in labels:
        ax.annotate(text, xy=xy, xytext=xy_text, ha="center", va="center", fontsize=10,
                    arrowprops=dict(arrowstyle="-", color="0.35", linewidth=0.8))
    ax.text(5.25, 1.0, "spikes travel this way", ha="center", va="bottom",
            fontsize=10, color=VERMILLION)
    ax.set_xlim(-3.3, 10.2)
    ax.set_ylim(-2.4, 2.5)
    ax.set_aspect("equal")
    ax.axis("off")
    return body


def draw_timeline(ax, events=TIMELINE):
    """Events ``(year, label, key)`` on a horizontal time axis, labels alternating above and below."""
    years = np.array([e[0] for e in events], dtype=float)
    ax.axhline(0, color=BLACK, linewidth=1.2, zorder=1)
    ax.scatter(years, np.zeros_like(years), color=ORANGE, zorder=3, **point_style(size=60, edge=BLACK))
    # spread the labels evenly, so close years do not collide
    slots = np.linspace(years.min(), years.max(), len(events))
    for i, ((year, label, _), x) in enumerate(zip(events, slots)):
        up = i % 2 == 0
        y = 1.0 if up else -1.0
        ax.plot([year, x], [0, 0.55 * y], color="0.5", linewidth=0.8, zorder=2)
        ax.text(x, 0.62 * y, f"{year}\n{label}" if up else f"{label}\n{year}", ha="center",
                va="bottom" if up else "top", fontsize=10, linespacing=1.15)
    ax.set_xlim(years.min() - 6, years.max() + 6)
    ax.set_ylim(-2.15, 2.15)
    ax.axis("off")
    return ax


def plot_hh_spike(fig, result, window=None):
    """A Hodgkin-Huxley run (an :class:`~dlcore.neuro.HHResult`) in three stacked panels:
    the potential, the sodium and potassium currents, the gates m, h, n.

    window: ``(t0, t1)`` in ms to show (all of it if None). Returns the three Axes.
    """
    axes = fig.subplots(3, 1, sharex=True, gridspec_kw=dict(height_ratios=[1.3, 1, 1]))
    t = result.time
    keep = slice(None) if window is None else (t >= window[0]) & (t <= window[1])
    ax_v, ax_i, ax_g = axes
    ax_v.plot(t[keep], result.v[keep], color=BLACK)
    ax_v.set_ylabel("v (mV)")
    ax_i.plot(t[keep], result.i_na[keep], color=BLUE, label="sodium $I_{Na}$ (inward < 0)")
    ax_i.plot(t[keep], result.i_k[keep], color=VERMILLION, label="potassium $I_K$ (outward > 0)")
    ax_i.axhline(0, color="0.6", linewidth=0.8)
    ax_i.set_ylabel("µA/cm²")
    ax_i.legend(loc="upper right", frameon=False)
    for name, colour in (("m", BLUE), ("h", GREEN), ("n", VERMILLION)):
        ax_g.plot(t[keep], getattr(result, name)[keep], color=colour, label=name)
    ax_g.set_ylabel("gate")
    ax_g.set_ylim(-0.05, 1.05)
    ax_g.set_xlabel("time (ms)")
    ax_g.legend(loc="upper right", frameon=False, ncol=3)
    fig.align_ylabels(axes)
    return axes


def plot_traces(axes, traces, labels, thresholds=None):
    """One membrane trace per Axes (``traces``: objects with ``time``, ``v``, ``spike_times``).

    thresholds: for each trace a threshold (mV) to draw dashed, or None. Returns ``axes``.
    """
    thresholds = thresholds or [None] * len(traces)
    for ax, tr, label, th in zip(axes, traces, labels, thresholds):
        ax.plot(tr.time, tr.v, color=BLACK, linewidth=1.4)
        if th is not None:
            ax.axhline(th, color=VERMILLION, linestyle="--", linewidth=1.0)
            ax.vlines(tr.spike_times, th, th + 40, color=VERMILLION, linewidth=1.4)
        ax.set_title(f"{label}: {tr.spike_times.size} spikes", loc="left")
        ax.set_xlabel("time (ms)")
    axes[0].set_ylabel("v (mV)")
    return axes


def plot_fi(ax, currents, rates, label, unit, relu=None, sigmoid=None, colour=BLACK):
    """An f-I curve (Hz against current) with the ReLU and sigmoid fitted to it (from
    :func:`dlcore.spikes.fit_relu` and :func:`dlcore.spikes.fit_sigmoid`) dashed on top."""
    lines = [ax.plot(currents, rates, color=colour, linewidth=2.4, label=label)[0]]
    if relu is not None:
        lines.append(ax.plot(currents, relu[-1], color=ORANGE, linestyle="--", label="ReLU fit")[0])
    if sigmoid is not None:
        lines.append(ax.plot(currents, sigmoid[-1], color=BLUE, linestyle=":", linewidth=2.2,
                             label="sigmoid fit")[0])
    ax.set_xlabel(f"input current ({unit})")
    ax.set_ylabel("firing rate (Hz)")
    ax.legend(frameon=False, loc="upper left")
    return lines


# --------------------------------------------------------------------------- widget figures

class _WidgetFigure(BlitFigure):
    """A widget's one figure, as wide as the column, redrawn by blitting
    (:class:`~dlcore.plots.blit.BlitFigure`); an axis label is part of the still picture,
    so a change of label (the current's unit) redraws it too."""

    def __init__(self, height: float, dpi: float):
        super().__init__(COLUMN_WIDTH, height, dpi)

    def _key(self):
        return super()._key(), tuple(ax.get_xlabel() for ax in self.fig.axes)


class TraceFigure(_WidgetFigure):
    """The membrane-trace widget's figure: the potential, spike marks, the threshold and a title."""

    def __init__(self, t_max: float = 100.0, height: float = 3.0, dpi: float = WIDGET_DPI):
        super().__init__(height, dpi)
        self.ax = ax = self.fig.add_subplot()
        self.fig.subplots_adjust(left=0.1, right=0.98, bottom=0.17, top=0.88)
        (self.line,) = ax.plot([0, t_max], [-65, -65], color=BLACK, linewidth=1.4)
        self.threshold = ax.axhline(-50, color=VERMILLION, linestyle="--", linewidth=1.0)
        self.marks = ax.scatter([], [], marker="v", color=VERMILLION, zorder=3,
                                **point_style(size=40, edge=BLACK))
        self.title = ax.set_title("", loc="left")
        ax.set(xlim=(0, t_max), ylim=(-85, 55), xlabel="time (ms)", ylabel="v (mV)")
        self.animate(self.line, self.threshold, self.marks, self.title)

    def update(self, trace, v_threshold=None, unit="") -> "TraceFigure":
        """Show ``trace`` (a :class:`dlcore.spikes.Trace`); ``v_threshold`` in mV, or None to hide it."""
        self.line.set_data(trace.time, trace.v)
        top = 45.0
        self.marks.set_offsets(np.column_stack([trace.spike_times, np.full(trace.spike_times.size, top)])
                               if trace.spike_times.size else np.empty((0, 2)))
        self.threshold.set_visible(v_threshold is not None)
        if v_threshold is not None:
            self.threshold.set_ydata([v_threshold, v_threshold])
        name = "LIF" if trace.model == "lif" else "Hodgkin-Huxley"
        self.title.set_text(f"{name}, I = {trace.current:g} {unit}: {trace.spike_times.size} spikes "
                            f"in {trace.time[-1]:g} ms ({trace.rate:.0f} Hz)")
        return self


class FICurveFigure(_WidgetFigure):
    """The f-I widget's figure: the neuron's rate curve with its ReLU and sigmoid fits."""

    def __init__(self, height: float = 3.2, dpi: float = WIDGET_DPI):
        super().__init__(height, dpi)
        self.ax = ax = self.fig.add_subplot()
        self.fig.subplots_adjust(left=0.11, right=0.98, bottom=0.17, top=0.88)
        (self.curve,) = ax.plot([], [], color=BLACK, linewidth=2.6, label="neuron")
        (self.relu,) = ax.plot([], [], color=ORANGE, linestyle="--", linewidth=1.8, label="ReLU fit")
        (self.sigmoid,) = ax.plot([], [], color=BLUE, linestyle=":", linewidth=2.2, label="sigmoid fit")
        self.title = ax.set_title("", loc="left")
        self.legend = ax.legend(frameon=False, loc="upper left")
        ax.set_ylabel("firing rate (Hz)")
        self.animate(self.curve, self.relu, self.sigmoid, self.title)

    def update(self, currents, rates, relu, sigmoid, label: str, unit: str) -> "FICurveFigure":
        """Draw the curve and its fits (``relu``, ``sigmoid``: the tuples the fit functions return)."""
        self.curve.set_data(currents, rates)
        self.relu.set_data(currents, relu[-1])
        self.sigmoid.set_data(currents, sigmoid[-1])
        top = max(float(np.max(rates)), float(np.max(relu[-1])), float(np.max(sigmoid[-1])), 1.0)
        self.ax.set_xlim(float(currents[0]), float(currents[-1]))
        nice = _nice_ceiling(1.05 * top)       # limits move in steps, so the cache usually holds
        self.ax.set_ylim(-0.03 * nice, nice)
        self.ax.set_xlabel(f"input current ({unit})")
        theta = relu[0]
        self.title.set_text(f"{label}: silent below {theta:.3g} {unit}, then rising")
        return self


def _nice_ceiling(x: float) -> float:
    """The smallest of 1, 1.5, 2, 3, 5, 7.5 times a power of ten that is >= x (x > 0)."""
    power = 10.0 ** np.floor(np.log10(x))
    return float(next(m * power for m in (1, 1.5, 2, 3, 5, 7.5, 10) if m * power >= x))


_NEURON_CMAP = LinearSegmentedColormap.from_list("n2n_neuron", ["#ffffff", SKY, BLUE])


class NeuronPlaneFigure(_WidgetFigure):
    """The artificial-neuron widget's figure: ``a = f(w . x + b)`` over the plane, the line
    ``w . x + b = 0``, and the four examples of a logic gate (filled: target 1)."""

    def __init__(self, extent=(-0.5, 1.5, -0.5, 1.5), height: float = 3.6, dpi: float = WIDGET_DPI):
        super().__init__(height, dpi)
        self.extent = extent
        self.ax = ax = self.fig.add_axes([0.1, 0.14, 0.5, 0.76])
        self.image = ax.imshow(np.zeros((2, 2)), extent=extent, origin="lower", cmap=_NEURON_CMAP,
                               vmin=0, vmax=1, interpolation="nearest", aspect="equal")
        (self.line,) = ax.plot([], [], color=VERMILLION, linewidth=2.0)
        self.points = ax.scatter(np.zeros(4), np.zeros(4), s=140, zorder=3, linewidths=1.5)
        ax.set(xlim=extent[:2], ylim=extent[2:], xlabel="$x_1$", ylabel="$x_2$")
        self.title = ax.set_title("", loc="left")
        self.info = self.fig.text(0.64, 0.9, "", va="top", ha="left", fontsize=11, linespacing=1.45)
        self.fig.text(0.64, 0.3, "filled: target 1\nred ring: wrong\nred line: w·x + b = 0", va="top",
                      ha="left", fontsize=10, linespacing=1.4)
        self.animate(self.image, self.line, self.points, self.title, self.info)

    def update(self, x1, x2, a, w, b, X, y, predicted, activation: str, vmin=0.0, vmax=1.0):
        """Show the output grid ``a`` (from :func:`dlcore.perceptron.neuron_grid`), the line,
        the examples ``X`` ``(4, 2)`` with targets ``y`` and the neuron's 0/1 answers ``predicted``."""
        self.image.set_data(a)
        self.image.set_clim(vmin, vmax)
        x_lo, x_hi, y_lo, y_hi = self.extent
        w1, w2 = float(w[0]), float(w[1])
        if abs(w2) > 1e-12:
            xs = np.array([x_lo, x_hi])
            self.line.set_data(xs, -(w1 * xs + b) / w2)
        elif abs(w1) > 1e-12:
            self.line.set_data([-b / w1, -b / w1], [y_lo, y_hi])
        else:
            self.line.set_data([], [])
        self.points.set_offsets(X)
        self.points.set_facecolors([ORANGE if t == 1 else "white" for t in y])
        right = predicted == y
        self.points.set_edgecolors([BLACK if ok else VERMILLION for ok in right])
        self.title.set_text(f"a = {activation}(w·x + b)")
        self.info.set_text(f"w₁ = {w1:+.2f}\nw₂ = {w2:+.2f}\nb  = {b:+.2f}\n"
                           f"a from {vmin:g} (white)\nto {vmax:.3g} (blue)\n"
                           f"correct: {int(right.sum())} of {len(y)}")
        return self
