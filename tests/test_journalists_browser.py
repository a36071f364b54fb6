"""The journalists' controls in Chromium: copy a permalink or a citation, keep the fragment
when switching language, and print. The site is the session's build, served over HTTP under
its sub-path (`served_site`)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from conftest import PROJECT_ROOT, SITE_URL
from playwright.sync_api import expect, sync_playwright

from explainer.render.text import load_labels
from tests.browser.helpers import CHROMIUM, CHROMIUM_ARGS

LABELS = load_labels(PROJECT_ROOT / "locales" / "ui.yaml")


@pytest.fixture
def in_browser(served_site):
    """Runs a check, given a page opener, in Chromium driven from a thread of its own.

    Playwright's sync API allows one instance per thread, and the browser tests under
    tests/browser/ keep one open in the main thread for the whole session.
    """
    worker = ThreadPoolExecutor(max_workers=1)
    state: dict = {}

    def start() -> None:
        state["playwright"] = sync_playwright().start()
        state["browser"] = state["playwright"].chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )

    def opener(path: str, **options):
        context = state["browser"].new_context(**options)
        context.grant_permissions(["clipboard-read", "clipboard-write"])
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on("console", lambda m: m.type == "error" and errors.append(m.text))
        page.goto(served_site + path)
        page.errors = errors
        return page

    def stop() -> None:
        state["browser"].close()
        state["playwright"].stop()

    worker.submit(start).result()
    yield lambda check: worker.submit(check, opener).result()
    worker.submit(stop).result()
    worker.shutdown()


def clipboard(page) -> str:
    return page.evaluate("navigator.clipboard.readText()")


def test_copy_link_by_keyboard_copies_the_public_address_and_says_so(in_browser, site_data):
    def check(open_page):
        pillar = site_data.pillars[0]
        claim = pillar.sections[0].claims[0].id
        page = open_page(f"en/pillars/{pillar.id}/")
        control = page.locator(f"#{claim} .ex-tools__button")
        control.focus()
        expect(control).to_have_attribute("aria-expanded", "false")
        page.keyboard.press("Enter")
        expect(control).to_have_attribute("aria-expanded", "true")
        page.keyboard.press("Tab")
        item = page.locator(".ex-tools__menu .ex-tools__item").first
        expect(item).to_be_focused()
        expect(item).to_have_text(LABELS["permalink.copy"]["en"])
        page.keyboard.press("Enter")
        expect(page.locator(".ex-announcer")).to_have_text(LABELS["permalink.copied"]["en"])
        assert clipboard(page) == f"{SITE_URL}en/pillars/{pillar.id}/#{claim}"
        assert page.evaluate("location.hash") == f"#{claim}"
        expect(control).to_be_focused()  # the menu closed and gave focus back
        expect(control).to_have_attribute("aria-expanded", "false")
        switch = page.locator(".ex-lang-switch__link")
        assert switch.get_attribute("href") == f"../../../pillars/{pillar.id}/#{claim}"
        assert page.errors == []

    in_browser(check)


def test_the_switcher_carries_the_fragment_to_the_other_language(in_browser, site_data):
    def check(open_page):
        pillar = site_data.pillars[0]
        section = pillar.sections[-1].id
        page = open_page(f"pillars/{pillar.id}/#{section}")
        switch = page.locator(".ex-lang-switch__link")
        assert switch.get_attribute("href") == f"../../en/pillars/{pillar.id}/#{section}"
        page.evaluate(f"location.hash = '#{pillar.sections[0].id}'")
        expect(switch).to_have_attribute(
            "href", f"../../en/pillars/{pillar.id}/#{pillar.sections[0].id}"
        )
        switch.click()
        page.wait_for_url(f"**/en/pillars/{pillar.id}/#{pillar.sections[0].id}")
        assert page.locator(f"#{pillar.sections[0].id}").count() == 1

    in_browser(check)


def test_copy_citation_copies_the_text_shown(in_browser, site_data):
    def check(open_page):
        page = open_page("timeline/")
        page.locator("section.ex-citation summary").click()
        block = page.locator("section.ex-citation .ex-citation__style").first
        button = block.locator("button[data-copy-citation]")
        expect(button).to_be_visible()
        expect(button).to_have_text(LABELS["cite.copy"]["ar"])
        button.click()
        expect(page.locator(".ex-announcer")).to_have_text(LABELS["cite.copied"]["ar"])
        shown = " ".join(block.locator(".ex-citation__text").inner_text().split())
        assert clipboard(page) == shown
        assert shown.endswith(f"{SITE_URL}timeline/")
        assert page.errors == []

    in_browser(check)


def test_a_copied_event_citation_carries_the_data_title_unescaped(in_browser, site_data):
    """The clipboard gets "Washington's", not "Washington&#39;s"."""
    event = next(
        e for e in site_data.events_sorted() if "'" in e.title.en and "*" not in e.title.en
    )

    def check(open_page):
        page = open_page("en/timeline/")
        item = page.locator(f"li#{event.id}")
        item.locator("summary.ex-tl-row__summary").click()  # a condensed row opens
        item.locator("details.ex-citation summary").click()
        item.locator("button[data-copy-citation]").first.click()
        expect(page.locator(".ex-announcer")).to_have_text(LABELS["cite.copied"]["en"])
        assert event.title.en in clipboard(page)
        assert "&#" not in clipboard(page)

    in_browser(check)


def test_without_javascript_a_permalink_is_a_plain_link(in_browser, site_data):
    def check(open_page):
        event = site_data.events_sorted()[0].id
        page = open_page("en/timeline/", java_script_enabled=False)
        expect(page.locator("button[data-copy-citation]").first).to_be_hidden()
        page.locator(f"li#{event} summary.ex-tl-row__summary").click()  # a condensed row opens
        page.locator(f'a.ex-permalink[href="#{event}"]').click()
        assert page.url.endswith(f"/en/timeline/#{event}")

    in_browser(check)


def test_print_shows_the_article_link_addresses_and_the_footer_right_to_left(in_browser, site_data):
    def check(open_page):
        pillar = site_data.pillars[0]
        page = open_page(f"pillars/{pillar.id}/")
        page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
        page.emulate_media(media="print")
        for chrome in (
            ".md-header",
            ".md-sidebar--primary",
            ".ex-tools >> nth=0",
            ".md-footer",
        ):
            expect(page.locator(chrome)).to_be_hidden()
        footer = page.locator(".ex-print-footer")
        expect(footer).to_be_visible()
        expect(footer).to_contain_text(f"{SITE_URL}pillars/{pillar.id}/")
        assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
        link = page.locator(".ex-compare-link a")
        assert link.get_attribute("data-print-url") == f"{SITE_URL}pillars/{pillar.id}/compare/"
        after = link.evaluate("a => getComputedStyle(a, '::after').content")
        assert f"{SITE_URL}pillars/{pillar.id}/compare/" in after

    in_browser(check)
