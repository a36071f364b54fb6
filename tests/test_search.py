"""Search: Arabic normalisation rules and the per-language Pagefind index of the built site."""

from __future__ import annotations

import copy
import json
import os
import shutil
from pathlib import Path

import pytest

from explainer.outputs import search
from explainer.outputs.search import (
    fold,
    normalize_text,
    normalize_word,
    search_records,
    site_pages,
)

SAME_WORD = [
    ("الأردن", "الاردن", "اردن", "أردن", "والأردن", "بالأردن", "للأردن", "الْأُرْدُنّ", "الأـردن"),
    ("وزارة", "وزاره", "الوزارة", "والوزارة"),
    ("مستشفى", "مستشفي", "المستشفى"),
    ("مسؤول", "مسوول", "المسؤول"),
    ("إنفاذ", "انفاذ", "الإنفاذ", "آنفاذ"),
]


@pytest.mark.parametrize("forms", SAME_WORD, ids=lambda forms: forms[0])
def test_spelling_variants_and_prefixes_normalise_to_one_form(forms):
    assert len({normalize_word(form) for form in forms}) == 1, [normalize_word(f) for f in forms]


def test_folding_removes_diacritics_tatweel_and_unifies_letters():
    assert fold("مُكَافَحَة") == "مكافحه"
    assert fold("كـبتاغون") == "كبتاغون"
    assert fold("٢٠٢٣") == "2023"
    assert fold("OFAC") == "OFAC"  # Pagefind ignores case itself


def test_one_letter_prefix_is_removed_only_before_a_known_word():
    vocabulary = {"سوريا", "وزاره"}
    assert normalize_word("وسوريا", vocabulary) == "سوريا"
    assert normalize_word("ووزارة", vocabulary) == "وزاره"
    assert normalize_word("وزارة", vocabulary) == "وزاره"
    assert normalize_word("بريطانيا", vocabulary) == "بريطانيا"


def test_normalised_text_keeps_every_word_in_place():
    text = "أعلنت وزارة الخزانة (OFAC)، في 2023، عقوبات على الكبتاغون."
    normalised = normalize_text(text)
    assert len(normalised.split()) == len(text.split())
    assert normalised.split()[3] == "(OFAC)،"
    assert normalised.split()[-1] == "كبتاغون."


def test_every_page_is_indexed_once_in_its_own_language(built_site):
    pages = site_pages(built_site.root)
    urls = [page.url for page in pages]
    assert len(urls) == len(set(urls))
    assert "/search/" not in urls and "/en/search/" not in urls
    for page in pages:
        assert page.language == ("en" if page.url.startswith("/en/") else "ar"), page.url
    assert {"/", "/en/", "/pillars/", "/en/timeline/"} <= set(urls)


def test_records_carry_original_arabic_text_and_anchors(built_site):
    records = {record.url: record for record in search_records(site_pages(built_site.root))}
    timeline = records["/timeline/"]
    assert "الأردن" in timeline.meta["text"] and "الأردن" not in timeline.content
    assert len(timeline.meta["text"].split()) == len(timeline.content.split())
    anchors = dict(entry.split(":", 1)[::-1] for entry in timeline.meta["anchors"].split())
    assert "year-2023" in anchors
    # English text needs no display copy, unless it quotes Arabic (e.g. a source title).
    english = [record for record in records.values() if record.language == "en"]
    assert [record for record in english if "text" not in record.meta]


