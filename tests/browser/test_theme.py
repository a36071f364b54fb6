"""The theme's behaviour without Material's bundle (docs/assets/javascripts/theme.js).

Material's JavaScript bundle is not loaded (one long task on every page on a phone); these
tests prove that what the site used of it still works in Chromium: the colour palette and its
memory, the header, back-to-top, the table of contents following the reader, the drawer and
sidebars that scroll on their own.
"""

from __future__ import annotations

import pytest

from tests.browser.helpers import DESKTOP, LANGUAGE_ROOTS, PHONE


def scroll_to(page, y: int) -> None:
    page.evaluate(f"window.scrollTo(0, {y})")
    # theme.js updates once per animation frame; two frames are enough.
    page.evaluate("new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")


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
    assert page.evaluate("document.body.dataset.mdColorScheme") == "slate"
    theme_color = page.locator('meta[name="theme-color"]').get_attribute("content")
    assert theme_color.startswith("#") and len(theme_color) == 7
    # The other label is now the only visible one.
    label = page.locator('form[data-md-component="palette"] label:visible')
    assert label.count() == 1 and label.get_attribute("for") != first_target
    # Another page of the site starts in the stored scheme (Material's inline script in <head>).
    page.goto(opened.base + "en/timeline/", wait_until="load")
    assert page.evaluate("document.body.dataset.mdColorScheme") == "slate"
    # Enter on the focused toggle switches back, as a click would.
    page.locator('form[data-md-component="palette"] label:visible').focus()
    page.keyboard.press("Enter")
    assert page.evaluate("document.body.dataset.mdColorScheme") == "default"
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
    assert "md-header__title--active" not in title.get_attribute("class")
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
    assert "md-header__title--active" in title.get_attribute("class")
    active = page.locator(".md-sidebar--secondary .md-nav__link--active")
    assert active.count() == 1 and active.get_attribute("href") == third.get_attribute("href")
    assert top.evaluate("button => button.hidden")  # scrolling down: no button

    scroll_to(page, int(target_y) - 260)
    assert not top.evaluate("button => button.hidden")  # scrolling up: the button appears
    top.click()
    page.wait_for_function("scrollY === 0")
    assert "md-header__title--active" not in title.get_attribute("class")


def test_drawer_closes_with_escape_and_on_a_link_to_the_same_page(visit, site_data):
    page = visit(f"pillars/{site_data.pillars[0].id}/", viewport=PHONE).page
    drawer = page.locator("#__drawer")
    page.locator('label[for="__drawer"].md-header__button').click()
    assert drawer.is_checked()
    assert page.evaluate("getComputedStyle(document.documentElement).overflow") == "hidden"
    page.keyboard.press("Escape")
    assert not drawer.is_checked()
    assert page.evaluate("getComputedStyle(document.documentElement).overflow") != "hidden"


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
