"""Plan and render the generated pages: data in, Markdown (with HTML blocks) out.

`plan_pages` decides which pages exist; it is language-neutral, so both languages always
get the same set of pages at the same paths. `Renderer.render` fills one page in one
language through a Jinja template in `overrides/fragments/`. Python computes, templates
write the markup.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, get_args
from urllib.parse import unquote, urlsplit, urlunsplit

import jinja2
from markupsafe import Markup, escape

from explainer.data.dataset import SiteData
from explainer.data.loader import Problem
from explainer.data.model import LANGUAGES, EventKind, Text
from explainer.render.citations import (
    Citation,
    citations,
    last_updated,
    page_last_updated,
    site_last_updated,
    updates_newest_first,
)
from explainer.render.dates import format_partial_date, localize_digits
from explainer.render.text import inline_markdown, isolate_latin, markdown_inert, plain_text


@dataclass(frozen=True)
class PageSpec:
    """A generated page, identical in structure in every language."""

    key: str
    """Language-neutral identity, e.g. 'pillar:sanctions'."""
    path: str
    """Source path inside each language folder, e.g. 'pillars/sanctions.md'."""
    template: str
    context: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def url(self) -> str:
        """The page's URL relative to its language root, with directory URLs."""
        return page_url(self.path)


def language_prefix(language: str) -> str:
    """URL prefix of a language: the default language lives at the site root."""
    return "" if language == LANGUAGES[0] else f"{language}/"


def absolute_url(site_url: str, language: str, url: str, fragment: str = "") -> str:
    """'https://example.org/x/' + 'en' + 'pillars/y/' -> 'https://example.org/x/en/pillars/y/'."""
    base = site_url if site_url.endswith("/") else site_url + "/"
    return f"{base}{language_prefix(language)}{url}" + (f"#{fragment}" if fragment else "")


def page_url(path: str) -> str:
    """'pillars/x.md' -> 'pillars/x/'; 'index.md' -> ''; 'pillars/index.md' -> 'pillars/'."""
    stem = path.removesuffix(".md")
    if stem == "index":
        return ""
    stem = stem.removesuffix("/index")
    return f"{stem}/"


@lru_cache(maxsize=65536)  # every event links to its pillars and agencies
def relative_url(from_path: str, to_url: str) -> str:
    """Relative link between two pages of the same language, e.g. '../../timeline/'."""
    from_dir = page_url(from_path) or "."
    target, _, fragment = to_url.partition("#")
    relative = posixpath.relpath(target or ".", from_dir)
    relative = "./" if relative == "." else relative + "/"
    return relative + (f"#{fragment}" if fragment else "")


def display_url(url: str) -> str:
    """An address as a reader should see it: no scheme, the host and path decoded, so an
    Arabic path reads as Arabic rather than %D8%A7... (the link itself keeps the encoded
    form). A path that does not decode as UTF-8 is shown as it is."""
    parts = urlsplit(url)
    try:
        host = parts.hostname.encode("ascii").decode("idna") if parts.hostname else ""
    except UnicodeError:
        host = parts.netloc
    try:
        rest = unquote(urlunsplit(("", "", parts.path, parts.query, "")), errors="strict")
    except UnicodeDecodeError:
        rest = urlunsplit(("", "", parts.path, parts.query, ""))
    return host.removeprefix("www.") + (rest if rest != "/" else "")


