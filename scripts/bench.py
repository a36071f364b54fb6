"""Build benchmark: the real build at 1x, 10x and 100x the shipped data, against plain MkDocs.

For each scale it generates valid synthetic data of the same shape (every pillar, event,
agency and source copied with new ids, references kept inside each copy), builds it with
the project's own build (scripts/build_site.py), and prints the build's wall and CPU time,
pages per CPU second and peak memory. It then builds the same pages without our hooks: the
Markdown our hooks generate for every page, written out as hand-written files beside the
hand-written pages, with the same mkdocs.yml minus the hooks and theme overrides and with
Material's search plugin on ("plain": our build's ratio to it is the overhead of our hooks),
and once more with every page in the nav and no navigation.prune ("stock": what a nav that
grows with the data costs). Our first build starts without a .cache; the project is then
built again unchanged ("again", as after a change to code or docs) and after one event's
text changed ("edit"), as an editor's next build or a CI run that restores .cache would
be. Finally it times `make check`.

With --mechanisms it measures instead what each speed mechanism gains (explainer/support/speed.py):
first builds with all of them on, and with each one off in turn (EXPLAINER_DISABLE), one
after the other so that a change in the machine's load touches both, and prints each
mechanism's gain in wall and CPU time (1 - on/off, the median of the pairs of runs).

Usage: python scripts/bench.py [--scales 1 10 100] [--stock-scales 1 10] [--keep DIR]
       python scripts/bench.py --mechanisms [--scales 1 10] [--runs 2]
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

from material import __file__ as material_init  # noqa: E402

from explainer.address import site_url  # noqa: E402
from explainer.data.loader import read_yaml  # noqa: E402
from explainer.site import load_project  # noqa: E402
from explainer.support.speed import DISABLE, MECHANISMS  # noqa: E402

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


def with_one_edit(data: dict[str, object]) -> dict[str, object]:
    """The data with one more sentence in the first event, in both languages: what an
    editor's change costs a build that finds the previous build's .cache."""
    edited = copy.deepcopy(data)
    description = edited["timeline.yaml"]["events"][0]["description"]
    description["ar"] += " عُدّل هذا النص."
    description["en"] += " This text was edited."
    return edited


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
# Plain MkDocs projects with the same pages
# -----------------------------------------------------------------------------


def plain_project(destination: Path, project: Path, stock: bool) -> Path:
    """The very pages our build makes, as hand-written Markdown, built without our hooks.

    Each generated page is written as the Markdown our hooks produce for it (the whole of
    it, HTML blocks included, as someone writing the page by hand would) beside the
    hand-written pages and assets of docs/. The configuration is mkdocs.yml itself
    (`INHERIT`), so the theme, its features and the Markdown extensions are the same; only
    what needs our hooks goes: the hooks, the theme overrides (their templates read values
    the hooks provide) and the data-driven nav labels, which are written out per language.
    Material's own `search` plugin is on, as on any plain Material site; in our build the
    Pagefind index replaces it. `stock`: every page in the nav and no `navigation.prune`.
    """
    config = read_config(project)
    site = load_project(project, icons_dir(), site_url(project / "mkdocs.yml"))
    shutil.copytree(project / "docs", destination / "docs")
    for src_uri in site.generated_src_uris():
        target = destination / "docs" / src_uri
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(site.render(src_uri), encoding="utf-8")
    shutil.copy2(project / "mkdocs.yml", destination / "base.yml")
    (destination / "empty-overrides").mkdir()
    template = config.get("nav")
    i18n = config_i18n(config)
    i18n = {**i18n, "reconfigure_search": True, "languages": copy.deepcopy(i18n["languages"])}
    child: dict[str, object] = {
        "INHERIT": "base.yml",
        "hooks": [],
        "watch": [],
        "theme": {"custom_dir": "empty-overrides"},
        "plugins": ["search", {"i18n": i18n}],
    }
    if stock:
        features = config["theme"].get("features", [])
        child["theme"]["features"] = [f for f in features if f != "navigation.prune"]
        child["not_in_nav"] = ""
        child["nav"] = None
    else:
        default = next(lang["locale"] for lang in i18n["languages"] if lang.get("default"))
        child["nav"] = site.localized_nav(template, default)
        for language in i18n["languages"]:
            if language["locale"] != default:
                language["nav"] = site.localized_nav(template, language["locale"])
    (destination / "mkdocs.yml").write_text(yaml.safe_dump(child, allow_unicode=True), "utf-8")
    return destination


def icons_dir() -> Path:
    """Material's icons, as the hook finds them in the theme (pillar icons are inlined)."""
    return Path(material_init).parent / "templates" / ".icons"


