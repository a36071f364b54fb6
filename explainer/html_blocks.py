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

from markdown.util import BLOCK_LEVEL_ELEMENTS

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
