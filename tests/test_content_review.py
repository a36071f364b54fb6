"""The editorial review of 2026-12-04: sources, citations, dates and Arabic wording.

Most checks read the shipped data (the same `SiteData` the build uses) or the hand-written
pages; the citation counts read the built home page. `make check` warnings are tested on
a copy of the data, through the command editors run.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest
from conftest import PROJECT_ROOT

from explainer.data.model import LANGUAGES

DOCS = [PROJECT_ROOT / "docs" / language for language in LANGUAGES]
REVIEW_DATE = "2026-12-04"

# Wording the fact-checker and the Arabic editor asked to remove: calques, the article
# readers never saw, the old seizure term, indefinite agreement after a definite noun.
BANNED_ARABIC = [
    "مع تقارير دورية",
    "وفي الممارسة",
    "الاستراتيجية المكتوبة",
    "المقال الأصلي",
    "المقال الذي يشرحه",
    "ضبطيات",
    "التعاون متعدد الأطراف",
    "العمل متعدد الأطراف",
    "المؤسسات متعددة الأطراف",
    "الجهات الفاعلة",
    "من بين أمور أخرى",
]
# A hedge set between commas inside a clause ("ألغى، بحسب ما نُشر، قانونَ قيصر"): an Arab
# newsroom puts it at the start or the end of the sentence.
MID_CLAUSE_HEDGE = re.compile(r"،\s*بحسب ما نُ(?:شر|قل)(?:\s+عن[^،.]{0,30})?،")
BANNED_ENGLISH = ["source article", "did coordinate with European", "falls mainly to the DEA"]


def host(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def on_mirror(url: str, mirrors: list[str]) -> bool:
    return any(host(url) == m or host(url).endswith("." + m) for m in mirrors)


def markdown_links(text: str) -> list[str]:
    return re.findall(r"\]\((https?://[^)\s]+)\)", text)


def arabic_texts(site_data):
    """Every Arabic text of the data, with where it is, plus the Arabic interface labels."""
    import yaml

    def walk(value, where):
        if hasattr(value, "model_dump"):
            value = value.model_dump()
        if isinstance(value, dict):
            if "ar" in value and isinstance(value["ar"], str):
                yield where, value["ar"]
            for key, item in value.items():
                yield from walk(item, f"{where}.{key}")
        elif isinstance(value, (list, tuple)):
            for index, item in enumerate(value):
                yield from walk(item, f"{where}[{index}]")

    records = {
        "site": site_data.site,
        "strategy": site_data.strategy,
        "pillars": site_data.pillars,
        "events": site_data.events,
        "agencies": site_data.agencies,
        "terms": site_data.terms,
    }
    for name, value in records.items():
        yield from walk(value, name)
    labels = yaml.safe_load((PROJECT_ROOT / "locales" / "ui.yaml").read_text("utf-8"))
    for key, pair in labels.items():
        yield f"ui.yaml:{key}", pair["ar"]


# -----------------------------------------------------------------------------
# Sources
# -----------------------------------------------------------------------------


def test_the_mirror_list_holds_the_aggregators_the_fact_checker_found(site_data):
    mirrors = site_data.site.mirror_domains
    for domain in ("dnyuz.com", "hathalyoum.net", "telegraph247.com", "infobalkans.com"):
        assert domain in mirrors
    assert "monroehelpcpc.net" in mirrors


def test_no_source_links_to_a_mirror_or_over_plain_http(site_data):
    mirrors = site_data.site.mirror_domains
    bad = [
        (s.id, s.url)
        for s in site_data.sources
        if s.url and (on_mirror(s.url, mirrors) or urlsplit(s.url).scheme != "https")
    ]
    assert bad == []


def test_no_hand_written_page_links_to_a_mirror_or_over_plain_http(site_data):
    mirrors = site_data.site.mirror_domains
    bad = []
    for folder in DOCS:
        for page in sorted(folder.glob("*.md")):
            for url in markdown_links(page.read_text("utf-8")):
                if on_mirror(url, mirrors) or url.startswith("http://"):
                    bad.append((page.name, url))
    assert bad == []


def test_no_publisher_is_labelled_as_a_copy(site_data):
    # "CNN (via DNYUZ)", "Al-Monitor (mirrored copy)": a copy is not cited as the source.
    labels = [s.publisher for s in site_data.sources if re.search(r"\bvia\b|mirror", s.publisher)]
    assert labels == []


def test_the_fall_and_the_signature_are_cited_to_reports_of_them(site_data):
    events = {event.id: event for event in site_data.events}
    fall = events["assad-regime-falls"]
    first = site_data.source(fall.sources[0])
    assert first.published == "2024-12-08" and "damascus" in first.title.lower()
    signature = events["caesar-act-repealed"]
    titles = [site_data.source(s).title.lower() for s in signature.sources]
    assert any("signs" in title for title in titles), titles
    # The Senate-vote report may stay for what it says, but not alone.
    assert signature.sources[0] != "arabamerican-ndaa-2026"


def test_check_warns_about_http_and_mirror_addresses_at_their_line(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(PROJECT_ROOT / "data", data)
    sources = data / "sources.yaml"
    text = sources.read_text("utf-8")
    text += (
        "  - id: review-http-copy\n"
        '    title: "A report"\n'
        '    publisher: "Example"\n'
        '    url: "http://www.example.org/report"\n'
        "    language: en\n"
        "  - id: review-mirror-copy\n"
        '    title: "Another report"\n'
        '    publisher: "Example"\n'
        '    url: "https://english.hathalyoum.net/articles/1-a-report"\n'
        "    language: en\n"
    )
    sources.write_text(text, "utf-8")
    lines = text.splitlines()
    http_line = lines.index('    url: "http://www.example.org/report"') + 1
    mirror_line = lines.index('    url: "https://english.hathalyoum.net/articles/1-a-report"') + 1
    result = subprocess.run(
        [sys.executable, "-m", "explainer", "check", "--data", str(data)],
        capture_output=True,
        text=True,
        cwd=PROJECT_ROOT,
        check=False,
    )
    assert result.returncode == 0, result.stderr  # warnings, not errors
    assert "Data OK" in result.stdout
    index = len(re.findall(r"^  - id: ", text, re.M))
    assert (
        f"data/sources.yaml:{http_line}:5: sources[{index - 2}].url: warning: the address"
        " uses http://" in result.stderr
    ), result.stderr
    assert (
        f"data/sources.yaml:{mirror_line}:5: sources[{index - 1}].url: warning:"
        " english.hathalyoum.net is listed as a mirror" in result.stderr
    ), result.stderr
    assert result.stderr.count("warning:") == 2
    # In a pull request the same warnings become annotations on their lines.
    github = subprocess.run(
        [sys.executable, "-m", "explainer", "check", "--data", str(data), "--format", "github"],
        capture_output=True,
        text=True,
        cwd=PROJECT_ROOT,
        check=False,
    )
    assert github.returncode == 0
    annotations = [line for line in github.stdout.splitlines() if line.startswith("::")]
    assert [line.split(" ", 1)[0] for line in annotations] == ["::warning", "::warning"]
    assert f"file=data/sources.yaml,line={http_line}," in annotations[0]


def test_check_prints_no_warning_for_the_shipped_data():
    result = subprocess.run(
        [sys.executable, "-m", "explainer", "check"],
        capture_output=True,
        text=True,
        cwd=PROJECT_ROOT,
        check=False,
    )
    assert result.returncode == 0 and "warning" not in result.stderr, result.stderr


# -----------------------------------------------------------------------------
# Citations on the home page
# -----------------------------------------------------------------------------


def test_the_home_lede_cites_a_small_set_that_supports_it(site_data, built_site):
    for prefix in ("", "en/"):
        soup = built_site.page(prefix)
        lede = soup.select_one(".ex-lede")
        markers = lede.select(".ex-cite a")
        assert 1 <= len(markers) <= 5, len(markers)
    # Nothing on the size of the trade, later legislation or sanctions relief.
    unrelated = {"worldbank-sem-2024", "mondaq-eo-tracker", "policybrief-hr7180"}
    assert not unrelated & set(site_data.strategy.sources)


def test_the_status_box_and_the_facts_carry_citations(site_data, built_site):
    for prefix in ("", "en/"):
        soup = built_site.page(prefix)
        status = soup.select_one(".ex-status")
        # One marker group per sentence, each citing what that sentence says.
        groups = status.select(".ex-cite")
        assert len(groups) == len(site_data.strategy.status), f"/{prefix}"
        for group, sentence in zip(groups, site_data.strategy.status, strict=True):
            cited = {a["href"].lstrip("#") for a in group.select("a")}
            assert cited == set(sentence.sources)
        facts = soup.select_one(".ex-facts")
        assert len(facts.select(".ex-cite")) >= 2
        # Every marker leads to an entry in the page's source list.
        ids = {li.get("id") for li in soup.select("li.ex-source")}
        targets = {a["href"].lstrip("#") for a in soup.select(".ex-cite a")}
        assert targets <= ids


def test_the_home_page_lists_only_agencies_the_law_names_as_participants(site_data):
    standing = {agency.id: agency.standing for agency in site_data.agencies}
    assert [a for a in site_data.strategy.participating_agencies if standing[a] != "statute"] == []


def test_the_released_card_does_not_repeat_the_date_or_its_label(site_data):
    note = site_data.strategy.released_note
    assert "Released" not in note.en and "late June 2023" not in note.en
    assert "أواخر يونيو/حزيران 2023" not in note.ar


# -----------------------------------------------------------------------------
# Current to the review date
# -----------------------------------------------------------------------------


def test_last_reviewed_is_the_review_date(site_data):
    assert site_data.site.last_reviewed == REVIEW_DATE


def test_the_updates_page_records_the_review(built_site):
    for prefix, words in (("", "4 ديسمبر/كانون الأول 2026"), ("en/", "4 December 2026")):
        soup = built_site.page(prefix + "updates/")
        entries = [li.get_text(" ", strip=True) for li in soup.select(".ex-update-list li")]
        review = [entry for entry in entries if words in entry]
        assert len(review) >= 4, entries
        assert soup.select(f'.ex-update-list time[datetime="{REVIEW_DATE}"]')


def test_the_status_says_what_is_unknown_and_as_of_when(site_data):
    sentences = site_data.strategy.status
    status = SimpleNamespace(
        en=" ".join(sentence.text.en for sentence in sentences),
        ar=" ".join(sentence.text.ar for sentence in sentences),
    )
    assert all(sentence.sources for sentence in sentences)
    assert "1 June 2026" in status.en and "4 December 2026" in status.en
    assert "H.R. 7180" in status.en and "no further action" in status.en
    assert "4 ديسمبر/كانون الأول 2026" in status.ar and "H.R. 7180" in status.ar


def test_the_strategy_page_dates_its_last_review(site_data):
    for folder, words in zip(DOCS, ("4 ديسمبر/كانون الأول 2026", "4 December 2026"), strict=True):
        text = (folder / "strategy.md").read_text("utf-8")
        assert words in text
        assert "29 نوفمبر" not in text and "29 November" not in text


# -----------------------------------------------------------------------------
# Wording
# -----------------------------------------------------------------------------


def test_no_listed_calque_or_reference_to_an_unseen_article_remains(site_data):
    found = [
        (where, phrase)
        for where, text in arabic_texts(site_data)
        for phrase in BANNED_ARABIC
        if phrase in text
    ]
    for folder in DOCS:
        for page in sorted(folder.glob("*.md")):
            text = page.read_text("utf-8")
            found += [(page.name, p) for p in BANNED_ARABIC + BANNED_ENGLISH if p in text]
    assert found == []


def test_no_hedge_sits_in_the_middle_of_an_arabic_clause(site_data):
    found = [where for where, text in arabic_texts(site_data) if MID_CLAUSE_HEDGE.search(text)]
    found += [
        page.name
        for page in sorted(DOCS[0].glob("*.md"))
        if MID_CLAUSE_HEDGE.search(page.read_text("utf-8"))
    ]
    assert found == []
    assert MID_CLAUSE_HEDGE.search("وألغى القانون، بحسب ما نُشر، قانونَ قيصر")


def test_no_overstatement_the_fact_checker_listed_remains(site_data):
    dod = next(agency for agency in site_data.agencies if agency.id == "dod")
    assert "Washington" in dod.role.en and "واشنطن" in dod.role.ar
    english = " ".join(
        claim.text.en
        for pillar in site_data.pillars
        for section in pillar.sections
        for claim in section.claims
    )
    for phrase in BANNED_ENGLISH:
        assert phrase not in english


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_site_discloses_that_arabic_agency_names_are_its_own(language):
    about = (PROJECT_ROOT / "docs" / language / "about.md").read_text("utf-8")
    words = {"ar": "من صياغته", "en": "its own renderings"}[language]
    assert words in about
    import yaml

    labels = yaml.safe_load((PROJECT_ROOT / "locales" / "ui.yaml").read_text("utf-8"))
    intro = labels["agencies.intro"][language]
    assert {"ar": "من صياغة هذا الموقع", "en": "this site's renderings"}[language] in intro


def test_every_agency_has_an_arabic_name_in_arabic_letters(site_data):
    # Chips show the short name in the page's language (the full name where it is missing).
    for agency in site_data.agencies:
        for name in (agency.name.ar, agency.short_name.ar):
            assert re.search(r"[\u0621-\u064A]", name), agency.id
            assert not re.search(r"[A-Za-z]", name), agency.id
        assert len(agency.short_name.ar) <= len(agency.name.ar)
