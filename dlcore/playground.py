"""The training playground's compute side (chapter 4.2): data, model, training, verdict.

Everything the playground widget shows is computed here, with no plotting and
no widgets, so it can be tested and reused on its own:

- :class:`PlaygroundConfig` holds one setting of every control and checks it.
- :func:`make_data` builds the train/validation split (a toy data set or the
  reader's own ``X, y``).
- :func:`run` trains an :class:`~dlcore.model.MLP` with :func:`dlcore.train`
  and returns a :class:`PlaygroundResult`: the history, the trained model, the
  class probabilities on a grid over the plane (the decision regions), optional
  snapshots of that grid during training, and a plain-words verdict (did the
  loss diverge, and at which epoch; did it stall; is the model overfitting).
- :func:`compare_optimizers`, :func:`compare_activations` and
  :func:`compare_grid` rerun one configuration with the optimizer or the
  activation swapped; the optimizers start from the *same* initial weights.
- :func:`code_for` writes the dlcore code that reproduces a run exactly.

Output layer and loss. The network always has one output per class (two for a
two-class data set).

- ``loss="cross_entropy"``: the outputs are raw scores (logits) and the loss
  is softmax cross-entropy on integer labels, as in PyTorch's
  ``CrossEntropyLoss``; for two classes this is the same model as logistic
  regression on the difference of the two scores.
- ``loss="mse"``: the outputs go through a sigmoid, one per class, and are
  compared with one-hot targets (1 for the true class, 0 for the others). A
  sigmoid keeps each output in (0, 1) like its target; a softmax under MSE
  would couple the outputs and make the gradients smaller still. The class
  probabilities drawn for MSE are the sigmoid outputs divided by their sum.

Batch size. ``"gd"`` is gradient descent on the full training set, so it
ignores ``batch_size``; every other optimizer uses ``batch_size`` (``None``
means the full batch, in which case ``"sgd"`` and ``"gd"`` are the same rule).
"""

from __future__ import annotations

import dataclasses
import time
from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from dlcore import _checks as C
from dlcore import activations as _activations
from dlcore import datasets as _datasets
from dlcore import optim as _optim
from dlcore.model import MLP
from dlcore.train import train as _train

__all__ = [
    "DATASETS", "ACTIVATIONS", "LOSSES", "OPTIMIZERS", "TUNED_LR",
    "PlaygroundConfig", "PlaygroundData", "Grid", "PlaygroundResult",
    "make_data", "build_model", "run", "snapshot", "verdict", "diagnose", "Verdict",
    "VERDICT_RULES", "stuck_units", "chance_accuracy", "suggest_lr",
    "compare_optimizers", "compare_activations", "compare_grid", "code_for",
]

DATASETS = ("moons", "circles", "xor", "spirals", "blobs", "custom")
ACTIVATIONS = ("sigmoid", "tanh", "relu", "leaky_relu")
LOSSES = ("mse", "cross_entropy")
OPTIMIZERS = ("gd", "sgd", "momentum", "rmsprop", "adam")

#: Data sets whose classes no straight line can separate.
NONLINEAR_DATASETS = ("moons", "circles", "xor", "spirals")

#: Readable names, for messages and legends.
NAMES = {
    "gd": "GD", "sgd": "SGD", "momentum": "Momentum", "rmsprop": "RMSprop", "adam": "Adam",
    "sigmoid": "sigmoid", "tanh": "tanh", "relu": "ReLU", "leaky_relu": "leaky ReLU",
    "mse": "MSE", "cross_entropy": "cross-entropy",
}

#: A learning rate per optimizer that trains the default configuration well
#: (used by the comparisons unless told otherwise). Plain GD and SGD need a
#: step one to two orders of magnitude larger than Adam's, because Adam divides
#: each step by the gradient's running size.
TUNED_LR = {"gd": 1.0, "sgd": 0.3, "momentum": 0.05, "rmsprop": 0.01, "adam": 0.02}

_OPT_CLASS = {"gd": "GD", "sgd": "SGD", "momentum": "Momentum", "rmsprop": "RMSprop", "adam": "Adam"}


# --------------------------------------------------------------------------- config

def _choice(value, arg, choices):
    return C.check_name(value, choices, arg.replace("_", " "), arg)


def _int(value, arg, lo, hi=None, allow_none=False):
    if value is None and allow_none:
        return None
    return C.check_int(value, arg, minimum=lo, maximum=hi)


def _real(value, arg, lo, hi, lo_open=False, hi_open=False):
    return C.check_in_range(value, arg, lo, hi, low_open=lo_open, high_open=hi_open)


