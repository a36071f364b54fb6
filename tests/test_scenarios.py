"""Editor scenarios: builds of modified copies of the project."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup
from conftest import build

FIFTH_PILLAR = """
  - id: research
    number: 5
    icon: material/flask
    color: green
    title: {ar: "محور البحث", en: "Research pillar"}
    short_title: {ar: "البحث", en: "Research"}
    summary: {ar: "ملخص محور البحث.", en: "Summary of the research pillar."}
    in_brief: {ar: "محور البحث باختصار.", en: "The research pillar in brief."}
    sections:
      - id: research-says
        title: {ar: "ما تقوله الاستراتيجية", en: "What the strategy says"}
        claims:
          - id: research-claim
            text: {ar: "نص عن البحث.", en: "A text about research."}
            sources: [%s]
"""


def read(site: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "lxml")


def test_a_fifth_pillar_appears_everywhere(project_factory, site_data):
    project = project_factory()
    pillars_yaml = project / "data" / "pillars.yaml"
    pillars_yaml.write_text(
        pillars_yaml.read_text(encoding="utf-8").rstrip("\n")
        + "\n"
        + FIFTH_PILLAR % site_data.sources[0].id,
        encoding="utf-8",
    )
    result = build(project)
    assert result.returncode == 0, result.stderr
    site = project / "site"
    for prefix, title in (("", "محور البحث"), ("en/", "Research pillar")):
        page = read(site, f"{prefix}pillars/research/")
        assert title in page.h1.get_text()
        home_cards = [a["href"] for a in read(site, prefix).select(".ex-board a.ex-board__link")]
        assert home_cards[-1] == "pillars/research/"
        assert len(home_cards) == len(site_data.pillars) + 1
        board = read(site, prefix).select_one("ol.ex-board")
        assert board["data-count"] == str(len(site_data.pillars) + 1)
        index_cards = [
            a["href"] for a in read(site, f"{prefix}pillars/").select(".ex-cards--pillars a")
        ]
        assert index_cards[-1] == "research/"
        nav_links = [a.get("href") for a in read(site, prefix).select("nav.md-nav--primary a")]
        assert "pillars/research/" in nav_links
    switch = read(site, "pillars/research/").select_one(".ex-lang-switch__link")["href"]
    assert switch == "../../en/pillars/research/"


def test_invalid_data_fails_with_file_and_line_and_keeps_the_old_site(project_factory):
    project = project_factory()
    assert build(project).returncode == 0
    site = project / "site"
    before = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}

    pillars_yaml = project / "data" / "pillars.yaml"
    lines = pillars_yaml.read_text(encoding="utf-8").splitlines()
    # Delete the "ar:" line of the first pillar's title (block style: title, ar, en).
    start = lines.index("pillars:")
    title = next(i for i in range(start, len(lines)) if lines[i].strip() == "title:")
    assert lines[title + 1].strip().startswith("ar:")
    del lines[title + 1]
    pillars_yaml.write_text("\n".join(lines) + "\n", encoding="utf-8")

    result = build(project)
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "Traceback" not in output
    # The mapping that lacks "ar" now starts on the line the deleted one held.
    assert f"data/pillars.yaml:{title + 2}:7: pillars[0].title.ar: Arabic text is missing" in output
    after = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    assert after == before
