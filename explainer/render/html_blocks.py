"""Keep the generated pages' large HTML blocks away from Python-Markdown's HTML parser.

The fragment templates write Markdown whose body is mostly raw HTML blocks (timeline
events, claims, source lists). Python-Markdown copies such a block to the output unchanged,
but only after tokenising it tag by tag in pure Python: the largest single cost of a build.
`stash_blocks` takes out every top-level block that Markdown would pass through verbatim
and leaves a placeholder paragraph; `restore_blocks` puts the blocks back into the HTML that
Markdown made of the rest (headings, their ids and the table of contents stay Markdown's).
The result is the same HTML, byte for byte (tests/test_html_blocks.py compares both).

A block is taken out only when there is no doubt about what Markdown would do with it: it
starts a line after a blank line with a block-level tag, its tags balance, it ends at the
end of a line followed by a blank line, and it holds no comment, `markdown` attribute,
script, style, pre or textarea. Anything else is left to Markdown.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import astuple, dataclass, field
from functools import lru_cache
from pathlib import Path

import jinja2
from markdown.extensions.toc import nest_toc_tokens
from markdown.util import BLOCK_LEVEL_ELEMENTS, parseBoolValue

_BLOCK_START = re.compile(r"(?:\A|(?<=\n\n))<([a-zA-Z][a-zA-Z0-9]*)[\s>/]")
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)((?:[^>\"']++|\"[^\"]*+\"|'[^']*+')*+)>")
_UNSAFE = re.compile(r"<!|<\?|<(?:script|style|pre|textarea)\b|<[^>]*\smarkdown\b", re.I)
_VOID = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
    "source", "track", "wbr",
}  # fmt: skip
_BLOCK_LEVEL = frozenset(BLOCK_LEVEL_ELEMENTS)
_ONLY_SPACE_LEFT = re.compile(r"\s*\Z")
_PLACEHOLDER = re.compile(r"<p>(exblock[0-9a-f]{16}n[0-9]+)</p>")


def stash_blocks(markdown: str) -> tuple[str, dict[str, str]]:
    """The Markdown with each safe top-level HTML block replaced by a placeholder paragraph.

    Placeholders carry a digest of the page, so no text from the data can imitate one.
    """
    nonce = hashlib.sha256(markdown.encode("utf-8")).hexdigest()[:16]
    blocks: dict[str, str] = {}
    parts: list[str] = []
    position = search_from = 0
    # Each search starts after the last block taken (or the last start refused): a page's
    # text is scanned once, however many blocks it has.
    while (start_match := _BLOCK_START.search(markdown, search_from)) is not None:
        start = search_from = start_match.start()
        search_from += 1
        if start_match.group(1).lower() not in _BLOCK_LEVEL:
            continue
        end = _block_end(markdown, start)
        if end is None:
            continue
        block = markdown[start:end]
        if _UNSAFE.search(block):
            continue
        key = f"exblock{nonce}n{len(blocks)}"
        # Markdown keeps the newline of the blank line that ends a block (none at the end).
        last = _ONLY_SPACE_LEFT.match(markdown, end) is not None
        blocks[key] = block + "\n" if markdown.startswith("\n\n", end) and not last else block
        parts += [markdown[position:start], key]
        position = search_from = end
    if not blocks:
        return markdown, {}
    parts.append(markdown[position:])
    return "".join(parts), blocks


def restore_blocks(html: str, blocks: dict[str, str]) -> str:
    """Put stashed blocks back where Markdown left their placeholder paragraphs."""
    if not blocks:
        return html
    restored: set[str] = set()

    def block(match: re.Match) -> str:
        key = match.group(1)
        if key not in blocks:
            return match.group(0)
        restored.add(key)
        return blocks[key]

    html = _PLACEHOLDER.sub(block, html)
    if len(restored) != len(blocks):
        missing = sorted(set(blocks) - restored)
        raise ValueError(f"HTML blocks lost in Markdown: {', '.join(missing)}")
    return html


def _block_end(markdown: str, start: int) -> int | None:
    """End of the block starting at `start` (its last closing tag), if it ends a line
    followed by a blank line or the end of the text."""
    stack: list[str] = []
    for tag in _TAG.finditer(markdown, start):
        closing, name, attributes = tag.groups()
        name = name.lower()
        if not closing:
            if name not in _VOID and not attributes.rstrip().endswith("/"):
                stack.append(name)
        elif name in stack:
            while stack.pop() != name:
                pass
        if not stack:
            end = tag.end()
            rest = markdown[end : end + 2]
            if (rest in ("", "\n") and end + len(rest) == len(markdown)) or rest == "\n\n":
                return end
            return None
    return None


# -----------------------------------------------------------------------------
# Pages left with headings only
# -----------------------------------------------------------------------------
# Once its blocks are held back, a generated page is usually nothing but headings with an
# id (and classes) and placeholder paragraphs. Python-Markdown still costs about 2 ms to
# convert that (an instance with every extension, then its whole pipeline): 15 s of CPU at
# 100x the data. `render_outline` writes the same HTML and table of contents directly, for
# exactly that shape and only with heading text Markdown would copy unchanged; anything
# else returns None and is left to Markdown (tests/test_html_blocks.py compares both).


OUTLINE_EXTENSIONS = frozenset(
    {
        "toc", "tables", "fenced_code", "attr_list", "md_in_html", "footnotes", "abbr",
        "admonition", "def_list", "pymdownx.emoji",
    }
)  # fmt: skip
"""Markdown extensions that write headings and placeholder paragraphs as `render_outline`
does (with MkDocs' own toc, tables and fenced_code). A site that adds another (one that
turns "--" into a dash, say) has every page converted by Markdown."""


@dataclass(frozen=True)
class PermalinkStyle:
    """How the toc extension writes a heading's permalink (its permalink, permalink_class
    and permalink_title settings)."""

    text: str = "&para;"
    link_class: str = "headerlink"
    title: str = "Permanent link"


_SUPPORTED_TOC_OPTIONS = {"permalink", "permalink_class", "permalink_title", "slugify"}
_ATTRIBUTE_SAFE = re.compile(r"[^<>&\"]*")


def permalink_style(extensions: list[str], toc_options: dict) -> PermalinkStyle | None:
    """The permalinks of the site's Markdown settings, if `render_outline` can write its
    headings: only known extensions, and toc with permalinks and no other option that
    changes a heading (slugify only names headings without an id, and these have one)."""
    if not set(extensions) <= OUTLINE_EXTENSIONS or not {"toc", "attr_list"} <= set(extensions):
        return None
    if set(toc_options) - _SUPPORTED_TOC_OPTIONS:
        return None
    # The toc extension reads "true", "yes", "1"... as True and "false", "none"... as False.
    permalink = toc_options.get("permalink")
    if isinstance(permalink, str):
        permalink = {None: permalink, True: True}.get(parseBoolValue(permalink, False), False)
    if permalink is not True and not isinstance(permalink, str):
        return None  # no permalinks (or a number): left to Markdown
    style = PermalinkStyle(
        text=PermalinkStyle.text if permalink is True else permalink,
        link_class=str(toc_options.get("permalink_class", PermalinkStyle.link_class)),
        title=str(toc_options.get("permalink_title", PermalinkStyle.title)),
    )
    values = (style.link_class, style.title) if permalink is True else astuple(style)
    return style if all(_ATTRIBUTE_SAFE.fullmatch(value) for value in values) else None


@dataclass
class Heading:
    level: int
    id: str
    text: str
    """As written in the HTML: plain text and character references only."""
    classes: str = ""


@dataclass
class Outline:
    html: str
    headings: list[Heading] = field(default_factory=list)
    title: str | None = None
    """The text of the first element if it is an h1, as MkDocs takes a page's title."""

    def toc_tokens(self) -> list[dict]:
        """The headings as the toc extension lists them (nested by level)."""
        return nest_toc_tokens(
            [
                {
                    "level": heading.level,
                    "id": heading.id,
                    "name": heading.text,
                    "html": heading.text,
                    "data-toc-label": "",
                }
                for heading in self.headings
            ]
        )


