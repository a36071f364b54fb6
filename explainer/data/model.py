"""The data model: what `data/*.yaml` may contain, as pydantic models.

This module is the single source of truth for the data format. The loader validates every
file against it, `schema/*.json` is generated from it, and the renderer reads the validated
objects. Cross-file rules (unknown ids, duplicates) live in `explainer.data.dataset`.

Nothing here is specific to one strategy: any number of pillars, events, agencies and
sources is valid data.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from typing import Annotated, Literal
from urllib.parse import urlsplit

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

# -----------------------------------------------------------------------------
# Scalar types
# -----------------------------------------------------------------------------

LANGUAGES = ("ar", "en")
"""Site languages, default first. Every translatable field has exactly these keys."""

RESERVED_IDS = frozenset(
    {
        "page-title",
        "pillars",
        "key-facts",
        "strategy-details",
        "latest",
        "status-now",
        "in-brief",
        "pillar-timeline",
        "pillar-agencies",
        "sources-for-this-page",
        "updates-log",
        "cite",
        "search",
        "content",
    }
)
"""Anchors the site's own templates use; data ids must not take them."""

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
PARTIAL_DATE_PATTERN = r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$"
FULL_DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"

# Invisible characters an editor never means to type and that can hide or reorder text
# (Trojan-source style). ZWNJ/ZWJ (Arabic and Persian joining), LRM, RLM and ALM are
# legitimate marks and stay allowed.
_ALLOWED_FORMAT_CHARACTERS = {"\u200c", "\u200d", "\u200e", "\u200f", "\u061c"}
_ALLOWED_CONTROL_CHARACTERS = {"\n", "\t"}

_ARABIC_LETTER = re.compile(r"[\u0620-\u064a\u066e-\u06d3\u06fa-\u06ff]")
_LATIN_LETTER = re.compile(r"[A-Za-z\u00c0-\u024f]")
# A Latin word of two or more letters with a lowercase letter: a normal English word
# rather than an acronym such as OFAC or a code such as H.R. 6265.
_LATIN_PROSE_WORD = re.compile(r"\b[A-Za-z]*[a-z][A-Za-z]+\b")
_MARKDOWN_LINK_TARGET = re.compile(r"\]\(\s*<?([^)\s>]*)")
_MARKDOWN_REFERENCE_TARGET = re.compile(r"^[ ]{0,3}\[[^\]]+\]:\s*<?([^\s>]*)", re.M)
_MARKDOWN_IMAGE = re.compile(r"!\[[^\]]*\]\s*[(\[]")
_ALLOWED_LINK_SCHEMES = {"http", "https", "mailto"}
_SENTENCE_END = re.compile(r"[.!?؟](?=\s|$)")


_WITHOUT_ALLOWED_INVISIBLES = str.maketrans(
    dict.fromkeys(_ALLOWED_FORMAT_CHARACTERS | _ALLOWED_CONTROL_CHARACTERS)
)


def invisible_character_problem(value: str) -> str | None:
    """Return a readable description of the first forbidden invisible character, if any."""
    # Every control (Cc) and format (Cf) character is unprintable to Python: once the
    # allowed ones are taken out, a printable text has none of them, found without a loop
    # over every character (the largest cost of validating large data).
    if value.translate(_WITHOUT_ALLOWED_INVISIBLES).isprintable():
        return None
    for position, character in enumerate(value):
        category = unicodedata.category(character)
        forbidden = (category == "Cc" and character not in _ALLOWED_CONTROL_CHARACTERS) or (
            category == "Cf" and character not in _ALLOWED_FORMAT_CHARACTERS
        )
        if forbidden:
            name = unicodedata.name(character, "control character")
            return (
                f"contains the invisible character U+{ord(character):04X} {name} "
                f"at position {position + 1}; delete it (retype the text around it if unsure)"
            )
    return None


def _check_plain_text(value: str) -> str:
    problem = invisible_character_problem(value)
    if problem:
        raise ValueError(problem)
    return value


