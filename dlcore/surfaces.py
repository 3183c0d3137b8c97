"""Two-dimensional test functions with exact gradients, for pictures of optimizers.

Each surface is a function ``f(x, y)`` of two numbers with its gradient worked
out by hand, so an optimizer from :mod:`dlcore.optim` can walk on it and we can
draw the path over the contour lines (chapter 2.4 and 3.4):

>>> import dlcore as dl
>>> bowl = dl.surfaces.get("bowl")
>>> path = dl.surfaces.descend(bowl, dl.optim.Momentum(lr=0.02), steps=100)   # (101, 2)

- ``bowl``: ``(a x**2 + b y**2) / 2`` with a = 1, b = 20; minimum (0, 0).
  Ill-conditioning: plain gradient descent zig-zags across the narrow valley.
- ``rosenbrock``: ``(1 - x)**2 + 100 (y - x**2)**2``; minimum (1, 1).
  A long curved valley with an almost flat floor.
- ``beale``: Beale's function (three squared terms); minimum (3, 0.5).
  Flat plateaus and steep walls.
- ``saddle``: ``x**2 - y**2``; no minimum. The gradient is zero at the
  origin, which is a saddle point, not a minimum.

Each object has ``.name``, ``.f(x, y)`` (vectorised: ``x`` and ``y`` may be
grids of any matching shape), ``.grad(x, y)`` (an array ``(2,)`` for numbers,
``(2, *shape)`` for grids), ``.minimum`` (the point ``(x, y)`` as a tuple, or
``None``), ``.start`` (a default starting point that makes an instructive
picture) and ``.bounds`` (``((x_lo, x_hi), (y_lo, y_hi))`` for plotting).
"""

from __future__ import annotations

import numpy as np

from ._checks import as_array, check_int, check_name, check_positive, check_real, same_shape

__all__ = ["Surface", "QuadraticBowl", "Rosenbrock", "Beale", "Saddle", "get", "names", "descend", "diverged_at"]


def _xy(x, y) -> tuple[np.ndarray, np.ndarray]:
    """``x`` and ``y`` as float64 arrays of the same shape (no broadcasting of one against the other)."""
    x = as_array(x, "x", dtype=np.float64, finite=False, nonempty=False)
    y = as_array(y, "y", dtype=np.float64, finite=False, nonempty=False)
    same_shape(x, y, "x", "y")
    return x, y


def _number(z):
    """A float for a 0-d result, the array otherwise."""
    return float(z) if np.ndim(z) == 0 else z


class Surface:
    """Base class: subclasses set ``name``, ``minimum``, ``start``, ``bounds`` and define ``f`` and ``grad``."""

    name: str = ""
    minimum: tuple[float, float] | None = None
    start: tuple[float, float] = (0.0, 0.0)
    bounds: tuple[tuple[float, float], tuple[float, float]] = ((-1.0, 1.0), (-1.0, 1.0))
    formula: str = ""

    def f(self, x, y):
        """The height ``f(x, y)``: a float for numbers, an array shaped like ``x`` for grids."""
        raise NotImplementedError

    def grad(self, x, y) -> np.ndarray:
        """The gradient ``(df/dx, df/dy)``: shape ``(2,)`` for numbers, ``(2, *x.shape)`` for grids."""
        raise NotImplementedError

    def __call__(self, x, y):
        return self.f(x, y)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(name={self.name!r}, minimum={self.minimum}, start={self.start})"


