"""The playground's input features: what the network sees of a point (chapter 4.2).

A point of the plane is ``(x1, x2)``. As in TensorFlow Playground the network
can be fed more than the two coordinates: their squares, their product and
their sines. A feature map turns points ``(n, 2)`` into the network's inputs
``(n, len(features))``, one column per feature, in the order of
:data:`FEATURES`. With ``x1_sq`` and ``x2_sq`` a circle ``x1² + x2² = r²``
is a straight line in the new inputs, so a network with no hidden layer can
cut it.
"""

from __future__ import annotations

import numpy as np

from dlcore import _checks as C

__all__ = ["FEATURES", "DEFAULT_FEATURES", "FEATURE_FORMULAS", "check_features", "feature_map"]

#: Every feature, in the canonical order (the order of the network's inputs),
#: with the NumPy expression that computes it from the columns ``x1, x2``.
#: :func:`feature_map` evaluates these and :func:`~dlcore.playground.code_for`
#: writes them into its code, so both give the same numbers.
FEATURE_FORMULAS = {
    "x1": "x1",
    "x2": "x2",
    "x1_sq": "x1 ** 2",
    "x2_sq": "x2 ** 2",
    "x1x2": "x1 * x2",
    "sin_x1": "np.sin(x1)",
    "sin_x2": "np.sin(x2)",
}
FEATURES = tuple(FEATURE_FORMULAS)
#: The plain coordinates: what every network of the book sees.
DEFAULT_FEATURES = ("x1", "x2")

_COMPUTE = {
    "x1": lambda x1, x2: x1,
    "x2": lambda x1, x2: x2,
    "x1_sq": lambda x1, x2: x1 ** 2,
    "x2_sq": lambda x1, x2: x2 ** 2,
    "x1x2": lambda x1, x2: x1 * x2,
    "sin_x1": lambda x1, x2: np.sin(x1),
    "sin_x2": lambda x1, x2: np.sin(x2),
}


def check_features(features, arg: str = "features") -> tuple[str, ...]:
    """``features`` as a tuple of known names in canonical order (a list is fine).

    Raises ``TypeError`` unless it is a list or tuple of names, ``ValueError``
    for an unknown name, a name given twice or no name at all.
    """
    if isinstance(features, (str, bytes)) or not isinstance(features, (list, tuple)):
        raise TypeError(f"{arg}: expected a tuple of feature names such as ('x1', 'x2'), "
                        f"got {C.describe(features)}")
    names = [C.check_name(f, FEATURES, "feature", arg) for f in features]
    if not names:
        raise ValueError(f"{arg}: expected at least one feature of {', '.join(FEATURES)}, got none")
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise ValueError(f"{arg}: expected each feature once, got {', '.join(twice)} twice")
    return tuple(f for f in FEATURES if f in names)


def feature_map(X, features=DEFAULT_FEATURES) -> np.ndarray:
    """The network's inputs ``(n, len(features))`` for points ``X`` ``(n, 2)``.

    Column ``j`` is feature ``features[j]`` (see :data:`FEATURE_FORMULAS`) of
    every point; ``features`` is checked by :func:`check_features` (so it comes
    out in canonical order). The result is a new float64 array.
    """
    features = check_features(features)
    X = C.as_array(X, "X", ndim=2, dtype=np.float64)
    if X.shape[1] != 2:
        raise ValueError(f"X: expected points of shape (n, 2), got shape {X.shape}")
    x1, x2 = X[:, 0], X[:, 1]
    return np.column_stack([_COMPUTE[f](x1, x2) for f in features])
