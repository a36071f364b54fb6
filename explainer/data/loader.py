"""Read `data/*.yaml` safely and report every mistake with file, line and column.

The loader never raises on bad input except through `DataError`, which carries every
problem found, so an editor fixes them all in one pass. It guards against the usual
traps of hand-edited YAML: tabs, duplicate keys (the last one silently wins in PyYAML),
wrong encodings, anchors and alias bombs, huge files and deep nesting.
"""

from __future__ import annotations

import difflib
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from explainer.data.model import FILE_MODELS, LANGUAGES
from explainer.data.syntax import explain_syntax_error

MAX_FILE_BYTES = 16_000_000
"""A runaway file, not a large strategy: 100x the shipped data (make bench) is 5 MB a file."""
MAX_DEPTH = 24
LANGUAGE_NAMES = {"ar": "Arabic", "en": "English"}

Location = tuple[int | str, ...]


# -----------------------------------------------------------------------------
# Problems
# -----------------------------------------------------------------------------


@dataclass(frozen=True, order=True)
class Problem:
    """One mistake in the data, at a place an editor can find."""

    file: str
    line: int
    column: int
    path: str
    message: str
    hint: str = ""

    def __str__(self) -> str:
        place = f"{self.file}:{self.line}:{self.column}" if self.line else self.file
        text = f"{place}: {self.path}: {self.message}" if self.path else f"{place}: {self.message}"
        return f"{text}\n    hint: {self.hint}" if self.hint else text


class DataError(Exception):
    """Raised with every problem found in the data."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems))
        super().__init__(self.report())

    def report(self) -> str:
        count = len(self.problems)
        heading = f"{count} problem{'s' if count != 1 else ''} in the data:"
        return "\n".join([heading, *(str(problem) for problem in self.problems)])


def format_location(location: Location) -> str:
    """Turn ('pillars', 1, 'title', 'ar') into 'pillars[1].title.ar'."""
    text = ""
    for part in location:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


# -----------------------------------------------------------------------------
# Loading
# -----------------------------------------------------------------------------


@dataclass
class LoadedFile:
    """A parsed YAML file: plain Python values plus the position of every node."""

    name: str
    value: Any
    positions: dict[Location, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[Location, tuple[int, int]] = field(default_factory=dict)
    seen_nodes: set[int] = field(default_factory=set, repr=False)
    unreadable: bool = False

    def position(self, location: Location) -> tuple[int, int]:
        """The line and column of the closest node that exists on the way to `location`."""
        for end in range(len(location), -1, -1):
            found = self.key_positions.get(location[:end]) or self.positions.get(location[:end])
            if found and end < len(location):
                # The field itself is missing: point at its parent mapping.
                return self.positions.get(location[:end], found)
            if found:
                return found
        return (1, 1)


class _Loader(yaml.SafeLoader):
    """SafeLoader that keeps dates as text: dates are validated by the model, not PyYAML."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

# libyaml's parser gives the same nodes and marks about 15 times faster (it keeps `make check`
# well under a second); the pure-Python one words errors the way `explain_syntax_error` reads.
_FastLoader = None
if yaml.__with_libyaml__:

    class _FastLoader(yaml.CSafeLoader):  # type: ignore[no-redef]
        yaml_implicit_resolvers = _Loader.yaml_implicit_resolvers


def _compose(text: str) -> Node | None:
    if _FastLoader is not None:
        try:
            return yaml.compose(text, Loader=_FastLoader)
        except yaml.YAMLError:
            pass  # parse again below for PyYAML's exact marks and wording
    return yaml.compose(text, Loader=_Loader)


