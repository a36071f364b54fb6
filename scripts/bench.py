"""Build benchmark: the real build at 1x, 10x and 100x the shipped data, against plain MkDocs.

For each scale it generates valid synthetic data of the same shape (every pillar, event,
agency and source copied with new ids, references kept inside each copy), builds it with
the project's own build (scripts/build_site.py), and prints the build time, pages per
second and peak memory. It then builds a plain MkDocs + Material + static-i18n project with
the same number of hand-written Markdown pages, the same theme settings and no hooks, twice:
with the same nav shape as ours ("plain": the hooks' overhead is the ratio to it) and with
every page in the nav ("stock": what a nav that grows with the data costs). Finally it times
`make check`.

Usage: python scripts/bench.py [--scales 1 10 100] [--keep DIR]
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT))

from explainer.loader import read_yaml  # noqa: E402

SCALED = {
    "pillars.yaml": "pillars",
    "timeline.yaml": "events",
    "agencies.yaml": "agencies",
    "sources.yaml": "sources",
}
"""The lists that grow with the scale; everything else (strategy, glossary) stays as shipped."""
REFERENCE_KEYS = {"id", "sources", "agencies", "pillars", "parent"}
"""Keys whose values are ids, renamed in each copy so that the copy refers to itself."""
SKIPPED = {".git", ".venv", "site", "node_modules", "tests", "test-artifacts", ".cache"}
ENVIRONMENT = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


# -----------------------------------------------------------------------------
# Synthetic data
# -----------------------------------------------------------------------------


def raw_data(data_dir: Path) -> dict[str, object]:
    values = {}
    for path in sorted(data_dir.glob("*.yaml")):
        loaded, problems = read_yaml(path, f"data/{path.name}")
        if loaded is None or problems:
            raise SystemExit(f"the shipped data must be valid: {problems}")
        values[path.name] = loaded.value
    return values


def defined_ids(raw: dict[str, object]) -> set[str]:
    ids: set[str] = set()

    def walk(value: object) -> None:
        if isinstance(value, dict):
            if isinstance(value.get("id"), str):
                ids.add(value["id"])
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    for file_name in SCALED:
        walk(raw[file_name])
    return ids


def renamed(value: object, ids: set[str], suffix: str, key: str = "") -> object:
    """A copy of a record whose own ids and references to scaled ids carry `suffix`."""
    if isinstance(value, dict):
        return {k: renamed(v, ids, suffix, k) for k, v in value.items()}
    if isinstance(value, list):
        return [renamed(item, ids, suffix, key) for item in value]
    if key in REFERENCE_KEYS and isinstance(value, str) and value in ids:
        return f"{value}-{suffix}"
    return value


def scaled_data(raw: dict[str, object], scale: int) -> dict[str, object]:
    ids = defined_ids(raw)
    result = copy.deepcopy(raw)
    for file_name, list_key in SCALED.items():
        records = raw[file_name][list_key]
        grown = list(copy.deepcopy(records))
        for number in range(1, scale):
            grown += [renamed(record, ids, f"x{number}") for record in records]
        result[file_name][list_key] = grown
    for number, pillar in enumerate(result["pillars.yaml"]["pillars"], start=1):
        pillar["number"] = number
    return result


def write_data(raw: dict[str, object], data_dir: Path) -> None:
    data_dir.mkdir(parents=True, exist_ok=True)
    for name, value in raw.items():
        text = yaml.dump(value, Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False)
        (data_dir / name).write_text(text, encoding="utf-8")


def project_copy(destination: Path, data: dict[str, object]) -> Path:
    for entry in PROJECT_ROOT.iterdir():
        if entry.name in SKIPPED or entry.name.startswith((".site", ".pytest", ".ruff")):
            continue
        if entry.is_dir():
            shutil.copytree(
                entry, destination / entry.name, ignore=shutil.ignore_patterns("__pycache__")
            )
        else:
            shutil.copy2(entry, destination / entry.name)
    shutil.rmtree(destination / "data")
    write_data(data, destination / "data")
    return destination


# -----------------------------------------------------------------------------
# Plain MkDocs projects of the same size
# -----------------------------------------------------------------------------

PLAIN_PAGE = """# {title}

{paragraph}

## Section one

{paragraph}

- {sentence}
- {sentence}
- {sentence}

## Section two

{paragraph}

| Date | Event |
| --- | --- |
| 2023-06-29 | {sentence} |
"""
SENTENCE = "The strategy names the agencies that counter the trade and the tools each one uses."


def plain_project(destination: Path, pages_per_language: int, nav_pages: int, stock: bool) -> Path:
    """Hand-written pages in docs/ar and docs/en, the site's theme settings, no hooks."""
    config = yaml.load((PROJECT_ROOT / "mkdocs.yml").read_text("utf-8"), Loader=_Loader)
    config.pop("hooks", None)
    config.pop("watch", None)
    config.pop("not_in_nav", None)
    config["theme"].pop("custom_dir", None)
    config["theme"].pop("logo", None)
    config["theme"].pop("favicon", None)
    config["extra_css"] = []
    config["markdown_extensions"] = ["attr_list", "md_in_html", "footnotes", "tables", "toc"]
    config["plugins"] = [{"i18n": config_i18n(config)}]
    names = ["index.md"] + [f"page-{number}.md" for number in range(1, pages_per_language)]
    if stock:
        config.pop("nav", None)  # every page in the nav, as a stock project has it
        config["theme"]["features"] = [
            f for f in config["theme"]["features"] if f != "navigation.prune"
        ]
    else:
        config["nav"] = names[:nav_pages]
        config["not_in_nav"] = "\n".join(f"/*/{name}" for name in names[nav_pages:])
    for language in ("ar", "en"):
        folder = destination / "docs" / language
        folder.mkdir(parents=True, exist_ok=True)
        for number, name in enumerate(names):
            (folder / name).write_text(
                PLAIN_PAGE.format(
                    title=f"Page {number}", paragraph=" ".join([SENTENCE] * 5), sentence=SENTENCE
                ),
                encoding="utf-8",
            )
    (destination / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), "utf-8")
    return destination


