"""The printed page: about how much body text a line and a page of the PDF hold, and the print
decisions the HTML makes from that — which summaries may break across pages, the column widths of
wide tables, how much of a title the page header shows. Estimates in columns (a CJK character
counts two) and lines of the theme's body text, from the page size and the theme's print tokens.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from ..cjk import display_width
from ..errors import UsageError
from ..model import Block, Inline, plain
from ..page_text import without_emoji
from ..themes import Theme, length_mm, margins_mm

WIDE_TABLE_COLUMNS = 6
CELL_PADDING = 3  # columns a table cell's padding and borders take, about
BOLD_WIDTH = 1.15  # a bold word is about this much wider
# Body text measured in its font size (em): the width of one column (a Latin letter, about; a CJK
# character takes two) and the height of a line, as the default theme sets them.
COLUMN_EM = 0.527
LINE_EM = 1.675
DEFAULT_BODY_MM = 10.5 * 25.4 / 72  # the default theme's print-base-size, 10.5pt


@dataclass(frozen=True, slots=True)
class PrintedPage:
    """About how much body text a printed page holds: the page size, the theme's print margins and
    body size (A4 and the default theme unless the PDF writer says otherwise) — the one estimate
    behind every print decision the HTML makes: which summaries may break across pages, which
    tables get fixed columns, how much of a title the page header shows."""

    width_mm: float = 210.0
    height_mm: float = 297.0
    margins_mm: tuple[float, float, float, float] = (18.0, 17.0, 20.0, 17.0)  # top, right, bottom, left
    body_mm: float = DEFAULT_BODY_MM  # the body text's font size
    wide_table_scale: float = 0.85  # the font size of wide tables, relative to the body's

    @classmethod
    def for_theme(cls, theme: Theme, width_mm: float = 210.0, height_mm: float = 297.0) -> PrintedPage:
        """The page of ``width_mm`` × ``height_mm`` with ``theme``'s print margins and sizes."""
        base = length_mm(str(theme.token("type.print-base-size", "10.5pt")))
        scale = theme.print_setting("wide-table-size").strip()
        try:
            margins = margins_mm(theme.print_setting("margin"))
        except UsageError as error:
            raise UsageError(f"theme {theme.name!r}: {error}") from None
        return cls(
            width_mm,
            height_mm,
            margins,
            base or DEFAULT_BODY_MM,
            float(scale[:-2]) if scale.endswith("em") and scale[:-2].replace(".", "", 1).isdigit() else 1.0,
        )

    @property
    def columns(self) -> int:
        """Columns of a line of body text (90 on A4)."""
        text_width = self.width_mm - self.margins_mm[1] - self.margins_mm[3]
        return max(20, round(text_width / (self.body_mm * COLUMN_EM)))

    @property
    def lines(self) -> int:
        """Lines of body text on a page (42 on A4)."""
        text_height = self.height_mm - self.margins_mm[0] - self.margins_mm[2]
        return max(8, round(text_height / (self.body_mm * LINE_EM)))

    @property
    def long_text_lines(self) -> int:
        """Lines above which a summary may break across pages (12 on A4): kept whole, a longer one
        would leave too much of a page empty, and drag its headings along."""
        return max(4, round(self.lines * 0.29))

    @property
    def table_columns(self) -> int:
        """Columns a table's longest words may take together on a line without breaking (70 on A4)."""
        return round(self.columns * 0.78)

    @property
    def long_word(self) -> int:
        """A word this long (24 on A4, a quarter of a line and more) makes a table's columns fixed."""
        return max(8, round(self.columns * 0.27))

    @property
    def head_columns(self) -> int:
        """Columns of a title the page header shows: two lines of its half at 8pt (80 on A4)."""
        return max(16, round(self.columns * 0.89))


def column_shares(longest: list[int], widest: list[int], line: float) -> list[float]:
    """Each column's share of a wide table's width, in per cent, for a printed line of ``line``
    columns: first what keeps the column's longest word whole, then the room left, shared towards
    each column's widest cell. When the longest words do not fit side by side, the columns with
    the longest ones give way (their words break); short words — numbers — stay whole."""
    need = [word + CELL_PADDING for word in longest]
    want = [max(cell + CELL_PADDING, least) for cell, least in zip(widest, need, strict=True)]
    if sum(need) > line:
        cap = _largest_width(need, line)
        widths = [min(least, cap) for least in need]
    else:
        room, wanted = line - sum(need), sum(want) - sum(need)
        grow = min(1.0, room / wanted) if wanted > 0 else 0.0
        widths = [least + (most - least) * grow for least, most in zip(need, want, strict=True)]
    total = sum(widths) or 1.0
    return [100 * width / total for width in widths]


def _largest_width(needs: list[int], line: float) -> float:
    """The widest a column may be so that ``needs``, each capped at it, fill ``line``."""
    remaining, count = line, len(needs)
    for index, need in enumerate(sorted(needs)):
        if need * (count - index) > remaining:
            return max(1.0, remaining / (count - index))
        remaining -= need
    return float(max(needs, default=1))


def long_text(nodes: tuple[Inline, ...] | tuple[Block, ...], page: PrintedPage | None = None) -> bool:
    """Whether text takes more than ``page.long_text_lines`` printed lines (each paragraph or line
    break starts a line; a CJK character counts two columns): too long to be kept from breaking
    across pages."""
    page = page or PrintedPage()
    used = 0
    for line in plain(nodes).split("\n"):
        used += max(1, -(-display_width(line) // page.columns))
        if used > page.long_text_lines:
            return True
    return False


def running_head(text: str, columns: int = PrintedPage().head_columns) -> str:
    """``text`` short enough for the page header: cut to ``columns`` (a CJK character counts two)
    at the last space if there is one near the end, with an ellipsis. A title of any length then
    stays inside the top margin. Emoji are left out: the header is small plain text (and each
    emoji drawn at another weight would be embedded again)."""
    text = " ".join(without_emoji(text).split())
    if display_width(text) <= columns:
        return text
    kept, used = [], 1  # the ellipsis takes a column
    for char in text:
        mark = unicodedata.category(char).startswith("M")  # a vowel sign, an accent: no column
        used += 0 if mark else display_width(char)
        if used > columns:
            break
        kept.append(char)
    while kept and len(kept) < len(text) and unicodedata.category(text[len(kept)]).startswith("M"):
        kept.pop()  # never cut between a letter and its marks: the whole cluster goes
    while kept and (unicodedata.combining(kept[-1]) == 9 or kept[-1] in "\u200c\u200d"):
        kept.pop()  # nor after a virama or joiner, which binds the letter before to the next
        while kept and unicodedata.category(kept[-1]).startswith("M"):
            kept.pop()
        if kept:
            kept.pop()
    cut = "".join(kept)
    space = cut.rfind(" ")
    if space > len(cut) * 2 // 3:
        cut = cut[:space]
    return cut.rstrip(" ,;:.-–—、，；：") + "…"
