"""The core reads as its pipeline: support, then data, then render, then outputs, then the
project (explainer/site.py, cli.py). A module imports only from its own stage or the ones
before it, so a stage can be read, tested and replaced without those after it."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "explainer"
ORDER = ["support", "data", "render", "outputs"]
"""Stages in pipeline order; modules at the package's top level come after all of them."""


def stage_of(module: str) -> int:
    """'explainer.render.text' -> 2; a top-level module ('explainer.site') -> len(ORDER)."""
    parts = module.split(".")
    return ORDER.index(parts[1]) if len(parts) > 2 and parts[1] in ORDER else len(ORDER)


def imported_modules(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("explainer"):
            found.extend(
                [f"{node.module}.{alias.name}" for alias in node.names]
                if node.module in {"explainer", *(f"explainer.{s}" for s in ORDER)}
                else [node.module]
            )
        elif isinstance(node, ast.Import):
            found.extend(a.name for a in node.names if a.name.startswith("explainer"))
    return found


def test_every_stage_is_a_folder_and_holds_modules():
    for stage in ORDER:
        assert len(list((PACKAGE / stage).glob("*.py"))) >= 2, stage


def test_imports_only_go_down_the_pipeline():
    upward = []
    for path in sorted(PACKAGE.rglob("*.py")):
        module = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        for imported in imported_modules(path):
            if stage_of(imported) > stage_of(module):
                upward.append(f"{module} imports {imported}")
    assert upward == []


def test_the_core_never_imports_mkdocs():
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = (
                [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else []
            )
            assert not any(
                n.split(".")[0] in {"mkdocs", "material", "mkdocs_static_i18n"} for n in names
            ), path
