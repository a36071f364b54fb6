"""MkDocs adapter: wires the pure `explainer` package into MkDocs and mkdocs-static-i18n.

This is the only module that imports MkDocs. static-i18n runs one whole build per
language on the same config object; generated pages follow the two-phase pattern that
survives it (see ../shared/research/mkdocs-i18n-notes.md, section 1.3): placeholder
`File`s for both languages before i18n's `on_files`, content set in `on_nav`. Under
`mkdocs build`, the other languages are built in forked copies of this process beside the
default one (see "Languages built side by side" below).
"""

from __future__ import annotations

import atexit
import copy
import functools
import gc
import logging
import os
import re
import shutil
import sys
import tempfile
import threading
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

import mkdocs_static_i18n.plugin as i18n_plugin
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.exceptions import MkDocsException, PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.toc import get_toc

log = logging.getLogger("mkdocs.hooks.site")
PROJECT_ROOT = Path(__file__).resolve().parent.parent
if str(PROJECT_ROOT) not in sys.path:
    sys.path.insert(0, str(PROJECT_ROOT))

from explainer import csp  # noqa: E402
from explainer import site as core  # noqa: E402
from explainer.forked import (  # noqa: E402
    SITEMAP,
    ForkedTaskError,
    can_fork,
    fork_task,
    merge_sitemap,
    merge_tree,
)
from explainer.html_blocks import Outline, permalink_style  # noqa: E402
from explainer.loader import DataError  # noqa: E402
from explainer.share_images import ShareImageError  # noqa: E402

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page

    from explainer.search import PageText

# State survives both language builds (the module is loaded once per process); it is
# rebuilt whenever the default language starts a new build, e.g. on each serve reload.
state = SimpleNamespace(
    project=None,
    nav_template=None,
    permalink_style=None,
    root_404=None,
    serving=False,
    site_dir=None,
    language_builds={},
    languages_done=[],
)
GC_THRESHOLD = 20_000
"""New objects between two collections of the youngest generation (Python's default: 700)."""
ENV_ONLY_PLUGINS = {"mkdocs_static_i18n.plugin", __name__}
"""Modules whose on_env only configures the Jinja environment: the theme's templates are
compiled ahead (see _compile_theme_templates) only when no other plugin has an on_env."""
SERIAL_LANGUAGES = "EXPLAINER_SERIAL_LANGUAGES"
"""Set (to anything) to build the languages one after the other, as static-i18n does."""


# -----------------------------------------------------------------------------
# Hooks
# -----------------------------------------------------------------------------


def on_startup(*, command: str, dirty: bool) -> None:
    state.serving = command == "serve"


@event_priority(-150)  # after i18n's on_config, so the current language is known
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    i18n = config.plugins["i18n"]
    if not i18n.building:
        root = Path(config.config_file_path).parent
        if not state.serving:
            # Loading the data and each page leave thousands of objects behind, and the
            # default threshold (700) collects so often that what the build keeps is walked
            # again and again. At 100x, loading took 6.4 s with it and 4.2 s with this
            # threshold; the pages spent 6 s in the collector with it, 3 s with this one.
            gc.set_threshold(GC_THRESHOLD, *gc.get_threshold()[1:])
        try:
            if state.project is not None:
                state.project.close()
            state.project = core.load_project(root, _icons_dir(config), config.site_url or "/")
            state.site_dir = Path(config.site_dir)
        except DataError as error:
            if not state.serving or state.project is None:
                raise PluginError(error.report()) from None
            # A failed rebuild would make `mkdocs serve` hold every request until a build
            # succeeds: rebuild from the last good data instead, and show the report.
            print(f"{error.report()}\nServing the last good version.", file=sys.stderr)
        except ShareImageError as error:
            raise PluginError(str(error)) from None
        # Dates in the output come from the data, never from the clock: reproducible builds.
        os.environ["SOURCE_DATE_EPOCH"] = str(state.project.source_date_epoch())
        state.nav_template = copy.deepcopy(config.nav)
        state.root_404 = None
        state.trusted_scripts = csp.template_scripts(config.theme.dirs)
    language = i18n.current_language
    config.nav = state.project.localized_nav(state.nav_template, language)
    config.site_name = state.project.site_name(language)
    # Titles Python-Markdown writes (heading permalinks, footnote back links), in this
    # language; then whether, and how, generated pages can skip it (explainer.html_blocks).
    for extension, options in state.project.markdown_labels(language).items():
        if extension in config.mdx_configs or extension in config.markdown_extensions:
            config.mdx_configs.setdefault(extension, {}).update(options)
    state.permalink_style = permalink_style(
        config.markdown_extensions, config.mdx_configs.get("toc", {})
    )
    if not i18n.building:
        if not state.serving:
            # What is loaded now lives as long as the build: the garbage collector need not
            # walk it again and again, which would also copy it into every forked process.
            gc.freeze()
        forking = _languages_apart()
        if forking:
            state.project.renderer.compile_templates()
            _start_language_builds(config)
        state.project.start_build()  # after the forks: they must not share its helper
        if forking:
            _compile_theme_templates(config)
    return config


