"""Untrusted text from YAML to safe HTML, and the localisation helpers templates use.

Editors write inline Markdown (emphasis, links, code). Raw HTML is escaped before Markdown
sees it, so no markup from the data reaches the page; link schemes are limited to http,
https and mailto by the model, and checked again here.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

import markdown
from markupsafe import Markup, escape

from explainer.loader import DataError, read_yaml
from explainer.model import LANGUAGES

_SAFE_SCHEMES = {"http", "https", "mailto", ""}
_HREF = re.compile(r'href="([^"]*)"')
# A run of Latin words and numbers. It starts and ends on a letter or digit, so sentence
# punctuation around it stays in the Arabic flow instead of jumping to the wrong side.
_LATIN_WORD = r"[A-Za-z0-9](?:[A-Za-z0-9.&/\-–]*[A-Za-z0-9])?"
_LATIN_RUN = re.compile(rf"{_LATIN_WORD}(?:\.?[ ]{_LATIN_WORD})*")
# Tags and character references: text between them is what may be rewritten.
_TAG_OR_TEXT = re.compile(r"(<[^>]+>|&#?\w+;)")
# Characters that still mean something to the page's own Markdown pass (attr_list's
# "{: onclick=... }", links, emphasis) when a value lands in a Markdown line. As character
# references they look the same and mean nothing.
_MARKDOWN_ACTIVE = str.maketrans({character: f"&#{ord(character)};" for character in "{}[]*_`\\"})


_INLINE_RENDERER = markdown.Markdown(extensions=[], output_format="html")
"""One instance, reset before each text: building one costs more than most conversions."""


@lru_cache(maxsize=65536)  # larger than every text of 100x the shipped data
def inline_markdown(text: str) -> Markup:
    """Render one paragraph of inline Markdown to HTML, with any raw HTML escaped."""
    # Escaping first turns "<script>" into text; Markdown leaves entities alone.
    html = _INLINE_RENDERER.reset().convert(str(escape(text)))
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    html = _HREF.sub(_checked_href, html)
    return Markup(html)


def _checked_href(match: re.Match) -> str:
    url = match.group(1)
    if urlsplit(url.replace("&amp;", "&")).scheme.lower() not in _SAFE_SCHEMES:
        return 'href="#"'
    return f'href="{url}" rel="noopener"' if url.startswith("http") else match.group(0)


def isolate_latin(html: str) -> Markup:
    """Wrap Latin runs (acronyms, names, numbers) in Arabic text in <bdi> for bidi safety.

    Without isolation, "(DEA)" or "OFAC، 2023" in a right-to-left sentence can have its
    punctuation jump to the wrong side.
    """
    parts = _TAG_OR_TEXT.split(str(html))
    for index, part in enumerate(parts):
        if part and not part.startswith(("<", "&")):
            parts[index] = _LATIN_RUN.sub(lambda m: f"<bdi>{m.group(0)}</bdi>", part)
    return Markup("".join(parts))


def markdown_inert(html: str) -> Markup:
    """Safe HTML whose text can no longer be read as Markdown by the page's Markdown pass."""
    parts = _TAG_OR_TEXT.split(str(html))
    return Markup(
        "".join(
            part if part.startswith(("<", "&")) else part.translate(_MARKDOWN_ACTIVE)
            for part in parts
        )
    )


def plain_text(text: str) -> str:
    """Inline Markdown reduced to plain text, for meta descriptions and feeds."""
    html = str(inline_markdown(text))
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html)).strip()


# -----------------------------------------------------------------------------
# Interface labels
# -----------------------------------------------------------------------------


def load_labels(path: Path) -> dict[str, dict[str, str]]:
    """Read locales/ui.yaml: {key: {ar: ..., en: ...}}; every key needs both languages."""
    loaded, problems = read_yaml(path, f"{path.parent.name}/{path.name}")
    if loaded is None or problems:
        raise DataError(problems)
    labels: dict[str, dict[str, str]] = {}
    bad = []
    for key, value in (loaded.value or {}).items():
        if not isinstance(value, dict) or any(not value.get(lang) for lang in LANGUAGES):
            line, column = loaded.position((key,))
            from explainer.loader import Problem

            bad.append(Problem(loaded.name, line, column, key, "needs both ar and en text", ""))
            continue
        labels[key] = {lang: str(value[lang]) for lang in LANGUAGES}
    if bad:
        raise DataError(bad)
    return labels
