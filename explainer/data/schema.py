"""JSON Schemas for editors' tools, generated from the pydantic models in `explainer.data.model`.

The model stays the single source of truth: `python -m explainer schema` (`make schema`)
writes `schema/<name>.schema.json` for every data file, and a test fails when the committed
files differ from what the model generates. Each data file names its schema on its first
line (`# yaml-language-server: $schema=../schema/<name>.schema.json`), which VS Code's YAML
extension and other editors using yaml-language-server read for completion, hover help and
inline errors.

The schemas are written as JSON Schema draft-07, the newest draft yaml-language-server fully
supports: pydantic's `$defs` become `definitions`. Rules a schema cannot express (scripts,
real calendar dates, cross-file ids) are only checked by `make check` and the build.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from explainer.data.model import FILE_MODELS

DRAFT = "http://json-schema.org/draft-07/schema#"
SCHEMA_FOLDER = "schema"

FILE_DESCRIPTIONS = {
    "site.yaml": "Site-wide settings: name, description, version, licence, redirects.",
    "pillars.yaml": "The strategy and its pillars (lines of effort), in the order shown.",
    "timeline.yaml": "Dated events of the timeline; any order, the site sorts them by date.",
    "agencies.yaml": "The agencies involved, each with its role and sources.",
    "sources.yaml": "Every source cited on the site, defined once and cited by its id.",
    "glossary.yaml": "Glossary entries, with the other forms that link to them.",
}


def schema_file_name(data_file_name: str) -> str:
    """'pillars.yaml' -> 'pillars.schema.json'."""
    return f"{Path(data_file_name).stem}.schema.json"


def modeline(data_file_name: str) -> str:
    """The first line of a data file, pointing editors at its schema."""
    return f"# yaml-language-server: $schema=../{SCHEMA_FOLDER}/{schema_file_name(data_file_name)}"


def file_schema(data_file_name: str) -> dict[str, Any]:
    """The JSON Schema of one data file, as a draft-07 document."""
    return model_schema(
        FILE_MODELS[data_file_name],
        f"data/{data_file_name}",
        FILE_DESCRIPTIONS.get(data_file_name, ""),
    )


def model_schema(
    model: type[BaseModel], title: str, description: str, mode: str = "validation"
) -> dict[str, Any]:
    """Any model as a draft-07 document (also used for the published data,
    explainer.outputs.exports); mode "serialization" describes what the model writes rather
    than what it reads."""
    generated = model.model_json_schema(
        by_alias=True, ref_template="#/definitions/{model}", mode=mode
    )
    definitions = generated.pop("$defs", {})
    generated.pop("title", None)
    schema: dict[str, Any] = {
        "$schema": DRAFT,
        "title": title,
        "description": description,
        **generated,
    }
    if definitions:
        schema["definitions"] = definitions
    return schema


def render(schema: dict[str, Any]) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def expected_schemas() -> dict[str, str]:
    """Schema file name -> the text the model generates for it."""
    return {schema_file_name(name): render(file_schema(name)) for name in FILE_MODELS}


def write_schemas(folder: Path) -> list[Path]:
    """Write every schema into `folder`; returns the files that changed."""
    folder.mkdir(parents=True, exist_ok=True)
    changed = []
    for name, text in expected_schemas().items():
        path = folder / name
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            changed.append(path)
    return changed


def outdated_schemas(folder: Path) -> list[str]:
    """Names of committed schemas that are missing or differ from the model."""
    return [
        name
        for name, text in expected_schemas().items()
        if not (folder / name).is_file() or (folder / name).read_text(encoding="utf-8") != text
    ]


def modeline_problems(data_dir: Path, schema_dir: Path) -> list[str]:
    """Data files whose first line does not point at their (existing) schema."""
    problems = []
    for name in FILE_MODELS:
        path = data_dir / name
        first_line = path.read_text(encoding="utf-8").split("\n", 1)[0] if path.exists() else ""
        if first_line != modeline(name):
            problems.append(f"data/{name}: the first line should be '{modeline(name)}'")
        elif not (schema_dir / schema_file_name(name)).is_file():
            problems.append(f"data/{name}: {SCHEMA_FOLDER}/{schema_file_name(name)} is missing")
    return problems
