"""The back matter: the glossary (English ↔ 中文, each term linked to where it is
introduced), the notation page, and a bibliography in which every entry is cited."""

from __future__ import annotations

import re

import pytest

from tests import book

GLOSSARY = book.ROOT / "glossary.md"
CJK = re.compile(r"[\u4e00-\u9fff]")


def glossary_entries() -> list[tuple[str, str, str]]:
    """(English, 中文, definition) for every term of the glossary directive."""
    text = GLOSSARY.read_text(encoding="utf-8")
    block = re.search(r"```\{glossary\}\n(.*?)\n```", text, flags=re.S)
    assert block, "glossary.md has no {glossary} block"
    entries = []
    for term, definition in re.findall(r"^(\S.*)\n((?:  .*\n?)+)", block.group(1), flags=re.M):
        english, _, chinese = term.partition(" · ")
        entries.append((english.strip(), chinese.strip(), definition.strip()))
    return entries


def targets() -> set[str]:
    """Every MyST target ``(name)=`` in the book's sources (in a notebook's JSON the
    line ends in a literal backslash-n)."""
    found = set()
    for entry in book.toc_entries():
        text = book.source_of(entry).read_text(encoding="utf-8")
        found.update(re.findall(r"\(([\w-]+)\)=(?:\\n|$)", text, flags=re.M))
    return found


def test_the_glossary_has_at_least_60_terms_each_with_its_chinese_term():
    entries = glossary_entries()
    assert len(entries) >= 60
    without = [e for e, z, _ in entries if not CJK.search(z)]
    assert without == [], f"terms without a Chinese term: {without}"
    english = [e.lower() for e, _, _ in entries]
    assert len(set(english)) == len(english), "a term is listed twice"
    assert english == sorted(english, key=lambda s: s.replace("–", "-")), "not in alphabetical order"


def test_every_glossary_term_links_to_a_place_that_exists():
    known_targets = targets()
    docs = {e["file"] for e in book.toc_entries()}
    broken = []
    for english, _, definition in glossary_entries():
        links = re.findall(r"\{(ref|doc)\}`([^`]+)`", definition)
        if not links:
            broken.append(f"{english}: no link to where it is introduced")
        for kind, target in links:
            if kind == "ref" and target not in known_targets:
                broken.append(f"{english}: no target ({target})= in the book")
            if kind == "doc" and target not in docs:
                broken.append(f"{english}: {target} is not a page of the toc")
    assert broken == [], "\n".join(broken)


def chinese_in_titles() -> set[str]:
    """The Chinese terms in parentheses in the toc's part captions and page titles."""
    toc = book.toc()
    titles = [part.get("caption", "") for part in toc.get("parts", [])]
    titles += [e.get("title", "") for e in book.toc_entries()]
    terms = set()
    for title in titles:
        for group in re.findall(r"\(([^()]*)\)", title):
            terms.update(t.strip() for t in re.split(r"[·,，、]", group) if CJK.search(t))
    return terms


def test_every_chinese_term_of_a_title_is_in_the_glossary():
    chinese = {part for _, z, _ in glossary_entries() for part in z.split("、")}
    missing = sorted(chinese_in_titles() - chinese)
    assert missing == [], f"Chinese terms of titles missing from the glossary: {missing}"


def test_the_title_terms_are_found():
    assert {"神经网络", "激活函数", "损失函数", "优化算法"} <= chinese_in_titles()


def bib_keys() -> list[str]:
    text = (book.ROOT / "references.bib").read_text(encoding="utf-8")
    return re.findall(r"^@\w+\{([^,\s]+),", text, flags=re.M)


def cited_keys() -> set[str]:
    cited = set()
    for entry in book.toc_entries():
        text = book.source_of(entry).read_text(encoding="utf-8")
        for group in re.findall(r"\{cite(?::[a-z]+)?\}`([^`]+)`", text):
            cited.update(k.strip() for k in group.split(","))
    return cited


def test_every_bibliography_entry_is_cited_and_every_citation_exists():
    keys, cited = set(bib_keys()), cited_keys()
    assert sorted(keys - cited) == [], "entries in references.bib that no page cites"
    assert sorted(cited - keys) == [], "citations with no entry in references.bib"


@pytest.mark.parametrize("key", ["mcculloch1943logical", "hebb1949organization", "rosenblatt1958perceptron",
                                 "hodgkin1952quantitative", "lapicque1907recherches",
                                 "rumelhart1986learning", "cybenko1989approximation",
                                 "robbins1951stochastic", "polyak1964some", "tieleman2012rmsprop",
                                 "kingma2015adam", "glorot2010understanding", "he2015delving",
                                 "azevedo2009equal", "lecun1998gradient"])
def test_the_foundational_papers_are_in_the_bibliography(key):
    assert key in bib_keys()


def test_the_landing_page_maps_every_section_of_the_article_to_a_chapter():
    intro = (book.ROOT / "intro.md").read_text(encoding="utf-8")
    assert "planned" not in intro.lower()
    for section in ["背景介绍", "神经网络", "激活函数", "损失函数", "优化算法", "前向传播", "后向传播",
                    "损失函数的计算", "优化算法的更新", "具体代码实例", "未来发展趋势与挑战", "常见问题"]:
        assert section in intro, section