_OUTLINE_HEADING = re.compile(
    r"(#{1,6}) (?P<text>[^\s#][^\n]*?) \{: #(?P<id>[A-Za-z0-9_-]+)"
    r"(?P<classes>(?: \.[A-Za-z_][A-Za-z0-9_-]*)*) \}"
)
_BLANK_LINES = re.compile(r"\n(?:[ \t]*\n)+")
_OUTLINE_PLACEHOLDER = re.compile(r"exblock[0-9a-f]{16}n[0-9]+")
# Text Markdown and its extensions copy unchanged: no markup, emphasis, code, link, footnote,
# emoji shortcode, attribute list or escape, no control character (Markdown uses some as
# markers), no doubled space; & only in a character reference.
_PLAIN_HEADING_TEXT = re.compile(
    r"(?:[^\s\x00-\x1f\x7f<>*_`\[\]\\!{}#&:|~^=]|&(?:#[0-9]+|#x[0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]*);"
    r"|:(?!\S*:)| (?! |\Z))+"
)


def render_outline(markdown: str, style: PermalinkStyle) -> Outline | None:
    """The HTML Python-Markdown (attr_list, toc) makes of a page of headings and
    placeholder paragraphs, or None if the page holds anything else."""
    outline = Outline("")
    blocks: list[Heading | str] = []  # in page order; a str is a placeholder
    for paragraph in _BLANK_LINES.split(markdown.strip("\n")):
        if _OUTLINE_PLACEHOLDER.fullmatch(paragraph):
            blocks.append(paragraph)
            continue
        heading = _OUTLINE_HEADING.fullmatch(paragraph)
        if heading is None or not _PLAIN_HEADING_TEXT.fullmatch(heading["text"]):
            return None
        level, text = len(heading[1]), heading["text"]
        if not blocks and level == 1:
            outline.title = " ".join(text.split())
        classes = " ".join(name.lstrip(".") for name in heading["classes"].split())
        blocks.append(Heading(level, heading["id"], text, classes))
        outline.headings.append(blocks[-1])
    outline.html = _outline_template().render(blocks=blocks, style=style)
    return outline


@lru_cache(maxsize=1)
def _outline_template() -> jinja2.Template:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"),
        undefined=jinja2.StrictUndefined,
    )
    return environment.get_template("outline.html")
