"""Browser tests wait on conditions, never on time: no sleeps, no counted animation
frames, and wait_for_function always given a function (a bare expression is polled with
eval(), which the site's Content Security Policy refuses: the error came whenever the first
check was too early, and made a test fail in 2 runs out of 3)."""

from __future__ import annotations

import re

from conftest import PROJECT_ROOT

BROWSER_TESTS = sorted(
    {
        *(PROJECT_ROOT / "tests" / "browser").glob("*.py"),
        *(PROJECT_ROOT / "tests").glob("*browser*.py"),
    }
)
TIMED = re.compile(r"wait_for_timeout|time\.sleep|requestAnimationFrame|setTimeout")
CALL = re.compile(r"wait_for_function\(\s*(f?)([\"'])(.*?)\2", re.S)
FUNCTION = re.compile(r"^\s*(\(?[\w, ]*\)?\s*=>|function\b|async\b)")


def test_browser_tests_exist():
    assert len(BROWSER_TESTS) >= 5


def test_no_browser_test_waits_for_a_set_time():
    timed = [
        f"{path.name}:{number}: {line.strip()}"
        for path in BROWSER_TESTS
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if TIMED.search(line) and not line.lstrip().startswith("#")
    ]
    assert timed == []


def test_wait_for_function_is_given_a_function():
    bare = [
        f"{path.name}: {match.group(3)[:60]}"
        for path in BROWSER_TESTS
        for match in CALL.finditer(path.read_text(encoding="utf-8"))
        if not FUNCTION.match(match.group(3))
    ]
    assert bare == []
