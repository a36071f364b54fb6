"""Link the first use of each glossary term on a page to its glossary entry.

Runs on a page's rendered HTML (generated and hand-written pages alike), so it works the
same everywhere. It never links inside links, headings, code, citations, source titles,
dates or badges.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from explainer.data.model import Term

# One optional Arabic clitic (و ف ب ل ك) may stick to the front of a word: "والكبتاغون".
_ARABIC_CLITIC = "(?:[وفبلك])?"
_SKIPPED_TAGS = {
    "a", "abbr", "button", "cite", "code", "dt", "h1", "h2", "h3", "h4", "h5", "h6",
    "label", "nav", "pre", "script", "style", "summary", "sup", "time", "title",
}  # fmt: skip
"""A <summary> is its <details>' button: a link inside it would be nested in the button."""
# Citations are copied verbatim: a link inside one would only get in the way.
_SKIPPED_CLASSES = ("ex-badge", "ex-chip", "ex-card", "headerlink", "ex-permalink", "ex-citation")
_SKIPPED_CLASS = re.compile("|".join(map(re.escape, _SKIPPED_CLASSES)))
"""Any of them anywhere in a tag's attributes: one search in C per tag."""
_VOID_TAGS = {"area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)([^>]*)>")
_MATCHES_ASCII_IN_ANY_CASE = re.compile("[\u0130\u0131\u017f\u212a]")
"""The only characters besides ASCII letters that a case-insensitive ASCII letter matches
(İ ı ſ K), or whose lower case holds one (a scan of every code point says so)."""


@dataclass(frozen=True)
class TermPattern:
    term_id: str
    pattern: re.Pattern[str]
    literal: re.Pattern[str] | None = None
    """The word alone, without the edges and clitic: where it is absent from the page, the
    pattern cannot match either, and one scan of the page replaces a search per stretch."""
    folded: str | None = None
    """An ASCII word matched in any case, in lower case: found with str.find in the page's
    text in lower case, several times faster than a case-insensitive regular expression."""


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
        literal = re.compile(escaped, flags)
        folded = word.lower() if flags & re.IGNORECASE and word.isascii() and word else None
        patterns.append(TermPattern(term_id, re.compile(regex, flags), literal, folded))
    return patterns


def link_terms(html: str, patterns: list[TermPattern], href_for) -> str:
    """Wrap the first linkable use of each term in a link built by `href_for(term_id)`.

    The page is read once into its linkable stretches of text; each term then searches
    only those, and a linked word leaves them, so no later term links inside it. (Reading
    the page again for every term made the build grow with pages x terms x tags.)
    """
    stretches = _linkable_text(html)
    text = _LinkableText(html, stretches)
    starts = [start for start, _ in stretches]  # for bisect, kept in step with stretches
    links: list[tuple[int, int, str]] = []
    linked: set[str] = set()
    for entry in patterns:
        if entry.term_id in linked:
            continue
        for index in _candidate_stretches(text, entry, stretches, starts):
            start, end = stretches[index]
            found = entry.pattern.search(html, start, end)
            if found:
                links.append((found.start(), found.end(), href_for(entry.term_id)))
                rest = [(a, b) for a, b in ((start, found.start()), (found.end(), end)) if a < b]
                stretches[index : index + 1] = rest
                starts[index : index + 1] = [a for a, _ in rest]
                text.remove(found.start(), found.end())
                linked.add(entry.term_id)
                break
    for start, end, href in sorted(links, reverse=True):
        link = f'<a class="ex-term-link" href="{href}">{html[start:end]}</a>'
        html = html[:start] + link + html[end:]
    return html


class _LinkableText:
    """The linkable stretches of a page joined into one string, a separator between them.

    Looking for a term's word in this string rather than in the page reads about a tenth of
    the bytes (tags, attributes, links and citations are not in it), and no occurrence can
    span two stretches. Offsets map back to the page.
    """

    SEPARATOR = "\x00"

    def __init__(self, html: str, stretches: list[tuple[int, int]]) -> None:
        self.page_starts = [start for start, _ in stretches]
        self.joined_starts = []
        offset = 0
        for start, end in stretches:
            self.joined_starts.append(offset)
            offset += end - start + len(self.SEPARATOR)
        self.text = self.SEPARATOR.join(html[start:end] for start, end in stretches)
        self._folded: str | None = None
        self._folded_known = False

    @property
    def folded(self) -> str | None:
        """The text in lower case, if an ASCII word matches it in any case exactly where
        the lower-case word is in it: None if the text holds a character that matches an
        ASCII letter in any case without being one (the dotted and dotless i, the long s,
        the Kelvin sign), or changes length in lower case."""
        if not self._folded_known:
            self._folded_known = True
            if _MATCHES_ASCII_IN_ANY_CASE.search(self.text) is None:
                lowered = self.text.lower()
                self._folded = lowered if len(lowered) == len(self.text) else None
        return self._folded

    def occurrences(self, entry: TermPattern):
        """Where the term's word starts in the text, left to right, without overlaps."""
        folded = self.folded if entry.folded is not None else None
        if folded is None:
            for occurrence in entry.literal.finditer(self.text):
                yield occurrence.start()
            return
        position = folded.find(entry.folded)
        while position >= 0:
            yield position
            position = folded.find(entry.folded, position + len(entry.folded))

    def page_offset(self, offset: int) -> int:
        index = bisect_right(self.joined_starts, offset) - 1
        return self.page_starts[index] + offset - self.joined_starts[index]

    def remove(self, page_start: int, page_end: int) -> None:
        """A linked word (inside one stretch) is no longer linkable text."""
        index = bisect_right(self.page_starts, page_start) - 1
        start = self.joined_starts[index] + page_start - self.page_starts[index]
        end = start + page_end - page_start
        self.text = self.text[:start] + self.SEPARATOR * (end - start) + self.text[end:]
        if self._folded is not None:
            self._folded = (
                self._folded[:start] + self.SEPARATOR * (end - start) + self._folded[end:]
            )


def _candidate_stretches(
    text: _LinkableText, entry: TermPattern, stretches: list[tuple[int, int]], starts: list[int]
):
    """Indexes of the stretches, in order, that may hold a match of the term.

    A match holds the term's word, so only a stretch that holds an occurrence of the word
    can hold one: these are found from the occurrences in the linkable text (one scan of a
    tenth of the page) rather than by searching every stretch, in the same order.
    """
    if entry.literal is None:
        yield from range(len(stretches))
        return
    tried = -1  # the last stretch searched: one search per stretch is enough
    for occurrence in text.occurrences(entry):
        index = bisect_right(starts, text.page_offset(occurrence)) - 1
        if index > tried:
            tried = index
            yield index


def _linkable_text(html: str) -> list[tuple[int, int]]:
    """(start, end) of every stretch of text outside tags that may hold a term link."""
    stretches = []
    position = 0
    open_tags: list[tuple[str, bool]] = []
    skipping = 0  # how many of the open tags are skipped ones
    for match in _TAG.finditer(html):
        start = match.start()
        if start > position and not skipping:
            stretches.append((position, start))
        closing, name, attributes = match.groups()
        name = name.lower()
        if closing:
            while open_tags:
                open_name, skipped = open_tags.pop()
                skipping -= skipped
                if open_name == name:
                    break
        elif name not in _VOID_TAGS and not attributes.rstrip().endswith("/"):
            skip = name in _SKIPPED_TAGS or _SKIPPED_CLASS.search(attributes) is not None
            open_tags.append((name, skip))
            skipping += skip
        position = match.end()
    if position < len(html) and not skipping:
        stretches.append((position, len(html)))
    return stretches
