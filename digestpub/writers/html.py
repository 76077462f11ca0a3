"""The HTML writer, and the HTML core that the PDF, EPUB and email writers start from.

:func:`render_page` fills the theme's ``templates/page.html`` with the digest. Rich text is turned
into HTML here (:class:`RichText`), always escaped: text from a digest is data. Every item's anchor
is its stable id; overview entries link to the item they announce; external links are marked.
The stylesheet is the theme's ``html.css`` (or another file, for print) after the design tokens as
CSS custom properties.
"""

from __future__ import annotations

import contextlib
import functools
import math
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

import jinja2
from markupsafe import Markup, escape

from .. import __version__
from ..cjk import HANGUL_RE, display_width, is_wide
from ..dates import only_a_date
from ..errors import UsageError
from ..i18n import date_range, strings_for
from ..language import direction_of, primary
from ..model import (
    Block,
    Code,
    CodeBlock,
    Digest,
    Emphasis,
    Heading,
    Image,
    Inline,
    LineBreak,
    Link,
    ListBlock,
    Paragraph,
    Point,
    Quote,
    Strikethrough,
    Strong,
    Table,
    Text,
    plain,
)
from ..options import Options
from ..page_text import without_emoji
from ..themes import GENERIC_FAMILIES, PRINT_DEFAULTS, Theme, length_mm, load_theme, margins_mm
from .base import Writer


class HtmlWriter(Writer):
    name = "html"
    extension = "html"
    media_type = "text/html"
    description = "one self-contained, responsive web page"

    def write(self, digest: Digest, options: Options) -> bytes:
        return render_page(digest, load_theme(options.theme)).encode("utf-8")


# --------------------------------------------------------------------------- rich text


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


