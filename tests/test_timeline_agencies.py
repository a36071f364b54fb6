"""Timeline, agency and sources pages built from the YAML, in both languages."""

from __future__ import annotations

import re

from explainer.data.partial_dates import chronological_key

ARABIC_MONTHS = (
    "يناير",
    "فبراير",
    "مارس",
    "أبريل",
    "مايو",
    "يونيو",
    "يوليو",
    "أغسطس",
    "سبتمبر",
    "أكتوبر",
    "نوفمبر",
    "ديسمبر",
)
ENGLISH_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def test_every_event_has_the_same_anchor_on_both_timelines(built_site, site_data):
    for url in ("timeline/", "en/timeline/"):
        anchors = [li["id"] for li in built_site.page(url).select("li.ex-event[id]")]
        assert anchors == [event.id for event in site_data.events_sorted()]


def test_timeline_is_chronological_and_grouped_by_year(built_site, site_data):
    page = built_site.page("timeline/")
    dates = [time["datetime"] for time in page.select("li.ex-event .ex-event__meta time")]
    assert dates == sorted(dates, key=chronological_key)
    years = [h2["id"] for h2 in page.select("h2.ex-year")]
    assert years == [f"year-{y}" for y in sorted({e.date[:4] for e in site_data.events})]
    for section_heading in page.select("h2.ex-year"):
        year = section_heading["id"].removeprefix("year-")
        listed = section_heading.find_next_sibling("ol").select("time")
        assert listed and all(t["datetime"].startswith(year) for t in listed)


def test_datetime_values_match_the_data(built_site, site_data):
    for url in ("timeline/", "en/timeline/"):
        page = built_site.page(url)
        for event in site_data.events:
            time = page.select_one(f"li#{event.id} .ex-event__meta time")
            assert time["datetime"] == event.date


def test_arabic_month_names_on_arabic_pages_and_english_on_english(built_site, site_data):
    month_event = next(e for e in site_data.events if len(e.date) >= 7)
    month = int(month_event.date[5:7])
    arabic = built_site.page("timeline/").select_one(f"li#{month_event.id} time").get_text()
    english = built_site.page("en/timeline/").select_one(f"li#{month_event.id} time").get_text()
    assert ARABIC_MONTHS[month - 1] in arabic
    assert not re.search(r"[A-Za-z]", arabic)
    assert ENGLISH_MONTHS[month - 1] in english
    # Western digits on the Arabic site (the default numeral policy).
    assert month_event.date[:4] in arabic


def test_partial_dates_read_naturally(built_site, site_data):
    for event in site_data.events:
        text = built_site.page("en/timeline/").select_one(f"li#{event.id} time").get_text()
        if len(event.date) == 4:
            assert text == event.date
        elif len(event.date) == 7:
            assert re.fullmatch(r"[A-Z][a-z]+ \d{4}", text), text


def test_every_event_shows_kind_links_and_sources(built_site, site_data):
    page = built_site.page("en/timeline/")
    for event in site_data.events:
        item = page.select_one(f"li#{event.id}")
        assert item.select_one(".ex-badge--kind")
        links = [a["href"] for a in item.select(".ex-event__links a")]
        assert [h for h in links if "/pillars/" in h or h.startswith("../pillars/")] == [
            f"../pillars/{p}/" for p in event.pillars
        ]
        assert [h for h in links if "agencies/" in h] == [
            f"../agencies/{a}/" for a in event.agencies
        ]
        cited = [a["href"] for a in item.select(".ex-cite a")]
        assert cited == [f"#{s}" for s in event.sources]
        for source_id in event.sources:
            assert page.select_one(f".ex-page-sources li#{source_id}")


def test_pillar_pages_list_exactly_their_events(built_site, site_data):
    for pillar in site_data.pillars:
        for prefix in ("", "en/"):
            page = built_site.page(f"{prefix}pillars/{pillar.id}/")
            listed = [li["data-event"] for li in page.select("li.ex-event[data-event]")]
            assert listed == [e.id for e in site_data.events_sorted() if pillar.id in e.pillars]


def test_pillar_pages_link_their_agencies(built_site, site_data):
    for pillar in site_data.pillars:
        page = built_site.page(f"en/pillars/{pillar.id}/")
        hrefs = [a["href"] for a in page.select(".ex-cards--agencies a")]
        assert hrefs == [f"../../agencies/{a}/" for a in pillar.agencies]


def test_every_agency_has_both_pages_with_role_standing_events_and_link(built_site, site_data):
    for agency in site_data.agencies:
        for prefix, language in (("", "ar"), ("en/", "en")):
            page = built_site.page(f"{prefix}agencies/{agency.id}/")
            standing = page.select_one(f".ex-standing--{agency.standing}")
            note = standing.find_next_sibling(class_="ex-standing__note")
            if agency.standing_note:  # its own element, set under the standing
                assert " ".join(note.get_text().split()).startswith(
                    " ".join(getattr(agency.standing_note, language).split()[:2])
                )
            else:
                assert note is None
            assert page.select_one(f'a[href="{agency.website}"]')
            listed = [li["data-event"] for li in page.select("li.ex-event[data-event]")]
            assert listed == [e.id for e in site_data.events_for_agency(agency.id)]
            role = page.select_one(f"#{agency.id}-summary").get_text()
            first_words = re.sub(r"[*_`]", "", getattr(agency.role, language)).split()[:3]
            assert " ".join(first_words) in " ".join(role.split())
        cards = built_site.page("agencies/").select(f"li#{agency.id} a")
        assert cards[0]["href"] == f"{agency.id}/"


def test_sources_page_lists_every_source_with_citing_pages(built_site, site_data):
    page = built_site.page("en/sources/")
    listed = [li["id"] for li in page.select("li.ex-source")]
    assert listed == [s.id for s in site_data.sources]
    for pillar in site_data.pillars:
        cited = {s for section in pillar.sections for c in section.claims for s in c.sources}
        for source_id in cited:
            hrefs = [a["href"] for a in page.select(f"li#{source_id} .ex-source__cited a")]
            assert f"../pillars/{pillar.id}/" in hrefs


def test_a_month_only_event_comes_after_the_dated_days_of_its_month(built_site, site_data):
    """The December 2024 finds (dated "2024-12") come after the fall of the regime on 8
    December, on both timelines: a month-only date sorts at the end of its month."""
    pairs = [
        (day.id, month.id)
        for month in site_data.events
        if len(month.date) == 7
        for day in site_data.events
        if len(day.date) == 10 and day.date.startswith(month.date)
    ]
    assert ("assad-regime-falls", "production-sites-uncovered") in pairs
    for url in ("timeline/", "en/timeline/"):
        rows = [li["id"] for li in built_site.page(url).select("li.ex-event[id]")]
        for day, month in pairs:
            assert rows.index(day) < rows.index(month), (url, day, month)
