"""Reads like a news explainer (issue 17, part B), in Chromium at phone and desktop widths in
both languages: collapsed source lists, one tool control per block, the timeline's filters,
rows, order, year rail and permalinks, and agency cards that do not overlap.

The markup side (marker order, one group per sentence, decoded addresses) is checked on the
built HTML in tests/test_reading.py.
"""

from __future__ import annotations

import itertools
import re

import pytest
from conftest import PROJECT_ROOT, SITE_URL
from playwright.sync_api import expect

from explainer.render.text import load_labels
from tests.browser.helpers import DESKTOP, LANGUAGE_ROOTS, page_types, save_screenshot

LABELS = load_labels(PROJECT_ROOT / "locales" / "ui.yaml")
PHONE_390 = {"width": 390, "height": 844}
WIDTHS = {"phone": PHONE_390, "desktop": DESKTOP}
PERCENT_ENCODED_ARABIC = re.compile(r"%D[89AB]%[89AB][0-9A-F]", re.I)
WITH_SOURCE_LISTS = ("home", "pillars", "pillar", "timeline", "agencies", "agency", "glossary")


def opacity(locator) -> float:
    return float(locator.evaluate("element => getComputedStyle(element).opacity"))


def wait_for_opacity(page, locator, value: str) -> None:
    """Waits out the control's fade (a CSS transition)."""
    page.wait_for_function(
        "args => getComputedStyle(args.element).opacity === args.value",
        arg={"element": locator.element_handle(), "value": value},
    )


def visible_row_ids(page) -> list[str]:
    return page.eval_on_selector_all(
        "li.ex-tl-row", "rows => rows.filter(row => row.offsetParent).map(row => row.dataset.event)"
    )


# -----------------------------------------------------------------------------
# Sources
# -----------------------------------------------------------------------------