@event_priority(50)  # before i18n's on_files (-100): i18n must see both languages' pages
def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    try:
        state.project.check_hand_written(
            [f.src_uri for f in files.documentation_pages()], config.docs_dir
        )
    except DataError as error:
        raise PluginError(error.report()) from None
    for src_uri in state.project.generated_src_uris():
        files.append(File(src_uri, config.docs_dir, config.site_dir, config.use_directory_urls))
    return files


def on_nav(nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
    for file in files.documentation_pages():
        markdown = state.project.render_for_markdown(file.src_uri)
        if markdown is not None:
            file.content_string = markdown
            file.generated_by = "hooks/site.py"
    return nav


@event_priority(100)  # before any plugin loads a template
def on_env(env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
    # MkDocs makes a new environment for each language and each serve rebuild, which would
    # compile the theme's templates every time: they are kept compiled (explainer.site).
    env.bytecode_cache = state.project.template_cache
    return env


@event_priority(-100)  # last: the outline is of the Markdown Page.render would convert
def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    style = state.permalink_style
    outline = style and state.project.outline(page.file.src_uri, markdown, style)
    if outline:
        # The page is headings and held-back blocks only: what Python-Markdown would make
        # of it is known (explainer.html_blocks), so MkDocs' Page.render is skipped.
        page.render = functools.partial(_render_outline, page, outline)
    return markdown


def _render_outline(page: Page, outline: Outline, config: MkDocsConfig, files: Files) -> None:
    """Stands in for Page.render: sets what it sets (MkDocs 1.6 names them so)."""
    page.content = outline.html
    page.toc = get_toc(outline.toc_tokens())
    page._title_from_render = outline.title
    page.present_anchor_ids = {heading.id for heading in outline.headings}
    page.links_to_anchors = {}


def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    language = config.plugins["i18n"].current_language
    try:
        html = state.project.restore_html_blocks(html, page.file.src_uri)
    except ValueError as error:
        raise PluginError(f"{page.file.src_uri}: {error}") from None
    html = state.project.link_glossary(html, _page_path(page), language)
    return state.project.isolate_hand_written(html, _page_path(page), language)


@event_priority(0)  # after i18n's on_page_context (50), which sets per-page alternates
def on_page_context(context: dict[str, Any], *, page: Page, config: MkDocsConfig, **kwargs):
    language = config.plugins["i18n"].current_language
    alternates = state.project.alternates(_page_path(page), config.site_url or "/", language)
    config.extra.alternate = [{**alternate, "link": alternate["url"]} for alternate in alternates]
    context["explainer"] = state.project.page_context(_page_path(page), language, page.title)
    context["explainer_alternates"] = alternates
    context["explainer_absolute"] = urljoin(config.site_url or "/", page.url)
    return context


def on_template_context(context: dict[str, Any], *, template_name: str, config: MkDocsConfig):
    # Static templates (404.html) have no page: give them the home page's context.
    language = config.plugins["i18n"].current_language
    context["explainer"] = state.project.page_context("404.md", language)
    # 404.html answers at any depth (/en/no/such/page/): a relative link would lead
    # elsewhere, so its switcher links to the home pages by absolute path.
    context["explainer_alternates"] = [
        {**alternate, "relative": urlsplit(alternate["url"]).path}
        for alternate in state.project.alternates("index.md", config.site_url or "/", language)
    ]
    return context


def on_post_page(output: str, *, page: Page | None, config: MkDocsConfig) -> str:
    # Material sets dir on <body> only; readers' tools and CSS need it on <html>.
    language = config.plugins["i18n"].current_language
    direction = core.DIRECTIONS[language]
    output = re.sub(
        r"<html lang=\"([^\"]+)\"", rf'<html lang="\1" dir="{direction}"', output, count=1
    )
    # Last step, so the policy hashes the inline scripts exactly as they are written.
    try:
        output = csp.add_policy(output, state.trusted_scripts)
    except csp.UntrustedScript as error:
        where = page.file.src_uri if page is not None else "404.html"
        raise PluginError(f"{where}: {error}") from None
    if page is not None:
        written = Path(page.file.abs_dest_path).relative_to(state.site_dir).as_posix()
        state.project.built_page(written, output)
    return output


@event_priority(-200)  # after i18n's on_post_build, i.e. after every language is built
def on_post_build(*, config: MkDocsConfig) -> None:
    i18n = config.plugins["i18n"]
    site_dir = Path(config.site_dir)
    if i18n.building:
        return
    if state.root_404 is not None:
        (site_dir / "404.html").write_text(state.root_404, encoding="utf-8")
    try:
        state.project.write_extras(site_dir, config.site_url or "/")
    except DataError as error:
        raise PluginError(error.report()) from None


def on_build_error(*, error: Exception) -> None:
    _stop_language_builds()
    if state.project is not None:
        state.project.close()


@event_priority(-200)
def on_post_template(output: str, *, template_name: str, config: MkDocsConfig) -> str:
    # Each language build writes the root 404.html; keep the default language's one.
    if template_name != "404.html":
        return output
    output = on_post_page(output, page=None, config=config)
    if state.root_404 is None:
        state.root_404 = output
    i18n = config.plugins["i18n"]
    if i18n.current_language != i18n.default_language:
        # The other languages' 404 pages go in their folders (/en/404.html), for hosts
        # that serve the one nearest the missing address.
        folder = Path(config.site_dir) / i18n.current_language
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "404.html").write_text(output, encoding="utf-8")
    return output


# -----------------------------------------------------------------------------
# Languages built side by side
# -----------------------------------------------------------------------------
# static-i18n builds the other languages one after the other once the default one is
# built, in this process. With data loaded, this process forks one copy per other language,
# which builds it into a folder of its own while this one builds the default language; when
# static-i18n comes to build that language, its output is moved into the site instead. The
# files are those of a build one after the other (tests/test_build_speed.py compares them).


def _languages_apart() -> bool:
    """Only for `mkdocs build`: serve rebuilds in a process that runs server threads, and
    a fork copies the locks other threads may hold."""
    return (
        not state.serving
        and not os.environ.get(SERIAL_LANGUAGES)
        and threading.active_count() == 1
        and can_fork()
    )


def _start_language_builds(config: MkDocsConfig) -> None:
    i18n = config.plugins["i18n"]
    state.languages_done = [i18n.current_language]
    site_dir = Path(config.site_dir)
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    for language in i18n.build_languages:
        if language == i18n.current_language:
            continue
        hidden = site_dir.name if site_dir.name.startswith(".") else f".{site_dir.name}"
        output = Path(tempfile.mkdtemp(prefix=f"{hidden}-{language}-", dir=site_dir.parent))
        task = fork_task(
            lambda language=language, output=output: _build_language(config, language, output),
            _error_message,
        )
        state.language_builds[language] = (task, output)
        log.debug(f"Building the '{language}' pages in process {task.pid}, into {output}")


def _compile_theme_templates(config: MkDocsConfig) -> None:
    """Compile the theme's templates into the cache now, while the forked builds render
    their pages' Markdown: they then load the templates from the cache instead of each
    compiling them again (a forked build that gets there first compiles them itself, to the
    same code). The environment is made as MkDocs makes it, with the plugins' on_env
    (static-i18n adds a Jinja extension there; ours sets the cache)."""
    handlers = config.plugins.events["env"]
    if any(getattr(handler, "__module__", None) not in ENV_ONLY_PLUGINS for handler in handlers):
        return  # another plugin's on_env may do more (Material's tags plugin writes files)
    env = config.theme.get_env()
    config.plugins.on_env(env, config=config, files=Files([]))
    compiled = core.compile_into_cache(env, ["main.html", *sorted(config.theme.static_templates)])
    log.debug(f"Compiled {len(compiled)} theme templates before the language builds")


def _build_language(
    config: MkDocsConfig, language: str, output: Path
) -> dict[str, PageText | None]:
    """In the forked copy: what static-i18n's on_post_build does for one language."""
    state.language_builds = {}  # those of the languages forked before this one
    i18n = config.plugins["i18n"]
    i18n.building = True
    i18n.current_language = language
    config.site_dir = str(output)
    state.site_dir = output
    state.project.read_pages_here()
    mkdocs_build(config)
    return state.project.pages_read()


def _build_or_take_language(config: MkDocsConfig, dirty: bool = False) -> None:
    """Stands in for the build static-i18n runs for each other language."""
    language = config.plugins["i18n"].current_language
    started = state.language_builds.pop(language, None)
    if started is None:
        mkdocs_build(config, dirty=dirty)
        return
    site_dir = Path(config.site_dir)
    try:  # index the languages built here while the forked build finishes
        state.project.write_extras_early(site_dir, set(state.languages_done))
    except DataError as error:
        raise PluginError(error.report()) from None
    task, output = started
    try:
        pages = task.wait()
        sitemap = site_dir / SITEMAP
        earlier_sitemap = sitemap.read_text(encoding="utf-8") if sitemap.is_file() else None
        merge_tree(output, site_dir)
        if earlier_sitemap is not None and sitemap.is_file():
            merge_sitemap(site_dir, earlier_sitemap)
    except ForkedTaskError as error:
        raise PluginError(f"Building the '{language}' pages failed: {error}") from None
    finally:
        shutil.rmtree(output, ignore_errors=True)
    state.project.add_pages_read(pages)
    state.languages_done.append(language)


def _stop_language_builds() -> None:
    for task, output in state.language_builds.values():
        task.stop()
        shutil.rmtree(output, ignore_errors=True)
    state.language_builds = {}


def _error_message(error: BaseException) -> str:
    """What the forked build reports: MkDocs's own message for its errors (the page at
    fault is in its log above), the kind of error and its text for any other."""
    if isinstance(error, MkDocsException):
        return (getattr(error, "message", None) or str(error)).strip()
    return f"{type(error).__name__}: {error}"


i18n_plugin.build = _build_or_take_language  # the name static-i18n's on_post_build calls
atexit.register(_stop_language_builds)  # e.g. after Ctrl-C, which skips on_build_error


# -----------------------------------------------------------------------------
# Helpers
# -----------------------------------------------------------------------------


def _page_path(page: Page) -> str:
    """'ar/pillars/x.md' -> 'pillars/x.md': the language-neutral path of a page."""
    return page.file.src_uri.split("/", 1)[1] if "/" in page.file.src_uri else page.file.src_uri


def _icons_dir(config: MkDocsConfig) -> Path | None:
    for theme_dir in config.theme.dirs:
        candidate = Path(theme_dir) / ".icons"
        if candidate.is_dir():
            return candidate
    return None
