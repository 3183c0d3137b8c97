"""The shape of a network (chapter 2.1): layer shapes, parameter counts, and what
an untrained network computes over the plane.

A fully connected network with layer sizes ``[n_0, n_1, ..., n_L]`` (inputs
first) has, for each layer l = 1..L, a weight matrix W_l of shape
(n_{l-1}, n_l) and a bias b_l of shape (n_l,), so it holds

    P = sum over l of (n_{l-1} + 1) * n_l

numbers. A batch of n inputs is a matrix X of shape (n, n_0), one row per
example, and layer l turns a_{l-1} (n, n_{l-1}) into a_l = f(a_{l-1} W_l + b_l)
of shape (n, n_l).
"""

from __future__ import annotations

import numpy as np

from . import _checks as C
from .model import MLP

__all__ = ["check_sizes", "layer_shapes", "count_params", "surface_grid", "random_surface"]


def check_sizes(sizes, arg: str = "sizes") -> list[int]:
    """``sizes`` as a list of positive ints with at least 2 entries (inputs, outputs)."""
    if isinstance(sizes, (str, bytes)) or not hasattr(sizes, "__len__"):
        raise TypeError(f"{arg}: expected a list of layer sizes such as [2, 8, 1], "
                        f"got {C.describe(sizes)}")
    sizes = list(sizes)
    if len(sizes) < 2:
        raise ValueError(f"{arg}: expected at least 2 layer sizes (inputs and outputs), "
                         f"got {sizes}")
    return [C.check_int(s, f"{arg}[{i}]") for i, s in enumerate(sizes)]


def layer_shapes(sizes) -> list[tuple[tuple[int, int], tuple[int]]]:
    """``[(W_l.shape, b_l.shape) for l = 1..L]``: ``((n_{l-1}, n_l), (n_l,))`` per layer."""
    sizes = check_sizes(sizes)
    return [((n_in, n_out), (n_out,)) for n_in, n_out in zip(sizes[:-1], sizes[1:])]


def count_params(sizes) -> int:
    """P = sum_l (n_{l-1} + 1) n_l: every weight and every bias of the network."""
    sizes = check_sizes(sizes)
    return sum((n_in + 1) * n_out for n_in, n_out in zip(sizes[:-1], sizes[1:]))


def surface_grid(extent=(-3.0, 3.0, -3.0, 3.0), n_grid: int = 60):
    """Points on a square grid over ``extent = (x_min, x_max, y_min, y_max)``.

    Returns ``(P, shape)``: ``P`` is ``(n_grid**2, 2)``, one row per grid point
    (row-major, y changing slowest), and ``shape = (n_grid, n_grid)`` reshapes a
    column of outputs back into an image.
    """
    n_grid = C.check_int(n_grid, "n_grid", minimum=2)
    extent = C.as_array(extent, "extent", ndim=1)
    if extent.shape != (4,) or extent[0] >= extent[1] or extent[2] >= extent[3]:
        raise ValueError(f"extent: expected (x_min, x_max, y_min, y_max) with min < max, "
                         f"got {tuple(extent.tolist())}")
    xs = np.linspace(extent[0], extent[1], n_grid)
    ys = np.linspace(extent[2], extent[3], n_grid)
    gx, gy = np.meshgrid(xs, ys)
    return np.column_stack([gx.ravel(), gy.ravel()]), (n_grid, n_grid)


def random_surface(depth: int = 2, width: int = 8, activation: str = "tanh", seed: int = 0,
                   extent=(-3.0, 3.0, -3.0, 3.0), n_grid: int = 60):
    """What an untrained network ``[2, width x depth, 1]`` computes over the plane.

    The network has ``depth`` hidden layers of ``width`` units (``depth = 0``: no
    hidden layer, a linear function), the given hidden ``activation``, an identity
    output, dlcore's default initialisation (``init="auto"``) and ``seed``.

    Returns ``(model, Z)``: the MLP and its output y_hat over ``surface_grid(extent,
    n_grid)``, shaped ``(n_grid, n_grid)`` (row i is the i-th y value).
    """
    depth = C.check_int(depth, "depth", minimum=0)
    width = C.check_int(width, "width")
    sizes = [2] + [width] * depth + [1]
    model = MLP(sizes, activation=activation, output_activation="identity", seed=seed)
    P, shape = surface_grid(extent, n_grid)
    Z = model.predict(P).reshape(shape)
    return model, Z
