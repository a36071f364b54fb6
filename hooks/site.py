"""MkDocs adapter: wires the pure `explainer` package into MkDocs and mkdocs-static-i18n.

This is the only module that imports MkDocs. static-i18n runs one whole build per
language on the same config object; generated pages follow the two-phase pattern that
survives it (see ../shared/research/mkdocs-i18n-notes.md, section 1.3): placeholder
`File`s for both languages before i18n's `on_files`, content set in `on_nav`.
"""

from __future__ import annotations

import copy
import os
import re
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File

PROJECT_ROOT = Path(__file__).resolve().parent.parent
if str(PROJECT_ROOT) not in sys.path:
    sys.path.insert(0, str(PROJECT_ROOT))

from explainer import csp  # noqa: E402
from explainer import site as core  # noqa: E402
from explainer.loader import DataError  # noqa: E402
from explainer.share_images import ShareImageError  # noqa: E402

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page

# State survives both language builds (the module is loaded once per process); it is
# rebuilt whenever the default language starts a new build, e.g. on each serve reload.
state = SimpleNamespace(
    project=None, nav_template=None, root_404=None, serving=False, site_dir=None
)


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
        try:
            if state.project is not None:
                state.project.close()
            state.project = core.load_project(root, _icons_dir(config), config.site_url or "/")
            state.project.start_share_images()
            state.project.start_search_pages()
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
    context["explainer_alternates"] = state.project.alternates(
        "index.md", config.site_url or "/", language
    )
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


@event_priority(-200)
def on_post_template(output: str, *, template_name: str, config: MkDocsConfig) -> str:
    # Each language build writes the root 404.html; keep the default language's one.
    if template_name != "404.html":
        return output
    output = on_post_page(output, page=None, config=config)
    if state.root_404 is None:
        state.root_404 = output
    return output


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