def _check_inline_markdown(value: str) -> str:
    _check_plain_text(value)
    if _MARKDOWN_IMAGE.search(value):
        # An image would load from another site (a privacy leak the CSP blocks anyway).
        raise ValueError("images are not allowed in text; link to the picture instead")
    targets = _MARKDOWN_LINK_TARGET.findall(value) + _MARKDOWN_REFERENCE_TARGET.findall(value)
    for target in targets:
        scheme = urlsplit(target).scheme.lower()
        if scheme and scheme not in _ALLOWED_LINK_SCHEMES:
            raise ValueError(
                f"link target {target!r} uses the scheme '{scheme}:'; "
                "only https, http and mailto links are allowed"
            )
    return value


def _check_partial_date(value: str) -> str:
    parts = [int(part) for part in value.split("-")]
    if len(parts) >= 2 and not 1 <= parts[1] <= 12:
        raise ValueError(f"{value!r} has month {parts[1]}; months run from 01 to 12")
    if len(parts) == 3:
        last_day = calendar.monthrange(parts[0], parts[1])[1]
        if not 1 <= parts[2] <= last_day:
            raise ValueError(
                f"{value!r} does not exist: {calendar.month_name[parts[1]]} {parts[0]} "
                f"has {last_day} days"
            )
    return value


def _check_url(value: str) -> str:
    _check_plain_text(value)
    parts = urlsplit(value)
    if parts.scheme not in {"http", "https"}:
        raise ValueError(f"{value!r} is not a web address; it must start with https://")
    if "." not in (parts.hostname or ""):
        raise ValueError(f"{value!r} has no valid host name, e.g. https://www.example.org/")
    if any(character.isspace() for character in value):
        raise ValueError(f"{value!r} contains a space; encode it as %20")
    return value


PlainText = Annotated[str, StringConstraints(min_length=1), AfterValidator(_check_plain_text)]
RichText = Annotated[str, StringConstraints(min_length=1), AfterValidator(_check_inline_markdown)]
Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=80)]
PartialDate = Annotated[
    str,
    StringConstraints(pattern=PARTIAL_DATE_PATTERN),
    AfterValidator(_check_partial_date),
]
FullDate = Annotated[
    str,
    StringConstraints(pattern=FULL_DATE_PATTERN),
    AfterValidator(_check_partial_date),
]
Url = Annotated[str, StringConstraints(max_length=2000), AfterValidator(_check_url)]
LanguageCode = Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}(?:-[A-Z]{2})?$")]


# -----------------------------------------------------------------------------
# Translated text
# -----------------------------------------------------------------------------


class Model(BaseModel):
    """Base for every record: unknown fields are errors, values are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


def _check_scripts(text: Text) -> Text:
    arabic_letters = len(_ARABIC_LETTER.findall(text.ar))
    if arabic_letters == 0 and _LATIN_PROSE_WORD.search(text.ar):
        raise ValueError("ar: the Arabic text is written in Latin letters; write it in Arabic")
    english_arabic = len(_ARABIC_LETTER.findall(text.en))
    if english_arabic and english_arabic >= len(_LATIN_LETTER.findall(text.en)):
        raise ValueError("en: the English text is written in Arabic letters; write it in English")
    return text


class Text(Model):
    """A text in both languages. Inline Markdown (emphasis, links, code) is allowed."""

    ar: RichText = Field(description="Arabic (Modern Standard Arabic).")
    en: RichText = Field(description="English.")


Translated = Annotated[Text, AfterValidator(_check_scripts)]


def _check_title(text: Text) -> Text:
    for language in LANGUAGES:
        if any(character in getattr(text, language) for character in '<>"'):
            raise ValueError(
                f'{language}: a title cannot contain <, > or " (use “ ” for quotes): the'
                " theme writes titles into the page as they are"
            )
    return text


Title = Annotated[Translated, AfterValidator(_check_title)]
"""A text that becomes a page title or the site name, which the theme does not escape."""


class Words(Model):
    """Alternative spellings per language, e.g. for glossary matching."""

    ar: list[PlainText] = Field(default_factory=list)
    en: list[PlainText] = Field(default_factory=list)


# -----------------------------------------------------------------------------
# Shared records
# -----------------------------------------------------------------------------


class Claim(Model):
    """One paragraph-sized statement with its own permalink and sources."""

    id: Slug = Field(description="Stable anchor, identical in both languages.")
    kind: Literal["statement", "quote", "paraphrase", "analysis", "criticism", "question"] = Field(
        default="statement",
        description="quote: verbatim wording; paraphrase: reported wording, not verbatim.",
    )
    text: Translated
    sources: list[Slug] = Field(min_length=1, description="Ids from data/sources.yaml.")


class Sentence(Model):
    """One sentence of a running paragraph, cited to what supports it."""

    text: Translated
    sources: list[Slug] = Field(min_length=1, description="Ids from data/sources.yaml.")


class Update(Model):
    """A dated entry in a page's log of updates and corrections."""

    date: FullDate
    kind: Literal["correction", "clarification", "update"]
    text: Translated


