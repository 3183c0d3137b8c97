"""dlcore's own code, shown on the page: part 3 puts each equation beside the lines
that compute it (``dl.source.listing(dl.Dense.backward)``).

The listing is read from the installed module, so the page always shows the code that
runs. In a notebook it displays as a Python code block headed by the file and line
numbers; ``str()`` gives the bare code.
"""

from __future__ import annotations

import inspect
import textwrap
from pathlib import Path

__all__ = ["Listing", "listing"]

#: The widest line a listing may show: a code block holds this at 1280 px.
MAX_WIDTH = 79


class Listing:
    """The source of one dlcore function, method or class: ``name``, ``path`` (relative to
    the package's parent, e.g. ``dlcore/layers.py``), ``first``/``last`` line numbers,
    ``text``."""

    def __init__(self, name: str, path: str, first: int, text: str):
        self.name, self.path, self.first, self.text = name, path, first, text
        self.last = first + text.count("\n") - (1 if text.endswith("\n") else 0)

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return f"Listing({self.name!r}, {self.path}:{self.first}-{self.last})"

    def _repr_markdown_(self) -> str:
        return (f"`{self.name}` in `{self.path}`, lines {self.first}–{self.last}:\n\n"
                f"```python\n{self.text.rstrip()}\n```\n")


def listing(obj, max_width: int = MAX_WIDTH) -> Listing:
    """The source code of ``obj``, a function, method or class defined in dlcore.

    Raises ``TypeError`` for anything else, and ``ValueError`` if a line is wider than
    ``max_width`` characters (it would not fit the page).
    """
    target = inspect.unwrap(getattr(obj, "fget", obj))
    module = inspect.getmodule(target)
    if module is None or not module.__name__.startswith("dlcore") or not (
            inspect.isfunction(target) or inspect.isclass(target) or inspect.ismethod(target)):
        raise TypeError(f"obj: expected a function, method or class of dlcore, got {obj!r}")
    lines, first = inspect.getsourcelines(target)
    text = textwrap.dedent("".join(lines))
    wide = [(first + i, len(line)) for i, line in enumerate(text.splitlines())
            if len(line) > max_width]
    name = f"{module.__name__}.{target.__qualname__}"
    if wide:
        where = ", ".join(f"line {n} ({w} chars)" for n, w in wide[:5])
        raise ValueError(f"obj: {name} has lines wider than {max_width} characters, which "
                         f"would not fit the page: {where}")
    root = Path(__file__).resolve().parent.parent          # the folder holding dlcore/
    path = Path(inspect.getfile(target)).resolve().relative_to(root).as_posix()
    return Listing(name, path, first, text)