class QuadraticBowl(Surface):
    """An ill-conditioned quadratic bowl ``f = (a x**2 + b y**2) / 2``.

    The curvature is ``a`` along x and ``b`` along y; the condition number
    ``b / a`` (20 by default) is what makes plain gradient descent zig-zag:
    a learning rate small enough for the steep y direction (``lr < 2 / b``)
    crawls along the shallow x direction. Gradient ``(a x, b y)``; minimum 0 at the origin.
    """

    name = "bowl"
    minimum = (0.0, 0.0)
    start = (-4.0, 1.5)
    bounds = ((-5.0, 5.0), (-2.5, 2.5))
    formula = r"f(x, y) = \tfrac{1}{2}(a x^2 + b y^2)"

    def __init__(self, a: float = 1.0, b: float = 20.0):
        self.a = check_positive(a, "a")
        self.b = check_positive(b, "b")

    def f(self, x, y):
        x, y = _xy(x, y)
        return _number(0.5 * (self.a * x**2 + self.b * y**2))

    def grad(self, x, y):
        x, y = _xy(x, y)
        return np.stack([self.a * x, self.b * y])

    def __repr__(self) -> str:
        return f"QuadraticBowl(a={self.a}, b={self.b})"


class Rosenbrock(Surface):
    """Rosenbrock's banana function ``f = (a - x)**2 + b (y - x**2)**2`` (Rosenbrock, 1960).

    The minimum ``(a, a**2)`` (``(1, 1)`` by default, value 0) lies at the end of
    a long, curved, nearly flat valley: finding the valley is easy, following it is slow.
    Gradient ``(-2 (a - x) - 4 b x (y - x**2), 2 b (y - x**2))``.
    """

    name = "rosenbrock"
    start = (-1.5, 2.0)
    bounds = ((-2.0, 2.0), (-1.0, 3.0))
    formula = r"f(x, y) = (a - x)^2 + b\,(y - x^2)^2"

    def __init__(self, a: float = 1.0, b: float = 100.0):
        self.a = check_real(a, "a")
        self.b = check_positive(b, "b")
        self.minimum = (self.a, self.a**2)

    def f(self, x, y):
        x, y = _xy(x, y)
        return _number((self.a - x) ** 2 + self.b * (y - x**2) ** 2)

    def grad(self, x, y):
        x, y = _xy(x, y)
        r = y - x**2
        return np.stack([-2.0 * (self.a - x) - 4.0 * self.b * x * r, 2.0 * self.b * r])

    def __repr__(self) -> str:
        return f"Rosenbrock(a={self.a}, b={self.b})"


class Beale(Surface):
    """Beale's function ``f = (1.5 - x + x y)**2 + (2.25 - x + x y**2)**2 + (2.625 - x + x y**3)**2``.

    A standard optimization test problem: a flat basin, steep walls near the
    corners, and its minimum 0 at ``(3, 0.5)``. Each term is ``u_i = c_i - x + x y**i``, so
    ``df/dx = sum 2 u_i (y**i - 1)`` and ``df/dy = sum 2 u_i * i x y**(i-1)``.
    """

    name = "beale"
    minimum = (3.0, 0.5)
    start = (1.0, 1.5)
    bounds = ((-4.5, 4.5), (-4.5, 4.5))
    formula = r"f(x, y) = \sum_{i=1}^{3} (c_i - x + x y^i)^2,\ c = (1.5,\ 2.25,\ 2.625)"
    _c = (1.5, 2.25, 2.625)

    def f(self, x, y):
        x, y = _xy(x, y)
        return _number(sum((c - x + x * y**i) ** 2 for i, c in enumerate(self._c, start=1)))

    def grad(self, x, y):
        x, y = _xy(x, y)
        dx = np.zeros_like(x)
        dy = np.zeros_like(x)
        for i, c in enumerate(self._c, start=1):
            u = c - x + x * y**i
            dx = dx + 2.0 * u * (y**i - 1.0)
            dy = dy + 2.0 * u * i * x * y ** (i - 1)
        return np.stack([dx, dy])


class Saddle(Surface):
    """The saddle ``f = x**2 - y**2``: a minimum along x, a maximum along y.

    The gradient ``(2 x, -2 y)`` is zero at the origin, which is not a minimum
    (``minimum`` is ``None``; f has no lower bound). Starting almost on the x
    axis, gradient descent slows down near the saddle point and then slides off
    along y; momentum escapes sooner.
    """

    name = "saddle"
    minimum = None
    start = (-2.0, 0.01)
    bounds = ((-2.5, 2.5), (-2.5, 2.5))
    formula = r"f(x, y) = x^2 - y^2"

    def f(self, x, y):
        x, y = _xy(x, y)
        return _number(x**2 - y**2)

    def grad(self, x, y):
        x, y = _xy(x, y)
        return np.stack([2.0 * x, -2.0 * y])