def read_config(project: Path) -> dict:
    return yaml.load((project / "mkdocs.yml").read_text("utf-8"), Loader=_Loader)


def config_i18n(config: dict) -> dict:
    for plugin in config["plugins"]:
        if isinstance(plugin, dict) and "i18n" in plugin:
            return plugin["i18n"]
    raise SystemExit("mkdocs.yml has no i18n plugin")


class _Loader(yaml.SafeLoader):
    """Reads mkdocs.yml's !!python tags as plain values; INHERIT gives MkDocs the real ones."""


_Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)
_Loader.add_multi_constructor("!", lambda loader, suffix, node: None)


# -----------------------------------------------------------------------------
# Measuring
# -----------------------------------------------------------------------------


def measure_in_fresh_process(
    command: list[str], cwd: Path, environment: dict[str, str] = ENVIRONMENT
) -> tuple[float, float, int]:
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
        env=environment,
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


def first_build(project: Path, disabled: str) -> tuple[float, float]:
    """Wall and CPU time of a build without .cache, the given mechanisms off."""
    for folder in ("site", ".cache"):
        shutil.rmtree(project / folder, ignore_errors=True)
    build = [sys.executable, "scripts/build_site.py", "--site-dir", "site"]
    wall, cpu, _ = measure_in_fresh_process(build, project, {**ENVIRONMENT, DISABLE: disabled})
    return wall, cpu


