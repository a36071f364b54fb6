"""The built site: pages in both languages, lang/dir, switcher, hreflang, ids, privacy."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree
from urllib.parse import urljoin, urlsplit

from conftest import PROJECT_ROOT, SITE_URL

from explainer.render.text import load_labels

LABELS = load_labels(PROJECT_ROOT / "locales" / "ui.yaml")


def heading_text(heading) -> str:
    return "".join(
        node.get_text()
        for node in heading.children
        if "headerlink" not in (getattr(node, "attrs", {}) or {}).get("class", [])
    ).strip()


def pillar_ids(site_data) -> list[str]:
    return [pillar.id for pillar in site_data.pillars]


def test_home_pages_have_language_and_direction_on_html(built_site):
    arabic = built_site.page("").html
    english = built_site.page("en/").html
    assert (arabic["lang"], arabic["dir"]) == ("ar", "rtl")
    assert (english["lang"], english["dir"]) == ("en", "ltr")


def test_every_page_has_lang_and_dir_on_html(built_site):
    for path in built_site.html_files():
        html = (
            built_site.page(built_site.url_of(path) or "").html
            if path.name == "index.html"
            else None
        )
        if html is None:
            continue
        english = built_site.url_of(path).startswith("en/")
        expected = ("en", "ltr") if english else ("ar", "rtl")
        assert (html.get("lang"), html.get("dir")) == expected, path


def test_every_pillar_has_a_page_in_both_languages_linking_to_its_counterpart(
    built_site, site_data
):
    for pillar_id in pillar_ids(site_data):
        arabic = built_site.page(f"pillars/{pillar_id}/")
        english = built_site.page(f"en/pillars/{pillar_id}/")
        assert heading_text(arabic.h1) == site_data.pillar(pillar_id).title.ar.replace("*", "")
        assert heading_text(english.h1) == site_data.pillar(pillar_id).title.en.replace("*", "")
        switch_ar = arabic.select_one(".ex-lang-switch__link")
        switch_en = english.select_one(".ex-lang-switch__link")
        assert switch_ar["hreflang"] == "en"
        assert urljoin(f"/pillars/{pillar_id}/", switch_ar["href"]) == f"/en/pillars/{pillar_id}/"
        assert switch_en["hreflang"] == "ar"
        assert urljoin(f"/en/pillars/{pillar_id}/", switch_en["href"]) == f"/pillars/{pillar_id}/"


def test_switcher_leads_to_the_same_page_on_every_page(built_site):
    for path in built_site.html_files():
        url = built_site.url_of(path)
        if path.name != "index.html":
            continue
        switch = built_site.page(url).select_one(".ex-lang-switch__link")
        target = urljoin("/" + url, switch["href"]).lstrip("/")
        expected = url.removeprefix("en/") if url.startswith("en/") else "en/" + url
        assert target == expected, url
        assert (built_site.root / target / "index.html").is_file(), target


def test_hreflang_alternates_are_absolute_with_x_default(built_site, site_data):
    for pillar_id in pillar_ids(site_data):
        for url in (f"pillars/{pillar_id}/", f"en/pillars/{pillar_id}/"):
            links = {
                link["hreflang"]: link["href"]
                for link in built_site.page(url).select('link[rel="alternate"][hreflang]')
            }
            assert links == {
                "ar": f"{SITE_URL}pillars/{pillar_id}/",
                "en": f"{SITE_URL}en/pillars/{pillar_id}/",
                "x-default": f"{SITE_URL}pillars/{pillar_id}/",
            }
            canonical = built_site.page(url).select_one('link[rel="canonical"]')["href"]
            assert canonical == SITE_URL + url


def test_sitemap_lists_both_languages_with_alternates(built_site, site_data):
    tree = ElementTree.parse(built_site.root / "sitemap.xml")
    namespaces = {
        "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
        "x": "http://www.w3.org/1999/xhtml",
    }
    locations = {node.text for node in tree.getroot().iterfind("s:url/s:loc", namespaces)}
    for pillar_id in pillar_ids(site_data):
        assert f"{SITE_URL}pillars/{pillar_id}/" in locations
        assert f"{SITE_URL}en/pillars/{pillar_id}/" in locations
    alternates = tree.getroot().findall("s:url/x:link", namespaces)
    assert alternates and all(link.get("href").startswith(SITE_URL) for link in alternates)


def test_claim_and_section_ids_are_identical_across_languages(built_site, site_data):
    for pillar in site_data.pillars:
        expected = {section.id for section in pillar.sections} | {
            claim.id for section in pillar.sections for claim in section.claims
        }
        arabic_ids = {
            node["id"] for node in built_site.page(f"pillars/{pillar.id}/").select("[id]")
        }
        english_ids = {
            node["id"] for node in built_site.page(f"en/pillars/{pillar.id}/").select("[id]")
        }
        assert expected <= arabic_ids
        assert expected <= english_ids
        content_ids = lambda ids: {i for i in ids if not i.startswith("__")}  # noqa: E731
        assert content_ids(arabic_ids) == content_ids(english_ids)


def test_nav_follows_data_order(built_site, site_data):
    for prefix, language in (("", "ar"), ("en/", "en")):
        nav = built_site.page(prefix).select_one("nav.md-nav--primary")
        titles = [a.get_text(" ", strip=True) for a in nav.select("a.md-nav__link")]
        expected = [getattr(p.title, language).replace("*", "") for p in site_data.pillars]
        positions = [titles.index(title) for title in expected]
        assert positions == sorted(positions)


def test_nav_lists_each_page_once_with_sections_led_by_their_index(built_site, site_data):
    """A section with an index page is that page's link ("Pillars" once, not a section label
    followed by a "Pillars" page), on every page type."""
    for prefix, language in (("", "ar"), ("en/", "en")):
        for url in (prefix, f"{prefix}timeline/", f"{prefix}pillars/{site_data.pillars[0].id}/"):
            nav = built_site.page(url).select_one("nav.md-nav--primary")
            links = nav.select("a.md-nav__link")
            hrefs = [a["href"].split("#")[0] for a in links if not a["href"].startswith("#")]
            assert len(hrefs) == len(set(hrefs)), url
            # Section labels included: "Pillars" as a label, then a "Pillars" page, is the
            # duplicate a section without its index page shows.
            # (Not the current page's table of contents, nor its toggle for phones.)
            entries = nav.select(
                ".md-nav__link:not(.md-nav__container, .md-nav__container *,"
                " .md-nav--secondary *, [for='__toc'])"
            )
            titles = [title for e in entries if (title := " ".join(e.get_text().split()))]
            assert len(titles) == len(set(titles)), (url, titles)
            pillars = LABELS["nav.pillars"][language]
            section = [a for a in links if a.get_text(strip=True) == pillars]
            assert len(section) == 1, url
            assert urljoin("/" + url, section[0]["href"]) == f"/{prefix}pillars/", url


def test_home_has_one_card_per_pillar_in_both_languages(built_site, site_data):
    for prefix in ("", "en/"):
        board = built_site.page(prefix).select_one("ol.ex-board")
        assert board["data-count"] == str(len(site_data.pillars))
        cards = board.select("li.ex-board__pillar h3 a.ex-board__link")
        assert [a["href"] for a in cards] == [f"pillars/{p.id}/" for p in site_data.pillars]


def test_hand_written_arabic_headings_get_readable_anchors(built_site):
    page = built_site.page("about/")
    heading_ids = [h["id"] for h in page.select("article h2[id]")]
    assert heading_ids
    assert not [i for i in heading_ids if re.fullmatch(r"_\d+", i)]


def test_no_third_party_assets(built_site):
    own = urlsplit(SITE_URL).netloc
    for path in built_site.html_files():
        soup = built_site.page(built_site.url_of(path)) if path.name == "index.html" else None
        if soup is None:
            continue
        for node in soup.select("script[src], link[href], img[src], source[src], iframe[src]"):
            url = node.get("src") or node.get("href")
            if node.name == "link" and node.get("rel") in (["alternate"], ["canonical"]):
                continue
            host = urlsplit(url).netloc
            assert host in ("", own), f"{path}: {url}"
    css = "\n".join(p.read_text(encoding="utf-8") for p in built_site.root.rglob("*.css"))
    assert "fonts.googleapis" not in css and "fonts.gstatic" not in css


def test_site_works_under_a_sub_path(built_site):
    assert urlsplit(SITE_URL).path not in ("", "/")
    home = built_site.page("")
    # Asset links are relative, so the same files work under any prefix.
    for node in home.select("link[rel=stylesheet], script[src]"):
        url = node.get("href") or node.get("src")
        assert not url.startswith("/"), url
