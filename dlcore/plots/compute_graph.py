"""The computational graph (计算图) of one neuron with a loss (chapter 3.2).

    x, w -> [×] -> u;  u, b -> [+] -> z;  z -> [σ] -> a;  a, y -> [(a-y)²] -> L

Variables are boxes showing their forward value (black) and, under them, the
gradient of the loss with respect to them (vermillion, written v̄ = ∂L/∂v),
which backpropagation computes from right to left. Operations are circles.
"""

from __future__ import annotations

from matplotlib.patches import Ellipse, FancyArrowPatch

from dlcore.plots.style import ERROR_COLOR, MUTED_COLOR, PALETTE

__all__ = ["draw_neuron_graph", "GRAPH_VARIABLES", "GRAPH_GRADIENTS",
           "GRADIENT_COLOR"]

#: The variables whose values ``draw_neuron_graph`` needs.
GRAPH_VARIABLES = ("x", "w", "b", "y", "u", "z", "a", "L")
#: The variables whose gradients it shows (y is a target, not differentiated).
GRAPH_GRADIENTS = ("x", "w", "b", "u", "z", "a", "L")
#: The colour of gradients on the graph.
GRADIENT_COLOR = ERROR_COLOR

_VAR_POS = {"x": (0.6, 3.0), "w": (0.6, 1.2), "u": (3.1, 2.1), "b": (3.1, 0.35),
            "z": (5.4, 2.1), "a": (7.5, 2.1), "y": (7.5, 0.35), "L": (9.6, 2.1)}
_OP_POS = {"mul": (1.95, 2.1), "add": (4.3, 2.1), "sigma": (6.45, 2.1),
           "loss": (8.55, 2.1)}
_OP_LABEL = {"mul": r"$\times$", "add": r"$+$", "sigma": r"$\sigma$",
             "loss": r"$(\cdot)^2$"}
_EDGES = [("x", "mul"), ("w", "mul"), ("mul", "u"), ("u", "add"), ("b", "add"),
          ("add", "z"), ("z", "sigma"), ("sigma", "a"), ("a", "loss"),
          ("y", "loss"), ("loss", "L")]
_OP_CAPTION = {"mul": r"$u = w x$", "add": r"$z = u + b$", "sigma": r"$a = \sigma(z)$",
               "loss": r"$L = (a - y)^2$"}


def _check(d, keys, arg):
    if not isinstance(d, dict):
        raise TypeError(f"{arg}: expected a dict with keys {', '.join(keys)}, got {d!r}")
    missing = [k for k in keys if k not in d]
    if missing:
        raise ValueError(f"{arg}: expected a value for each of {', '.join(keys)}, "
                         f"missing {', '.join(missing)}")
    return {k: float(d[k]) for k in keys}


def draw_neuron_graph(ax, values, grads=None, fmt: str = "{:.3f}") -> dict:
    """Draw the graph of ``L = (σ(w x + b) - y)²`` on ``ax``.

    values: dict with the forward values of ``GRAPH_VARIABLES``;
    grads:  optional dict with ∂L/∂v for ``GRAPH_GRADIENTS`` (shown in vermillion).
    Returns a dict of the text artists: ``("value", name)`` and ``("grad", name)``.
    """
    values = _check(values, GRAPH_VARIABLES, "values")
    grads = None if grads is None else _check(grads, GRAPH_GRADIENTS, "grads")
    ax.set_xlim(-0.15, 10.35)
    ax.set_ylim(-0.75, 3.75)
    ax.axis("off")
    # circles on the page: an ellipse in data units, measured from the axes' size
    fig_w, fig_h = ax.figure.get_size_inches()
    box_ax = ax.get_position()
    x_per_inch = 10.5 / (box_ax.width * fig_w)
    y_per_inch = 4.5 / (box_ax.height * fig_h)
    r_in = 0.23
    texts = {}
    for op, (cx, cy) in _OP_POS.items():
        ax.add_patch(Ellipse((cx, cy), 2 * r_in * x_per_inch, 2 * r_in * y_per_inch,
                             facecolor=PALETTE[1], edgecolor="#333333", lw=1.0,
                             zorder=3))
        ax.text(cx, cy, _OP_LABEL[op], ha="center", va="center", fontsize=12,
                zorder=4)
        ax.text(cx, cy + r_in * y_per_inch + 0.25, _OP_CAPTION[op], ha="center",
                va="center", fontsize=10, color=MUTED_COLOR)
    box = dict(boxstyle="round,pad=0.3", facecolor="white", edgecolor="#333333",
               lw=1.0)
    for name, (cx, cy) in _VAR_POS.items():
        label = f"${name} = {fmt.format(values[name])}$"
        texts["value", name] = ax.text(cx, cy, label, ha="center", va="center",
                                       fontsize=10, bbox=box, zorder=4)
        if grads is not None and name in grads:
            g = fmt.format(grads[name])
            texts["grad", name] = ax.text(cx, cy - 0.5, rf"$\bar{{{name}}} = {g}$",
                                          ha="center", va="center", fontsize=10,
                                          color=GRADIENT_COLOR, zorder=4)
    pos = {**_VAR_POS, **_OP_POS}
    for src, dst in _EDGES:
        ax.add_patch(FancyArrowPatch(pos[src], pos[dst], arrowstyle="-|>",
                                     mutation_scale=11, color=MUTED_COLOR, lw=1.1,
                                     shrinkA=22, shrinkB=14 if dst in _OP_POS
                                     else 24, zorder=2))
    ax.text(0.0, -0.65, "forward: values, left to right", fontsize=10, ha="left",
            va="center", color="#222222")
    if grads is not None:
        ax.text(10.3, -0.65, r"backward: gradients $\bar v = \partial L/\partial v$,"
                " right to left", fontsize=10, ha="right", va="center",
                color=GRADIENT_COLOR)
    return texts
