"""Shared values for the browser tests: widths, page types, screenshots, axe-core."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from explainer.address import site_url

PROJECT_ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 800}
VIEWPORTS = {"phone": PHONE, "desktop": DESKTOP}
SCREENSHOTS = PROJECT_ROOT / "test-artifacts" / "screenshots"
AXE = PROJECT_ROOT / "node_modules" / "axe-core" / "axe.min.js"

SUB_PATH = urlsplit(site_url(PROJECT_ROOT / "mkdocs.yml")).path
"""The path the site is served under, as deployed (from site_url)."""


def page_types(site_data) -> dict[str, str]:
    """One page of every type, by name, as a path relative to a language root."""
    return {
        "home": "",
        "pillars": "pillars/",
        "pillar": f"pillars/{site_data.pillars[0].id}/",
        "timeline": "timeline/",
        "agencies": "agencies/",
        "agency": f"agencies/{site_data.agencies[0].id}/",
        "sources": "sources/",
        "glossary": "glossary/",
        "about": "about/",
        "search": "search/",
    }


PAGE_TYPES = ("home", "pillars", "pillar", "timeline", "agencies", "agency")
PAGE_TYPES += ("sources", "glossary", "about", "search")
"""The names page_types() returns, for parametrising tests without loading the data."""

LANGUAGE_ROOTS = {"ar": "", "en": "en/"}


def save_screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
