"""The project as the MkDocs adapter sees it: data, pages, nav and alternates.

Everything here is plain Python over plain values; `hooks/site.py` only translates
MkDocs events into calls on `Project`.
"""

from __future__ import annotations

import calendar
import datetime
import functools
import os
import posixpath
import re
import shutil
import sys
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jinja2

from explainer.data.dataset import SiteData, load_site_data
from explainer.data.loader import DataError, Problem
from explainer.data.model import LANGUAGES
from explainer.outputs import csp
from explainer.outputs.exports import write_exports
from explainer.outputs.feeds import write_feeds
from explainer.outputs.page_meta import page_meta, share_cards
from explainer.outputs.redirects import write_redirects
from explainer.outputs.search import PageCollector, SearchIndexing, site_pages
from explainer.outputs.share_images import (
    ShareImageError,
    require_raqm,
    start_drawing,
    write_share_images,
)
from explainer.render.glossary import TermPattern, link_terms, term_patterns
from explainer.render.html_blocks import (
    Outline,
    PermalinkStyle,
    permalink_style,
    render_outline,
    restore_blocks,
    stash_blocks,
)
from explainer.render.pages import (
    PageSpec,
    Renderer,
    language_prefix,
    page_url,
    plan_pages,
    relative_url,
)
from explainer.render.text import isolate_latin, load_labels
from explainer.support import speed
from explainer.support.cache import remove_unused_files
from explainer.support.forked import LanguageBuildError, LanguageBuilds
from explainer.support.helper import can_fork, start_workers, stop_workers

DEFAULT_LANGUAGE = LANGUAGES[0]
DIRECTIONS = {"ar": "rtl", "en": "ltr"}
LANGUAGE_NAMES = {"ar": "العربية", "en": "English"}
FONTS_DIR = "fonts/ttf"
SHARE_IMAGE_CACHE = ".cache/share-images"
"""Outside site/, so unchanged cards survive between builds (see explainer.outputs.share_images)."""
TEMPLATE_CACHE = ".cache/templates"
"""Compiled Jinja templates (ours and the theme's), kept between builds; see
`template_bytecode_cache`."""
SEARCH_TEXT_CACHE = ".cache/search-text"
"""Each page's searchable text, kept between builds
(see explainer.outputs.search.SearchTextCache)."""
CACHE_UNUSED_DAYS = 30
"""Share cards and search text unused by any build for this long are removed."""
SEARCH_INDEX_CACHE = ".cache/search-index"
"""The last Pagefind bundle of each language, for a build with the same records."""
REPORTED_ERRORS = (
    DataError,
    LanguageBuildError,
    ShareImageError,
    speed.SwitchError,
    csp.UntrustedScript,
)
"""The core's errors a build reports by their message alone (a DataError's lists every
problem), without a traceback."""
PILLARS_PLACEHOLDER = "explainer:pillars"
"""Written in mkdocs.yml's nav where the pillar pages go, in the data's order."""
PILLARS_IN_NAV_LIMIT = 12
"""Up to this many pillars are listed in the nav; with more, the nav keeps only the pillars
index, which lists them all. Every page embeds the nav, so a nav that grows with the data
makes the build grow with its square (see `make bench`)."""


