"""What every neuron of a playground network computes over the plane (chapter 4.2).

TensorFlow Playground draws each unit as a small picture: its output at every
point of the plane. :func:`unit_outputs` runs the model's own ``forward`` and
collects every layer's activation ``a_l``; :func:`unit_maps` does so on a
coarse grid over the data and shapes the results as pictures.
"""

from __future__ import annotations

import numpy as np

from dlcore import _checks as C
from dlcore.model import MLP
from dlcore.playground.features import DEFAULT_FEATURES
from dlcore.playground.model import grid_inputs

__all__ = ["NEURON_RESOLUTION", "unit_outputs", "unit_maps"]

#: Grid points per side of a unit's picture: coarse (a unit is drawn about 30
#: pixels wide), so the whole network's pictures cost one small forward pass.
NEURON_RESOLUTION = 20


def unit_outputs(model: MLP, X) -> list[np.ndarray]:
    """Every layer's output for the inputs ``X`` ``(n, sizes[0])``:
    ``[a_0 = X, a_1, ..., a_L]``, ``a_l`` of shape ``(n, sizes[l])``; ``a_L`` is
    ``model.predict(X)``.

    It runs ``model.forward(X)`` and copies each activation layer's ``a`` (so it
    replaces the values the layers cached for ``backward``). A diverged model
    gives non-finite outputs, without warnings.
    """
    if not isinstance(model, MLP):
        raise TypeError(f"model: expected a dlcore MLP, got {C.describe(model)}")
    X = model.check_input(X)
    with np.errstate(all="ignore"):
        model.forward(X)
    return [X] + [act.a.copy() for act in model.layers[1::2]]


def unit_maps(model: MLP, bounds, features=DEFAULT_FEATURES,
              resolution: int = NEURON_RESOLUTION) -> list[np.ndarray]:
    """Every unit's output over a ``resolution`` x ``resolution`` grid over
    ``bounds`` ``(x_min, x_max, y_min, y_max)``: one array ``(r, r, sizes[l])``
    per layer, inputs (the ``features``) first, outputs last; row ``i`` of a
    picture is the grid's ``y[i]`` (ready for ``imshow(origin="lower")``)."""
    resolution = C.check_int(resolution, "resolution", minimum=2)
    _, _, P = grid_inputs(bounds, resolution, features)
    return [a.reshape(resolution, resolution, -1) for a in unit_outputs(model, P)]