@pytest.mark.parametrize("language", list(LANGUAGE_ROOTS))
@pytest.mark.parametrize("kind", WITH_SOURCE_LISTS)
def test_a_collapsed_source_list_takes_at_most_a_quarter_of_the_page(
    visit, site_data, kind, language
):
    page = visit(LANGUAGE_ROOTS[language] + page_types(site_data)[kind], PHONE_390).page
    sources = page.locator("section.ex-page-sources")
    expect(sources).to_be_visible()
    expect(sources.locator("li.ex-source").first).to_be_hidden()
    collapsed = sources.bounding_box()["height"]
    page_height = page.evaluate("document.documentElement.scrollHeight")
    assert collapsed <= 0.25 * page_height, (collapsed, page_height)
    assert collapsed >= 44  # the summary is a full tap target
    summary = sources.locator("summary")
    count = sources.locator("li.ex-source").count()
    digits = summary.inner_text().translate(str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789"))
    assert digits.strip() == LABELS["sources.count"][language].format(count=count)
    summary.click()
    expect(sources.locator("li.ex-source").first).to_be_visible()
    assert sources.bounding_box()["height"] > collapsed


@pytest.mark.parametrize("language", list(LANGUAGE_ROOTS))
@pytest.mark.parametrize("kind", ("pillar", "agency", "timeline"))
def test_the_page_citation_is_one_folded_row_until_opened(visit, site_data, kind, language):
    """ "Cite this page" is a disclosure like the sources: one row at the end of the page
    (its two styles and copy buttons took 660 px of a phone screen), opened on demand."""
    page = visit(LANGUAGE_ROOTS[language] + page_types(site_data)[kind], PHONE_390).page
    block = page.locator("section.ex-citation")
    summary = block.locator("summary")
    expect(summary).to_have_text(LABELS["cite.title"][language])
    expect(block.locator(".ex-citation__text").first).to_be_hidden()
    folded = block.bounding_box()["height"]
    assert 44 <= folded <= 100, folded  # one full tap target, not the citations
    summary.click()
    expect(block.locator(".ex-citation__text").first).to_be_visible()
    expect(block.locator("button[data-copy-citation]").first).to_be_visible()
    assert block.bounding_box()["height"] > 3 * folded


@pytest.mark.parametrize("language", list(LANGUAGE_ROOTS))
def test_an_agency_standing_and_its_note_are_two_lines(visit, site_data, language):
    """'Named in the statute' then 'Also known as the Pentagon...' under it, not run on as
    'Named in the statute Also known as...'."""
    agency = next(a for a in site_data.agencies if a.standing_note)
    page = visit(f"{LANGUAGE_ROOTS[language]}agencies/{agency.id}/", PHONE_390).page
    standing = page.locator(".ex-facts .ex-standing").bounding_box()
    note = page.locator(".ex-facts .ex-standing__note").bounding_box()
    assert note["y"] >= standing["y"] + standing["height"] - 1, (standing, note)


@pytest.mark.parametrize("language", list(LANGUAGE_ROOTS))
def test_a_citation_marker_opens_the_collapsed_list_at_its_source(visit, site_data, language):
    pillar = site_data.pillars[0]
    page = visit(f"{LANGUAGE_ROOTS[language]}pillars/{pillar.id}/", PHONE_390).page
    marker = page.locator("sup.ex-cite a").first
    source_id = marker.get_attribute("href").removeprefix("#")
    marker.click()
    source = page.locator(f"li.ex-source#{source_id}")
    expect(source).to_be_visible()
    expect(source).to_be_in_viewport()


MARKER_GROUP_LAYOUT = """sup => {
    const box = node => { const range = document.createRange(); range.selectNodeContents(node);
                          return range.getBoundingClientRect(); };
    const texts = [...sup.childNodes].filter(node => node.nodeType === Node.TEXT_NODE);
    return {
        numbers: [...sup.querySelectorAll('a')].map(a => {
            const r = a.getBoundingClientRect(); return {left: r.left, right: r.right}; }),
        digits: [...sup.querySelectorAll('a')].map(a => {
            const r = box(a); return {left: r.left, right: r.right}; }),
        open: box(texts[0]).left, close: box(texts[texts.length - 1]).left,
        fontSize: parseFloat(getComputedStyle(sup).fontSize),
    };
}"""


@pytest.mark.parametrize("language", list(LANGUAGE_ROOTS))
def test_a_marker_group_reads_in_the_page_direction_with_tight_spacing(visit, site_data, language):
    """[1، 4] is read from the right in Arabic: 1 right of 4, the opening bracket rightmost
    (a comma between two digits would otherwise make one left-to-right number of them);
    and the numbers' tap targets do not spread the group apart."""
    groups_checked = 0
    for kind in ("home", "pillar"):
        page = visit(LANGUAGE_ROOTS[language] + page_types(site_data)[kind], DESKTOP).page
        groups = page.locator("article sup.ex-cite:has(a + .ex-cite__sep)")
        assert groups.count() > 0, kind
        for index in range(min(groups.count(), 6)):
            group = groups.nth(index)
            group.scroll_into_view_if_needed()
            layout = group.evaluate(MARKER_GROUP_LAYOUT)
            lefts = [number["left"] for number in layout["numbers"]]
            if language == "ar":
                assert lefts == sorted(lefts, reverse=True), (kind, index, layout)
                assert layout["open"] > max(lefts) and layout["close"] < min(lefts), layout
            else:
                assert lefts == sorted(lefts), (kind, index, layout)
                assert layout["open"] < min(lefts) and layout["close"] > max(lefts), layout
            # Between two numbers' digits: the separator and at most a space's width more.
            digits = sorted(layout["digits"], key=lambda digit: digit["left"])
            gaps = [b["left"] - a["right"] for a, b in itertools.pairwise(digits)]
            assert max(gaps) <= 1.0 * layout["fontSize"], (kind, index, gaps)
            groups_checked += 1
    assert groups_checked >= 2


@pytest.mark.parametrize("language", list(LANGUAGE_ROOTS))
@pytest.mark.parametrize("kind", ["sources", "pillar", "timeline", "agency", "home"])
def test_no_visible_text_is_a_percent_encoded_arabic_address(visit, site_data, kind, language):
    page = visit(LANGUAGE_ROOTS[language] + page_types(site_data)[kind], PHONE_390).page
    page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
    text = page.locator("body").inner_text()
    assert not PERCENT_ENCODED_ARABIC.search(text), PERCENT_ENCODED_ARABIC.findall(text)[:3]


# -----------------------------------------------------------------------------
# One tool control per block
# -----------------------------------------------------------------------------


@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("language", list(LANGUAGE_ROOTS))
def test_the_tool_control_shows_on_hover_or_focus_and_copies_the_link(
    visit, site_data, language, width
):
    pillar = site_data.pillars[0]
    claim = pillar.sections[0].claims[0].id
    path = f"{LANGUAGE_ROOTS[language]}pillars/{pillar.id}/"
    opened = visit(path, WIDTHS[width])
    page = opened.page
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    tools = page.locator(f"#{claim} .ex-tools")
    button = tools.locator("button.ex-tools__button")
    expect(button).to_have_count(1)
    expect(button).to_have_attribute("aria-label", LABELS["tools.menu"][language])
    assert page.locator(f"#{claim} a.ex-permalink").count() == 0  # replaced by the button
    tools.scroll_into_view_if_needed()
    page.mouse.move(1, 1)
    assert opacity(tools) == 0
    page.locator(f"#{claim} p").hover()
    wait_for_opacity(page, tools, "1")
    page.mouse.move(1, 1)
    wait_for_opacity(page, tools, "0")
    # Reached by Tab from the paragraph's last citation number, and shown while focused.
    page.locator(f"#{claim} sup.ex-cite a").last.focus()
    page.keyboard.press("Tab")
    expect(button).to_be_focused()
    wait_for_opacity(page, tools, "1")
    box = button.bounding_box()
    assert box["width"] >= 44 and box["height"] >= 44, box
    page.keyboard.press("Enter")
    menu = tools.locator(".ex-tools__menu")
    expect(menu).to_be_visible()
    menu_box = menu.bounding_box()
    assert menu_box["x"] >= 0 and menu_box["x"] + menu_box["width"] <= WIDTHS[width]["width"]
    items = menu.locator("button.ex-tools__item")
    expect(items).to_have_text([LABELS["permalink.copy"][language], LABELS["cite.copy"][language]])
    for item in items.all():
        assert item.bounding_box()["height"] >= 44
    if width == "phone":
        save_screenshot(page, f"tools-menu-{language}-{width}")
    page.keyboard.press("Tab")
    expect(items.first).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator(".ex-announcer")).to_have_text(LABELS["permalink.copied"][language])
    expected = f"{SITE_URL}{LANGUAGE_ROOTS[language]}pillars/{pillar.id}/#{claim}"
    assert page.evaluate("navigator.clipboard.readText()") == expected
    expect(menu).to_be_hidden()
    expect(button).to_be_focused()
    # "Copy citation" copies the page's citation pointed at the block.
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    expect(items.nth(1)).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator(".ex-announcer")).to_have_text(LABELS["cite.copied"][language])
    citation = page.evaluate("navigator.clipboard.readText()")
    assert expected in citation and pillar.id in citation
    # Escape closes an open menu and gives focus back.
    page.keyboard.press("Enter")
    expect(menu).to_be_visible()
    page.keyboard.press("Escape")
    expect(menu).to_be_hidden()
    expect(button).to_be_focused()
    assert opened.console_errors == [] and opened.page_errors == []