def read_yaml(path: Path, display_name: str) -> tuple[LoadedFile | None, list[Problem]]:
    """Parse one YAML file into plain values, collecting problems instead of raising."""

    def problem(message: str, hint: str = "", line: int = 0, column: int = 0) -> Problem:
        return Problem(display_name, line, column, "", message, hint)

    if not path.exists():
        return None, [problem("the file is missing", f"create {display_name}")]
    if not path.is_file():
        return None, [problem("this is a folder, not a file", f"replace it with {display_name}")]
    raw = path.read_bytes()
    if len(raw) > MAX_FILE_BYTES:
        return None, [
            problem(
                f"the file is {len(raw):,} bytes; the limit is {MAX_FILE_BYTES:,}",
                "split the content or remove what does not belong here",
            )
        ]
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or (len(raw) > 1 and b"\x00" in raw[:4]):
        return None, [
            problem("the file is saved as UTF-16", "save it again with the encoding UTF-8")
        ]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return None, [
            problem(
                f"byte 0x{raw[error.start]:02X} is not valid UTF-8",
                "save the file with the encoding UTF-8",
                line,
                error.start - raw.rfind(b"\n", 0, error.start),
            )
        ]
    if not text.strip():
        return None, [problem("the file is empty", "restore it from the repository history")]

    tab_problems = [
        problem(
            "indentation uses a tab",
            "YAML indents with spaces only: replace the tab with spaces",
            number,
            line.index("\t") + 1,
        )
        for number, line in enumerate(text.splitlines(), start=1)
        if "\t" in line[: len(line) - len(line.lstrip(" \t"))]
    ]
    if tab_problems:
        return None, tab_problems

    try:
        root = _compose(text)
    except yaml.MarkedYAMLError as error:
        explained = explain_syntax_error(text, error)
        return None, [problem(explained.message, explained.hint, explained.line, explained.column)]
    except yaml.YAMLError as error:
        return None, [problem(f"YAML error: {error}")]
    except RecursionError:
        return None, [problem("the data is nested too deeply", "flatten the structure")]
    if root is None:
        return None, [problem("the file holds only comments", "restore its content")]

    loaded = LoadedFile(display_name, None)
    problems: list[Problem] = []
    loaded.value = _construct(root, (), loaded, problems, depth=0)
    loaded.seen_nodes.clear()  # ids of nodes that are gone: nothing to keep or copy
    # Duplicate keys are reported, but the rest of the file is
    # still validated so that the editor sees every problem in one pass.
    return (None if loaded.unreadable else loaded), problems


