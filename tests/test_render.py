"""Pure rendering helpers: dates, safe text, bidi isolation, glossary links."""

from __future__ import annotations

from pathlib import Path

from explainer.data.dataset import load_site_data
from explainer.data.partial_dates import chronological_key
from explainer.render.dates import format_partial_date
from explainer.render.glossary import link_terms, term_patterns
from explainer.render.pages import relative_url
from explainer.render.text import inline_markdown, isolate_latin

FIXTURE_DATA = Path(__file__).parent / "fixtures" / "data"


def test_dates_at_every_precision_in_both_languages():
    assert format_partial_date("2023-06-29", "en") == "29 June 2023"
    assert format_partial_date("2023-06", "en") == "June 2023"
    assert format_partial_date("2023", "en") == "2023"
    assert format_partial_date("2023-06-29", "ar") == "29 يونيو/حزيران 2023"
    assert format_partial_date("2024-12", "ar") == "ديسمبر/كانون الأول 2024"
    assert (
        format_partial_date("2023-06-29", "ar", numerals="eastern", arabic_months="levantine")
        == "٢٩ حزيران ٢٠٢٣"
    )


def test_a_partial_date_sorts_after_the_days_it_contains():
    dates = ["2025-01", "2024", "2024-12", "2024-12-31", "2024-12-08", "2024-11", "2024-01-01"]
    assert sorted(dates, key=chronological_key) == [
        "2024-01-01",
        "2024-11",
        "2024-12-08",
        "2024-12-31",
        "2024-12",  # some day in December: after every dated day of December
        "2024",  # some time in 2024: after all of it
        "2025-01",
    ]
    # The plain string order, which put "2024-12" before "2024-12-08", is what this replaces.
    assert sorted(["2024-12-08", "2024-12"]) == ["2024-12", "2024-12-08"]


def test_raw_html_is_escaped_and_unsafe_links_neutralised():
    html = str(
        inline_markdown(
            "<img src=x onerror=alert(1)> *a* [x](javascript:alert(1)) [y](https://e.org/?a=1&b=2)"
        )
    )
    assert "<img" not in html and "&lt;img" in html
    assert "<em>a</em>" in html
    assert 'href="#"' in html and "javascript:" not in html.replace("&lt;", "")
    assert 'href="https://e.org/?a=1&amp;b=2"' in html


def test_latin_runs_are_isolated_without_the_arabic_sentence_punctuation():
    html = str(isolate_latin("أدرج مكتب (OFAC)، في 2024. وقانون H.R. 815."))
    assert "<bdi>(OFAC)</bdi>،" in html
    assert "<bdi>2024</bdi>." in html
    assert "<bdi>H.R. 815</bdi>." in html


def test_relative_urls_between_pages():
    assert relative_url("pillars/alpha.md", "timeline/#law") == "../../timeline/#law"
    assert relative_url("index.md", "pillars/alpha/") == "pillars/alpha/"
    assert relative_url("pillars/index.md", "pillars/alpha/") == "alpha/"
    assert relative_url("pillars/alpha.md", "pillars/alpha/") == "./"


def test_glossary_links_first_use_only_and_never_in_headings_or_links():
    data = load_site_data(FIXTURE_DATA)
    patterns = term_patterns(data.terms, "ar")
    html = "<h2>القانون</h2><p>نص <a href='x'>القانون</a> ثم والقانون ثم القانون.</p>"
    linked = link_terms(html, patterns, lambda term_id: f"glossary/#{term_id}")
    assert linked == (
        "<h2>القانون</h2><p>نص <a href='x'>القانون</a> ثم "
        '<a class="ex-term-link" href="glossary/#term-act">والقانون</a> ثم القانون.</p>'
    )
    english = link_terms(
        "<p>An Act and an act.</p>", term_patterns(data.terms, "en"), lambda t: f"#{t}"
    )
    assert english == '<p>An <a class="ex-term-link" href="#term-act">Act</a> and an act.</p>'
