"""Bidi isolation of Latin runs in Arabic text, on a corpus of the real mixed texts in
data/*.yaml and on the built Arabic pages: each run (a title with its apostrophes, accents,
currency, colons and brackets) is isolated whole, once."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup, NavigableString
from pydantic import BaseModel

from explainer.data.model import Text
from explainer.render.text import inline_markdown, isolate_latin

LATIN = re.compile(r"[A-Za-z0-9\u00c0-\u024f]")
ARABIC = re.compile(r"[\u0600-\u06ff]")
# What may stand between two pieces of one Latin run: never between two <bdi>.
RUN_JOINER = re.compile(r"[\s'’‘\"“”.,:;\-–&/$%()\[\]?!]*")


def arabic_texts(site_data) -> list[str]:
    """Every Arabic text of the data, with each English source title in the sentence
    an Arabic list of sources would put it in."""
    texts: dict[str, None] = {}

    def walk(value) -> None:
        if isinstance(value, Text):
            texts[value.ar] = None
        elif isinstance(value, BaseModel):
            for name in type(value).model_fields:
                walk(getattr(value, name))
        elif isinstance(value, list | tuple):
            for item in value:
                walk(item)

    for records in (site_data.pillars, site_data.events, site_data.agencies, site_data.terms):
        walk(records)
    walk(site_data.strategy)
    walk(site_data.site)
    for source in site_data.sources:
        texts[f"[{source.title}](https://example.org/)، {source.publisher}، 2023."] = None
    return [text for text in texts if LATIN.search(text)]


def problems_in(html: str) -> list[str]:
    """Latin text left outside a <bdi>, and runs cut into several <bdi>."""
    soup = BeautifulSoup(f"<p>{html}</p>", "html.parser")
    found = []
    for text in soup.find_all(string=True):
        if not text.find_parent("bdi") and LATIN.search(text):
            found.append(f"not isolated: {text!r}")
    for bdi in soup.find_all("bdi"):
        between = []
        for sibling in bdi.next_siblings:
            if isinstance(sibling, NavigableString):
                between.append(str(sibling))
                continue
            if sibling.name == "bdi" and RUN_JOINER.fullmatch("".join(between)):
                found.append(f"one run cut in two: {bdi.get_text()!r} + {sibling.get_text()!r}")
            break
    return found


def test_the_corpus_is_the_real_mixed_text(site_data):
    corpus = arabic_texts(site_data)
    assert len(corpus) > 80
    assert any("Assad's" in text for text in corpus)
    assert any("détruites" in text for text in corpus)


def test_every_latin_run_of_the_data_is_isolated_whole_and_once(site_data):
    problems = {}
    for text in arabic_texts(site_data):
        found = problems_in(str(isolate_latin(inline_markdown(text))))
        if found:
            problems[text] = found
    assert problems == {}


def test_english_source_titles_in_an_arabic_sentence_are_one_run(site_data):
    for source in site_data.sources:
        if source.language != "en":
            continue
        html = str(isolate_latin(inline_markdown(f"[{source.title}](https://example.org/)، ناشر")))
        link = BeautifulSoup(html, "html.parser").a
        assert [bdi.get_text() for bdi in link.find_all("bdi")] == [source.title], html


@pytest.mark.parametrize(
    ("arabic", "run"),
    [
        (
            "قانون Countering Assad's Proliferation Trafficking، ثم",
            "Countering Assad's Proliferation Trafficking",
        ),
        ("خطة Washington's four-point plan في", "Washington's four-point plan"),
        (
            "عنوان des millions de pilules de captagon détruites، بليك",
            "des millions de pilules de captagon détruites",
        ),
        ("ميزانية $900B defense budget، ثم", "$900B defense budget"),
        ("قانون (H.R. 6265) في", "(H.R. 6265)"),
        ("قانون 2023 (P.L. 117-263)، ثم", "2023 (P.L. 117-263)"),
        (
            "قانون H.R. 7180 (119th Congress): Countering Captagon، ثم",
            "H.R. 7180 (119th Congress): Countering Captagon",
        ),
        ("نسبة 80% من", "80%"),
        ("في الولايات المتحدة U.S. ثم", "U.S."),
    ],
)
def test_named_runs(arabic, run):
    html = str(isolate_latin(inline_markdown(arabic)))
    assert [bdi.get_text() for bdi in BeautifulSoup(html, "html.parser").find_all("bdi")] == [run]


@pytest.mark.parametrize(
    ("arabic", "expected"),
    [
        # Arabic sentence punctuation and unpaired brackets stay in the Arabic flow.
        ("أدرج مكتب OFAC. ثم", "أدرج مكتب <bdi>OFAC</bdi>. ثم"),
        ("مركز (مركز COAR) في", "مركز (مركز <bdi>COAR</bdi>) في"),
        ("في عام 2025:", "في عام <bdi>2025</bdi>:"),
        ("قانون «Captagon II» في", "قانون «<bdi>Captagon II</bdi>» في"),
        # A title that is the whole text of its element keeps its own question mark.
        (
            "<a href='x'>Can US-UK sanctions dismantle Syria's drug industry?</a>، معهد",
            "<a href='x'><bdi>Can US-UK sanctions dismantle Syria's drug industry?</bdi></a>، معهد",
        ),
        # Character references count as what they stand for, and are kept.
        ("قانون Assad&#39;s Act، ثم", "قانون <bdi>Assad&#39;s Act</bdi>، ثم"),
    ],
)
def test_edges_of_a_run(arabic, expected):
    assert str(isolate_latin(arabic)) == expected


def test_built_arabic_pages_isolate_each_run_once(built_site):
    pages = ["", "strategy/", "about/", "timeline/", "sources/", "glossary/"]
    pages += [
        f"pillars/{path.name}/" for path in (built_site.root / "pillars").iterdir() if path.is_dir()
    ]
    problems = {}
    for url in pages:
        article = built_site.page(url).select_one("article")
        for paragraph in article.select("p, li, h1, h2, h3, td"):
            if paragraph.find_parent(dir="ltr") or paragraph.find_parent(lang="en"):
                continue
            if paragraph.select("p, li"):
                continue  # checked at its innermost level
            found = [
                problem
                for problem in problems_in(paragraph.decode_contents())
                if not problem.startswith("not isolated")
            ]
            if found:
                problems[f"{url}: {paragraph.get_text()[:60]}"] = found
    assert problems == {}


def test_built_english_titles_in_arabic_footnotes_are_one_run(built_site):
    checked = 0
    for url in ("strategy/", "about/"):
        for link in built_site.page(url).select("article .footnote a[href^='http']"):
            text = link.get_text()
            if ARABIC.search(text) or not LATIN.search(text):
                continue
            assert [bdi.get_text() for bdi in link.find_all("bdi")] == [text], url
            checked += 1
    assert checked > 10
