"""No interface text in the other language: every tooltip, accessible name, alt text and
placeholder of every built page (404 pages included) is in the language of the element that
carries it, which is the page's unless the element or an ancestor says otherwise."""

from __future__ import annotations

import re

from bs4 import BeautifulSoup

ATTRIBUTES = ("title", "aria-label", "alt", "placeholder", "aria-description")
LATIN_LETTER = re.compile(r"[A-Za-z]")
LATIN_WORD = re.compile(r"\b[A-Za-z]*[a-z][A-Za-z]+\b")  # a word, not an acronym like DEA
ARABIC_LETTER = re.compile(r"[\u0620-\u064a]")
GENERIC_ALT = {"logo", "image", "icon", "picture"}


def in_wrong_language(value: str, language: str) -> bool:
    arabic = len(ARABIC_LETTER.findall(value))
    if language == "ar":  # a name such as "Atom" inside Arabic text is not English text
        return bool(LATIN_WORD.search(value)) and len(LATIN_LETTER.findall(value)) > arabic
    return arabic > 0


def wrong_language_attributes(html: str) -> list[tuple[str, str, str]]:
    soup = BeautifulSoup(html, "lxml")
    page_language = soup.html["lang"]
    found = []
    for element in soup.find_all(True):
        holder = element if element.has_attr("lang") else element.find_parent(lang=True)
        language = holder["lang"] if holder else page_language
        for attribute in ATTRIBUTES:
            value = element.get(attribute)
            if value is None:
                continue
            if in_wrong_language(value, language) or (
                attribute == "alt" and value.strip().lower() in GENERIC_ALT
            ):
                found.append((element.name, attribute, value))
    return found


def test_the_check_finds_the_theme_strings_it_is_meant_to_find():
    page = (
        '<html lang="ar"><body><img src="x" alt="logo"><label title="Dark mode"></label>'
        '<a title="Permanent link" href="#a">#</a><abbr lang="en" title="Drug Enforcement'
        ' Administration">DEA</abbr><link rel="alternate" title="موجز Atom للأحداث">'
        '<a aria-label="المصدر 1" href="#s">1</a></body></html>'
    )
    assert wrong_language_attributes(page) == [
        ("img", "alt", "logo"),
        ("label", "title", "Dark mode"),
        ("a", "title", "Permanent link"),
    ]
    assert wrong_language_attributes('<html lang="en"><a title="رابط">x</a></html>') == [
        ("a", "title", "رابط")
    ]


def test_no_page_has_interface_text_in_the_other_language(built_site):
    pages = built_site.html_files()
    assert len(pages) > 50
    problems = {}
    for path in pages:
        found = wrong_language_attributes(path.read_text(encoding="utf-8"))
        if found:
            problems[built_site.url_of(path)] = found[:3]
    assert problems == {}


def test_english_pages_have_an_english_404_page(built_site):
    for url, language in (("404.html", "ar"), ("en/404.html", "en")):
        page = built_site.page(url)
        assert page.html["lang"] == language
        sections = page.select(".ex-notfound section")
        assert sections[0]["lang"] == language  # the page's language first, the other after
        assert page.select_one("h1").find_parent("section")["lang"] == language
