"""ISO dates at the precision the data gives ('2023', '2023-06', '2023-06-21'): what
they cover and how they sort. Formatting them for readers is explainer.render.dates."""

from __future__ import annotations

import datetime
from functools import lru_cache


def parse_partial(value: str) -> tuple[datetime.date, int]:
    """'2023-06' -> (date(2023, 6, 1), 2): the first day it covers and its precision."""
    parts = [int(part) for part in value.split("-")]
    precision = len(parts)
    while len(parts) < 3:
        parts.append(1)
    return datetime.date(*parts), precision


@lru_cache(maxsize=8192)
def chronological_key(value: str) -> tuple[int, int, int]:
    """Sort key of an ISO date of any precision: a month-only date sorts at the end of its
    month, a year-only date at the end of its year, after every dated day they contain.

    "2024-12" (finds reported some time in December) may have happened on any day of the
    month, so it comes after "2024-12-08" rather than before it, as the string would sort.
    """
    parts = [int(part) for part in value.split("-")]
    year = parts[0]
    month = parts[1] if len(parts) > 1 else 13  # a year-only date: after its twelve months
    day = parts[2] if len(parts) > 2 else 32  # a month-only date: after its days
    return year, month, day
