"""The site's search index: one Pagefind index per language, with Arabic normalisation.

Pagefind builds a separate index for each language and downloads it in small chunks, but
its Arabic stemmer alone misses forms readers type: "والأردن" keeps its conjunction,
"وزارة" and "الوزارة" get different stems. So every word is normalised here before
Pagefind sees it, and `docs/assets/javascripts/search.js` applies the same rules to the
query (the two implementations are tested against each other):

- diacritics, the dagger alef and tatweel are removed;
- أ إ آ ٱ become ا, ة becomes ه, ى becomes ي, ؤ becomes و, ئ becomes ي;
- Arabic-Indic digits become ASCII digits (Pagefind itself ignores letter case);
- the article and the one-letter prefixes before it (ال، وال، فال، بال، كال، لل، وبال ...)
  are removed;
- a one-letter prefix without the article (و ف ب ك ل) is removed only where the rest is
  itself a word of the same language's pages ("وسوريا" -> "سوريا", but "وزارة" stays);
  the query side searches both forms.

The index holds the normalised words; each record also carries the page's original text
(Arabic only, where the two differ) so that results show real Arabic, and the positions of
the page's anchors, so that a result links to the section that matched.
"""

from __future__ import annotations

import json
import multiprocessing
import re
import subprocess
import tempfile
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import jinja2
from pagefind.service import get_executable

BUNDLE_DIR = "pagefind"
"""Folder of the site where Pagefind writes its bundle (pagefind.js, wasm, index chunks)."""

UNUSED_BUNDLE_FILES = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-highlight.js",
    "wasm.unknown.pagefind",
)
"""Pagefind's own interfaces: the site has its own (search.js), so they are not shipped."""

EXCLUDED_PAGE = "search/index.html"
"""The search page itself, in every language, is not worth finding (nor is 404.html)."""

_DIACRITICS = re.compile("[\u064b-\u065f\u0670\u0640]")
_FOLDS = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ة": "ه",
        "ى": "ي",
        "ؤ": "و",
        "ئ": "ي",
        **{chr(0x0660 + digit): str(digit) for digit in range(10)},
        **{chr(0x06F0 + digit): str(digit) for digit in range(10)},
    }
)
ARTICLE_PREFIXES = (
    "وبال",
    "وكال",
    "فبال",
    "فكال",
    "ولل",
    "فلل",
    "وال",
    "فال",
    "بال",
    "كال",
    "لل",
    "ال",
)
"""Longest first. Removed when at least two letters remain."""
LETTER_PREFIXES = "وفبكل"
"""Conjunctions and prepositions written as one letter joined to the next word."""
_ARABIC_LETTER = re.compile("[\u0621-\u064a]")
_WORD_EDGE = re.compile(r"^([\W_]*)(.*?)([\W_]*)$", re.S)
"""Punctuation around a word (anything but letters and digits), as search.js splits it."""

