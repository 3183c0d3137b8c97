"""Forward propagation (前向传播) laid open, layer by layer (chapter 3.1).

:func:`trace` runs a model's own ``forward`` and then reads back what every
layer kept: for layer l = 1..L, with a_0 = X,

    z_l = a_{l-1} W_l + b_l          (n, n_l)
    a_l = f_l(z_l)                   (n, n_l),      y_hat = a_L

so nothing here computes the pass a second time. :meth:`ForwardTrace.shape_table`
lists the shape of every array of the pass, and :func:`forward_per_sample` is the
same equations written as a Python loop over the samples, one vector at a time,
which :func:`compare_speed` times against the matrix form (``MLP.predict``).
:func:`worked_example` is the chapter's 2-3-1 network with small, readable weights.
"""

from __future__ import annotations

import html
import re
import statistics
import time

import numpy as np

from . import _checks as C
from .model import MLP

__all__ = ["LayerTrace", "ForwardTrace", "ShapeTable", "trace", "forward_per_sample",
           "SpeedComparison", "compare_speed", "worked_example", "WORKED_INPUT"]

#: The input point of the chapter's worked example, (1, 2): one sample, two features.
WORKED_INPUT = np.array([[1.0, 2.0]])


def worked_example() -> MLP:
    """The 2-3-1 network of chapter 3.1: ReLU hidden layer, sigmoid output,
    weights with one or two decimals so that every step can be done by hand.

    W_1 (2, 3), b_1 (3,), W_2 (3, 1), b_2 (1,); at x = (1, 2) it gives
    z_1 = (1.2, -0.2, 0.8), a_1 = (1.2, 0, 0.8), z_2 = 0.4, y_hat = sigmoid(0.4).
    """
    model = MLP([2, 3, 1], activation="relu", output_activation="sigmoid", init="zeros")
    W1, b1, W2, b2 = model.params
    W1[...] = [[0.5, -1.0, 0.2],
               [0.3, 0.4, 0.4]]
    b1[...] = [0.1, 0.0, -0.2]
    W2[...] = [[0.5], [-0.3], [1.0]]
    b2[...] = [-1.0]
    return model


def _check_model(model) -> MLP:
    if not isinstance(model, MLP):
        raise TypeError(f"model: expected a dl.MLP, got {C.describe(model)}")
    return model


class LayerTrace:
    """One layer l of a forward pass: ``l``, ``activation`` (its name), ``a_in`` = a_{l-1}
    (n, n_{l-1}), ``W`` (n_{l-1}, n_l), ``b`` (n_l,), ``z`` (n, n_l), ``a`` (n, n_l).
    All are copies: changing the model later does not change the trace."""

    def __init__(self, l, activation, a_in, W, b, z, a):
        self.l, self.activation = l, activation
        self.a_in, self.W, self.b, self.z, self.a = (np.array(v) for v in (a_in, W, b, z, a))

    def __repr__(self):
        return (f"LayerTrace(l={self.l}, {self.activation}, z {self.z.shape}, "
                f"a {self.a.shape})")


class ShapeTable:
    """Rows ``(array, computed as, shape)`` of a forward pass, in the book's symbols
    (``z_1``; a shape product in backticks). A notebook shows it as an HTML table
    (``_repr_html_``, subscripts and code set); ``str()`` gives plain text."""

    header = ("array", "computed as", "shape")

    def __init__(self, rows):
        self.rows = [(str(sym), str(how), tuple(shape)) for sym, how, shape in rows]

    def __str__(self):
        plain = [self.header] + [(s, h.replace("`", ""), str(sh)) for s, h, sh in self.rows]
        widths = [max(len(r[i]) for r in plain) for i in range(3)]
        return "\n".join("  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip()
                         for r in plain)

    @staticmethod
    def _html(text: str) -> str:
        parts = html.escape(text).split("`")         # odd parts were in backticks
        for i, part in enumerate(parts):
            parts[i] = (f"<code>{part}</code>" if i % 2 else
                        re.sub(r"\b([A-Za-z])_(\d+)\b", r"<i>\1</i><sub>\2</sub>", part))
        return "".join(parts)

    def _repr_html_(self):
        cell = 'style="padding:0.15em 0.9em 0.15em 0; text-align:left"'
        line = 'style="border-bottom:1px solid #bbb; padding:0.15em 0.9em 0.15em 0; ' \
               'text-align:left"'
        head = "".join(f"<th {line}>{h}</th>" for h in self.header)
        body = "".join(f"<tr><td {cell}>{self._html(s)}</td><td {cell}>{self._html(h)}</td>"
                       f"<td {cell}><code>{sh}</code></td></tr>" for s, h, sh in self.rows)
        return (f'<table class="n2n-shape-table" style="border-collapse:collapse; '
                f'margin:0.5em 0"><thead><tr>{head}</tr></thead>'
                f"<tbody>{body}</tbody></table>")