class RichText:
    """Renders model nodes as escaped HTML. ``heading_floor`` keeps content headings below the page's."""

    def __init__(
        self,
        language: str,
        *,
        images: bool = True,
        page: PrintedPage | None = None,
        bullets: tuple[str, ...] = (),
        bullet_boxes: bool = False,
    ) -> None:
        """``page``: the printed page, for print's layout decisions (wide tables get their column
        widths only then); None on screen. ``bullets``: print's bullet for each list level
        (outermost first), written first in each entry of an unordered list; none on screen.
        ``bullet_boxes``: each bullet in a box of its own, for a page with right-to-left parts."""
        self.language = language
        self.print_page = page
        self.page = page or PrintedPage()
        self.images = images
        self.bullets = bullets
        # How print hangs the bullets (the page's class "bullets-…"): as text, in boxes, or none.
        self.bullet_style = ("boxes" if bullet_boxes else "text") if bullets else ""
        self._list_depth = 0  # how many lists deep the entries being written are

    def bullet(self, depth: int | None = None, *, boxed: bool = False) -> Markup:
        """The bullet of an entry of an unordered list ``depth`` lists deep (by default, the
        current depth); "" on screen. Print writes it as the entry's first text, hanging by the
        first line's negative indent: WeasyPrint lays that out and draws it much faster than a box
        per entry (−8 % of a 100-item PDF). But it indents the left end of a line whatever the
        line's direction, so a page with right-to-left parts gets a box per bullet that hangs by a
        negative margin (as does the bullet of an entry that starts with a block: ``boxed``)."""
        if not self.bullets:
            return Markup("")
        depth = self._list_depth if depth is None else depth
        bullet = escape(self.bullets[min(depth, len(self.bullets) - 1)])
        if boxed or self.bullet_style == "boxes":
            return Markup(f'<span class="bullet">{bullet}</span>')
        return bullet

    def points(self, points: tuple[Point, ...], language: str | None = None) -> Markup:
        """Details entries as a list: numbered if they were written so, else bulleted."""
        entries = Markup("").join(self.point_entry(point, language) for point in points)
        first = points[0].number if points else None
        if first is None:
            return Markup(f'<ul class="points">{entries}</ul>')
        return Markup(f"<ol{self._numbering(first, len(points), 'points')}>{entries}</ol>")

    def _numbering(self, start: int, count: int, css_class: str = "") -> Markup:
        """The attributes of a numbered list of ``count`` entries from ``start``: its class (with
        "long-numbers" when numbers of three digits need a wider indent) and its start."""
        classes = [css_class] if css_class else []
        if start + count - 1 >= 100:
            classes.append("long-numbers")
        attributes = Markup(f' class="{" ".join(classes)}"') if classes else Markup("")
        if start != 1:
            attributes += Markup(f' start="{start}"')
            if self.print_page is not None:  # WeasyPrint numbers from 1 whatever the start
                attributes += Markup(f' style="counter-reset: list-item {start - 1}"')
        return attributes

    def _entry(self, content: Markup, *, starts_with_block: bool, depth: int | None) -> Markup:
        """An ``<li>`` of a list ``depth`` lists deep, its bullet first (None: numbered, no bullet).
        One whose content starts with a block (code, a quote, a list) is marked ``block-first``:
        print hangs its bullet beside that block (as text, it would stand on a line of its own)."""
        block_first = starts_with_block and bool(content)
        bullet = self.bullet(depth, boxed=block_first) if depth is not None else Markup("")
        return (
            Markup('<li class="block-first">' if block_first else "<li>") + bullet + content + Markup("</li>")
        )

    @contextlib.contextmanager
    def _nested(self) -> Iterator[None]:
        """Content written inside this block is one list level deeper."""
        self._list_depth += 1
        try:
            yield
        finally:
            self._list_depth -= 1

    def inlines(self, nodes: Iterable[Inline]) -> Markup:
        return Markup("").join(self.inline(node) for node in nodes)

    def unlinked(self, nodes: Iterable[Inline]) -> Markup:
        """Inlines with their links reduced to text: for content that is itself inside a link."""
        return Markup("").join(
            self.unlinked(node.children) if isinstance(node, Link) else self.inline(node) for node in nodes
        )

    def inline(self, node: Inline) -> Markup:
        if isinstance(node, Text):
            text = escape(node.text)
            return Markup(f'<span lang="{node.lang}">{text}</span>') if node.lang else text
        if isinstance(node, Strong):
            return Markup(f"<strong>{self.inlines(node.children)}</strong>")
        if isinstance(node, Emphasis):
            return Markup(f"<em>{self.inlines(node.children)}</em>")
        if isinstance(node, Strikethrough):
            return Markup(f"<del>{self.inlines(node.children)}</del>")
        if isinstance(node, Code):
            return Markup(f"<code>{escape(node.text)}</code>")
        if isinstance(node, Link):
            title = Markup(f' title="{escape(node.title)}"') if node.title else Markup("")
            return external_link(node.url, self.inlines(node.children), extra=title)
        if isinstance(node, Image):
            if not self.images:
                return external_link(node.url, escape(node.alt or node.url))
            return Markup(f'<img src="{escape(node.url)}" alt="{escape(node.alt)}" loading="lazy">')
        if isinstance(node, LineBreak):
            return Markup("<br>")
        raise TypeError(f"not an inline node: {node!r}")

    def blocks(self, nodes: Iterable[Block], heading_floor: int = 2) -> Markup:
        return Markup("\n").join(self.block(node, heading_floor) for node in nodes)

    def block(self, node: Block, heading_floor: int = 2) -> Markup:
        if isinstance(node, Paragraph):
            return Markup(f"<p>{self.inlines(node.children)}</p>")
        if isinstance(node, Heading):
            level = min(max(node.level, heading_floor), 6)
            return Markup(f"<h{level}>{self.inlines(node.children)}</h{level}>")
        if isinstance(node, ListBlock):
            tag = "ol" if node.ordered else "ul"
            start = self._numbering(node.start, len(node.items)) if node.ordered else Markup("")
            depth = None if node.ordered else self._list_depth
            with self._nested():
                entries = Markup("").join(
                    self._entry(
                        self._list_item(item.blocks, heading_floor),
                        starts_with_block=bool(item.blocks) and not isinstance(item.blocks[0], Paragraph),
                        depth=depth,
                    )
                    for item in node.items
                )
            return Markup(f"<{tag}{start}>{entries}</{tag}>")
        if isinstance(node, CodeBlock):
            language = Markup(f' class="language-{escape(node.language)}"') if node.language else Markup("")
            return Markup(f'<pre translate="no"><code{language}>{escape(node.code)}</code></pre>')
        if isinstance(node, Quote):
            return Markup(f"<blockquote>{self.blocks(node.blocks, heading_floor)}</blockquote>")
        if isinstance(node, Table):
            return self._table(node)
        raise TypeError(f"not a block node: {node!r}")

    def _list_item(self, blocks: tuple[Block, ...], heading_floor: int) -> Markup:
        # A tight list item's single paragraph is written without <p>, as Markdown renderers do.
        if len(blocks) >= 1 and isinstance(blocks[0], Paragraph):
            first = self.inlines(blocks[0].children)
            return first + self.blocks(blocks[1:], heading_floor)
        return self.blocks(blocks, heading_floor)

    def _table(self, table: Table) -> Markup:
        def cell(tag: str, content: tuple[Inline, ...], column: int) -> Markup:
            align = table.align[column] if column < len(table.align) else None
            css = Markup(f' class="align-{escape(align)}"') if align else Markup("")
            return Markup(f"<{tag}{css}>{self.inlines(content)}</{tag}>")

        head = Markup("").join(cell("th", content, index) for index, content in enumerate(table.header))
        rows = Markup("").join(
            Markup("<tr>{}</tr>").format(
                Markup("").join(cell("td", content, index) for index, content in enumerate(row))
            )
            for row in table.rows
        )
        # A table that cannot keep its columns' longest words whole on a printed line (many
        # columns, a hash or URL in a cell, or long words in every column) is marked "wide": print
        # sets it smaller, across the page, with the column widths given here (a cell may break
        # a word only where the column cannot hold it).
        columns = max(len(table.header), *(len(row) for row in table.rows), 0)
        longest, widest = [0] * columns, [0] * columns
        for row in (table.header, *table.rows):
            bold = BOLD_WIDTH if row is table.header else 1.0  # header cells are bold: wider
            for column, content in enumerate(row):
                text = plain(content)
                words = (math.ceil(display_width(word) * bold) for word in text.split())
                longest[column] = max(longest[column], *words, 0)
                widest[column] = max(widest[column], math.ceil(display_width(text) * bold))
        fits = sum(longest) + CELL_PADDING * len(longest) <= self.page.table_columns
        narrow = (
            len(longest) <= WIDE_TABLE_COLUMNS and max(longest, default=0) <= self.page.long_word and fits
        )
        if narrow:
            return Markup(
                f'<div class="table-wrap"><table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table></div>'
            )
        columns_html = ""
        if self.print_page is not None:
            shares = column_shares(longest, widest, self.page.columns / self.page.wide_table_scale)
            columns_html = (
                "<colgroup>"
                + "".join(f'<col style="width: {share:.1f}%">' for share in shares)
                + "</colgroup>"
            )
        return Markup(
            f'<div class="table-wrap"><table class="wide">{columns_html}'
            f"<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table></div>"
        )

    def labelled(self, label: str, blocks: tuple[Block, ...], language: str | None = None) -> Markup:
        """A summary: the bold label and separator run into the first paragraph, then the rest.
        ``language`` is the item's, when it differs from the digest's."""
        head = Markup(f'<strong class="summary-label">{escape(label)}</strong>') + label_separator(
            label, language or self.language
        )
        if blocks and isinstance(blocks[0], Paragraph):
            return Markup(f"<p>{head}{self.inlines(blocks[0].children)}</p>") + self.blocks(blocks[1:], 4)
        return Markup(f"<p>{head}</p>") + self.blocks(blocks, 4)

    def point(self, point: Point, language: str | None = None) -> Markup:
        """One details entry: bold label, separator, text, then its sub-points (``language``: the
        item's, when it differs from the digest's)."""
        label = self.inlines(point.label)
        text = self.inlines(point.text)
        if point.label and point.text:
            separator = label_separator(plain(point.label), language or self.language)
            content = Markup(f'<strong class="point-label">{label}</strong>{separator}{text}')
        elif point.label:
            content = Markup(f'<strong class="point-label">{label}</strong>')
        else:
            content = text
        if point.blocks:
            content += self.blocks(point.blocks, 5)
        if point.children:
            content += self.points(point.children, language)
        return content

    def point_entry(self, point: Point, language: str | None = None) -> Markup:
        """A details entry as a list item (of a list at the current depth)."""
        depth = self._list_depth if point.number is None else None
        with self._nested():
            content = self.point(point, language)
        return self._entry(content, starts_with_block=not point.label and not point.text, depth=depth)


