"""Generated pages' HTML blocks skip Python-Markdown's HTML parser and come out the same.

The build converts each generated page with its large HTML blocks held back
(`explainer.render.html_blocks`) and puts them back into Markdown's output. Every generated page, in
both languages, of the shipped data, the fixture data and the hostile-text corpus must give
exactly the HTML that converting the whole Markdown gives.
"""

from __future__ import annotations

import copy

import pytest
from conftest import FIXTURE_DATA, PROJECT_ROOT
from mkdocs.utils.meta import get_data
from test_security import (  # noqa: F401 (corpus_results is a fixture)
    LABELS,
    compiled_templates,
    corpus_results,
    set_in_place,
    site_markdown,
    write_data,
)

from explainer.data.dataset import load_site_data
from explainer.data.model import LANGUAGES
from explainer.render.html_blocks import (
    PermalinkStyle,
    permalink_style,
    render_outline,
    restore_blocks,
    stash_blocks,
)
from explainer.render.pages import Renderer

SITE_PERMALINKS = PermalinkStyle(text="#")  # mkdocs.yml: toc with permalink "#"


def both_ways(data) -> tuple[dict[str, str], dict[str, str], float, float]:
    """Every generated page converted whole, and with its blocks held back; the share of the
    Markdown (in characters) held back, and that of the pages written as an outline (whose
    outline is checked against Markdown's HTML and table of contents)."""
    renderer = Renderer(data, LABELS, PROJECT_ROOT / "overrides" / "fragments")
    renderer.env = compiled_templates()
    converter = site_markdown()
    whole, stashed, held, total, outlined = {}, {}, 0, 0, 0
    for language in LANGUAGES:
        for path, rendered in renderer.render_all(language).items():
            page = f"{language}/{path}"
            source = get_data(rendered)[0]  # MkDocs takes the front matter off first
            whole[page] = converter.reset().convert(source)
            markdown, blocks = stash_blocks(source)
            held += sum(len(block) for block in blocks.values())
            total += len(source)
            converted = converter.reset().convert(markdown)
            outline = render_outline(markdown, SITE_PERMALINKS)
            if outline is not None:  # written without Markdown: the same HTML and headings
                assert outline.html == converted, page
                assert outline.toc_tokens() == converter.toc_tokens, page
                outlined += 1
            stashed[page] = restore_blocks(converted, blocks)
    return whole, stashed, held / total, outlined / len(whole)


@pytest.mark.parametrize(
    "data_dir", [PROJECT_ROOT / "data", FIXTURE_DATA], ids=["shipped", "fixture"]
)
def test_pages_are_identical_with_blocks_held_back(data_dir):
    whole, stashed, held, outlined = both_ways(load_site_data(data_dir))
    assert held > 0.8  # most of the Markdown bypasses the HTML parser
    assert outlined > 0.9  # and almost every page bypasses Markdown
    for page, html in whole.items():
        assert stashed[page] == html, page


def test_pages_are_identical_with_hostile_text(corpus_results, tmp_path):  # noqa: F811
    raw, _, accepted, _ = corpus_results
    for number, items in sorted(accepted.items()):
        changed = copy.deepcopy(raw)
        for file_name, location, value in items:
            set_in_place(changed, file_name, location, value)
        data = load_site_data(write_data(changed, tmp_path / f"payload-{number}" / "data"))
        whole, stashed, _, _ = both_ways(data)
        for page, html in whole.items():
            assert stashed[page] == html, f"payload {number}: {page}"


@pytest.mark.parametrize(
    "markdown",
    [
        "Text\n<div>\nright after a paragraph line\n</div>\n\nEnd\n",
        "<div>\nno blank line after\n</div>\nText\n",
        "<div>\n<!-- a comment -->\n</div>\n\nEnd\n",
        '<div markdown="1">\n*Markdown inside*\n</div>\n\nEnd\n',
        "<div>\n<pre>\n<b>\n</pre>\n</div>\n\nEnd\n",
        "<span>an inline tag</span>\n\nEnd\n",
        "<div>\nnever closed\n\nEnd\n",
    ],
)
def test_doubtful_blocks_are_left_to_markdown(markdown):
    assert stash_blocks(markdown) == (markdown, {})


def test_blocks_are_held_back_and_put_back():
    source = '# Title\n\n<div class="a">\n<p>One</p>\n</div>\n\n## Two\n\n<ol>\n<li>x</li>\n</ol>\n'
    markdown, blocks = stash_blocks(source)
    assert len(blocks) == 2 and "<div" not in markdown and "<ol>" not in markdown
    converter = site_markdown()
    whole = converter.reset().convert(source)
    assert restore_blocks(converter.reset().convert(markdown), blocks) == whole


