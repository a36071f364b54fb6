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

import contextlib
import hashlib
import json
import os
import re
import shutil
import subprocess
import tempfile
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path

import jinja2
import lxml.etree
import lxml.html
from lxml.html import HtmlElement
from pagefind.service import get_executable

from explainer.support import speed
from explainer.support.cache import copy_from_cache, mark_used, write_atomically
from explainer.support.forked import merge_tree

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
_ARTICLE_END = "</article>"
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


class _ArticleText:
    """Collects the words of a page's <article> and where its anchored elements begin.

    lxml parses the page (in C; Python's html.parser took most of a large build's search
    time); the walk below keeps what a reader searches for.
    """

    def __init__(self, language: str) -> None:
        self.language = language
        self.words: list[str] = []
        self.anchors: list[tuple[int, str]] = []
        self.heading_parts: list[str] = []
        self._foreign_start: int | None = None  # first word of an element in another language

    def walk(self, element: HtmlElement, in_article: bool, in_h1: bool) -> None:
        # Called for each of a large page's elements: attributes are read with `get`,
        # which costs less than the `attrib` view.
        get, tag = element.get, element.tag
        classes = get("class")
        if (
            tag in _SKIPPED_TAGS
            or (classes and not _SKIPPED_CLASSES.isdisjoint(classes.split()))
            or get("data-pagefind-ignore") is not None
        ):
            return  # nothing inside adds a word or an anchor (its tail is its parent's)
        other_language = get("lang")
        starts_foreign = bool(
            other_language and other_language != self.language and self._foreign_start is None
        )
        if starts_foreign:
            self._foreign_start = len(self.words)
        if tag == "article" and classes and "md-content__inner" in classes.split():
            in_article = True
        collecting = in_article
        if collecting:
            in_h1 = in_h1 or tag == "h1"
            element_id = get("id")
            if element_id and not element_id.startswith("__"):
                self.anchors.append((len(self.words), element_id))
            if element.text:
                self._add(element.text, in_h1)
        for child in element:
            if child.tag not in _VOID_TAGS and isinstance(child.tag, str):
                self.walk(child, in_article, in_h1)
            if collecting and child.tail:
                self._add(child.tail, in_h1)
        if starts_foreign:
            self._drop_long_foreign_passage()

    def _add(self, text: str, in_h1: bool) -> None:
        self.words += text.split()
        if in_h1:
            self.heading_parts.append(text)

    def _drop_long_foreign_passage(self) -> None:
        """Text in the other language belongs to that language's index: a source title in
        Arabic on an English page, the other half of a side-by-side page. Short runs stay
        (an acronym or a name such as "DEA" in Arabic text), since readers type them."""
        start, self._foreign_start = self._foreign_start, None
        if len(self.words) - start > FOREIGN_WORDS_KEPT:
            del self.words[start:]
            while self.anchors and self.anchors[-1][0] >= start:  # in word order
                self.anchors.pop()

    @property
    def heading(self) -> str:
        return " ".join(" ".join(self.heading_parts).split())


def searchable_part(html: str) -> str:
    """The head (language, title) and the article: all that can add to a page's record.
    The header and the nav before the article and the footer after it, two thirds of a
    page, cannot; a page without the theme's article is kept whole."""
    head_end, article = html.find("</head>"), _ARTICLE_START.search(html)
    if head_end >= 0 and article is not None and article.start() > head_end:
        # The theme closes the article by the page's last </article> at the latest. (Where
        # hand-written HTML leaves an element open, the parser would stay inside the
        # article past that tag and take the footer for article text: cut here, it cannot.)
        article_end = html.rfind(_ARTICLE_END)
        end = article_end + len(_ARTICLE_END) if article_end > article.start() else len(html)
        return html[:head_end] + html[article.start() : end]
    return html


