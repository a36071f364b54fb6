"""The site address: SITE_URL at build time, a warning for the placeholder, release refuses it;
`check --format github` for pull requests; the workflows that use both."""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import FIXTURE_DATA, PROJECT_ROOT, copy_project, edit, run_explainer

from explainer import address
from explainer.annotations import command, escape_data, escape_property, problem_annotation
from explainer.data.loader import Problem

PLACEHOLDER = "https://example.org/captagon-strategy/"
NEW = "https://news.example.net/x/"


def run_build(project: Path, *arguments: str, site_url: str | None = None):
    environment = {name: value for name, value in os.environ.items() if name != "SITE_URL"}
    if site_url is not None:
        environment["SITE_URL"] = site_url
    return subprocess.run(
        [sys.executable, "scripts/build_site.py", "--site-dir", "site", *arguments],
        cwd=project,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


def read_bytes(path: Path) -> bytes:
    """A file's bytes; gzip files (sitemap.xml.gz, Pagefind's index) uncompressed."""
    data = path.read_bytes()
    return gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data


# -----------------------------------------------------------------------------
# explainer/address.py
# -----------------------------------------------------------------------------


def with_default(config: Path, url: str) -> Path:
    """`config` with `url` as site_url's default (the shipped one may be changed on purpose)."""
    text = config.read_text(encoding="utf-8")
    line = f'site_url: !ENV [SITE_URL, "{url}"]'
    config.write_text(re.sub(r"^site_url:.*$", line, text, count=1, flags=re.M), "utf-8")
    return config


def test_the_address_is_set_in_mkdocs_yml_and_read_from_site_url(tmp_path):
    names, default = address.configured(PROJECT_ROOT / "mkdocs.yml")
    assert names == ["SITE_URL"] and default
    config = with_default(Path(shutil.copy(PROJECT_ROOT / "mkdocs.yml", tmp_path)), PLACEHOLDER)
    assert address.configured(config) == (["SITE_URL"], PLACEHOLDER)
    assert address.site_url(config, {}) == PLACEHOLDER
    assert address.site_url(config, {"SITE_URL": ""}) == PLACEHOLDER
    # As actions/configure-pages gives it: no trailing slash.
    assert (
        address.site_url(config, {"SITE_URL": "https://o.github.io/r"}) == "https://o.github.io/r/"
    )
    assert (
        address.site_url(config, {"SITE_URL": " https://o.github.io/ "}) == "https://o.github.io/"
    )
    for wrong in ["o.github.io/r", "ftp://o.github.io/", "https:///r/", "https://o.github.io/?x=1"]:
        with pytest.raises(address.AddressError):
            address.site_url(config, {"SITE_URL": wrong})
    plain = tmp_path / "plain.yml"
    plain.write_text("site_name: x\nsite_url: https://o.github.io/r/\n", encoding="utf-8")
    assert address.site_url(plain, {}) == "https://o.github.io/r/"
    with pytest.raises(address.AddressError, match="does not read it"):
        address.site_url(plain, {"SITE_URL": "https://other.net/"})


def test_only_names_reserved_for_examples_are_placeholders():
    for placeholder in [PLACEHOLDER, NEW, "https://EXAMPLE.com/", "http://localhost:8000/"]:
        assert address.is_placeholder(placeholder), placeholder
        with pytest.raises(address.AddressError):
            address.check_release(placeholder)
    for real in ["https://o.github.io/r/", "https://example.org.sy/", "https://notexample.org/"]:
        assert not address.is_placeholder(real), real
        address.check_release(real)


# -----------------------------------------------------------------------------
# Builds
# -----------------------------------------------------------------------------


def test_every_address_in_the_site_follows_site_url(built_site, tmp_path):
    """Canonical, hreflang, og:, sitemap, feeds, exports, citations and redirects all carry
    SITE_URL, also when the build reuses the cache of a build with the placeholder."""
    project = copy_project(tmp_path / "project")
    shutil.copytree(built_site.project / ".cache", project / ".cache")
    edit(
        project / "data" / "site.yaml",
        "redirects: []",
        "redirects:\n    - {from: pillars/old-sanctions/, to: pillars/sanctions/}",
    )
    result = run_build(project, site_url=NEW.rstrip("/"))
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines() == [address.placeholder_warning(NEW)]
    site = project / "site"

    left = [p for p in site.rglob("*") if p.is_file() and b"example.org/captagon" in read_bytes(p)]
    assert left == []
    # The search index is compressed: it is read, and it does carry the address.
    fragments = [read_bytes(path) for path in (site / "pagefind").rglob("*.pf_fragment")]
    assert any(b"news.example.net/x/" in fragment for fragment in fragments)

    def page(url: str) -> BeautifulSoup:
        return BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "lxml")

    pillar = page("pillars/sanctions")
    assert pillar.find("link", rel="canonical")["href"] == NEW + "pillars/sanctions/"
    assert {link["href"] for link in pillar.find_all("link", hreflang=True)} == {
        NEW + "pillars/sanctions/",
        NEW + "en/pillars/sanctions/",
    }
    assert pillar.find("meta", property="og:image")["content"].startswith(NEW + "assets/")
    citations = [c.get_text() for c in pillar.select(".ex-citation__url")]
    assert citations and set(citations) == {NEW + "pillars/sanctions/"}
    event_citations = [c.get_text() for c in page("en/timeline").select(".ex-citation__url")]
    assert all(citation.startswith(NEW + "en/timeline/") for citation in event_citations)
    assert any(citation.startswith(NEW + "en/timeline/#") for citation in event_citations)
    moved = page("en/pillars/old-sanctions")
    assert moved.find("link", rel="canonical")["href"] == NEW + "en/pillars/sanctions/"

    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    sitemap = ElementTree.parse(site / "sitemap.xml")
    locations = [loc.text for loc in sitemap.findall(".//s:loc", namespace)]
    assert locations and all(location.startswith(NEW) for location in locations)
    atom = {"a": "http://www.w3.org/2005/Atom"}
    for feed, home in [("feed.xml", NEW), ("en/feed.xml", NEW + "en/")]:
        root = ElementTree.parse(site / feed).getroot()
        assert root.find("a:id", atom).text == home
        assert root.find("a:link[@rel='self']", atom).get("href") == NEW + feed
        entries = root.findall("a:entry/a:id", atom)
        assert entries and all(entry.text.startswith(home) for entry in entries)

    exported = (site / "data" / "strategy.json").read_text(encoding="utf-8")
    assert exported.count(NEW) >= 52
    assert json.loads(exported)["pages"]["home"] == {"ar": NEW, "en": NEW + "en/"}
    schema = json.loads((site / "data" / "strategy.schema.json").read_text(encoding="utf-8"))
    assert schema["$id"] == NEW + "data/strategy.schema.json"
    rows = (site / "data" / "timeline.csv").read_text(encoding="utf-8-sig").splitlines()[1:]
    assert rows and all(f",{NEW}timeline/#" in row for row in rows)