# -----------------------------------------------------------------------------
# data/pillars.yaml
# -----------------------------------------------------------------------------


class Section(Model):
    id: Slug
    title: Translated
    claims: list[Claim] = Field(min_length=1)


class Pillar(Model):
    """A line of effort of the strategy; one page per language at /pillars/<id>/."""

    id: Slug = Field(description="ASCII slug used in the URL. Never change it once published.")
    number: int = Field(ge=1, description="1..n, in the order of the list.")
    icon: str = Field(
        pattern=r"^[a-z0-9-]+(?:/[a-z0-9-]+)+$",
        description="A Material icon, e.g. material/magnify or fontawesome/solid/scale-balanced.",
    )
    color: Literal[
        "blue",
        "teal",
        "amber",
        "purple",
        "red",
        "green",
        "indigo",
        "orange",
        "pink",
        "brown",
    ] = Field(description="The pillar's colour on cards, badges and timeline nodes.")
    title: Title
    short_title: Translated
    summary: Translated = Field(description="One line, shown on cards: what the pillar does.")
    now: Claim | None = Field(
        default=None,
        description="One sentence on where the pillar stands now, with its sources; shown"
        " on its card on the home page.",
    )
    in_brief: Translated = Field(description="A short paragraph for the 'In brief' box.")
    key_facts: list[Claim] = Field(default_factory=list)
    sections: list[Section] = Field(min_length=1)
    agencies: list[Slug] = Field(default_factory=list)
    sources: list[Slug] = Field(default_factory=list)
    updated: FullDate | None = Field(default=None, description="Last reviewed; defaults to site.")
    updates: list[Update] = Field(default_factory=list)


class Strategy(Model):
    title: Translated = Field(description="The official title.")
    short_title: Title
    answer: Claim | None = Field(
        default=None,
        description="One sentence, shown large under the home page's title: what the strategy"
        " is, who issued it and when, and why. Without it the summary is shown there.",
    )
    summary: Translated = Field(description="One paragraph.")
    released: PartialDate
    released_note: Translated | None = None
    released_sources: list[Slug] = Field(
        default_factory=list, description="Ids from data/sources.yaml for the release date."
    )
    legal_basis: Translated
    legal_basis_sources: list[Slug] = Field(
        default_factory=list, description="Ids from data/sources.yaml for the legal basis."
    )
    lead_agency: Slug
    participating_agencies: list[Slug] = Field(default_factory=list)
    status: list[Sentence] = Field(
        min_length=1,
        description="Where things stand now, one sentence at a time, each with its sources.",
    )
    key_facts: list[Claim] = Field(default_factory=list)
    sources: list[Slug] = Field(
        default_factory=list, description="Ids from data/sources.yaml for the title and summary."
    )


class PillarsFile(Model):
    strategy: Strategy
    pillars: list[Pillar] = Field(min_length=1)


# -----------------------------------------------------------------------------
# data/timeline.yaml
# -----------------------------------------------------------------------------

EventKind = Literal["legislation", "sanctions", "enforcement", "diplomacy", "assistance", "other"]


class Event(Model):
    id: Slug
    date: PartialDate = Field(
        description="ISO 8601 at the known precision: 2023-06-29, 2023-06, 2023."
    )
    kind: EventKind
    title: Translated
    description: Translated
    pillars: list[Slug] = Field(default_factory=list)
    agencies: list[Slug] = Field(default_factory=list)
    sources: list[Slug] = Field(min_length=1)
    updated: FullDate | None = Field(
        default=None,
        description="The day the entry was added or last changed (the feed's date for it); "
        "defaults to site.last_reviewed.",
    )

    @property
    def year(self) -> str:
        return self.date[:4]


class TimelineFile(Model):
    events: list[Event] = Field(default_factory=list)


# -----------------------------------------------------------------------------
# data/agencies.yaml
# -----------------------------------------------------------------------------