@dataclass
class Project:
    root: Path
    data: SiteData
    labels: dict[str, dict[str, str]]
    renderer: Renderer
    pages: list[PageSpec]
    glossary_patterns: dict[str, list[TermPattern]]
    trusted_scripts: set[str] = field(default_factory=set)
    """Digests of the theme's inline scripts (explainer.outputs.csp.template_scripts)."""
    one_off: bool = False
    """Built once, not rebuilt by `mkdocs serve`: see `load_for_build`."""
    _html_blocks: dict[str, dict[str, str]] = field(default_factory=dict, repr=False)
    _workers: ProcessPoolExecutor | None = field(default=None, repr=False)
    _languages: LanguageBuilds | None = field(default=None, repr=False)
    _languages_done: list[str] = field(default_factory=list, repr=False)
    _share_images: Future[int] | None = field(default=None, repr=False)
    _search_pages: PageCollector | None = field(default=None, repr=False)
    _indexing: list[SearchIndexing] = field(default_factory=list, repr=False)
    _indexed_languages: set[str] = field(default_factory=set, repr=False)
    _site_files_written: bool = field(default=False, repr=False)
    _root_404: str | None = field(default=None, repr=False)

    @property
    def template_cache(self) -> jinja2.BytecodeCache | None:
        """The compiled-template cache of the fragments, for the theme's templates too."""
        return self.renderer.env.bytecode_cache

    # Pages ----------------------------------------------------------------------

    def generated_src_uris(self) -> list[str]:
        return [f"{lang}/{spec.path}" for spec in self.pages for lang in LANGUAGES]

    def render(self, src_uri: str) -> str | None:
        """Markdown of a generated page ('ar/pillars/x.md'), or None if hand-written."""
        language, _, path = src_uri.partition("/")
        spec = self._spec_for(path)
        if spec is None or language not in LANGUAGES:
            return None
        return self.renderer.render(spec, language)

    def render_for_markdown(self, src_uri: str) -> str | None:
        """`render`, with the page's large HTML blocks held back from Python-Markdown.

        Markdown passes them through unchanged but parses them first, the largest cost of a
        build; `restore_html_blocks` puts them back into its output (explainer.render.html_blocks).
        """
        markdown = self.render(src_uri)
        if markdown is None or not speed.enabled("html-blocks"):
            return markdown
        markdown, self._html_blocks[src_uri] = stash_blocks(markdown)
        return markdown

    def outline(self, src_uri: str, markdown: str, style: PermalinkStyle) -> Outline | None:
        """A generated page's HTML and headings written without Python-Markdown, if it is
        only headings and held-back blocks (explainer.render.html_blocks.render_outline)."""
        if src_uri not in self._html_blocks:
            return None
        return render_outline(markdown, style)

    def restore_html_blocks(self, html: str, src_uri: str) -> str:
        """The page's HTML with the blocks `render_for_markdown` held back put back."""
        return restore_blocks(html, self._html_blocks.pop(src_uri, {}))

    def check_hand_written(self, src_uris: list[str], docs_dir: str) -> None:
        """Hand-written pages exist in both languages and do not shadow generated ones."""
        by_language: dict[str, set[str]] = {lang: set() for lang in LANGUAGES}
        problems = []
        for src_uri in src_uris:
            language, _, path = src_uri.partition("/")
            if language in by_language:
                by_language[language].add(path)
        for language, paths in by_language.items():
            for path in sorted(paths):
                if self._spec_for(path) is not None:
                    problems.append(
                        Problem(
                            f"docs/{language}/{path}",
                            0,
                            0,
                            "",
                            "this page is generated from data/ and cannot also be written by hand",
                            "rename the file, or edit the data instead",
                        )
                    )
                for other in LANGUAGES:
                    if other != language and path not in by_language[other]:
                        problems.append(
                            Problem(
                                f"docs/{language}/{path}",
                                0,
                                0,
                                "",
                                f"this page has no counterpart docs/{other}/{path}",
                                f"write docs/{other}/{path} (same file name in both languages)",
                            )
                        )
        if problems:
            raise DataError(problems)

    # Nav ------------------------------------------------------------------------

    def localized_nav(self, template: list[Any] | None, language: str) -> list[Any] | None:
        """The nav of mkdocs.yml with section labels translated and pillars inserted."""
        if template is None:
            return None
        return [self._localize_entry(entry, language) for entry in template]

    def _localize_entry(self, entry: Any, language: str) -> Any:
        if isinstance(entry, dict):
            return {
                self._label(key, language): (
                    self._localize_list(value, language) if isinstance(value, list) else value
                )
                for key, value in entry.items()
            }
        return entry

    def _localize_list(self, entries: list[Any], language: str) -> list[Any]:
        result: list[Any] = []
        for entry in entries:
            if entry == PILLARS_PLACEHOLDER:
                if len(self.data.pillars) <= PILLARS_IN_NAV_LIMIT:
                    result += [f"pillars/{pillar.id}.md" for pillar in self.data.pillars]
            else:
                result.append(self._localize_entry(entry, language))
        return result

    def _label(self, key: str, language: str) -> str:
        return self.labels[key][language] if key in self.labels else key

    # Alternates -----------------------------------------------------------------

    def alternates(self, path: str, site_url: str, current: str) -> list[dict[str, str]]:
        """A page in every language: absolute URLs for hreflang, relative ones for links.

        The switcher uses the relative URL so that it works in a local preview and under
        any sub-path; search engines get the absolute one.
        """
        base = site_url if site_url.endswith("/") else site_url + "/"
        url = page_url(path)
        here = f"{language_prefix(current)}{url}" or "."
        alternates = []
        for language in LANGUAGES:
            there = f"{language_prefix(language)}{url}" or "."
            relative = posixpath.relpath(there, here)
            alternates.append(
                {
                    "lang": language,
                    "name": LANGUAGE_NAMES[language],
                    "url": f"{base}{language_prefix(language)}{url}",
                    "relative": "./" if relative == "." else relative + "/",
                }
            )
        return alternates

    def configure_markdown(
        self, language: str, extensions: list[str], options: dict[str, dict[str, Any]]
    ) -> PermalinkStyle | None:
        """Set in `options` (MkDocs' mdx_configs) the titles Python-Markdown writes into
        pages (heading permalinks, footnote back links) in `language`; return whether, and
        how, generated pages can skip Markdown (explainer.render.html_blocks)."""
        labels = {
            "toc": {"permalink_title": self._label("markdown.permalink", language)},
            "footnotes": {"BACKLINK_TITLE": self._label("markdown.footnote_back", language)},
        }
        for extension, values in labels.items():
            if extension in options or extension in extensions:
                options.setdefault(extension, {}).update(values)
        return permalink_style(extensions, options.get("toc", {}))

    def site_name(self, language: str) -> str:
        return getattr(self.data.site.name, language)

    def source_date_epoch(self) -> int:
        """The build's timestamp, taken from the data: site.last_reviewed at 00:00 UTC.

        MkDocs reads SOURCE_DATE_EPOCH for the sitemap's <lastmod> and the gzip header of
        sitemap.xml.gz; without it they carry the clock and no two builds are identical.
        """
        reviewed = datetime.date.fromisoformat(self.data.site.last_reviewed)
        return calendar.timegm(reviewed.timetuple())

    def page_context(self, path: str, language: str, title: str | None = None) -> dict[str, Any]:
        """Extra values the theme templates use on every page (`title`: a hand-written one's)."""
        spec = self._spec_for(path)
        return {
            **page_meta(self.renderer, spec, path, language, self.root / FONTS_DIR, title),
            "language": language,
            "prefix": language_prefix(language),
            "direction": DIRECTIONS[language],
            "labels": {key: value[language] for key, value in self.labels.items()},
            "labels_by_language": {
                other: {key: value[other] for key, value in self.labels.items()}
                for other in LANGUAGES
            },
            "directions": DIRECTIONS,
            "prefixes": {other: language_prefix(other) for other in LANGUAGES},
            "generated": spec is not None,
            "key": spec.key if spec else f"doc:{path}",
            "site_name": getattr(self.data.site.name, language),
        }

    # What the adapter asks of each page -------------------------------------------

    def template_context(
        self, src_uri: str | None, language: str, site_url: str, title: str | None = None
    ) -> dict[str, Any]:
        """What the theme's templates read, for a page ('ar/x.md'; `title`: a hand-written
        one's) or, with None, for 404.html: the home page's values, with its language
        switcher linking by absolute path, since it answers at any depth (/en/no/such/).
        Each alternate's `link` is the address the theme's <link rel="alternate"> takes
        (MkDocs' config.extra.alternate)."""
        if src_uri is None:
            alternates = []
            for alternate in self.alternates("index.md", site_url, language):
                path = urlsplit(alternate["url"]).path
                alternates.append({**alternate, "relative": path, "link": path})
            return {
                "explainer": self.page_context("404.md", language),
                "explainer_alternates": alternates,
            }
        path = neutral_path(src_uri)
        alternates = self.alternates(path, site_url, language)
        return {
            "explainer": self.page_context(path, language, title),
            "explainer_alternates": [{**alt, "link": alt["url"]} for alt in alternates],
        }

    def page_content(self, html: str, src_uri: str, language: str) -> str:
        """A page's HTML as Markdown made it: the held-back blocks put back, glossary terms
        linked, hand-written right-to-left text isolated. ValueError: a block is lost."""
        html = self.restore_html_blocks(html, src_uri)
        html = self.link_glossary(html, neutral_path(src_uri), language)
        return self.isolate_hand_written(html, neutral_path(src_uri), language)

    def finish_page(self, html: str, language: str, written: str | None) -> str:
        """A page as it is written at `written` in the site ('en/x/index.html'; None: a
        static template). `dir` goes on <html> too (Material sets it on <body> only;
        readers' tools and CSS need it there), then the Content Security Policy, last, so
        that it hashes the inline scripts as written. Raises csp.UntrustedScript."""
        html = re.sub(
            r"<html lang=\"([^\"]+)\"",
            rf'<html lang="\1" dir="{DIRECTIONS[language]}"',
            html,
            count=1,
        )
        html = csp.add_policy(html, self.trusted_scripts)
        if written is not None:
            self.built_page(written, html)
        return html

    def link_glossary(self, html: str, path: str, language: str) -> str:
        """Link the first use of each glossary term on a page (not on the glossary itself)."""
        if path == "glossary.md" or not self.data.terms:
            return html
        return link_terms(
            html,
            self.glossary_patterns[language],
            lambda term_id: relative_url(path, f"glossary/#{term_id}"),
        )

    def isolate_hand_written(self, html: str, path: str, language: str) -> str:
        """Hand-written right-to-left pages get the bidi isolation data text gets when it is
        rendered: Latin runs in <bdi>, so "(DEA)" or "H.R. 6265" keep their punctuation."""
        if DIRECTIONS[language] != "rtl" or self._spec_for(path) is not None:
            return html
        return str(isolate_latin(html))

    @staticmethod
    def languages_apart(languages: list[str], current: str) -> list[str]:
        """The languages to build in worker processes beside `current`: the others, where
        workers can be forked with what is loaded (`explainer.support.helper.can_fork`)."""
        if not (speed.enabled("languages") and can_fork()):
            return []
        return [language for language in languages if language != current]

    def start_build(
        self,
        site_dir: Path,
        built_here: str = DEFAULT_LANGUAGE,
        apart: dict[str, Callable[[Path], object]] | None = None,
        describe_error: Callable[[BaseException], str] = str,
    ) -> None:
        """Start a build of `built_here` into `site_dir`: forget what the previous build of
        this project indexed and wrote (`mkdocs serve` rebuilds with the same project while
        the data has a mistake), and start the worker processes (explainer.support.helper).

        Each language in `apart` is built by a forked worker, through the given call with
        a folder of its own (see `take_language`); a failure there is reported as
        `describe_error` says. The helper draws the share images not cached yet first,
        ready when `write_extras` needs them, then reads each page's searchable text as
        soon as the page is built.
        """
        self.close()
        if self.one_off:
            speed.freeze_loaded()
        self._indexed_languages = set()
        self._site_files_written = False
        self._root_404 = None
        self._languages_done = [built_here]
        apart = apart or {}
        helper = speed.enabled("helper")
        outputs = [LanguageBuilds.output_folder(site_dir, language) for language in apart]
        calls = [
            LanguageBuilds.reporting(
                functools.partial(self._build_apart, build, output), describe_error
            )
            for build, output in zip(apart.values(), outputs, strict=True)
        ]
        if apart or helper:
            pool, futures = start_workers(len(apart) + helper, calls)
            # Set after the fork: the workers' copies of this project have no pool.
            self._workers = pool
            builds = zip(apart, zip(futures, outputs, strict=True), strict=True)
            self._languages = LanguageBuilds(dict(builds))
        self._search_pages = PageCollector(
            self._workers if helper else None, self.root / SEARCH_TEXT_CACHE
        )
        cards = share_cards(self.renderer)
        cache = self.root / SHARE_IMAGE_CACHE
        fonts = self.root / FONTS_DIR
        if helper and any(not (cache / f"{card.digest(fonts)}.png").is_file() for card in cards):
            self._share_images = start_drawing(self._workers, cards, fonts, cache)

    def _build_apart(self, build: Callable[[Path], object], output: Path) -> dict:
        """In a forked worker: build a language into `output`; what is returned is each
        page's searchable text, read here as the page is built."""
        self._search_pages = PageCollector(None, self.root / SEARCH_TEXT_CACHE)
        build(output)
        return self._search_pages.read()

    def take_language(self, language: str, site_dir: Path) -> bool:
        """In place of building `language` into `site_dir`, if it was built apart: index
        the languages built so far while its build finishes (Pagefind runs meanwhile), then
        move its files in. False if it was not: build it. Raises DataError, or
        explainer.support.forked.LanguageBuildError with the message of the build that failed."""
        if self._languages is None or language not in self._languages:
            return False
        self.write_extras_early(site_dir, set(self._languages_done))
        pages = self._languages.take(language, site_dir)
        for relative, page in pages.items():
            self._search_pages.add_read(relative, page)
        self._languages_done.append(language)
        return True

    def built_page(self, relative: str, html: str) -> None:
        """A page as the build writes it, at `relative` in the site (e.g. 'en/x/index.html')."""
        if self._search_pages is not None:
            self._search_pages.add(relative, html)

    def close(self) -> None:
        """Stop the worker processes and any indexing: a build that will not finish (e.g. a
        failed one) has its pending work dropped."""
        self._search_pages = self._share_images = None
        if self._workers is not None:
            stop_workers(self._workers)
            self._workers = None
        if self._languages is not None:
            self._languages.discard()
            self._languages = None
        for indexing in self._indexing:
            indexing.cancel()
        self._indexing = []

    def _stop_helper(self) -> None:
        """Once every language is built and read: the workers have nothing left to do."""
        self._search_pages = self._share_images = None
        if self._workers is not None:
            self._workers.shutdown(cancel_futures=True)
            self._workers = None

    def write_extras_early(self, site_dir: Path, languages: set[str]) -> None:
        """While other languages are still being built elsewhere: index the `languages`
        built (Pagefind runs meanwhile) and write the site-wide files that need no page."""
        try:
            self._index(site_dir, languages)
            self._write_site_files(site_dir)
        except BaseException:
            self.close()
            raise

    def keep_404(self, html: str, language: str, default_language: str, site_dir: Path) -> None:
        """404.html as each language's build writes it at the root of `site_dir`: the
        default language's is put back there last (`write_extras`); the others' also go
        in their folders (/en/404.html), for hosts that serve the one nearest the missing
        address."""
        if language == default_language:
            self._root_404 = html
        else:
            (site_dir / language).mkdir(parents=True, exist_ok=True)
            (site_dir / language / "404.html").write_text(html, encoding="utf-8")

    def write_extras(self, site_dir: Path, site_url: str) -> None:
        """Site-wide files written once after every language is built."""
        if self._root_404 is not None:
            (site_dir / "404.html").write_text(self._root_404, encoding="utf-8")
        remove_unused_theme_files(site_dir)
        write_redirects(site_dir, self.renderer, DIRECTIONS)
        try:
            self._index(site_dir, None)  # Pagefind runs meanwhile
            self._write_site_files(site_dir)
            self._stop_helper()
            while self._indexing:  # those not finished are cancelled by close() below
                self._indexing.pop(0).finish()
        finally:
            self.close()
        for folder in (SHARE_IMAGE_CACHE, SEARCH_TEXT_CACHE):
            remove_unused_files(self.root / folder, CACHE_UNUSED_DAYS)

    def _index(self, site_dir: Path, languages: set[str] | None) -> None:
        """Start indexing the pages of `languages` (None: every language) not indexed yet."""
        pages = [
            page
            for page in site_pages(site_dir, self._search_pages)
            if page.language not in self._indexed_languages
            and (languages is None or page.language in languages)
        ]
        if pages:
            self._indexing.append(SearchIndexing(site_dir, pages, self.root / SEARCH_INDEX_CACHE))
            self._indexed_languages |= {page.language for page in pages}

    def _write_site_files(self, site_dir: Path) -> None:
        if not self._site_files_written:
            write_exports(site_dir, self.renderer)
            write_feeds(site_dir, self.renderer)
            self._write_share_images(site_dir)
            self._site_files_written = True

    def _write_share_images(self, site_dir: Path) -> None:
        if self._share_images is not None:  # drawn beside the pages: wait for the last ones
            self._share_images.result()
        cards = share_cards(self.renderer)
        write_share_images(site_dir, cards, self.root / FONTS_DIR, self.root / SHARE_IMAGE_CACHE)

    def _spec_for(self, path: str) -> PageSpec | None:
        return self._specs_by_path.get(path)

    @cached_property
    def _specs_by_path(self) -> dict[str, PageSpec]:
        """Called several times per page: a scan of every page made the build quadratic."""
        index: dict[str, PageSpec] = {}
        for spec in self.pages:
            index.setdefault(spec.path, spec)
        return index


