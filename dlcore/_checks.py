"""Input validation shared by every dlcore module.

Each helper either returns a clean value (a NumPy array of the right kind, a
Python ``float`` or ``int``) or raises a ``ValueError``/``TypeError`` whose
message names the argument, what was expected and what was given. Callers
validate everything *before* they change any state, so a rejected call leaves
models and optimizers exactly as they were.

Every message has one shape, ``"<argument>: expected <what>, got <value>"``,
for example ``"lr: expected a positive finite number, got -1"``. These are
internal helpers; every dlcore module (datasets, surfaces, playground, ...)
validates with them and with nothing else.
"""

from __future__ import annotations

import numbers

import numpy as np

FLOAT_DTYPES = (np.dtype(np.float32), np.dtype(np.float64))


def describe(value) -> str:
    """A short description of ``value`` for error messages (type, shape, dtype)."""
    if isinstance(value, np.ndarray):
        return f"array of shape {value.shape} and dtype {value.dtype}"
    if isinstance(value, (list, tuple)):
        return f"{type(value).__name__} of length {len(value)}"
    return f"{value!r} ({type(value).__name__})"


def check_name(name, valid, what: str, arg: str = "name") -> str:
    """Return ``name`` lower-cased if it is one of ``valid``; otherwise raise.

    ``valid`` is an iterable of accepted names; the error lists them all.
    """
    valid = list(valid)
    if not isinstance(name, str):
        article = "an" if what[:1] in "aeiou" else "a"
        raise TypeError(f"{arg}: expected {article} {what} name (one of {', '.join(valid)}), got {describe(name)}")
    key = name.strip().lower().replace("-", "_")
    if key not in valid:
        raise ValueError(f"{arg}: unknown {what} {name!r}; expected one of {', '.join(valid)}")
    return key


def check_dtype(dtype, arg: str = "dtype") -> np.dtype:
    """Return ``np.dtype(dtype)`` if it is float32 or float64; otherwise raise."""
    try:
        dt = np.dtype(dtype)
    except TypeError:
        raise TypeError(f"{arg}: expected np.float32 or np.float64, got {dtype!r}") from None
    if dt not in FLOAT_DTYPES:
        raise ValueError(f"{arg}: expected np.float32 or np.float64, got {dt}")
    return dt


def check_real(value, arg: str) -> float:
    """Return ``value`` as a Python float if it is a finite real number (not a bool)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{arg}: expected a real number, got {describe(value)}")
    v = float(value)
    if not np.isfinite(v):
        raise ValueError(f"{arg}: expected a finite number, got {value!r}")
    return v


def check_positive(value, arg: str, *, allow_zero: bool = False) -> float:
    """Return ``value`` as a Python float if it is a finite real number > 0 (or >= 0)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{arg}: expected a real number, got {describe(value)}")
    v = float(value)
    if not np.isfinite(v) or v < 0 or (v == 0 and not allow_zero):
        what = "a finite number >= 0" if allow_zero else "a positive finite number"
        raise ValueError(f"{arg}: expected {what}, got {value!r}")
    return v


def check_bool(value, arg: str) -> bool:
    """Return ``value`` as a Python bool if it is True or False (NumPy's bools too)."""
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{arg}: expected True or False, got {describe(value)}")
    return bool(value)


def check_axis(axis, ndim: int, arg: str = "axis") -> int:
    """Return ``axis`` as a non-negative int if it is a valid axis of an ``ndim``-D array."""
    if isinstance(axis, bool) or not isinstance(axis, numbers.Integral):
        raise TypeError(f"{arg}: expected an integer axis, got {describe(axis)}")
    if not -ndim <= axis < ndim:
        raise ValueError(f"{arg}: expected an axis from {-ndim} to {ndim - 1} for a {ndim}-D array, got {axis}")
    return int(axis) % ndim


class Checked:
    """A validated attribute: ``lr = Checked(check_positive)`` in a class body
    checks ``obj.lr = value`` with ``check_positive(value, "lr")`` on every
    assignment, in ``__init__`` and afterwards alike. Extra keyword arguments
    go to the check (``Checked(check_in_range, low=0.0, high=1.0)``)."""

    def __init__(self, check, **options):
        self.check, self.options = check, options

    def __set_name__(self, owner, name):
        self.name = name

    def __get__(self, obj, owner=None):
        return self if obj is None else obj.__dict__[self.name]

    def __set__(self, obj, value):
        obj.__dict__[self.name] = self.check(value, self.name, **self.options)


