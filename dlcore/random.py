"""Seeding: every random number dlcore draws comes from a NumPy ``Generator``.

Functions that draw random numbers take a ``seed`` argument. An integer seed
gives the same numbers every time, independent of anything else. ``seed=None``
draws from dlcore's default generator, which ``seed(n)`` resets, so

>>> import dlcore as dl
>>> dl.seed(0)

makes a whole notebook reproducible even where no seed is passed. dlcore never
touches NumPy's legacy global state (``np.random.seed``) or Python's ``random``.
"""

from __future__ import annotations

import numpy as np

from ._checks import check_seed

__all__ = ["seed", "get_rng"]

_default = np.random.default_rng()


def seed(n: int) -> None:
    """Reset dlcore's default generator to ``np.random.default_rng(n)``.

    Everything dlcore draws with ``seed=None`` afterwards is reproducible.
    ``n`` must be a non-negative integer.
    """
    global _default
    n = check_seed(n, "n")
    if n is None:
        raise TypeError("n: expected a non-negative integer, got None")
    _default = np.random.default_rng(n)


def get_rng(seed=None) -> np.random.Generator:
    """The generator to draw from: a fresh ``default_rng(seed)`` for an integer
    seed, the default generator (see ``seed``) for ``None``, or ``seed`` itself
    if it already is a ``np.random.Generator``."""
    if isinstance(seed, np.random.Generator):
        return seed
    s = check_seed(seed)
    return _default if s is None else np.random.default_rng(s)
