"""The bad-input corpus: every case fails cleanly, with one message naming the file (and the line
where there is one), a non-zero exit, no traceback and no partial output.

Each case is a small change to a copy of the fixture data. Most run through the editors' own
command, `python -m explainer check`, in a subprocess (all of them at once, a few at a time);
a handful run through the full build, which must leave the previous site/ exactly as it was.
"""

from __future__ import annotations

import os
import re
import resource
import shutil
import subprocess
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import FIXTURE_DATA, PROJECT_ROOT, build, copy_project

from explainer.data.loader import MAX_FILE_BYTES

MEMORY_LIMIT = 1 << 30
"""Address space for one check: an alias bomb must not get past the loader's guard."""
TIME_LIMIT = 120
"""Seconds; the guard stops a bomb long before it could expand (a real one takes hours)."""


@dataclass(frozen=True)
class Case:
    name: str
    change: Callable[[Path], None]
    expected: str
    """A regular expression the single message must match, starting with the place."""


def replace(file_name: str, old: str, new: str) -> Callable[[Path], None]:
    def change(data: Path) -> None:
        path = data / file_name
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{file_name} has no {old!r}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return change


def write_bytes(file_name: str, content: Callable[[bytes], bytes]) -> Callable[[Path], None]:
    def change(data: Path) -> None:
        path = data / file_name
        path.write_bytes(content(path.read_bytes()))

    return change


def remove(file_name: str) -> Callable[[Path], None]:
    return lambda data: (data / file_name).unlink()


def make_folder(file_name: str) -> Callable[[Path], None]:
    def change(data: Path) -> None:
        (data / file_name).unlink()
        (data / file_name).mkdir()

    return change


BILLION_LAUGHS = "lol0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"lol{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 9)}]\n" for n in range(1, 10)
)
DEEP_NESTING = "site: " + "[" * 200 + "]" * 200 + "\n"
CLAIM_EN = "Text of the first claim."
CLAIM_AR = "نص الادعاء الأول."


def in_claim(character: str) -> Callable[[Path], None]:
    return replace("pillars.yaml", CLAIM_EN, CLAIM_EN[:4] + character + CLAIM_EN[4:])


CLAIM_AT = r"data/pillars\.yaml:\d+:\d+: pillars\[0\]\.sections\[0\]\.claims\[0\]\.text\.en: "

