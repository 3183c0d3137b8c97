"""dl.source.listing: the code a part-3 chapter shows is the code that runs."""

from __future__ import annotations

import inspect

import pytest

import dlcore as dl
from dlcore.source import listing


def test_a_listing_is_the_functions_own_source_with_its_file_and_lines():
    shown = listing(dl.activations.get, max_width=200)
    lines, first = inspect.getsourcelines(dl.activations.get)
    assert str(shown) == "".join(lines)
    assert shown.path == "dlcore/activations.py"
    assert (shown.first, shown.last) == (first, first + len(lines) - 1)
    markdown = shown._repr_markdown_()
    assert markdown.startswith("`dlcore.activations.get` in `dlcore/activations.py`")
    assert "```python\n" + "".join(lines).rstrip() + "\n```" in markdown


def test_a_method_is_dedented():
    shown = listing(dl.Dense.__repr__)
    assert str(shown).startswith("def __repr__")


def test_lines_too_wide_for_the_page_are_an_error_naming_them():
    with pytest.raises(ValueError, match=r"obj: dlcore\.activations\.get has lines wider than 10"):
        listing(dl.activations.get, max_width=10)


@pytest.mark.parametrize("obj", [len, inspect.getsource, 3, "dlcore"])
def test_anything_but_dlcore_code_is_a_type_error(obj):
    with pytest.raises(TypeError, match="obj: expected a function, method or class of dlcore"):
        listing(obj)
