"""Every class of editing mistake: one plain message at the right file, line and column.

Each case makes one mistake in a copy of the fixture data and asserts the whole report,
hint included, so a noisy duplicate or a wrong place fails the test.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from pydantic import TypeAdapter

from explainer.data.dataset import load_site_data
from explainer.data.loader import DataError
from explainer.data.model import Translated
from tests.conftest import PROJECT_ROOT, build, edit

QUOTE_HINT = 'a " inside double-quoted text must be written \\" (or use « » or “ ” in the text)'

# name: (file, text to replace, replacement, the whole report: place and message, then hint)
MISTAKES = {
    # YAML syntax: the place to fix, in plain words, not the parser's jargon.
    "missing space after a colon": (
        "sources.yaml",
        "language: en",
        "language:en",
        "data/sources.yaml:7:13: there is no space after the colon in 'language:en'\n"
        "    hint: write a space after the colon: 'language: en'",
    ),
    "unclosed quote": (
        "sources.yaml",
        'publisher: "Example Publisher"',
        'publisher: "Example Publisher',
        "data/sources.yaml:4:16: the quoted text that starts here has no closing quote\n"
        "    hint: add the closing quote at the end of the text, on the same line; " + QUOTE_HINT,
    ),
    "quote inside quoted text": (
        "sources.yaml",
        'title: "A primary source"',
        'title: "A "primary" source"',
        "data/sources.yaml:3:16: there is more text after the closing quote\n"
        "    hint: put the whole text inside one pair of quotes; " + QUOTE_HINT,
    ),
    "colon inside unquoted text": (
        "sources.yaml",
        'title: "A primary source"',
        "title: A primary source: the text",
        "data/sources.yaml:3:28: the text contains ': ' (a colon and a space),"
        " which YAML reads as a new field\n"
        '    hint: put the whole text in double quotes, e.g. title: "Note: this is quoted"',
    ),
    "wrong indentation": (
        "timeline.yaml",
        "    kind: other\n",
        "     kind: other\n",
        "data/timeline.yaml:12:6: this line is indented to column 6, which does not match"
        " the lines around it\n"
        "    hint: line it up with the field above it (column 5), or with the field it"
        " belongs to; indent with spaces, two per level",
    ),
    "a list item where a field was expected": (
        "timeline.yaml",
        "    kind: other\n",
        "    - kind: other\n",
        "data/timeline.yaml:12:5: a list item ('- ') is here where a field of the record"
        " above was expected\n"
        "    hint: if this is a new item of the list, indent its '- ' like the other items;"
        " if it is another field of the record above, remove the '- '",
    ),
    "a field where a list item was expected": (
        "timeline.yaml",
        "    kind: other\n",
        "  kind: other\n",
        "data/timeline.yaml:12:3: a field is here where a list item ('- ') was expected\n"
        "    hint: start the line with '- ' if it begins a new item, or indent it to line up"
        " with the fields of the item above",
    ),
    "a new item without its dash": (
        "timeline.yaml",
        "  - id: strategy-released\n",
        "  id: strategy-released\n",
        "data/timeline.yaml:10:3: this line starts a new list item but has no '- ' in front\n"
        "    hint: write '- ' before 'id: strategy-released', like the other items",
    ),
    "unclosed bracket": (
        "timeline.yaml",
        "pillars: [alpha, beta]",
        "pillars: [alpha, beta",
        "data/timeline.yaml:15:14: the '[' here is not closed with ']', or an item lacks a comma\n"
        "    hint: close it with ']' on the same line and separate the items with ', '",
    ),
    "tab indentation": (
        "timeline.yaml",
        "    kind: other",
        "\tkind: other",
        "data/timeline.yaml:12:1: indentation uses a tab\n"
        "    hint: YAML indents with spaces only: replace the tab with spaces",
    ),
    "duplicate key": (
        "timeline.yaml",
        "    kind: other\n",
        "    kind: other\n    kind: diplomacy\n",
        "data/timeline.yaml:13:5: events[1].kind: the key 'kind' appears twice (first on line 12)\n"
        "    hint: delete one of them; if you meant another key (for example ar instead of en),"
        " rename it",
    ),
    "missing required field": (
        "sources.yaml",
        '    publisher: "Example Publisher"\n',
        "",
        "data/sources.yaml:2:5: sources[0].publisher: the required field 'publisher' is missing\n"
        "    hint: add 'publisher:' here",
    ),
    "missing Arabic names the language": (
        "timeline.yaml",
        'title: {ar: "نشر الاستراتيجية", en: "The strategy is released"}',
        'title: {en: "The strategy is released"}',
        "data/timeline.yaml:13:12: events[1].title.ar: Arabic text is missing\n"
        "    hint: add a line 'ar: ...' with the Arabic text",
    ),
    "empty English names the language": (
        "timeline.yaml",
        'en: "The strategy is released"',
        'en: ""',
        "data/timeline.yaml:13:37: events[1].title.en: English text is empty\n"
        "    hint: write the English text after 'en:'",
    ),
    "Arabic left blank is empty, not a type error": (
        "timeline.yaml",
        '{ar: "نشر الاستراتيجية",',
        "{ar: ,",
        "data/timeline.yaml:13:13: events[1].title.ar: Arabic text is empty\n"
        "    hint: write the Arabic text after 'ar:'",
    ),
    "wrong type: text instead of a list": (
        "timeline.yaml",
        "pillars: [alpha, beta]",
        "pillars: alpha",
        "data/timeline.yaml:15:5: events[1].pillars: expected a list, found text 'alpha'\n"
        "    hint: write a list here",
    ),
    "wrong type: a number instead of text": (
        "sources.yaml",
        '"2023-06-29"',
        "2023",
        "data/sources.yaml:6:5: sources[0].published: expected text, found number 2023\n"
        '    hint: put it in double quotes: "2023"',
    ),
    "wrong type: one text instead of both languages": (
        "timeline.yaml",
        'title: {ar: "نشر الاستراتيجية", en: "The strategy is released"}',
        'title: "The strategy is released"',
        "data/timeline.yaml:13:5: events[1].title: expected the text in both languages,"
        " found text 'The strategy is released'\n"
        "    hint: write it as two lines below this one, indented: 'ar: \"...\"' and 'en: \"...\"'",
    ),
    "unknown field: did you mean, and nothing else": (
        "timeline.yaml",
        'title: {ar: "نشر الاستراتيجية"',
        'titel: {ar: "نشر الاستراتيجية"',
        "data/timeline.yaml:13:5: events[1].titel: unknown field 'titel'; did you mean 'title'?\n"
        "    hint: allowed fields here: id, date, kind, title, description, pillars, agencies,"
        " sources, updated",
    ),
    "duplicate id": (
        "timeline.yaml",
        "id: strategy-released",
        "id: law-signed",
        "data/timeline.yaml:10:5: events[1].id: the id 'law-signed' is already used in"
        " data/timeline.yaml line 2\n"
        "    hint: ids must be unique across all data files: choose another id",
    ),
    "unknown pillar reference": (
        "agencies.yaml",
        "pillars: [beta]",
        "pillars: [gamma]",
        "data/agencies.yaml:15:15: agencies[1].pillars[0]: unknown pillar id 'gamma'\n"
        "    hint: use an id defined in data/pillars.yaml, or add it there",
    ),
    "unknown agency reference": (
        "pillars.yaml",
        "lead_agency: dept",
        "lead_agency: ministry",
        "data/pillars.yaml:7:3: strategy.lead_agency: unknown agency id 'ministry'\n"
        "    hint: use an id defined in data/agencies.yaml, or add it there",
    ),
    "unknown source reference, with a suggestion": (
        "agencies.yaml",
        "    sources: [src-one]\n  - id: office",
        "    sources: [src-ones]\n  - id: office",
        "data/agencies.yaml:9:15: agencies[0].sources[0]: unknown source id 'src-ones';"
        " did you mean 'src-one'?\n"
        "    hint: use an id defined in data/sources.yaml, or add it there",
    ),
    "malformed date": (
        "sources.yaml",
        '"2023-06-29"',
        '"29 June 2023"',
        "data/sources.yaml:6:5: sources[0].published: '29 June 2023' is not an ISO date\n"
        "    hint: write YYYY-MM-DD, YYYY-MM or YYYY, e.g. '2023-06-29' or '2023-06'",
    ),
    "impossible month": (
        "timeline.yaml",
        '"2023-06"',
        '"2023-13"',
        "data/timeline.yaml:11:5: events[1].date: '2023-13' has month 13; months run from 01"
        " to 12\n"
        "    hint: write the date as YYYY-MM-DD, e.g. 2023-06-29",
    ),
    "malformed URL": (
        "agencies.yaml",
        '"https://office.example.org/"',
        '"office.example.org"',
        "data/agencies.yaml:17:5: agencies[1].website: 'office.example.org' is not a web"
        " address; it must start with https://\n"
        "    hint: copy the full address from the browser's address bar",
    ),
    "pillar numbers not 1..n": (
        "pillars.yaml",
        "number: 1",
        "number: 2",
        "data/pillars.yaml:13:5: pillars[0].number: this pillar is number 2 but is in position 1"
        " (numbers found: 2, 2)\n"
        "    hint: number the pillars 1, 2, 3 ... in the order they appear in the list",
    ),
    "pillar number 0 is one message": (
        "pillars.yaml",
        "number: 1",
        "number: 0",
        "data/pillars.yaml:13:5: pillars[0].number: 0 is too small; the smallest allowed is 1\n"
        "    hint: use a positive number",
    ),
    "Latin text in an Arabic field": (
        "timeline.yaml",
        '{ar: "نشر الاستراتيجية"',
        '{ar: "The strategy is out"',
        "data/timeline.yaml:13:13: events[1].title.ar: the Arabic text is written in Latin"
        " letters; write it in Arabic\n"
        "    hint: acronyms such as OFAC and codes such as H.R. 6265 may stay in Latin letters,"
        " but the sentence must be Arabic",
    ),
    "Arabic text in an English field": (
        "timeline.yaml",
        'en: "The strategy is released"',
        'en: "نشر الاستراتيجية"',
        "data/timeline.yaml:13:37: events[1].title.en: the English text is written in Arabic"
        " letters; write it in English\n"
        "    hint: an Arabic name or word may appear inside English text, but the sentence"
        " must be English",
    ),
}


@pytest.fixture
def data_dir(fixture_data_copy: Path) -> Path:
    return fixture_data_copy


def report(data_dir: Path) -> list[str]:
    """Every problem as the editor sees it: the place and message, then the hint."""
    with pytest.raises(DataError) as caught:
        load_site_data(data_dir)
    return [str(problem) for problem in caught.value.problems]


@pytest.mark.parametrize("mistake", MISTAKES)
def test_each_mistake_gives_one_message_at_its_place(data_dir, mistake):
    file_name, old, new, expected = MISTAKES[mistake]
    edit(data_dir / file_name, old, new)
    assert report(data_dir) == [expected]


def test_acronyms_and_names_are_allowed_in_the_other_script(data_dir):
    edit(data_dir / "timeline.yaml", '{ar: "نشر الاستراتيجية"', '{ar: "نشر استراتيجية OFAC"')
    edit(
        data_dir / "timeline.yaml",
        'en: "The strategy is released"',
        'en: "The strategy (الاستراتيجية) is released"',
    )
    assert load_site_data(data_dir).counts()["events"] == 2


# -----------------------------------------------------------------------------
# `python -m explainer check`: a summary, or every problem at once and a non-zero exit
# -----------------------------------------------------------------------------


def run_check(data_dir: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "explainer", "check", "--data", str(data_dir)],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


def test_check_prints_a_one_line_summary(data_dir):
    result = run_check(data_dir)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("Data OK: 2 pillars, 2 events, 2 agencies, 1 sources, 1 terms (")


def test_check_reports_every_problem_at_once_and_fails(data_dir):
    edit(data_dir / "sources.yaml", "language: en", "language:en")
    edit(data_dir / "timeline.yaml", "id: strategy-released", "id: law-signed")
    edit(data_dir / "agencies.yaml", "pillars: [beta]", "pillars: [gamma]")
    result = run_check(data_dir)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "3 problems in the data:",
        "data/agencies.yaml:15:15: agencies[1].pillars[0]: unknown pillar id 'gamma'",
        "    hint: use an id defined in data/pillars.yaml, or add it there",
        "data/sources.yaml:7:13: there is no space after the colon in 'language:en'",
        "    hint: write a space after the colon: 'language: en'",
        "data/timeline.yaml:10:5: events[1].id: the id 'law-signed' is already used in"
        " data/timeline.yaml line 2",
        "    hint: ids must be unique across all data files: choose another id",
    ]


# -----------------------------------------------------------------------------
# The build runs the same validation and prints the same report
# -----------------------------------------------------------------------------


def test_build_with_a_mistake_prints_the_same_report(project_factory, data_dir):
    edit(data_dir / "timeline.yaml", 'title: {ar: "نشر الاستراتيجية"', 'titel: {ar: "نشر ال"')
    edit(data_dir / "sources.yaml", '"2023-06-29"', '"29 June 2023"')
    checked = run_check(data_dir)
    assert checked.returncode == 1
    problem_lines = checked.stderr.splitlines()[1:]
    assert len(problem_lines) == 4

    built = build(project_factory(data_dir))
    assert built.returncode != 0
    output = built.stdout + built.stderr
    assert "Traceback" not in output
    for line in problem_lines:
        assert line in output.splitlines()


# -----------------------------------------------------------------------------
# EDITING.md and EDITING.ar.md: every example is valid, and every error shown is real
# -----------------------------------------------------------------------------

GUIDES = ["EDITING.md", "EDITING.ar.md"]
EXAMPLE = re.compile(
    r"<!-- example: (?P<kind>\w+)(?: (?P<file>\S+))? -->\n```yaml\n(?P<yaml>.*?)```"
    r"(?P<after>.*?)(?:```text\n(?P<output>.*?)```|(?=<!-- example)|\Z)",
    re.S,
)


def guide_examples(guide: str) -> list[dict]:
    text = (PROJECT_ROOT / guide).read_text(encoding="utf-8")
    return [match.groupdict() for match in EXAMPLE.finditer(text)]


def append_to_data_copy(tmp_path: Path, file: str, block: str) -> tuple[Path, int]:
    """Paste `block` at the end of a data file in a copy of the shipped data; returns the
    data folder and the line the block starts on."""
    data_dir = Path(shutil.copytree(PROJECT_ROOT / "data", tmp_path / "data"))
    path = tmp_path / file
    text = path.read_text(encoding="utf-8")
    text += "" if text.endswith("\n") else "\n"
    path.write_text(text + block, encoding="utf-8")
    return data_dir, text.count("\n") + 1


@pytest.mark.parametrize("guide", GUIDES)
def test_guides_link_each_other_and_show_the_same_examples(guide):
    text = (PROJECT_ROOT / guide).read_text(encoding="utf-8")
    other = GUIDES[1 - GUIDES.index(guide)]
    assert f"]({other})" in text
    assert "](TERMS.md)" in text
    kinds = [
        (example["kind"], example["file"], example["yaml"]) for example in guide_examples(guide)
    ]
    other_kinds = [(e["kind"], e["file"], e["yaml"]) for e in guide_examples(other)]
    assert kinds == other_kinds
    assert {kind for kind, _, _ in kinds} == {"append", "mistake", "fragment", "text"}
    appended = {file for kind, file, _ in kinds if kind == "append"}
    assert appended == {
        "data/timeline.yaml",
        "data/sources.yaml",
        "data/agencies.yaml",
        "data/pillars.yaml",
    }


@pytest.mark.parametrize("guide", GUIDES)
def test_every_example_in_the_guide_passes_the_check(guide, tmp_path):
    for number, example in enumerate(guide_examples(guide)):
        block = example["yaml"]
        if example["kind"] == "append":
            data_dir, _ = append_to_data_copy(tmp_path / str(number), example["file"], block)
            load_site_data(data_dir)  # raises DataError with the report if the example is wrong
        elif example["kind"] == "text":
            for value in yaml.safe_load(block).values():
                TypeAdapter(Translated).validate_python(value)
        elif example["kind"] == "fragment":
            assert yaml.safe_load(block)


@pytest.mark.parametrize("guide", GUIDES)
def test_the_error_shown_in_the_guide_is_what_check_prints(guide, tmp_path):
    (example,) = [e for e in guide_examples(guide) if e["kind"] == "mistake"]
    data_dir, start = append_to_data_copy(tmp_path, example["file"], example["yaml"])
    with pytest.raises(DataError) as caught:
        load_site_data(data_dir)
    # The guide assumes the block starts on a given line; shift to where it really starts.
    assumed_start = int(re.findall(r"\d+", example["after"])[-1])

    def shifted(match: re.Match) -> str:
        return f"{match[1]}:{int(match[2]) + start - assumed_start}:"

    expected = re.sub(r"(data/\S+\.yaml):(\d+):", shifted, example["output"].strip())
    events = len(yaml.safe_load((PROJECT_ROOT / "data" / "timeline.yaml").read_text())["events"])
    expected = re.sub(r"events\[\d+\]", f"events[{events}]", expected)
    assert caught.value.report() == expected
