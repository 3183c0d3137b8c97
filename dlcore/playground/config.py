"""The playground's settings: :class:`PlaygroundConfig`, one value of every
control, checked when created (chapter 4.2)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from dlcore import _checks as C
from dlcore.playground.features import DEFAULT_FEATURES, check_features

__all__ = ["DATASETS", "REGRESSION_DATASETS", "ACTIVATIONS", "LOSSES", "OPTIMIZERS",
           "NONLINEAR_DATASETS", "TUNED_LR", "TUNED_LR_REGRESSION", "tuned_lr",
           "LR_RANGES", "EPOCH_CHOICES", "PlaygroundConfig", "check_config"]

DATASETS = ("moons", "circles", "xor", "spirals", "blobs", "plane", "gaussians", "custom")
#: Data sets with real-valued targets: one linear output, MSE (see the module docstring).
REGRESSION_DATASETS = ("plane", "gaussians")
ACTIVATIONS = ("sigmoid", "tanh", "relu", "leaky_relu")
LOSSES = ("mse", "cross_entropy")
OPTIMIZERS = ("gd", "sgd", "momentum", "rmsprop", "adam")

#: Data sets whose classes no straight line separates (whose targets no plane fits).
NONLINEAR_DATASETS = ("moons", "circles", "xor", "spirals", "gaussians")

#: A learning rate per optimizer that trains the default configuration well
#: (used by the comparisons unless told otherwise). Plain GD and SGD need a
#: step one to two orders of magnitude larger than Adam's, because Adam divides
#: each step by the gradient's running size.
TUNED_LR = {"gd": 1.0, "sgd": 0.3, "momentum": 0.05, "rmsprop": 0.01, "adam": 0.02}
#: The same for regression: MSE on a linear output has no softmax to bound its
#: gradient, and full-batch GD at 1.0 diverges on "gaussians" (0.3 trains).
TUNED_LR_REGRESSION = {**TUNED_LR, "gd": 0.3}


def tuned_lr(config) -> dict:
    """:data:`TUNED_LR` or, for a regression config, :data:`TUNED_LR_REGRESSION`."""
    return TUNED_LR_REGRESSION if config.task == "regression" else TUNED_LR


#: The learning rates the playground's slider offers for each optimizer, (smallest,
#: largest): on the default settings, the loss barely moves at the smallest and
#: training fails (diverges, or kills the ReLU units) at the largest. GD and SGD take
#: the raw gradient as their step and need the largest rates; Momentum's steps add
#: up to about 1 / (1 - momentum) gradients (10 at 0.9); RMSprop and Adam divide by
#: the gradient's running size, so each of their steps is about ``lr`` long.
LR_RANGES = {"gd": (1e-3, 10.0), "sgd": (1e-3, 10.0), "momentum": (1e-4, 1.0),
             "rmsprop": (1e-5, 1.0), "adam": (1e-5, 1.0)}

#: The epochs the playground's slider offers: roughly even steps on a log scale.
EPOCH_CHOICES = (10, 20, 30, 50, 60, 100, 150, 200, 300, 500, 1000, 2000)


def _choice(value, arg, choices):
    return C.check_name(value, choices, arg.replace("_", " "), arg)


def _int(value, arg, lo, hi=None, allow_none=False):
    if value is None and allow_none:
        return None
    return C.check_int(value, arg, minimum=lo, maximum=hi)


def _real(value, arg, lo, hi, lo_open=False, hi_open=False):
    return C.check_in_range(value, arg, lo, hi, low_open=lo_open, high_open=hi_open)


def _widths(width, hidden_layers):
    """``width`` checked: an int 1..64, or a tuple of them, one per hidden layer."""
    if isinstance(width, (tuple, list)):
        if len(width) != hidden_layers:
            raise ValueError(f"width: expected one width per hidden layer ({hidden_layers}), "
                             f"got {len(width)}: {tuple(width)}")
        return tuple(_int(w, f"width[{i}]", 1, 64) for i, w in enumerate(width))
    return _int(width, "width", 1, 64)


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
    dataset : one of :data:`DATASETS`; ``"custom"`` means the reader's own ``X, y``;
        ``"plane"`` and ``"gaussians"`` are regression (see :attr:`task`).
    n_samples : points generated (ignored for ``"custom"``), 20 to 5000.
    classes : number of classes for ``"spirals"`` and ``"blobs"`` (2 to 6);
        moons, circles and XOR always have 2.
    noise : the data set's noise level, 0 to 1 (ignored for ``"custom"``).
    val_fraction : share of the points held out for validation, 0 to 0.5.
    data_seed : seed of the data sample and of the train/validation split.
    features : the network's inputs, a tuple of names of
        :data:`~dlcore.playground.features.FEATURES` (``"x1"``, ``"x1_sq"``,
        ``"sin_x2"``, ...), at least one, each once; stored in canonical order.
    hidden_layers : 0 to 4; 0 is a linear classifier.
    width : units in every hidden layer, 1 to 64; or a tuple of widths, one
        per hidden layer (``(8, 16, 4)`` with ``hidden_layers=3``); see :attr:`widths`.
    activation : hidden-layer activation, one of :data:`ACTIVATIONS`.
    loss : ``"cross_entropy"`` (softmax outputs) or ``"mse"`` (sigmoid outputs,
        one-hot targets); see the module docstring. Regression takes ``"mse"``
        only (on one linear output).
    optimizer : one of :data:`OPTIMIZERS`.
    lr : learning rate, > 0 and at most 10.
    momentum : Momentum's coefficient, in (0, 1) (0 would be plain SGD).
    alpha : RMSprop's smoothing constant, in [0, 1) (PyTorch's default 0.99).
    beta1, beta2 : Adam's betas, in [0, 1).
    batch_size : minibatch size, or ``None`` for the full training set (GD
        always uses the full set).
    weight_decay : L2 penalty coefficient (PyTorch's ``weight_decay``), 0 to 1.
    l1 : L1 penalty coefficient (the optimizers' ``l1``), 0 to 1.
    epochs : passes over the training set, 1 to 5000.
    seed : seed of the initial weights and of the minibatch shuffling.
    """

    dataset: str = "spirals"
    n_samples: int = 300
    classes: int = 3
    noise: float = 0.03
    val_fraction: float = 0.2
    data_seed: int = 0
    features: tuple[str, ...] = DEFAULT_FEATURES
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
    l1: float = 0.0

    def __post_init__(self):
        checked = {
            "dataset": _choice(self.dataset, "dataset", DATASETS),
            "n_samples": _int(self.n_samples, "n_samples", 20, 5000),
            "classes": _int(self.classes, "classes", 2, 6),
            "noise": _real(self.noise, "noise", 0.0, 1.0),
            "val_fraction": _real(self.val_fraction, "val_fraction", 0.0, 0.5),
            "data_seed": _int(self.data_seed, "data_seed", 0),
            "features": check_features(self.features, "features"),
            "hidden_layers": _int(self.hidden_layers, "hidden_layers", 0, 4),
            "width": _widths(self.width, self.hidden_layers),
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
            "l1": _real(self.l1, "l1", 0.0, 1.0),
        }
        if checked["dataset"] in REGRESSION_DATASETS and checked["loss"] != "mse":
            raise ValueError(f"loss: expected 'mse' for the regression data set "
                             f"{checked['dataset']!r}, got {checked['loss']!r}")
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
    def task(self) -> str:
        """``"regression"`` for :data:`REGRESSION_DATASETS`, else ``"classification"``."""
        return "regression" if self.dataset in REGRESSION_DATASETS else "classification"

    @property
    def widths(self) -> tuple[int, ...]:
        """The width of each hidden layer: ``(width,) * hidden_layers`` for an int."""
        if isinstance(self.width, tuple):
            return self.width
        return (self.width,) * self.hidden_layers

    @property
    def n_classes(self) -> int | None:
        """Classes of the generated data set (``None`` for custom data: read from
        ``y``; and for regression, which has no classes)."""
        if self.dataset == "custom" or self.task == "regression":
            return None
        return self.classes if self.dataset in ("spirals", "blobs") else 2

    def sizes(self, n_classes: int) -> list[int]:
        """Layer sizes ``[len(features), *widths, n_classes]`` of the network (for
        regression ``n_classes`` is the one output, 1)."""
        return [len(self.features)] + list(self.widths) + [int(n_classes)]

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
        if self.l1:
            kw["l1"] = self.l1
        return kw




def check_config(config):
    """Raise TypeError unless ``config`` is a :class:`PlaygroundConfig`."""
    if not isinstance(config, PlaygroundConfig):
        raise TypeError(f"config: expected a PlaygroundConfig, got {C.describe(config)}")
