"""The loader and model: every mistake is reported with file, line, column and field."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from explainer.data.dataset import load_site_data
from explainer.data.loader import DataError

FIXTURE_DATA = Path(__file__).parent / "fixtures" / "data"


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(FIXTURE_DATA, target)
    return target


def edit(data_dir: Path, file_name: str, old: str, new: str) -> None:
    path = data_dir / file_name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture does not contain {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def problems(data_dir: Path) -> list[str]:
    with pytest.raises(DataError) as caught:
        load_site_data(data_dir)
    return [str(problem).split("\n")[0] for problem in caught.value.problems]


def test_fixture_data_is_valid():
    data = load_site_data(FIXTURE_DATA)
    assert data.counts() == {"pillars": 2, "events": 2, "agencies": 2, "sources": 1, "terms": 1}


def test_missing_arabic_title_reported_with_file_and_line(data_dir):
    edit(
        data_dir,
        "pillars.yaml",
        'title: {ar: "المحور الثاني", en: "Second pillar"}',
        'title: {en: "Second pillar"}',
    )
    assert problems(data_dir) == [
        "data/pillars.yaml:32:12: pillars[1].title.ar: Arabic text is missing"
    ]


def test_empty_english_text_names_the_language(data_dir):
    edit(data_dir, "pillars.yaml", 'en: "Second pillar"', 'en: ""')
    assert problems(data_dir) == [
        "data/pillars.yaml:32:34: pillars[1].title.en: English text is empty"
    ]


def test_duplicate_key_is_an_error(data_dir):
    edit(
        data_dir,
        "pillars.yaml",
        'title: {ar: "المحور الثاني", en: "Second pillar"}',
        'title: {en: "المحور الثاني", en: "Second pillar"}',
    )
    found = problems(data_dir)
    assert (
        "data/pillars.yaml:32:34: pillars[1].title.en: the key 'en' appears twice (first on line 32)"
        in found
    )
    assert "data/pillars.yaml:32:12: pillars[1].title.ar: Arabic text is missing" in found


def test_every_problem_is_reported_at_once(data_dir):
    edit(data_dir, "pillars.yaml", 'en: "Second pillar"', 'en: ""')
    edit(data_dir, "timeline.yaml", "pillars: [alpha]", "pillars: [alpah]")
    edit(data_dir, "agencies.yaml", "parent: dept", "parent: nowhere")
    assert problems(data_dir) == [
        "data/agencies.yaml:13:5: agencies[1].parent: the parent agency 'nowhere' does not exist",
        "data/pillars.yaml:32:34: pillars[1].title.en: English text is empty",
        "data/timeline.yaml:7:15: events[0].pillars[0]: unknown pillar id 'alpah'; did you mean 'alpha'?",
    ]


def test_unknown_field_suggests_the_right_name(data_dir):
    edit(
        data_dir,
        "pillars.yaml",
        '    summary: {ar: "ملخص المحور الأول."',
        '    sumary: {ar: "ملخص المحور الأول."',
    )
    # One mistake, one message: the misspelt field explains why 'summary' is missing.
    assert problems(data_dir) == [
        "data/pillars.yaml:18:5: pillars[0].sumary: unknown field 'sumary'; did you mean 'summary'?"
    ]


def test_impossible_date(data_dir):
    edit(data_dir, "timeline.yaml", '"2022-12-23"', '"2023-02-30"')
    assert problems(data_dir) == [
        "data/timeline.yaml:3:5: events[0].date: '2023-02-30' does not exist: February 2023 has 28 days"
    ]


def test_non_iso_date(data_dir):
    edit(data_dir, "timeline.yaml", '"2022-12-23"', '"23/12/2022"')
    assert problems(data_dir) == [
        "data/timeline.yaml:3:5: events[0].date: '23/12/2022' is not an ISO date"
    ]


def test_duplicate_id_across_files(data_dir):
    edit(data_dir, "timeline.yaml", "id: law-signed", "id: alpha")
    assert problems(data_dir) == [
        "data/timeline.yaml:2:5: events[0].id: the id 'alpha' is already used in data/pillars.yaml line 12"
    ]


def test_unknown_source(data_dir):
    edit(data_dir, "glossary.yaml", "sources: [src-one]", "sources: [src-two]")
    assert problems(data_dir) == [
        "data/glossary.yaml:5:15: terms[0].sources[0]: unknown source id 'src-two'; did you mean 'src-one'?"
    ]


def test_pillar_numbers_must_run_from_one(data_dir):
    edit(data_dir, "pillars.yaml", "number: 2", "number: 5")
    assert problems(data_dir) == [
        "data/pillars.yaml:29:5: pillars[1].number: this pillar is number 5 but is in position 2 (numbers found: 1, 5)"
    ]


def test_tab_indentation(data_dir):
    edit(data_dir, "sources.yaml", "    title:", "\ttitle:")
    assert problems(data_dir) == ["data/sources.yaml:3:1: indentation uses a tab"]


def test_yaml_syntax_error(data_dir):
    edit(
        data_dir, "sources.yaml", 'publisher: "Example Publisher"', 'publisher: "Example Publisher'
    )
    assert problems(data_dir) == [
        "data/sources.yaml:4:16: the quoted text that starts here has no closing quote"
    ]


def test_wrong_type(data_dir):
    edit(data_dir, "pillars.yaml", "number: 2", "number: two")
    assert problems(data_dir) == [
        "data/pillars.yaml:29:5: pillars[1].number: expected a whole number, found text 'two'"
    ]


def test_wrong_script(data_dir):
    edit(data_dir, "agencies.yaml", 'en: "The Office"', 'en: "المكتب"')
    assert problems(data_dir) == [
        "data/agencies.yaml:11:26: agencies[1].name.en: the English text is written in Arabic letters; write it in English"
    ]


def test_latin_arabic_text_rejected_but_acronyms_allowed(data_dir):
    edit(data_dir, "agencies.yaml", 'name: {ar: "المكتب"', 'name: {ar: "OFAC"')
    load_site_data(data_dir)  # an acronym alone is fine
    edit(data_dir, "agencies.yaml", 'name: {ar: "OFAC"', 'name: {ar: "The office"')
    assert problems(data_dir) == [
        "data/agencies.yaml:11:12: agencies[1].name.ar: the Arabic text is written in Latin letters; write it in Arabic"
    ]


def test_alias_bomb_is_rejected_quickly(data_dir):
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(9)
    )
    (data_dir / "glossary.yaml").write_text(bomb, encoding="utf-8")
    found = problems(data_dir)
    assert found[0] == "data/glossary.yaml:1:4: b[0]: anchors and aliases (& and *) are not allowed"


def test_missing_file(data_dir):
    (data_dir / "sources.yaml").unlink()
    assert "data/sources.yaml: the file is missing" in problems(data_dir)


def test_each_files_problems_come_in_file_order_then_those_across_files(data_dir):
    edit(data_dir, "pillars.yaml", 'en: "Second pillar"', 'en: ""')
    edit(data_dir, "timeline.yaml", "pillars: [alpha]", "pillars: [alpah]")  # across files
    edit(data_dir, "sources.yaml", "https://", "javascript://")
    assert [problem.split(":")[0] for problem in problems(data_dir)] == [
        "data/pillars.yaml",
        "data/sources.yaml",
        "data/timeline.yaml",
    ]
