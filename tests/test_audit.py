"""scripts/audit.py's reading of Lighthouse reports (Lighthouse itself runs in `make audit`)."""

from __future__ import annotations

from scripts.audit import CATEGORIES, METRICS, median_run, summary


def lighthouse_report(performance: float, blocking_ms: float) -> dict:
    audits = {audit: {"numericValue": 100.0} for audit in METRICS.values()}
    audits["total-blocking-time"] = {"numericValue": blocking_ms}
    audits["total-byte-weight"] = {"numericValue": 2048.0}
    categories = {name: {"score": 1.0} for name in CATEGORIES}
    categories["performance"] = {"score": performance}
    return {"categories": categories, "audits": audits}


def test_summary_gives_scores_in_percent_kilobytes_and_the_metrics_behind_performance():
    scores = summary(lighthouse_report(0.934, blocking_ms=180))
    assert scores["performance"] == 93
    assert scores["seo"] == 100
    assert scores["kb"] == 2.0
    assert scores["tbt"] == 180


def test_median_run_is_the_middle_performance_with_its_own_figures():
    runs = [lighthouse_report(0.99, 20), lighthouse_report(0.80, 400), lighthouse_report(0.95, 90)]
    assert summary(median_run(runs))["tbt"] == 90
    assert summary(median_run(runs[:1]))["tbt"] == 20