# Elements whose text is not part of what a reader searches for: permalink and heading
# anchors ("#"), citation numbers, inline icons; and anything marked data-pagefind-ignore.
_SKIPPED_CLASSES = {"headerlink", "ex-permalink", "ex-cite", "md-source-file"}
FOREIGN_WORDS_KEPT = 3
"""Longest run in another language (an acronym, a name) that stays in a page's index."""
_SKIPPED_TAGS = {"script", "style", "svg", "template", "noscript"}
_ARTICLE_START = re.compile(r"<article\s[^>]*\bclass=\"(?:[^\"]*\s)?md-content__inner[\s\"]")
_VOID_TAGS = {"area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


# -----------------------------------------------------------------------------
# Normalisation
# -----------------------------------------------------------------------------


def fold(word: str) -> str:
    """Spelling variants to one form: no diacritics, plain alef, ه for ة, ي for ى."""
    return _DIACRITICS.sub("", word).translate(_FOLDS)


def strip_article(word: str) -> str:
    """'والاردن' -> 'اردن'; a folded word without the article is returned unchanged."""
    for prefix in ARTICLE_PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= 2:
            return word[len(prefix) :]
    return word


def normalize_word(word: str, vocabulary: set[str] | frozenset[str] = frozenset()) -> str:
    """The indexed form of one word (punctuation around it is kept)."""
    lead, folded, trail = _WORD_EDGE.match(fold(word)).groups()
    if not _ARABIC_LETTER.search(folded):
        return lead + folded + trail
    stripped = strip_article(folded)
    if (
        stripped == folded
        and folded[:1] in LETTER_PREFIXES
        and len(folded) >= 4
        and folded[1:] in vocabulary
    ):
        stripped = folded[1:]
    return lead + stripped + trail


def normalize_text(
    text: str,
    vocabulary: set[str] | frozenset[str] = frozenset(),
    cache: dict[str, str] | None = None,
) -> str:
    """Normalise every word; words stay in place, so positions match the original text.

    `cache` (one per vocabulary) keeps each distinct word's form: pages repeat their words.
    """
    if cache is None:
        return " ".join(normalize_word(word, vocabulary) for word in text.split())
    normalized = []
    for word in text.split():
        form = cache.get(word)
        if form is None:
            form = cache[word] = normalize_word(word, vocabulary)
        normalized.append(form)
    return " ".join(normalized)


def vocabulary_of(texts: list[str]) -> set[str]:
    """Every normalised word (without its one-letter prefix) of one language's pages."""
    words: set[str] = set()
    for text in texts:
        words.update(text.split())
    return {strip_article(_WORD_EDGE.match(fold(word)).group(2)) for word in words}


# -----------------------------------------------------------------------------
# Reading the built pages
# -----------------------------------------------------------------------------


@dataclass
class PageText:
    """What a built page contributes to the index."""

    url: str
    """Relative to the site root, e.g. '/pillars/sanctions/'."""
    language: str
    title: str
    text: str
    anchors: list[tuple[int, str]] = field(default_factory=list)
    """(word position, element id): where each anchored part of the page starts."""


class _ArticleText(HTMLParser):
    """Collects the words of a page's <article> and where its anchored elements begin."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.language = ""
        self.title = ""
        self.words: list[str] = []
        self.anchors: list[tuple[int, str]] = []
        self._stack: list[tuple[str, bool]] = []  # (tag, skipped)
        self._in_article = 0
        self._in_title = False
        self._in_h1 = False
        self._h1: list[str] = []
        self._foreign_start: int | None = None  # first word of an element in another language
        self._foreign_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "html":
            self.language = attributes.get("lang") or ""
        if tag in _VOID_TAGS:
            return
        classes = set((attributes.get("class") or "").split())
        skipped = bool(
            tag in _SKIPPED_TAGS
            or classes & _SKIPPED_CLASSES
            or "data-pagefind-ignore" in attributes
            or (self._stack and self._stack[-1][1])
        )
        self._stack.append((tag, skipped))
        other_language = attributes.get("lang")
        if other_language and other_language != self.language and self._foreign_start is None:
            self._foreign_start, self._foreign_depth = len(self.words), len(self._stack)
        if tag == "title":
            self._in_title = True
        if tag == "article" and "md-content__inner" in classes:
            self._in_article = len(self._stack)
        if self._in_article and not skipped:
            if tag == "h1":
                self._in_h1 = True
            element_id = attributes.get("id")
            if element_id and not element_id.startswith("__"):
                self.anchors.append((len(self.words), element_id))

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID_TAGS:
            return
        while self._stack:
            open_tag, _ = self._stack.pop()
            if self._in_article > len(self._stack):
                self._in_article = 0
            if self._foreign_start is not None and self._foreign_depth > len(self._stack):
                self._drop_long_foreign_passage()
            if open_tag == tag:
                break
        if tag == "title":
            self._in_title = False
        if tag == "h1":
            self._in_h1 = False

    def handle_data(self, data: str) -> None:
        if self._in_title and not self.title:
            self.title = data.strip()
        if not self._in_article or (self._stack and self._stack[-1][1]):
            return
        self.words += data.split()
        if self._in_h1:
            self._h1.append(data)

    def _drop_long_foreign_passage(self) -> None:
        """Text in the other language belongs to that language's index: a source title in
        Arabic on an English page, the other half of a side-by-side page. Short runs stay
        (an acronym or a name such as "DEA" in Arabic text), since readers type them."""
        start, self._foreign_start = self._foreign_start, None
        if len(self.words) - start > FOREIGN_WORDS_KEPT:
            del self.words[start:]
            self.anchors = [anchor for anchor in self.anchors if anchor[0] < start]

    @property
    def heading(self) -> str:
        return " ".join(" ".join(self._h1).split())


def read_page(html: str, url: str) -> PageText | None:
    """The searchable text of one built page, or None if it has no article."""
    parser = _ArticleText()
    head_end, article = html.find("</head>"), _ARTICLE_START.search(html)
    if head_end >= 0 and article is not None and article.start() > head_end:
        # Only the head (language, title) and what follows the article's start can add to
        # the record; the header and the nav before the article, a third of a page, cannot.
        parser.feed(html[:head_end])
        parser.feed(html[article.start() :])
    else:
        parser.feed(html)
    parser.close()
    if not parser.words:
        return None
    return PageText(
        url=url,
        language=parser.language,
        title=parser.heading or parser.title,
        text=" ".join(parser.words),
        anchors=_first_anchor_per_position(parser.anchors),
    )


def _first_anchor_per_position(anchors: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Keep the outermost anchor where several elements start at the same word."""
    kept: dict[int, str] = {}
    for position, element_id in anchors:
        kept.setdefault(position, element_id)
    return sorted(kept.items())


def site_pages(site_dir: Path, collector: PageCollector | None = None) -> list[PageText]:
    """Every page of the built site worth finding, in a stable order.

    Pages a `collector` has read while the build wrote them are taken from it; the others
    (forwarding pages, static files) are read from disk.
    """
    pages = []
    for path in sorted(site_dir.rglob("index.html")):
        relative = path.relative_to(site_dir).as_posix()
        if not _indexed(relative):
            continue
        if collector is not None and relative in collector.futures:
            page = collector.futures[relative].result()
        else:
            page = read_page(path.read_text(encoding="utf-8"), _url(relative))
        if page is not None:
            pages.append(page)
    return pages


class PageCollector:
    """Reads the searchable text of each page in another process as soon as the build has
    rendered it, so that this work runs on the machine's second core beside the rendering
    of the next pages instead of after the build ("spawn": a fresh interpreter, as forking a
    process that runs threads, such as the preview server, is unsafe)."""

    def __init__(self) -> None:
        context = multiprocessing.get_context("spawn")
        self._executor = ProcessPoolExecutor(max_workers=1, mp_context=context)
        self.futures: dict[str, Future[PageText | None]] = {}

    def add(self, relative: str, html: str) -> None:
        """A page as it is written to `relative` (e.g. 'en/timeline/index.html')."""
        if relative.endswith("index.html") and _indexed(relative):
            self.futures[relative] = self._executor.submit(read_page, html, _url(relative))

    def close(self) -> None:
        self._executor.shutdown(cancel_futures=True)


def _indexed(relative: str) -> bool:
    excluded = relative == EXCLUDED_PAGE or relative.endswith(f"/{EXCLUDED_PAGE}")
    return not excluded and not relative.startswith(f"{BUNDLE_DIR}/")


def _url(relative: str) -> str:
    return "/" + relative.removesuffix("index.html")


# -----------------------------------------------------------------------------
# Records and the index
# -----------------------------------------------------------------------------


@dataclass
class SearchRecord:
    url: str
    language: str
    content: str
    meta: dict[str, str]


def search_records(pages: list[PageText]) -> list[SearchRecord]:
    """One Pagefind record per page: normalised words in, original text for display."""
    records = []
    for language in sorted({page.language for page in pages}):
        in_language = [page for page in pages if page.language == language]
        vocabulary = vocabulary_of([page.text for page in in_language])
        forms: dict[str, str] = {}
        for page in in_language:
            content = normalize_text(page.text, vocabulary, forms)
            meta = {
                "title": page.title,
                "anchors": " ".join(f"{position}:{anchor}" for position, anchor in page.anchors),
            }
            if content != page.text:
                meta["text"] = page.text
            records.append(SearchRecord(page.url, language, content, meta))
    return records


def write_search_index(site_dir: Path) -> list[SearchRecord]:
    """Index the built site into `site_dir/pagefind/`; returns the records indexed."""
    indexing = SearchIndexing(site_dir)
    indexing.finish()
    return indexing.records


class SearchIndexing:
    """Pagefind running over the built site's records, while the caller does other work.

    The Pagefind CLI reads one small HTML file per record (its Python API answers one
    message per 0.1 s, which added seconds to every build); `finish` waits for it.
    """

    def __init__(self, site_dir: Path, collector: PageCollector | None = None) -> None:
        self.records = search_records(site_pages(site_dir, collector))
        self.output = site_dir / BUNDLE_DIR
        template = _templates().get_template("search_record.html")
        self._folder = tempfile.TemporaryDirectory(prefix="search-records-")
        for record in self.records:
            path = Path(self._folder.name) / record.url.strip("/") / "index.html"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(template.render(record=record), encoding="utf-8")
        command = [str(get_executable()), "--site", self._folder.name]
        self._pagefind = subprocess.Popen(
            [*command, "--output-path", str(self.output), "--silent"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def cancel(self) -> None:
        self._pagefind.kill()
        self._pagefind.wait()
        self._folder.cleanup()

    def finish(self) -> None:
        try:
            stdout, stderr = self._pagefind.communicate()
        finally:
            self._folder.cleanup()
        if self._pagefind.returncode != 0:
            raise RuntimeError(f"Pagefind failed: {stdout}{stderr}")
        for name in UNUSED_BUNDLE_FILES:
            (self.output / name).unlink(missing_ok=True)
        # Pagefind lists the languages in a random order; sorted, two builds are identical.
        entry = self.output / "pagefind-entry.json"
        entry.write_text(
            json.dumps(json.loads(entry.read_text("utf-8")), sort_keys=True, ensure_ascii=False),
            encoding="utf-8",
        )


def _templates() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