def external_link(url: str, content: Markup, *, extra: Markup = Markup("")) -> Markup:
    """An outbound link, marked as external for readers and assistive technology."""
    return Markup(
        f'<a href="{escape(url)}" class="external" rel="noopener noreferrer" '
        f'aria-describedby="external-note"{extra}>{content}</a>'
    )


def lang_attributes(lang: str | None, document_direction: str) -> Markup:
    """`` lang="…"`` for a part in another language than the document's, and ``dir`` when its
    writing direction differs (an Arabic item in an English digest reads right to left)."""
    if not lang:
        return Markup("")
    direction = direction_of(lang)
    written = Markup(f' dir="{direction}"') if direction != document_direction else Markup("")
    return Markup(f' lang="{escape(lang)}"') + written


def label_separator(label: str, language: str) -> Markup:
    """A full-width colon after a Chinese or Japanese label, ``": "`` after any other (Korean
    writes the ASCII colon too)."""
    if primary(language) == "ko" or (label and HANGUL_RE.match(label[-1])):
        return Markup(": ")
    if primary(language) in ("zh", "ja") or (label and is_wide(label[-1])):
        return Markup("：")
    return Markup(": ")


# --------------------------------------------------------------------------- the page


# Elements with a language of their own re-read the --font-* properties that :lang() sets for them
# (font-family is inherited as a value, so a custom property set on a <span lang> alone does nothing).
LANG_FONT_RULES = """\
[lang] { font-family: var(--font-body); }
:is(h1, h2, h3, h4, h5, h6)[lang], :is(h1, h2, h3, h4, h5, h6) [lang] { font-family: var(--font-heading); }
:is(code, pre, kbd, samp)[lang], :is(code, pre, kbd, samp) [lang] { font-family: var(--font-code); }
"""
FONT_ROLES = ("body", "heading", "code")


