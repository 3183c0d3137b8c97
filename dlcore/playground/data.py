"""The playground's data: a train/validation split of 2-D points (chapter 4.2)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from dlcore import _checks as C
from dlcore import datasets as _datasets
from dlcore.playground.config import PlaygroundConfig, check_config as _check_config

__all__ = ["PlaygroundData", "make_data"]


@dataclass
class PlaygroundData:
    """A train/validation split of 2-D points with integer labels (or real
    targets, for regression).

    ``X_train`` ``(n_train, 2)``, ``y_train`` ``(n_train,)`` int (float for
    regression); the validation arrays are ``None`` when ``val_fraction`` is 0.
    ``n_classes`` is ``None`` for regression. ``bounds`` is
    ``(x_min, x_max, y_min, y_max)`` of the drawing area around all points.
    """

    X_train: np.ndarray
    y_train: np.ndarray
    X_val: np.ndarray | None
    y_val: np.ndarray | None
    n_classes: int | None
    bounds: tuple[float, float, float, float]

    @property
    def has_val(self) -> bool:
        return self.X_val is not None and len(self.X_val) > 0

    @property
    def task(self) -> str:
        """``"regression"`` (no classes: real targets) or ``"classification"``."""
        return "regression" if self.n_classes is None else "classification"

    @property
    def n_outputs(self) -> int:
        """Outputs of the network: one per class, or one for regression."""
        return 1 if self.n_classes is None else self.n_classes


def _check_user_data(X, y):
    if X is None or y is None:
        raise ValueError("X, y: dataset='custom' needs your data: X (n, 2) and y (n,) integer labels")
    X = C.as_array(X, "X", ndim=2, dtype=np.float64)
    if X.shape[1] != 2:
        raise ValueError(f"X: expected shape (n, 2), two features per point, got shape {X.shape}")
    y = np.asarray(y)
    if y.dtype.kind == "f" and y.ndim == 1 and np.all(np.isfinite(y)) and np.all(y == np.round(y)):
        y = y.astype(np.intp)  # whole numbers stored as floats are labels too
    y = C.as_labels(y, "y")
    C.same_length(X, y, "X", "y")
    if len(X) < 10:
        raise ValueError(f"X: expected at least 10 points, got {len(X)}")
    if y.min() < 0:
        raise ValueError(f"y: expected labels 0, 1, ..., k-1, got the label {int(y.min())}")
    k = int(y.max()) + 1
    if k < 2:
        raise ValueError("y: expected at least two classes (labels 0 and 1), got only label 0")
    if k > 10:
        raise ValueError(f"y: expected at most 10 classes (labels 0 to 9), got labels up to {k - 1}")
    missing = sorted(set(range(k)) - set(np.unique(y).tolist()))
    if missing:
        raise ValueError(f"y: expected every class of 0..{k - 1} present, missing {missing}")
    return X, y, k


def _generate(config: PlaygroundConfig):
    n, noise, seed = config.n_samples, config.noise, config.data_seed
    if config.dataset == "moons":
        return _datasets.make_moons(n, noise=noise, seed=seed)
    if config.dataset == "circles":
        return _datasets.make_circles(n, noise=noise, seed=seed)
    if config.dataset == "xor":
        return _datasets.make_xor(n, noise=noise, seed=seed)
    if config.dataset == "spirals":
        return _datasets.make_spirals(n, classes=config.classes, noise=noise, seed=seed)
    if config.dataset == "plane":
        return _datasets.make_plane(n, noise=noise, seed=seed)
    if config.dataset == "gaussians":
        return _datasets.make_gaussians(n, noise=noise, seed=seed)
    return _datasets.make_blobs(n, classes=config.classes, noise=noise, seed=seed)


def _bounds(X, margin=0.1):
    lo = X.min(axis=0)
    hi = X.max(axis=0)
    span = np.maximum(hi - lo, 1e-6)
    lo = lo - margin * span
    hi = hi + margin * span
    return float(lo[0]), float(hi[0]), float(lo[1]), float(hi[1])


def make_data(config: PlaygroundConfig, X=None, y=None) -> PlaygroundData:
    """Points and labels for ``config``, split into training and validation sets.

    For a toy data set ``X, y`` must be ``None`` (``"plane"`` and
    ``"gaussians"`` have real targets: ``n_classes`` is then ``None``). For ``dataset="custom"``
    they are the reader's own data: ``X`` ``(n, 2)`` real, ``y`` ``(n,)``
    integer labels ``0 .. k-1`` (2 to 10 classes, each present). The split is
    seeded by ``config.data_seed``.
    """
    _check_config(config)
    if config.dataset == "custom":
        X, y, k = _check_user_data(X, y)
    else:
        if X is not None or y is not None:
            raise ValueError(
                f"X, y: expected only with dataset='custom', got dataset={config.dataset!r} "
                "(use config.replace(dataset='custom'))")
        X, y = _generate(config)
        k = config.n_classes
    if config.val_fraction > 0:
        X_train, X_val, y_train, y_val = _datasets.train_val_split(
            X, y, val_fraction=config.val_fraction, seed=config.data_seed)
    else:
        X_train, X_val, y_train, y_val = X, None, y, None
    return PlaygroundData(X_train, y_train, X_val, y_val, k, _bounds(X))