@dataclass(frozen=True)
class PlaygroundConfig:
    """One setting of every playground control; checked when created.

    The defaults show something worth seeing before anyone touches a control:
    a three-armed spiral, which no straight line can cut, learned by a small
    ReLU network (two hidden layers of 16) with Adam on minibatches of 32 in
    60 epochs, in a few tens of milliseconds.

    Invalid values raise ``ValueError`` (wrong value) or ``TypeError`` (wrong
    type) in dlcore's one message style, "lr: expected a number in (0.0, 10.0], got 0". Change fields
    with :meth:`replace`, which checks again.

    Attributes
    ----------
    dataset : one of :data:`DATASETS`; ``"custom"`` means the reader's own ``X, y``.
    n_samples : points generated (ignored for ``"custom"``), 20 to 5000.
    classes : number of classes for ``"spirals"`` and ``"blobs"`` (2 to 6);
        moons, circles and XOR always have 2.
    noise : the data set's noise level, 0 to 1 (ignored for ``"custom"``).
    val_fraction : share of the points held out for validation, 0 to 0.5.
    data_seed : seed of the data sample and of the train/validation split.
    hidden_layers : 0 to 4; 0 is a linear classifier.
    width : units in every hidden layer, 1 to 64.
    activation : hidden-layer activation, one of :data:`ACTIVATIONS`.
    loss : ``"cross_entropy"`` (softmax outputs) or ``"mse"`` (sigmoid outputs,
        one-hot targets); see the module docstring.
    optimizer : one of :data:`OPTIMIZERS`.
    lr : learning rate, > 0 and at most 10.
    momentum : Momentum's coefficient, in (0, 1) (0 would be plain SGD).
    alpha : RMSprop's smoothing constant, in [0, 1) (PyTorch's default 0.99).
    beta1, beta2 : Adam's betas, in [0, 1).
    batch_size : minibatch size, or ``None`` for the full training set (GD
        always uses the full set).
    weight_decay : L2 penalty coefficient (PyTorch's ``weight_decay``), 0 to 1.
    epochs : passes over the training set, 1 to 5000.
    seed : seed of the initial weights and of the minibatch shuffling.
    """

    dataset: str = "spirals"
    n_samples: int = 300
    classes: int = 3
    noise: float = 0.03
    val_fraction: float = 0.2
    data_seed: int = 0
    hidden_layers: int = 2
    width: int = 16
    activation: str = "relu"
    loss: str = "cross_entropy"
    optimizer: str = "adam"
    lr: float = 0.02
    momentum: float = 0.9
    alpha: float = 0.99
    beta1: float = 0.9
    beta2: float = 0.999
    batch_size: int | None = 32
    weight_decay: float = 0.0
    epochs: int = 60
    seed: int = 0

    def __post_init__(self):
        checked = {
            "dataset": _choice(self.dataset, "dataset", DATASETS),
            "n_samples": _int(self.n_samples, "n_samples", 20, 5000),
            "classes": _int(self.classes, "classes", 2, 6),
            "noise": _real(self.noise, "noise", 0.0, 1.0),
            "val_fraction": _real(self.val_fraction, "val_fraction", 0.0, 0.5),
            "data_seed": _int(self.data_seed, "data_seed", 0),
            "hidden_layers": _int(self.hidden_layers, "hidden_layers", 0, 4),
            "width": _int(self.width, "width", 1, 64),
            "activation": _choice(self.activation, "activation", ACTIVATIONS),
            "loss": _choice(self.loss, "loss", LOSSES),
            "optimizer": _choice(self.optimizer, "optimizer", OPTIMIZERS),
            "lr": _real(self.lr, "lr", 0.0, 10.0, lo_open=True),
            "momentum": _real(self.momentum, "momentum", 0.0, 1.0, lo_open=True, hi_open=True),
            "alpha": _real(self.alpha, "alpha", 0.0, 1.0, hi_open=True),
            "beta1": _real(self.beta1, "beta1", 0.0, 1.0, hi_open=True),
            "beta2": _real(self.beta2, "beta2", 0.0, 1.0, hi_open=True),
            "batch_size": _int(self.batch_size, "batch_size", 1, allow_none=True),
            "weight_decay": _real(self.weight_decay, "weight_decay", 0.0, 1.0),
            "epochs": _int(self.epochs, "epochs", 1, 5000),
            "seed": _int(self.seed, "seed", 0),
        }
        # store plain Python ints and floats (numpy scalars from a slider become int/float)
        for name, value in checked.items():
            object.__setattr__(self, name, value)

    def replace(self, **changes) -> "PlaygroundConfig":
        """A copy with some fields changed (checked again)."""
        unknown = sorted(set(changes) - {f.name for f in dataclasses.fields(self)})
        if unknown:
            valid = ", ".join(f.name for f in dataclasses.fields(self))
            raise TypeError(f"{', '.join(unknown)}: expected a field of PlaygroundConfig ({valid})")
        return dataclasses.replace(self, **changes)

    def to_dict(self) -> dict:
        """The fields as a plain dict."""
        return dataclasses.asdict(self)

    @property
    def effective_batch_size(self) -> int | None:
        """The batch size training uses: ``None`` (full batch) for GD, else ``batch_size``."""
        return None if self.optimizer == "gd" else self.batch_size

    @property
    def n_classes(self) -> int | None:
        """Classes of the generated data set (``None`` for custom data: read from ``y``)."""
        if self.dataset == "custom":
            return None
        return self.classes if self.dataset in ("spirals", "blobs") else 2

    def sizes(self, n_classes: int) -> list[int]:
        """Layer sizes ``[2, width, ..., width, n_classes]`` of the network."""
        return [2] + [self.width] * self.hidden_layers + [int(n_classes)]

    def optimizer_kwargs(self) -> dict:
        """Keyword arguments of the optimizer: ``lr``, ``weight_decay`` and its own hyperparameters."""
        kw = {"lr": self.lr}
        if self.optimizer == "momentum":
            kw["momentum"] = self.momentum
        elif self.optimizer == "rmsprop":
            kw["alpha"] = self.alpha
        elif self.optimizer == "adam":
            kw["betas"] = (self.beta1, self.beta2)
        kw["weight_decay"] = self.weight_decay
        return kw


# --------------------------------------------------------------------------- data