def neutral_path(src_uri: str) -> str:
    """'ar/pillars/x.md' -> 'pillars/x.md': the language-neutral path of a page."""
    return src_uri.split("/", 1)[1] if "/" in src_uri else src_uri


def icons_dir(theme_dirs: list[str]) -> Path | None:
    """The theme's icons (pillar icons are inlined from there)."""
    for theme_dir in theme_dirs:
        candidate = Path(theme_dir) / ".icons"
        if candidate.is_dir():
            return candidate
    return None


UNUSED_THEME_FILES = (
    "assets/javascripts/bundle.*.min.js",
    "assets/javascripts/bundle.*.min.js.map",
    "assets/javascripts/lunr",
    "assets/javascripts/workers",
)
"""Material's JavaScript (2.3 MB with its source map and search), which MkDocs copies from
the theme but no page loads: docs/assets/javascripts/theme.js does what the site used of it."""


def remove_unused_theme_files(site_dir: Path) -> None:
    for pattern in UNUSED_THEME_FILES:
        for path in sorted(site_dir.glob(pattern)):
            if path.is_dir():
                shutil.rmtree(path)
            else:
                path.unlink()


def load_project(root: Path, icons: Path | None = None, site_url: str = "/") -> Project:
    """Load and validate everything a build needs. Raises DataError (or ShareImageError)."""
    require_raqm()  # before any work: without it the share images would be unreadable
    data = load_site_data(root / "data")
    labels = load_labels(root / "locales" / "ui.yaml")
    fragments = root / "overrides" / "fragments"
    renderer = Renderer(data, labels, fragments, icons, site_url, template_bytecode_cache(root))
    problems = renderer.check_icons() if icons else []
    if problems:
        raise DataError(problems)
    glossary_patterns = {language: term_patterns(data.terms, language) for language in LANGUAGES}
    return Project(root, data, labels, renderer, plan_pages(data), glossary_patterns)


