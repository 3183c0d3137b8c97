"""The playground's network and what it says about the plane: the model, its
class probabilities on a grid (the one grid builder), and its stuck units
(chapter 4.2)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from dlcore import activations as _activations
from dlcore.model import MLP
from dlcore.playground.config import PlaygroundConfig
from dlcore.playground.features import DEFAULT_FEATURES, feature_map

__all__ = ["build_model", "output_activation", "targets", "class_probabilities", "Grid",
           "grid_points", "grid_inputs", "grid_probs", "make_grid", "stuck_units"]


def output_activation(config: PlaygroundConfig) -> str:
    """The output layer's activation: identity for cross-entropy (logits) and for
    regression (the predicted value itself), sigmoid for classification by MSE."""
    if config.loss == "cross_entropy" or config.task == "regression":
        return "identity"
    return "sigmoid"


def build_model(config: PlaygroundConfig, n_classes: int) -> MLP:
    """The untrained network for ``config``: ``2 -> widths -> n_classes`` outputs
    (one per class; for regression pass ``data.n_outputs``, which is 1).

    Output activation: see :func:`output_activation`.
    Initial weights come from ``config.seed`` (the initializer is picked by
    the activation: He for the ReLU family, Xavier for sigmoid and tanh).
    """
    return MLP(config.sizes(n_classes), activation=config.activation,
               output_activation=output_activation(config), seed=config.seed)


def targets(config: PlaygroundConfig, y, n_classes: int | None):
    """Integer labels for cross-entropy, one-hot float rows for MSE; the real
    targets ``(n,)`` as they are for regression."""
    if y is None or config.task == "regression":
        return y
    if config.loss == "mse":
        return np.eye(n_classes)[y]
    return y


def class_probabilities(model: MLP, X: np.ndarray, loss: str) -> np.ndarray:
    """``(n, k)`` class probabilities: softmax of the logits (cross-entropy), or
    the sigmoid outputs divided by their row sum (MSE). Rows whose scores are not
    finite (a diverged model) have no probabilities: they are NaN."""
    out = model.predict(X)
    if loss == "cross_entropy":
        probs = np.full(out.shape, np.nan, dtype=out.dtype)
        finite = np.isfinite(out).all(axis=1)
        if finite.any():
            probs[finite] = _activations.softmax(out[finite])
        return probs
    out = np.clip(out, 1e-12, None)
    return out / out.sum(axis=1, keepdims=True)


@dataclass
class Grid:
    """Class probabilities on a regular grid over the plane.

    ``x`` ``(nx,)`` and ``y`` ``(ny,)`` are the grid coordinates; ``probs``
    ``(ny, nx, k)`` (row ``i`` is ``y[i]``: ready for ``imshow(origin="lower")``);
    ``labels`` ``(ny, nx)`` the most probable class; ``extent`` is
    ``(x_min, x_max, y_min, y_max)``. For regression ``probs`` is
    ``(ny, nx, 1)``, the predicted values (:attr:`values`), and ``labels`` 0.
    """

    x: np.ndarray
    y: np.ndarray
    probs: np.ndarray
    labels: np.ndarray
    extent: tuple[float, float, float, float]

    @property
    def values(self) -> np.ndarray:
        """The predicted values ``(ny, nx)`` of a regression model."""
        return self.probs[..., 0]


def grid_points(bounds, resolution: int):
    """Coordinates ``x`` ``(r,)``, ``y`` ``(r,)`` of a ``resolution`` x ``resolution``
    grid over ``bounds`` ``(x_min, x_max, y_min, y_max)``, and its points ``(r*r, 2)``
    row by row (row ``i`` is ``y[i]``)."""
    x = np.linspace(bounds[0], bounds[1], resolution)
    y = np.linspace(bounds[2], bounds[3], resolution)
    xx, yy = np.meshgrid(x, y)
    return x, y, np.column_stack([xx.ravel(), yy.ravel()])


def grid_inputs(bounds, resolution: int, features=DEFAULT_FEATURES):
    """:func:`grid_points` with the grid's points mapped to the network's inputs:
    ``x`` ``(r,)``, ``y`` ``(r,)`` and ``feature_map(points, features)`` ``(r*r, len(features))``."""
    x, y, P = grid_points(bounds, resolution)
    return x, y, feature_map(P, features)


def _is_regression(model: MLP) -> bool:
    return model.sizes[-1] == 1 and model.output_activation == "identity"


def grid_probs(model: MLP, P: np.ndarray, loss: str, resolution: int) -> np.ndarray:
    """Class probabilities ``(r, r, k)`` of ``model`` at the grid's inputs ``P``; a
    diverged model (scores not finite) has "no opinion": ``1/k`` everywhere.

    A regression model (one identity output) gives its predicted values
    ``(r, r, 1)`` instead; diverged, it predicts 0 everywhere."""
    with np.errstate(all="ignore"):
        if _is_regression(model):
            probs = model.predict(P)
            no_opinion = 0.0
        else:
            probs = class_probabilities(model, P, loss)
            no_opinion = 1.0 / probs.shape[1]
    if not np.all(np.isfinite(probs)):
        probs = np.full_like(probs, no_opinion)
    return probs.reshape(resolution, resolution, -1)


def make_grid(model: MLP, bounds, loss: str, resolution: int = 60, points=None,
              features=DEFAULT_FEATURES) -> Grid:
    """The :class:`Grid` of ``model`` over ``bounds``: the one grid builder that runs,
    snapshots and figures use. ``points`` is a ready ``grid_inputs(bounds, resolution,
    features)`` (the network's inputs at the grid points)."""
    x, y, P = grid_inputs(bounds, resolution, features) if points is None else points
    probs = grid_probs(model, P, loss, resolution)
    return Grid(x, y, probs, probs.argmax(axis=-1), tuple(bounds))


def stuck_units(model: MLP, X: np.ndarray) -> float:
    """Share of hidden units that no longer learn on the inputs ``X`` ``(n, n_features)``
    (``feature_map`` of the points): a ReLU whose
    input is negative on every point ("dead": output and gradient 0), or a
    sigmoid/tanh whose input exceeds 6 in size on every point (saturated: slope
    below 0.01). Leaky ReLUs never count. 0.0 for a network without hidden layers.

    It runs the model's own ``forward`` and reads each hidden layer's input ``z``
    from the activation layers (so it replaces their cached values).
    """
    if len(model.dense) < 2 or model.activation not in ("relu", "sigmoid", "tanh"):
        return 0.0
    with np.errstate(all="ignore"):
        model.forward(X)
        zs = [act.z for act in model.layers[1::2][:-1]]
        if model.activation == "relu":
            stuck = sum(int(np.count_nonzero(np.all(z <= 0, axis=0))) for z in zs)
        else:
            stuck = sum(int(np.count_nonzero(np.all(np.abs(z) > 6, axis=0))) for z in zs)
    total = sum(z.shape[1] for z in zs)
    return float(stuck / total)
