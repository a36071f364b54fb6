"""axe-core (pinned in package.json, read from node_modules) on every page type, both
languages, at phone width: no WCAG 2.2 A/AA violations. Plus keyboard checks."""

from __future__ import annotations

import pytest

from tests.browser.helpers import AXE, LANGUAGE_ROOTS, PAGE_TYPES, page_types

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def axe_violations(page) -> list[str]:
    # Evaluated through the DevTools protocol, which the page's CSP does not govern.
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
    )
    return [
        f"{violation['id']}: {node['target']} {node['failureSummary']}"
        for violation in result["violations"]
        for node in violation["nodes"]
    ]


@pytest.mark.parametrize("language", list(LANGUAGE_ROOTS))
@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_no_axe_violations(visit, site_data, kind, language):
    opened = visit(LANGUAGE_ROOTS[language] + page_types(site_data)[kind])
    assert axe_violations(opened.page) == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_contrast_violations_in_either_colour_scheme(visit, site_data, scheme):
    for language in LANGUAGE_ROOTS:
        for kind in ("home", "pillar", "timeline"):
            path = LANGUAGE_ROOTS[language] + page_types(site_data)[kind]
            opened = visit(path, color_scheme=scheme)
            assert axe_violations(opened.page) == [], (path, scheme)


@pytest.mark.parametrize("language", list(LANGUAGE_ROOTS))
def test_not_found_page_has_no_axe_violations(visit, language):
    opened = visit(LANGUAGE_ROOTS[language] + "no-such-page/")
    assert axe_violations(opened.page) == []


def test_skip_link_is_the_first_stop_and_moves_focus_to_the_content(visit, site_data):
    page = visit(page_types(site_data)["pillar"]).page
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.className")
    assert "md-skip" in focused
    assert page.locator(".md-skip").is_visible()
    page.keyboard.press("Enter")
    page.wait_for_url("**#page-title")


def test_keyboard_reaches_the_pillar_cards_with_a_visible_focus_ring(visit):
    page = visit("").page
    first_card = page.locator(".ex-board__link").first
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement === document.querySelector('.ex-board__link')"):
            break
    else:
        pytest.fail("Tab never reached the first pillar card")
    # The ring goes round the whole card, which the title's link covers.
    outline = first_card.evaluate(
        "a => { const s = getComputedStyle(a.closest('li')); return s.outlineStyle + ' ' + s.outlineWidth }"
    )
    assert outline.startswith("solid") and not outline.endswith(" 0px"), outline
