"""Dates as digests write them: ``2025-12-28``, ``2025/12/28``, ``2025年12月28日``, ``Dec 28, 2025``,
``28 December 2025``, and ranges between two of them (``至``, ``to``, ``–``, ``~``), where the second
date may leave out what it shares with the first (``2025-12-28 至 29``, ``January 5–11, 2026``).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_MONTH = "(?P<{}>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"

# Each pattern names its parts y, m, d (m may be a month name); the second date of a range uses
# the same patterns with a "2" suffix, or a shorter form that borrows the rest from the first.
_FULL_FORMS = (
    r"(?P<y>\d{4})\s*[-/.]\s*(?P<m>\d{1,2})\s*[-/.]\s*(?P<d>\d{1,2})(?!\d)",
    r"(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*[日号]?",
    _MONTH.format("m") + r"\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y>\d{4})",
    r"(?P<d>\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH.format("m") + r",?\s+(?P<y>\d{4})",
)
_PARTIAL_FORMS = (  # the end of a range, after a separator
    r"(?P<m2>\d{1,2})\s*[-/.]\s*(?P<d2>\d{1,2})(?![\d/.-])",
    r"(?P<m2>\d{1,2})\s*月\s*(?P<d2>\d{1,2})\s*[日号]?",
    _MONTH.format("m2") + r"\s+(?P<d2>\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(?P<y2>\d{4}))?",
    r"(?P<d2>\d{1,2})\s*[日号]?(?:,?\s+(?P<y2>\d{4}))?(?![\d/.-])",
)
# "January 5–11, 2026": month and first day, then the day and year after the separator.
_ENGLISH_SPAN = (
    _MONTH.format("m") + r"\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?"
    r"\s*(?:–|—|-|~|to|through)\s*"
    r"(?:" + _MONTH.format("m2") + r"\s+)?(?P<d2>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y>\d{4})"
)
_SEPARATOR = r"\s*(?:至|到|～|〜|~|–|—|―|－|-{1,2}|to|through|until|bis|au)\s*"


def _as_range_end(form: str) -> str:
    """The same pattern with its groups renamed y2, m2, d2, to match the second date of a range."""
    for part in ("y", "m", "d"):
        form = form.replace(f"(?P<{part}>", f"(?P<{part}2>")
    return form


_FULL_PATTERNS = [re.compile(form, re.IGNORECASE) for form in _FULL_FORMS]
_FULL_AS_END = [re.compile(_as_range_end(form), re.IGNORECASE) for form in _FULL_FORMS]
_PARTIAL_PATTERNS = [re.compile(form, re.IGNORECASE) for form in _PARTIAL_FORMS]
_SPAN_PATTERN = re.compile(_ENGLISH_SPAN, re.IGNORECASE)
_SEPARATOR_PATTERN = re.compile(_SEPARATOR, re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class DateMatch:
    """A date or date range found in a text, with where it stands."""

    start: dt.date
    end: dt.date
    span: tuple[int, int]


def _month(value: str) -> int:
    return int(value) if value.isdigit() else _MONTHS[value.lower().rstrip(".")]


def _make(year: str | int, month: str | int, day: str | int) -> dt.date | None:
    try:
        return dt.date(int(year), _month(str(month)), int(day))
    except (ValueError, KeyError):
        return None


def find_date(text: str) -> DateMatch | None:
    """The first date or date range in ``text``, or None."""
    candidates: list[DateMatch] = []
    for match in _SPAN_PATTERN.finditer(text):
        first = _make(match["y"], match["m"], match["d"])
        second = _make(match["y"], match["m2"] or match["m"], match["d2"])
        if first and second and second >= first:
            candidates.append(DateMatch(first, second, match.span()))
            break
    for pattern in _FULL_PATTERNS:
        for match in pattern.finditer(text):
            first = _make(match["y"], match["m"], match["d"])
            if first is None:
                continue
            end, stop = _range_end(text, match.end(), first)
            candidates.append(DateMatch(first, end or first, (match.start(), stop if end else match.end())))
            break
    if not candidates:
        return None
    return min(candidates, key=lambda found: (found.span[0], -found.span[1]))


def _range_end(text: str, position: int, first: dt.date) -> tuple[dt.date | None, int]:
    """A range's second date right after ``position``, if a separator and a date follow."""
    separator = _SEPARATOR_PATTERN.match(text, position)
    if not separator:
        return None, position
    start = separator.end()
    for pattern in _FULL_AS_END:
        match = pattern.match(text, start)
        if match and (end := _make(match["y2"], match["m2"], match["d2"])) and end >= first:
            return end, match.end()
    for pattern in _PARTIAL_PATTERNS:
        match = pattern.match(text, start)
        if not match:
            continue
        groups = match.groupdict()
        year = groups.get("y2") or first.year
        month = groups.get("m2") or first.month
        end = _make(year, month, groups["d2"])
        if end and end >= first:
            return end, match.end()
    return None, position


def parse_date(text: str) -> dt.date | None:
    """The first date in ``text`` (the start, if it is a range)."""
    found = find_date(text)
    return found.start if found else None


def source_date_epoch() -> dt.datetime | None:
    """The build time reproducible builds ask for (``SOURCE_DATE_EPOCH``), in UTC, if it is set."""
    import os

    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value.isdigit():
        return None
    return dt.datetime.fromtimestamp(int(value), tz=dt.timezone.utc)