def config_i18n(config: dict) -> dict:
    for plugin in config["plugins"]:
        if isinstance(plugin, dict) and "i18n" in plugin:
            return plugin["i18n"]
    raise SystemExit("mkdocs.yml has no i18n plugin")


class _Loader(yaml.SafeLoader):
    """Reads mkdocs.yml's !!python tags as plain values; the plain project does not use them."""


_Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)
_Loader.add_multi_constructor("!", lambda loader, suffix, node: None)


# -----------------------------------------------------------------------------
# Measuring
# -----------------------------------------------------------------------------


def measure_in_fresh_process(command: list[str], cwd: Path) -> tuple[float, float, int]:
    """Wall time, CPU time (s) and peak memory (MB) of `command` and everything it starts.

    A new Python process runs it, so the peak (getrusage of the waited-for children) is
    this command's alone. CPU time does not grow when other work shares the machine.
    """
    probe = (
        "import json, resource, subprocess, sys, time\n"
        "start = time.perf_counter()\n"
        "code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode\n"
        "elapsed = time.perf_counter() - start\n"
        "usage = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
        "cpu = usage.ru_utime + usage.ru_stime\n"
        "print(json.dumps([elapsed, cpu, usage.ru_maxrss // 1024, code]))\n"
    )
    completed = subprocess.run(
        [sys.executable, "-c", probe, *command],
        cwd=cwd,
        env=ENVIRONMENT,
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed, cpu, peak, code = json.loads(completed.stdout.strip().splitlines()[-1])
    if code != 0:
        raise SystemExit(f"{' '.join(command)} failed in {cwd}:\n{completed.stderr[-3000:]}")
    return elapsed, cpu, peak


def count_pages(site: Path) -> int:
    return sum(1 for _ in site.rglob("index.html"))


def html_megabytes(site: Path) -> float:
    return sum(p.stat().st_size for p in site.rglob("*.html")) / 1e6


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 10, 100])
    parser.add_argument("--keep", type=Path, help="keep the generated projects here")
    arguments = parser.parse_args(argv)

    raw = raw_data(PROJECT_ROOT / "data")
    workspace = Path(tempfile.mkdtemp(prefix="explainer-bench-"))
    print(
        f"{'data':>5} {'pages':>6} {'wall s':>7} {'CPU s':>6} {'pages/s':>8} {'peak MB':>8}"
        f" {'HTML MB':>8} {'plain CPU s':>12} {'ratio':>6} {'stock CPU s':>12}"
        f" {'stock HTML MB':>14}"
    )
    try:
        for scale in arguments.scales:
            project = project_copy(workspace / f"x{scale}", scaled_data(raw, scale))
            build = [sys.executable, "scripts/build_site.py", "--site-dir", "site"]
            elapsed, cpu, peak = measure_in_fresh_process(build, project)
            pages = count_pages(project / "site")
            nav_pages = count_nav_pages(project / "site")
            plain_cpu, plain_html = {}, {}
            for stock in (False, True):
                plain = plain_project(
                    workspace / f"plain-x{scale}-{'stock' if stock else 'same-nav'}",
                    pages // 2,
                    nav_pages,
                    stock,
                )
                command = [sys.executable, "-m", "mkdocs", "build", "--quiet", "--site-dir", "site"]
                plain_cpu[stock] = measure_in_fresh_process(command, plain)[1]
                plain_html[stock] = html_megabytes(plain / "site")
                if not arguments.keep:
                    shutil.rmtree(plain)
            print(
                f"{scale:>4}x {pages:>6} {elapsed:>7.1f} {cpu:>6.1f} {pages / cpu:>8.1f} {peak:>8}"
                f" {html_megabytes(project / 'site'):>8.1f} {plain_cpu[False]:>12.1f}"
                f" {cpu / plain_cpu[False]:>6.2f} {plain_cpu[True]:>12.1f}"
                f" {plain_html[True]:>14.1f}",
                flush=True,
            )
            if not arguments.keep:
                shutil.rmtree(project)
        check_wall, check_cpu, _ = measure_in_fresh_process(
            ["make", "--silent", "check"], PROJECT_ROOT
        )
        print(f"make check (shipped data): {check_wall:.2f} s wall, {check_cpu:.2f} s CPU")
        print(
            "pages: both languages; pages/s: per CPU second; ratio: our CPU time / the plain"
            " build's with the same nav shape; stock: every page in the nav, no navigation.prune"
        )
    finally:
        if arguments.keep:
            shutil.copytree(workspace, arguments.keep, dirs_exist_ok=True)
        shutil.rmtree(workspace, ignore_errors=True)
    return 0


def count_nav_pages(site: Path) -> int:
    """Links in the primary nav of the English home page: the nav shape to reproduce."""
    html = (site / "en" / "index.html").read_text(encoding="utf-8")
    start = html.find('class="md-nav md-nav--primary"')
    return max(1, html.count('class="md-nav__link', start))


if __name__ == "__main__":
    raise SystemExit(main())