def test_an_events_copy_citation_is_its_own(visit, site_data):
    event = site_data.events_sorted()[-1]
    page = visit(f"en/timeline/#{event.id}", DESKTOP).page
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    row = page.locator(f"li#{event.id}")
    row.locator(".ex-event__text").hover()
    row.locator(".ex-tools__button").click()
    row.locator(".ex-tools__item").nth(1).click()
    expect(page.locator(".ex-announcer")).to_have_text(LABELS["cite.copied"]["en"])
    own = " ".join(row.locator(".ex-citation__text").first.text_content().split())
    assert page.evaluate("navigator.clipboard.readText()") == own
    assert f"{SITE_URL}en/timeline/#{event.id}" in own


@pytest.mark.parametrize("language", list(LANGUAGE_ROOTS))
def test_without_javascript_no_copy_control_is_shown(visit, site_data, language):
    pillar = site_data.pillars[0]
    claim = pillar.sections[0].claims[0].id
    page = visit(
        f"{LANGUAGE_ROOTS[language]}pillars/{pillar.id}/", PHONE_390, java_script_enabled=False
    ).page
    assert page.locator(".ex-tools__button").count() == 0
    link = page.locator(f"#{claim} a.ex-permalink")
    expect(link).to_have_attribute("aria-label", LABELS["tools.link"][language])
    body = page.locator("article.md-content__inner").inner_text()
    assert LABELS["permalink.copy"][language] not in body
    link.click()  # hovering shows it
    assert page.url.endswith(f"#{claim}")


@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("language", list(LANGUAGE_ROOTS))
def test_agency_cards_do_not_overlap(visit, language, width):
    page = visit(LANGUAGE_ROOTS[language] + "agencies/", WIDTHS[width]).page
    cards = page.locator("li.ex-card")
    boxes = [card.bounding_box() for card in cards.all()]
    assert len(boxes) > 3
    for first, second in itertools.combinations(boxes, 2):
        apart = (
            first["x"] + first["width"] <= second["x"]
            or second["x"] + second["width"] <= first["x"]
            or first["y"] + first["height"] <= second["y"]
            or second["y"] + second["height"] <= first["y"]
        )
        assert apart, (first, second)
    # Each card's control sits inside its card.
    for card, box in zip(cards.all(), boxes, strict=True):
        control = card.locator(".ex-tools").bounding_box()
        assert (
            box["x"] <= control["x"] and control["x"] + control["width"] <= box["x"] + box["width"]
        )
        assert (
            box["y"] <= control["y"]
            and control["y"] + control["height"] <= box["y"] + box["height"]
        )
    save_screenshot(page, f"agencies-{language}-{width}")