def test_a_lost_block_stops_the_build_and_text_cannot_imitate_a_placeholder():
    _, blocks = stash_blocks("<div>\nx\n</div>\n\nEnd\n")
    (key,) = blocks
    with pytest.raises(ValueError, match=key):
        restore_blocks("<p>End</p>", blocks)
    forged = "<p>exblock0000000000000000n0</p>"
    assert restore_blocks(f"<p>{key}</p>\n{forged}", blocks) == f"<div>\nx\n</div>\n\n{forged}"


@pytest.mark.parametrize(
    "markdown",
    [
        "# Title {: #t }\n\nA paragraph of text\n",
        "# *Emphasis* {: #t }\n",
        "# A :smile: face {: #t }\n",
        "# Two  spaces {: #t }\n",
        "# Title {: #t }\n    exblock0123456789abcdefn0\n",
        "# Title\n",
        "# A [link](x) {: #t }\n",
        "# R&D {: #t }\n",
        "#Title {: #t }\n",
        "    # Indented {: #t }\n",
        "# A\x02B {: #t }\n",  # Markdown's own marker characters
    ],
)
def test_pages_with_more_than_headings_and_blocks_are_left_to_markdown(markdown):
    assert render_outline(markdown, SITE_PERMALINKS) is None


def test_outline_headings_classes_entities_and_title():
    markdown = (
        "# Pillar&#39;s page {: #page-title }\n\nexblock0123456789abcdefn0\n\n\n"
        "## 2020 {: #year-2020 .ex-year .wide }\n\n### Note: deep {: #deep }\n"
    )
    outline = render_outline(markdown, SITE_PERMALINKS)
    converter = site_markdown()
    assert outline.html == converter.convert(markdown)
    assert outline.toc_tokens() == converter.toc_tokens
    assert outline.title == "Pillar&#39;s page"
    assert (
        render_outline("exblock0123456789abcdefn0\n\n# Later {: #x }\n", SITE_PERMALINKS).title
        is None
    )


@pytest.mark.parametrize(
    ("extensions", "options", "expected"),
    [
        (["toc", "attr_list"], {"permalink": "#"}, PermalinkStyle(text="#")),
        (["toc", "attr_list"], {"permalink": True}, PermalinkStyle()),
        (["toc", "attr_list", "smarty"], {"permalink": "#"}, None),
        (["toc"], {"permalink": "#"}, None),
        (["toc", "attr_list"], {}, None),
        (["toc", "attr_list"], {"permalink": "#", "toc_depth": 2}, None),
        (["toc", "attr_list"], {"permalink": '<b a="1">'}, None),
        (["toc", "attr_list"], {"permalink": "true"}, PermalinkStyle()),  # read as True
        (["toc", "attr_list"], {"permalink": "false"}, None),  # read as False
        (["toc", "attr_list"], {"permalink": 1}, None),
    ],
)
def test_outline_only_with_settings_it_writes_as_markdown_does(extensions, options, expected):
    assert permalink_style(extensions, options) == expected


def test_mkdocs_pages_written_from_an_outline_are_those_markdown_renders():
    """What the hook sets instead of Page.render: content, table of contents, title and
    anchors, for every generated page of the shipped data in both languages."""
    import importlib.util

    from mkdocs.config import load_config
    from mkdocs.structure.files import File, Files
    from mkdocs.structure.pages import Page

    spec = importlib.util.spec_from_file_location("site_hook", PROJECT_ROOT / "hooks" / "site.py")
    hook = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hook)
    config = load_config(str(PROJECT_ROOT / "mkdocs.yml"))
    style = permalink_style(config.markdown_extensions, config.mdx_configs["toc"])
    assert style == SITE_PERMALINKS
    renderer = Renderer(
        load_site_data(PROJECT_ROOT / "data"), LABELS, PROJECT_ROOT / "overrides" / "fragments"
    )
    renderer.env = compiled_templates()
    compared = 0
    for language in LANGUAGES:
        for path, source in renderer.render_all(language).items():
            markdown, _ = stash_blocks(source)
            outline = render_outline(markdown, style)
            if outline is None:
                continue
            pages = []
            for _ in range(2):
                file = File(f"{language}/{path}", config.docs_dir, config.site_dir, True)
                page = Page(None, file, config)
                page.markdown = markdown
                pages.append(page)
            by_markdown, by_outline = pages
            by_markdown.render(config, Files([]))
            hook._render_outline(by_outline, outline, config, Files([]))
            for name in ("content", "_title_from_render", "present_anchor_ids", "title"):
                assert getattr(by_outline, name) == getattr(by_markdown, name), (path, name)
            assert str(by_outline.toc) == str(by_markdown.toc), path
            assert [item.title for item in by_outline.toc] == [i.title for i in by_markdown.toc]
            compared += 1
    assert compared >= 40
