"""Data sets for the book: 2-D toy problems, 1-D and 2-D regression sets, and real handwritten digits.

>>> import dlcore as dl
>>> X, y = dl.datasets.make_moons(200, noise=0.1, seed=0)    # X (200, 2), y (200,)
>>> X_train, X_val, y_train, y_val = dl.datasets.train_val_split(X, y, val_fraction=0.25, seed=0)
>>> X, y = dl.datasets.load_digits()                          # X (1797, 64) in [0, 1], y (1797,)

Every generator takes ``(n, noise, seed)``; the same seed gives the same data.
Nothing here downloads anything: the digits ship with the package.
"""

from .digits import load_digits
from .regression import make_gaussians, make_plane
from .split import train_val_split
from .toy import make_blobs, make_circles, make_moons, make_regression_1d, make_spirals, make_xor

__all__ = [
    "make_moons",
    "make_circles",
    "make_xor",
    "make_spirals",
    "make_blobs",
    "make_regression_1d",
    "make_plane",
    "make_gaussians",
    "train_val_split",
    "load_digits",
]
