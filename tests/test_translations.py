"""Translation tracking: missing translations fail, stale ones warn, --accept records."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from explainer.data.translations import (
    LOCK_FILE_NAME,
    Pair,
    accept,
    fingerprint,
    read_lock,
    translation_report,
    write_lock,
)
from tests.conftest import FIXTURE_DATA, PROJECT_ROOT, edit


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A small project: the fixture data, one UI label and one hand-written page, reviewed."""
    shutil.copytree(FIXTURE_DATA, tmp_path / "data")
    (tmp_path / "locales").mkdir()
    (tmp_path / "locales" / "ui.yaml").write_text(
        'nav.home: {ar: "الرئيسية", en: "Home"}\n', encoding="utf-8"
    )
    for language, text in {"ar": "# عن الموقع\n", "en": "# About\n"}.items():
        (tmp_path / "docs" / language).mkdir(parents=True)
        (tmp_path / "docs" / language / "about.md").write_text(text, encoding="utf-8")
    accept(tmp_path)
    return tmp_path


def run(root: Path, *arguments: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "explainer", "translations", "--root", str(root), *arguments],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


def test_shipped_texts_have_no_missing_translation():
    # Runs in CI: a text in one language only fails the build of the test suite.
    report = translation_report(PROJECT_ROOT)
    assert report.unreadable == []
    assert [pair.place() for pair, _ in report.missing] == []


def test_reviewed_project_reports_nothing(root):
    result = run(root)
    assert result.returncode == 0
    # 29 ar/en mappings in the fixture data (2 site, 17 pillars, 4 timeline, 4 agencies,
    # 2 glossary), the UI label and the page.
    assert result.stdout.splitlines() == [
        "Translations: 31 pairs, 0 missing, 0 stale, 0 not yet reviewed"
    ]


def test_one_side_changed_is_a_stale_warning_with_its_place(root):
    edit(root / "data" / "timeline.yaml", '"The act is signed"', '"The act is signed into law"')
    result = run(root)
    assert result.returncode == 0
    assert result.stdout.splitlines() == [
        "data/timeline.yaml:5:5: events[0].title: warning: the English text changed since the"
        " translation was last reviewed",
        "    hint: check that the Arabic text still says the same, then run"
        " `python -m explainer translations --accept`",
        "Translations: 31 pairs, 0 missing, 1 stale, 0 not yet reviewed",
    ]


def test_stale_page_and_label_are_reported(root):
    (root / "docs" / "ar" / "about.md").write_text("# عن هذا الموقع\n", encoding="utf-8")
    edit(root / "locales" / "ui.yaml", '"Home"', '"Start"')
    lines = run(root).stdout.splitlines()
    assert lines[0] == (
        "locales/ui.yaml:1:1: nav.home: warning: the English text changed since the"
        " translation was last reviewed"
    )
    assert lines[2] == (
        "docs/ar/about.md: warning: the Arabic text changed since the translation was last reviewed"
    )


def test_both_sides_changed_together_is_not_stale(root):
    edit(root / "data" / "timeline.yaml", '"The act is signed"', '"The law is signed"')
    edit(root / "data" / "timeline.yaml", '"توقيع القانون"', '"توقيع التشريع"')
    assert translation_report(root).stale == []


def test_moving_a_record_does_not_make_its_texts_stale(root):
    path = root / "data" / "timeline.yaml"
    header, first, second = path.read_text(encoding="utf-8").split("  - id: ")
    path.write_text(f"{header}  - id: {second}  - id: {first}", encoding="utf-8")
    report = translation_report(root)
    assert (report.stale, report.unreviewed) == ([], [])


