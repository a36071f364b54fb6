"""For journalists: URLs that last, permalinks, citations, share previews, data, feeds, print.

Every test reads the real build (the session's `built_site`) or the real modules' output.
"""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ElementTree
from urllib.parse import urljoin

import jsonschema
from conftest import PROJECT_ROOT, SITE_URL
from PIL import Image

from explainer.outputs.exports import StrategyExport
from explainer.outputs.feeds import FEED_ENTRIES
from explainer.outputs.redirects import missing_urls, published_urls, read_url_list
from explainer.render.citations import citation_date
from explainer.render.text import load_labels

LABELS = load_labels(PROJECT_ROOT / "locales" / "ui.yaml")
PREFIXES = {"ar": "", "en": "en/"}
ATOM = "{http://www.w3.org/2005/Atom}"
URL_LIST = PROJECT_ROOT / "tests" / "published-urls.txt"


def pages_in_both_languages(built_site) -> list[str]:
    """Arabic page URLs (relative to the site root) that have an English counterpart."""
    urls = []
    for path in built_site.html_files():
        url = built_site.url_of(path)
        if path.name != "index.html" or url.startswith("en/"):
            continue
        if (built_site.root / "en" / url / "index.html").is_file():
            urls.append(url)
    return urls


def content_ids(soup) -> set[str]:
    """Anchors of a page, without Material's own (__) and the title's: hand-written pages
    take their h1 id from the heading's words, the only anchor not meant to be shared."""
    return {
        node["id"]
        for node in soup.select("[id]")
        if not node["id"].startswith("__") and node.name != "h1"
    }


# -----------------------------------------------------------------------------
# Links that last
# -----------------------------------------------------------------------------


def test_every_published_url_is_still_served(built_site):
    published = read_url_list(URL_LIST)
    assert len(published) > 50
    assert missing_urls(built_site.root, published) == []


def test_the_url_list_knows_every_page_of_this_build(built_site):
    unlisted = set(published_urls(built_site.root)) - set(read_url_list(URL_LIST))
    assert not unlisted, f"run `make urls` to add: {sorted(unlisted)}"


def test_the_contract_reports_a_page_that_disappeared(built_site, site_data):
    pillar = site_data.pillars[0].id
    urls = [f"pillars/{pillar}/", f"en/pillars/{pillar}/", "pillars/renamed-away/", "feed.xml"]
    assert missing_urls(built_site.root, urls) == ["pillars/renamed-away/"]


# -----------------------------------------------------------------------------
# Permalinks and ids
# -----------------------------------------------------------------------------


def check_permalink(soup, anchor: str, language: str, kind: str = "") -> None:
    """`kind` is what the link points to, named in the spoken label (a paragraph if empty).

    The block's one tool control: without JavaScript a plain link to the anchor (no "Copy"
    promise it cannot keep), which permalinks.js turns into a button named by the control's
    data-tools-label."""
    control = soup.select_one(f'a.ex-permalink[data-copy-link][href="#{anchor}"]')
    assert control is not None, anchor
    suffix = f"_{kind}" if kind else ""
    assert control["aria-label"] == LABELS[f"tools.link{suffix}"][language], anchor
    assert control.get_text() == "#"  # without CSS; an icon otherwise
    assert control.select_one(".ex-tools__hash")["aria-hidden"] == "true"
    tools = control.parent
    assert "ex-tools" in tools["class"]
    assert tools["data-tools-label"] == LABELS[f"tools.menu{suffix}"][language], anchor
    assert "Copy" not in control.get_text() and "نسخ" not in control.get_text()
    assert soup.find(id=anchor) is not None


