"""Plain-language explanations of YAML syntax errors.

PyYAML reports where its parser gave up, in parser terms ("expected <block end>, but found
'<scalar>'"), often a line or more after the real mistake. Editors need the place they must
change and what to type. `explain_syntax_error` looks at the text around PyYAML's marks to
find the usual culprits: an unclosed quote, a missing space after a colon, a colon inside
unquoted text, a line indented differently from its neighbours, a list item where a field
was expected (or the reverse), an unclosed bracket. Anything else keeps PyYAML's own words,
prefixed so the editor knows it is a syntax problem.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

# `key:value` with no space after the colon; `://` (a URL) and `::` are not this mistake.
_NO_SPACE_AFTER_COLON = re.compile(r"^(\s*(?:-\s+)?)([A-Za-z_][\w-]*):(?![\s/:])(\S.*)$")
# Where a value starts on a line: after `key: `, after `- `, or the whole line.
_VALUE_START = re.compile(r"^\s*(?:-\s+)*(?:[A-Za-z_][\w-]*:\s+)?")
_QUOTE_HINTS = {
    '"': 'a " inside double-quoted text must be written \\" (or use « » or “ ” in the text)',
    "'": "a ' inside single-quoted text must be written twice: ''",
}


@dataclass(frozen=True)
class SyntaxExplanation:
    line: int  # 1-based
    column: int  # 1-based
    message: str
    hint: str


def explain_syntax_error(text: str, error: yaml.MarkedYAMLError) -> SyntaxExplanation:
    """Translate a PyYAML error into the place to fix and plain words."""
    lines = text.splitlines() or [""]
    problem_mark = error.problem_mark or error.context_mark
    context_mark = error.context_mark
    problem_line = problem_mark.line if problem_mark else 0
    problem_column = problem_mark.column if problem_mark else 0
    what = error.problem or ""
    context = error.context or ""

    def at(line_index: int, column_index: int, message: str, hint: str) -> SyntaxExplanation:
        return SyntaxExplanation(line_index + 1, column_index + 1, message, hint)

    def line_text(index: int) -> str:
        return lines[index] if 0 <= index < len(lines) else ""

    def quote_at(mark: yaml.Mark) -> str:
        character = line_text(mark.line)[mark.column : mark.column + 1]
        return character if character in _QUOTE_HINTS else '"'

    # An unclosed quote swallows the following lines, so PyYAML complains later on:
    # look back from the problem for a value whose quote never closes on its own line.
    if "quoted scalar" in context and context_mark and "end of stream" in what:
        return at(
            context_mark.line,
            context_mark.column,
            "the quoted text that starts here has no closing quote",
            "add the closing quote at the end of the text; " + _QUOTE_HINTS[quote_at(context_mark)],
        )
    # An unclosed quote ends at the next quote, nearly always within a few lines; a short
    # window keeps a legitimate multi-line quoted text far above from being blamed.
    first_searched = max(context_mark.line if context_mark else 0, problem_line - 10, 0)
    for index in range(min(problem_line, len(lines) - 1), first_searched - 1, -1):
        quote = _quote_problem(line_text(index))
        if quote is None:
            continue
        column, closed = quote
        quote_hint = _QUOTE_HINTS[line_text(index)[column]]
        if closed is None:
            return at(
                index,
                column,
                "the quoted text that starts here has no closing quote",
                "add the closing quote at the end of the text, on the same line; " + quote_hint,
            )
        if index == problem_line:
            return at(
                index,
                closed,
                "there is more text after the closing quote",
                "put the whole text inside one pair of quotes; " + quote_hint,
            )

    if "could not find expected ':'" in what and context_mark:
        culprit = line_text(context_mark.line)
        missing_space = _NO_SPACE_AFTER_COLON.match(culprit)
        if missing_space:
            key = missing_space.group(2)
            return at(
                context_mark.line,
                missing_space.end(2),
                f"there is no space after the colon in '{key}:{missing_space.group(3)}'",
                f"write a space after the colon: '{key}: {missing_space.group(3)}'",
            )
        return at(
            context_mark.line,
            context_mark.column,
            "this line is not a 'field: value' line",
            "write 'field: value' with a space after the colon; if the line continues the"
            " text above, put that whole text in double quotes",
        )

    if "mapping values are not allowed" in what:
        current = line_text(problem_line)
        first_colon = current.find(": ")
        previous = _previous_content_line(lines, problem_line)
        # The line's own first colon surprised YAML: the line is deeper than a complete
        # `field: value` line above, so it was read as that value's continuation. A later
        # colon on the line is inside the text.
        if previous is not None and first_colon in (problem_column, -1):
            if _lacks_list_dash(lines, previous):
                return at(
                    previous,
                    _indent(lines[previous]),
                    "this line starts a new list item but has no '- ' in front",
                    f"write '- ' before '{lines[previous].strip()}', like the other items",
                )
            return _indentation(lines, problem_line, previous)
        return at(
            problem_line,
            problem_column,
            "the text contains ': ' (a colon and a space), which YAML reads as a new field",
            'put the whole text in double quotes, e.g. title: "Note: this is quoted"',
        )

    if "but found '-'" in what:
        return at(
            problem_line,
            problem_column,
            "a list item ('- ') is here where a field of the record above was expected",
            "if this is a new item of the list, indent its '- ' like the other items;"
            " if it is another field of the record above, remove the '- '",
        )
    if "but found '?'" in what:
        if _lacks_list_dash(lines, problem_line, same_first_key=True):
            return at(
                problem_line,
                problem_column,
                "this line starts a new list item but has no '- ' in front",
                f"write '- ' before '{line_text(problem_line).strip()}', like the other items",
            )
        return at(
            problem_line,
            problem_column,
            "a field is here where a list item ('- ') was expected",
            "start the line with '- ' if it begins a new item, or indent it to line up"
            " with the fields of the item above",
        )
    if "but found '<block mapping start>'" in what or "but found '<block sequence start>'" in what:
        previous = _previous_content_line(lines, problem_line)
        if previous is not None:
            return _indentation(lines, problem_line, previous)

    if "flow sequence" in context or "flow mapping" in context:
        opener, closer = ("[", "]") if "sequence" in context else ("{", "}")
        mark = context_mark or problem_mark
        return at(
            mark.line if mark else 0,
            mark.column if mark else 0,
            f"the '{opener}' here is not closed with '{closer}', or an item lacks a comma",
            f"close it with '{closer}' on the same line and separate the items with ', '",
        )

    found_character = re.search(r"found character '(.+?)' that cannot start any token", what)
    if found_character:
        character = found_character.group(1)
        if character == "\\t":
            return at(problem_line, problem_column, "a tab character", "use spaces instead")
        return at(
            problem_line,
            problem_column,
            f"a text cannot start with '{character}' unless it is quoted",
            "put the whole text in double quotes",
        )
    if "found undefined alias" in what or "anchor" in what:
        return at(
            problem_line,
            problem_column,
            "a text cannot start with '*' or '&' unless it is quoted",
            "put the whole text in double quotes",
        )
    if "unknown escape character" in what:
        return at(
            problem_line,
            problem_column,
            "a backslash '\\' in double-quoted text starts an escape code that does not exist",
            "write \\\\ for a backslash, or put the text in single quotes",
        )

    return at(
        problem_line,
        problem_column,
        f"YAML cannot read this ({what or context or 'invalid YAML'})",
        "check the indentation and that every 'field: value' has a space after the colon;"
        " put text that contains ': ' or starts with a special character in double quotes",
    )


def _quote_problem(line: str) -> tuple[int, int | None] | None:
    """For a value that starts with a quote: (its column, the column after the closing
    quote if text follows it, or None if the quote is never closed). None if the line is
    fine or has no quoted value."""
    start = _VALUE_START.match(line)
    position = start.end() if start else 0
    if position >= len(line) or line[position] not in "\"'":
        return None
    quote = line[position]
    index = position + 1
    while index < len(line):
        character = line[index]
        if quote == '"' and character == "\\":
            index += 2
            continue
        if character == quote:
            if quote == "'" and line[index + 1 : index + 2] == "'":
                index += 2  # '' is an escaped single quote
                continue
            rest = line[index + 1 :].strip()
            if rest and not rest.startswith("#") and rest[0] not in ",]}":
                return position, index + 1
            return None
        index += 1
    return position, None


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _previous_content_line(lines: list[str], index: int) -> int | None:
    for previous in range(index - 1, -1, -1):
        stripped = lines[previous].strip()
        if stripped and not stripped.startswith("#"):
            return previous
    return None


def _lacks_list_dash(lines: list[str], index: int, same_first_key: bool = False) -> bool:
    """True if the line at `index` sits where the list items above have their '- ' (and,
    with `same_first_key`, starts with the same field as they do, e.g. `id:`)."""
    line = lines[index]
    if line.lstrip().startswith("-"):
        return False
    for above in range(index - 1, -1, -1):
        stripped = lines[above].strip()
        if not stripped or stripped.startswith("#") or _indent(lines[above]) > _indent(line):
            continue
        if _indent(lines[above]) != _indent(line) or not stripped.startswith("- "):
            return False
        first_key = stripped[2:].split(":", 1)[0]
        return not same_first_key or line.strip().split(":", 1)[0] == first_key
    return False


def _indentation(lines: list[str], index: int, previous: int) -> SyntaxExplanation:
    current, above = lines[index], lines[previous]
    above_key_column = _indent(above) + (len(above.lstrip(" ")) - len(above.lstrip(" -")))
    return SyntaxExplanation(
        index + 1,
        _indent(current) + 1,
        f"this line is indented to column {_indent(current) + 1}, which does not match"
        " the lines around it",
        f"line it up with the field above it (column {above_key_column + 1}), or with the"
        " field it belongs to; indent with spaces, two per level",
    )
