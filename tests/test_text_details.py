"""Small text defects in the built pages: citations end on their address, no nested
quotation marks, no comma or full stop after a title that ends in "?", and no glossary link
inside a source title."""

from __future__ import annotations

import re

import pytest
from conftest import PROJECT_ROOT

from explainer.data.model import LANGUAGES
from explainer.render.citations import citations
from explainer.render.text import load_labels

GENERATED = ["", "timeline/", "sources/", "glossary/", "agencies/", "pillars/"]
QUOTATION_MARKS = re.compile('[«»“”"]')


def roots(built_site, language):
    prefix = "" if language == LANGUAGES[0] else f"{language}/"
    pillars = [f"pillars/{p.name}/" for p in (built_site.root / "pillars").iterdir() if p.is_dir()]
    agencies = [
        f"agencies/{p.name}/" for p in (built_site.root / "agencies").iterdir() if p.is_dir()
    ]
    return [prefix + url for url in GENERATED + pillars + agencies]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_citation_ends_on_its_address(built_site, language):
    checked = 0
    for url in roots(built_site, language):
        for text in built_site.page(url).select(".ex-citation__text"):
            address = text.select_one(".ex-citation__url").get_text()
            assert text.get_text().endswith(address), text.get_text()
            checked += 1
    assert checked > 50


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_quotation_inside_quotation_marks_the_page_adds(built_site, language):
    for url in roots(built_site, language):
        for quote in built_site.page(url).select("article q"):
            assert not QUOTATION_MARKS.search(quote.get_text()), (url, quote.get_text())


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_title_ending_in_a_question_mark_takes_no_comma_or_full_stop(built_site, language):
    checked = 0
    prefix = "" if language == LANGUAGES[0] else f"{language}/"
    # The hand-written pages' footnotes follow the same rule as the generated lists.
    written = [prefix + page for page in ("strategy/", "about/")]
    for url in roots(built_site, language) + written:
        article = built_site.page(url).select_one("article")
        for cite in article.select("cite"):
            if cite.get_text().endswith("?"):
                following = cite.next_sibling
                assert not str(following or "").startswith((",", "،", ".")), (url, cite.get_text())
                checked += 1
        text = article.get_text()
        assert not re.search(r"\?[.,،]", text), (url, re.search(r".{40}\?[.,،]", text))
    assert checked


@pytest.mark.parametrize("language", LANGUAGES)
def test_source_titles_carry_no_glossary_links(built_site, language):
    for url in roots(built_site, language):
        assert built_site.page(url).select("cite a") == [], url


def test_a_cited_title_ending_in_a_question_mark_takes_no_full_stop(site_data):
    labels = load_labels(PROJECT_ROOT / "locales" / "ui.yaml")
    texts = {
        c.style: c.text
        for c in citations(
            "Is it over?", "https://e.org/", "2026-11-29", "en", labels, site_data.site
        )
    }
    assert texts["chicago"].startswith("“Is it over?” ")
    assert "Is it over? https://e.org/" in texts["apa"]
