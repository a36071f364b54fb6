"""The build's speed mechanisms, and one switch to turn any of them off.

A mechanism is kept only where it gains at least 15% of the wall time at 10x the data, or
is needed for a 100x build under a minute (PERFORMANCE.md, "What each mechanism gains").
Turned off, each leaves the site the same, byte for byte, except `shm`: Pagefind's index
then lists the pages in another order (tests/test_build_speed.py builds the site with
each one off). Turning one off shows what it gains, as `make bench-mechanisms` does:

    EXPLAINER_DISABLE=languages,helper python scripts/build_site.py
"""

from __future__ import annotations

import gc
import os

DISABLE = "EXPLAINER_DISABLE"
MECHANISMS = {
    "languages": "the other languages built in forked processes beside the default one",
    "helper": "a helper process draws the share cards and reads each page's search text",
    "html-blocks": "generated pages' HTML blocks, and most whole pages, kept from Markdown",
    "gc": "fewer garbage collections: a higher threshold, and what is loaded frozen",
    "shm": "the search records for Pagefind written to a folder in memory (/dev/shm); kept"
    " for the index's bytes, not for speed: Pagefind numbers the pages in the order the"
    " folder lists them",
}
GC_THRESHOLD = 20_000
"""New objects between two collections of the youngest generation (Python's default: 700)."""


class SwitchError(ValueError):
    """EXPLAINER_DISABLE names a mechanism that does not exist."""


def disabled() -> set[str]:
    """The mechanisms EXPLAINER_DISABLE turns off (comma-separated names of MECHANISMS)."""
    names = {name.strip() for name in os.environ.get(DISABLE, "").split(",") if name.strip()}
    unknown = sorted(names - MECHANISMS.keys())
    if unknown:
        raise SwitchError(
            f"{DISABLE}: unknown mechanism {', '.join(unknown)} (known: {', '.join(MECHANISMS)})"
        )
    return names


def enabled(mechanism: str) -> bool:
    if mechanism not in MECHANISMS:
        raise KeyError(mechanism)
    return mechanism not in disabled()


def collect_less() -> None:
    """Before loading: loading the data and each page leave thousands of objects behind,
    and the default threshold (700) collects so often that what the build keeps is walked
    again and again. At 100x, loading took 6.4 s with it and 4.2 s with this threshold;
    the pages spent 6 s in the collector with it, 3 s with this one."""
    if enabled("gc"):
        gc.set_threshold(GC_THRESHOLD, *gc.get_threshold()[1:])


def freeze_loaded() -> None:
    """After loading: what is loaded lives as long as the build, so the collector need not
    walk it again and again (which would also copy it into every forked process)."""
    if enabled("gc"):
        gc.freeze()