def check_in_range(value, arg: str, low: float, high: float, *, low_open=False, high_open=True) -> float:
    """Return ``value`` as a Python float if it lies in the interval from ``low`` to ``high``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{arg}: expected a real number, got {describe(value)}")
    v = float(value)
    ok = np.isfinite(v) and (v > low if low_open else v >= low) and (v < high if high_open else v <= high)
    if not ok:
        interval = ("(" if low_open else "[") + f"{low}, {high}" + (")" if high_open else "]")
        raise ValueError(f"{arg}: expected a number in {interval}, got {value!r}")
    return v


def check_int(value, arg: str, *, minimum: int = 1, maximum: int | None = None) -> int:
    """Return ``value`` as a Python int if it is an integer >= ``minimum`` (and <= ``maximum``)."""
    want = f"an integer >= {minimum}" if maximum is None else f"an integer from {minimum} to {maximum}"
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        got = f"{value!r} ({type(value).__name__})" if isinstance(value, numbers.Real) else describe(value)
        raise TypeError(f"{arg}: expected {want}, got {got}")
    v = int(value)
    if v < minimum or (maximum is not None and v > maximum):
        raise ValueError(f"{arg}: expected {want}, got {v}")
    return v


def check_seed(seed, arg: str = "seed"):
    """Return ``seed`` if it is None or a non-negative integer."""
    if seed is None:
        return None
    return check_int(seed, arg, minimum=0)


def as_array(x, arg: str, *, ndim=None, dtype=None, finite: bool = True, nonempty: bool = True) -> np.ndarray:
    """Convert ``x`` to a numeric NumPy array and check it.

    ndim:      required number of dimensions (an int or a tuple of allowed ints).
    dtype:     if given, the array is cast to it (a float32 model casts its input to float32);
               if None, floats keep their dtype and integers/bools become float64.
    finite:    reject NaN and inf.
    nonempty:  reject arrays with no elements.
    """
    try:
        a = np.asarray(x)
    except Exception as err:  # ragged lists and the like
        raise TypeError(f"{arg}: expected an array of numbers, got {describe(x)} ({err})") from None
    if a.dtype.kind not in "biuf":
        raise TypeError(f"{arg}: expected an array of real numbers, got dtype {a.dtype}")
    if ndim is not None:
        allowed = (ndim,) if isinstance(ndim, int) else tuple(ndim)
        if a.ndim not in allowed:
            want = " or ".join(f"{d}-D" for d in allowed)
            raise ValueError(f"{arg}: expected a {want} array, got shape {a.shape}")
    if nonempty and a.size == 0:
        raise ValueError(f"{arg}: expected a non-empty array, got shape {a.shape}")
    source = a
    if dtype is None and a.dtype.kind == "f" and a.dtype not in FLOAT_DTYPES:
        raise TypeError(f"{arg}: expected float32 or float64 numbers, got dtype {a.dtype}")
    if dtype is not None:
        with np.errstate(over="ignore"):
            a = a.astype(dtype, copy=False)
    elif a.dtype.kind != "f":
        a = a.astype(np.float64)
    if finite and a.dtype.kind == "f" and not np.isfinite(a).all():
        if source.dtype.kind == "f" and source is not a and np.isfinite(source).all():
            big = float(np.abs(source).max())
            raise ValueError(f"{arg}: {big:.3g} does not fit in {a.dtype.name} "
                             f"(largest {float(np.finfo(a.dtype).max):.3g}); scale the data or use float64")
        bad = int(a.size - np.count_nonzero(np.isfinite(a)))
        raise ValueError(f"{arg}: expected finite numbers, found {bad} NaN or inf value(s)")
    return a


def as_labels(y, arg: str, n_classes=None) -> np.ndarray:
    """Check integer class labels ``y`` (shape ``(n,)``) and return them as an ``intp`` array
    (the integer NumPy indexes with: int64 on 64-bit machines, int32 in 32-bit WebAssembly).

    Floats that are whole numbers (1.0) are rejected too: labels must have an
    integer dtype, so a regression target is never mistaken for classes.
    If ``n_classes`` is given, every label must lie in ``0 .. n_classes - 1``.
    """
    a = np.asarray(y)
    if a.ndim != 1:
        hint = "; flatten a column of labels with y.ravel()" if a.ndim == 2 and a.shape[1:] == (1,) else ""
        raise ValueError(f"{arg}: expected class labels of shape (n,), got shape {a.shape}{hint}")
    if a.size == 0:
        raise ValueError(f"{arg}: expected a non-empty array of labels, got shape {a.shape}")
    if a.dtype.kind not in "iu":
        raise TypeError(f"{arg}: expected integer class labels, got dtype {a.dtype}")
    if n_classes is not None:
        lo, hi = int(a.min()), int(a.max())
        if lo < 0 or hi >= n_classes:
            raise ValueError(
                f"{arg}: expected class labels in 0..{n_classes - 1}, got values from {lo} to {hi}"
            )
    return a.astype(np.intp, copy=False)


def same_length(a: np.ndarray, b: np.ndarray, arg_a: str, arg_b: str) -> None:
    """Raise unless ``a`` and ``b`` have the same number of rows."""
    if len(a) != len(b):
        raise ValueError(
            f"{arg_a} and {arg_b}: expected the same number of samples (rows), "
            f"got {len(a)} and {len(b)} (shapes {a.shape} and {b.shape})"
        )


def same_shape(a: np.ndarray, b: np.ndarray, arg_a: str, arg_b: str, hint: str = "") -> None:
    """Raise unless ``a`` and ``b`` have identical shapes (no broadcasting, ever)."""
    if a.shape != b.shape:
        raise ValueError(
            f"{arg_a} and {arg_b}: expected the same shape, got {a.shape} and {b.shape}; "
            "dlcore never broadcasts one against the other" + (f" ({hint})" if hint else "")
        )


def check_unit_interval(a: np.ndarray, arg: str, what: str = "values", hint: str = "") -> None:
    """Raise unless every entry of ``a`` lies in [0, 1] (probabilities, BCE targets)."""
    lo, hi = a.min(), a.max()
    if lo < 0 or hi > 1:
        raise ValueError(f"{arg}: expected {what} in [0, 1], got values from {lo:g} to {hi:g}"
                         + (f" ({hint})" if hint else ""))


def check_shape(a: np.ndarray, shape: tuple, arg: str, what: str = "") -> None:
    """Raise unless ``a.shape == shape`` (``what`` says where the shape comes from)."""
    if a.shape != tuple(shape):
        raise ValueError(f"{arg}: expected shape {tuple(shape)}{f' ({what})' if what else ''}, got {a.shape}")