@dataclass
class PlaygroundData:
    """A train/validation split of 2-D points with integer labels.

    ``X_train`` ``(n_train, 2)``, ``y_train`` ``(n_train,)`` int; the
    validation arrays are ``None`` when ``val_fraction`` is 0. ``bounds`` is
    ``(x_min, x_max, y_min, y_max)`` of the drawing area around all points.
    """

    X_train: np.ndarray
    y_train: np.ndarray
    X_val: np.ndarray | None
    y_val: np.ndarray | None
    n_classes: int
    bounds: tuple[float, float, float, float]

    @property
    def has_val(self) -> bool:
        return self.X_val is not None and len(self.X_val) > 0


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

    For a toy data set ``X, y`` must be ``None``. For ``dataset="custom"``
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


# --------------------------------------------------------------------------- model and grid

def build_model(config: PlaygroundConfig, n_classes: int) -> MLP:
    """The untrained network for ``config``: ``2 -> width x hidden_layers -> n_classes``.

    Output activation: identity (logits) for cross-entropy, sigmoid for MSE.
    Initial weights come from ``config.seed`` (the initializer is picked by
    the activation: He for the ReLU family, Xavier for sigmoid and tanh).
    """
    out = "identity" if config.loss == "cross_entropy" else "sigmoid"
    return MLP(config.sizes(n_classes), activation=config.activation, output_activation=out,
               seed=config.seed)