def searchable_words(element) -> str:
    """An element's words as the search reader takes them (citation numbers, permalink
    labels and anything marked data-pagefind-ignore left out)."""
    element = copy.copy(element)
    for skipped in element.select(".ex-cite, .ex-permalink, .headerlink, [data-pagefind-ignore]"):
        skipped.decompose()
    return " ".join(element.get_text(" ").split())


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_events_and_sources_are_searched_once_where_their_permalink_is(built_site, prefix):
    language = "en" if prefix else "ar"
    pages = {page.url: page for page in site_pages(built_site.root)}
    texts = {url: page.text for url, page in pages.items()}
    # Each event is on the timeline, with its permalink, and again on its pillars' and
    # agencies' pages and the home page: those copies link to it and are not searched.
    timeline = f"/{prefix}timeline/"
    events = {
        event["id"]: searchable_words(event.select_one(".ex-event__text"))
        for event in built_site.page(f"{prefix}timeline/").select("li.ex-event[id]")
    }
    assert len(events) > 10 and all(words in texts[timeline] for words in events.values())
    copies = []
    for url in texts:
        if url.startswith("/en/") == (language == "en") and url != timeline:
            for item in built_site.page(url.lstrip("/")).select("li.ex-event"):
                assert not item.has_attr("id") and item.has_attr("data-pagefind-ignore"), url
                copies.append((url, item["data-event"]))
    assert len(copies) > len(events)
    for url, event_id in copies:
        assert events[event_id] not in texts[url], (url, event_id)
    # A source is searched on the sources page (its permalink), not in the list of sources
    # each page cites; where a source is cited (a list of page titles) is not searched.
    sources = built_site.page(f"{prefix}sources/").select("li.ex-source[id]")
    assert len(sources) > 10
    sources_page = pages[f"/{prefix}sources/"]
    anchors = {anchor for _, anchor in sources_page.anchors}
    cited_lists = 0
    for source in sources:
        assert source["id"] in anchors
        assert searchable_words(source.select_one(".ex-source__publisher")) in sources_page.text
        cited = source.select_one(".ex-source__cited")
        if cited is not None:
            cited_lists += 1
            assert cited.has_attr("data-pagefind-ignore")
    assert cited_lists > 10
    pillar = built_site.page(f"{prefix}pillars/sanctions/")
    cited_here = pillar.select("section.ex-page-sources[data-pagefind-ignore] li.ex-source")
    assert cited_here
    for entry in cited_here:
        assert searchable_words(entry) not in texts[f"/{prefix}pillars/sanctions/"]


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_the_side_by_side_page_is_found_by_its_title_not_by_the_pillar_text(built_site, prefix):
    texts = {page.url: page.text for page in site_pages(built_site.root)}
    compare = built_site.page(f"{prefix}pillars/sanctions/compare/")
    record = texts[f"/{prefix}pillars/sanctions/compare/"]
    assert searchable_words(compare.select_one("h1")) in record
    cells = compare.select("table.ex-compare tr.ex-compare__row--claim td")
    assert len(cells) > 10
    pillar_text = texts[f"/{prefix}pillars/sanctions/"]
    for cell in cells:
        words = searchable_words(cell)
        assert words not in record, words
        if cell["lang"] == (prefix.strip("/") or "ar"):  # searched on the pillar page
            assert words in pillar_text, words


def test_pagefind_bundle_has_one_chunked_index_per_language(built_site):
    bundle = built_site.root / "pagefind"
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert set(entry["languages"]) == {"ar", "en"}
    for language in ("ar", "en"):
        chunks = list((bundle / "index").glob(f"{language}_*.pf_index"))
        assert len(chunks) >= 2, language
        assert (bundle / f"wasm.{language}.pagefind").is_file()
    assert not (bundle / "pagefind-ui.js").exists()
    assert (built_site.root / "search" / "index.html").is_file()
    assert (built_site.root / "en" / "search" / "index.html").is_file()


