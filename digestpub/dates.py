"""Dates as digests write them, and ranges between two of them.

Single dates: ``2025-12-28``, ``2025/12/28``, ``2025.12.28``, ``2025年12月28日``, ``2026년 1월 5일``,
``Dec 28, 2025``, ``28 December 2025``, ``Mon 5 Jan 2026``, ``01/05/2026`` (month first, unless the
first number cannot be a month). Ranges join two of them with ``至``, ``到``, ``to``, ``–``, ``~`` …;
the second may leave out what it shares with the first (``2025-12-28 至 29日``, ``1月5日—1月11日``,
``January 5–11, 2026``, ``5–11 January 2026``, ``Dec 29 – Jan 4, 2026``). A range written backwards
is put in order. A bare number after a dash is only a day when nothing but a bracket, a day marker
or the end follows it (``2026-01-05 — 12 stories`` is one date).
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass

_MONTH_NAMES = (
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
)
_MONTHS = {name: number for number, names in enumerate(_MONTH_NAMES, start=1) for name in names}
_MONTH_WORD = "(?:" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?"
_ORDINAL = r"(?:st|nd|rd|th)?"
_SEPARATOR = (
    r"\s*(?:至|到|～|〜|~|–|—|―|－|-{1,2}|to|through|until|bis|au|al|a|até|tot|till|do|по|до|đến|έως|ถึง|से|から"
    r"|إلى|الى|حتى|עד|تا|sampai|hingga)\s*"
)
# After a bare day at the end of a range, only this may follow.
_DAY_END = r"(?=\s*(?:$|[)）\]】］,，;；。.|]))"


def _named(pattern: str, **names: str) -> str:
    for part, name in names.items():
        pattern = pattern.replace("{" + part + "}", name)
    return pattern


# Full dates: {y}, {m}, {d} become named groups.
_FULL = (
    r"(?P<{y}>\d{4})\s*[-/.]\s*(?P<{m}>\d{1,2})\s*[-/.]\s*(?P<{d}>\d{1,2})(?!\d)",
    r"(?P<{y}>\d{4})\s*年\s*(?P<{m}>\d{1,2})\s*月\s*(?P<{d}>\d{1,2})\s*[日号]?",
    r"(?P<{y}>\d{4})\s*년\s*(?P<{m}>\d{1,2})\s*월\s*(?P<{d}>\d{1,2})\s*일?",
    _WEEKDAY + r"(?P<{m}>" + _MONTH_WORD + r")\s+(?P<{d}>\d{1,2})" + _ORDINAL + r",?\s+(?P<{y}>\d{4})",
    _WEEKDAY + r"(?P<{d}>\d{1,2})" + _ORDINAL + r"\s+(?P<{m}>" + _MONTH_WORD + r"),?\s+(?P<{y}>\d{4})",
    r"(?<![\d/])(?P<{m}>\d{1,2})/(?P<{d}>\d{1,2})/(?P<{y}>\d{4})(?!\d)",  # US order (or day first)
)
# The end of a range that borrows the year (and month) from its start.
_PARTIAL = (
    r"(?P<m2>\d{1,2})\s*[-/.]\s*(?P<d2>\d{1,2})(?![\d/.-])",
    r"(?P<m2>\d{1,2})\s*月\s*(?P<d2>\d{1,2})\s*[日号]?",
    r"(?P<m2>\d{1,2})\s*월\s*(?P<d2>\d{1,2})\s*일?",
    r"(?P<m2>" + _MONTH_WORD + r")\s+(?P<d2>\d{1,2})" + _ORDINAL + r"(?:,?\s+(?P<y2>\d{4}))?",
    r"(?P<d2>\d{1,2})\s*[日号일]",
    r"(?P<d2>\d{1,2})(?:,?\s+(?P<y2>\d{4}))?" + _DAY_END,
)
# Ranges whose first date borrows the year (and month) from the second.
_SPANS = (
    # January 5–11, 2026 · Dec 29 – Jan 4, 2026
    r"(?P<m>"
    + _MONTH_WORD
    + r")\s+(?P<d>\d{1,2})"
    + _ORDINAL
    + _SEPARATOR
    + r"(?:(?P<m2>"
    + _MONTH_WORD
    + r")\s+)?(?P<d2>\d{1,2})"
    + _ORDINAL
    + r",?\s+(?P<y>\d{4})",
    # 5–11 January 2026 · 29 Dec – 4 Jan 2026
    r"(?P<d>\d{1,2})"
    + _ORDINAL
    + r"(?:\s+(?P<m>"
    + _MONTH_WORD
    + r"))?"
    + _SEPARATOR
    + r"(?P<d2>\d{1,2})"
    + _ORDINAL
    + r"\s+(?P<m2>"
    + _MONTH_WORD
    + r"),?\s+(?P<y>\d{4})",
)

_FULL_PATTERNS = [re.compile(_named(form, y="y", m="m", d="d"), re.IGNORECASE) for form in _FULL]
_END_PATTERNS = [re.compile(_named(form, y="y2", m="m2", d="d2"), re.IGNORECASE) for form in _FULL]
_PARTIAL_PATTERNS = [re.compile(form, re.IGNORECASE) for form in _PARTIAL]
_SPAN_PATTERNS = [re.compile(form, re.IGNORECASE) for form in _SPANS]
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


def _full_date(match: re.Match[str], suffix: str = "") -> dt.date | None:
    year, month, day = match[f"y{suffix}"], match[f"m{suffix}"], match[f"d{suffix}"]
    found = _make(year, month, day)
    if found is None and "/" in match.group() and month.isdigit():
        found = _make(year, day, month)  # 25/12/2025: the day came first
    return found


def find_date(text: str) -> DateMatch | None:
    """The first date or date range in ``text``, or None."""
    candidates = list(_spans(text)) + list(_full_dates(text))
    if not candidates:
        return None
    return min(candidates, key=lambda found: (found.span[0], -found.span[1]))


# What may stand between a title's words and its date: "Weekly – 2026-01-05", "週報｜2026-01-05".
TITLE_SEPARATORS = " \t-–—|:：,，·"
OPENING_BRACKETS = "(（[【［"
CLOSING_BRACKETS = ")）]】］"


def only_a_date(text: str) -> bool:
    """Whether ``text`` is a date or date range and nothing else (brackets and separators aside):
    a digest titled ``# 2026-01-05 ~ 2026-01-11``."""
    found = find_date(text)
    rest = text[: found.span[0]] + text[found.span[1] :] if found else text
    return found is not None and not rest.strip(TITLE_SEPARATORS + OPENING_BRACKETS + CLOSING_BRACKETS)


