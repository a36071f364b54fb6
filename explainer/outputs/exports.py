"""Data for reuse: /data/strategy.json (+ its JSON Schema) and /data/timeline.csv.

The JSON holds all the data in both languages, as validated, with the site's version and
last-updated date and the address of every page in both languages. Its schema is generated
(by explainer.data.schema, like the editors' schemas) from the same pydantic models that validate
the YAML, so it cannot drift from the data.
The CSV has one row per event with both languages; it is written as UTF-8 with a byte
order mark, which Excel needs to read Arabic correctly.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from explainer.data.model import (
    LANGUAGES,
    Agency,
    Event,
    FullDate,
    Licence,
    Pillar,
    Site,
    Source,
    Strategy,
    Term,
)
from explainer.data.schema import model_schema
from explainer.data.schema import render as render_schema
from explainer.render.citations import site_last_updated
from explainer.render.pages import Renderer, absolute_url
from explainer.render.text import plain_text

DATA_DIR = "data"
JSON_FILE = "strategy.json"
SCHEMA_FILE = "strategy.schema.json"
CSV_FILE = "timeline.csv"
EXPORT_FILES = (JSON_FILE, SCHEMA_FILE, CSV_FILE)

CSV_COLUMNS = [
    "id",
    "date",
    "kind",
    *(f"kind_{language}" for language in LANGUAGES),
    *(f"title_{language}" for language in LANGUAGES),
    *(f"description_{language}" for language in LANGUAGES),
    "pillars",
    "agencies",
    "sources",
    *(f"url_{language}" for language in LANGUAGES),
]


class StrategyExport(BaseModel):
    """The published data file: everything on the site, in every language."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    version: str = Field(description="The data's version, from data/site.yaml.")
    last_updated: FullDate = Field(
        description="The newest of the site's last review and every page's update date."
    )
    languages: list[str]
    licence: Licence
    site: Site
    strategy: Strategy
    pillars: list[Pillar]
    events: list[Event]
    agencies: list[Agency]
    sources: list[Source]
    terms: list[Term]
    pages: dict[str, dict[str, str]] = Field(
        description="Each page's absolute address per language, by page key "
        "(e.g. 'pillar:<id>', 'agency:<id>', 'timeline')."
    )


def strategy_export(renderer: Renderer) -> StrategyExport:
    data = renderer.data
    return StrategyExport(
        version=data.site.version,
        last_updated=site_last_updated(data),
        languages=list(LANGUAGES),
        licence=data.site.licence,
        site=data.site,
        strategy=data.strategy,
        pillars=list(data.pillars),
        events=data.events_sorted(),
        agencies=list(data.agencies),
        sources=list(data.sources),
        terms=list(data.terms),
        pages={
            spec.key: {
                language: absolute_url(renderer.site_url, language, spec.url)
                for language in LANGUAGES
            }
            for spec in renderer.pages
        },
    )


def export_json(renderer: Renderer) -> str:
    export = strategy_export(renderer).model_dump(mode="json", by_alias=True)
    return json.dumps(export, ensure_ascii=False, indent=2) + "\n"


def export_schema(site_url: str) -> str:
    """The JSON Schema of strategy.json (draft-07, like the editors' schemas in schema/)."""
    document = model_schema(
        StrategyExport,
        f"{DATA_DIR}/{JSON_FILE}",
        "All the data of the site in every language, as published for reuse.",
        mode="serialization",
    )
    url = absolute_url(site_url, LANGUAGES[0], f"{DATA_DIR}/{SCHEMA_FILE}")
    return render_schema({"$schema": document.pop("$schema"), "$id": url, **document})


def export_csv(renderer: Renderer) -> bytes:
    data, labels = renderer.data, renderer.labels
    timeline = next(spec for spec in renderer.pages if spec.key == "timeline")
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for event in data.events_sorted():
        row: dict[str, str] = {
            "id": event.id,
            "date": event.date,
            "kind": event.kind,
            "pillars": " ".join(event.pillars),
            "agencies": " ".join(event.agencies),
            "sources": " ".join(event.sources),
        }
        for language in LANGUAGES:
            row[f"kind_{language}"] = labels[f"kind.{event.kind}"][language]
            row[f"title_{language}"] = plain_text(getattr(event.title, language))
            row[f"description_{language}"] = plain_text(getattr(event.description, language))
            row[f"url_{language}"] = absolute_url(
                renderer.site_url, language, timeline.url, event.id
            )
        writer.writerow(row)
    return buffer.getvalue().encode("utf-8-sig")


def write_exports(site_dir: Path, renderer: Renderer) -> list[Path]:
    folder = site_dir / DATA_DIR
    folder.mkdir(parents=True, exist_ok=True)
    (folder / JSON_FILE).write_text(export_json(renderer), encoding="utf-8")
    (folder / SCHEMA_FILE).write_text(export_schema(renderer.site_url), encoding="utf-8")
    (folder / CSV_FILE).write_bytes(export_csv(renderer))
    return [folder / name for name in EXPORT_FILES]
