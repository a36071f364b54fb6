"""Link the first use of each glossary term on a page to its glossary entry.

Runs on a page's rendered HTML (generated and hand-written pages alike), so it works the
same everywhere. It never links inside links, headings, code, citations, dates or badges.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from explainer.model import Term

# One optional Arabic clitic (و ف ب ل ك) may stick to the front of a word: "والكبتاغون".
_ARABIC_CLITIC = "(?:[وفبلك])?"
_SKIPPED_TAGS = {
    "a", "abbr", "button", "code", "dt", "h1", "h2", "h3", "h4", "h5", "h6",
    "label", "nav", "pre", "script", "style", "sup", "time", "title",
}  # fmt: skip
# Citations are copied verbatim: a link inside one would only get in the way.
_SKIPPED_CLASSES = ("ex-badge", "ex-chip", "ex-card", "headerlink", "ex-permalink", "ex-citation")
_VOID_TAGS = {"area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)([^>]*)>")


@dataclass(frozen=True)
class TermPattern:
    term_id: str
    pattern: re.Pattern[str]


def term_patterns(terms: tuple[Term, ...], language: str) -> list[TermPattern]:
    """Regular expressions for every term and alias, longest first."""
    entries: list[tuple[int, str, str]] = []
    for term in terms:
        words = [getattr(term.term, language), *getattr(term.aliases, language)]
        for word in words:
            entries.append((len(word), term.id, word))
    patterns = []
    for _, term_id, word in sorted(entries, key=lambda entry: -entry[0]):
        escaped = re.escape(word)
        if language == "ar":
            regex = rf"(?<!\w){_ARABIC_CLITIC}{escaped}(?!\w)"
            flags = 0
        else:
            regex = rf"(?<!\w){escaped}(?!\w)"
            # Acronyms match as written; ordinary words match in any case.
            flags = 0 if word.isupper() else re.IGNORECASE
        patterns.append(TermPattern(term_id, re.compile(regex, flags)))
    return patterns


def link_terms(html: str, patterns: list[TermPattern], href_for) -> str:
    """Wrap the first linkable use of each term in a link built by `href_for(term_id)`."""
    linked: set[str] = set()
    for entry in patterns:
        if entry.term_id in linked:
            continue
        html, done = _link_first(html, entry, href_for(entry.term_id))
        if done:
            linked.add(entry.term_id)
    return html


def _link_first(html: str, entry: TermPattern, href: str) -> tuple[str, bool]:
    position = 0
    open_tags: list[tuple[str, bool]] = []
    for match in _TAG.finditer(html):
        text_end = match.start()
        if not any(skip for _, skip in open_tags):
            found = entry.pattern.search(html, position, text_end)
            if found:
                link = f'<a class="ex-term-link" href="{href}">{found.group(0)}</a>'
                return html[: found.start()] + link + html[found.end() :], True
        closing, name, attributes = match.group(1), match.group(2).lower(), match.group(3)
        if closing:
            while open_tags:
                if open_tags.pop()[0] == name:
                    break
        elif name not in _VOID_TAGS and not attributes.rstrip().endswith("/"):
            skip = name in _SKIPPED_TAGS or any(c in attributes for c in _SKIPPED_CLASSES)
            open_tags.append((name, skip))
        position = match.end()
    if not any(skip for _, skip in open_tags):
        found = entry.pattern.search(html, position)
        if found:
            link = f'<a class="ex-term-link" href="{href}">{found.group(0)}</a>'
            return html[: found.start()] + link + html[found.end() :], True
    return html, False