def _targets(config, y, n_classes):
    """Integer labels for cross-entropy, one-hot float rows for MSE."""
    if y is None:
        return None
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
    ``(x_min, x_max, y_min, y_max)``.
    """

    x: np.ndarray
    y: np.ndarray
    probs: np.ndarray
    labels: np.ndarray
    extent: tuple[float, float, float, float]


def _grid_points(bounds, resolution):
    x = np.linspace(bounds[0], bounds[1], resolution)
    y = np.linspace(bounds[2], bounds[3], resolution)
    xx, yy = np.meshgrid(x, y)
    return x, y, np.column_stack([xx.ravel(), yy.ravel()])


def _grid_probs(model, P, loss, resolution):
    with np.errstate(all="ignore"):
        probs = class_probabilities(model, P, loss)
    if not np.all(np.isfinite(probs)):   # a diverged model: draw "no opinion"
        probs = np.full_like(probs, 1.0 / probs.shape[1])
    return probs.reshape(resolution, resolution, -1)


# --------------------------------------------------------------------------- result and verdict

@dataclass
class PlaygroundResult:
    """Everything one training run produced.

    ``history`` is the :class:`dlcore.train.History`; ``frames`` is a list of
    ``(epoch, probs)`` grid snapshots (``probs`` shaped like ``grid.probs``)
    when :func:`run` was asked to record them; ``initial_params`` are copies
    of the weights before training; ``level`` is ``"ok"``, ``"warning"`` or
    ``"error"``, ``headline`` the verdict in a few words and ``message`` in full
    (see :func:`verdict`); ``seconds`` the training
    time; ``stopped`` is True when a progress callback stopped training early.
    """

    config: PlaygroundConfig
    data: PlaygroundData
    model: MLP
    history: object
    grid: Grid
    initial_params: list
    frames: list = field(default_factory=list)
    level: str = "ok"
    message: str = ""
    seconds: float = 0.0
    headline: str = ""
    stopped: bool = False
    kind: str = ""

    @property
    def diverged_at(self) -> int | None:
        return self.history.diverged_at

    @property
    def diverged(self) -> bool:
        return self.history.diverged_at is not None

    @property
    def epochs_run(self) -> int:
        return len(self.history.loss)

    @property
    def final_loss(self) -> float:
        return float(self.history.loss[-1]) if self.history.loss else float("nan")

    @property
    def final_val_loss(self) -> float | None:
        return float(self.history.val_loss[-1]) if self.history.val_loss else None

    @property
    def accuracy(self) -> float:
        return float(self.history.accuracy[-1]) if self.history.accuracy else float("nan")

    @property
    def val_accuracy(self) -> float | None:
        return float(self.history.val_accuracy[-1]) if self.history.val_accuracy else None

    @property
    def summary(self) -> str:
        """One line of numbers: epochs, losses and accuracies."""
        h = self.history
        parts = [f"epoch {self.epochs_run}/{self.config.epochs}"]
        finite = [v for v in h.loss if np.isfinite(v)]
        if finite:
            parts.append(f"train loss {finite[-1]:#.4g}")
        if h.val_loss and np.isfinite(h.val_loss[-1]):
            parts.append(f"val loss {h.val_loss[-1]:#.4g}")
        if h.accuracy:
            parts.append(f"train acc {h.accuracy[-1]:.1%}")
        if h.val_accuracy:
            parts.append(f"val acc {h.val_accuracy[-1]:.1%}")
        parts.append(f"{self.seconds * 1000:.0f} ms")
        return ", ".join(parts)


def stuck_units(model: MLP, X: np.ndarray) -> float:
    """Share of hidden units that no longer learn on ``X`` ``(n, 2)``: a ReLU whose
    input is negative on every point ("dead": output and gradient 0), or a
    sigmoid/tanh whose input exceeds 6 in size on every point (saturated: slope
    below 0.01). Leaky ReLUs never count. 0.0 for a network without hidden layers.
    """
    if len(model.dense) < 2:
        return 0.0
    act = _activations.get(model.activation)
    a = np.asarray(X, dtype=model.dtype)
    stuck = total = 0
    with np.errstate(all="ignore"):
        for layer in model.dense[:-1]:
            z = a @ layer.W + layer.b
            if model.activation == "relu":
                stuck += int(np.count_nonzero(np.all(z <= 0, axis=0)))
            elif model.activation in ("sigmoid", "tanh"):
                stuck += int(np.count_nonzero(np.all(np.abs(z) > 6, axis=0)))
            total += z.shape[1]
            a = act.forward(z)
    return float(stuck / total) if total else 0.0


# Every verdict is one written rule with named thresholds, checked in the order
# of VERDICT_RULES; the first that holds is the verdict. tests/test_playground.py
# puts each rule both ways (it holds / it does not).

#: Training accuracy below this is underfitting (and never "converged").
GOOD_ACCURACY = 0.9
#: "Well above chance": the accuracy must close this share of the gap between
#: chance (the largest class's share of the training set) and 100 %.
ABOVE_CHANCE = 0.5
#: The loss "rose" when it ended above this multiple of its first-epoch value.
ROSE_RATIO = 1.05
#: The loss "barely moved" when it ended above this multiple of its first value.
STALL_RATIO = 0.9
#: Share of stuck hidden units (see :func:`stuck_units`) that makes "dead units".
DEAD_SHARE = 0.5
#: L2 coefficient from which a low training accuracy is blamed on the penalty.
TOO_MUCH_L2 = 0.01
#: The last window of training: this share of the epochs, at least WINDOW_MIN.
WINDOW_SHARE = 0.2
WINDOW_MIN = 10
#: "Flat": over the last window the loss fell by less than this share of its
#: first-epoch value (needed for "converged"; otherwise "still learning").
FLAT_SHARE = 0.05
#: "Oscillating": within the last window the typical (median) change of the
#: loss from one epoch to the next exceeds this share of its first-epoch value,
#: and the loss changes direction at more than OSCILLATION_TURNS of the epochs
#: (a median, so one brief spike is not oscillation).
OSCILLATION_STEP = 0.05
OSCILLATION_TURNS = 0.3
#: "Overfitting": with at least OVERFIT_MIN_EPOCHS epochs, the validation loss
#: was lowest before OVERFIT_BEST_BEFORE of the run, has since risen above
#: OVERFIT_RISE times that low (and by OVERFIT_MIN_RISE at least) while the
#: training loss is below its value at that epoch.
OVERFIT_MIN_EPOCHS = 20
OVERFIT_BEST_BEFORE = 0.7
OVERFIT_RISE = 1.5
OVERFIT_MIN_RISE = 0.05
#: Noise from which the advice mentions points lying among the other class.
NOISY = 0.25

#: The verdicts in the order they are checked: kind -> the rule in words.
VERDICT_RULES = {
    "diverged": "the loss became infinite or NaN (error), or ended above "
                "ROSE_RATIO x its first value",
    "linear": "no hidden layer, a data set no straight line separates, "
              "training accuracy below GOOD_ACCURACY",
    "dead_units": "at least DEAD_SHARE of the hidden units are stuck and "
                  "training accuracy is below GOOD_ACCURACY",
    "too_much_l2": "weight_decay >= TOO_MUCH_L2 and training accuracy below "
                   "GOOD_ACCURACY",
    "stalled": "the loss ended above STALL_RATIO x its first value",
    "oscillating": "in the last window the loss typically moves by more than "
                   "OSCILLATION_STEP x its first value per epoch, turning at "
                   "more than OSCILLATION_TURNS of the epochs",
    "underfitting": "training accuracy below GOOD_ACCURACY, or not well above "
                    "chance (ABOVE_CHANCE)",
    "overfitting": "the validation loss rose well above its low while the "
                   "training loss kept falling (OVERFIT_*)",
    "still_learning": "accurate, but the loss fell by FLAT_SHARE x its first "
                      "value or more over the last window",
    "converged": "none of the above: accurate, well above chance, flat loss",
}


@dataclass(frozen=True)
class Verdict:
    """A run's verdict: ``kind`` (a key of :data:`VERDICT_RULES`), ``level``
    (``"ok"``, ``"warning"`` or ``"error"``), ``headline`` (a few words for the
    figure) and ``message`` (the full advice)."""

    kind: str
    level: str
    headline: str
    message: str


def chance_accuracy(y) -> float:
    """Accuracy of always guessing the most common class of labels ``y`` ``(n,)``."""
    y = np.asarray(y)
    return float(np.bincount(y).max() / len(y)) if len(y) else 0.0


def well_above_chance(acc: float, chance: float) -> bool:
    """Does ``acc`` close :data:`ABOVE_CHANCE` of the gap from ``chance`` to 1?"""
    return acc >= chance + ABOVE_CHANCE * (1.0 - chance) - 1e-12


def loss_window(loss) -> int:
    """Epochs in the last window of a run with ``len(loss)`` epochs."""
    return max(WINDOW_MIN, int(WINDOW_SHARE * len(loss)))


def is_flat(loss) -> bool:
    """Did the loss fall by less than :data:`FLAT_SHARE` of its first value over
    the last window (compared with the window before)? Short runs (fewer than two
    windows) compare the last window's mean with the first epoch."""
    loss = np.asarray(loss, dtype=float)
    w = loss_window(loss)
    if len(loss) < 2:
        return False
    before = loss[-2 * w:-w].mean() if len(loss) >= 2 * w else loss[0]
    return bool(before - loss[-w:].mean() < FLAT_SHARE * loss[0])