def read_page(html: str, url: str) -> PageText | None:
    """The searchable text of one built page, or None if it has no article."""
    root = lxml.html.document_fromstring(searchable_part(html))
    title = root.findtext("head/title") or ""
    reader = _ArticleText(root.get("lang") or "")
    reader.walk(root, in_article=False, in_h1=False)
    if not reader.words:
        return None
    return PageText(
        url=url,
        language=reader.language,
        title=reader.heading or title.strip(),
        text=" ".join(reader.words),
        anchors=_first_anchor_per_position(reader.anchors),
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
    """Reads the searchable text of each page as soon as the build has rendered it: in the
    build's helper process (explainer.support.helper) if there is one, so that this work runs on
    the machine's second core beside the rendering of the next pages, else here.

    With a `cache` folder, a page whose searchable HTML was read by an earlier build is
    not read again (see `SearchTextCache`).
    """

    def __init__(self, helper: ProcessPoolExecutor | None, cache: Path | None = None) -> None:
        self._helper = helper
        self._cache = SearchTextCache(cache) if cache is not None else None
        self.futures: dict[str, Future[PageText | None]] = {}

    def add(self, relative: str, html: str) -> None:
        """A page as it is written to `relative` (e.g. 'en/timeline/index.html')."""
        if not (relative.endswith("index.html") and _indexed(relative)):
            return
        # Only the part read is sent: less to copy between the processes.
        part, url = searchable_part(html), _url(relative)
        if self._cache is None:
            read, arguments = read_page, (part, url)
        else:
            key = self._cache.key(part, url)
            found, page = self._cache.get(key)
            if found:
                self.add_read(relative, page)
                return
            read, arguments = self._cache.read_and_keep, (key, part, url, READER_DIGEST)
        if self._helper is not None:
            self.futures[relative] = self._helper.submit(read, *arguments)
        else:
            self.add_read(relative, read(*arguments))

    def add_read(self, relative: str, page: PageText | None) -> None:
        """A page read elsewhere (by the build of another language)."""
        self.futures[relative] = done = Future()
        done.set_result(page)

    def read(self) -> dict[str, PageText | None]:
        return {relative: future.result() for relative, future in self.futures.items()}


class SearchTextCache:
    """Searchable text of pages read by earlier builds, one file per page in `folder`.

    Reading a page (parsing it and walking its article) costs more than anything else the
    search index needs, and most pages are unchanged from one build to the next. A file is
    named by a digest of the page's URL, its searchable HTML and this module's code, so it
    can only be found again for the same input read the same way.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def key(self, part: str, url: str) -> str:
        hasher = hashlib.sha256(READER_DIGEST)
        hasher.update(url.encode("utf-8") + b"\0")
        hasher.update(part.encode("utf-8"))
        return hasher.hexdigest()

    def get(self, key: str) -> tuple[bool, PageText | None]:
        """(found, page); a file that cannot be read counts as not found.

        JSON, not pickle: a cache restored from elsewhere (CI) can at worst hold wrong
        words, never run code."""
        path = self.folder / f"{key}.json"
        try:
            value = json.loads(path.read_bytes())
            page = None if value is None else _page_text(**value)
        except (OSError, ValueError, TypeError):
            return False, None
        mark_used(path)
        return True, page

    def read_and_keep(self, key: str, part: str, url: str, reader: bytes) -> PageText | None:
        """`read_page`, kept for the next build (run in the helper process or here).

        `reader` is the READER_DIGEST in `key`: a helper spawned by `mkdocs serve` runs the
        module as it is on disk now, and keeps nothing if that is not the code the key
        names (search.py edited while serving)."""
        page = read_page(part, url)
        if reader != READER_DIGEST:
            return page
        value = json.dumps(None if page is None else asdict(page), ensure_ascii=False)
        # A full disk or a read-only cache: the build goes on without it.
        with contextlib.suppress(OSError):
            self.folder.mkdir(parents=True, exist_ok=True)
            write_atomically(self.folder / f"{key}.json", value.encode("utf-8"))
        return page


def _page_text(
    url: str, language: str, title: str, text: str, anchors: list[list[int | str]]
) -> PageText:
    """A PageText from its JSON form, its types checked."""
    fields = (url, language, title, text)
    pairs = [(position, anchor) for position, anchor in anchors]
    if not all(isinstance(value, str) for value in fields) or not all(
        type(position) is int and isinstance(anchor, str) for position, anchor in pairs
    ):
        raise TypeError("not a page's search text")
    return PageText(url, language, title, text, pairs)


@lru_cache(maxsize=1)
def _pagefind_digest() -> bytes:
    """Which Pagefind binary: its path, size and time (reinstalled, it counts as new)."""
    executable = Path(get_executable())
    status = executable.stat()
    return f"{executable}\0{status.st_size}\0{status.st_mtime_ns}".encode()


def _reader_digest() -> bytes:
    """This module's code and the HTML parser's versions: what reading a page depends on."""
    hasher = hashlib.sha256(Path(__file__).read_bytes())
    hasher.update(repr((lxml.etree.LXML_VERSION, lxml.etree.LIBXML_VERSION)).encode())
    return hasher.digest()


READER_DIGEST = _reader_digest()
"""Taken when the module is loaded, so that it names the code this process runs."""


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
    indexing = SearchIndexing(site_dir, site_pages(site_dir))
    indexing.finish()
    return indexing.records


class SearchIndexing:
    """Pagefind indexing some pages, while the caller does other work.

    The Pagefind CLI reads one small HTML file per record (its Python API answers one
    message per 0.1 s, which added seconds to every build). A language's records depend
    only on its own pages, and Pagefind indexes each language apart, so a language can be
    indexed as soon as its pages are read: each run writes a bundle of its own, which
    `finish` moves into the site's, listing its languages in the bundle's entry file.

    With a `cache` folder, the bundle of the last run for the same languages is kept there,
    named by a digest of every record and Pagefind's version: a build whose records are
    those of the last one (a change to code or docs that leaves the text alone) takes the
    bundle instead of running Pagefind again; builds are reproducible, so it is the same.
    """

    def __init__(self, site_dir: Path, pages: list[PageText], cache: Path | None = None) -> None:
        self.records = search_records(pages)
        self.output = site_dir / BUNDLE_DIR
        template = _templates().get_template("search_record.html")
        files = {
            Path(record.url.strip("/")) / "index.html": template.render(record=record)
            for record in self.records
        }
        self._bundle = Path(tempfile.mkdtemp(prefix=f".{BUNDLE_DIR}-", dir=site_dir))
        self._folder: tempfile.TemporaryDirectory | None = None
        self._pagefind: subprocess.Popen | None = None
        self._cache_entry = cache / _bundle_name(self.records, files) if cache else None
        if self._cache_entry is not None and self._take_kept(self._cache_entry):
            return
        self._folder = _records_folder(files)
        command = [str(get_executable()), "--site", self._folder.name]
        self._pagefind = subprocess.Popen(
            [*command, "--output-path", str(self._bundle), "--silent"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def cancel(self) -> None:
        if self._pagefind is not None:
            self._pagefind.kill()
            self._pagefind.wait()
        self._cleanup_records()
        shutil.rmtree(self._bundle, ignore_errors=True)

    def finish(self) -> None:
        try:
            self._finish()
        except BaseException:
            shutil.rmtree(self._bundle, ignore_errors=True)
            raise

    def _finish(self) -> None:
        if self._pagefind is not None:
            self._run_pagefind()
        self._cleanup_records()
        entry_name = "pagefind-entry.json"
        entry = json.loads((self._bundle / entry_name).read_text("utf-8"))
        if (self.output / entry_name).is_file():  # another run's languages
            earlier = json.loads((self.output / entry_name).read_text("utf-8"))
            entry["languages"] = {**earlier["languages"], **entry["languages"]}
        (self._bundle / entry_name).unlink()
        merge_tree(self._bundle, self.output)
        # Pagefind lists the languages in a random order; sorted, two builds are identical.
        (self.output / entry_name).write_text(
            json.dumps(entry, sort_keys=True, ensure_ascii=False), encoding="utf-8"
        )

    def _run_pagefind(self) -> None:
        try:
            stdout, stderr = self._pagefind.communicate()
        finally:
            self._cleanup_records()
        if self._pagefind.returncode != 0:
            shutil.rmtree(self._bundle, ignore_errors=True)
            raise RuntimeError(f"Pagefind failed: {stdout}{stderr}")
        for name in UNUSED_BUNDLE_FILES:
            (self._bundle / name).unlink(missing_ok=True)
        if self._cache_entry is not None:
            self._keep(self._cache_entry)

    def _cleanup_records(self) -> None:
        if self._folder is not None:
            self._folder.cleanup()
            self._folder = None

    def _take_kept(self, entry: Path) -> bool:
        """Copy the kept bundle for these records now, if there is one. Another build of
        the same project may replace it meanwhile: then Pagefind runs after all."""
        if not (entry / "pagefind-entry.json").is_file():
            return False
        try:
            shutil.copytree(entry, self._bundle, dirs_exist_ok=True, copy_function=copy_from_cache)
        except OSError:
            shutil.rmtree(self._bundle, ignore_errors=True)
            self._bundle.mkdir()
            return False
        return True

    def _keep(self, entry: Path) -> None:
        """Keep this bundle for the next build, in place of the last one of its languages
        (a full disk or a read-only cache only means it is not kept)."""
        partial = entry.with_name(f"{entry.name}.{os.getpid()}.tmp")
        try:
            shutil.rmtree(partial, ignore_errors=True)
            shutil.copytree(self._bundle, partial, copy_function=shutil.copyfile)
            languages = entry.name.split(".")[0]
            for earlier in entry.parent.glob(f"{languages}.*"):
                if earlier != partial:
                    shutil.rmtree(earlier, ignore_errors=True)
            partial.rename(entry)
        except OSError:
            shutil.rmtree(partial, ignore_errors=True)


MEMORY_FOLDERS = ("/dev/shm",)
"""Where the records are written for Pagefind if the system has it: a file system in memory.
Pagefind reads each record once and the folder goes; on disk, a 100x build made and removed
5,000 files and folders for them, and a file system such as ext4 without a journal then
searches past every inode freed in the last seconds to make each new file of the build."""


def _records_folder(files: dict[Path, str]) -> tempfile.TemporaryDirectory:
    """A temporary folder holding `files`, in memory if possible (too small or missing:
    the system's temporary folder)."""
    for memory in MEMORY_FOLDERS if speed.enabled("shm") else ():
        if os.access(memory, os.W_OK | os.X_OK):
            with contextlib.suppress(OSError):
                return _written_folder(files, memory)
    return _written_folder(files, None)


def _written_folder(files: dict[Path, str], parent: str | None) -> tempfile.TemporaryDirectory:
    folder = tempfile.TemporaryDirectory(prefix="search-records-", dir=parent)
    try:
        for relative, html in files.items():
            path = Path(folder.name) / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(html, encoding="utf-8")
    except BaseException:
        folder.cleanup()
        raise
    return folder


PAGEFIND_CONFIG_FILES = ("pagefind.yml", "pagefind.yaml", "pagefind.toml", "pagefind.json")
"""Files Pagefind reads from its working directory, besides PAGEFIND_* variables."""


def _bundle_name(records: list[SearchRecord], files: dict[Path, str]) -> str:
    """'<languages>.<digest>' of everything a bundle depends on: the records, this module
    (the command it runs, the files it drops), the Pagefind binary and its settings."""
    hasher = hashlib.sha256(_pagefind_digest() + READER_DIGEST)
    settings = {name: value for name, value in os.environ.items() if name.startswith("PAGEFIND_")}
    hasher.update(json.dumps(settings, sort_keys=True).encode("utf-8"))
    for name in PAGEFIND_CONFIG_FILES:
        if Path(name).is_file():
            hasher.update(name.encode() + Path(name).read_bytes())
    for relative, html in sorted(files.items()):
        hasher.update(f"\0{relative.as_posix()}\0".encode())
        hasher.update(html.encode("utf-8"))
    languages = "-".join(sorted({record.language for record in records}))
    return f"{languages}.{hasher.hexdigest()[:32]}"


def _templates() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