CASES = [
    # YAML syntax
    Case(
        "unclosed flow mapping",
        replace("site.yaml", 'en: "Test site"}', 'en: "Test site"'),
        r"data/site\.yaml:\d+:\d+: .*not closed",
    ),
    Case(
        "unclosed flow sequence",
        replace(
            "pillars.yaml", "participating_agencies: [office]", "participating_agencies: [office"
        ),
        r"data/pillars\.yaml:\d+:\d+: ",
    ),
    Case(
        "unclosed quote",
        replace("sources.yaml", "sources:", 'sources:\n  # "\n  - title: "never closed'),
        r"data/sources\.yaml:\d+:\d+: ",
    ),
    Case(
        "bad indentation",
        replace("pillars.yaml", "    number: 1\n", "    number: 1\n   icon2: x\n"),
        r"data/pillars\.yaml:\d+:\d+: ",
    ),
    Case(
        "tab indentation",
        replace("pillars.yaml", "    number: 1\n", "\tnumber: 1\n"),
        r"data/pillars\.yaml:\d+:\d+: .*tab",
    ),
    Case(
        "missing space after colon",
        replace("pillars.yaml", "    number: 1\n", "    number:1\n"),
        r"data/pillars\.yaml:\d+:\d+: ",
    ),
    # Encodings
    Case(
        "UTF-16 little endian with BOM",
        write_bytes("site.yaml", lambda raw: raw.decode("utf-8").encode("utf-16")),
        r"data/site\.yaml: .*UTF-16",
    ),
    Case(
        "UTF-16 big endian with BOM",
        write_bytes("site.yaml", lambda raw: b"\xfe\xff" + raw.decode("utf-8").encode("utf-16-be")),
        r"data/site\.yaml: .*UTF-16",
    ),
    Case(
        "UTF-16 without BOM",
        write_bytes("site.yaml", lambda raw: raw.decode("utf-8").encode("utf-16-le")),
        r"data/site\.yaml: .*UTF-16",
    ),
    Case(
        "invalid UTF-8 byte",
        write_bytes("glossary.yaml", lambda raw: raw.replace(b"terms:", b"terms: \xff", 1)),
        r"data/glossary\.yaml:1:\d+: .*0xFF.*UTF-8",
    ),
    Case(
        "Arabic saved as Windows-1256",
        write_bytes("site.yaml", lambda raw: raw.decode("utf-8").encode("cp1256")),
        r"data/site\.yaml:\d+:\d+: .*not valid UTF-8",
    ),
    # Files
    Case(
        "empty file", write_bytes("timeline.yaml", lambda raw: b""), r"data/timeline\.yaml: .*empty"
    ),
    Case(
        "only comments",
        write_bytes("timeline.yaml", lambda raw: b"# nothing here\n"),
        r"data/timeline\.yaml: .*comments",
    ),
    Case("missing file", remove("agencies.yaml"), r"data/agencies\.yaml: .*missing"),
    Case(
        "folder instead of a file", make_folder("glossary.yaml"), r"data/glossary\.yaml: .*folder"
    ),
    # Size, nesting, aliases
    Case(
        "huge file",
        write_bytes("glossary.yaml", lambda raw: raw + b"# " + b"x" * MAX_FILE_BYTES + b"\n"),
        r"data/glossary\.yaml: .*bytes; the limit is",
    ),
    Case(
        "deep nesting",
        write_bytes("site.yaml", lambda raw: DEEP_NESTING.encode()),
        r"data/site\.yaml:\d+:\d+: .*nested",
    ),
    Case(
        "billion laughs",
        write_bytes("glossary.yaml", lambda raw: BILLION_LAUGHS.encode()),
        r"data/glossary\.yaml:\d+:\d+: .*anchors and aliases",
    ),
    # Wrong types and unknown fields
    Case(
        "text instead of a list",
        replace("pillars.yaml", "    agencies: [dept]", "    agencies: dept"),
        r"data/pillars\.yaml:\d+:\d+: pillars\[0\]\.agencies: ",
    ),
    Case(
        "list instead of a text pair",
        replace("pillars.yaml", 'short_title: {ar: "الأول", en: "First"}', "short_title: [a, b]"),
        r"data/pillars\.yaml:\d+:\d+: pillars\[0\]\.short_title: ",
    ),
    Case(
        "text instead of a number",
        replace("pillars.yaml", "    number: 1\n", "    number: one\n"),
        r"data/pillars\.yaml:\d+:\d+: pillars\[0\]\.number: ",
    ),
    Case(
        "unknown field",
        replace("pillars.yaml", "    color: blue\n", "    colour: blue\n    color: blue\n"),
        r"data/pillars\.yaml:\d+:\d+: pillars\[0\]\.colour: ",
    ),
    Case(
        "value outside the allowed list",
        replace("pillars.yaml", "    color: blue\n", "    color: crimson\n"),
        r"data/pillars\.yaml:\d+:\d+: pillars\[0\]\.color: ",
    ),
    # Translations
    Case(
        "missing Arabic text",
        replace(
            "pillars.yaml",
            'title: {ar: "المحور الأول", en: "First pillar"}',
            'title: {en: "First pillar"}',
        ),
        r"data/pillars\.yaml:\d+:\d+: pillars\[0\]\.title\.ar: Arabic text is missing",
    ),
    Case(
        "missing English text",
        replace(
            "pillars.yaml",
            'title: {ar: "المحور الأول", en: "First pillar"}',
            'title: {ar: "المحور الأول"}',
        ),
        r"data/pillars\.yaml:\d+:\d+: pillars\[0\]\.title\.en: English text is missing",
    ),
    Case(
        "empty English text",
        replace("pillars.yaml", 'en: "First pillar"', 'en: ""'),
        r"data/pillars\.yaml:\d+:\d+: pillars\[0\]\.title\.en: English text is empty",
    ),
    Case(
        "Arabic text in Latin letters",
        replace("pillars.yaml", 'ar: "المحور الأول"', 'ar: "The first pillar"'),
        r"data/pillars\.yaml:\d+:\d+: pillars\[0\]\.title.*Latin letters",
    ),
    # Ids and references
    Case(
        "duplicate id across files",
        replace(
            "glossary.yaml",
            "id: ",
            "id: alpha #",
        ),
        r"data/glossary\.yaml:\d+:\d+: .*'alpha' is already used in data/pillars\.yaml",
    ),
    Case(
        "duplicate key",
        replace("pillars.yaml", "    color: blue\n", "    color: blue\n    color: teal\n"),
        r"data/pillars\.yaml:\d+:\d+: .*color.*twice",
    ),
    Case(
        "unknown source",
        replace("pillars.yaml", "  sources: [src-one]", "  sources: [src-two]"),
        r"data/pillars\.yaml:\d+:\d+: strategy\.sources\[0\]: unknown source id 'src-two'",
    ),
    Case(
        "unknown agency",
        replace("pillars.yaml", "  lead_agency: dept", "  lead_agency: nobody"),
        r"data/pillars\.yaml:\d+:\d+: strategy\.lead_agency: unknown agency id 'nobody'",
    ),
    Case(
        "id that is not a slug",
        replace("glossary.yaml", "id: ", "id: Not A Slug #"),
        r"data/glossary\.yaml:\d+:\d+: terms\[0\]\.id: ",
    ),
    Case(
        "pillar numbers out of order",
        replace("pillars.yaml", "    number: 1\n", "    number: 3\n"),
        r"data/pillars\.yaml:\d+:\d+: pillars\[0\]\.number: .*position 1",
    ),
    # Dates
    Case(
        "impossible date",
        replace("site.yaml", '"2026-01-15"', '"2026-02-30"'),
        r"data/site\.yaml:\d+:\d+: site\.last_reviewed: .*28 days",
    ),
    Case(
        "month 13",
        replace("pillars.yaml", 'released: "2023-06"', 'released: "2023-13"'),
        r"data/pillars\.yaml:\d+:\d+: strategy\.released: .*month 13",
    ),
    Case(
        "date not in ISO form",
        replace("site.yaml", '"2026-01-15"', '"15/01/2026"'),
        r"data/site\.yaml:\d+:\d+: site\.last_reviewed: ",
    ),
    # Addresses and links
    Case(
        "javascript: address",
        replace("sources.yaml", "url: ", "url: javascript:alert(1) #"),
        r"data/sources\.yaml:\d+:\d+: sources\[0\]\.url: .*not a web address",
    ),
    Case(
        "address without a host",
        replace("sources.yaml", "url: ", 'url: "https://localhost/x" #'),
        r"data/sources\.yaml:\d+:\d+: sources\[0\]\.url: .*host",
    ),
    Case(
        "javascript: link in text",
        replace("pillars.yaml", CLAIM_EN, "[Read](javascript:alert(1))"),
        CLAIM_AT + r".*'javascript:'",
    ),
    Case(
        "data: link in text",
        replace("pillars.yaml", CLAIM_EN, "[Read](data:text/html,hi)"),
        CLAIM_AT + r".*'data:'",
    ),
    Case(
        "vbscript: reference link in text",
        replace("pillars.yaml", CLAIM_EN, r"[Read][x]\n\n[x]: vbscript:msgbox(1)"),
        CLAIM_AT + r".*'vbscript:'",
    ),
    Case(
        "image in text",
        replace("pillars.yaml", CLAIM_EN, "![x](https://example.org/x.png)"),
        CLAIM_AT + r"images are not allowed",
    ),
    # Invisible and control characters, each named
    *[
        Case(f"U+{ord(c):04X} in text", in_claim(c), CLAIM_AT + rf".*U\+{ord(c):04X} {name}")
        for c, name in [
            ("\u202a", "LEFT-TO-RIGHT EMBEDDING"),
            ("\u202b", "RIGHT-TO-LEFT EMBEDDING"),
            ("\u202c", "POP DIRECTIONAL FORMATTING"),
            ("\u202d", "LEFT-TO-RIGHT OVERRIDE"),
            ("\u202e", "RIGHT-TO-LEFT OVERRIDE"),
            ("\u2066", "LEFT-TO-RIGHT ISOLATE"),
            ("\u2067", "RIGHT-TO-LEFT ISOLATE"),
            ("\u2068", "FIRST STRONG ISOLATE"),
            ("\u2069", "POP DIRECTIONAL ISOLATE"),
            ("\u200b", "ZERO WIDTH SPACE"),
            ("\u2060", "WORD JOINER"),
            ("\ufeff", "ZERO WIDTH NO-BREAK SPACE"),
            ("\u00ad", "SOFT HYPHEN"),
        ]
    ],
    Case(
        "escaped control character",
        replace("pillars.yaml", f'en: "{CLAIM_EN}"', r'en: "Text\u0007 of the claim."'),
        CLAIM_AT + r".*U\+0007",
    ),
]


