"""Reproducible builds: two builds of the same sources are byte-identical; dates come from the data."""

from __future__ import annotations

import calendar
import datetime
import gzip
import hashlib
import os
import re
import subprocess
import sys
from pathlib import Path

from conftest import PROJECT_ROOT, build, copy_project, edit

from explainer.site import SEARCH_INDEX_CACHE, SEARCH_TEXT_CACHE, TEMPLATE_CACHE


def tree_hashes(root: Path) -> dict[str, str]:
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def test_two_builds_are_byte_identical_and_dated_by_the_data(built_site, site_data, tmp_path):
    # A second copy at another path, built at another time, with a misleading clock
    # setting in the environment: the data's date must win.
    project = copy_project(tmp_path / "elsewhere" / "project")
    result = subprocess.run(
        [sys.executable, "scripts/build_site.py", "--site-dir", "site"],
        cwd=project,
        capture_output=True,
        text=True,
        env={**os.environ, "SOURCE_DATE_EPOCH": "0"},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    first, second = tree_hashes(built_site.root), tree_hashes(project / "site")
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []

    reviewed = site_data.site.last_reviewed
    sitemap = (project / "site" / "sitemap.xml").read_text(encoding="utf-8")
    assert set(re.findall(r"<lastmod>([^<]*)</lastmod>", sitemap)) == {reviewed}
    with gzip.open(project / "site" / "sitemap.xml.gz") as compressed:
        compressed.read()
        assert compressed.mtime == calendar.timegm(
            datetime.date.fromisoformat(reviewed).timetuple()
        )


def test_no_page_carries_the_build_date(built_site):
    today = datetime.date.today().isoformat()
    data_text = "".join(p.read_text(encoding="utf-8") for p in (PROJECT_ROOT / "data").glob("*"))
    # When today's date is a real date in the data (e.g. last_reviewed), only a clock time
    # after it would betray a build timestamp; midnight UTC is how the Atom feeds write a
    # data date (Atom needs a time), not a clock reading.
    stamp = re.escape(today) + (r"[T ](?!00:00:00Z)\d\d:\d\d" if today in data_text else "")
    leaking = [
        path.relative_to(built_site.root).as_posix()
        for path in built_site.root.rglob("*")
        if path.is_file() and re.search(stamp.encode(), path.read_bytes())
    ]
    assert leaking == []


def test_compiled_templates_are_reused_and_never_stale(project_factory):
    """Builds keep the theme's and the fragments' templates compiled in .cache/templates
    (explainer.site.template_bytecode_cache), each page's search text in .cache/search-text
    and each language's search index in .cache/search-index: a build that uses them makes
    the same site, and a template edited since is compiled again, not taken from the cache."""
    project = project_factory()
    assert build(project, "site").returncode == 0
    cached = sorted((project / TEMPLATE_CACHE).iterdir())
    assert len(cached) > 20  # the theme's page templates and partials, and the fragments
    assert len(list((project / SEARCH_TEXT_CACHE).iterdir())) > 40  # each page's search text
    assert len(list((project / SEARCH_INDEX_CACHE).iterdir())) == 2  # a bundle per language
    assert build(project, "again").returncode == 0
    assert tree_hashes(project / "site") == tree_hashes(project / "again")

    edit(
        project / "overrides" / "main.html",
        "{% block extrahead %}",
        '{% block extrahead %}<meta name="x-edited" content="theme">',
    )
    edit(
        project / "overrides" / "fragments" / "glossary.md",
        '<p class="ex-intro">',
        '<p class="ex-intro" data-edited="fragment">',
    )
    assert build(project, "edited").returncode == 0
    glossary = (project / "edited" / "en" / "glossary" / "index.html").read_text("utf-8")
    assert '<meta name="x-edited" content="theme">' in glossary
    assert 'data-edited="fragment"' in glossary


def test_cache_files_unused_for_a_month_are_removed(tmp_path):
    """Builds touch the cards and search text they use; what no build used for
    CACHE_UNUSED_DAYS goes (the folders would otherwise only grow)."""
    import os
    import time

    from explainer.site import CACHE_UNUSED_DAYS
    from explainer.support.cache import remove_unused_files

    folder = tmp_path / "search-text"
    folder.mkdir()
    now = time.time()
    ages = {"used.json": 0, "recent.json": CACHE_UNUSED_DAYS - 1, "stale.json": 40}
    for name, days in ages.items():
        (folder / name).write_bytes(b"x")
        os.utime(folder / name, (now - days * 86_400, now - days * 86_400))
    remove_unused_files(folder, CACHE_UNUSED_DAYS)
    assert sorted(path.name for path in folder.iterdir()) == ["recent.json", "used.json"]
    remove_unused_files(tmp_path / "missing", CACHE_UNUSED_DAYS)  # no folder yet: nothing to do
