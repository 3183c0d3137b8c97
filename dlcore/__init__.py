"""dlcore: the small NumPy deep-learning core of *Neurons to Networks*.

Written to be read beside the book: each layer's backward pass sits next to its
forward pass, names follow the book's symbols (``z``, ``a``, ``y_hat``,
``delta``, ``dW``, ``db``, ``lr``), and the optimizers reproduce PyTorch's
update rules. ``import dlcore as dl`` is all a chapter needs.

The numerical core imports only NumPy. ``dl.plots`` (matplotlib) and
``dl.widgets`` (ipywidgets) are imported on first use, so the core works
without them.
"""

from __future__ import annotations

import importlib

from dlcore import activations, datasets, losses, metrics, neuro, optim, playground, surfaces
from dlcore import hebb, perceptron, spikes
from dlcore import activation_properties, architecture, expressiveness, gradient_flow
from dlcore import loss_comparison, optimizer_race
from dlcore import source
from dlcore import forward_trace
from dlcore import numerics, regularization
from dlcore import backprop_cost
from dlcore import schedules, torch_reference, optimizer_updates
from dlcore import augmentation, convolution, efficiency, torch_bridge
from dlcore.gradcheck import gradcheck
from dlcore.gradcheck import eps_sweep, numeric_gradient, relative_error
from dlcore.layers import Activation, Dense
from dlcore.model import MLP
from dlcore.random import seed
from dlcore.train import History, TrainingRun, train

__version__ = "0.1.0"

_LAZY = {"plots", "widgets"}

__all__ = [
    "activations", "losses", "optim", "datasets", "surfaces", "neuro", "metrics",
    "plots", "widgets", "playground", "hebb", "perceptron", "spikes",
    "architecture", "expressiveness", "activation_properties", "gradient_flow", "loss_comparison",
    "optimizer_race", "source",
    "forward_trace",
    "numerics", "regularization",
    "backprop_cost", "eps_sweep", "numeric_gradient", "relative_error",
    "efficiency", "augmentation", "convolution", "torch_bridge",
    "MLP", "Dense", "Activation", "train", "TrainingRun", "History", "gradcheck", "seed",
    "schedules", "torch_reference", "optimizer_updates",
]


def __getattr__(name: str):
    """Import ``dl.plots`` and ``dl.widgets`` on first use."""
    if name in _LAZY:
        module = importlib.import_module(f"dlcore.{name}")
        globals()[name] = module
        return module
    raise AttributeError(f"module 'dlcore' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | _LAZY)

from dlcore import early_stopping  # noqa: E402
from dlcore.early_stopping import EarlyStopping  # noqa: E402
from dlcore.lr_range_test import lr_range_test  # noqa: E402

__all__ += ["early_stopping", "EarlyStopping", "lr_range_test"]
