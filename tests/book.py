"""What the tests need to know about the book's layout: its root, toc and pages."""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
CHAPTERS = ROOT / "chapters"
HTML = ROOT / "_build" / "html"


def toc() -> dict:
    """The parsed ``_toc.yml``."""
    return yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))


def toc_entries() -> list[dict]:
    """Every page entry of the toc in reading order, the root first: dicts with ``file`` (and ``title``)."""
    book = toc()
    entries = [{"file": book["root"]}]
    entries.extend(book.get("chapters", []))
    for part in book.get("parts", []):
        entries.extend(part.get("chapters", []))
    return entries


def source_of(entry: dict) -> Path:
    """The source file (``.md`` or ``.ipynb``) behind a toc entry."""
    stem = ROOT / entry["file"]
    for suffix in (".ipynb", ".md"):
        if stem.with_suffix(suffix).exists():
            return stem.with_suffix(suffix)
    raise FileNotFoundError(f"toc entry {entry['file']!r} has no .ipynb or .md file")


def toc_notebooks() -> list[Path]:
    """The notebooks listed in the toc, relative to the book's root, in toc order."""
    paths = [source_of(e) for e in toc_entries()]
    return [p.relative_to(ROOT) for p in paths if p.suffix == ".ipynb"]


def html_pages() -> list[tuple[str, Path]]:
    """(toc file, built HTML page) for every page of the toc."""
    return [(e["file"], HTML / f"{e['file']}.html") for e in toc_entries()]


def load_notebook(path: Path) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def first_heading(text: str) -> str | None:
    """The text of the first level-1 Markdown heading in ``text``."""
    match = re.search(r"^# +(.+?)\s*$", text, flags=re.MULTILINE)
    return match.group(1) if match else None


def notebook_title(nb: dict) -> str | None:
    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown":
            return first_heading("".join(cell["source"]))
    return None


def declared_widgets() -> list:
    """The modules of ``dlcore.widgets`` that declare ``CHAPTER`` (say "3.2"), ``FACTORY``
    (the name of the function that builds the widget) and ``BENCH_CHANGES`` (control
    name, values to cycle through): the benchmarks time them and the JupyterLab test
    runs them. In chapter order."""
    import importlib
    import pkgutil

    import dlcore.widgets as package

    found = []
    for info in pkgutil.iter_modules(package.__path__):
        module = importlib.import_module(f"dlcore.widgets.{info.name}")
        if all(hasattr(module, name) for name in ("CHAPTER", "FACTORY", "BENCH_CHANGES")):
            found.append(module)
    return sorted(found, key=lambda m: (tuple(int(p) for p in m.CHAPTER.split(".")), m.FACTORY))
