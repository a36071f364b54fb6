"""Journalists' tools on modified data: redirects, updates and corrections, share images.

One scenario build covers redirects and logged updates; the share-image tests draw cards
directly; the raqm test builds with raqm switched off and expects a clear failure.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import textwrap
import xml.etree.ElementTree as ElementTree
from dataclasses import replace
from pathlib import Path
from urllib.parse import urljoin

import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import PROJECT_ROOT, SITE_URL, build, copy_project
from PIL import Image, ImageColor, ImageFont

from explainer.data.loader import DataError
from explainer.data.model import Site
from explainer.outputs import share_images
from explainer.outputs.redirects import missing_urls, write_redirects
from explainer.outputs.share_images import (
    ARABIC_FONTS,
    BACKGROUND,
    INK,
    MUTED,
    FontSet,
    ShareCard,
    ShareImageError,
    render_card,
    require_raqm,
    write_share_images,
)
from explainer.render.citations import citation_date
from explainer.render.text import load_labels
from explainer.site import DIRECTIONS, load_project

FONTS = PROJECT_ROOT / "fonts" / "ttf"
LABELS = load_labels(PROJECT_ROOT / "locales" / "ui.yaml")
ATOM = "{http://www.w3.org/2005/Atom}"


def read(site: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "lxml")


def rewrite_yaml(path: Path, change) -> None:
    """Load a data file, change it, write it back with its first (schema) line kept."""
    text = path.read_text(encoding="utf-8")
    content = yaml.safe_load(text)
    change(content)
    dumped = yaml.safe_dump(content, allow_unicode=True, sort_keys=False, width=1000)
    path.write_text(text.split("\n", 1)[0] + "\n" + dumped, encoding="utf-8")


UPDATES = [
    {
        "date": "2026-12-02",
        "kind": "correction",
        "text": {"ar": "صُحّح تاريخ الإدراج.", "en": "The designation date was corrected."},
    },
    {
        "date": "2026-12-05",
        "kind": "clarification",
        "text": {"ar": "وُضّح مصدر الرقم.", "en": "The source of the figure was made clear."},
    },
    {
        "date": "2026-12-05",
        "kind": "update",
        "text": {"ar": "أُضيف حدث جديد.", "en": "A new event was added."},
    },
]


@pytest.fixture(scope="module")
def scenario(tmp_path_factory, site_data):
    """A build whose data renames a pillar's old address and logs updates and corrections."""
    project = copy_project(tmp_path_factory.mktemp("journalists") / "project")
    pillar, event = site_data.pillars[0], site_data.events_sorted()[0]

    def add_redirects(content):
        # Dates below are set around a site review on 29 November 2026.
        content["site"]["last_reviewed"] = "2026-11-29"
        content["site"]["redirects"] = [
            {"from": "pillars/old-name/", "to": f"pillars/{pillar.id}/"},
            {"from": "chronology/", "to": f"timeline/#{event.id}"},
        ]

    # The shipped data logs its own updates (the review of 2026-12-04); the scenario replaces
    # them with a known set, so the counts below do not follow the content.
    def add_pillar_updates(content):
        for record in content["pillars"]:
            record.pop("updates", None)
        content["pillars"][0]["updated"] = "2026-12-01"
        content["pillars"][0]["updates"] = UPDATES

    def add_agency_update(content):
        for record in content["agencies"]:
            record.pop("updates", None)
        content["agencies"][0]["updates"] = UPDATES[:1]

    rewrite_yaml(project / "data" / "site.yaml", add_redirects)
    rewrite_yaml(project / "data" / "pillars.yaml", add_pillar_updates)
    rewrite_yaml(project / "data" / "agencies.yaml", add_agency_update)
    result = build(project)
    assert result.returncode == 0, result.stdout + result.stderr
    return project


