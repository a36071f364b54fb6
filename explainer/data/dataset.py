"""Load the whole data folder into one validated `SiteData`, or fail with every problem.

Per-file structure is checked by the model (`explainer.data.model`); the rules that span
files live here: ids are unique across all files, every reference resolves, agencies'
parents exist and pillar numbers run 1..n.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from explainer.data.loader import (
    DataError,
    LoadedFile,
    Location,
    Problem,
    format_location,
    read_yaml,
    validate_file,
)
from explainer.data.model import (
    FILE_MODELS,
    RESERVED_IDS,
    Agency,
    Event,
    Pillar,
    Site,
    Source,
    Strategy,
    Term,
)
from explainer.data.partial_dates import chronological_key


@dataclass(frozen=True)
class SiteData:
    """Everything the site is built from, validated and cross-checked."""

    site: Site
    strategy: Strategy
    pillars: tuple[Pillar, ...]
    events: tuple[Event, ...]
    agencies: tuple[Agency, ...]
    sources: tuple[Source, ...]
    terms: tuple[Term, ...]
    files: dict[str, LoadedFile] = field(default_factory=dict, compare=False, repr=False)

    # Lookups by id --------------------------------------------------------------
    # Pages look records up by id many times each: with linear scans the build grew with
    # the square of the data (see make bench). The indexes are built once, on first use.

    def pillar(self, pillar_id: str) -> Pillar:
        return self._by_id["pillars"][pillar_id]

    def agency(self, agency_id: str) -> Agency:
        return self._by_id["agencies"][agency_id]

    def source(self, source_id: str) -> Source:
        return self._by_id["sources"][source_id]

    def events_sorted(self) -> list[Event]:
        """Chronological; a partial date sorts after the full dates it contains (at the end
        of its month or year: `explainer.data.partial_dates.chronological_key`)."""
        return list(self._events_sorted)

    def events_for_pillar(self, pillar_id: str) -> list[Event]:
        return list(self._events_by["pillars"].get(pillar_id, ()))

    def events_for_agency(self, agency_id: str) -> list[Event]:
        return list(self._events_by["agencies"].get(agency_id, ()))

    def children(self, agency_id: str) -> list[Agency]:
        return list(self._children.get(agency_id, ()))

    @cached_property
    def _by_id(self) -> dict[str, dict[str, Any]]:
        indexes: dict[str, dict[str, Any]] = {}
        for kind in ("pillars", "agencies", "sources"):
            index: dict[str, Any] = {}
            for record in getattr(self, kind):
                index.setdefault(record.id, record)  # the first one, as a linear scan finds
            indexes[kind] = index
        return indexes

    @cached_property
    def _events_sorted(self) -> tuple[Event, ...]:
        return tuple(
            sorted(self.events, key=lambda event: (chronological_key(event.date), event.id))
        )

    @cached_property
    def _events_by(self) -> dict[str, dict[str, list[Event]]]:
        """Chronological events per pillar id and per agency id."""
        indexes: dict[str, dict[str, list[Event]]] = {}
        for key in ("pillars", "agencies"):
            index: dict[str, list[Event]] = {}
            for event in self._events_sorted:
                for record_id in dict.fromkeys(getattr(event, key)):
                    index.setdefault(record_id, []).append(event)
            indexes[key] = index
        return indexes

    @cached_property
    def _children(self) -> dict[str, list[Agency]]:
        index: dict[str, list[Agency]] = {}
        for agency in self.agencies:
            index.setdefault(agency.parent, []).append(agency)
        return index

    def counts(self) -> dict[str, int]:
        return {
            "pillars": len(self.pillars),
            "events": len(self.events),
            "agencies": len(self.agencies),
            "sources": len(self.sources),
            "terms": len(self.terms),
        }


_FileOutcome = tuple[LoadedFile | None, Any, list[Problem]]


def load_site_data(data_dir: Path) -> SiteData:
    """Read and validate every data file. Raises `DataError` listing all problems."""
    loaded_files: dict[str, LoadedFile] = {}
    models: dict[str, Any] = {}
    problems: list[Problem] = []
    for file_name in FILE_MODELS:  # each file's problems in file order, then those across files
        loaded, model, file_problems = _read_file(data_dir, file_name)
        problems += file_problems
        if loaded is not None:
            loaded_files[file_name] = loaded
        if model is not None:
            models[file_name] = model
    problems += cross_check(loaded_files)
    if problems:
        raise DataError(problems)

    return SiteData(
        site=models["site.yaml"].site,
        strategy=models["pillars.yaml"].strategy,
        pillars=tuple(models["pillars.yaml"].pillars),
        events=tuple(models["timeline.yaml"].events),
        agencies=tuple(models["agencies.yaml"].agencies),
        sources=tuple(models["sources.yaml"].sources),
        terms=tuple(models["glossary.yaml"].terms),
        files=loaded_files,
    )


def _read_file(data_dir: Path, file_name: str) -> _FileOutcome:
    """One file parsed and validated: its plain values, its model and its problems."""
    loaded, problems = read_yaml(data_dir / file_name, f"{data_dir.name}/{file_name}")
    if loaded is None:
        return None, None, problems
    model, model_problems = validate_file(loaded)
    return loaded, model, problems + model_problems


# -----------------------------------------------------------------------------
# Cross-file rules
# -----------------------------------------------------------------------------

# Where ids are defined and where they are referenced, as paths into the raw YAML ("*" is
# any list index). The checks run on the raw values, so they report even when another
# part of the same file failed validation.
ID_DEFINITIONS = [
    ("pillars.yaml", "pillars.*.id"),
    ("pillars.yaml", "pillars.*.sections.*.id"),
    ("pillars.yaml", "pillars.*.sections.*.claims.*.id"),
    ("pillars.yaml", "pillars.*.key_facts.*.id"),
    ("pillars.yaml", "strategy.key_facts.*.id"),
    ("pillars.yaml", "strategy.answer.id"),
    ("pillars.yaml", "pillars.*.now.id"),
    ("timeline.yaml", "events.*.id"),
    ("agencies.yaml", "agencies.*.id"),
    ("sources.yaml", "sources.*.id"),
    ("glossary.yaml", "terms.*.id"),
]
ID_REFERENCES = {
    "pillar": [("timeline.yaml", "events.*.pillars.*"), ("agencies.yaml", "agencies.*.pillars.*")],
    "agency": [
        ("pillars.yaml", "strategy.lead_agency"),
        ("pillars.yaml", "strategy.participating_agencies.*"),
        ("pillars.yaml", "pillars.*.agencies.*"),
        ("timeline.yaml", "events.*.agencies.*"),
        ("agencies.yaml", "agencies.*.parent"),
    ],
    "source": [
        ("pillars.yaml", "strategy.sources.*"),
        ("pillars.yaml", "strategy.released_sources.*"),
        ("pillars.yaml", "strategy.legal_basis_sources.*"),
        ("pillars.yaml", "strategy.status.*.sources.*"),
        ("pillars.yaml", "strategy.key_facts.*.sources.*"),
        ("pillars.yaml", "strategy.answer.sources.*"),
        ("pillars.yaml", "pillars.*.sources.*"),
        ("pillars.yaml", "pillars.*.now.sources.*"),
        ("pillars.yaml", "pillars.*.key_facts.*.sources.*"),
        ("pillars.yaml", "pillars.*.sections.*.claims.*.sources.*"),
        ("timeline.yaml", "events.*.sources.*"),
        ("agencies.yaml", "agencies.*.sources.*"),
        ("glossary.yaml", "terms.*.sources.*"),
    ],
}
DEFINED_IN = {"pillar": "pillars.*.id", "agency": "agencies.*.id", "source": "sources.*.id"}


def source_warnings(data: SiteData) -> list[Problem]:
    """Sources an editor should look at again: plain http, or a copy on a mirror site.

    Warnings, not errors: the data stays valid. The mirror and aggregator domains are
    listed in data/site.yaml (`mirror_domains`), not here.
    """
    loaded = data.files.get("sources.yaml")
    mirrors = tuple(data.site.mirror_domains)
    warnings: list[Problem] = []
    for index, source in enumerate(data.sources):
        if source.url is None:
            continue
        location: Location = ("sources", index, "url")
        line, column = loaded.position(location) if loaded else (0, 0)
        name = loaded.name if loaded else "data/sources.yaml"
        parts = urlsplit(source.url)
        host = (parts.hostname or "").lower()
        found: list[tuple[str, str]] = []
        if parts.scheme == "http":
            found.append(
                (
                    "the address uses http://, not https://",
                    "link to the https:// address of the same page if it has one",
                )
            )
        if any(host == mirror or host.endswith("." + mirror) for mirror in mirrors):
            found.append(
                (
                    f"{host} is listed as a mirror or aggregator in data/site.yaml"
                    " (mirror_domains)",
                    "cite the original publisher's page; if its address is not known, leave"
                    " out url and cite the report by publisher, title and date",
                )
            )
        for message, hint in found:
            warnings.append(
                Problem(name, line, column, format_location(location), f"warning: {message}", hint)
            )
    return warnings


def cross_check(files: dict[str, LoadedFile]) -> list[Problem]:
    """Ids unique across files, references resolve, pillar numbers run 1..n."""
    problems: list[Problem] = []

    def problem(file_name: str, location: Location, message: str, hint: str) -> None:
        loaded = files[file_name]
        line, column = loaded.position(location)
        problems.append(
            Problem(loaded.name, line, column, format_location(location), message, hint)
        )

    first_definition: dict[str, tuple[str, Location]] = {}
    defined_by_pattern: dict[str, set[str]] = {}
    for file_name, pattern in ID_DEFINITIONS:
        for location, identifier in _values_at(files, file_name, pattern):
            if not isinstance(identifier, str):
                continue
            defined_by_pattern.setdefault(pattern, set()).add(identifier)
            if identifier in RESERVED_IDS or identifier.startswith("year-"):
                problem(
                    file_name,
                    location,
                    f"the id '{identifier}' is reserved for the site's own page sections",
                    "choose a more specific id, e.g. add the pillar's id in front",
                )
            if identifier in first_definition:
                other_file, other_location = first_definition[identifier]
                other_line = files[other_file].position(other_location)[0]
                problem(
                    file_name,
                    location,
                    f"the id '{identifier}' is already used in {files[other_file].name}"
                    f" line {other_line}",
                    "ids must be unique across all data files: choose another id",
                )
            else:
                first_definition[identifier] = (file_name, location)

    for noun, places in ID_REFERENCES.items():
        if f"{DEFINED_IN[noun].split('.')[0]}.yaml" not in files:
            continue  # the defining file could not be read; its own problem says why
        known = defined_by_pattern.get(DEFINED_IN[noun], set())
        home = f"data/{DEFINED_IN[noun].split('.')[0]}.yaml"
        for file_name, pattern in places:
            for location, referenced in _values_at(files, file_name, pattern):
                if referenced is None or referenced in known or not isinstance(referenced, str):
                    continue
                if pattern.endswith(".parent"):
                    message = f"the parent agency '{referenced}' does not exist"
                else:
                    message = f"unknown {noun} id '{referenced}'"
                problem(
                    file_name,
                    location,
                    message + _suggest(referenced, known),
                    f"use an id defined in {home}, or add it there",
                )

    pillars = [
        (location, number)
        for location, number in _values_at(files, "pillars.yaml", "pillars.*.number")
        if isinstance(number, int) and not isinstance(number, bool)
    ]
    numbers = [str(number) for _, number in pillars]
    for location, number in pillars:
        position = location[1] + 1  # from the list, so a pillar with a bad number shifts none
        if number != position and number >= 1:  # below 1, the model's message says it
            problem(
                "pillars.yaml",
                location,
                f"this pillar is number {number} but is in position {position}"
                f" (numbers found: {', '.join(numbers)})",
                "number the pillars 1, 2, 3 ... in the order they appear in the list",
            )
    return problems


def _values_at(files: dict[str, LoadedFile], file_name: str, pattern: str) -> list:
    """(location, value) for every raw value matching a dotted pattern with * for indexes."""
    loaded = files.get(file_name)
    if loaded is None:
        return []
    found: list[tuple[Location, object]] = [((), loaded.value)]
    for part in pattern.split("."):
        step: list[tuple[Location, object]] = []
        for location, value in found:
            if part == "*" and isinstance(value, list):
                step += [((*location, index), item) for index, item in enumerate(value)]
            elif part != "*" and isinstance(value, dict) and part in value:
                step.append(((*location, part), value[part]))
        found = step
    return found


def _suggest(value: str, known: set[str]) -> str:
    close = difflib.get_close_matches(value, sorted(known), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""