# -----------------------------------------------------------------------------
# The timeline
# -----------------------------------------------------------------------------


@pytest.mark.parametrize("language", list(LANGUAGE_ROOTS))
def test_timeline_chips_are_links_without_javascript(visit, site_data, language):
    root = LANGUAGE_ROOTS[language]
    opened = visit(f"{root}timeline/", PHONE_390, java_script_enabled=False)
    page = opened.page
    expect(page.locator(".ex-tl-order")).to_be_hidden()  # nothing dead is shown
    kind = site_data.events_sorted()[0].kind
    page.locator(f'.ex-tl-chip[data-filter="kind"][data-value="{kind}"]').click()
    page.wait_for_url(f"**/{root}timeline/kind/{kind}/")
    expected = [e.id for e in site_data.events_sorted() if e.kind == kind]
    assert visible_row_ids(page) == expected
    expect(page.locator(f'.ex-tl-chip[data-value="{kind}"]')).to_have_attribute(
        "aria-current", "page"
    )
    # A row here is a copy: its permalink leads to the event on the timeline.
    first = page.locator("li.ex-tl-row").first
    first.locator("summary.ex-tl-row__summary").click()
    first.locator("a.ex-permalink").click()
    page.wait_for_url(f"**/{root}timeline/#{expected[0]}")
    expect(page.locator(f"li#{expected[0]}")).to_be_in_viewport()
    page.go_back()
    page.locator('.ex-tl-chip[data-filter="all"]').click()
    page.wait_for_url(f"**/{root}timeline/")
    assert len(visible_row_ids(page)) == len(site_data.events)
    pillar = site_data.pillars[1]
    page.locator(f'.ex-tl-chip[data-filter="pillar"][data-value="{pillar.id}"]').click()
    page.wait_for_url(f"**/{root}pillars/{pillar.id}/#pillar-timeline")
    listed = page.eval_on_selector_all(
        "li.ex-event[data-event]", "li => li.map(e => e.dataset.event)"
    )
    assert listed == [e.id for e in site_data.events_for_pillar(pillar.id)]


@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("language", list(LANGUAGE_ROOTS))
def test_timeline_chips_filter_in_place_with_javascript(visit, site_data, language, width):
    root = LANGUAGE_ROOTS[language]
    opened = visit(f"{root}timeline/", WIDTHS[width])
    page = opened.page
    everything = [e.id for e in site_data.events_sorted()]
    assert visible_row_ids(page) == everything
    pillar = site_data.pillars[1]
    chip = page.locator(f'.ex-tl-chip[data-filter="pillar"][data-value="{pillar.id}"]')
    chip.click()
    expect(chip).to_have_attribute("aria-current", "true")
    assert page.url.endswith(f"{root}timeline/?pillar={pillar.id}")
    with_pillar = [e.id for e in site_data.events_sorted() if pillar.id in e.pillars]
    assert visible_row_ids(page) == with_pillar
    status = page.locator(".ex-tl-status")
    expect(status).to_have_text(
        LABELS["timeline.showing"][language].format(
            shown=len(with_pillar), total=len(site_data.events)
        )
    )
    # A kind on top of the pillar: both apply.
    kind = next(e.kind for e in site_data.events_sorted() if pillar.id in e.pillars)
    page.locator(f'.ex-tl-chip[data-filter="kind"][data-value="{kind}"]').click()
    both = [e.id for e in site_data.events_sorted() if pillar.id in e.pillars and e.kind == kind]
    assert visible_row_ids(page) == both
    assert f"pillar={pillar.id}" in page.url and f"kind={kind}" in page.url
    # Years with no event left are hidden from the list and the rail.
    years = {e.date[:4] for e in site_data.events if e.id in both}
    rail = page.eval_on_selector_all(
        ".ex-tl-years li", "items => items.filter(i => !i.hidden).map(i => i.textContent.trim())"
    )
    assert len(rail) == len(years)
    if width == "phone":
        save_screenshot(page, f"timeline-filtered-{language}-{width}")
    # Back undoes the last choice; the address alone reproduces a view.
    page.go_back()
    expect(page.locator(".ex-tl-row:visible")).to_have_count(len(with_pillar))
    agency = site_data.events_sorted()[0].agencies[0]
    page.goto(f"{opened.base}{root}timeline/?agency={agency}")
    assert visible_row_ids(page) == [e.id for e in site_data.events_for_agency(agency)]
    page.locator('.ex-tl-chip[data-filter="all"]').click()
    assert visible_row_ids(page) == everything
    assert page.url.endswith(f"{root}timeline/")
    assert opened.console_errors == [] and opened.page_errors == []


