"""Reads like a news explainer (issue 17, part B), checked on the built HTML: citation
markers, collapsed source lists, addresses shown decoded.

The browser side (heights, hover, keyboard, filters) is in tests/browser/test_reading.py.
"""

from __future__ import annotations

import re

from conftest import PROJECT_ROOT

from explainer.render.pages import display_url
from explainer.render.text import load_labels

LABELS = load_labels(PROJECT_ROOT / "locales" / "ui.yaml")
PREFIXES = {"ar": "", "en": "en/"}
SENTENCE_END = re.compile(r"[.!?؟…]")
PERCENT_ENCODED_ARABIC = re.compile(r"%D[89AB]%[89AB][0-9A-F]", re.I)
"""The UTF-8 lead bytes of Arabic letters (U+0600-U+06FF and the presentation forms)."""
ARABIC_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789")


def content_pages(built_site):
    """Every built page in both languages with its parsed article."""
    for path in built_site.html_files():
        url = built_site.url_of(path)
        if not url.endswith("/") and url != "":
            continue
        article = built_site.page(url).select_one("article.md-content__inner")
        if article is not None:
            yield url, article


def marker_numbers(sup) -> list[int]:
    return [int(a.get_text().translate(ARABIC_DIGITS)) for a in sup.select("a")]


def test_citation_markers_are_one_ascending_group_per_sentence(built_site):
    groups = 0
    for url, article in content_pages(built_site):
        for sup in article.select("sup.ex-cite"):
            groups += 1
            numbers = marker_numbers(sup)
            assert numbers, (url, str(sup))
            assert numbers == sorted(set(numbers)), (url, numbers)
            # The next marker in the same block belongs to another sentence.
            following = []
            for node in sup.next_elements:
                if getattr(node, "name", None) == "sup" and "ex-cite" in node.get("class", []):
                    between = "".join(following)
                    assert SENTENCE_END.search(between), (url, numbers, between)
                    break
                if getattr(node, "name", None) in {"p", "li", "dd", "dt", "div", "section"}:
                    break  # a new block: a new sentence
                if isinstance(node, str) and node.parent.name != "a":
                    following.append(str(node))
    assert groups > 100


def test_every_marker_number_is_its_source_in_the_page_list(built_site):
    for url, article in content_pages(built_site):
        listed = [li["id"] for li in article.select(".ex-page-sources li.ex-source")]
        for sup in article.select("sup.ex-cite"):
            for number, link in zip(marker_numbers(sup), sup.select("a"), strict=True):
                assert listed[number - 1] == link["href"].removeprefix("#"), (url, number)


def test_page_sources_are_collapsed_behind_a_count(built_site, site_data):
    lists = 0
    for url, article in content_pages(built_site):
        block = article.select_one("section.ex-page-sources")
        if block is None:
            continue
        lists += 1
        language = "en" if url.startswith("en/") else "ar"
        details = block.select_one("details")
        assert details is not None and not details.has_attr("open"), url
        entries = details.select("li.ex-source")
        heading = details.select_one("summary > h2#sources-for-this-page")
        count = str(len(entries))
        expected = LABELS["sources.count"][language].format(count=count)
        assert heading.get_text().translate(ARABIC_DIGITS) == expected, url
        for entry in entries:
            source = site_data.source(entry["id"])
            assert entry.select_one(".ex-source__publisher").get_text() == source.publisher
            title = entry.select_one("a.ex-source__title")
            if source.url is None:  # known only by publisher, title and date: no link
                assert title is None and entry.cite.get_text() == source.title
                continue
            assert title["href"] == source.url
            assert title.get_text() == source.title
            assert "http" not in entry.get_text(), (url, entry.get_text())
    assert lists >= 2 * (len(site_data.pillars) + len(site_data.agencies))


def test_no_visible_text_is_a_percent_encoded_arabic_address(built_site, site_data):
    encoded = [s.url for s in site_data.sources if s.url and PERCENT_ENCODED_ARABIC.search(s.url)]
    assert encoded, "the shipped data has Arabic addresses; this test needs one"
    for url, article in content_pages(built_site):
        text = article.get_text(" ")
        assert not PERCENT_ENCODED_ARABIC.search(text), (url, PERCENT_ENCODED_ARABIC.findall(text))
    sources = built_site.page("sources/")
    for address in encoded:
        link = sources.select_one(f'a.ex-source__url[href="{address}"]')
        assert link is not None  # the link itself stays valid (encoded)
        assert display_url(address)[:40] in link.get_text()
        assert re.search("[\u0600-\u06ff]", link.get_text())


def test_display_url_decodes_arabic_and_leaves_the_rest():
    assert display_url("https://example.org/%D8%B3%D9%88%D8%B1%D9%8A%D8%A7/") == (
        "example.org/سوريا/"
    )
    assert display_url("https://www.example.org/") == "example.org"
    assert display_url("https://example.org/a?p=1") == "example.org/a?p=1"
    assert display_url("https://example.org/%FF") == "example.org/%FF"  # not UTF-8: as it is