def load_for_build(root: Path, theme_dirs: list[str], site_url: str, one_off: bool) -> Project:
    """`load_project` for a build with the theme in `theme_dirs` (its icons, the digests of
    its inline scripts). A `one_off` build (not `mkdocs serve`) collects garbage less often
    (explainer.support.speed). Raises DataError, ShareImageError or speed.SwitchError."""
    speed.disabled()  # a mistyped EXPLAINER_DISABLE stops the build before any work
    if one_off:
        speed.collect_less()
    project = load_project(root, icons_dir(theme_dirs), site_url)
    project.trusted_scripts = csp.template_scripts(theme_dirs)
    project.one_off = one_off
    return project


def reload_for_build(
    previous: Project | None, root: Path, theme_dirs: list[str], site_url: str, serving: bool
) -> Project:
    """The project for the build starting now (`load_for_build`); `previous`, the last
    build's, has its workers stopped. Under `mkdocs serve` a mistake in the data is
    printed and the last good project serves: a failed rebuild would make the server hold
    every request until a build succeeds. Dates in the output come from the data, never
    from the clock (SOURCE_DATE_EPOCH), so builds are reproducible."""
    if previous is not None:
        previous.close()
    try:
        project = load_for_build(root, theme_dirs, site_url, one_off=not serving)
    except REPORTED_ERRORS as error:
        if not serving or previous is None:
            raise
        print(f"{error}\nServing the last good version.", file=sys.stderr)
        project = previous
    os.environ["SOURCE_DATE_EPOCH"] = str(project.source_date_epoch())
    return project


def template_bytecode_cache(root: Path) -> jinja2.BytecodeCache | None:
    """Jinja's cache of compiled templates, in a folder outside site/.

    Compiling the theme's templates took about a quarter of a small build, and MkDocs
    compiles them again for each language and each `mkdocs serve` rebuild. A template is
    taken from the cache only while its source is unchanged (Jinja stores a checksum with
    it) and for the same Python version; writes are atomic, so the build's processes can
    share the folder. None (no cache) if the folder cannot be made, e.g. a read-only copy.
    """
    folder = root / TEMPLATE_CACHE
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return jinja2.FileSystemBytecodeCache(str(folder))