def test_a_renamed_page_redirects_in_both_languages(scenario, site_data):
    site = scenario / "site"
    pillar = site_data.pillars[0].id
    assert missing_urls(site, ["pillars/old-name/", "en/pillars/old-name/"]) == []
    for prefix, language in (("", "ar"), ("en/", "en")):
        page = read(site, f"{prefix}pillars/old-name/")
        assert (page.html["lang"], page.html["dir"]) == (language, DIRECTIONS[language])
        refresh = page.select_one('meta[http-equiv="refresh"]')["content"]
        assert refresh == f"0; url=../{pillar}/"
        target = urljoin(f"/{prefix}pillars/old-name/", f"../{pillar}/").lstrip("/")
        assert (site / target / "index.html").is_file()
        canonical = page.select_one('link[rel="canonical"]')["href"]
        assert canonical == f"{SITE_URL}{prefix}pillars/{pillar}/"
        assert page.select_one("body a")["href"] == f"../{pillar}/"
        assert LABELS["redirect.moved"][language] in page.body.get_text()
        assert not page.select("script")


def test_a_redirect_can_point_at_an_anchor(scenario, site_data):
    event = site_data.events_sorted()[0].id
    page = read(scenario / "site", "en/chronology/")
    assert (
        page.select_one('meta[http-equiv="refresh"]')["content"] == f"0; url=../timeline/#{event}"
    )
    assert page.select_one('link[rel="canonical"]')["href"] == f"{SITE_URL}en/timeline/#{event}"


def test_a_redirect_that_would_hide_a_page_or_lead_nowhere_is_refused(scenario, site_data):
    project = load_project(scenario, site_url=SITE_URL)
    redirects = [
        {"from": f"pillars/{site_data.pillars[1].id}/", "to": "timeline/"},
        {"from": "gone/", "to": "pillars/nowhere/"},
    ]
    site = Site.model_validate(
        {**project.data.site.model_dump(by_alias=True), "redirects": redirects}
    )
    project.renderer.data = replace(project.data, site=site)
    with pytest.raises(DataError) as error:
        write_redirects(scenario / "site", project.renderer, DIRECTIONS)
    report = error.value.report()
    assert f"site.redirects[0].from: 'pillars/{site_data.pillars[1].id}/' is still a page" in report
    assert "site.redirects[1].to: 'pillars/nowhere/' is not a page of the site" in report


def test_pillar_and_agency_pages_log_updates_newest_first_with_their_kind(scenario, site_data):
    site = scenario / "site"
    pillar, agency = site_data.pillars[0].id, site_data.agencies[0].id
    for prefix, language in (("", "ar"), ("en/", "en")):
        page = read(site, f"{prefix}pillars/{pillar}/")
        # The newest logged update is later than the pillar's own `updated` date.
        assert page.select_one(".ex-updated time")["datetime"] == "2026-12-05"
        assert page.select_one("#updates-log").get_text() == LABELS["updates.log"][language]
        entries = page.select(".ex-update-list li")
        assert [li.time["datetime"] for li in entries] == ["2026-12-05", "2026-12-05", "2026-12-02"]
        assert [li["data-kind"] for li in entries] == ["clarification", "update", "correction"]
        assert [li.select_one(".ex-badge").get_text() for li in entries] == [
            LABELS[f"update.{kind}"][language] for kind in ("clarification", "update", "correction")
        ]
        assert UPDATES[0]["text"][language] in entries[-1].get_text()
        assert [li["id"] for li in entries] == [
            "update-2026-12-05-1",
            "update-2026-12-05-2",
            "update-2026-12-02-1",
        ]
        agency_page = read(site, f"{prefix}agencies/{agency}/")
        (entry,) = agency_page.select(".ex-update-list li")
        assert entry["data-kind"] == "correction"
        citation = " ".join(agency_page.select_one("section.ex-citation").get_text().split())
        assert agency_page.select_one(".ex-updated time")["datetime"] == "2026-12-02"
        assert citation_date("2026-12-02", "chicago", language, site_data.site) in citation


