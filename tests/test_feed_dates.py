"""Feed dates are honest: an event known to the month or year is not given a day. An
entry's <updated> is the day it was written or last changed (the event's `updated` date,
else the site's last review), and the event's own date is in its summary, at the precision
the data gives."""

from __future__ import annotations

import datetime
import xml.etree.ElementTree as ElementTree

from conftest import copy_project, edit

from explainer.data.model import LANGUAGES
from explainer.outputs.feeds import atom_feed
from explainer.render.dates import format_partial_date
from explainer.site import load_project

ATOM = "{http://www.w3.org/2005/Atom}"


def entries_by_event(feed: ElementTree.Element) -> dict[str, ElementTree.Element]:
    return {
        entry.findtext(f"{ATOM}id").rsplit("#", 1)[-1]: entry
        for entry in feed.iter(f"{ATOM}entry")
        if "/timeline/#" in entry.findtext(f"{ATOM}id")
    }


def test_partial_dates_are_not_given_a_day(built_site, site_data):
    partial = [event for event in site_data.events if len(event.date) < len("2023-06-29")]
    assert partial, "the data has events known to the month or year only"
    site = site_data.site
    for language in LANGUAGES:
        prefix = "" if language == LANGUAGES[0] else f"{language}/"
        feed = ElementTree.parse(built_site.root / prefix / "feed.xml").getroot()
        entries = entries_by_event(feed)
        for event in partial:
            entry = entries.get(event.id)
            if entry is None:
                continue
            written = event.updated or site.last_reviewed
            assert entry.findtext(f"{ATOM}updated") == f"{written}T00:00:00Z"
            assert entry.find(f"{ATOM}published") is None
            shown = format_partial_date(event.date, language, site.numerals, site.arabic_months)
            assert entry.findtext(f"{ATOM}summary").startswith(shown)
            assert not any(
                (element.text or "").startswith(f"{event.date}-01") for element in entry.iter()
            )


def test_an_event_changed_later_is_dated_by_its_change(tmp_path, site_data):
    project = copy_project(tmp_path / "project")
    first = site_data.events[0]
    newest = max(
        [site_data.site.last_reviewed]
        + [u.date for record in (*site_data.pillars, *site_data.agencies) for u in record.updates]
    )
    later = (datetime.date.fromisoformat(newest) + datetime.timedelta(days=1)).isoformat()
    edit(
        project / "data" / "timeline.yaml",
        f"  - id: {first.id}\n",
        f'  - id: {first.id}\n    updated: "{later}"\n',
    )
    renderer = load_project(project).renderer
    feed = ElementTree.fromstring(atom_feed(renderer, "en"))
    entries = list(feed.iter(f"{ATOM}entry"))
    assert entries[0].findtext(f"{ATOM}id").endswith(f"#{first.id}")
    assert entries[0].findtext(f"{ATOM}updated") == f"{later}T00:00:00Z"
    assert feed.findtext(f"{ATOM}updated") == f"{later}T00:00:00Z"