@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("language", list(LANGUAGE_ROOTS))
def test_timeline_rows_open_and_the_order_reverses(visit, site_data, language, width):
    root = LANGUAGE_ROOTS[language]
    page = visit(f"{root}timeline/", WIDTHS[width]).page
    event = site_data.events_sorted()[0]
    row = page.locator(f"li#{event.id}")
    summary = row.locator("summary.ex-tl-row__summary")
    assert summary.bounding_box()["height"] >= 44
    detail = row.locator(".ex-event__text")
    expect(detail).to_be_hidden()
    summary.click()
    expect(detail).to_be_visible()
    expect(row.locator(".ex-badge--kind")).to_have_text(LABELS[f"kind.{event.kind}"][language])
    expect(row.locator("sup.ex-cite a").first).to_be_visible()
    summary.click()
    expect(detail).to_be_hidden()
    oldest_first = visible_row_ids(page)
    toggle = page.locator(".ex-tl-order")
    expect(toggle).to_have_text(LABELS["timeline.newest_first"][language])
    expect(toggle).to_have_attribute("aria-pressed", "false")
    toggle.click()
    expect(toggle).to_have_attribute("aria-pressed", "true")
    assert visible_row_ids(page) == oldest_first[::-1]
    years = page.eval_on_selector_all(".ex-tl-years a", "links => links.map(a => a.dataset.year)")
    assert years == sorted(years, reverse=True)
    assert "order=newest" in page.url
    # Newest first survives a reload (it is in the address) and the toggle turns it back.
    page.reload()
    assert visible_row_ids(page) == oldest_first[::-1]
    page.locator(".ex-tl-order").click()
    assert visible_row_ids(page) == oldest_first


@pytest.mark.parametrize("language", list(LANGUAGE_ROOTS))
def test_the_year_rail_stays_in_view_on_a_phone(visit, language):
    page = visit(LANGUAGE_ROOTS[language] + "timeline/", PHONE_390).page
    rail = page.locator(".ex-tl-years")
    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight * 0.6)")
    page.wait_for_function("() => window.scrollY > 1000")
    expect(rail).to_be_in_viewport()
    box = rail.bounding_box()
    header = page.locator(".md-header").bounding_box()
    below_header = header["y"] + header["height"]
    assert below_header - 1 <= box["y"] <= below_header + 60, (header, box)
    save_screenshot(page, f"timeline-scrolled-{language}-phone")
    # A year in the rail takes the reader to that year, below the header and the rail.
    year = rail.locator("a").last
    target = year.get_attribute("href")
    year.click()
    heading = page.locator(target)
    page.wait_for_function(
        "el => el.getBoundingClientRect().top >= 0 && el.getBoundingClientRect().top < 300",
        arg=heading.element_handle(),
    )
    assert heading.bounding_box()["y"] >= box["y"] + box["height"] - 1


@pytest.mark.parametrize("language", list(LANGUAGE_ROOTS))
@pytest.mark.parametrize("javascript", [True, False])
def test_an_event_permalink_opens_its_row(visit, site_data, language, javascript):
    event = site_data.events_sorted()[len(site_data.events) // 2]
    page = visit(
        f"{LANGUAGE_ROOTS[language]}timeline/#{event.id}",
        PHONE_390,
        java_script_enabled=javascript,
    ).page
    row = page.locator(f"li#{event.id}")
    expect(row).to_be_in_viewport()
    background = row.evaluate("row => getComputedStyle(row).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent")  # :target styling
    if javascript:
        expect(row.locator("details.ex-tl-row__details")).to_have_attribute("open", "")
        expect(row.locator(".ex-event__text")).to_be_visible()
        # A second event by its address, without a reload.
        other = site_data.events_sorted()[0]
        page.evaluate(f"location.hash = '#{other.id}'")
        expect(page.locator(f"li#{other.id} .ex-event__text")).to_be_visible()
