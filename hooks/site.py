"""MkDocs adapter: the only module that imports MkDocs; the work is `explainer.site.Project`.

static-i18n runs one whole build per language on the same config object; generated pages
follow the two-phase pattern that survives it (../shared/research/mkdocs-i18n-notes.md,
1.3): placeholder `File`s for both languages before i18n's `on_files`, content in `on_nav`.
Under `mkdocs build` the other languages are built in worker processes beside the default
one (explainer.support.forked); the seam is at the end of this module.
"""

from __future__ import annotations

import atexit
import contextlib
import copy
import functools
import logging
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

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

from explainer import site as core  # noqa: E402
from explainer.render.html_blocks import Outline  # noqa: E402
from explainer.support import speed  # noqa: E402

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page

# State survives both language builds (the module is loaded once per process); it is
# rebuilt whenever the default language starts a new build, e.g. on each serve reload.
state = SimpleNamespace(project=None, nav=None, permalinks=None, serving=False)


def on_startup(*, command: str, dirty: bool) -> None:
    state.serving = command == "serve"


@event_priority(-150)  # after i18n's on_config, so the current language is known
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    i18n, language = config.plugins["i18n"], config.plugins["i18n"].current_language
    if not i18n.building:  # the default language, built first: load the project
        root, site_url = Path(config.config_file_path).parent, config.site_url or "/"
        with _reported():
            state.project = core.reload_for_build(
                state.project, root, config.theme.dirs, site_url, state.serving
            )
        log.debug(f"Speed mechanisms off: {', '.join(sorted(speed.disabled())) or 'none'}")
        state.nav = copy.deepcopy(config.nav)
    config.nav = state.project.localized_nav(state.nav, language)
    config.site_name = state.project.site_name(language)
    extensions, options = config.markdown_extensions, config.mdx_configs
    state.permalinks = state.project.configure_markdown(language, extensions, options)
    if not i18n.building:
        # Worker processes: the helper, and under `mkdocs build` one per other language
        # (`mkdocs serve` runs server threads, and a fork would copy their locks).
        others = [] if state.serving else i18n.build_languages
        apart = state.project.languages_apart(others, language)
        builds = {other: functools.partial(_build_language, config, other) for other in apart}
        state.project.start_build(Path(config.site_dir), language, builds, _error_message)
        if apart:
            log.debug(f"Building the {', '.join(apart)} pages in worker processes")
    return config


@event_priority(50)  # before i18n's on_files (-100): i18n must see both languages' pages
def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    with _reported():
        hand_written = [file.src_uri for file in files.documentation_pages()]
        state.project.check_hand_written(hand_written, config.docs_dir)
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
    style = state.permalinks
    outline = style and state.project.outline(page.file.src_uri, markdown, style)
    if outline:
        # The page is headings and held-back blocks only: what Python-Markdown would make
        # of it is known (explainer.render.html_blocks), so MkDocs' Page.render is skipped.
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
    with _reported(page.file.src_uri, ValueError):  # a held-back block lost
        language = config.plugins["i18n"].current_language
        return state.project.page_content(html, page.file.src_uri, language)


@event_priority(0)  # after i18n's on_page_context (50), which sets per-page alternates
def on_page_context(context: dict[str, Any], *, page: Page, config: MkDocsConfig, **kwargs):
    language, site_url = config.plugins["i18n"].current_language, config.site_url or "/"
    values = state.project.template_context(page.file.src_uri, language, site_url, page.title)
    config.extra.alternate = values["explainer_alternates"]
    context.update(values, explainer_absolute=urljoin(site_url, page.url))
    return context


def on_template_context(context: dict[str, Any], *, template_name: str, config: MkDocsConfig):
    language = config.plugins["i18n"].current_language  # static templates (404.html)
    values = state.project.template_context(None, language, config.site_url or "/")
    config.extra.alternate = values["explainer_alternates"]  # not the last page's: home's
    context.update(values)
    return context


def on_post_page(output: str, *, page: Page | None, config: MkDocsConfig) -> str:
    language = config.plugins["i18n"].current_language
    written = page and Path(page.file.abs_dest_path).relative_to(config.site_dir).as_posix()
    with _reported(page.file.src_uri if page else "404.html"):
        return state.project.finish_page(output, language, written)


@event_priority(-200)
def on_post_template(output: str, *, template_name: str, config: MkDocsConfig) -> str:
    if template_name == "404.html":  # written by each language's build, at the root
        output = on_post_page(output, page=None, config=config)
        i18n, site_dir = config.plugins["i18n"], Path(config.site_dir)
        state.project.keep_404(output, i18n.current_language, i18n.default_language, site_dir)
    return output


@event_priority(-200)  # after i18n's on_post_build, i.e. after every language is built
def on_post_build(*, config: MkDocsConfig) -> None:
    if not config.plugins["i18n"].building:
        with _reported():
            state.project.write_extras(Path(config.site_dir), config.site_url or "/")


def on_build_error(*, error: Exception) -> None:
    if state.project is not None:
        state.project.close()  # stops the worker processes


def _build_or_take_language(config: MkDocsConfig, dirty: bool = False) -> None:
    """Languages built side by side: static-i18n's on_post_build builds each other language
    by calling the name `build` in its module, replaced below, so that a language a worker
    built (_build_language, forked with this config) is taken from there."""
    with _reported():
        language = config.plugins["i18n"].current_language
        if state.project.take_language(language, Path(config.site_dir)):
            return
    mkdocs_build(config, dirty=dirty)


i18n_plugin.build = _build_or_take_language
atexit.register(lambda: state.project and state.project.close())  # e.g. after Ctrl-C


@contextlib.contextmanager
def _reported(where: str = "", *errors: type[Exception]):
    """The core's errors as MkDocs reports them: their message (at `where`), no traceback."""
    try:
        yield
    except (*core.REPORTED_ERRORS, *errors) as error:
        raise PluginError(f"{where}: {error}" if where else str(error)) from None


def _build_language(config: MkDocsConfig, language: str, output: Path) -> None:
    """In a forked worker: what static-i18n's on_post_build does for one language."""
    i18n = config.plugins["i18n"]
    i18n.building, i18n.current_language, config.site_dir = True, language, str(output)
    mkdocs_build(config)


def _error_message(error: BaseException) -> str:
    """What a worker's failed build reports: MkDocs's own message for its errors (the page
    at fault is in its log above), the kind of error and its text for any other."""
    if isinstance(error, MkDocsException):
        return (getattr(error, "message", None) or str(error)).strip()
    return f"{type(error).__name__}: {error}"