def plan_pages(data: SiteData) -> list[PageSpec]:
    """Every generated page, in nav order."""
    pages = [
        PageSpec("home", "index.md", "home.md"),
        PageSpec("pillars", "pillars/index.md", "pillars.md"),
    ]
    pages += [
        PageSpec(f"pillar:{p.id}", f"pillars/{p.id}.md", "pillar.md", {"pillar": p})
        for p in data.pillars
    ]
    pages += [
        PageSpec("timeline", "timeline.md", "timeline.md", {"kind": None}),
        PageSpec("agencies", "agencies/index.md", "agencies.md"),
    ]
    pages += [
        PageSpec(f"agency:{a.id}", f"agencies/{a.id}.md", "agency.md", {"agency": a})
        for a in data.agencies
    ]
    pages += [
        PageSpec("sources", "sources.md", "sources.md"),
        PageSpec("glossary", "glossary.md", "glossary.md"),
        PageSpec("updates", "updates.md", "updates.md"),
        PageSpec("search", "search.md", "search.md"),
    ]
    pages.append(PageSpec("data", "data.md", "data.md"))
    # Arabic and English side by side, one page per pillar (linked from it, not in the nav).
    pages += [
        PageSpec(f"compare:{p.id}", f"pillars/{p.id}/compare.md", "compare.md", {"pillar": p})
        for p in data.pillars
    ]
    # The timeline filtered by kind, for readers without JavaScript (the timeline's chips
    # link here; with JavaScript they filter in place). Pillar and agency chips link to the
    # events listed on the pillar's and the agency's own page instead.
    pages += [
        PageSpec(f"timeline-kind:{kind}", f"timeline/kind/{kind}.md", "timeline.md", {"kind": kind})
        for kind in event_kinds(data)
    ]
    return pages


def event_kinds(data: SiteData) -> list[str]:
    """The kinds of event the data uses, in the model's order."""
    used = {event.kind for event in data.events}
    return [kind for kind in get_args(EventKind) if kind in used]


def pillar_nav_paths(data: SiteData) -> list[str]:
    """Nav entries for the pillars, in the data's order."""
    return [f"pillars/{p.id}.md" for p in data.pillars]


# -----------------------------------------------------------------------------
# Citations
# -----------------------------------------------------------------------------


def sources_cited(spec: PageSpec, data: SiteData) -> list[str]:
    """Source ids cited on a page, in order of first citation."""
    records = _cited_records(spec, data)
    return list(dict.fromkeys(source_id for record in records for source_id in record.sources))


def citation_index(data: SiteData, pages: Iterable[PageSpec]) -> dict[str, list[PageSpec]]:
    """For each source id, the generated pages that cite it."""
    index: dict[str, list[PageSpec]] = {source.id: [] for source in data.sources}
    for spec in pages:
        if spec.key == "sources" or spec.key.startswith("timeline-kind:"):
            continue  # a filtered timeline repeats the timeline's citations
        for source_id in sources_cited(spec, data):
            index[source_id].append(spec)
    return index


@dataclass(frozen=True)
class _Cited:
    """A group of citations on a page that is not a record of its own (the home page's)."""

    sources: list[str]


def _cited_records(spec: PageSpec, data: SiteData) -> list[Any]:
    kind, _, identifier = spec.key.partition(":")
    if kind == "home":
        # In the order the page shows them: the answer, the pillars' cards, where things
        # stand, then the details.
        strategy = data.strategy
        answer = [strategy.answer] if strategy.answer else []
        return [
            *answer,
            *(pillar.now for pillar in data.pillars if pillar.now),
            *strategy.status,
            _Cited(strategy.sources),
            _Cited(strategy.released_sources),
            _Cited(strategy.legal_basis_sources),
            *strategy.key_facts,
        ]
    if kind == "pillar":
        pillar = data.pillar(identifier)
        claims = [c for s in pillar.sections for c in s.claims]
        return [*pillar.key_facts, *claims, pillar, *data.events_for_pillar(identifier)]
    if kind == "timeline":
        return data.events_sorted()
    if kind == "timeline-kind":
        return [event for event in data.events_sorted() if event.kind == identifier]
    if kind == "agency":
        return [data.agency(identifier), *data.events_for_agency(identifier)]
    if kind == "agencies":
        return list(data.agencies)
    if kind == "pillars":
        return list(data.pillars)
    if kind == "glossary":
        return list(data.terms)
    return []