def test_the_site_wide_updates_page_lists_every_entry(scenario, site_data):
    for prefix, language in (("", "ar"), ("en/", "en")):
        page = read(scenario / "site", f"{prefix}updates/")
        entries = page.select(".ex-update-list--site li")
        assert len(entries) == 4
        dates = [li.time["datetime"] for li in entries]
        assert dates == sorted(dates, reverse=True)
        assert [li["data-kind"] for li in entries].count("correction") == 2
        targets = [urljoin(f"/{prefix}updates/", li.a["href"]).lstrip("/") for li in entries]
        pillar, agency = site_data.pillars[0].id, site_data.agencies[0].id
        assert targets == [
            f"{prefix}pillars/{pillar}/#update-2026-12-05-1",
            f"{prefix}pillars/{pillar}/#update-2026-12-05-2",
            f"{prefix}pillars/{pillar}/#update-2026-12-02-1",
            f"{prefix}agencies/{agency}/#update-2026-12-02-1",
        ]
        assert LABELS["updates.none"][language] not in page.get_text()


def test_the_feed_carries_the_updates_and_links_to_their_anchors(scenario, site_data):
    site = scenario / "site"
    feed = ElementTree.parse(site / "en" / "feed.xml").getroot()
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == len(site_data.events) + 4
    newest = entries[0]
    assert newest.findtext(f"{ATOM}updated") == "2026-12-05T00:00:00Z"
    assert feed.findtext(f"{ATOM}updated") == "2026-12-05T00:00:00Z"
    link = newest.find(f"{ATOM}link").get("href")
    page_url, _, anchor = link.partition("#")
    page = read(site, page_url.removeprefix(SITE_URL))
    assert page.find(id=anchor) is not None
    assert newest.find(f"{ATOM}category").get("term") in {"clarification", "update"}


# -----------------------------------------------------------------------------
# Share images
# -----------------------------------------------------------------------------

ARABIC_WORD = "الاستراتيجية"


def test_arabic_is_shaped_not_drawn_letter_by_letter():
    require_raqm()
    path = str(FONTS / ARABIC_FONTS["bold"])
    shaped = ImageFont.truetype(path, 64, layout_engine=ImageFont.Layout.RAQM)
    unshaped = ImageFont.truetype(path, 64, layout_engine=ImageFont.Layout.BASIC)
    shaped_width = shaped.getlength(ARABIC_WORD, direction="rtl", language="ar")
    unshaped_width = unshaped.getlength(ARABIC_WORD)
    # Joined forms and the lam-alef ligature make the shaped word much narrower.
    assert shaped_width < 0.9 * unshaped_width
    # The card code measures (and so draws) the shaped form.
    assert FontSet(FONTS).width(ARABIC_WORD, 64, "bold", rtl=True) == pytest.approx(shaped_width)


def test_arabic_runs_right_to_left_with_latin_kept_in_order():
    runs = FontSet(FONTS).runs("قانون CAPTAGON Act (H.R. 6265) لعام 2023.", rtl=True)
    # Visual order, left to right: the sentence's end is on the left.
    assert [(run.text, run.script, run.direction) for run in runs] == [
        ("2023.", "latin", "rtl"),
        (" لعام ", "arabic", "rtl"),
        ("CAPTAGON Act (H.R. 6265)", "latin", "ltr"),
        ("قانون ", "arabic", "rtl"),
    ]


def test_a_line_in_one_direction_is_one_group_as_the_bidi_rules_make_it(site_data):
    """Lines without a letter of the other direction skip the bidi rules: for every text
    of the data, and for edge cases, the shortcut gives what the rules give."""
    texts = {"", " ", "()", "(H.R. 6265)", "١٢٣ 45", "\u064b", "a\u064b", "ب (ABC) ج", "ABC (ب) D"}
    for record in (*site_data.pillars, *site_data.events, *site_data.agencies):
        for value in vars(record).values():
            if hasattr(value, "ar") and hasattr(value, "en"):
                texts |= {value.ar, value.en}
    assert len(texts) > 100
    for text in texts:
        for rtl in (True, False):
            assert share_images._direction_groups(text, rtl) == share_images._resolved_groups(
                text, rtl
            ), (text, rtl)
    assert share_images._direction_groups("قانون 12 (ب)", rtl=True) == [("قانون 12 (ب)", "rtl")]
    assert len(share_images._direction_groups("قانون DEA اليوم", rtl=True)) == 3