def is_oscillating(loss) -> bool:
    """Does the loss swing up and down in the last window (see
    :data:`OSCILLATION_STEP`, :data:`OSCILLATION_TURNS`)?"""
    loss = np.asarray(loss, dtype=float)
    w = loss_window(loss)
    if len(loss) < w + 1:
        return False
    diff = np.diff(loss[-w - 1:])
    step = np.sign(diff)
    turns = np.count_nonzero(step[1:] * step[:-1] < 0) / max(1, len(step) - 1)
    typical = float(np.median(np.abs(diff)))     # a median: one spike does not count
    return bool(typical > OSCILLATION_STEP * loss[0] and turns > OSCILLATION_TURNS)


def overfit_epoch(loss, val_loss) -> int | None:
    """The epoch (1-based) after which the run overfits, or ``None`` (see
    :data:`OVERFIT_RISE` and its neighbours)."""
    if not val_loss or len(val_loss) < OVERFIT_MIN_EPOCHS:
        return None
    v = np.asarray(val_loss, dtype=float)
    t = np.asarray(loss, dtype=float)
    best = int(np.argmin(v))
    if (best < OVERFIT_BEST_BEFORE * len(v) and v[-1] > OVERFIT_RISE * v[best]
            and v[-1] - v[best] > OVERFIT_MIN_RISE and t[-1] < t[best]):
        return best + 1
    return None


def suggest_lr(config: PlaygroundConfig, direction: str) -> float:
    """A learning rate to try, ``"smaller"`` or ``"larger"`` than ``config.lr``:
    the optimizer's :data:`TUNED_LR` if it lies that way by a factor 2 or more,
    else ten times smaller (larger). Never the current value."""
    lr, tuned = config.lr, TUNED_LR[config.optimizer]
    if direction == "smaller":
        value = tuned if tuned <= lr / 2 else lr / 10
    else:
        value = tuned if tuned >= 2 * lr else min(10.0, lr * 10)
    return float(f"{value:.2g}")


def _causes(cfg, result):
    """Likely causes of slow or poor training, as phrases."""
    opt = NAMES[cfg.optimizer]
    tuned = TUNED_LR[cfg.optimizer]
    causes = []
    if cfg.lr >= 5 * tuned:
        causes.append(f"the learning rate {cfg.lr:g} is large for {opt}: the "
                      f"steps overshoot; try {suggest_lr(cfg, 'smaller'):g}")
    elif cfg.lr <= tuned / 20:
        causes.append(f"the learning rate {cfg.lr:g} is small for {opt}: the "
                      f"steps are tiny; try {suggest_lr(cfg, 'larger'):g}")
    if cfg.activation == "sigmoid" and cfg.hidden_layers >= 2:
        causes.append("sigmoid units in a deep network pass back small "
                      "gradients (the sigmoid's slope is at most 0.25, once per "
                      "layer): try ReLU or tanh")
    if cfg.optimizer == "gd" and cfg.epochs < 300:
        causes.append(f"GD makes one step per epoch, so {cfg.epochs} epochs are "
                      f"only {cfg.epochs} steps: try more epochs, or SGD with "
                      "minibatches")
    if cfg.loss == "mse":
        causes.append("MSE on sigmoid outputs learns slowly where the sigmoids "
                      "saturate: try cross-entropy")
    if not causes:
        causes.append("try more epochs, a wider or deeper network, or another "
                      "learning rate")
    return causes


def _sentences(phrases):
    return " ".join(p[0].upper() + p[1:] + "." for p in phrases)


