"""Untrusted text from YAML to safe HTML, and the localisation helpers templates use.

Editors write inline Markdown (emphasis, links, code). Raw HTML is escaped before Markdown
sees it, so no markup from the data reaches the page; link schemes are limited to http,
https and mailto by the model, and checked again here.
"""

from __future__ import annotations

import re
from functools import lru_cache
from html import unescape
from pathlib import Path
from urllib.parse import urlsplit

import markdown
from markupsafe import Markup, escape

from explainer.data.loader import DataError, read_yaml
from explainer.data.model import LANGUAGES

_SAFE_SCHEMES = {"http", "https", "mailto", ""}
_HREF = re.compile(r'href="([^"]*)"')
# Bidi isolation (isolate_latin). A Latin run is the whole stretch of Latin letters (accented
# ones too), digits, spaces and the punctuation between them: "Countering Assad's
# Proliferation", "$900B", "détruites", "2023 (P.L. 117-263)". Punctuation at its edges
# stays in the Arabic flow (so "(OFAC)،" keeps its Arabic comma on the right side), except
# what belongs to the run: brackets and quotes it opens or closes itself, a leading currency
# sign, a trailing "%", an abbreviation's last dot ("U.S."), and a title's own final "?",
# "!", ":" or "." when the run is the whole text of its element (an English title in an
# Arabic list of sources).
_LATIN_LETTER = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff\u0300-\u036f"
_LATIN_CORE = re.compile(f"[{_LATIN_LETTER}0-9]")
_LATIN_PUNCTUATION = "'’‘\"“”.,:;\\-–—&/%$€£¥()\\[\\]?!+#@°×="
_LATIN_STRETCH = re.compile(
    f"[{_LATIN_LETTER}0-9$€£¥(\\[“‘\"'][{_LATIN_LETTER}0-9 \u00a0{_LATIN_PUNCTUATION}]*"
)
_OPENERS = {"(": ")", "[": "]", "“": "”", "‘": "’", '"': '"', "'": "'"}
_CLOSERS = {closer: opener for opener, closer in _OPENERS.items()}
_LEADING_KEPT = "$€£¥"
_TITLE_END = "?!:.…"
_ABBREVIATION_END = re.compile(f"(?:^|[^{_LATIN_LETTER}])(?:[A-Za-z]\\.){{2,}}$")
_RIGHT_TO_LEFT = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
# Tags and character references: text between them is what may be rewritten.
_TAG_OR_TEXT = re.compile(r"(<[^>]+>|&#?\w+;)")
_TAG = re.compile(r"(<[^>]+>)")
_TEXT_TOKEN = re.compile(r"&#?\w+;|[^&]|&")
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
    """Wrap each Latin run (names, titles, acronyms, numbers) in Arabic text in one <bdi>.

    Without isolation, "(DEA)" or "OFAC، 2023" in a right-to-left sentence can have its
    punctuation jump to the wrong side, and a title cut into pieces at its apostrophes shows
    its words in the wrong order. Character references count as the characters they stand
    for ("Assad&#39;s" is one run) and are kept as they are.
    """
    parts = _TAG.split(str(html))
    for index, part in enumerate(parts):
        if part and not part.startswith("<"):
            parts[index] = _isolate_text(part)
    return Markup("".join(parts))


def _isolate_text(text: str) -> str:
    """One text between tags, its Latin runs in <bdi>."""
    tokens = _TEXT_TOKEN.findall(text)
    # One character per token, so that positions in `plain` are positions in `tokens`.
    plain = "".join((unescape(token) or "?")[0] for token in tokens)
    if not _LATIN_CORE.search(plain):
        return text
    whole_text = not _RIGHT_TO_LEFT.search(plain)
    pieces, done = [], 0
    for stretch in _LATIN_STRETCH.finditer(plain):
        start, end = _run_bounds(plain, stretch.start(), stretch.end(), whole_text)
        if start is None:
            continue
        pieces += [*tokens[done:start], "<bdi>", *tokens[start:end], "</bdi>"]
        done = end
    return "".join([*pieces, *tokens[done:]])


def _run_bounds(plain: str, start: int, end: int, whole_text: bool) -> tuple:
    """The run inside a stretch of Latin characters: its edges trimmed of the punctuation
    that belongs to the surrounding text. (None, None) when no letter or digit is left."""
    while start < end and not _starts_run(plain[start:end]):
        start += 1
    while start < end and not _ends_run(plain, start, end, whole_text):
        end -= 1
    if start >= end or not _LATIN_CORE.search(plain[start:end]):
        return None, None
    return start, end


def _starts_run(run: str) -> bool:
    first = run[0]
    if first in _OPENERS:
        return _closes(run, first)
    if first in _LEADING_KEPT:
        return bool(_LATIN_CORE.match(run[1:2]))
    return bool(_LATIN_CORE.match(first))


def _ends_run(plain: str, start: int, end: int, whole_text: bool) -> bool:
    run, last = plain[start:end], plain[end - 1]
    if _LATIN_CORE.match(last) or last == "%":
        return True
    if last in _CLOSERS:
        return _opens(run, last)
    if last == "." and _ABBREVIATION_END.search(run):
        return True
    # A title's own final mark, when the title is all its element says.
    return (
        last in _TITLE_END and whole_text and not plain[:start].strip() and not plain[end:].strip()
    )


def _closes(run: str, opener: str) -> bool:
    """Whether the run, opening with `opener`, closes it too (a quote or bracket pair)."""
    closer = _OPENERS[opener]
    if closer == opener:  # straight quotes: a pair needs a second one at a word's end
        return bool(re.search(f"[^ ]{re.escape(closer)}(?![{_LATIN_LETTER}])", run[1:]))
    return run.count(closer) >= run.count(opener)


def _opens(run: str, closer: str) -> bool:
    """Whether the run, closing with `closer`, opened it too."""
    opener = _CLOSERS[closer]
    if closer == opener:
        return run[0] == opener and len(run) > 1
    return run.count(opener) >= run.count(closer)


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
    """Inline Markdown reduced to plain text (not HTML: "Assad's", "A & B"), for feeds,
    downloads, share cards and template values, each of which escapes it for its format."""
    html = str(inline_markdown(text))
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html)).strip())


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
            from explainer.data.loader import Problem

            bad.append(Problem(loaded.name, line, column, key, "needs both ar and en text", ""))
            continue
        labels[key] = {lang: str(value[lang]) for lang in LANGUAGES}
    if bad:
        raise DataError(bad)
    return labels