def limited_resources() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def run_check(case: Case, root: Path) -> subprocess.CompletedProcess:
    data = root / re.sub(r"\W+", "-", case.name) / "data"
    shutil.copytree(FIXTURE_DATA, data)
    case.change(data)
    return subprocess.run(
        [sys.executable, "-m", "explainer", "check", "--data", str(data)],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=TIME_LIMIT,
        preexec_fn=limited_resources,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
        check=False,
    )


@pytest.fixture(scope="module")
def results(tmp_path_factory) -> dict[str, subprocess.CompletedProcess]:
    root = tmp_path_factory.mktemp("bad-input")
    with ThreadPoolExecutor(max_workers=4) as pool:
        done = pool.map(lambda case: (case.name, run_check(case, root)), CASES)
        return dict(done)


def test_the_corpus_has_at_least_forty_distinct_cases():
    assert len(CASES) >= 40
    assert len({case.name for case in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_bad_input_fails_with_one_clear_message(case, results):
    result = results[case.name]
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""  # no "Data OK", nothing half-done
    heading, message, *rest = result.stderr.splitlines()
    assert heading == "1 problem in the data:", result.stderr
    assert re.match(case.expected, message), message
    assert all(line.startswith("    hint: ") for line in rest), result.stderr


def test_a_utf8_bom_is_accepted(tmp_path):
    """Editors on Windows save with a BOM; it carries no meaning, so it is not an error."""
    result = run_check(
        Case("BOM", write_bytes("site.yaml", lambda raw: b"\xef\xbb\xbf" + raw), ""), tmp_path
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Data OK")


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


FAILING_BUILDS = {
    "invalid UTF-8": write_bytes(
        "glossary.yaml", lambda raw: raw.replace(b"terms:", b"terms: \xff", 1)
    ),
    "missing translation": replace("pillars.yaml", 'en: "First pillar"', 'en: ""'),
    "right-to-left override": in_claim("\u202e"),
    "billion laughs": write_bytes("glossary.yaml", lambda raw: BILLION_LAUGHS.encode()),
}


def test_failed_builds_leave_the_previous_site_exactly_as_it_was(project_factory):
    project = project_factory(FIXTURE_DATA)
    assert build(project).returncode == 0
    site = project / "site"
    before = tree(site)
    pristine = project / "pristine-data"
    shutil.copytree(project / "data", pristine)

    for name, change in FAILING_BUILDS.items():
        shutil.rmtree(project / "data")
        shutil.copytree(pristine, project / "data")
        change(project / "data")
        result = build(project)
        assert result.returncode != 0, name
        assert "Traceback" not in result.stderr, (name, result.stderr[-2000:])
        assert re.search(r"data/\w+\.yaml", result.stderr), (name, result.stderr[-2000:])
        assert tree(site) == before, name
        assert sorted(p.name for p in project.iterdir() if p.name.startswith(".site")) == []


@pytest.mark.parametrize(
    "template, broken",
    [
        # A data page template that fails while MkDocs runs the hooks (on_nav)...
        ("overrides/fragments/pillar.md", "{{ no_such_value.attribute }}\n"),
        # ...and a theme template that fails in the English build, when the Arabic pages
        # are already written.
        (
            "overrides/partials/alternate.html",
            '{% if page and page.url.startswith("en/") %}{% include "no-such.html" %}{% endif %}',
        ),
    ],
    ids=["hook", "theme"],
)
def test_an_exception_during_the_build_leaves_the_previous_site(template, broken, tmp_path):
    project = copy_project(tmp_path / "project", FIXTURE_DATA)
    assert build(project).returncode == 0
    site = project / "site"
    before = tree(site)
    path = project / template
    path.write_text(path.read_text(encoding="utf-8") + broken, encoding="utf-8")
    result = build(project)
    assert result.returncode != 0
    assert "left as it was" in result.stderr
    assert tree(site) == before
    assert [p.name for p in project.iterdir() if p.name.startswith(".site")] == []
