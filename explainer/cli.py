"""Command line for editors: `python -m explainer check` (also `make check`)."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from explainer.data import load_site_data
from explainer.loader import DataError

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def check(data_dir: Path) -> int:
    """Validate the data without building; print a summary or every problem."""
    started = time.perf_counter()
    try:
        data = load_site_data(data_dir)
    except DataError as error:
        print(error.report(), file=sys.stderr)
        return 1
    elapsed = time.perf_counter() - started
    counts = ", ".join(f"{count} {name}" for name, count in data.counts().items())
    print(f"Data OK: {counts} ({elapsed:.2f} s)")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m explainer", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    check_parser = commands.add_parser("check", help="validate data/*.yaml")
    check_parser.add_argument("--data", type=Path, default=PROJECT_ROOT / "data")
    arguments = parser.parse_args(argv)
    if arguments.command == "check":
        return check(arguments.data)
    return 2
