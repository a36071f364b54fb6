"""The JSON Schemas editors' tools read: generated from the model, committed, referenced."""

from __future__ import annotations

import json
import subprocess
import sys

import jsonschema
import pytest
import yaml

from explainer.data.model import FILE_MODELS
from explainer.data.schema import (
    expected_schemas,
    modeline,
    modeline_problems,
    outdated_schemas,
    schema_file_name,
)
from tests.conftest import FIXTURE_DATA, PROJECT_ROOT, edit

SCHEMA_DIR = PROJECT_ROOT / "schema"
DATA_DIR = PROJECT_ROOT / "data"


def test_committed_schemas_match_the_model():
    # If this fails, the model changed: run `make schema` and commit schema/.
    assert outdated_schemas(SCHEMA_DIR) == []
    assert sorted(path.name for path in SCHEMA_DIR.glob("*.json")) == sorted(expected_schemas())


def test_drift_is_detected_and_reported_by_the_command(tmp_path):
    schema_dir = tmp_path / "schema"
    subprocess.run(
        [sys.executable, "-m", "explainer", "schema", "--schema-dir", str(schema_dir)],
        cwd=PROJECT_ROOT,
        check=True,
        capture_output=True,
    )
    edit(schema_dir / "sources.schema.json", '"publisher"', '"publisher_name"')
    result = subprocess.run(
        [sys.executable, "-m", "explainer", "schema", "--check", "--schema-dir", str(schema_dir)],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "schema/sources.schema.json differs from the model",
        "run: make schema",
    ]


def test_every_data_file_names_its_schema_on_the_first_line():
    assert modeline_problems(DATA_DIR, SCHEMA_DIR) == []
    assert modeline("pillars.yaml") == (
        "# yaml-language-server: $schema=../schema/pillars.schema.json"
    )


def test_a_wrong_modeline_is_reported(tmp_path):
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    for name in FILE_MODELS:
        (data_dir / name).write_text(modeline(name) + "\n", encoding="utf-8")
    (data_dir / "sources.yaml").write_text("# yaml-language-server: $schema=../schema/src.json\n")
    assert modeline_problems(data_dir, SCHEMA_DIR) == [
        "data/sources.yaml: the first line should be"
        " '# yaml-language-server: $schema=../schema/sources.schema.json'"
    ]


def test_vscode_associates_each_schema_with_its_file():
    settings = json.loads((PROJECT_ROOT / ".vscode" / "settings.json").read_text())
    assert settings["yaml.schemas"] == {
        f"./schema/{schema_file_name(name)}": f"data/{name}" for name in FILE_MODELS
    }
    extensions = json.loads((PROJECT_ROOT / ".vscode" / "extensions.json").read_text())
    assert "redhat.vscode-yaml" in extensions["recommendations"]


def _validator(name: str) -> jsonschema.Draft7Validator:
    schema = json.loads((SCHEMA_DIR / schema_file_name(name)).read_text(encoding="utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema)


@pytest.mark.parametrize("data_dir", [DATA_DIR, FIXTURE_DATA], ids=["shipped", "fixture"])
@pytest.mark.parametrize("name", list(FILE_MODELS))
def test_valid_data_raises_no_error_in_the_editor(name, data_dir):
    # The editor must never flag data that `make check` accepts.
    value = yaml.safe_load((data_dir / name).read_text(encoding="utf-8"))
    assert [error.message for error in _validator(name).iter_errors(value)] == []


def test_the_editor_flags_a_misspelt_field_and_a_missing_language():
    value = yaml.safe_load((FIXTURE_DATA / "timeline.yaml").read_text(encoding="utf-8"))
    event = value["events"][0]
    event["titel"] = event.pop("title")
    del event["description"]["ar"]
    messages = sorted(error.message for error in _validator("timeline.yaml").iter_errors(value))
    assert messages == [
        "'ar' is a required property",
        "'title' is a required property",
        "Additional properties are not allowed ('titel' was unexpected)",
    ]
