"""Translation tracking: missing translations (errors) and stale ones (warnings).

Every text the site shows in both languages is a *pair*: a YAML mapping with `ar` and `en`
texts in data/*.yaml and locales/ui.yaml, and each hand-written page docs/ar/<page>.md with
docs/en/<page>.md. The lock file data/translations.lock.yaml stores, for every pair, a short
hash of each side as it was when someone last reviewed the two together.

- missing: one side is absent or empty. An error: `make translations` exits non-zero.
- stale: exactly one side changed since the last review, so the other language may no
  longer say the same thing. A warning, until a translator checks the pair and runs
  `python -m explainer translations --accept`.
- Both sides changed: they were edited together, so nothing is flagged.

Pairs are named by id where the data has one (`timeline.yaml:events[captagon-act].title`),
so adding or reordering records does not make other pairs look changed.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from explainer.data.loader import LANGUAGE_NAMES, LoadedFile, Location, Problem, read_yaml
from explainer.data.model import FILE_MODELS, LANGUAGES

LOCK_FILE_NAME = "translations.lock.yaml"
LOCK_HEADER = """\
# Written by `python -m explainer translations --accept`; do not edit by hand.
# For each text shown in both languages: a short hash of the Arabic and of the English
# text as they were when both were last reviewed together (see EDITING.md, "Fix a
# translation"). `make translations` warns when only one side has changed since.
"""


@dataclass(frozen=True)
class Pair:
    """One text in both languages, and where an editor finds it."""

    key: str  # stable name used in the lock file
    file: str  # e.g. data/timeline.yaml
    line: int
    column: int
    path: str  # field path as in check's messages, e.g. events[3].title
    texts: dict[str, str | None]

    def hashes(self) -> dict[str, str]:
        return {language: fingerprint(self.texts.get(language) or "") for language in LANGUAGES}

    def place(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}" if self.line else self.file
        return f"{where}: {self.path}" if self.path else where


@dataclass
class TranslationReport:
    pairs: list[Pair]
    missing: list[tuple[Pair, str]] = field(default_factory=list)  # (pair, language)
    stale: list[tuple[Pair, str]] = field(default_factory=list)  # (pair, changed language)
    unreviewed: list[Pair] = field(default_factory=list)  # not in the lock yet
    unreadable: list[str] = field(default_factory=list)  # files that could not be parsed

    def findings(self) -> list[tuple[str, Problem]]:
        """(level, problem) for each missing ('error') and stale ('warning') translation."""
        out = []
        for name in self.unreadable:
            out.append(
                ("error", Problem(name, 0, 0, "", "cannot be read; run `make check` to see why"))
            )
        for pair, language in self.missing:
            other = next(lang for lang in LANGUAGES if lang != language)
            message = f"the {LANGUAGE_NAMES[language]} text is missing"
            hint = f"translate the {LANGUAGE_NAMES[other]} text and add it as '{language}:'"
            out.append(
                ("error", Problem(pair.file, pair.line, pair.column, pair.path, message, hint))
            )
        for pair, language in self.stale:
            other = next(lang for lang in LANGUAGES if lang != language)
            message = (
                f"the {LANGUAGE_NAMES[language]} text changed since the translation was last"
                " reviewed"
            )
            hint = (
                f"check that the {LANGUAGE_NAMES[other]} text still says the same, then"
                " run `python -m explainer translations --accept`"
            )
            out.append(
                ("warning", Problem(pair.file, pair.line, pair.column, pair.path, message, hint))
            )
        return out

    def lines(self) -> list[str]:
        """The report as printed: unreadable files first, then 'error:' and 'warning:' lines."""
        found = self.findings()
        unreadable = [str(problem) for _, problem in found[: len(self.unreadable)]]
        return unreadable + [
            str(replace(problem, message=f"{level}: {problem.message}"))
            for level, problem in found[len(self.unreadable) :]
        ]

    def summary(self) -> str:
        return (
            f"Translations: {len(self.pairs)} pairs, {len(self.missing)} missing,"
            f" {len(self.stale)} stale, {len(self.unreviewed)} not yet reviewed"
        )

    @property
    def failed(self) -> bool:
        return bool(self.missing or self.unreadable)


def fingerprint(text: str) -> str:
    """A short hash of a text; surrounding whitespace and line-wrapping do not count."""
    normalized = " ".join(text.split())
    return hashlib.sha256(normalized.encode("utf-8")).hexdigest()[:12]


# -----------------------------------------------------------------------------
# Finding the pairs
# -----------------------------------------------------------------------------


def find_pairs(root: Path) -> tuple[list[Pair], list[str]]:
    """Every translated pair in data/, locales/ui.yaml and docs/; also unreadable files."""
    pairs: list[Pair] = []
    unreadable: list[str] = []
    sources = [(root / "data" / name, f"data/{name}") for name in FILE_MODELS]
    sources.append((root / "locales" / "ui.yaml", "locales/ui.yaml"))
    for path, display_name in sources:
        if not path.exists():
            continue
        loaded, _ = read_yaml(path, display_name)
        if loaded is None:
            unreadable.append(display_name)
            continue
        pairs += _pairs_in(loaded, loaded.value, (), ())
    pairs += _page_pairs(root / "docs")
    return pairs, unreadable


def _pairs_in(loaded: LoadedFile, value: Any, location: Location, key: tuple[str, ...]) -> list:
    if isinstance(value, dict):
        if _is_text_pair(value):
            line, column = loaded.position(location)
            return [
                Pair(
                    key=f"{loaded.name.split('/', 1)[-1]}:{'.'.join(key)}",
                    file=loaded.name,
                    line=line,
                    column=column,
                    path=_format(location),
                    texts={language: _text(value.get(language)) for language in LANGUAGES},
                )
            ]
        found = []
        for name, item in value.items():
            found += _pairs_in(loaded, item, (*location, name), (*key, str(name)))
        return found
    if isinstance(value, list):
        found = []
        for index, item in enumerate(value):
            # Name list items by their id where they have one: stable when items move.
            identifier = item.get("id") if isinstance(item, dict) else None
            label = f"[{identifier}]" if isinstance(identifier, str) else f"[{index}]"
            stem = (*key[:-1], key[-1] + label) if key else (label,)
            found += _pairs_in(loaded, item, (*location, index), stem)
        return found
    return []


def _is_text_pair(value: dict) -> bool:
    """A mapping of language texts: only ar/en keys, at least one, none of them a list
    (lists per language, such as glossary aliases, are spellings, not translations)."""
    return (
        bool(value)
        and set(value) <= set(LANGUAGES)
        and all(not isinstance(text, list | dict) for text in value.values())
    )


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def _format(location: Location) -> str:
    text = ""
    for part in location:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _page_pairs(docs_dir: Path) -> list[Pair]:
    pages: set[str] = set()
    for language in LANGUAGES:
        folder = docs_dir / language
        if folder.is_dir():
            pages |= {path.relative_to(folder).as_posix() for path in folder.rglob("*.md")}
    pairs = []
    for page in sorted(pages):
        texts = {}
        for language in LANGUAGES:
            path = docs_dir / language / page
            texts[language] = path.read_text(encoding="utf-8") if path.is_file() else None
        # Point at the side that exists, so the editor opens the right file.
        present = next((lang for lang in LANGUAGES if texts[lang]), LANGUAGES[0])
        pairs.append(Pair(f"docs:{page}", f"docs/{present}/{page}", 0, 0, "", texts))
    return pairs


# -----------------------------------------------------------------------------
# The lock file and the report
# -----------------------------------------------------------------------------


def read_lock(path: Path) -> dict[str, dict[str, str]]:
    if not path.is_file():
        return {}
    content = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {
        str(key): {language: str(digest) for language, digest in value.items()}
        for key, value in (content.get("pairs") or {}).items()
    }


def write_lock(path: Path, pairs: list[Pair], keep: dict[str, dict[str, str]] | None = None):
    """Record the current hashes of `pairs`; entries in `keep` (other pairs) stay as they are."""
    entries = dict(keep or {})
    for pair in pairs:
        entries[pair.key] = pair.hashes()
    lines = [LOCK_HEADER.rstrip("\n"), "pairs:"]
    for key in sorted(entries):
        # Quoted: an all-digit hash would otherwise be read back as a number.
        hashes = ", ".join(f'{language}: "{entries[key][language]}"' for language in LANGUAGES)
        lines.append(f"  {_quote(key)}: {{{hashes}}}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _quote(key: str) -> str:
    return '"' + key.replace("\\", "\\\\").replace('"', '\\"') + '"'


def translation_report(root: Path) -> TranslationReport:
    pairs, unreadable = find_pairs(root)
    lock = read_lock(root / "data" / LOCK_FILE_NAME)
    report = TranslationReport(pairs, unreadable=unreadable)
    for pair in pairs:
        empty = [language for language in LANGUAGES if not (pair.texts[language] or "").strip()]
        report.missing += [(pair, language) for language in empty]
        if empty:
            continue
        reviewed = lock.get(pair.key)
        if reviewed is None:
            report.unreviewed.append(pair)
            continue
        changed = [lang for lang, digest in pair.hashes().items() if reviewed.get(lang) != digest]
        if len(changed) == 1:
            report.stale.append((pair, changed[0]))
    return report


def accept(root: Path, only: list[str] | None = None) -> int:
    """Record the current texts as reviewed; with `only`, just the pairs whose key or place
    starts with one of those strings. Pairs with a missing side are not recorded.
    Returns how many pairs were recorded."""
    pairs, _ = find_pairs(root)
    complete = [p for p in pairs if all((p.texts[lang] or "").strip() for lang in LANGUAGES)]
    lock_path = root / "data" / LOCK_FILE_NAME
    if only:
        chosen = [
            p for p in complete if any(p.key.startswith(s) or p.place().startswith(s) for s in only)
        ]
        write_lock(lock_path, chosen, keep=read_lock(lock_path))
        return len(chosen)
    # A full accept also forgets pairs that no longer exist.
    write_lock(lock_path, complete)
    return len(complete)
