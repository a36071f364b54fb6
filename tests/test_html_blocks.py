"""Generated pages' HTML blocks skip Python-Markdown's HTML parser and come out the same.

The build converts each generated page with its large HTML blocks held back
(`explainer.html_blocks`) and puts them back into Markdown's output. Every generated page, in
both languages, of the shipped data, the fixture data and the hostile-text corpus must give
exactly the HTML that converting the whole Markdown gives.
"""

from __future__ import annotations

import copy

import pytest
from conftest import FIXTURE_DATA, PROJECT_ROOT
from test_security import (  # noqa: F401 (corpus_results is a fixture)
    LABELS,
    compiled_templates,
    corpus_results,
    set_in_place,
    site_markdown,
    write_data,
)

from explainer.data import load_site_data
from explainer.html_blocks import restore_blocks, stash_blocks
from explainer.model import LANGUAGES
from explainer.pages import Renderer


def both_ways(data) -> tuple[dict[str, str], dict[str, str], float]:
    """Every generated page converted whole, and with its blocks held back; the share of the
    Markdown (in characters) held back."""
    renderer = Renderer(data, LABELS, PROJECT_ROOT / "overrides" / "fragments")
    renderer.env = compiled_templates()
    converter = site_markdown()
    whole, stashed, held, total = {}, {}, 0, 0
    for language in LANGUAGES:
        for path, source in renderer.render_all(language).items():
            page = f"{language}/{path}"
            whole[page] = converter.reset().convert(source)
            markdown, blocks = stash_blocks(source)
            held += sum(len(block) for block in blocks.values())
            total += len(source)
            stashed[page] = restore_blocks(converter.reset().convert(markdown), blocks)
    return whole, stashed, held / total


@pytest.mark.parametrize(
    "data_dir", [PROJECT_ROOT / "data", FIXTURE_DATA], ids=["shipped", "fixture"]
)
def test_pages_are_identical_with_blocks_held_back(data_dir):
    whole, stashed, held = both_ways(load_site_data(data_dir))
    assert held > 0.8  # most of the Markdown bypasses the HTML parser
    for page, html in whole.items():
        assert stashed[page] == html, page


def test_pages_are_identical_with_hostile_text(corpus_results, tmp_path):  # noqa: F811
    raw, _, accepted, _ = corpus_results
    for number, items in sorted(accepted.items()):
        changed = copy.deepcopy(raw)
        for file_name, location, value in items:
            set_in_place(changed, file_name, location, value)
        data = load_site_data(write_data(changed, tmp_path / f"payload-{number}" / "data"))
        whole, stashed, _ = both_ways(data)
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
