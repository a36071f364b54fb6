"""Every text is escaped exactly once for its output: each output format is parsed as its
readers parse it (HTML, Atom, JSON, CSV), and the decoded text must equal the data text,
with no character reference left over ("&#39;", "&amp;") from a second escaping."""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ElementTree

import pytest
from bs4 import BeautifulSoup

from explainer.data.model import LANGUAGES
from explainer.render.text import plain_text

ATOM = "{http://www.w3.org/2005/Atom}"
LEFT_OVER = re.compile(r"&(#\d+|#x[0-9a-f]+|[a-z]+);", re.I)
"""A character reference in decoded text: the text was escaped twice."""
MARKDOWN = re.compile(r"[\[\]*_`\\<>]")


def language_root(language: str) -> str:
    return "" if language == LANGUAGES[0] else f"{language}/"


def events_with_plain_titles(site_data, language: str) -> list:
    """Events whose title is plain text (no Markdown): the decoded output must equal it."""
    return [
        event for event in site_data.events if not MARKDOWN.search(getattr(event.title, language))
    ]


def test_the_data_has_texts_that_need_escaping(site_data):
    titles = [event.title.en for event in events_with_plain_titles(site_data, "en")]
    assert any("'" in title for title in titles)
    descriptions = [event.description.en for event in site_data.events]
    assert any('"' in text for text in descriptions)


def test_no_text_or_attribute_of_any_page_is_escaped_twice(built_site):
    problems = []
    for path in built_site.html_files():
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")
        for text in page.find_all(string=LEFT_OVER):
            if text.find_parent(["script", "style", "code", "pre"]) is None:
                problems.append(f"{path.relative_to(built_site.root)}: {text.strip()[:80]!r}")
        for element in page.find_all(True):
            for name, value in element.attrs.items():
                values = value if isinstance(value, list) else [value]
                if any(LEFT_OVER.search(item) for item in values):
                    problems.append(f"{path.relative_to(built_site.root)}: {name}={value!r}")
    assert problems == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_timeline_titles_and_citations_show_the_data_text(built_site, site_data, language):
    page = built_site.page(f"{language_root(language)}timeline/")
    checked = 0
    for event in events_with_plain_titles(site_data, language):
        title = getattr(event.title, language)
        item = page.select_one(f"li#{event.id}")
        assert item.select_one(".ex-tl-row__title").get_text() == title
        for citation in item.select(".ex-citation__text"):
            assert title in citation.get_text(), citation.get_text()
        checked += "'" in title
    assert language == "ar" or checked > 0


@pytest.mark.parametrize("language", LANGUAGES)
def test_head_values_are_the_data_text(built_site, site_data, language):
    pillar = site_data.pillars[0]
    page = built_site.page(f"{language_root(language)}pillars/{pillar.id}/")
    description = page.select_one('meta[name="description"]')["content"]
    summary = plain_text(getattr(pillar.summary, language))
    assert summary.startswith(description.removesuffix("…"))
    assert page.select_one('meta[property="og:title"]')["content"] == plain_text(
        getattr(pillar.title, language)
    )
    assert page.select_one('meta[property="og:site_name"]')["content"] == getattr(
        site_data.site.name, language
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_feed_entries_decode_to_the_data_text(built_site, site_data, language):
    feed = ElementTree.parse(built_site.root / language_root(language) / "feed.xml").getroot()
    entries = {entry.findtext(f"{ATOM}id"): entry for entry in feed.iter(f"{ATOM}entry")}
    by_anchor = {entry_id.rsplit("#", 1)[-1]: entry for entry_id, entry in entries.items()}
    checked = 0
    for event in site_data.events:
        entry = by_anchor.get(event.id)
        if entry is None:
            continue
        assert entry.findtext(f"{ATOM}title") == plain_text(getattr(event.title, language))
        summary = entry.findtext(f"{ATOM}summary")
        assert summary.endswith(plain_text(getattr(event.description, language)))
        if not MARKDOWN.search(getattr(event.title, language)):
            assert entry.findtext(f"{ATOM}title") == getattr(event.title, language)
        checked += 1
    assert checked
    for element in feed.iter():
        for text in (element.text or "", *element.attrib.values()):
            assert not LEFT_OVER.search(text), text


def test_json_download_decodes_to_the_data_text(built_site, site_data):
    export = json.loads((built_site.root / "data" / "strategy.json").read_text(encoding="utf-8"))
    events = {event["id"]: event for event in export["events"]}
    for event in site_data.events:
        for language in LANGUAGES:
            exported = events[event.id]
            assert exported["title"][language] == getattr(event.title, language)
            assert exported["description"][language] == getattr(event.description, language)
    assert not LEFT_OVER.search(json.dumps(export, ensure_ascii=False))


def test_csv_download_decodes_to_the_data_text(built_site, site_data):
    text = (built_site.root / "data" / "timeline.csv").read_bytes().decode("utf-8-sig")
    rows = {row["id"]: row for row in csv.DictReader(io.StringIO(text))}
    checked = 0
    for event in site_data.events:
        for language in LANGUAGES:
            title = getattr(event.title, language)
            assert rows[event.id][f"title_{language}"] == plain_text(title)
            if not MARKDOWN.search(title):
                assert rows[event.id][f"title_{language}"] == title
                checked += "'" in title
    assert checked
    assert not LEFT_OVER.search(text)


def test_plain_text_is_not_html():
    assert plain_text('Assad\'s *big* "deal" & <b>') == 'Assad\'s big "deal" & <b>'