def test_a_release_build_refuses_the_placeholder_and_leaves_site_as_it_was(project_factory):
    project = project_factory()
    with_default(project / "mkdocs.yml", PLACEHOLDER)
    (project / "site").mkdir()
    (project / "site" / "index.html").write_text("the published site", encoding="utf-8")
    for site_url, expected in [
        (None, "error: refusing to release with the placeholder address " + PLACEHOLDER),
        (NEW, "error: refusing to release with the placeholder address " + NEW),
        ("news.example.net/x/", "error: 'news.example.net/x/' is not a web address"),
    ]:
        result = run_build(project, "--release", site_url=site_url)
        assert result.returncode == 1
        assert len(result.stderr.splitlines()) == 1
        assert result.stderr.startswith(expected), result.stderr
        assert (project / "site" / "index.html").read_text(encoding="utf-8") == "the published site"
        assert sorted(path.name for path in project.iterdir() if "site" in path.name) == ["site"]


def test_a_release_build_with_the_pages_address_publishes_it(project_factory):
    project = project_factory(FIXTURE_DATA)
    result = run_build(project, "--release", site_url="https://owner.github.io/repository")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    home = BeautifulSoup((project / "site" / "en" / "index.html").read_text("utf-8"), "lxml")
    assert home.find("link", rel="canonical")["href"] == "https://owner.github.io/repository/en/"


