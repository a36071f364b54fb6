"""Dates at the precision the data gives, formatted from CLDR data (Babel).

The Arabic site follows one numeral and month-naming policy, set in `data/site.yaml`
(`site.numerals`, `site.arabic_months`) and applied here and nowhere else.
"""

from __future__ import annotations

import datetime
from functools import lru_cache

from babel.dates import format_date

from explainer.data.partial_dates import parse_partial

_EASTERN_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
_PATTERNS = {
    # precision -> (CLDR pattern, with month names standalone when there is no day)
    3: "d MMMM y",
    2: "LLLL y",
    1: "y",
}


@lru_cache(maxsize=8192)  # the same dates appear on many pages (events, updates)
def format_partial_date(
    value: str, language: str, numerals: str = "western", arabic_months: str = "both"
) -> str:
    """Format an ISO date of any precision the way a reader of `language` expects."""
    day, precision = parse_partial(value)
    if language != "ar":
        text = format_date(day, _PATTERNS[precision], locale=language)
    else:
        text = _format_arabic(day, precision, arabic_months)
        text = localize_digits(text, language, numerals)
    return text


def localize_digits(text: str, language: str, numerals: str = "western") -> str:
    """Apply the Arabic site's numeral policy to a number written in the templates."""
    return text.translate(_EASTERN_DIGITS) if language == "ar" and numerals == "eastern" else text


def _format_arabic(day: datetime.date, precision: int, arabic_months: str) -> str:
    if precision == 1:
        return format_date(day, "y", locale="ar")
    # "يونيو/حزيران": the month names of Egypt and the Gulf, then of the Levant and Iraq,
    # as most pan-Arab newsrooms write them, so every reader recognises the month.
    standard = format_date(day, "LLLL", locale="ar")
    levantine = format_date(day, "LLLL", locale="ar_SY")
    month = {"standard": standard, "levantine": levantine}.get(
        arabic_months, f"{standard}/{levantine}"
    )
    prefix = f"{day.day} " if precision == 3 else ""
    return f"{prefix}{month} {day.year}"
