"""Browser fixtures: Debian's Chromium, and pages opened on the served site (the session's
build, served under its sub-path by `served_site` in tests/conftest.py, gzipped, with
404.html for missing paths). Every page opened through `visit` records its requests,
console errors and uncaught exceptions, so each test can prove there were none.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import sync_playwright

from tests.browser.helpers import CHROMIUM, CHROMIUM_ARGS, PHONE


@pytest.fixture(scope="session")
def browser() -> Iterator:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@dataclass
class Visit:
    """A page opened in a fresh context, with what it did on the network and console."""

    page: object
    base: str
    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)

    def foreign_requests(self) -> list[str]:
        origin = "{0.scheme}://{0.netloc}/".format(urlsplit(self.base))
        return [url for url in self.requests if not url.startswith((origin, "data:"))]


@pytest.fixture
def visit(browser, served_site) -> Iterator:
    contexts = []

    def open_page(path: str, viewport: dict | None = None, **context_options) -> Visit:
        context = browser.new_context(viewport=viewport or PHONE, **context_options)
        contexts.append(context)
        page = context.new_page()
        record = Visit(page, served_site)
        page.on("request", lambda request: record.requests.append(request.url))
        page.on(
            "console",
            lambda message: message.type == "error" and record.console_errors.append(message.text),
        )
        page.on("pageerror", lambda error: record.page_errors.append(str(error)))
        page.goto(served_site + path, wait_until="load")
        return record

    yield open_page
    for context in contexts:
        context.close()