class ForwardTrace:
    """Every array of one forward pass: ``X`` (n, n_0), ``layers`` (a list of
    :class:`LayerTrace`, one per layer, l = 1..L), ``y_hat`` = a_L (n, n_L)."""

    def __init__(self, X, layers):
        self.X, self.layers = np.array(X), list(layers)

    @property
    def y_hat(self) -> np.ndarray:
        return self.layers[-1].a

    @property
    def sizes(self) -> list[int]:
        return [self.X.shape[1]] + [layer.z.shape[1] for layer in self.layers]

    def arrays(self) -> list[tuple[str, np.ndarray]]:
        """``[("a_0", X), ("z_1", z_1), ("a_1", a_1), ..., ("a_L", y_hat)]`` in the order
        the pass computes them."""
        out = [("a_0", self.X)]
        for layer in self.layers:
            out += [(f"z_{layer.l}", layer.z), (f"a_{layer.l}", layer.a)]
        return out

    @property
    def n_steps(self) -> int:
        """2 L + 1: step 0 is the input, step 2l - 1 computes z_l, step 2l computes a_l."""
        return 2 * len(self.layers) + 1

    def step_text(self, step: int, row: int = 0) -> str:
        """What step ``step`` (0 .. 2L) computes, with sample ``row``'s numbers:
        ``"z_1 = a_0 W_1 + b_1 = [1.20, -0.20, 0.80]"``."""
        step = C.check_int(step, "step", minimum=0, maximum=self.n_steps - 1)
        row = C.check_int(row, "row", minimum=0, maximum=len(self.X) - 1)
        name, values = self.arrays()[step]
        numbers = "[" + ", ".join(f"{v:.2f}" for v in values[row]) + "]"
        if step == 0:
            return f"a_0 = x = {numbers}"
        layer = self.layers[(step - 1) // 2]
        l = layer.l
        how = f"a_{l - 1} W_{l} + b_{l}" if step % 2 else f"{layer.activation}(z_{l})"
        return f"{name} = {how} = {numbers}"

    def shape_table(self) -> ShapeTable:
        """The shape of every array of the pass, as a :class:`ShapeTable`."""
        rows = [("a_0 = X", "the input batch, one sample per row", self.X.shape)]
        for t in self.layers:
            l, p = t.l, t.l - 1
            rows.append((f"W_{l}", "weights", t.W.shape))
            rows.append((f"b_{l}", "biases, added to every row", t.b.shape))
            rows.append((f"z_{l}", f"a_{p} W_{l} + b_{l}: `{t.a_in.shape} @ {t.W.shape}"
                         f" + {t.b.shape}`", t.z.shape))
            rows.append((f"a_{l}", f"{t.activation}(z_{l}), elementwise", t.a.shape))
        return ShapeTable(rows)

    def __repr__(self):
        return f"ForwardTrace(sizes={self.sizes}, n={len(self.X)})"


def trace(model, X) -> ForwardTrace:
    """Run ``model.forward(X)`` and collect what every layer kept (a_{l-1}, z_l, a_l).

    ``X`` (n, sizes[0]) is checked as ``forward`` checks it. Like ``forward``, this
    leaves each layer's cache set, so a ``backward`` may follow.
    """
    model = _check_model(model)
    model.forward(X)
    layers = []
    for l, (dense, act) in enumerate(zip(model.layers[0::2], model.layers[1::2]), 1):
        layers.append(LayerTrace(l, act.name, dense.X, dense.W, dense.b, act.z, act.a))
    return ForwardTrace(model.layers[0].X, layers)


def forward_per_sample(model, X) -> np.ndarray:
    """y_hat (n, sizes[-1]) computed one sample at a time: for each row x of
    X, a Python loop over the layers does the vector step a = f(a W_l + b_l)
    with a of shape (n_l,): model.predict's numbers, only slower."""
    model = _check_model(model)
    X = model.check_input(X)
    rows = []
    for x in X:                                   # x: (n_0,), one sample
        a = x
        for dense, act in zip(model.layers[0::2], model.layers[1::2]):
            a = act.fn.forward(a @ dense.W + dense.b)     # (n_l,)
        rows.append(a)
    return np.stack(rows)


class SpeedComparison:
    """Timings of :func:`compare_speed`: ``loop_s`` and ``matrix_s`` (seconds per full
    pass, one value per round), ``ratios`` = loop / matrix per repeat, their
    ``median``, ``low`` and ``high``, ``n`` (samples) and ``max_diff`` (largest
    difference between the two results)."""

    def __init__(self, loop_s, matrix_s, n, max_diff):
        self.loop_s, self.matrix_s = np.array(loop_s), np.array(matrix_s)
        self.ratios = self.loop_s / self.matrix_s
        self.median = float(statistics.median(self.ratios))
        self.low, self.high = float(self.ratios.min()), float(self.ratios.max())
        self.n, self.max_diff = n, max_diff

    def __repr__(self):
        return (f"SpeedComparison(n={self.n}: the loop is {self.median:.1f}x slower, "
                f"{self.low:.1f}-{self.high:.1f}x over {len(self.ratios)} repeats)")


def compare_speed(model, X, repeats: int = 5, number: int = 20) -> SpeedComparison:
    """Time :func:`forward_per_sample` against ``model.predict`` on the same X.

    Each of ``repeats`` rounds times one loop pass and then ``number`` matrix passes,
    keeping the fastest of those (a matrix pass takes microseconds, so one interruption
    by another program would spoil a mean); the loop and the matrix form of a round run
    one right after the other, so a busy machine slows both alike, and the ratio of each
    round is kept. Use the ratios, not the absolute times.
    """
    model = _check_model(model)
    X = model.check_input(X)
    repeats = C.check_int(repeats, "repeats")
    number = C.check_int(number, "number")
    max_diff = float(np.max(np.abs(forward_per_sample(model, X) - model.predict(X))))
    loop_s, matrix_s = [], []
    for _ in range(repeats):
        t0 = time.perf_counter()
        forward_per_sample(model, X)
        loop_s.append(time.perf_counter() - t0)
        best = float("inf")
        for _ in range(number):
            t0 = time.perf_counter()
            model.predict(X)
            best = min(best, time.perf_counter() - t0)
        matrix_s.append(best)
    return SpeedComparison(loop_s, matrix_s, len(X), max_diff)