def diagnose(result: PlaygroundResult) -> Verdict:
    """The :class:`Verdict` of a finished run: the first rule of
    :data:`VERDICT_RULES` that holds, with advice that never repeats a value
    the run already uses."""
    cfg, h = result.config, result.history
    opt = NAMES[cfg.optimizer]
    if h.diverged_at is not None:
        smaller = suggest_lr(cfg, "smaller")
        return Verdict("diverged", "error", f"diverged at epoch {h.diverged_at}", (
            f"Training diverged at epoch {h.diverged_at}: the loss became infinite "
            f"or NaN, so training stopped. The learning rate {cfg.lr:g} is too "
            f"large for {opt} here: each step overshoots the valley and the "
            f"weights blow up. Try a smaller learning rate ({smaller:g})"
            + (", or Adam, which scales its steps by the size of the gradients."
               if cfg.optimizer != "adam" else ".")))
    loss = np.asarray(h.loss, dtype=float)
    acc = float(h.accuracy[-1]) if h.accuracy else 1.0
    chance = chance_accuracy(result.data.y_train)
    accurate = acc >= GOOD_ACCURACY - 1e-12 and well_above_chance(acc, chance)
    if len(loss) >= 2 and loss[-1] > ROSE_RATIO * loss[0]:
        return Verdict("diverged", "warning", "the loss went up", (
            f"The loss ended higher than it started ({loss[0]:#.3g} in the "
            f"first epoch, {loss[-1]:#.3g} in the last): the learning rate "
            f"{cfg.lr:g} is too large for {opt}, so the steps overshoot. Try "
            f"{suggest_lr(cfg, 'smaller'):g}."))
    if (cfg.hidden_layers == 0 and cfg.dataset in NONLINEAR_DATASETS
            and acc < GOOD_ACCURACY):
        return Verdict("linear", "warning", "a linear model cannot fit this", (
            f"Training accuracy is only {acc:.0%}. With no hidden layer the "
            "network is a linear classifier: the boundaries between its classes "
            "are straight lines, and no straight line separates "
            f"{cfg.dataset}. Add a hidden layer."))
    if not accurate:
        stuck = stuck_units(result.model, result.data.X_train)
        if stuck >= DEAD_SHARE and cfg.activation in ("relu", "sigmoid", "tanh"):
            dead = cfg.activation == "relu"
            kind = ("dead (their input is negative for every point, so output "
                    "and gradient are 0)" if dead else
                    "saturated (flat, so their gradient is almost 0)")
            phrases = [f"training accuracy is only {acc:.0%}: {stuck:.0%} of "
                       f"the hidden units are {kind}"]
            if cfg.lr >= 5 * TUNED_LR[cfg.optimizer]:
                phrases.append(f"a too large learning rate ({cfg.lr:g}) does "
                               "this in the first steps; try "
                               f"{suggest_lr(cfg, 'smaller'):g}")
            if dead:
                phrases.append("units of the leaky ReLU cannot die: try it")
            return Verdict("dead_units", "warning",
                           "dead units" if dead else "saturated units",
                           _sentences(phrases))
        if cfg.weight_decay >= TOO_MUCH_L2:
            return Verdict("too_much_l2", "warning", "too much regularisation", (
                f"Training accuracy is only {acc:.0%}: the L2 penalty "
                f"{cfg.weight_decay:g} pulls the weights towards zero harder "
                "than the data pushes them apart, so the regions stay "
                f"undecided. Try a weaker penalty ({cfg.weight_decay / 10:g}) "
                "or none."))
    if len(loss) >= 2 and loss[-1] > STALL_RATIO * loss[0]:
        return Verdict("stalled", "warning", "the loss barely moved", (
            f"The loss barely moved ({loss[0]:#.3g} to {loss[-1]:#.3g}). "
            + _sentences(_causes(cfg, result))))
    if is_oscillating(loss):
        phrases = [f"the loss jumps up and down over the last "
                   f"{loss_window(loss)} epochs instead of settling: the steps "
                   f"are too large for {opt} at lr {cfg.lr:g}; try "
                   f"{suggest_lr(cfg, 'smaller'):g}"]
        if cfg.effective_batch_size is not None and cfg.effective_batch_size < 32:
            phrases.append("a larger batch also makes the steps less noisy")
        return Verdict("oscillating", "warning", "the loss oscillates",
                       _sentences(phrases))
    if not accurate:
        phrases = _causes(cfg, result)
        if cfg.dataset != "custom" and cfg.noise >= NOISY:
            phrases.append(f"with noise {cfg.noise:g} some points lie among the "
                           "other class, so even the best boundary "
                           "misclassifies a few")
        why = ("not well above chance "
               f"({chance:.0%})" if not well_above_chance(acc, chance) else
               f"below {GOOD_ACCURACY:.0%}")
        return Verdict("underfitting", "warning", "underfitting", (
            f"Training accuracy is only {acc:.0%}, {why}: the model underfits. "
            + _sentences(phrases)))
    best = overfit_epoch(h.loss, h.val_loss)
    if best is not None:
        v = h.val_loss
        return Verdict("overfitting", "warning", f"overfitting after epoch {best}", (
            f"Overfitting: the validation loss was lowest at epoch {best} "
            f"({v[best - 1]:#.3g}) and has risen since (now {v[-1]:#.3g}) while "
            "the training loss kept falling. Try L2 (weight decay), fewer "
            "epochs, a smaller network or more data."))
    val = (f", validation accuracy {h.val_accuracy[-1]:.0%}"
           if h.val_accuracy else "")
    if not is_flat(loss):
        return Verdict("still_learning", "ok", "still learning", (
            f"Still learning: training accuracy {acc:.0%}{val}, and the loss "
            f"is still falling (it fell by {FLAT_SHARE:.0%} of its first value "
            "or more over the last "
            f"{loss_window(loss)} epochs): more epochs would help."))
    return Verdict("converged", "ok", "converged",
                   f"Training converged: training accuracy {acc:.0%}{val}.")


def verdict(result: PlaygroundResult) -> tuple[str, str, str]:
    """``(level, headline, message)`` of :func:`diagnose`."""
    v = diagnose(result)
    return v.level, v.headline, v.message


# --------------------------------------------------------------------------- run

ProgressFn = Callable[[int, int, MLP, object], "bool | None"]