def design_tokens(theme: Theme, *, medium: str = "screen", dark: bool = False) -> dict[str, str]:
    """The theme's colours and type scale as ``{"--color-text": "#1c2128", …}`` (fonts apart: they
    depend on the language, and in print on the fonts actually embedded)."""
    colors = theme.tokens.get("colors", {})
    if dark:
        colors = colors.get("dark", {})
    type_scale = dict(theme.tokens.get("type", {}))
    if medium == "print" and "print-base-size" in type_scale:
        type_scale["base-size"] = type_scale["print-base-size"]
    # Heading sizes from the scale, as plain lengths (not every renderer multiplies inside calc()).
    scale = float(type_scale.get("scale", 1.25))
    for level, power in (("h1", 3), ("h2", 2), ("h3", 1)):
        type_scale.setdefault(f"size-{level}", f"{scale**power:.3f}rem")
    tokens = {f"--color-{key}": str(value) for key, value in colors.items() if not isinstance(value, Mapping)}
    if not dark:
        tokens |= {f"--type-{key}": str(value) for key, value in type_scale.items()}
    if medium == "print":
        tokens |= {f"--print-{key}": theme.print_setting(key) for key in PRINT_DEFAULTS}
    return tokens


def font_tokens(theme: Theme, language: str) -> dict[str, str]:
    return {f"--font-{role}": font_family_list(theme.font_stack(role, language)) for role in FONT_ROLES}


_VAR = re.compile(r"var\(\s*(--[\w-]+)\s*(?:,\s*([^()]*))?\)")


def inline_tokens(css: str, tokens: Mapping[str, str]) -> str:
    """``var(--name)`` replaced by the token's value wherever the token is known (or has a fallback)."""

    def value(match: re.Match[str]) -> str:
        known = tokens.get(match.group(1))
        if known is not None:
            return known
        return match.group(2).strip() if match.group(2) else match.group(0)

    return _VAR.sub(value, css)


def css_custom_properties(theme: Theme, language: str, *, medium: str = "screen") -> str:
    """The theme's design tokens as CSS custom properties: colours (and dark ones on screen), the
    type scale (the print size for print), and font stacks for the document's language, with
    ``:lang()`` overrides for every other language the theme has faces for."""

    def block(selector: str, tokens: Mapping[str, str], indent: str = "") -> list[str]:
        return [
            f"{indent}{selector} {{",
            *(f"{indent}  {name}: {value};" for name, value in tokens.items()),
            f"{indent}}}",
        ]

    css = block(":root", design_tokens(theme, medium=medium) | font_tokens(theme, language))
    dark = design_tokens(theme, medium=medium, dark=True)
    if dark and medium == "screen":
        css += ["@media (prefers-color-scheme: dark) {", *block(":root", dark, "  "), "}"]
    for other in theme.font_languages():
        if other != language:
            css += block(f":lang({other})", font_tokens(theme, other))
    return "\n".join(css) + "\n" + LANG_FONT_RULES