def test_missing_translation_is_an_error_and_fails(root):
    edit(root / "data" / "timeline.yaml", '{ar: "توقيع القانون", en:', "{en:")
    (root / "docs" / "en" / "about.md").unlink()
    result = run(root)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "data/timeline.yaml:5:5: events[0].title: error: the Arabic text is missing",
        "    hint: translate the English text and add it as 'ar:'",
        "docs/ar/about.md: error: the English text is missing",
        "    hint: translate the Arabic text and add it as 'en:'",
    ]
    assert result.stdout.splitlines() == [
        "Translations: 31 pairs, 2 missing, 0 stale, 0 not yet reviewed"
    ]


def test_accept_records_the_review(root):
    edit(root / "data" / "timeline.yaml", '"The act is signed"', '"The act is signed into law"')
    result = run(root, "--accept")
    assert (result.returncode, result.stdout) == (
        0,
        f"Recorded 31 reviewed pair(s) in data/{LOCK_FILE_NAME}\n",
    )
    assert translation_report(root).stale == []
    lock = (root / "data" / LOCK_FILE_NAME).read_text(encoding="utf-8")
    assert (
        f'"timeline.yaml:events[law-signed].title": {{ar: "{fingerprint("توقيع القانون")}",'
        f' en: "{fingerprint("The act is signed into law")}"}}'
    ) in lock


def test_accept_one_pair_leaves_the_others_stale(root):
    edit(root / "data" / "timeline.yaml", '"The act is signed"', '"The act is signed into law"')
    edit(root / "locales" / "ui.yaml", '"Home"', '"Start"')
    result = run(root, "--accept", "timeline.yaml:events[law-signed]")
    assert result.stdout == f"Recorded 2 reviewed pair(s) in data/{LOCK_FILE_NAME}\n"
    assert [pair.key for pair, _ in translation_report(root).stale] == ["ui.yaml:nav.home"]


def test_new_pairs_are_listed_as_not_yet_reviewed(root):
    (root / "data" / LOCK_FILE_NAME).unlink()
    result = run(root)
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    listed = [line for line in lines if line.startswith("not yet reviewed: ")]
    assert len(listed) == 31
    assert "not yet reviewed: data/timeline.yaml:" in "\n".join(listed)
    assert lines[len(listed) :] == [
        "Translations: 31 pairs, 0 missing, 0 stale, 31 not yet reviewed",
        "After reviewing new pairs, run: python -m explainer translations --accept",
    ]


def test_an_all_digit_hash_survives_the_lock_file(tmp_path):
    # YAML reads an unquoted 403529461519 as a number; the lock must give back the text.
    digits = next(f"text {n}" for n in range(100_000) if fingerprint(f"text {n}").isdigit())
    pair = Pair(
        key="x:y", file="data/x.yaml", line=1, column=1, path="y", texts={"ar": "نص", "en": digits}
    )
    lock_path = tmp_path / LOCK_FILE_NAME
    write_lock(lock_path, [pair])
    assert read_lock(lock_path) == {"x:y": pair.hashes()}


def test_github_format_annotates_missing_and_stale_translations(root):
    edit(root / "data" / "timeline.yaml", '{ar: "توقيع القانون", en:', "{en:")
    edit(root / "locales" / "ui.yaml", '"Home"', '"Start"')
    (root / "docs" / "en" / "about.md").unlink()
    result = run(root, "--format", "github")
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "::error file=data/timeline.yaml,line=5,col=5,title=events[0].title::the Arabic text is"
        " missing%0Ahint: translate the English text and add it as 'ar:'",
        "::error file=docs/ar/about.md::the English text is missing%0Ahint: translate the Arabic"
        " text and add it as 'en:'",
        "::warning file=locales/ui.yaml,line=1,col=1,title=nav.home::the English text changed"
        " since the translation was last reviewed%0Ahint: check that the Arabic text still says"
        " the same, then run `python -m explainer translations --accept`",
        "Translations: 31 pairs, 2 missing, 1 stale, 0 not yet reviewed",
    ]
    assert result.stderr.splitlines()[0] == (
        "data/timeline.yaml:5:5: events[0].title: error: the Arabic text is missing"
    )
