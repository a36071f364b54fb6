"""Search in the browser: per language, Arabic-aware, right to left, chunked downloads."""

from __future__ import annotations

import pytest

from explainer.outputs.search import normalize_word, site_pages
from tests.browser.helpers import LANGUAGE_ROOTS, SUB_PATH


def search(visit, language: str, query: str):
    opened = visit(LANGUAGE_ROOTS[language] + "search/?q=" + query)
    opened.page.locator("[data-ex-search-status][data-state=done]").wait_for()
    return opened


def result_urls(opened) -> list[str]:
    links = opened.page.locator(".ex-search__result a.ex-search__link")
    return [link.evaluate("a => a.pathname") for link in links.all()]


def pages_saying(built_site, word: str, language: str) -> set[str]:
    return {
        page.url
        for page in site_pages(built_site.root)
        if page.language == language and word in page.text
    }


@pytest.mark.parametrize("query", ["الأردن", "الاردن", "اردن", "والأردن", "بالأردن", "الأُرْدُن"])
def test_arabic_spellings_find_every_arabic_page_about_jordan(visit, built_site, query):
    opened = search(visit, "ar", query)
    expected = {SUB_PATH.rstrip("/") + url for url in pages_saying(built_site, "الأردن", "ar")}
    found = set(result_urls(opened))
    assert expected and expected <= found, (query, expected - found)
    assert not [url for url in found if "/en/" in url]
    assert opened.console_errors == [] and opened.foreign_requests() == []


@pytest.mark.parametrize(
    ("variant", "plain"),
    [
        ("مكافحه", "مكافحة"),
        ("الْكَبْتَاغُون", "الكبتاغون"),
        ("الكبتـاغون", "كبتاغون"),
        ("الولايات المتحده", "الولايات المتحدة"),
    ],
)
def test_ta_marbuta_diacritics_tatweel_and_article_do_not_matter(visit, variant, plain):
    assert result_urls(search(visit, "ar", variant)) == result_urls(search(visit, "ar", plain))
    assert result_urls(search(visit, "ar", plain))


def test_english_search_finds_english_pages_only(visit):
    opened = search(visit, "en", "Jordan")
    found = result_urls(opened)
    assert found and all("/en/" in url for url in found)
    assert result_urls(search(visit, "en", "الأردن")) == []
    arabic = result_urls(search(visit, "ar", "Jordan"))
    assert all("/en/" not in url for url in arabic)


def test_arabic_results_read_right_to_left_with_arabic_labels(visit):
    opened = search(visit, "ar", "عقوبات")
    page = opened.page
    results = page.locator(".ex-search__results")
    assert results.evaluate("list => getComputedStyle(list).direction") == "rtl"
    status = page.locator("[data-ex-search-status]").inner_text()
    assert "عدد النتائج" in status or "نتيجة واحدة" in status
    assert page.locator(".ex-search__excerpt mark").count() > 0
    first_mark = page.locator(".ex-search__excerpt mark").first.inner_text()
    assert "عقوب" in first_mark


def test_a_search_downloads_only_some_index_chunks(visit, built_site):
    chunks = list((built_site.root / "pagefind" / "index").glob("ar_*.pf_index"))
    opened = search(visit, "ar", "الأردن")
    fetched = [url for url in opened.requests if url.endswith(".pf_index")]
    assert 1 <= len(fetched) < len(chunks)
    assert not [url for url in opened.requests if "/index/en_" in url]


def test_result_links_lead_to_the_matching_section(visit):
    opened = search(visit, "ar", "الأردن")
    link = opened.page.locator(".ex-search__result a.ex-search__link[href*='#']").first
    anchor = link.evaluate("a => decodeURIComponent(a.hash.slice(1))")
    target = link.evaluate("a => a.href")
    link.click()
    opened.page.wait_for_url(target, wait_until="load")
    assert opened.page.locator(f"[id='{anchor}']").count() == 1


def test_query_normalisation_matches_the_indexer(visit, built_site):
    words = sorted(
        {
            word
            for page in site_pages(built_site.root)
            if page.language == "ar"
            for word in page.text.split()
        }
    )
    opened = visit("search/")
    in_browser = opened.page.evaluate(
        "words => words.map(window.ExplainerSearch.normalizeWord)", words
    )
    mismatches = [
        (word, normalize_word(word), js)
        for word, js in zip(words, in_browser, strict=True)
        if normalize_word(word) != js
    ]
    assert len(words) > 500
    assert mismatches == []
