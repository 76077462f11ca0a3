"""Model nodes as HTML: rich text, lists (with print's bullets), tables, summaries and details
points, always escaped — text from a digest is data. Used by the page template through
:func:`digestpub.writers.html.render_page`.
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Iterable, Iterator

from markupsafe import Markup, escape

from ..cjk import HANGUL_RE, display_width, is_wide
from ..language import (
    chinese_script,
    detect_language,
    direction_of,
    is_cjk_language,
    primary,
    same_language,
)
from ..model import (
    Block,
    Code,
    CodeBlock,
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
from .printed import BOLD_WIDTH, CELL_PADDING, WIDE_TABLE_COLUMNS, PrintedPage, column_shares


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
        """Inlines with their links reduced to their text, however deep (``**[title](url)**``), and
        images that print as links reduced to their alt text: for content inside a link."""
        return Markup("").join(self.inline(node, links=False) for node in nodes)

    def inline(self, node: Inline, *, links: bool = True) -> Markup:
        inner = self.inlines if links else self.unlinked
        if isinstance(node, Text):
            text = escape(node.text)
            return Markup(f'<span lang="{node.lang}">{text}</span>') if node.lang else text
        if isinstance(node, Strong):
            return Markup(f"<strong>{inner(node.children)}</strong>")
        if isinstance(node, Emphasis):
            return Markup(f"<em>{inner(node.children)}</em>")
        if isinstance(node, Strikethrough):
            return Markup(f"<del>{inner(node.children)}</del>")
        if isinstance(node, Code):
            return Markup(f"<code>{escape(node.text)}</code>")
        if isinstance(node, Link):
            if not links:
                return inner(node.children)
            title = Markup(f' title="{escape(node.title)}"') if node.title else Markup("")
            # A link in a link's text (mistune makes one of "[[a](x)](y)") is text there.
            return external_link(node.url, self.unlinked(node.children), extra=title)
        if isinstance(node, Image):
            if not self.images:
                label = escape(node.alt or node.url)
                return external_link(node.url, label) if links else label
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

    def label_lang(self, label: str, language: str | None) -> Markup:
        """`` lang`` (and ``dir``) for a label written in the digest's language ("概要", "阅读原文")
        inside an item in another one (``language``, the item's; None when it is the digest's):
        the label keeps the digest's language, for a screen reader's voice and the glyph forms."""
        if not language or not label:
            return Markup("")
        found = detect_language(label)
        # Han characters alone read as Japanese or Korean in a Japanese or Korean digest.
        digest_like = same_language(found, self.language) or (
            primary(found) == "zh" and is_cjk_language(self.language)
        )
        # In an item in the other script of Chinese, a label is the item's only if it is written
        # in that script ("閱讀原文" in a Traditional item of a Simplified digest; "概要" is not).
        items = same_language(found, language) and (
            primary(language) != "zh" or chinese_script(language) in (None, chinese_script(found))
        )
        if found == "und" or not digest_like or items:
            return Markup("")
        return lang_attributes(self.language, direction_of(language))

    def in_own_language(self, label: str, language: str | None) -> Markup:
        """The label, escaped, in a span that keeps the digest's language where :meth:`label_lang`
        says so."""
        attributes = self.label_lang(label, language)
        return Markup(f"<span{attributes}>{escape(label)}</span>") if attributes else escape(label)

    def labelled(self, label: str, blocks: tuple[Block, ...], language: str | None = None) -> Markup:
        """A summary: the bold label and separator run into the first paragraph, then the rest.
        ``language`` is the item's, when it differs from the digest's."""
        attributes = self.label_lang(label, language)
        head = Markup(
            f'<strong class="summary-label"{attributes}>{escape(label)}</strong>'
        ) + label_separator(label, language or self.language)
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
