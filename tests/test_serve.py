"""Live preview: `mkdocs serve` rebuilds on data and page edits and survives a data mistake.

Runs the real server on a free port in a copy of the project, then edits files the way an
editor does. Waits poll with a generous deadline; nothing here asserts how fast it is
(scripts/measure_editing.py prints the rebuild time).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from explainer.address import site_url
from explainer.data.dataset import load_site_data
from tests.conftest import edit

DEADLINE_SECONDS = 120


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return ""


def wait_for(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + DEADLINE_SECONDS
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    pytest.fail(f"gave up after {DEADLINE_SECONDS} s waiting for {what}")


@pytest.fixture
def server(project_factory, tmp_path):
    """A running `mkdocs serve` on a copy of the project; yields (project, base URL, log)."""
    project = project_factory()
    port = free_port()
    log_path = tmp_path / "serve.log"
    base = f"http://127.0.0.1:{port}{urlsplit(site_url(project / 'mkdocs.yml')).path}"
    with open(log_path, "w", encoding="utf-8") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
            cwd=project,
            stdout=log,
            stderr=subprocess.STDOUT,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        )
    try:
        yield project, base, log_path, process
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def check_report(project: Path) -> list[str]:
    result = subprocess.run(
        [sys.executable, "-m", "explainer", "check", "--data", str(project / "data")],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    return result.stderr.splitlines()[1:]


def test_serve_rebuilds_and_keeps_the_last_good_site_on_a_mistake(server):
    project, base, log_path, process = server
    timeline_file = project / "data" / "timeline.yaml"
    event = load_site_data(project / "data").events[0]
    english_page, arabic_page = base + "en/timeline/", base + "timeline/"
    wait_for(lambda: event.title.en in fetch(english_page), "the first build")

    # A data mistake: the same report as `make check` is printed, and the server keeps
    # serving the last good site.
    edit(timeline_file, "\n    title:", "\n    titel:")
    report = check_report(project)
    wait_for(lambda: report[0] in log_path.read_text(encoding="utf-8"), "the error report")
    log = log_path.read_text(encoding="utf-8")
    assert all(line in log.splitlines() for line in report), log
    assert "Traceback" not in log
    assert "Serving the last good version." in log
    assert process.poll() is None, log
    # Requests wait while a rebuild runs; then the last good site is served again.
    wait_for(lambda: event.title.en in fetch(english_page), "the last good page")
    # ...whole: its search index (both languages) and its data downloads too.
    entry = base + "pagefind/pagefind-entry.json"
    wait_for(lambda: '"ar"' in fetch(entry) and '"en"' in fetch(entry), "the last good index")
    assert '"events"' in fetch(base + "data/strategy.json")

    # Fixed, with a new English title: both languages are rebuilt.
    edit(timeline_file, "\n    titel:", "\n    title:")
    edit(timeline_file, f'en: "{event.title.en}"', 'en: "Edited during the preview"')
    wait_for(lambda: "Edited during the preview" in fetch(english_page), "the rebuilt page")
    assert event.title.ar in fetch(arabic_page)

    # A hand-written page: docs/ is watched by default.
    about = project / "docs" / "ar" / "about.md"
    about.write_text(about.read_text(encoding="utf-8") + "\nفقرة أضيفت أثناء المعاينة.\n")
    wait_for(lambda: "فقرة أضيفت أثناء المعاينة" in fetch(base + "about/"), "the edited page")
    assert process.poll() is None
