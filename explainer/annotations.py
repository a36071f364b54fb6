"""Problems as GitHub Actions workflow commands, so they show on the lines of a pull request.

`::error file=data/timeline.yaml,line=503,col=5,title=events[35].date::<message>` printed by a
step becomes an annotation on that line of the changed file. GitHub's rules for workflow
commands: in the message, '%', CR and LF are written %25, %0D and %0A; in a property value
':' and ',' too (%3A, %2C), since they separate the properties.
"""

from __future__ import annotations

from explainer.data.loader import Problem

_DATA_ESCAPES = {"%": "%25", "\r": "%0D", "\n": "%0A"}
_PROPERTY_ESCAPES = {**_DATA_ESCAPES, ":": "%3A", ",": "%2C"}


def escape_data(text: str) -> str:
    return "".join(_DATA_ESCAPES.get(character, character) for character in text)


def escape_property(text: str) -> str:
    return "".join(_PROPERTY_ESCAPES.get(character, character) for character in text)


def command(level: str, message: str, **properties: str | int | None) -> str:
    """One workflow command line, e.g. command('error', 'text', file='data/x.yaml', line=3)."""
    given = [
        f"{name}={escape_property(str(value))}"
        for name, value in properties.items()
        if value not in (None, "", 0)
    ]
    return f"::{level} {','.join(given)}::{escape_data(message)}"


def problem_annotation(problem: Problem, level: str = "error") -> str:
    """A data problem as an annotation on its file and line; the hint on a second line."""
    message = f"{problem.message}\nhint: {problem.hint}" if problem.hint else problem.message
    return command(
        level,
        message,
        file=problem.file,
        line=problem.line,
        col=problem.column if problem.line else None,
        title=problem.path or None,
    )
