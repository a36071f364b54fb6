"""The theme's behaviour without Material's bundle (docs/assets/javascripts/theme.js).

Material's JavaScript bundle is not loaded (one long task on every page on a phone); these
tests prove that what the site used of it still works in Chromium: the colour palette and its
memory, the header, back-to-top, the table of contents following the reader, the drawer and
sidebars that scroll on their own.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import DESKTOP, LANGUAGE_ROOTS, PHONE

ACTIVE_TITLE = re.compile(r"\bmd-header__title--active\b")


def scroll_to(page, y: int) -> None:
    """Scroll, and wait until the browser is there. What theme.js does about it comes later
    (on a scroll event, in an animation frame): tests wait for that with `expect` or
    `wait_for_function`, never for a set time.

    wait_for_function is always given a function: a bare expression is re-evaluated with
    eval() while it polls, which the page's Content Security Policy refuses (that error,
    whenever the first check came too early, was the test's flakiness)."""
    page.evaluate(f"window.scrollTo(0, {y})")
    page.wait_for_function(
        "y => Math.abs(scrollY - y) < 2 || innerHeight + scrollY >= document.body.scrollHeight - 1",
        arg=y,
    )


def scheme_is(page, scheme: str) -> None:
    page.wait_for_function("scheme => document.body.dataset.mdColorScheme === scheme", arg=scheme)


@pytest.mark.parametrize("language", LANGUAGE_ROOTS)
def test_no_page_loads_materials_bundle_and_the_theme_script_runs(visit, site_data, language):
    opened = visit(LANGUAGE_ROOTS[language] + f"pillars/{site_data.pillars[0].id}/")
    scripts = [url for url in opened.requests if url.endswith(".js")]
    assert not [url for url in scripts if "/bundle." in url], scripts
    assert any(url.endswith("/assets/javascripts/theme.js") for url in scripts), scripts
    assert opened.page.evaluate("document.documentElement.className") == "js"
    assert opened.console_errors == [] and opened.page_errors == []


def test_palette_toggle_switches_scheme_and_is_remembered(visit):
    opened = visit("", color_scheme="light")
    page = opened.page
    assert page.evaluate("document.body.dataset.mdColorScheme") == "default"
    toggle = page.locator('form[data-md-component="palette"] label:visible')
    assert toggle.count() == 1
    first_target = toggle.get_attribute("for")
    toggle.click()
    scheme_is(page, "slate")
    theme_color = page.locator('meta[name="theme-color"]').get_attribute("content")
    assert theme_color.startswith("#") and len(theme_color) == 7
    # The other label is now the only visible one.
    label = page.locator('form[data-md-component="palette"] label:visible')
    expect(label).to_have_count(1)
    expect(label).not_to_have_attribute("for", first_target)
    # Another page of the site starts in the stored scheme (Material's inline script in <head>).
    page.goto(opened.base + "en/timeline/", wait_until="load")
    assert page.evaluate("document.body.dataset.mdColorScheme") == "slate"
    # Enter on the focused toggle switches back, as a click would.
    page.locator('form[data-md-component="palette"] label:visible').focus()
    page.keyboard.press("Enter")
    scheme_is(page, "default")
    assert opened.console_errors == [] and opened.page_errors == []


def test_dark_system_preference_is_followed_on_a_first_visit(visit):
    opened = visit("en/", color_scheme="dark")
    assert opened.page.evaluate("document.body.dataset.mdColorScheme") == "slate"


@pytest.mark.parametrize("language", LANGUAGE_ROOTS)
def test_header_back_to_top_and_table_of_contents_follow_the_reader(visit, site_data, language):
    path = LANGUAGE_ROOTS[language] + f"pillars/{site_data.pillars[0].id}/"
    page = visit(path, viewport=DESKTOP).page
    title = page.locator('[data-md-component="header-title"]')
    top = page.locator('[data-md-component="top"]')
    expect(title).not_to_have_class(ACTIVE_TITLE)
    # Material hides the button with its `hidden` attribute (faded out, not display: none).
    assert top.evaluate("button => button.hidden")

    links = page.locator('.md-sidebar--secondary [data-md-component="toc"] .md-nav__link')
    assert links.count() >= 3
    third = links.nth(2)
    target_id = third.get_attribute("href").split("#", 1)[1]
    target_y = page.evaluate(
        f"document.getElementById({target_id!r}).getBoundingClientRect().top + scrollY"
    )
    scroll_to(page, int(target_y) - 60)
    expect(title).to_have_class(ACTIVE_TITLE)
    active = page.locator(".md-sidebar--secondary .md-nav__link--active")
    expect(active).to_have_count(1)
    expect(active).to_have_attribute("href", third.get_attribute("href"))
    # theme.js has handled the scroll (above): scrolling down shows no button.
    assert top.evaluate("button => button.hidden")

    scroll_to(page, int(target_y) - 260)
    # Scrolling up: the button appears.
    page.wait_for_function("() => !document.querySelector('[data-md-component=top]').hidden")
    top.click()
    page.wait_for_function("() => scrollY === 0")
    expect(title).not_to_have_class(ACTIVE_TITLE)


def test_drawer_closes_with_escape_and_on_a_link_to_the_same_page(visit, site_data):
    page = visit(f"pillars/{site_data.pillars[0].id}/", viewport=PHONE).page
    drawer = page.locator("#__drawer")
    page.locator('label[for="__drawer"].md-header__button').click()
    expect(drawer).to_be_checked()
    page.wait_for_function("() => getComputedStyle(document.documentElement).overflow === 'hidden'")
    page.keyboard.press("Escape")
    expect(drawer).not_to_be_checked()
    page.wait_for_function("() => getComputedStyle(document.documentElement).overflow !== 'hidden'")


@pytest.mark.parametrize("kind", ["glossary/", "timeline/"])
def test_desktop_sidebars_fit_the_window_and_scroll_themselves(visit, kind):
    page = visit(kind, viewport={"width": 1280, "height": 500}).page
    heights = page.evaluate(
        """[...document.querySelectorAll('.md-sidebar:not([hidden]) .md-sidebar__scrollwrap')]
             .filter(wrap => wrap.offsetHeight)
             .map(wrap => [wrap.clientHeight, wrap.scrollHeight, innerHeight])"""
    )
    assert heights, "no visible sidebar"
    for client, _scroll, window_height in heights:
        assert client <= window_height
    assert any(scroll > client for client, scroll, _ in heights), heights
