"""Command line for editors (`python -m explainer <command>`; `make check` and friends).

check          validate data/*.yaml without building (`make check`); `--format github`
               prints each problem as a GitHub annotation on its file and line
schema         regenerate schema/*.schema.json from the model (`make schema`)
translations   report missing and stale translations (`make translations`);
               `--accept` records the current texts as reviewed; `--format github` as check

Only `check` runs on every save, so the heavier modules are imported by the commands that
need them: `check` loads just the data stack (PyYAML, pydantic), not Babel or Jinja.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def check(data_dir: Path, output: str = "text") -> int:
    """Validate the data without building; print a summary or every problem."""
    started = time.perf_counter()
    from explainer.data.dataset import load_site_data, source_warnings
    from explainer.data.loader import DataError

    try:
        data = load_site_data(data_dir)
    except DataError as error:
        if output == "github":
            from explainer.annotations import problem_annotation

            # Workflow commands are read from standard output; the log shows them too.
            for problem in error.problems:
                print(problem_annotation(problem))
        print(error.report(), file=sys.stderr)
        return 1
    for warning in source_warnings(data):
        if output == "github":
            from explainer.annotations import problem_annotation

            print(problem_annotation(warning, level="warning"))
        print(warning, file=sys.stderr)
    elapsed = time.perf_counter() - started
    counts = ", ".join(f"{count} {name}" for name, count in data.counts().items())
    print(f"Data OK: {counts} ({elapsed:.2f} s)")
    return 0


def schema(schema_dir: Path, check_only: bool) -> int:
    """Write the JSON Schemas, or with `check_only` report those that drifted."""
    from explainer.data.schema import outdated_schemas, write_schemas

    if check_only:
        outdated = outdated_schemas(schema_dir)
        for name in outdated:
            print(f"{schema_dir.name}/{name} differs from the model", file=sys.stderr)
        if outdated:
            print("run: make schema", file=sys.stderr)
        return 1 if outdated else 0
    changed = write_schemas(schema_dir)
    print(f"{len(changed)} schema file(s) updated in {schema_dir.name}/")
    return 0


def translations(root: Path, accept: list[str] | None, output: str = "text") -> int:
    """Report missing (error) and stale (warning) translations, or record a review."""
    from explainer.data.translations import LOCK_FILE_NAME, translation_report
    from explainer.data.translations import accept as accept_pairs

    if accept is not None:
        recorded = accept_pairs(root, accept or None)
        print(f"Recorded {recorded} reviewed pair(s) in data/{LOCK_FILE_NAME}")
        return 0
    report = translation_report(root)
    if output == "github":
        from explainer.annotations import problem_annotation

        for level, problem in report.findings():
            print(problem_annotation(problem, level))
    for line in report.lines():
        print(line, file=sys.stderr if report.failed else sys.stdout)
    # Editors need to know which texts to read side by side, not only how many.
    for pair in report.unreviewed:
        print(f"not yet reviewed: {pair.place()}")
    print(report.summary())
    if report.unreviewed and not report.failed:
        print("After reviewing new pairs, run: python -m explainer translations --accept")
    return 1 if report.failed else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m explainer",
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="command", required=True)
    check_parser = commands.add_parser("check", help="validate data/*.yaml")
    check_parser.add_argument("--data", type=Path, default=PROJECT_ROOT / "data")
    check_parser.add_argument(
        "--format",
        choices=["text", "github"],
        default="text",
        help="github: also print each problem as a GitHub Actions annotation (pull requests)",
    )
    schema_parser = commands.add_parser("schema", help="regenerate schema/*.schema.json")
    schema_parser.add_argument("--schema-dir", type=Path, default=PROJECT_ROOT / "schema")
    schema_parser.add_argument(
        "--check", action="store_true", help="only report schemas that differ from the model"
    )
    translations_parser = commands.add_parser(
        "translations", help="report missing and stale translations"
    )
    translations_parser.add_argument("--root", type=Path, default=PROJECT_ROOT)
    translations_parser.add_argument(
        "--accept",
        nargs="*",
        metavar="PAIR",
        help="record the current texts as reviewed: all pairs, or those whose name or"
        " place starts with PAIR (e.g. timeline.yaml:events[captagon-act-signed])",
    )
    translations_parser.add_argument(
        "--format",
        choices=["text", "github"],
        default="text",
        help="github: also print each finding as a GitHub Actions annotation (pull requests)",
    )
    arguments = parser.parse_args(argv)
    if arguments.command == "check":
        return check(arguments.data, arguments.format)
    if arguments.command == "schema":
        return schema(arguments.schema_dir, arguments.check)
    if arguments.command == "translations":
        return translations(arguments.root, arguments.accept, arguments.format)
    return 2
