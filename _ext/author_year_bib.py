"""An author-year bibliography for the references page.

The chapters cite author-year (``bibtex_reference_style: author_year``: "Kingma
and Ba [2015]"), but pybtex's ``plain`` style labels the list with numbers, so
the two did not match. This registers the pybtex formatting style
``authoryear`` (``bibtex_default_style: authoryear`` in ``_config.yml``):
``plain``'s entries (which show a ``url`` and a ``doi`` field as links), sorted
by author, year and title, each labelled the way the text cites it:
"Rumelhart et al., 1986", "Kingma and Ba, 2015" (with a, b, ... when two
entries would get the same label).
"""

from __future__ import annotations

from collections import Counter

from pybtex.plugin import register_plugin
from pybtex.style.formatting.plain import Style as PlainStyle
from pybtex.style.labels import BaseLabelStyle
from sphinx.application import Sphinx


def _surname(person) -> str:
    return " ".join(person.prelast_names + person.last_names) or " ".join(person.first_names)


def author_year_label(entry) -> str:
    """``Surname, 2015``, ``A and B, 2015`` or ``A et al., 2015`` (editors when no authors)."""
    people = entry.persons.get("author") or entry.persons.get("editor") or []
    names = [_surname(p).replace("{", "").replace("}", "") for p in people]
    if len(names) > 1 and names[-1] == "others":     # BibTeX's "and others": et al.
        names = names[:-1] + ["", ""]
    if not names:
        who = entry.fields.get("organization") or entry.fields.get("key") or entry.key
    elif len(names) == 1:
        who = names[0]
    elif len(names) == 2:
        who = f"{names[0]} and {names[1]}"
    else:
        who = f"{names[0]} et al."
    return f"{who}, {entry.fields.get('year', 'n.d.')}"


class AuthorYearLabelStyle(BaseLabelStyle):
    def format_labels(self, sorted_entries):
        entries = list(sorted_entries)
        labels = [author_year_label(e) for e in entries]
        counts, seen = Counter(labels), Counter()
        for label in labels:
            if counts[label] > 1:
                seen[label] += 1
                yield label + "abcdefghijklmnopqrstuvwxyz"[seen[label] - 1]
            else:
                yield label


class AuthorYearStyle(PlainStyle):
    default_label_style = "authoryear"
    default_sorting_style = "author_year_title"


register_plugin("pybtex.style.labels", "authoryear", AuthorYearLabelStyle)
register_plugin("pybtex.style.formatting", "authoryear", AuthorYearStyle)


def setup(app: Sphinx) -> dict:
    return {"parallel_read_safe": True, "parallel_write_safe": True}
