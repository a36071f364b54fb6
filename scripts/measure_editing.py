"""Print how long the editing loop takes: `make check` and a `make serve` rebuild.

Usage: python scripts/measure_editing.py [--runs 5]

`check` is timed as a whole process (interpreter start, imports, validation). The rebuild
is timed in a copy of the project under `mkdocs serve`: from saving a changed title in
data/timeline.yaml to the moment the served English timeline shows it (both languages are
rebuilt). The figures go into PERFORMANCE.md and EDITING.md; tests never assert on them.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT))

from explainer.address import site_url  # noqa: E402
from tests.conftest import copy_project  # noqa: E402  (what a build needs, kept in one place)


def time_check(runs: int) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU seconds of whole `python -m explainer check` processes. CPU time
    is the figure to compare: wall time grows when the machine is busy."""
    walls, cpus = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "explainer", "check"],
            cwd=PROJECT_ROOT,
            check=True,
            capture_output=True,
        )
        walls.append(time.perf_counter() - started)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    return walls, cpus


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def wait_for(condition, deadline_seconds: float = 300) -> float:
    started = time.perf_counter()
    while not condition():
        if time.perf_counter() - started > deadline_seconds:
            raise TimeoutError("the served page did not change")
        time.sleep(0.05)
    return time.perf_counter() - started


def time_rebuilds(runs: int) -> tuple[float, list[float]]:
    with tempfile.TemporaryDirectory() as folder:
        project = copy_project(Path(folder) / "project")
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        mount = urlsplit(site_url(project / "mkdocs.yml")).path
        page = f"http://127.0.0.1:{port}{mount}en/timeline/"
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
            cwd=project,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        )
        try:
            timeline = project / "data" / "timeline.yaml"
            first_title = re.search(r'\n      en: "([^"]+)"', timeline.read_text()).group(1)
            first = wait_for(lambda: first_title in fetch(page))
            timings = []
            previous = first_title
            for run in range(runs):
                marker = f"Edited title number {run + 1}"
                text = timeline.read_text(encoding="utf-8")
                timeline.write_text(
                    text.replace(f'en: "{previous}"', f'en: "{marker}"', 1), encoding="utf-8"
                )
                timings.append(wait_for(lambda marker=marker: marker in fetch(page)))
                previous = marker
            return first, timings
        finally:
            server.terminate()
            server.wait(timeout=30)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    arguments = parser.parse_args()
    checks, cpus = time_check(arguments.runs)
    print(f"make check (whole process): CPU median {statistics.median(cpus):.2f} s")
    print(
        f"make check (whole process): wall median {statistics.median(checks):.2f} s,"
        f" min {min(checks):.2f} s, max {max(checks):.2f} s over {len(checks)} runs"
    )
    first, rebuilds = time_rebuilds(min(arguments.runs, 3))
    print(f"make serve: first build served after {first:.1f} s")
    print(
        f"make serve: edit saved -> page shows it: median {statistics.median(rebuilds):.1f} s,"
        f" min {min(rebuilds):.1f} s, max {max(rebuilds):.1f} s over {len(rebuilds)} edits"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
