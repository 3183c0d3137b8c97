"""The book's files are in order: toc and chapters agree, notebooks are stored clean."""

from __future__ import annotations

import pytest

from tests import book

NOTEBOOKS = sorted(book.CHAPTERS.glob("*.ipynb"))


def test_toc_lists_existing_sources():
    for entry in book.toc_entries():
        assert book.source_of(entry).exists()


def test_there_is_at_least_one_chapter_notebook():
    assert book.toc_notebooks(), "the toc lists no notebook"


def test_every_chapter_notebook_is_in_the_toc_and_vice_versa():
    in_toc = {book.ROOT / p for p in book.toc_notebooks()}
    on_disk = set(NOTEBOOKS)
    assert on_disk - in_toc == set(), "notebooks in chapters/ missing from _toc.yml"
    assert in_toc - on_disk == set(), "_toc.yml lists notebooks that are not in chapters/"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_stored_without_outputs(path):
    nb = book.load_notebook(path)
    dirty = [
        i for i, cell in enumerate(nb["cells"])
        if cell["cell_type"] == "code" and (cell.get("outputs") or cell.get("execution_count"))
    ]
    assert dirty == [], f"{path.name}: code cells {dirty} have stored outputs; clear them before committing"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_has_the_plain_python3_kernelspec(path):
    spec = book.load_notebook(path)["metadata"].get("kernelspec", {})
    assert spec.get("name") == "python3", f"{path.name}: kernelspec {spec!r}"
    assert spec.get("language") == "python"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_has_no_widget_state_or_private_metadata(path):
    meta = book.load_notebook(path)["metadata"]
    assert "widgets" not in meta, f"{path.name}: stored widget state; the build makes its own"


@pytest.mark.parametrize("entry", book.toc_entries(), ids=lambda e: e["file"])
def test_page_title_matches_the_toc(entry):
    source = book.source_of(entry)
    if source.suffix == ".ipynb":
        title = book.notebook_title(book.load_notebook(source))
    else:
        title = book.first_heading(source.read_text(encoding="utf-8"))
    assert title, f"{source.name} has no level-1 heading"
    if "title" in entry:
        assert title == entry["title"], f"{source.name}: heading {title!r} but the toc says {entry['title']!r}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_imports_only_what_chapters_may_import(path):
    allowed = {"dlcore", "numpy", "matplotlib", "myst_nb"}
    for cell in book.load_notebook(path)["cells"]:
        if cell["cell_type"] != "code":
            continue
        for line in "".join(cell["source"]).splitlines():
            words = line.strip().split()
            if len(words) >= 2 and words[0] in ("import", "from"):
                top = words[1].split(".")[0].rstrip(",")
                assert top in allowed | {"__future__"}, f"{path.name} imports {top!r}: {line.strip()}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_uses_no_sys_path_tricks(path):
    for cell in book.load_notebook(path)["cells"]:
        assert "sys.path" not in "".join(cell["source"]), f"{path.name}: sys.path manipulation"


#: The longest code line a notebook may have (PEP 8); the book's CSS makes a code
#: cell hold a little more than this at 1280 px (tests/test_browser.py measures it).
MAX_CODE_LINE = 79


@pytest.mark.parametrize("path", book.toc_notebooks(), ids=lambda p: p.name)
def test_code_lines_fit_the_page(path):
    long_lines = []
    for i, cell in enumerate(book.load_notebook(book.ROOT / path)["cells"]):
        if cell["cell_type"] != "code":
            continue
        for n, line in enumerate("".join(cell["source"]).splitlines(), 1):
            if len(line) > MAX_CODE_LINE:
                long_lines.append(f"cell {i} line {n} ({len(line)} chars): {line.strip()[:60]}")
    assert long_lines == [], (f"{path.name}: {len(long_lines)} code lines longer than "
                              f"{MAX_CODE_LINE} characters:\n  " + "\n  ".join(long_lines))


@pytest.mark.parametrize("path", book.toc_notebooks(), ids=lambda p: p.name)
def test_notebook_first_code_cell_applies_the_book_style(path):
    cells = [c for c in book.load_notebook(book.ROOT / path)["cells"] if c["cell_type"] == "code"]
    assert cells and "dl.plots.book_style()" in "".join(cells[0]["source"]), \
        f"{path.name}: the first code cell must call dl.plots.book_style()"


def test_book_stylesheet_is_in_static_and_keeps_its_hooks():
    css = (book.ROOT / "_static" / "n2n.css").read_text(encoding="utf-8")
    for hook in (".n2n-snapshot", ".n2n-status", "pre-wrap"):
        assert hook in css, f"_static/n2n.css lost {hook}"


def _bibliography():
    from pybtex.database import parse_file

    return parse_file(str(book.ROOT / "references.bib"), "bibtex")


def test_web_sources_in_the_bibliography_have_a_link():
    """@misc/@online entries (lecture notes, data sets, web pages) need a url or doi."""
    missing = [key for key, entry in _bibliography().entries.items()
               if entry.type.lower() in ("misc", "online", "electronic", "www")
               and not {"url", "doi"} & {f.lower() for f in entry.fields}]
    assert missing == [], f"references.bib: web sources without a url or doi: {missing}"


def test_the_bibliography_is_labelled_author_year():
    import sys

    sys.path.insert(0, str(book.ROOT / "_ext"))
    try:
        import author_year_bib
    finally:
        sys.path.remove(str(book.ROOT / "_ext"))
    from pybtex.plugin import find_plugin

    style = find_plugin("pybtex.style.formatting", "authoryear")()
    formatted = list(style.format_entries(_bibliography().entries.values()))
    labels = [entry.label for entry in formatted]
    assert len(set(labels)) == len(labels), "two references share a label"
    assert all(not label.isdigit() for label in labels), labels
    by_key = {entry.key: entry.label for entry in formatted}
    assert by_key["kingma2015adam"] == "Kingma and Ba, 2015"
    assert by_key["rumelhart1986learning"] == "Rumelhart et al., 1986"
    assert by_key["harris2020array"] == "Harris et al., 2020"      # "and others"
    surnames = [label.split(",")[0] for label in labels]
    assert surnames == sorted(surnames, key=str.lower), "not sorted by author"
    assert author_year_bib.author_year_label(_bibliography().entries["goh2017momentum"]) == "Goh, 2017"
    urls = "".join(entry.text.render_as("text") for entry in formatted)
    assert "https://distill.pub/2017/momentum/" in urls           # web sources show their URL
