"""The names the chapters rely on, and the rule that the core needs only NumPy."""

from __future__ import annotations

import subprocess
import sys

import dlcore as dl

PUBLIC = ["activations", "losses", "optim", "datasets", "surfaces", "neuro", "metrics",
          "MLP", "Dense", "Activation", "train", "History", "gradcheck", "seed"]


def test_public_names_exist():
    missing = [name for name in PUBLIC if not hasattr(dl, name)]
    assert missing == []


def test_core_import_needs_neither_matplotlib_nor_ipywidgets():
    code = ("import sys, dlcore; "
            "bad = [m for m in ('matplotlib', 'ipywidgets') if m in sys.modules]; "
            "print(','.join(bad)); sys.exit(1 if bad else 0)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, f"importing dlcore pulled in: {result.stdout.strip()} {result.stderr}"


def test_plots_and_widgets_load_on_first_use():
    assert hasattr(dl.plots, "__name__") and dl.plots.__name__ == "dlcore.plots"
    assert dl.widgets.__name__ == "dlcore.widgets"
    assert "plots" in dir(dl) and "widgets" in dir(dl)


def test_plots_never_import_widgets():
    code = ("import sys, dlcore.plots; "
            "sys.exit(1 if 'ipywidgets' in sys.modules or 'dlcore.widgets' in sys.modules else 0)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_unknown_attribute_is_an_attribute_error():
    import pytest

    with pytest.raises(AttributeError, match="no attribute 'nonsense'"):
        dl.nonsense


CORE = ["activations", "losses", "layers", "model", "optim", "train", "gradcheck", "metrics",
        "initializers", "random", "surfaces", "neuro", "_checks", "_fast"]


def test_no_public_method_has_a_private_twin():
    """The method a learner reads is the one that runs: no forward/_forward pairs."""
    import importlib
    import inspect

    pairs = []
    for name in CORE:
        module = importlib.import_module(f"dlcore.{name}")
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ != module.__name__:
                continue
            names = set(vars(cls))
            pairs += [f"{cls.__name__}.{n}" for n in names if n.startswith("_") and not n.startswith("__")
                      and n[1:] in names]
    assert pairs == []


def test_get_takes_keyword_options_everywhere():
    import inspect

    from dlcore import initializers

    for module in (dl.activations, dl.losses, dl.optim, dl.surfaces, initializers):
        params = list(inspect.signature(module.get).parameters.values())
        assert params[0].name == "name" and params[-1].kind is inspect.Parameter.VAR_KEYWORD, module


def test_core_modules_read_in_one_sitting():
    """About 200 lines of code or less per module, docstrings, comments and blank lines aside."""
    import ast
    from pathlib import Path

    root = Path(dl.__file__).parent
    for name in CORE + ["datasets/toy", "datasets/split", "datasets/digits"]:
        source = (root / f"{name}.py").read_text(encoding="utf-8")
        docs = set()
        for node in ast.walk(ast.parse(source)):
            body = getattr(node, "body", None)
            if isinstance(body, list) and body and isinstance(body[0], ast.Expr) \
                    and isinstance(getattr(body[0], "value", None), ast.Constant):
                docs.update(range(body[0].lineno, body[0].end_lineno + 1))
        code = [line for i, line in enumerate(source.splitlines(), 1)
                if line.strip() and not line.strip().startswith("#") and i not in docs]
        assert len(code) <= 210, (name, len(code))
