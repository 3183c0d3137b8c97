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