def _check_role_length(text: Text) -> Text:
    for language in LANGUAGES:
        sentences = len(_SENTENCE_END.findall(getattr(text, language)))
        if not 2 <= sentences <= 4:
            raise ValueError(
                f"{language}: the role summary has {sentences} sentence(s); write 2 to 4 sentences"
            )
    return text


class Agency(Model):
    id: Slug
    name: Title
    short_name: Title | None = Field(
        default=None,
        description="A short form in each language for chips and tight spaces, e.g."
        " «وزارة الخزانة» / Treasury; the full name is used where it is missing.",
    )
    abbreviation: str | None = Field(default=None, pattern=r"^[A-Za-z][A-Za-z&.\- ]{0,15}$")
    parent: Slug | None = Field(default=None, description="Id of the parent agency.")
    role: Annotated[Translated, AfterValidator(_check_role_length)]
    pillars: list[Slug] = Field(default_factory=list)
    standing: Literal["statute", "consulted", "other"] = Field(
        description="statute: named in the law; consulted: listed by the State Department."
    )
    standing_note: Translated | None = None
    website: Url
    sources: list[Slug] = Field(min_length=1)
    updated: FullDate | None = None
    updates: list[Update] = Field(default_factory=list)


class AgenciesFile(Model):
    agencies: list[Agency] = Field(default_factory=list)


# -----------------------------------------------------------------------------
# data/sources.yaml
# -----------------------------------------------------------------------------


class Source(Model):
    id: Slug
    title: PlainText = Field(description="Title in the source's own language.")
    publisher: PlainText
    url: Url | None = Field(
        default=None,
        description="The original publisher's address. Leave it out when only a copy on"
        " another site is known: the source is then cited by publisher, title and date.",
    )
    published: PartialDate | None = None
    language: LanguageCode = Field(description="Language of the source, e.g. en or ar.")


class SourcesFile(Model):
    sources: list[Source] = Field(default_factory=list)


# -----------------------------------------------------------------------------
# data/glossary.yaml
# -----------------------------------------------------------------------------


class Term(Model):
    id: Slug
    term: Translated
    aliases: Words = Field(default_factory=Words, description="Other forms linked to the entry.")
    definition: Translated
    sources: list[Slug] = Field(default_factory=list)


class GlossaryFile(Model):
    terms: list[Term] = Field(default_factory=list)


# -----------------------------------------------------------------------------
# data/site.yaml
# -----------------------------------------------------------------------------


class Licence(Model):
    name: PlainText
    url: Url


class Redirect(Model):
    """An old page path that now lives elsewhere, e.g. pillars/old-id/ -> pillars/new-id/."""

    from_path: str = Field(alias="from", pattern=r"^[a-z0-9][a-z0-9/\-]*/$")
    to_path: str = Field(alias="to", pattern=r"^([a-z0-9][a-z0-9/\-]*/)?(#[a-z0-9-]+)?$")


class Site(Model):
    name: Title
    description: Translated
    version: str = Field(pattern=r"^\d+\.\d+(\.\d+)?$")
    last_reviewed: FullDate
    numerals: Literal["western", "eastern"] = Field(
        default="western",
        description="Arabic-site digits: western (0-9, as most Levantine news sites) or eastern.",
    )
    arabic_months: Literal["both", "standard", "levantine"] = Field(
        default="both", description="Arabic month names: يونيو, حزيران, or both as يونيو/حزيران."
    )
    licence: Licence
    redirects: list[Redirect] = Field(default_factory=list)
    mirror_domains: list[
        Annotated[str, StringConstraints(pattern=r"^[a-z0-9-]+(\.[a-z0-9-]+)+$")]
    ] = Field(
        default_factory=list,
        description="Sites that republish others' reports (aggregators, mirrors): `make check`"
        " warns about a source whose address is on one of them or a subdomain.",
    )


class SiteFile(Model):
    site: Site


# -----------------------------------------------------------------------------
# Data
# -----------------------------------------------------------------------------

FILE_MODELS: dict[str, type[Model]] = {
    "site.yaml": SiteFile,
    "pillars.yaml": PillarsFile,
    "timeline.yaml": TimelineFile,
    "agencies.yaml": AgenciesFile,
    "sources.yaml": SourcesFile,
    "glossary.yaml": GlossaryFile,
}
"""Every data file, in the order they are loaded and reported."""