def _spans(text: str) -> Iterator[DateMatch]:
    for pattern in _SPAN_PATTERNS:
        for match in pattern.finditer(text):
            year = int(match["y"])
            end_month = match["m2"] or match["m"]
            start_month = match["m"] or match["m2"]
            end = _make(year, end_month, match["d2"])
            start = _make(year, start_month, match["d"])
            if start and end and start > end:  # Dec 29 – Jan 4, 2026: the start is in the year before
                start = _make(year - 1, start_month, match["d"])
            if start and end and start <= end:
                yield DateMatch(start, end, match.span())
                break


def _full_dates(text: str) -> Iterator[DateMatch]:
    for pattern in _FULL_PATTERNS:
        for match in pattern.finditer(text):
            first = _full_date(match)
            if first is None:
                continue
            end, stop = _range_end(text, match.end(), first)
            if end is None:
                yield DateMatch(first, first, match.span())
            else:
                if "/" in match.group() and abs((end - first).days) > _LONGEST_ISSUE_DAYS:
                    first, end = _day_first(first, end)
                yield DateMatch(min(first, end), max(first, end), (match.start(), stop))
            break


_LONGEST_ISSUE_DAYS = 31


def _day_first(first: dt.date, end: dt.date) -> tuple[dt.date, dt.date]:
    """``05/01/2026 – 11/01/2026`` read month-first spans half a year; read day-first it is a
    week. A digest covers days or weeks, so the day-first reading wins when only it is that short."""
    swapped_first, swapped_end = (
        _make(first.year, first.day, first.month),
        _make(end.year, end.day, end.month),
    )
    if swapped_first and swapped_end and 0 <= (swapped_end - swapped_first).days <= _LONGEST_ISSUE_DAYS:
        return swapped_first, swapped_end
    return first, end


def _range_end(text: str, position: int, first: dt.date) -> tuple[dt.date | None, int]:
    """A range's second date right after ``position``, if a separator and a date follow."""
    separator = _SEPARATOR_PATTERN.match(text, position)
    if not separator:
        return None, position
    start = separator.end()
    for pattern in _END_PATTERNS:
        match = pattern.match(text, start)
        if match and (end := _full_date(match, "2")):
            return end, match.end()  # a full date: taken even when written before the first
    for pattern in _PARTIAL_PATTERNS:
        match = pattern.match(text, start)
        if not match:
            continue
        groups = match.groupdict()
        end = _make(groups.get("y2") or first.year, groups.get("m2") or first.month, groups["d2"])
        if end and end < first and not groups.get("y2") and not groups.get("m2"):
            end = None  # "2026-01-05 – 3": not a range
        if end and end >= first:
            return end, match.end()
    return None, position


def parse_date(text: str) -> dt.date | None:
    """The first date in ``text`` (the start, if it is a range)."""
    found = find_date(text)
    return found.start if found else None


def source_date_epoch() -> dt.datetime | None:
    """The build time reproducible builds ask for (``SOURCE_DATE_EPOCH``), in UTC, if it is set."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value.isdigit():
        return None
    return dt.datetime.fromtimestamp(int(value), tz=dt.timezone.utc)