def _construct(
    node: Node,
    location: Location,
    loaded: LoadedFile,
    problems: list[Problem],
    depth: int,
) -> Any:
    """Build plain values from YAML nodes, recording positions and rejecting traps."""
    line, column = node.start_mark.line + 1, node.start_mark.column + 1
    loaded.positions[location] = (line, column)

    def problem(message: str, hint: str, at: tuple[int, int] = (line, column)) -> None:
        path = format_location(location)  # only when needed: there is a node per value
        problems.append(Problem(loaded.name, at[0], at[1], path, message, hint))
        loaded.unreadable = True

    if depth > MAX_DEPTH:
        problem(f"nested more than {MAX_DEPTH} levels deep", "flatten the structure")
        return None
    if getattr(node, "anchor", None) or _is_alias(node, loaded):
        if not loaded.unreadable:  # the first one is enough: a bomb holds millions
            problem(
                "anchors and aliases (& and *) are not allowed",
                "write the value out in full",
            )
        return None

    if isinstance(node, MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key_at = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            if not isinstance(key_node, ScalarNode):
                problem(
                    "a key must be plain text",
                    "remove the brackets around the key",
                    key_at,
                )
                continue
            key = key_node.value
            if key in result:
                first_line = loaded.key_positions[(*location, key)][0]
                problems.append(  # not fatal: the first value is kept and validated
                    Problem(
                        loaded.name,
                        *key_at,
                        format_location((*location, key)),
                        f"the key '{key}' appears twice (first on line {first_line})",
                        "delete one of them; if you meant another key (for example ar"
                        " instead of en), rename it",
                    )
                )
                continue
            loaded.key_positions[(*location, key)] = key_at
            result[key] = _construct(value_node, (*location, key), loaded, problems, depth + 1)
        return result
    if isinstance(node, SequenceNode):
        return [
            _construct(item, (*location, index), loaded, problems, depth + 1)
            for index, item in enumerate(node.value)
        ]
    value = _Loader.construct_scalar(_SCALAR_CONSTRUCTOR, node)
    if node.tag == "tag:yaml.org,2002:str" or not node.tag.startswith("tag:yaml.org,2002:"):
        return value
    try:
        return _SCALAR_CONSTRUCTOR.yaml_constructors[node.tag](_SCALAR_CONSTRUCTOR, node)
    except (KeyError, ValueError, yaml.constructor.ConstructorError):
        problem(f"cannot read the value {value!r}", "quote it as text")
        return None


_SCALAR_CONSTRUCTOR = _Loader("")


def _is_alias(node: Node, loaded: LoadedFile) -> bool:
    # yaml.compose returns the anchored node object again for every alias, so a node seen
    # twice is an alias; this is what stops "billion laughs" before anything is expanded.
    if id(node) in loaded.seen_nodes:
        return True
    loaded.seen_nodes.add(id(node))
    return False


# -----------------------------------------------------------------------------
# Validation against the model
# -----------------------------------------------------------------------------


def validate_file(loaded: LoadedFile) -> tuple[BaseModel | None, list[Problem]]:
    """Validate a parsed file against its model; translate pydantic errors for editors."""
    model = FILE_MODELS[Path(loaded.name).name]
    try:
        return model.model_validate(loaded.value), []
    except ValidationError as error:
        details = error.errors()
        return None, [
            _explain(loaded, model, detail)
            for detail in details
            if not _explained_by_a_typo(detail, details, model)
        ]


def _explained_by_a_typo(detail: dict, details: list[dict], model: type[BaseModel]) -> bool:
    """A missing field with a misspelt twin beside it (`titel` for `title`) is one mistake:
    the 'unknown field, did you mean' message says it all."""
    if detail["type"] != "missing":
        return False
    parent, missing = tuple(detail["loc"][:-1]), detail["loc"][-1]
    return any(
        other["type"] == "extra_forbidden"
        and tuple(other["loc"][:-1]) == parent
        and difflib.get_close_matches(
            str(other["loc"][-1]), _fields_at(model, parent), n=1, cutoff=0.6
        )
        == [missing]
        for other in details
    )


def _explain(loaded: LoadedFile, model: type[BaseModel], detail: dict) -> Problem:
    location: Location = tuple(
        # pydantic adds tags such as 'function-after[...]' for validators; field names stay.
        part
        for part in detail["loc"]
        if not (isinstance(part, str) and part.startswith("function-"))
    )
    kind = detail["type"]
    last = location[-1] if location else ""
    message, hint = detail["msg"], ""

    if kind == "missing":
        if last in LANGUAGES:
            message = f"{LANGUAGE_NAMES[last]} text is missing"
            hint = f"add a line '{last}: ...' with the {LANGUAGE_NAMES[last]} text"
        else:
            message = f"the required field '{last}' is missing"
            hint = f"add '{last}:' here"
    elif last in LANGUAGES and (
        kind == "string_too_short" or (kind == "string_type" and detail.get("input") is None)
    ):
        message = f"{LANGUAGE_NAMES[last]} text is empty"
        hint = f"write the {LANGUAGE_NAMES[last]} text after '{last}:'"
    elif kind == "extra_forbidden":
        allowed = _fields_at(model, location[:-1])
        close = difflib.get_close_matches(str(last), allowed, n=1, cutoff=0.6)
        message = f"unknown field '{last}'" + (f"; did you mean '{close[0]}'?" if close else "")
        hint = "allowed fields here: " + ", ".join(allowed) if allowed else "remove it"
    elif kind == "string_pattern_mismatch":
        pattern = detail.get("ctx", {}).get("pattern", "")
        message, hint = _pattern_message(pattern, detail.get("input"))
    elif kind == "literal_error":
        expected = detail.get("ctx", {}).get("expected", "")
        message = f"{detail.get('input')!r} is not allowed; expected one of {expected}"
        hint = "use one of the listed values"
    elif kind == "value_error":
        # The model's own messages already say what to do.
        message = str(detail.get("ctx", {}).get("error", detail["msg"]))
        if message.startswith(("ar:", "en:")) and location:
            location = (*location, message[:2])
            message = message[4:]
        hint = next((hint for words, hint in _VALUE_HINTS.items() if words in message), "")
    elif kind in {"model_type", "dict_type"} and _fields_at(model, location) == list(LANGUAGES):
        message = f"expected the text in both languages, found {_describe(detail.get('input'))}"
        hint = "write it as two lines below this one, indented: 'ar: \"...\"' and 'en: \"...\"'"
    elif kind in _TYPE_NAMES:
        found = _describe(detail.get("input"))
        message = f"expected {_TYPE_NAMES[kind]}, found {found}"
        hint = f"write {_TYPE_NAMES[kind]} here"
        if kind == "string_type" and isinstance(detail.get("input"), int | float):
            hint = f'put it in double quotes: "{detail["input"]}"'
    elif kind in {"too_short", "list_too_short"}:
        message = "the list is empty; it needs at least one entry"
        hint = "add at least one item"
    elif kind in {"greater_than_equal", "greater_than"}:
        limit = detail.get("ctx", {}).get("ge", detail.get("ctx", {}).get("gt", 0))
        message = f"{detail.get('input')!r} is too small; the smallest allowed is {limit}"
        hint = "use a positive number"

    line, column = loaded.position(location)
    return Problem(loaded.name, line, column, format_location(location), message, hint)


_VALUE_HINTS = {
    "not a web address": "copy the full address from the browser's address bar",
    "no valid host name": "copy the full address from the browser's address bar",
    "contains a space": "copy the full address from the browser's address bar",
    "does not exist": "check the day and the month",
    "months run": "write the date as YYYY-MM-DD, e.g. 2023-06-29",
    "in Latin letters": "acronyms such as OFAC and codes such as H.R. 6265 may stay in Latin"
    " letters, but the sentence must be Arabic",
    "in Arabic letters": "an Arabic name or word may appear inside English text, but the"
    " sentence must be English",
    "sentence(s)": "end each sentence with a full stop; avoid abbreviations with full stops",
    "link target": "link to a web page with https://",
}
"""Hints for the model's own messages, found by their words."""

_TYPE_NAMES = {
    "string_type": "text",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "list_type": "a list",
    "dict_type": "a mapping of fields",
    "model_type": "a mapping of fields",
    "model_attributes_type": "a mapping of fields",
    "bool_type": "true or false",
}


def _describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return str(value).lower()
    return f"{type(value).__name__.replace('str', 'text').replace('int', 'number')} {value!r}"


def _pattern_message(pattern: str, value: Any) -> tuple[str, str]:
    if "a-z0-9]+(?:-" in pattern:
        return (
            f"{value!r} is not a valid id",
            "use lowercase ASCII letters, digits and hyphens, e.g. 'sanctions-2023'",
        )
    if pattern.startswith(r"^\d{4}"):
        full = "(?:" not in pattern
        return (
            f"{value!r} is not an ISO date",
            "write YYYY-MM-DD, e.g. '2023-06-29'"
            if full
            else "write YYYY-MM-DD, YYYY-MM or YYYY, e.g. '2023-06-29' or '2023-06'",
        )
    return f"{value!r} has the wrong format", f"expected the pattern {pattern}"


def _fields_at(model: type[BaseModel], location: Location) -> list[str]:
    """Names of the fields allowed at `location`, for 'did you mean' suggestions."""
    current: Any = model
    for part in location:
        current = _unwrap(current)
        if isinstance(part, int):
            args = [a for a in typing.get_args(current) if a is not type(None)]
            current = args[0] if args else None
        elif isinstance(current, type) and issubclass(current, BaseModel):
            info = current.model_fields.get(str(part))
            current = info.annotation if info else None
        else:
            return []
    current = _unwrap(current)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return [info.alias or name for name, info in current.model_fields.items()]
    return []


def _unwrap(annotation: Any) -> Any:
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, getattr(__import__("types"), "UnionType", None)):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            annotation = args[0] if len(args) == 1 else annotation
            if len(args) != 1:
                return annotation
        else:
            return annotation