def test_every_section_claim_event_agency_and_term_has_a_copy_link_control(built_site, site_data):
    for language, prefix in PREFIXES.items():
        for pillar in site_data.pillars:
            page = built_site.page(f"{prefix}pillars/{pillar.id}/")
            anchors = [c.id for c in pillar.key_facts]
            for section in pillar.sections:
                check_permalink(page, section.id, language, "section")
                anchors += [claim.id for claim in section.claims]
            for anchor in anchors:
                check_permalink(page, anchor, language)
        timeline = built_site.page(f"{prefix}timeline/")
        for event in site_data.events:
            check_permalink(timeline, event.id, language, "event")
        agencies = built_site.page(f"{prefix}agencies/")
        for agency in site_data.agencies:
            check_permalink(agencies, agency.id, language, "agency")
        glossary = built_site.page(f"{prefix}glossary/")
        for term in site_data.terms:
            check_permalink(glossary, term.id, language, "term")
            check_permalink(
                built_site.page(f"{prefix}agencies/{agency.id}/"), f"{agency.id}-summary", language
            )


def test_ids_are_identical_across_languages_on_every_page(built_site):
    pages = pages_in_both_languages(built_site)
    assert len(pages) > 25
    for url in pages:
        arabic = content_ids(built_site.page(url))
        english = content_ids(built_site.page(f"en/{url}"))
        assert arabic == english, (url, arabic ^ english)


def test_no_page_repeats_an_id(built_site):
    for path in built_site.html_files():
        soup = built_site.page(built_site.url_of(path) if path.name == "index.html" else path.name)
        ids = [node["id"] for node in soup.select("[id]")]
        assert len(ids) == len(set(ids)), (path, sorted({i for i in ids if ids.count(i) > 1}))


def test_the_switcher_is_marked_to_keep_the_fragment(built_site):
    for url in ("pillars/", "en/timeline/"):
        switch = built_site.page(url).select_one(".ex-lang-switch__link")
        assert switch.has_attr("data-keep-fragment")
        assert "#" not in switch["href"]


# -----------------------------------------------------------------------------
# Cite this
# -----------------------------------------------------------------------------


def citation_texts(block) -> dict[str, str]:
    return {
        style["data-style"]: " ".join(style.select_one(".ex-citation__text").get_text().split())
        for style in block.select(".ex-citation__style")
    }


def test_pillar_agency_timeline_and_glossary_pages_have_a_citation_block(built_site, site_data):
    pillar, agency = site_data.pillars[0], site_data.agencies[0]
    for language, prefix in PREFIXES.items():
        site_name = getattr(site_data.site.name, language)
        pages = {
            f"{prefix}pillars/{pillar.id}/": getattr(pillar.title, language).replace("*", ""),
            f"{prefix}agencies/{agency.id}/": getattr(agency.name, language),
            f"{prefix}timeline/": LABELS["nav.timeline"][language],
            f"{prefix}glossary/": LABELS["nav.glossary"][language],
        }
        for url, title in pages.items():
            page = built_site.page(url)
            block = page.select_one("section.ex-citation")
            assert block.h2["id"] == "cite"
            folded = block.select_one(":scope > details.ex-citation__details")
            assert not folded.has_attr("open")  # one row at the page's end until opened
            assert folded.summary.h2 is block.h2
            assert block.has_attr("data-pagefind-ignore")  # boilerplate, not searched
            assert block.h2.get_text() == LABELS["cite.title"][language]
            texts = citation_texts(block)
            assert set(texts) == {"apa", "chicago"}
            canonical = page.select_one('link[rel="canonical"]')["href"]
            assert canonical == SITE_URL + url
            for text in texts.values():
                assert title in text and site_name in text and canonical in text
            # The date from the data, as the page shows it, in each style's own order.
            shown = page.select_one(".ex-updated time") or page.select_one(".ex-print-footer time")
            for style, text in texts.items():
                assert citation_date(shown["datetime"], style, language, site_data.site) in text
            buttons = block.select("button[data-copy-citation]")
            assert len(buttons) == 2
            assert all(b.has_attr("hidden") for b in buttons)  # shown by permalinks.js only
            assert {b.get_text() for b in buttons} == {LABELS["cite.copy"][language]}