# -----------------------------------------------------------------------------
# check --format github
# -----------------------------------------------------------------------------


def test_workflow_commands_escape_what_github_requires():
    assert escape_data("100%\r\nnext: a, b") == "100%25%0D%0Anext: a, b"
    assert escape_property("a%b\r\nc: d, e") == "a%25b%0D%0Ac%3A d%2C e"
    assert command("warning", "x") == "::warning ::x"
    problem = Problem("data/a,b:c.yaml", 7, 3, "items[0].name", "50% done\r\nsecond", "fix it")
    assert (
        problem_annotation(problem) == "::error file=data/a%2Cb%3Ac.yaml,line=7,col=3,"
        "title=items[0].name::50%25 done%0D%0Asecond%0Ahint: fix it"
    )
    whole_file = Problem("data/site.yaml", 0, 0, "", "the file is missing")
    assert problem_annotation(whole_file) == "::error file=data/site.yaml::the file is missing"


def test_check_annotates_each_problem_on_its_line(tmp_path):
    data = Path(shutil.copytree(FIXTURE_DATA, tmp_path / "data"))
    edit(data / "timeline.yaml", "id: law-signed", "id: law%signed")
    edit(data / "timeline.yaml", '"2022-12-23"', '"2023-02-30"')
    edit(data / "timeline.yaml", 'title: {ar: "نشر', 'titel: {ar: "نشر')
    edit(data / "sources.yaml", 'publisher: "Example', 'publisher:"Example')
    result = run_explainer("check", "--format", "github", "--data", str(data))
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "::error file=data/sources.yaml,line=4,col=14::there is no space after the colon in"
        " 'publisher:\"Example Publisher\"'%0Ahint: write a space after the colon:"
        " 'publisher: \"Example Publisher\"'",
        "::error file=data/timeline.yaml,line=2,col=5,title=events[0].id::'law%25signed' is not"
        " a valid id%0Ahint: use lowercase ASCII letters, digits and hyphens, e.g."
        " 'sanctions-2023'",
        "::error file=data/timeline.yaml,line=3,col=5,title=events[0].date::'2023-02-30' does"
        " not exist: February 2023 has 28 days%0Ahint: check the day and the month",
        "::error file=data/timeline.yaml,line=13,col=5,title=events[1].titel::unknown field"
        " 'titel'; did you mean 'title'?%0Ahint: allowed fields here: id, date, kind, title,"
        " description, pillars, agencies, sources, updated",
    ]
    # The plain report still goes to the log, for more than GitHub's ten annotations a step.
    assert result.stderr.startswith("4 problems in the data:\n")


# -----------------------------------------------------------------------------
# The workflows
# -----------------------------------------------------------------------------


def workflow_steps(name: str) -> list[dict]:
    workflow = yaml.safe_load((PROJECT_ROOT / ".github" / "workflows" / name).read_text("utf-8"))
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def test_the_pages_workflow_releases_with_the_pages_address():
    steps = workflow_steps("pages.yml")
    (configure,) = [s for s in steps if s.get("uses", "").startswith("actions/configure-pages@")]
    (release,) = [s for s in steps if s.get("run") == "make release"]
    assert release["env"]["SITE_URL"] == f"${{{{ steps.{configure['id']}.outputs.base_url }}}}"
    assert steps.index(configure) < steps.index(release)


def test_the_pull_request_workflow_annotates_and_uploads_a_preview():
    workflow = yaml.safe_load(
        (PROJECT_ROOT / ".github" / "workflows" / "pull-request.yml").read_text("utf-8")
    )
    assert "pull_request" in workflow[True]  # YAML 1.1 reads the key `on` as True
    steps = workflow_steps("pull-request.yml")
    runs = [step.get("run", "") for step in steps]
    assert runs.index("make check FORMAT=github") < runs.index("make build")
    assert "make translations FORMAT=github" in runs
    (upload,) = [s for s in steps if s.get("uses", "").startswith("actions/upload-artifact@")]
    assert upload["with"]["path"] == "site"
    assert steps.index(upload) > runs.index("make build")