def font_family_list(families: Iterable[str]) -> str:
    """A CSS ``font-family`` value: names quoted, generic keywords and ``-apple-system`` bare."""
    rendered = []
    for family in families:
        if family in GENERIC_FAMILIES or family.startswith("-"):
            rendered.append(family)
        else:
            rendered.append('"' + re.sub(r'["\\\n]', "", family) + '"')
    return ", ".join(rendered)


def _dates_html(digest: Digest) -> Markup:
    start, end = digest.date_start, digest.date_end
    if start is None:
        return Markup("")

    def time(day: Any) -> str:
        return f'<time datetime="{day.isoformat()}">{day.isoformat()}</time>'

    if end is None or end == start:
        return Markup(time(start))
    return Markup(strings_for(digest.language)["range"].format(start=time(start), end=time(end)))


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


def page_css(digest: Digest, theme: Theme, *, medium: str, stylesheets: Iterable[str]) -> str:
    """The page's whole stylesheet: design tokens, then the theme's files in order."""
    parts = [css_custom_properties(theme, digest.language, medium=medium)]
    parts += [theme.read_text(name) for name in stylesheets]
    return "\n".join(parts)


@cache
def _environment(folders: tuple[str, ...]) -> jinja2.Environment:
    loader = jinja2.ChoiceLoader([jinja2.FileSystemLoader(f"{folder}/templates") for folder in folders])
    return jinja2.Environment(
        loader=loader,
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render_page(
    digest: Digest,
    theme: Theme,
    *,
    medium: str = "screen",
    stylesheets: Iterable[str] = ("html.css",),
    css: str | None = None,
    images: bool = True,
    template: str = "page.html",
    page: PrintedPage | None = None,
) -> str:
    """The digest as one HTML page, from the theme's template.

    ``medium`` is ``screen`` (the web page) or ``print`` (the PDF's starting point). The page's
    stylesheet is the design tokens followed by the theme's ``stylesheets``, unless a writer gives
    its own ``css``. ``images=False`` shows pictures as links (nothing is fetched). ``page`` is the
    printed page, for print's layout decisions (A4 with the theme's margins when not given).
    """
    page = page or PrintedPage.for_theme(theme)
    printed = medium == "print"
    direction = direction_of(digest.language)
    rich = RichText(
        digest.language,
        images=images,
        page=page if printed else None,
        bullets=theme.print_bullets() if printed else (),
        bullet_boxes="rtl" in (direction, *(direction_of(item.lang) for item in digest.items if item.lang)),
    )
    strings = strings_for(digest.language)
    if css is None:
        css = page_css(digest, theme, medium=medium, stylesheets=stylesheets)
    dated = not only_a_date(plain(digest.title))  # a title that is only the dates is not followed by them
    context = {
        "digest": digest,
        "title": plain(digest.title),
        "dates": date_range(digest.date_start, digest.date_end, digest.language) if dated else "",
        "language": digest.language,
        "direction": direction,
        "strings": strings,
        "css": Markup(css.replace("</", "<\\/")),
        "medium": medium,
        "rich": rich,
        "inlines": rich.inlines,
        "unlinked": rich.unlinked,
        "blocks": rich.blocks,
        "point": rich.point,
        "point_entry": rich.point_entry,
        "points": rich.points,
        "bullet": lambda: rich.bullet(),
        "bullet_style": rich.bullet_style,
        "link": external_link,
        "lang_of": functools.partial(lang_attributes, document_direction=direction),
        "separator": lambda label, language=None: label_separator(label, language or digest.language),
        "plain": plain,
        "long": functools.partial(long_text, page=page),
        "running_head": functools.partial(running_head, columns=page.head_columns),
        "labelled": rich.labelled,
        "dates_html": _dates_html(digest) if dated else Markup(""),
        "generator": f"digestpub {__version__}",
    }
    environment = _environment(tuple(str(folder) for folder in theme.folders))
    return environment.get_template(template).render(context)
