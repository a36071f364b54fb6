"""Reader-facing details of the built HTML: bidi isolation in hand-written Arabic pages,
the bilingual 404 page, preloaded fonts, and scripts kept out of the markup."""

from __future__ import annotations

import re


def test_latin_runs_in_hand_written_arabic_pages_are_isolated(built_site):
    article = built_site.page("about/").select_one("article")
    isolated = [bdi.get_text() for bdi in article.select("bdi")]
    assert isolated
    loose = [
        text
        for text in article.find_all(string=re.compile(r"[A-Za-z]{2,}"))
        if not text.find_parent(["bdi", "code", "a", "cite"])
        and not text.find_parent(lang="en")
        and not text.find_parent(dir="ltr")
    ]
    assert loose == []
    assert not built_site.page("en/about/").select("article bdi")


def test_not_found_page_is_in_both_languages(built_site):
    page = built_site.page("404.html")
    sections = page.select(".ex-notfound section")
    assert [(s["lang"], s["dir"]) for s in sections] == [("ar", "rtl"), ("en", "ltr")]
    links = {a["hreflang"]: a["href"] for a in page.select(".ex-notfound a")}
    assert links["ar"].endswith("/") and links["en"].endswith("/en/")
    assert page.select_one(".ex-notfound h1").get_text(strip=True)


def test_first_faces_are_preloaded_and_exist(built_site):
    for url in ("", "en/", "pillars/"):
        page = built_site.page(url)
        fonts = page.select('link[rel="preload"][as="font"]')
        assert fonts, url
        for link in fonts:
            target = (built_site.root / url / link["href"]).resolve()
            assert target.is_file(), link["href"]


def test_only_the_search_page_loads_search_code(built_site):
    def scripts(url: str) -> list[str]:
        return [s["src"] for s in built_site.page(url).select("script[src]")]

    assert any(src.endswith("assets/javascripts/search.js") for src in scripts("search/"))
    assert any(src.endswith("assets/javascripts/search.js") for src in scripts("en/search/"))
    assert not any("search.js" in src for src in scripts("pillars/"))
    header_link = built_site.page("en/pillars/").select_one("a.ex-search-link")
    assert header_link["href"] == "../search/"


def test_materials_unused_javascript_is_not_published(built_site):
    """No page loads Material's bundle or search (theme.js replaces them): not shipped."""
    scripts = built_site.root / "assets" / "javascripts"
    assert sorted(p.name for p in scripts.iterdir()) == [
        "permalinks.js",
        "search.js",
        "theme.js",
        "timeline.js",
    ]
    for url in ("", "en/pillars/", "search/"):
        sources = [tag["src"] for tag in built_site.page(url).select("script[src]")]
        assert sources and not [src for src in sources if "bundle." in src or "lunr" in src], url


def test_sitemap_names_x_default_like_the_page_heads(built_site):
    import xml.etree.ElementTree as ElementTree

    xhtml = "{http://www.w3.org/1999/xhtml}link"
    sitemap = ElementTree.parse(built_site.root / "sitemap.xml").getroot()
    entries = list(sitemap)
    assert len(entries) > 20
    for entry in entries:
        links = {link.get("hreflang"): link.get("href") for link in entry.iter(xhtml)}
        assert links["x-default"] == links["ar"], entry.findtext("*")
    head = built_site.page("en/timeline/").select_one('link[hreflang="x-default"]')["href"]
    assert head.endswith("/timeline/") and "/en/" not in head
