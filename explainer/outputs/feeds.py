"""Atom feeds (RFC 4287), one per language: the newest timeline events and logged page
updates.

An entry's <updated> is the day it was written or last changed, never an event's own date:
"2023-06" (an event known to the month) is not an instant, and giving it as
2023-06-01T00:00:00Z would state a day nobody knows. An event's entry is dated by its
`updated` date in the data, else the site's last review; its own date is written at the
precision the data gives, in the reader's language, at the start of the summary ("June
2023: ..."). A logged page update or correction is dated by its day, which is also its
<published>. The feed's own <updated> is its newest entry or the site's last review,
whichever is later, so two builds of the same data give the same bytes. The XML is built
with ElementTree, which escapes every value.
"""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from explainer.data.model import LANGUAGES
from explainer.data.partial_dates import chronological_key
from explainer.render.citations import updates_newest_first
from explainer.render.dates import format_partial_date
from explainer.render.pages import Renderer, absolute_url, language_prefix
from explainer.render.text import plain_text

FEED_ENTRIES = 100
"""The newest entries a feed carries. Feed readers fetch a feed again every hour or so,
often over a phone's connection: the whole history (2.7 MB at a hundred times the
shipped data) is the timeline's, and the data downloads'."""
ATOM = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
FEED_FILE = "feed.xml"


@dataclass(frozen=True)
class FeedEntry:
    id: str
    title: str
    updated: str  # the full day the entry was written or last changed
    link: str
    summary: str
    category: str
    category_label: str
    published: str | None = None  # known only for logged updates: their day


def atom_date(value: str) -> str:
    """'2023-06-29' -> '2023-06-29T00:00:00Z'. Only full days are instants; a partial date
    is refused rather than given a day it does not have."""
    if len(value) != len("2023-06-29"):
        raise ValueError(f"not a full date: {value!r}")
    return f"{value}T00:00:00Z"


def feed_entries(renderer: Renderer, language: str) -> list[FeedEntry]:
    """The newest FEED_ENTRIES events and page updates, newest first (ties by id, so the
    order is stable). Entries are written out only once chosen: their text is what costs."""
    data, site_url, labels = renderer.data, renderer.site_url, renderer.labels
    site = data.site
    colon = labels["punct.colon"][language]
    timeline = next(spec for spec in renderer.pages if spec.key == "timeline")

    def event_entry(event, entry_id: str) -> FeedEntry:
        when = format_partial_date(event.date, language, site.numerals, site.arabic_months)
        return FeedEntry(
            id=entry_id,
            title=plain_text(getattr(event.title, language)),
            updated=atom_date(event.updated or site.last_reviewed),
            link=entry_id,
            summary=f"{when}{colon}{plain_text(getattr(event.description, language))}",
            category=event.kind,
            category_label=labels[f"kind.{event.kind}"][language],
        )

    def update_entry(spec, update, entry_id: str) -> FeedEntry:
        kind_label = labels[f"update.{update.kind}"][language]
        return FeedEntry(
            id=entry_id,
            title=f"{kind_label}{colon}{renderer.page_title(spec, language)}",
            updated=atom_date(update.date),
            published=atom_date(update.date),
            link=entry_id,
            summary=plain_text(getattr(update.text, language)),
            category=update.kind,
            category_label=kind_label,
        )

    # (day written, date of what it tells, id, how to write the entry)
    candidates = [
        (
            event.updated or site.last_reviewed,
            event.date,
            entry_id,
            partial(event_entry, event, entry_id),
        )
        for event in data.events
        for entry_id in [absolute_url(site_url, language, timeline.url, event.id)]
    ]
    for spec in renderer.pages:
        record = spec.context.get("pillar") or spec.context.get("agency")
        if record is None or spec.key.startswith("compare:"):
            continue
        for anchor, update in updates_newest_first(record):
            entry_id = absolute_url(site_url, language, spec.url, anchor)
            candidates.append(
                (update.date, update.date, entry_id, partial(update_entry, spec, update, entry_id))
            )
    # Newest written first; among entries written the same day, the newest event first
    # (a month-only date after the days it contains); then by id, so the order is stable.
    candidates.sort(key=lambda candidate: candidate[2])
    candidates.sort(key=lambda candidate: chronological_key(candidate[1]), reverse=True)
    candidates.sort(key=lambda candidate: candidate[0], reverse=True)
    return [write_entry() for *_, write_entry in candidates[:FEED_ENTRIES]]


def atom_feed(renderer: Renderer, language: str) -> bytes:
    """The Atom document of one language."""
    data, site_url = renderer.data, renderer.site_url
    entries = feed_entries(renderer, language)
    site_name = getattr(data.site.name, language)
    ElementTree.register_namespace("", ATOM)

    def child(parent: ElementTree.Element, tag: str, text: str | None = None, **attributes):
        element = ElementTree.SubElement(parent, f"{{{ATOM}}}{tag}", attributes)
        if text is not None:
            element.text = text
        return element

    feed = ElementTree.Element(f"{{{ATOM}}}feed", {XML_LANG: language})
    child(feed, "id", absolute_url(site_url, language, ""))
    child(
        feed,
        "title",
        f"{site_name}{renderer.labels['punct.colon'][language]}"
        f"{renderer.labels['feed.title'][language]}",
    )
    child(feed, "subtitle", renderer.labels["feed.subtitle"][language])
    newest = max([atom_date(data.site.last_reviewed), *(entry.updated for entry in entries)])
    child(feed, "updated", newest)
    author = child(feed, "author")
    child(author, "name", site_name)
    child(author, "uri", absolute_url(site_url, language, ""))
    child(feed, "link", rel="self", type="application/atom+xml", href=feed_url(site_url, language))
    child(
        feed,
        "link",
        rel="alternate",
        type="text/html",
        hreflang=language,
        href=absolute_url(site_url, language, ""),
    )
    for other in LANGUAGES:
        if other != language:
            child(
                feed,
                "link",
                rel="alternate",
                type="application/atom+xml",
                hreflang=other,
                href=feed_url(site_url, other),
            )
    child(feed, "rights", f"{data.site.licence.name} {data.site.licence.url}")
    for entry in entries:
        item = child(feed, "entry")
        child(item, "id", entry.id)
        child(item, "title", entry.title)
        child(item, "updated", entry.updated)
        if entry.published:
            child(item, "published", entry.published)
        child(item, "link", rel="alternate", type="text/html", href=entry.link)
        child(item, "category", term=entry.category, label=entry.category_label)
        child(item, "summary", entry.summary)
    ElementTree.indent(feed)
    return ElementTree.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"


def feed_url(site_url: str, language: str) -> str:
    return absolute_url(site_url, language, FEED_FILE)


def feed_path(language: str) -> str:
    """Where a language's feed lives in the site: feed.xml, en/feed.xml."""
    return f"{language_prefix(language)}{FEED_FILE}"


def write_feeds(site_dir: Path, renderer: Renderer) -> list[Path]:
    written = []
    for language in LANGUAGES:
        target = site_dir / feed_path(language)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(atom_feed(renderer, language))
        written.append(target)
    return written