def run(config: PlaygroundConfig | None = None, X=None, y=None, *, data: PlaygroundData | None = None,
        model: MLP | None = None, progress: ProgressFn | None = None, progress_every: int | None = None,
        record_every: int | None = None, resolution: int = 60) -> PlaygroundResult:
    """Train the network ``config`` describes and return a :class:`PlaygroundResult`.

    Parameters
    ----------
    config : the settings (default: ``PlaygroundConfig()``).
    X, y : the reader's data for ``dataset="custom"``.
    data : a ready :class:`PlaygroundData` (skips :func:`make_data`).
    model : an untrained model to train in place of ``build_model(config, k)``;
        pass ``model.copy()`` of a shared model to start several runs from the
        same weights.
    progress : ``progress(epochs_done, epochs, model, history)``, called every
        ``progress_every`` epochs (default: every 5 % of the epochs) and after
        the last; returning True stops training (``result.stopped``).
    record_every : record a grid snapshot before training and every
        ``record_every`` epochs into ``result.frames`` (for animations).
    resolution : grid points per side for the decision regions.

    The numbers are exactly those of the code :func:`code_for` writes.
    """
    config = PlaygroundConfig() if config is None else config
    _check_config(config)
    if record_every is not None:
        record_every = C.check_int(record_every, "record_every")
    if progress_every is not None:
        progress_every = C.check_int(progress_every, "progress_every")
    resolution = C.check_int(resolution, "resolution")
    if progress is not None and not callable(progress):
        raise TypeError(f"progress: expected a function or None, got {C.describe(progress)}")
    if data is None:
        data = make_data(config, X, y)
    k = data.n_classes
    if model is None:
        model = build_model(config, k)
    else:
        if not isinstance(model, MLP):
            raise TypeError(f"model: expected a dlcore MLP or None, got {C.describe(model)}")
        want = (config.sizes(k), config.activation,
                "identity" if config.loss == "cross_entropy" else "sigmoid")
        got = (list(model.sizes), model.activation, model.output_activation)
        if got != want:
            raise ValueError(f"model: expected one that matches config: sizes {want[0]}, activation {want[1]!r}, "
                             f"output_activation {want[2]!r}; got sizes {got[0]}, activation {got[1]!r}, "
                             f"output_activation {got[2]!r}")
    initial_params = [p.copy() for p in model.params]

    frames = []
    gx, gy, P = _grid_points(data.bounds, resolution)
    if record_every:
        frames.append((0, _grid_probs(model, P, config.loss, resolution)))
    every = progress_every or max(1, config.epochs // 20)
    stopped = [False]

    def callback(epoch, model_, history):
        done = len(history.loss)
        if record_every and done % record_every == 0:
            frames.append((done, _grid_probs(model_, P, config.loss, resolution)))
        if progress is not None and (done % every == 0 or done == config.epochs):
            if progress(done, config.epochs, model_, history):
                stopped[0] = True
                return True
        return False

    use_callback = bool(record_every) or progress is not None
    t0 = time.perf_counter()
    history = _train(
        model, data.X_train, _targets(config, data.y_train, k), config.loss,
        _optim.get(config.optimizer, **config.optimizer_kwargs()), config.epochs,
        batch_size=config.effective_batch_size,
        X_val=data.X_val, y_val=_targets(config, data.y_val, k),
        seed=config.seed, callback=callback if use_callback else None)
    seconds = time.perf_counter() - t0

    probs = _grid_probs(model, P, config.loss, resolution)
    if record_every and (not frames or frames[-1][0] != len(history.loss)):
        frames.append((len(history.loss), probs))
    grid = Grid(gx, gy, probs, probs.argmax(axis=-1), data.bounds)
    result = PlaygroundResult(config, data, model, history, grid, initial_params, frames,
                              seconds=seconds, stopped=stopped[0])
    v = diagnose(result)
    result.kind, result.level, result.headline, result.message = v.kind, v.level, v.headline, v.message
    if result.stopped:
        result.level, result.headline = "warning", f"stopped at epoch {result.epochs_run}"
        result.message = f"Stopped after {result.epochs_run} of {config.epochs} epochs."
    return result


def snapshot(config: PlaygroundConfig, data: PlaygroundData, model: MLP, history, *,
             seconds: float = 0.0, resolution: int = 60) -> PlaygroundResult:
    """A :class:`PlaygroundResult` of a run still in progress (for progress repaints):
    the grid of ``model`` as it is now, no verdict."""
    gx, gy, P = _grid_points(data.bounds, resolution)
    probs = _grid_probs(model, P, config.loss, resolution)
    grid = Grid(gx, gy, probs, probs.argmax(axis=-1), data.bounds)
    return PlaygroundResult(config, data, model, history, grid, initial_params=[], seconds=seconds,
                            headline=f"training: epoch {len(history.loss)} of {config.epochs}")


def _check_config(config):
    if not isinstance(config, PlaygroundConfig):
        raise TypeError(f"config: expected a PlaygroundConfig, got {C.describe(config)}")


# --------------------------------------------------------------------------- comparisons

def _learning_rates(config, names, lr):
    if lr == "tuned":
        return {n: TUNED_LR[n] for n in names}
    if lr == "config":
        return {n: config.lr for n in names}
    if isinstance(lr, dict):
        missing = [n for n in names if n not in lr]
        if missing:
            raise ValueError(f"lr: expected a learning rate for every optimizer, missing {missing}")
        return {n: lr[n] for n in names}
    raise ValueError(f"lr: expected 'tuned', 'config' or a dict name -> learning rate, got {lr!r}")


def _check_names(arg, names, valid):
    names = tuple(names)
    bad = [n for n in names if n not in valid]
    if bad or not names:
        raise ValueError(f"{arg}: expected a non-empty list drawn from {', '.join(valid)}, got {list(names)}")
    return names


def compare_optimizers(config: PlaygroundConfig | None = None, X=None, y=None, *,
                       optimizers=OPTIMIZERS, lr="tuned", data=None, progress=None,
                       **run_kwargs) -> dict[str, PlaygroundResult]:
    """Train ``config``'s network once per optimizer, all from the same initial weights.

    One model is built and each run trains ``model.copy()`` of it, on the same
    data split. ``lr`` is ``"tuned"`` (each optimizer at its
    :data:`TUNED_LR` rate: a fair race), ``"config"`` (all at ``config.lr``)
    or a dict ``name -> lr``. Returns ``{name: result}`` in ``optimizers`` order.
    ``progress(i, n, name)`` is called before each run.
    """
    config = PlaygroundConfig() if config is None else config
    names = _check_names("optimizers", optimizers, OPTIMIZERS)
    rates = _learning_rates(config, names, lr)
    data = make_data(config, X, y) if data is None else data
    model0 = build_model(config, data.n_classes)
    results = {}
    for i, name in enumerate(names):
        if progress is not None:
            progress(i, len(names), name)
        cfg = config.replace(optimizer=name, lr=rates[name])
        results[name] = run(cfg, data=data, model=model0.copy(), **run_kwargs)
    return results


def compare_activations(config: PlaygroundConfig | None = None, X=None, y=None, *,
                        activations=ACTIVATIONS, data=None, progress=None,
                        **run_kwargs) -> dict[str, PlaygroundResult]:
    """Train ``config``'s network once per hidden activation, same data, same seed.

    The initial weights differ between activations only as their initializers
    do (He for the ReLU family, Xavier for sigmoid and tanh). Returns
    ``{name: result}`` in ``activations`` order.
    """
    config = PlaygroundConfig() if config is None else config
    names = _check_names("activations", activations, ACTIVATIONS)
    data = make_data(config, X, y) if data is None else data
    results = {}
    for i, name in enumerate(names):
        if progress is not None:
            progress(i, len(names), name)
        results[name] = run(config.replace(activation=name), data=data, **run_kwargs)
    return results


def compare_grid(config: PlaygroundConfig | None = None, X=None, y=None, *,
                 activations=ACTIVATIONS, optimizers=OPTIMIZERS, lr="tuned", data=None,
                 **run_kwargs) -> dict[tuple[str, str], PlaygroundResult]:
    """Every activation x optimizer pair: ``{(activation, optimizer): result}``.

    Within one activation every optimizer starts from the same weights (as in
    :func:`compare_optimizers`). Feeds the small-multiples figure.
    """
    config = PlaygroundConfig() if config is None else config
    acts = _check_names("activations", activations, ACTIVATIONS)
    data = make_data(config, X, y) if data is None else data
    grid = {}
    for act in acts:
        row = compare_optimizers(config.replace(activation=act), optimizers=optimizers, lr=lr,
                                 data=data, **run_kwargs)
        for opt, res in row.items():
            grid[(act, opt)] = res
    return grid


# --------------------------------------------------------------------------- code

def code_for(config: PlaygroundConfig | None = None) -> str:
    """The dlcore code that reproduces ``run(config)`` number for number.

    For ``dataset="custom"`` the code expects your ``X`` and ``y`` to exist.
    The code leaves ``model`` and ``history`` behind and prints the final numbers.
    """
    c = PlaygroundConfig() if config is None else config
    _check_config(c)
    lines = ["import numpy as np", "import dlcore as dl", ""]
    if c.dataset == "custom":
        lines += ["# your data: X (n, 2) floats, y (n,) integer labels 0 .. k-1",
                  "X = np.asarray(X, dtype=np.float64)",
                  "y = np.asarray(y).astype(np.int64)",
                  "k = int(y.max()) + 1"]
        k_expr = "k"
    else:
        args = f"{c.n_samples}, noise={c.noise!r}, seed={c.data_seed}"
        if c.dataset == "spirals":
            args = f"{c.n_samples}, classes={c.classes}, noise={c.noise!r}, seed={c.data_seed}"
        elif c.dataset == "blobs":
            args = f"{c.n_samples}, classes={c.classes}, noise={c.noise!r}, seed={c.data_seed}"
        lines += [f"# data: {c.n_samples} points of the {c.dataset!r} data set",
                  f"X, y = dl.datasets.make_{c.dataset}({args})"]
        k_expr = str(c.n_classes)
    if c.val_fraction > 0:
        lines += [f"X_train, X_val, y_train, y_val = dl.datasets.train_val_split(",
                  f"    X, y, val_fraction={c.val_fraction!r}, seed={c.data_seed})"]
    else:
        lines += ["X_train, X_val, y_train, y_val = X, None, y, None  # no validation set"]
    if c.loss == "mse":
        lines += ["", f"# MSE compares sigmoid outputs with one-hot targets",
                  f"Y_train = np.eye({k_expr})[y_train]"]
        lines += [f"Y_val = np.eye({k_expr})[y_val]" if c.val_fraction > 0 else "Y_val = None"]
        t_train, t_val, out = "Y_train", "Y_val", "sigmoid"
    else:
        t_train, t_val, out = "y_train", "y_val", "identity"
    hidden = f"{c.hidden_layers} hidden layer{'s' if c.hidden_layers != 1 else ''} of {c.width}"
    sizes = "[2" + f", {c.width}" * c.hidden_layers + f", {k_expr}]"
    lines += ["", f"# model: 2 inputs, {hidden} {c.activation} units, one output per class",
              f"model = dl.MLP({sizes}, activation={c.activation!r}, output_activation={out!r}, seed={c.seed})"]
    kw = ", ".join(f"{k}={v!r}" for k, v in c.optimizer_kwargs().items())
    lines += [f"optimizer = dl.optim.{_OPT_CLASS[c.optimizer]}({kw})",
              f"history = dl.train(model, X_train, {t_train}, {c.loss!r}, optimizer, epochs={c.epochs},",
              f"                   batch_size={c.effective_batch_size!r}, X_val=X_val, y_val={t_val}, seed={c.seed})",
              "",
              "if history.diverged_at is not None:",
              "    print(f\"diverged at epoch {history.diverged_at}\")",
              "else:",
              "    print(f\"train loss {history.loss[-1]:.4f}, train accuracy {history.accuracy[-1]:.3f}\")"]
    if c.val_fraction > 0:
        lines += ["    print(f\"val loss {history.val_loss[-1]:.4f}, val accuracy {history.val_accuracy[-1]:.3f}\")"]
    return "\n".join(lines) + "\n"
