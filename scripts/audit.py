"""`make audit`: Lighthouse on every page type in both languages, against Debian's Chromium.

Serves the built site/ locally (under the sub-path of site_url, gzipped, like a static
host: scripts/static_server.py) and runs the pinned Lighthouse (package.json) with its
default mobile profile (a mid-range phone on a throttled connection). Prints the
Performance, Accessibility, Best Practices and SEO scores and the bytes transferred for
each page type (audited_pages). Targets: Performance >= 95, the others 100. A report, not a
gate: it exits 0 unless Lighthouse itself cannot run.

Lighthouse's mobile profile multiplies the main-thread time it observes by four, so a busy
machine lowers Performance by several points from one run to the next: `--runs 3` (make audit
RUNS=3) audits each page three times and prints the median run's figures.

Usage: python scripts/audit.py [--site-dir site] [--desktop] [--runs N]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from explainer.address import site_url  # noqa: E402
from explainer.data.dataset import load_site_data  # noqa: E402
from explainer.render.pages import event_kinds  # noqa: E402
from scripts.static_server import serve  # noqa: E402
from tests.browser.helpers import CHROMIUM_ARGS, LANGUAGE_ROOTS, page_types  # noqa: E402

LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CHROME = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
CHROME_FLAGS = " ".join(["--headless=new", "--disable-dev-shm-usage", *CHROMIUM_ARGS])
"""The browser tests' Chromium settings, headless, as one string for Lighthouse."""
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
TARGETS = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}
METRICS = {
    "fcp": "first-contentful-paint",
    "lcp": "largest-contentful-paint",
    "tbt": "total-blocking-time",
    "cls": "cumulative-layout-shift",
}
"""The measurements behind the Performance score, printed so a low score says why."""


def audited_pages(site_data) -> dict[str, str]:
    """Every page type: the browser tests' set, without the search page (a form and a
    script), and the pages they reach in other ways (a pillar's side-by-side page, a
    timeline filtered by kind, the updates, the hand-written strategy page and the 404)."""
    pages = {kind: path for kind, path in page_types(site_data).items() if kind != "search"}
    pages["compare"] = f"pillars/{site_data.pillars[0].id}/compare/"
    pages["timeline kind"] = f"timeline/kind/{event_kinds(site_data)[0]}/"
    pages["updates"] = "updates/"
    pages["strategy"] = "strategy/"
    pages["404"] = "404.html"  # as a file: Lighthouse will not audit a 404 status
    return pages


def site_prefix() -> str:
    return urlsplit(site_url(ROOT / "mkdocs.yml")).path


def run_lighthouse(url: str, desktop: bool) -> dict:
    with tempfile.TemporaryDirectory(prefix="lighthouse-") as folder:
        report = Path(folder) / "report.json"
        command = [
            str(LIGHTHOUSE),
            url,
            "--quiet",
            "--output=json",
            f"--output-path={report}",
            f"--only-categories={','.join(CATEGORIES)}",
            f"--chrome-flags={CHROME_FLAGS}",
        ]
        if desktop:
            command.append("--preset=desktop")
        environment = {**os.environ, "CHROME_PATH": CHROME}
        completed = subprocess.run(command, env=environment, capture_output=True, text=True)
        if completed.returncode != 0 or not report.is_file():
            raise RuntimeError(f"Lighthouse failed on {url}:\n{completed.stderr[-2000:]}")
        return json.loads(report.read_text(encoding="utf-8"))


def summary(report: dict) -> dict[str, float]:
    scores = {name: round(report["categories"][name]["score"] * 100) for name in CATEGORIES}
    scores["kb"] = report["audits"]["total-byte-weight"]["numericValue"] / 1024
    for metric, audit in METRICS.items():
        scores[metric] = report["audits"][audit]["numericValue"]
    return scores


def median_run(reports: list[dict]) -> dict:
    """The run with the median Performance score (its other figures belong to that run)."""
    ranked = sorted(reports, key=lambda report: report["categories"]["performance"]["score"])
    return ranked[(len(ranked) - 1) // 2]


def failed_audits(report: dict) -> list[str]:
    """Titles of the audits that cost points outside Performance, to say what to fix."""
    found = []
    for name in CATEGORIES[1:]:
        for ref in report["categories"][name]["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref["weight"] and audit["score"] is not None and audit["score"] < 1:
                found.append(f"{name}: {audit['id']}")
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site-dir", type=Path, default=ROOT / "site")
    parser.add_argument("--desktop", action="store_true", help="desktop preset, not mobile")
    parser.add_argument("--runs", type=int, default=1, help="runs per page; the median is shown")
    arguments = parser.parse_args(argv)
    if not LIGHTHOUSE.is_file():
        print("Lighthouse is missing: run 'npm ci' first.", file=sys.stderr)
        return 1
    header = (
        f"{'page':22} {'perf':>5} {'a11y':>5} {'best':>5} {'seo':>5} {'KB':>7}"
        f" {'FCP ms':>7} {'LCP ms':>7} {'TBT ms':>7} {'CLS':>5}"
    )
    print(header)
    print("-" * len(header))
    below = []
    with serve(arguments.site_dir.resolve(), site_prefix()) as base_url:
        for language, language_root in LANGUAGE_ROOTS.items():
            for kind, path in audited_pages(load_site_data(ROOT / "data")).items():
                url = base_url + language_root + path
                runs = [run_lighthouse(url, arguments.desktop) for _ in range(arguments.runs)]
                report = median_run(runs)
                scores = summary(report)
                name = f"{kind} ({language})"
                spread = ""
                if arguments.runs > 1:
                    performances = [summary(run)["performance"] for run in runs]
                    spread = f"  runs {min(performances)}-{max(performances)}"
                print(
                    f"{name:22} {scores['performance']:5} {scores['accessibility']:5} "
                    f"{scores['best-practices']:5} {scores['seo']:5} {scores['kb']:7.1f}"
                    f" {scores['fcp']:7.0f} {scores['lcp']:7.0f} {scores['tbt']:7.0f}"
                    f" {scores['cls']:5.2f}{spread}",
                    flush=True,
                )
                misses = [c for c in CATEGORIES if scores[c] < TARGETS[c]]
                if misses:
                    below.append(f"{name}: {', '.join(misses)}; {failed_audits(report)}")
    print()
    if below:
        print("Below target (Performance 95, others 100):")
        print("\n".join(f"  {line}" for line in below))
    else:
        print("Every page meets the targets (Performance 95, others 100).")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