# -----------------------------------------------------------------------------
# Rendering
# -----------------------------------------------------------------------------


def _inert_value(value: Any) -> Any:
    """Every plain value a template writes: escaped, and inert to the page's Markdown pass.

    Fragments are Markdown, so a value in a Markdown line could otherwise become a link or
    take attributes ("{: onclick=... }"); safe HTML from the data is made inert by translate.
    """
    if type(value) is str:
        return _inert_string(value)  # labels, ids and classes repeat on every page
    if isinstance(value, str) and not isinstance(value, Markup):
        return markdown_inert(escape(value))
    return value


@lru_cache(maxsize=65536)
def _inert_string(value: str) -> Markup:
    return markdown_inert(escape(value))


class Renderer:
    """Renders planned pages for one language through the fragment templates."""

    def __init__(
        self,
        data: SiteData,
        labels: dict[str, dict[str, str]],
        templates: Path,
        icons: Path | None = None,
        site_url: str = "/",
        bytecode_cache: jinja2.BytecodeCache | None = None,
    ):
        self.data = data
        self.icons = icons
        self.site_url = site_url
        self.labels = labels
        self.pages = plan_pages(data)
        self.citations = citation_index(data, self.pages)
        self._specs_by_key: dict[str, PageSpec] = {}
        self._translated: dict[tuple[str, str], Markup] = {}
        for spec in self.pages:
            self._specs_by_key.setdefault(spec.key, spec)
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(templates),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            finalize=_inert_value,
            bytecode_cache=bytecode_cache,
        )

    def render(self, spec: PageSpec, language: str) -> str:
        """The Markdown source of one page in one language."""
        site = self.data.site

        def translate(text: Text | None) -> Markup:
            return Markup("") if text is None else self.translate(text, language)

        def label(key: str) -> str:
            return self.labels[key][language]

        def date(value: str) -> str:
            return format_partial_date(value, language, site.numerals, site.arabic_months)

        def number(value: int) -> str:
            return localize_digits(str(value), language, site.numerals)

        def link(target: str, fragment: str = "") -> str:
            url = self._url_for(target)
            return relative_url(spec.path, url + (f"#{fragment}" if fragment else ""))

        cited = sources_cited(spec, self.data)
        source_number = {source_id: n for n, source_id in enumerate(cited, start=1)}
        other_language = next(other for other in LANGUAGES if other != language)
        template = self.env.get_template(spec.template)
        return template.render(
            **spec.context,
            data=self.data,
            site=site,
            page=spec,
            lang=language,
            other_lang=other_language,
            t=translate,
            plain=lambda text: plain_text(getattr(text, language)),
            ui=label,
            date=date,
            number=number,
            link=link,
            cited=cited,
            source_number=source_number,
            cite_order=lambda ids: sorted(dict.fromkeys(ids), key=source_number.__getitem__),
            display_url=display_url,
            event_kinds=event_kinds(self.data),
            citations=self.citations,
            pages=self.pages,
            icon=self._icon,
            page_title=lambda page: self.page_title(page, language),
            plain_other=lambda text: plain_text(getattr(text, other_language)),
            lang_sort_key=f"term.{language}",
            all_updates=self.all_updates,
            text_in=lambda text, other: self.translate(text, other),
            cite_styles=lambda key, fragment="", title=None: self.citations_for(
                self._spec_for_key(key), language, fragment, title
            ),
            last_updated=lambda record: last_updated(record, site),
            updates_newest_first=updates_newest_first,
            prefix=language_prefix(language),
            last_updated_site=lambda: site_last_updated(self.data),
            site_file=lambda name: posixpath.relpath(
                name, posixpath.join(language_prefix(language), page_url(spec.path) or ".")
            ),
        )

    def translate(self, text: Text, language: str) -> Markup:
        """A data text as safe HTML in any language (Latin runs isolated in Arabic)."""
        source = getattr(text, language)
        cached = self._translated.get((source, language))
        if cached is None:  # the same text appears on many pages (events, agencies, facts)
            html = inline_markdown(source)
            cached = markdown_inert(isolate_latin(html) if language == "ar" else html)
            self._translated[(source, language)] = cached
        return cached

    def citations_for(
        self, spec: PageSpec, language: str, fragment: str = "", title: str | None = None
    ) -> list[Citation]:
        """Suggested citations of a generated page, or of one anchor on it."""
        record = spec.context.get("pillar") or spec.context.get("agency")
        return citations(
            title or self.page_title(spec, language),
            absolute_url(self.site_url, language, spec.url, fragment),
            page_last_updated(spec.key, record, self.data),
            language,
            self.labels,
            self.data.site,
        )

    def render_all(self, language: str) -> dict[str, str]:
        return {spec.path: self.render(spec, language) for spec in self.pages}

    def page_title(self, spec: PageSpec, language: str) -> str:
        """The title of a generated page, as its H1 shows it."""
        kind, _, identifier = spec.key.partition(":")
        if kind == "pillar":
            return plain_text(getattr(self.data.pillar(identifier).title, language))
        if kind == "agency":
            return plain_text(getattr(self.data.agency(identifier).name, language))
        if kind == "home":
            return plain_text(getattr(self.data.strategy.short_title, language))
        if kind == "timeline-kind":
            return self.labels["timeline.kind_title"][language].format(
                timeline=self.labels["nav.timeline"][language],
                kind=self.labels[f"kind.{identifier}"][language],
            )
        if kind == "compare":
            pillar_title = plain_text(getattr(self.data.pillar(identifier).title, language))
            return self.labels["compare.title"][language].format(title=pillar_title)
        label = {"pillars": "nav.pillars", "sources": "sources.title"}.get(kind, f"nav.{kind}")
        return self.labels[label][language]

    def all_updates(self) -> list[dict[str, Any]]:
        """Every page's updates and corrections, newest first, with their anchor on the page.

        The key is "change", not "update": Jinja would read `entry.update` as dict.update.
        """
        entries = []
        for spec in self.pages:
            if spec.key.partition(":")[0] not in {"pillar", "agency"}:
                continue  # a pillar's side-by-side page shares its record, not its log
            record = spec.context.get("pillar") or spec.context.get("agency")
            for anchor, update in updates_newest_first(record):
                entries.append(
                    {"change": update, "anchor": anchor, "page": spec.key, "page_spec": spec}
                )
        return sorted(entries, key=lambda entry: entry["change"].date, reverse=True)

    def check_icons(self) -> list[Problem]:
        """Every pillar icon exists in the theme's icon set."""
        problems = []
        for index, pillar in enumerate(self.data.pillars):
            if self.icons and not (self.icons / f"{pillar.icon}.svg").is_file():
                loaded = self.data.files["pillars.yaml"]
                line, column = loaded.position(("pillars", index, "icon"))
                problems.append(
                    Problem(
                        loaded.name,
                        line,
                        column,
                        f"pillars[{index}].icon",
                        f"there is no icon named '{pillar.icon}'",
                        "use a Material icon name, e.g. material/magnify",
                    )
                )
        return problems

    def _icon(self, name: str) -> Markup:
        """Inline SVG of a theme icon such as 'material/magnify' (decorative)."""
        if self.icons is None:
            return Markup("")
        svg_path = self.icons / f"{name}.svg"
        if not svg_path.is_file():
            return Markup("")
        svg = svg_path.read_text(encoding="utf-8")
        return Markup(svg.replace("<svg ", '<svg aria-hidden="true" focusable="false" ', 1))

    def _url_for(self, target: str) -> str:
        return self._spec_for_key(target).url

    def _spec_for_key(self, key: str) -> PageSpec:
        try:
            return self._specs_by_key[key]
        except KeyError:
            raise KeyError(f"no generated page with key {key!r}") from None