def card(title: str) -> ShareCard:
    return ShareCard("ar", "test", "المحور 1", title, "ملخص قصير.", "اسم الموقع", "#1565c0")


def test_cards_are_1200_by_630_and_the_same_input_gives_the_same_bytes():
    first = render_card(card(ARABIC_WORD), FONTS)
    assert first == render_card(card(ARABIC_WORD), FONTS)
    with Image.open(io.BytesIO(first)) as image:
        assert image.size == (1200, 630)


def test_cards_are_palette_images_of_the_background_and_blends_of_their_inks():
    with Image.open(io.BytesIO(render_card(card(ARABIC_WORD), FONTS))) as image:
        assert image.mode == "P"
        pixels = image.convert("RGB")
    colours = {colour for _, colour in pixels.getcolors(maxcolors=1 << 16)}
    corner, top_bar = pixels.getpixel((5, 600)), pixels.getpixel((5, 5))
    rgb = {name: ImageColor.getrgb(name) for name in (BACKGROUND, INK, MUTED, "#1565c0")}
    assert corner == rgb[BACKGROUND] and top_bar == rgb["#1565c0"]
    # Every ink drawn at full strength, antialiased edges in between, at most 64 colours.
    assert {rgb[INK], rgb[MUTED], rgb["#1565c0"]} <= colours
    assert 10 < len(colours) <= 64


def test_cards_are_drawn_again_only_when_their_text_changes(tmp_path):
    cache, site = tmp_path / "cache", tmp_path / "site"
    cards = [card(ARABIC_WORD), card("عنوان آخر")]
    assert write_share_images(site, cards, FONTS, cache) == {"drawn": 2, "reused": 0}
    # A card drawn again would be a new file (written aside, then moved into place); a card
    # reused is only touched, so that cache upkeep knows it is in use.
    before = {path.name: path.stat().st_ino for path in cache.iterdir()}
    assert write_share_images(site, cards, FONTS, cache) == {"drawn": 0, "reused": 2}
    assert {path.name: path.stat().st_ino for path in cache.iterdir()} == before
    changed = [card(ARABIC_WORD), card("عنوان جديد")]
    assert write_share_images(site, changed, FONTS, cache) == {"drawn": 1, "reused": 1}
    assert changed[1].url(FONTS) != cards[1].url(FONTS)
    assert (site / changed[1].url(FONTS)).is_file()


def test_without_raqm_the_build_stops_with_a_clear_message(project_factory, tmp_path):
    shim = tmp_path / "shim"
    shim.mkdir()
    # Loaded at interpreter start-up in the build's processes: Pillow reports no raqm.
    (shim / "sitecustomize.py").write_text(
        textwrap.dedent(
            """
            from PIL import features
            _check = features.check
            features.check = lambda feature: False if feature == "raqm" else _check(feature)
            """
        ),
        encoding="utf-8",
    )
    project = project_factory()
    result = subprocess.run(
        [sys.executable, "scripts/build_site.py", "--site-dir", "site"],
        cwd=project,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(shim)},
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "raqm layout is unavailable" in output
    assert "apt-get install libraqm0 libfribidi0" in output
    assert "Traceback" not in output
    assert not (project / "site").exists()


def test_require_raqm_names_the_missing_libraries(monkeypatch):
    from explainer.outputs import share_images

    monkeypatch.setattr(share_images.features, "check", lambda feature: False)
    with pytest.raises(ShareImageError, match="libraqm or libfribidi is missing"):
        require_raqm()
