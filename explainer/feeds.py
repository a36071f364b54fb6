"""Atom feeds (RFC 4287), one per language: the newest timeline events and logged page
updates.

Dates come from the data: an event dated "2023-06" is given as 2023-06-01T00:00:00Z, and the
feed's own <updated> is its newest entry or the site's last review, whichever is later, so
two builds of the same data give the same bytes. The XML is built with ElementTree, which
escapes every value.
"""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from explainer.citations import updates_newest_first
from explainer.model import LANGUAGES
from explainer.pages import Renderer, absolute_url, language_prefix
from explainer.text import plain_text

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
    date: str  # ISO date at any precision, as in the data
    link: str
    summary: str
    category: str
    category_label: str

    @property
    def updated(self) -> str:
        return atom_date(self.date)


def atom_date(value: str) -> str:
    """'2023-06' -> '2023-06-01T00:00:00Z': the first moment the partial date covers."""
    parts = [*value.split("-"), "01", "01"]
    year, month, day = parts[:3]
    return f"{year}-{month}-{day}T00:00:00Z"


def feed_entries(renderer: Renderer, language: str) -> list[FeedEntry]:
    """The newest FEED_ENTRIES events and page updates, newest first (ties by id, so the
    order is stable). Entries are written out only once chosen: their text is what costs."""
    data, site_url, labels = renderer.data, renderer.site_url, renderer.labels
    colon = labels["punct.colon"][language]
    timeline = next(spec for spec in renderer.pages if spec.key == "timeline")

    def event_entry(event, entry_id: str) -> FeedEntry:
        return FeedEntry(
            id=entry_id,
            title=plain_text(getattr(event.title, language)),
            date=event.date,
            link=entry_id,
            summary=plain_text(getattr(event.description, language)),
            category=event.kind,
            category_label=labels[f"kind.{event.kind}"][language],
        )

    def update_entry(spec, update, entry_id: str) -> FeedEntry:
        kind_label = labels[f"update.{update.kind}"][language]
        return FeedEntry(
            id=entry_id,
            title=f"{kind_label}{colon}{renderer.page_title(spec, language)}",
            date=update.date,
            link=entry_id,
            summary=plain_text(getattr(update.text, language)),
            category=update.kind,
            category_label=kind_label,
        )

    # (date, id, how to write the entry)
    candidates = [
        (event.date, entry_id, partial(event_entry, event, entry_id))
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
                (update.date, entry_id, partial(update_entry, spec, update, entry_id))
            )
    candidates.sort(key=lambda candidate: candidate[1])
    candidates.sort(key=lambda candidate: atom_date(candidate[0]), reverse=True)
    return [write_entry() for _, _, write_entry in candidates[:FEED_ENTRIES]]


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
    newest = max([data.site.last_reviewed, *(entry.date for entry in entries)], key=atom_date)
    child(feed, "updated", atom_date(newest))
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
        child(item, "published", entry.updated)
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