def test_citations_follow_each_style(built_site, site_data):
    pillar = site_data.pillars[0]
    texts = citation_texts(
        built_site.page(f"en/pillars/{pillar.id}/").select_one("section.ex-citation")
    )
    url = f"{SITE_URL}en/pillars/{pillar.id}/"
    title = pillar.title.en.replace("*", "")
    assert texts["apa"] == f"{site_data.site.name.en}. (2026, December 4). {title}. {url}"
    assert texts["chicago"] == (
        f"“{title}.” {site_data.site.name.en}. Last modified December 4, 2026. {url}"
    )


def test_every_timeline_event_can_be_cited(built_site, site_data):
    for language, prefix in PREFIXES.items():
        timeline = built_site.page(f"{prefix}timeline/")
        for event in site_data.events:
            details = timeline.find(id=event.id).select_one("details.ex-citation--event")
            assert details.summary.get_text() == LABELS["cite.event"][language]
            texts = citation_texts(details)
            assert set(texts) == {"apa", "chicago"}
            assert f"{SITE_URL}{prefix}timeline/#{event.id}" in texts["apa"]


# -----------------------------------------------------------------------------
# Share previews
# -----------------------------------------------------------------------------


def meta(soup, name: str) -> list[str]:
    nodes = soup.select(f'meta[property="{name}"]') or soup.select(f'meta[name="{name}"]')
    return [node["content"] for node in nodes]


def test_every_page_has_open_graph_tags_with_absolute_urls(built_site):
    checked = 0
    for path in built_site.html_files():
        url = built_site.url_of(path)
        soup = built_site.page(url if path.name == "index.html" else path.name)
        if path.name != "index.html" or soup.select_one('meta[http-equiv="refresh"]'):
            assert not meta(soup, "og:title")  # 404 and redirect pages are not shared
            continue
        english = url.startswith("en/")
        canonical = soup.select_one('link[rel="canonical"]')["href"]
        assert meta(soup, "og:url") == [canonical] == [SITE_URL + url]
        assert meta(soup, "og:title")[0].strip()
        assert meta(soup, "og:description")[0].strip()
        assert meta(soup, "og:locale") == (["en_US"] if english else ["ar_AR"])
        assert meta(soup, "og:locale:alternate") == (["ar_AR"] if english else ["en_US"])
        assert meta(soup, "twitter:card") == ["summary_large_image"]
        (image,) = meta(soup, "og:image")
        assert image.startswith(SITE_URL)
        assert (built_site.root / image.removeprefix(SITE_URL)).is_file(), image
        assert meta(soup, "og:image:width") == ["1200"]
        assert meta(soup, "og:image:height") == ["630"]
        checked += 1
    assert checked > 50


def test_pillar_pages_share_their_own_card_per_language(built_site, site_data):
    images = set()
    for pillar in site_data.pillars:
        for prefix, language in (("", "ar"), ("en/", "en")):
            (image,) = meta(built_site.page(f"{prefix}pillars/{pillar.id}/"), "og:image")
            assert f"/share/{language}/pillar-{pillar.id}." in image
            compare = built_site.page(f"{prefix}pillars/{pillar.id}/compare/")
            assert meta(compare, "og:image") == [image]
            images.add(image)
    assert len(images) == 2 * len(site_data.pillars)


def test_share_images_are_1200_by_630_one_per_pillar_and_language_plus_defaults(
    built_site, site_data
):
    files = sorted((built_site.root / "assets" / "images" / "share").rglob("*.png"))
    assert len(files) == 2 * (len(site_data.pillars) + 1)
    assert {f.name.split(".")[0] for f in files} == {"site"} | {
        f"pillar-{p.id}" for p in site_data.pillars
    }
    for file in files:
        with Image.open(file) as image:
            assert image.size == (1200, 630)
            assert image.format == "PNG"


# -----------------------------------------------------------------------------
# Data for reuse
# -----------------------------------------------------------------------------


def every_id(site_data) -> set[str]:
    ids = {p.id for p in site_data.pillars} | {e.id for e in site_data.events}
    ids |= {a.id for a in site_data.agencies} | {s.id for s in site_data.sources}
    ids |= {t.id for t in site_data.terms} | {c.id for c in site_data.strategy.key_facts}
    for pillar in site_data.pillars:
        ids |= {c.id for c in pillar.key_facts}
        for section in pillar.sections:
            ids |= {section.id} | {claim.id for claim in section.claims}
    return ids


