"""Display names of the playground's choices: the one registry that messages,
legends, titles and the widget's menus read (chapter 4.2)."""

from __future__ import annotations

__all__ = ["NAMES", "MENU_LABELS", "OPTIMIZER_CLASSES", "display_name", "menu"]

#: Readable names, for messages, legends, titles and menus.
NAMES = {
    "gd": "GD", "sgd": "SGD", "momentum": "Momentum", "rmsprop": "RMSprop", "adam": "Adam",
    "sigmoid": "sigmoid", "tanh": "tanh", "relu": "ReLU", "leaky_relu": "leaky ReLU",
    "mse": "MSE", "cross_entropy": "cross-entropy",
    "spirals": "spirals", "moons": "moons", "circles": "circles", "xor": "XOR", "blobs": "blobs",
    "plane": "plane", "gaussians": "Gaussians",
    "custom": "your data",
    "x1": "x₁", "x2": "x₂", "x1_sq": "x₁²", "x2_sq": "x₂²",
    "x1x2": "x₁x₂", "sin_x1": "sin(x₁)", "sin_x2": "sin(x₂)",
}

#: Longer labels for the widget's menus, where a name alone says too little.
MENU_LABELS = {
    "gd": "GD (full batch)", "cross_entropy": "cross-entropy (softmax)",
    "mse": "MSE (sigmoid, one-hot)", "plane": "plane (regression)",
    "gaussians": "Gaussians (regression)",
}

#: The :mod:`dlcore.optim` class of each optimizer name.
OPTIMIZER_CLASSES = {"gd": "GD", "sgd": "SGD", "momentum": "Momentum", "rmsprop": "RMSprop",
                     "adam": "Adam"}


def display_name(key) -> str:
    """The readable name of a choice (``"leaky_relu"`` -> ``"leaky ReLU"``); other keys as text."""
    return NAMES.get(key, str(key))


def menu(keys) -> list[tuple[str, str]]:
    """``(label, key)`` options of a menu offering ``keys``."""
    return [(MENU_LABELS.get(k, display_name(k)), k) for k in keys]