def median(values: list[float]) -> float:
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def mechanisms(scales: list[int], runs: int, workspace: Path) -> None:
    """Each mechanism off in turn against all on: on, off 1, on, off 2, ..., on, each off
    build compared with the mean of the on builds before and after it."""
    raw = raw_data(PROJECT_ROOT / "data")
    print(
        f"{'data':>5} {'mechanism':<12} {'on wall s':>9} {'off wall s':>10} {'wall gain':>9}"
        f" {'on CPU s':>8} {'off CPU s':>9} {'CPU gain':>8}"
    )
    for scale in scales:
        project = project_copy(workspace / f"x{scale}", scaled_data(raw, scale))
        pairs: dict[str, list[tuple[float, float, float, float]]] = {m: [] for m in MECHANISMS}
        for _ in range(runs):
            before = first_build(project, "")
            for mechanism in MECHANISMS:
                off = first_build(project, mechanism)
                after = first_build(project, "")
                on = ((before[0] + after[0]) / 2, (before[1] + after[1]) / 2)
                pairs[mechanism].append((on[0], off[0], on[1], off[1]))
                before = after
        for mechanism, runs_of_it in pairs.items():
            on_wall, off_wall, on_cpu, off_cpu = (
                median([run[index] for run in runs_of_it]) for index in range(4)
            )
            wall_gain = median([1 - run[0] / run[1] for run in runs_of_it])
            cpu_gain = median([1 - run[2] / run[3] for run in runs_of_it])
            print(
                f"{scale:>4}x {mechanism:<12} {on_wall:>9.1f} {off_wall:>10.1f}"
                f" {wall_gain:>9.0%} {on_cpu:>8.1f} {off_cpu:>9.1f} {cpu_gain:>8.0%}",
                flush=True,
            )
        shutil.rmtree(project)
    print(
        "First builds (no .cache). gain: 1 - on/off, the median over the runs of each off"
        " build against the mean of the all-on builds just before and after it; negative:"
        " the build is faster without the mechanism. "
        + "; ".join(f"{name}: {what}" for name, what in MECHANISMS.items())
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", type=int, nargs="+")
    parser.add_argument(
        "--mechanisms", action="store_true", help="the gain of each speed mechanism instead"
    )
    parser.add_argument("--runs", type=int, default=2, help="with --mechanisms: runs of each")
    parser.add_argument(
        "--stock-scales", type=int, nargs="*", help="scales with a stock build (default: all)"
    )
    parser.add_argument("--keep", type=Path, help="keep the generated projects here")
    arguments = parser.parse_args(argv)
    workspace = Path(tempfile.mkdtemp(prefix="explainer-bench-"))
    if arguments.mechanisms:
        try:
            mechanisms(arguments.scales or [1, 10], arguments.runs, workspace)
        finally:
            shutil.rmtree(workspace, ignore_errors=True)
        return 0
    arguments.scales = arguments.scales or [1, 10, 100]
    stock_scales = arguments.scales if arguments.stock_scales is None else arguments.stock_scales

    raw = raw_data(PROJECT_ROOT / "data")
    print(
        f"{'data':>5} {'pages':>6} {'wall s':>7} {'CPU s':>6} {'pages/s':>8} {'peak MB':>8}"
        f" {'HTML MB':>8} {'plain wall s':>12} {'plain CPU s':>12} {'CPU ratio':>9}"
        f" {'wall ratio':>10} {'stock CPU s':>12} {'stock HTML MB':>14} {'again wall s':>11}"
        f" {'edit wall s':>10} {'edit CPU s':>9}"
    )
    mkdocs = [sys.executable, "-m", "mkdocs", "build", "--quiet", "--site-dir", "site"]
    try:
        for scale in arguments.scales:
            data = scaled_data(raw, scale)
            project = project_copy(workspace / f"x{scale}", data)
            build = [sys.executable, "scripts/build_site.py", "--site-dir", "site"]
            elapsed, cpu, peak = measure_in_fresh_process(build, project)
            pages, html = count_pages(project / "site"), html_megabytes(project / "site")
            plain = plain_project(workspace / f"plain-x{scale}", project, stock=False)
            plain_wall, plain_cpu, _ = measure_in_fresh_process(mkdocs, plain)
            stock_cpu, stock_html = float("nan"), float("nan")
            if scale in stock_scales:
                stock = plain_project(workspace / f"stock-x{scale}", project, stock=True)
                stock_cpu = measure_in_fresh_process(mkdocs, stock)[1]
                stock_html = html_megabytes(stock / "site")
            again_wall = measure_in_fresh_process(build, project)[0]
            write_data(with_one_edit(data), project / "data")
            rebuild_wall, rebuild_cpu, _ = measure_in_fresh_process(build, project)
            print(
                f"{scale:>4}x {pages:>6} {elapsed:>7.1f} {cpu:>6.1f} {pages / cpu:>8.1f} {peak:>8}"
                f" {html:>8.1f} {plain_wall:>12.1f}"
                f" {plain_cpu:>12.1f} {cpu / plain_cpu:>9.2f} {elapsed / plain_wall:>10.2f}"
                f" {stock_cpu:>12.1f} {stock_html:>14.1f} {again_wall:>11.1f}"
                f" {rebuild_wall:>10.1f} {rebuild_cpu:>9.1f}",
                flush=True,
            )
            if not arguments.keep:
                for folder in workspace.iterdir():
                    shutil.rmtree(folder)
        check_wall, check_cpu, _ = measure_in_fresh_process(
            ["make", "--silent", "check"], PROJECT_ROOT
        )
        print(f"make check (shipped data): {check_wall:.2f} s wall, {check_cpu:.2f} s CPU")
        print(
            "pages: both languages; pages/s: per CPU second; CPU includes every process the"
            " build starts (share cards, Pagefind). plain: the same pages as hand-written"
            " Markdown (what our hooks generate), the same mkdocs.yml without hooks and theme"
            " overrides, with Material's search plugin (our Pagefind index replaces it);"
            " ratios: ours / plain. stock: the same, with every page in the nav and no"
            " navigation.prune. again: the build again with what the first one kept in .cache"
            " (share cards, compiled templates, each page's search text, each language's"
            " search index), as after a change to code or docs; edit: then after one event's"
            " text changed. wall and CPU above are those of a first build, with no .cache."
        )
    finally:
        if arguments.keep:
            shutil.copytree(workspace, arguments.keep, dirs_exist_ok=True)
        shutil.rmtree(workspace, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