def test_a_page_is_read_for_its_article_words_anchors_and_heading():
    html = """<!doctype html><html lang="en"><head><title>Site title</title></head>
    <body><nav><a href="/">Home words</a></nav>
    <article class="md-content__inner md-typeset" id="__article">
      <h1 id="the-strategy">The strategy <a class="headerlink" href="#the-strategy">#</a></h1>
      <p id="intro">Plain words<br>after a break <sup class="ex-cite">[1]</sup></p>
      <section id="trade"><p>The <bdi lang="ar">كبتاغون</bdi> trade</p>
        <blockquote id="quote" lang="ar">نص عربي طويل من خمس كلمات</blockquote>
        <p id="after">Back in English</p></section>
      <div data-pagefind-ignore><p>Hidden words</p></div><script>var x = 1;</script>
      <!-- a comment -->tail text
    </article><footer>Footer words</footer></body></html>"""
    page = search.read_page(html, "/en/strategy/")
    assert page.language == "en" and page.url == "/en/strategy/"
    assert page.title == "The strategy"  # the h1, without its permalink
    # A short run in the other language stays (a name readers type); a long one goes.
    assert page.text == (
        "The strategy Plain words after a break The كبتاغون trade Back in English tail text"
    )
    # Where each anchored part starts, in words; the dropped quote's anchor goes with it.
    assert page.anchors == [(0, "the-strategy"), (2, "intro"), (7, "trade"), (10, "after")]
    assert search.read_page("<html><body><p>No article</p></body></html>", "/x/") is None


def test_the_footer_is_not_read_even_when_unclosed_html_keeps_the_article_open():
    """Only the head and the article are parsed: a page whose hand-written HTML leaves an
    element open (which keeps the parser inside the article past its closing tag) does not
    get the theme's footer into its record."""
    page = (
        '<html lang="en"><head><title>T</title></head><body><nav>Nav words</nav>'
        '<article class="md-content__inner md-typeset"><h1 id="t">Title</h1>'
        "<p>Body words</p>{unclosed}</article>"
        '<footer class="md-footer">Footer words</footer></body></html>'
    )
    for unclosed in ("", "<div>", '<div class="note"><p>Note words'):
        page_text = search.read_page(page.format(unclosed=unclosed), "/en/x/")
        assert page_text.text.startswith("Title Body words"), unclosed
        assert "Footer" not in page_text.text and "Nav" not in page_text.text, unclosed


def test_a_page_read_by_an_earlier_build_is_taken_from_the_cache(tmp_path, monkeypatch):
    """.cache/search-text keeps each page's searchable text by a digest of its URL and
    HTML: the same page is not read again, a changed one is, and a damaged file is read
    again rather than trusted."""
    page = (
        '<html lang="en"><head><title>T</title></head><body>'
        '<article class="md-content__inner md-typeset"><h1 id="t">Title</h1>'
        "<p>{words}</p></article></body></html>"
    )
    reads = []
    read_page = search.read_page
    monkeypatch.setattr(
        search, "read_page", lambda part, url: reads.append(url) or read_page(part, url)
    )
    cache = tmp_path / "search-text"

    def collect(html: str, relative: str = "en/x/index.html") -> search.PageText | None:
        collector = search.PageCollector(None, cache)
        collector.add(relative, html)
        return collector.read()[relative]

    first = collect(page.format(words="seized pills"))
    assert reads == ["/en/x/"] and first.text == "Title seized pills"
    (kept,) = cache.iterdir()
    os.utime(kept, (0, 0))
    assert collect(page.format(words="seized pills")) == first
    assert reads == ["/en/x/"]  # from the cache
    assert kept.stat().st_mtime > 0  # touched: a file in use is never removed as unused
    assert collect(page.format(words="seized pills"), "en/y/index.html").url == "/en/y/"
    changed = collect(page.format(words="seized tablets"))
    assert changed.text == "Title seized tablets" and len(reads) == 3
    for damaged in cache.iterdir():
        damaged.write_text('{"url": 1}')
    assert collect(page.format(words="seized tablets")) == changed
    assert len(reads) == 4
    assert not list(cache.glob("*.tmp"))
    # A helper that runs other code than the one that made the key (search.py edited while
    # `mkdocs serve` runs) reads the page but keeps nothing under that key.
    kept = sorted(cache.iterdir())
    other = search.SearchTextCache(cache)
    other.read_and_keep("0" * 64, "<html></html>", "/en/z/", b"older code")
    assert sorted(cache.iterdir()) == kept


