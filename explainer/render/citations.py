"""Suggested citations of a page (or of an anchor on it) in the page's language.

The wording of each style lives in locales/ui.yaml (`cite.format.<style>`, with `{site}`,
`{date}`, `{title}` and `{url}`), so translators own it; this module fills it in. English
dates follow each style's own order (APA: 2026, November 29; Chicago: November 29, 2026);
Arabic dates follow the site's date policy (`explainer.render.dates`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from babel.dates import format_date

from explainer.data.model import Site, Update
from explainer.data.partial_dates import parse_partial
from explainer.render.dates import format_partial_date

STYLES = ("apa", "chicago")
TITLE_END_MARKS = ("?", "!", "؟")
"""A title ending in one of these ends its own sentence."""
SITE_WIDE_PAGES = {"data", "updates"}
"""Pages whose last-updated date is the newest date of the whole site."""
_ENGLISH_DATE_PATTERNS = {"apa": "y, MMMM d", "chicago": "MMMM d, y"}


@dataclass(frozen=True)
class Citation:
    """One suggested citation; the URL is kept apart so templates can isolate it (dir=ltr)."""

    style: str
    name: str
    before: str
    url: str
    after: str

    @property
    def text(self) -> str:
        return f"{self.before}{self.url}{self.after}"


def citations(
    title: str,
    url: str,
    updated: str,
    language: str,
    labels: dict[str, dict[str, str]],
    site: Site,
) -> list[Citation]:
    """The page cited in every style, with the date it was last updated."""
    result = []
    for style in STYLES:
        template = labels[f"cite.format.{style}"][language]
        if title.endswith(TITLE_END_MARKS):  # "industry?" is not followed by a full stop
            template = re.sub(r"\{title\}([”’]?)\.", r"{title}\1", template)
        before, _, after = template.partition("{url}")
        values = {
            "site": getattr(site.name, language),
            "title": title,
            "date": citation_date(updated, style, language, site),
        }
        result.append(
            Citation(
                style=style,
                name=labels[f"cite.style.{style}"][language],
                before=before.format(**values),
                url=url,
                after=after.format(**values),
            )
        )
    return result


def citation_date(value: str, style: str, language: str, site: Site) -> str:
    if language == "en":
        day, precision = parse_partial(value)
        if precision == 3:
            return format_date(day, _ENGLISH_DATE_PATTERNS[style], locale="en")
    return format_partial_date(value, language, site.numerals, site.arabic_months)


def last_updated(record: Any, site: Site) -> str:
    """A page's last-updated date from the data: its `updated` date or its newest logged
    update, whichever is later; the site's last review when the record has neither."""
    dates = [getattr(record, "updated", None) or site.last_reviewed]
    dates += [update.date for update in getattr(record, "updates", [])]
    return max(dates)


def updates_newest_first(record: Any) -> list[tuple[str, Update]]:
    """A record's logged updates, newest first, each with its anchor on the page.

    The anchor is the date and the entry's rank among that day's entries in the data, so it
    stays the same when editors add entries on other days or fix an entry's wording.
    """
    anchored = []
    seen: dict[str, int] = {}
    for update in getattr(record, "updates", []):
        seen[update.date] = seen.get(update.date, 0) + 1
        anchored.append((f"update-{update.date}-{seen[update.date]}", update))
    return sorted(anchored, key=lambda pair: pair[1].date, reverse=True)


def site_last_updated(data: Any) -> str:
    """The newest date anywhere in the data: the last review, a page's date or a logged update."""
    records = [*data.pillars, *data.agencies]
    return max(last_updated(record, data.site) for record in [None, *records])


def page_last_updated(key: str, record: Any, data: Any) -> str:
    """A page's date: its record's, or for site-wide pages (data, updates) the newest of all."""
    if key in SITE_WIDE_PAGES:
        return site_last_updated(data)
    return last_updated(record, data.site)