_SURFACES = {"bowl": QuadraticBowl, "rosenbrock": Rosenbrock, "beale": Beale, "saddle": Saddle}


def names() -> list[str]:
    """The names :func:`get` accepts."""
    return list(_SURFACES)


def get(name: str, **params) -> Surface:
    """A new surface by name: ``"bowl"``, ``"rosenbrock"``, ``"beale"`` or ``"saddle"``.

    Keyword ``params`` go to the constructor (``get("bowl", b=50)``).
    """
    if isinstance(name, Surface):
        if params:
            raise TypeError(f"params: a surface object was given, so none are expected, got {sorted(params)}")
        return name
    return _SURFACES[check_name(name, _SURFACES, "surface")](**params)


def descend(surface, optimizer, start=None, steps: int = 100, limit: float = 1e6) -> np.ndarray:
    """Let ``optimizer`` walk downhill on ``surface`` and record the path.

    surface:    a :class:`Surface` or its name.
    optimizer:  a :mod:`dlcore.optim` optimizer (anything with
                ``step(params, grads)`` that updates the arrays in place). Its
                ``reset()`` is called first, so earlier runs leave no momentum behind.
    start:      the point ``(x, y)`` to start from; ``None`` uses ``surface.start``.
    steps:      the number of optimizer steps (an integer >= 1).
    limit:      the walk counts as diverged when ``|x|`` or ``|y|`` exceeds it,
                or a coordinate or the gradient stops being finite.

    Returns the path, an array ``(steps + 1, 2)``: row 0 is ``start``, row ``t``
    is the point after ``t`` steps. If the walk diverges, it stops cleanly
    (no RuntimeWarnings): the point that broke the limit is not kept and the
    rows from there on are NaN, so ``diverged_at(path)`` tells at which step it
    happened and plots simply end the line at the last good point.
    """
    if not isinstance(surface, (str, Surface)):
        raise TypeError(f"surface: expected a dlcore.surfaces.Surface or its name, got {type(surface).__name__}")
    surface = get(surface)
    if not callable(getattr(optimizer, "step", None)):
        raise TypeError(
            f"optimizer: expected a dlcore.optim optimizer with .step(params, grads), got {type(optimizer).__name__}"
        )
    steps = check_int(steps, "steps", minimum=1)
    limit = check_positive(limit, "limit")
    p = as_array(surface.start if start is None else start, "start", ndim=1).astype(np.float64)
    if p.shape != (2,):
        raise ValueError(f"start: expected a point (x, y) of shape (2,), got shape {p.shape}")
    if np.max(np.abs(p)) > limit:
        raise ValueError(f"start: expected |x| and |y| within limit={limit}, got {tuple(p)}")

    if callable(getattr(optimizer, "reset", None)):
        optimizer.reset()
    path = np.full((steps + 1, 2), np.nan)
    path[0] = p
    g = np.zeros(2)
    params, grads = [p], [g]  # the same lists every step, updated in place
    with np.errstate(all="ignore"):
        for t in range(1, steps + 1):
            g[:] = surface.grad(p[0], p[1])
            if not np.all(np.isfinite(g)):
                break
            optimizer.step(params, grads)
            if not np.all(np.isfinite(p)) or np.max(np.abs(p)) > limit:
                break
            path[t] = p
    return path


def diverged_at(path) -> int | None:
    """The step at which a :func:`descend` path diverged (its first NaN row), or ``None`` if it did not."""
    path = np.asarray(path, dtype=np.float64)
    if path.ndim != 2 or path.shape[1] != 2:
        raise ValueError(f"path: expected an array of shape (steps + 1, 2), got shape {path.shape}")
    bad = np.flatnonzero(~np.all(np.isfinite(path), axis=1))
    return int(bad[0]) if bad.size else None