def index_files(bundle) -> dict[str, bytes]:
    return {
        p.relative_to(bundle).as_posix(): p.read_bytes() for p in bundle.rglob("*") if p.is_file()
    }


def test_a_language_with_the_records_of_the_last_build_reuses_its_pagefind_bundle(
    tmp_path, monkeypatch
):
    """.cache/search-index keeps each language's last bundle by a digest of its records:
    the same records give the same files without running Pagefind; changed ones run it."""
    runs = []
    popen = search.subprocess.Popen
    monkeypatch.setattr(
        search.subprocess, "Popen", lambda *args, **kwargs: runs.append(1) or popen(*args, **kwargs)
    )
    cache = tmp_path / "search-index"

    def index(words: str, site: str) -> dict[str, bytes]:
        site_dir = tmp_path / site
        site_dir.mkdir()
        page = search.PageText("/en/x/", "en", "Title", f"Title {words}", [(0, "t")])
        search.SearchIndexing(site_dir, [page], cache).finish()
        return index_files(site_dir / search.BUNDLE_DIR)

    first = index("seized pills", "one")
    assert len(runs) == 1 and "pagefind-entry.json" in first
    assert index("seized pills", "two") == first
    assert len(runs) == 1  # the bundle came from the cache
    changed = index("seized tablets", "three")
    assert len(runs) == 2 and changed != first
    assert [entry.name.split(".")[0] for entry in cache.iterdir()] == ["en"]  # the last only
    # The kept bundle is a copy of the site's files (not a second name of them), and the
    # sites stay whole when the cache goes.
    kept = next(cache.iterdir())
    fragments = sorted((tmp_path / "three" / search.BUNDLE_DIR / "fragment").iterdir())
    assert fragments
    for path in fragments:
        assert (kept / "fragment" / path.name).read_bytes() == path.read_bytes()
        assert (kept / "fragment" / path.name).stat().st_ino != path.stat().st_ino
    shutil.rmtree(cache)
    assert index_files(tmp_path / "two" / search.BUNDLE_DIR) == first


def test_records_go_to_a_memory_folder_if_there_is_room_and_index_the_same(tmp_path, monkeypatch):
    page = search.PageText("/en/x/", "en", "Title", "Title seized pills", [(0, "t")])
    memory = tmp_path / "memory"
    memory.mkdir()
    monkeypatch.setattr(search, "MEMORY_FOLDERS", (str(memory),))
    used, write = [], search._written_folder

    def written_folder(files, parent):
        used.append(parent)
        folder = write(files, parent)
        assert sorted(path.name for path in Path(folder.name).rglob("*.html")) == ["index.html"]
        return folder

    monkeypatch.setattr(search, "_written_folder", written_folder)

    def index(site: str) -> dict[str, bytes]:
        site_dir = tmp_path / site
        site_dir.mkdir()
        search.SearchIndexing(site_dir, [page]).finish()
        return index_files(site_dir / search.BUNDLE_DIR)

    in_memory = index("one")
    assert used == [str(memory)] and list(memory.iterdir()) == []  # removed once read
    full, write_text = memory / "full", Path.write_text

    def write_unless_full(path, *args, **kwargs):
        if full.exists() and path.is_relative_to(memory):
            raise OSError(28, "No space left on device")  # once the folder is made
        return write_text(path, *args, **kwargs)

    monkeypatch.setattr(Path, "write_text", write_unless_full)
    full.touch()
    assert index("two") == in_memory
    assert list(memory.iterdir()) == [full]  # the half-made folder was removed
    assert used[1:] == [str(memory), None]  # no room: the system's temporary folder
    monkeypatch.setattr(search, "MEMORY_FOLDERS", (str(tmp_path / "missing"),))
    assert index("three") == in_memory and used[3:] == [None]