def ids_in(value) -> set[str]:
    if isinstance(value, dict):
        found = {value["id"]} if isinstance(value.get("id"), str) else set()
        return found.union(*(ids_in(item) for item in value.values()))
    if isinstance(value, list):
        return set().union(*(ids_in(item) for item in value))
    return set()


def test_strategy_json_has_every_id_in_both_languages_and_validates(built_site, site_data):
    folder = built_site.root / "data"
    exported = json.loads((folder / "strategy.json").read_text(encoding="utf-8"))
    assert exported["version"] == site_data.site.version
    assert exported["last_updated"] >= site_data.site.last_reviewed
    assert exported["languages"] == ["ar", "en"]
    assert ids_in(exported) >= every_id(site_data)
    assert exported["pillars"][0]["title"] == site_data.pillars[0].title.model_dump()
    assert exported["pages"]["timeline"] == {
        "ar": f"{SITE_URL}timeline/",
        "en": f"{SITE_URL}en/timeline/",
    }
    schema = json.loads((folder / "strategy.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)
    jsonschema.Draft7Validator(schema).validate(exported)
    StrategyExport.model_validate(exported)  # and the models read it back


def test_the_schema_rejects_data_without_a_version(built_site):
    folder = built_site.root / "data"
    exported = json.loads((folder / "strategy.json").read_text(encoding="utf-8"))
    schema = json.loads((folder / "strategy.schema.json").read_text(encoding="utf-8"))
    del exported["version"]
    errors = list(jsonschema.Draft7Validator(schema).iter_errors(exported))
    assert [error.message for error in errors] == ["'version' is a required property"]


def test_timeline_csv_has_a_bom_and_one_row_per_event_in_both_languages(built_site, site_data):
    raw = (built_site.root / "data" / "timeline.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert [row["id"] for row in rows] == [event.id for event in site_data.events_sorted()]
    event = site_data.events_sorted()[0]
    first = rows[0]
    assert first["date"] == event.date
    assert first["title_en"] and first["title_ar"] and first["description_ar"]
    assert first["url_en"] == f"{SITE_URL}en/timeline/#{event.id}"
    assert any("\u0600" <= character <= "\u06ff" for character in first["title_ar"])


def test_the_open_data_page_links_the_downloads_licence_and_citation(built_site, site_data):
    for prefix in PREFIXES.values():
        page = built_site.page(f"{prefix}data/")
        hrefs = [a["href"] for a in page.select(".ex-downloads a[type]")]
        resolved = {urljoin(f"/{prefix}data/", href).lstrip("/") for href in hrefs}
        assert resolved == {
            "data/strategy.json",
            "data/strategy.schema.json",
            "data/timeline.csv",
            f"{prefix}feed.xml",
        }
        assert all((built_site.root / target).is_file() for target in resolved)
        licence = page.select_one('a[rel~="license"]')
        assert licence["href"] == site_data.site.licence.url
        assert page.select_one("#how-to-cite") is not None
        assert len(page.select(".ex-citation__style")) == 2
        nav = [a.get("href") for a in built_site.page(prefix).select("nav.md-nav--primary a")]
        assert "data/" in nav


# -----------------------------------------------------------------------------
# Feeds
# -----------------------------------------------------------------------------


def test_atom_feeds_are_well_formed_with_every_required_element(built_site, site_data):
    for prefix, language in (("", "ar"), ("en/", "en")):
        feed = ElementTree.parse(built_site.root / prefix / "feed.xml").getroot()
        assert feed.tag == f"{ATOM}feed"
        assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == language
        for required in ("id", "title", "updated", "author/" + ATOM + "name"):
            assert feed.findtext(ATOM + required).strip(), required
        self_links = [link for link in feed.findall(f"{ATOM}link") if link.get("rel") == "self"]
        assert [link.get("href") for link in self_links] == [f"{SITE_URL}{prefix}feed.xml"]
        entries = feed.findall(f"{ATOM}entry")
        every_entry = len(site_data.events) + sum(
            len(record.updates) for record in (*site_data.pillars, *site_data.agencies)
        )
        assert len(entries) == min(every_entry, FEED_ENTRIES)
        ids = [entry.findtext(f"{ATOM}id") for entry in entries]
        assert len(set(ids)) == len(ids)
        dates = [entry.findtext(f"{ATOM}updated") for entry in entries]
        assert dates == sorted(dates, reverse=True)  # newest first
        assert feed.findtext(f"{ATOM}updated") == max(
            [*dates, f"{site_data.site.last_reviewed}T00:00:00Z"]
        )
        for entry in entries:
            assert entry.findtext(f"{ATOM}title").strip()
            assert entry.find(f"{ATOM}link[@rel='alternate']").get("href").startswith(SITE_URL)


def test_every_page_advertises_its_languages_feed(built_site):
    for url, feed in (("", "feed.xml"), ("pillars/", "feed.xml"), ("en/glossary/", "en/feed.xml")):
        link = built_site.page(url).select_one('link[rel="alternate"][type="application/atom+xml"]')
        assert link["href"] == SITE_URL + feed


# -----------------------------------------------------------------------------
# Updates, print, side by side
# -----------------------------------------------------------------------------


def test_pillar_and_agency_pages_show_their_last_updated_date_from_the_data(built_site, site_data):
    for record, url in (
        (site_data.pillars[0], f"pillars/{site_data.pillars[0].id}/"),
        (site_data.agencies[0], f"agencies/{site_data.agencies[0].id}/"),
    ):
        expected = record.updated or site_data.site.last_reviewed
        for prefix in PREFIXES.values():
            shown = built_site.page(prefix + url).select_one(".ex-updated time")
            assert shown["datetime"] == expected


def test_print_stylesheet_is_linked_and_hides_the_chrome(built_site):
    stylesheet = built_site.root / "assets" / "stylesheets" / "print.css"
    css = stylesheet.read_text(encoding="utf-8")
    assert "@media print" in css
    for selector in (".md-header", ".md-sidebar", ".md-search", "attr(data-print-url)"):
        assert selector in css
    for url in ("", "en/pillars/", "timeline/"):
        page = built_site.page(url)
        links = [link["href"] for link in page.select('link[rel="stylesheet"]')]
        assert any(href.endswith("assets/stylesheets/print.css") for href in links), url
        footer = page.select_one(".ex-print-footer")
        assert SITE_URL + url in footer.get_text()
        # Both addresses (the page's, the citation's) are left-to-right runs in any language.
        isolated = [span.get_text() for span in footer.select('span[dir="ltr"]')]
        assert isolated == [SITE_URL + url, SITE_URL + url], url


def test_each_pillar_has_a_side_by_side_view_aligned_by_claim_id(built_site, site_data):
    for pillar in site_data.pillars:
        for prefix, language in (("", "ar"), ("en/", "en")):
            pillar_page = built_site.page(f"{prefix}pillars/{pillar.id}/")
            link = pillar_page.select_one(".ex-compare-link a")
            assert link["href"] == "compare/"
            page = built_site.page(f"{prefix}pillars/{pillar.id}/compare/")
            rows = {row["id"]: row for row in page.select("table.ex-compare tbody tr[id]")}
            # The pillar page's text is searched there (tests/test_search.py).
            assert page.select_one(".ex-compare-wrap[data-pagefind-ignore] table.ex-compare")
            for section in pillar.sections:
                for claim in section.claims:
                    cells = rows[claim.id].select("td")
                    assert [cell["lang"] for cell in cells] == [
                        language,
                        "en" if language == "ar" else "ar",
                    ]
                    by_language = {cell["lang"]: cell for cell in cells}
                    assert by_language["ar"]["dir"] == "rtl" and by_language["en"]["dir"] == "ltr"
                    for lang_code, cell in by_language.items():
                        expected = " ".join(getattr(claim.text, lang_code).replace("*", "").split())
                        assert " ".join(cell.get_text().split()) == expected.replace("`", "")
