"""Shared fixtures: a copy of the project built into a temporary folder, read as HTML."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from explainer.address import site_url

PROJECT_ROOT = Path(__file__).resolve().parent.parent
PROJECT_PARTS = [
    "mkdocs.yml",
    "hooks",
    "explainer",
    "locales",
    "overrides",
    "docs",
    "data",
    "scripts",
    "schema",
    "fonts",
]
FIXTURE_DATA = Path(__file__).parent / "fixtures" / "data"
SITE_URL = site_url(PROJECT_ROOT / "mkdocs.yml")
"""The public address builds use (SITE_URL, else the default in mkdocs.yml), with its sub-path."""


def copy_project(destination: Path, data: Path | None = None) -> Path:
    """Copy what a build needs into `destination`, optionally with another data folder."""
    destination.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        source = PROJECT_ROOT / part
        if part == "data" and data is not None:
            source = data
        if source.is_dir():
            shutil.copytree(
                source, destination / part, ignore=shutil.ignore_patterns("__pycache__")
            )
        elif source.is_file():
            shutil.copy2(source, destination / part)
    return destination


def edit(path: Path, old: str, new: str) -> None:
    """Replace the first `old` in a file by `new`; fails if the file does not contain `old`."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{path.name} does not contain {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def fixture_data_copy(tmp_path: Path) -> Path:
    """A writable copy of tests/fixtures/data named data/, so reports say data/<file>."""
    return Path(shutil.copytree(FIXTURE_DATA, tmp_path / "data"))


def run_explainer(*arguments: str) -> subprocess.CompletedProcess:
    """`python -m explainer <arguments>` from the project root, its output captured."""
    command = [sys.executable, "-m", "explainer", *arguments]
    return subprocess.run(command, cwd=PROJECT_ROOT, capture_output=True, text=True, check=False)


def build(project: Path, site_dir: str = "site") -> subprocess.CompletedProcess:
    """Run the project's own build (atomic, strict) in `project`."""
    return subprocess.run(
        [sys.executable, "scripts/build_site.py", "--site-dir", site_dir],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )


@dataclass
class BuiltSite:
    root: Path
    project: Path
    parsed: dict[str, BeautifulSoup] = field(default_factory=dict)

    def page(self, url: str) -> BeautifulSoup:
        """Parse (once) the page at a site URL such as 'pillars/x/', 'en/' or '404.html'."""
        if url not in self.parsed:
            path = self.root / url if url.endswith(".html") else self.root / url / "index.html"
            self.parsed[url] = BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")
        return self.parsed[url]

    def html_files(self) -> list[Path]:
        return sorted(self.root.rglob("*.html"))

    def url_of(self, path: Path) -> str:
        relative = path.relative_to(self.root).as_posix()
        return relative.removesuffix("index.html")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    project = copy_project(tmp_path_factory.mktemp("project"))
    result = build(project)
    assert result.returncode == 0, result.stdout + result.stderr
    return BuiltSite(project / "site", project)


@pytest.fixture
def project_factory(tmp_path: Path) -> Callable[..., Path]:
    """Make a fresh project copy, e.g. with fixture data, for build scenarios."""

    def make(data: Path | None = None) -> Path:
        return copy_project(tmp_path / "project", data)

    return make


@pytest.fixture(scope="session")
def site_data():
    from explainer.data.dataset import load_site_data

    return load_site_data(PROJECT_ROOT / "data")


@pytest.fixture(scope="session")
def served_site(built_site: BuiltSite):
    """The built site over HTTP under the sub-path of site_url, as a host would serve it.

    Yields the base URL, e.g. 'http://127.0.0.1:PORT/captagon-strategy/'.
    """
    from urllib.parse import urlsplit

    from scripts.static_server import serve

    with serve(built_site.root, urlsplit(SITE_URL).path) as base_url:
        yield base_url
