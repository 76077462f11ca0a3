"""One news item: a ``###`` heading and the blocks under it, recognised by shape.

* **source** — a link line before the summary and details (the link that says it is the source,
  else the first; the rest are related links), possibly with a date and a source label
  (``来源：[x](url) · Jan 13, 2026``), or one written later that says it is the source
  (``[阅读原文](url)``); a line with only a date gives the item's date; ``Reuters · 2026-01-06``
  names the source; a heading that is itself a link gives the source when no line does;
* **summary** — a quote that opens with a bold label and a separator (``> **概要**：``,
  ``> **Summary** —``), or, as the item's first content, with a bare bold label (``> **TL;DR** …``)
  or a short plain one (``> Summary: …``);
* **details** — a bold-only paragraph (or a small ``####`` heading) followed by a list of
  ``**Label**`` / ``**Label**：text`` entries, any depth;
* **related links** — the first run of link lines after the details (or right after the summary,
  before the details: then they are shown there, ``Item.links_first``).

Everything else stays as the item's other content, each piece where it was written: what comes
before the details is the intro, then the body, then the related links, then the outro (including
later link lines, as the paragraphs they are). So the order of the writing is the order of the parts.
"""

from __future__ import annotations

import re
from typing import TypeGuard

from .. import dates
from ..model import (
    Block,
    Blocks,
    Code,
    Emphasis,
    Heading,
    Inlines,
    Item,
    Link,
    ListBlock,
    ListItem,
    Paragraph,
    Point,
    Quote,
    Reference,
    Strong,
    Text,
    plain,
)
from .shapes import (
    COLONS,
    FILLER,
    date_in,
    date_only,
    is_blank,
    is_link_line,
    link_of,
    lstrip_inlines,
    source_without_link,
    split_label,
    strip_inlines,
    symbols_only,
    unwrap_strong,
)
from .vocabulary import is_a_summary_label, names_a_source, names_a_summary

_PLAIN_LABEL = re.compile(r"^\s*([^\s:：]{1,16}(?:\s[^\s:：]{1,16})?)(?:\s*[:：]|\s+[—–-])\s*")


def read_item(heading: Heading, blocks: Blocks) -> Item:
    title = unwrap_strong(heading.children)
    title_url = None
    if len(title) == 1 and isinstance(title[0], Link):  # ### [Headline](https://…)
        title_url, title = title[0].url, unwrap_strong(title[0].children)

    source_url: str | None = None
    source_label = ""
    date = None
    summary: Blocks = ()
    summary_label = ""
    details: tuple[Point, ...] = ()
    details_label = ""
    links: list[Reference] = []
    intro: Blocks = ()
    links_first = False  # the related links were written before the details
    rest: list[Block] = []  # other content and link lines, in order, since the details (or the start)
    text_in_rest = False  # whether ``rest`` holds more than lines of links

    index = 0
    while index < len(blocks):
        block = blocks[index]
        line = _in_emphasis(block)  # a source line may be set in italics, whole
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        # Nothing but a date or a source name yet ("Reuters · 2026-01-06" starts no source line).
        at_start = not (source_url or source_label or summary or details or links or rest or intro)
        if (
            isinstance(block, Paragraph)
            and date_only(block)
            and date is None
            and not (summary or details or rest or intro)
        ):
            date = date_in(block)
        elif (
            isinstance(line, Paragraph)
            and at_start
            and date is None
            and (source := source_without_link(line))
        ):
            source_label, date = source
        elif (
            isinstance(line, Paragraph)
            # at the start, or written later, when there was no source, if it says it is the
            # source ("来源：[…](…)", "[阅读原文](…)")
            and (at_start or (source_url is None and _names_a_source(line)))
            and is_link_line(line, allow_label=True)
        ):
            references = references_in(line)
            # The link that says it is the source ("[Paper](…) [阅读原文](…)"), else the first.
            chosen = next((i for i, ref in enumerate(references) if names_a_source(plain(ref.label))), 0)
            source_link = references.pop(chosen)
            line_date = date_in(line)  # the line's date is the item's, not its last link's note
            references = [
                Reference(ref.label, ref.url)
                if ref.note and dates.parse_date(plain(ref.note)) == line_date
                else ref
                for ref in references
            ]
            # "来源：路透社 · 2026-01-06" then "[阅读原文](…)": the source keeps its name
            source_url, source_label = source_link.url, source_label or plain(source_link.label).strip()
            date = date or line_date
            links.extend(references)
        elif (
            isinstance(block, Quote)
            and not summary
            # the item's first content: nothing but its source, date or lines of links before it
            and (found := _summary(block, first=at_start or not (intro or details or text_in_rest)))
        ) or (
            isinstance(block, Paragraph)
            and not summary
            and (at_start or not (intro or details or text_in_rest))
            # a paragraph labelled as summaries are, as the item's first content ("TL;DR: …",
            # "**摘要**：…"): the summary, written without the quote
            and (found := _summary(Quote((block,)), first=True))
            and is_a_summary_label(found[0])
            and found[1]  # text after the label ("**要点**" alone heads the details)
        ):
            summary_label, summary = found
        elif (
            not details and isinstance(following, ListBlock) and (label := _details_label(block)) is not None
        ):
            details_label = label
            details = read_points(following)
            if rest and _links_line(rest[0]):  # links right after the summary: related, shown there
                _, related, intro = _split_at_links(rest)
                links.extend(related)
                links_first = True
            else:
                intro = tuple(rest)  # what came before the details stays before them
            rest, text_in_rest = [], False
            index += 1
        else:
            rest.append(block)
            text_in_rest = text_in_rest or not _links_line(block)
        index += 1
    body: Blocks = tuple(rest)
    outro: Blocks = ()
    if not links_first:  # else later link lines stay where they were written
        body, related, outro = _split_at_links(rest)
        links.extend(related)

    return Item(
        id="",
        title=title,
        source_url=source_url or title_url,
        source_label=source_label,
        date=date,
        summary=summary,
        summary_label=summary_label,
        intro=intro,
        details=details,
        details_label=details_label,
        links=tuple(links),
        links_first=links_first,
        body=tuple(body),
        outro=tuple(outro),
    )


def _split_at_links(blocks: list[Block]) -> tuple[Blocks, list[Reference], Blocks]:
    """The blocks before the first run of link lines, that run's links, and the blocks after it."""
    start = next((index for index, block in enumerate(blocks) if _links_line(block)), len(blocks))
    end = next((index for index in range(start, len(blocks)) if not _links_line(blocks[index])), len(blocks))
    related = [
        reference for block in blocks[start:end] if _links_line(block) for reference in references_in(block)
    ]
    return tuple(blocks[:start]), related, tuple(blocks[end:])


def _in_emphasis(block: Block) -> Block:
    """A paragraph set in italics whole (``*Source: [X](…), Feb 9, 2026*``) as its content; any
    other block as it is."""
    if isinstance(block, Paragraph):
        inner = [node for node in block.children if not is_blank(node)]
        if len(inner) == 1 and isinstance(inner[0], Emphasis) and not link_of(inner[0]):
            return Paragraph(inner[0].children)
    return block


def _names_a_source(line: Paragraph) -> bool:
    """Whether the line says it is the source: its label ("来源：") or its first link ("阅读原文")."""
    first = next((index for index, node in enumerate(line.children) if link_of(node)), None)
    if first is None:
        return False
    label = plain(line.children[:first])
    link = link_of(line.children[first])
    return bool(label.strip() and names_a_source(label)) or (
        link is not None and names_a_source(plain(link.children))
    )


def _links_line(block: Block) -> TypeGuard[Paragraph]:
    """A paragraph of links only, perhaps labelled as such (a line of related links)."""
    return isinstance(block, Paragraph) and is_link_line(block, related_label=True)


def references_in(line: Paragraph) -> list[Reference]:
    """The links of a line of links; a date written after one (``[Paper](…) · 2025-12-20``) becomes
    that link's note (the source's date is the item's)."""
    references: list[Reference] = []
    for node in line.children:
        if link := link_of(node):
            references.append(Reference(link.children, link.url))
            continue
        written = plain(node).strip(FILLER)
        if references and written and isinstance(node, Text | Code) and dates.find_date(written):
            last = references[-1]
            note = (*last.note, Text(" "), Text(written)) if last.note else (Text(written),)
            references[-1] = Reference(last.label, last.url, note)
    return references


def _summary(quote: Quote, *, first: bool) -> tuple[str, Blocks] | None:
    """``> **概要**：text`` → (``概要``, the text as blocks, label and separator removed).

    As the item's first content, a quote opening with a bold label and a separator is one, whatever
    the label (``> **Why it matters**: …``); anywhere else, and for a label without a separator
    (``> **TL;DR** …``) or without bold (``> Summary: …``), only a label as summaries are labelled
    (``Summary``, ``摘要``, ``TL;DR``, ``AI 摘要`` …): ``> Dario Amodei: …`` is a quote."""
    opening = quote.blocks[0] if quote.blocks else None
    if not isinstance(opening, Paragraph):
        return None
    if opening.children and isinstance(opening.children[0], Text) and symbols_only(opening.children[0].text):
        opening = Paragraph(opening.children[1:])  # "> 💡 **概要**：…": the emoji is decoration
    split = split_label(opening.children)  # "**Label**：text"
    marked = split is not None
    if split is None and first:
        split = split_label(opening.children, bare=True)  # "**TL;DR** text"
    if split is None and first and opening.children and isinstance(opening.children[0], Text):
        written = opening.children[0].text
        words = written.split()
        while words and symbols_only(words[0]):  # "> 📝 AI 摘要：…"
            written = written.lstrip()[len(words.pop(0)) :]
        plain_label = _PLAIN_LABEL.match(written)
        if plain_label:
            rest = written[plain_label.end() :]
            split = ((Text(plain_label.group(1)),), ((Text(rest),) if rest else ()) + opening.children[1:])
    if split is None:
        return None
    label, text = split
    if not (first and marked) and not names_a_summary(plain(label)):  # "> Q: …", "> **OpenAI** said …"
        return None
    blocks = ((Paragraph(text),) if text else ()) + quote.blocks[1:]
    return plain(label).strip(), blocks


def _details_label(block: Block) -> str | None:
    """The label of a details list: a bold-only paragraph, or a small heading (level 4 or more)."""
    if isinstance(block, Heading) and block.level >= 4:
        return plain(block.children).strip().rstrip(COLONS).strip()
    if isinstance(block, Paragraph):
        nodes = [node for node in block.children if not is_blank(node)]
        if len(nodes) == 1 and isinstance(nodes[0], Strong):
            return plain(nodes[0]).strip().rstrip(COLONS).strip()
    return None


def read_points(block: ListBlock) -> tuple[Point, ...]:
    """The entries of a details list (numbered as written, if it is a numbered one)."""
    return tuple(
        read_point(entry, block.start + index if block.ordered else None)
        for index, entry in enumerate(block.items)
    )


def read_point(entry: ListItem, number: int | None = None) -> Point:
    """A details entry: ``**Label**``, ``**Label**：text``, or plain text, with nested sub-points.

    A bold word that simply starts a sentence (``**Mistral** released…``) is not a label. Sub-points
    are the lists that end the entry; when a list is followed by other content, or by a list of the
    other kind (numbered after bulleted), everything after the text stays as written instead.
    """
    label: Inlines = ()
    text: Inlines = ()
    rest = list(entry.blocks)
    opening = rest[0] if rest else None
    if isinstance(opening, Paragraph):
        rest = rest[1:]
        split = split_label(opening.children, max_length=200)
        label, text = split if split else ((), strip_inlines(opening.children))
        second = rest[0] if rest else None
        if label and not text and isinstance(second, Paragraph):
            text, rest = strip_inlines(second.children), rest[1:]  # "**Label**", a blank line, then its text
    first_list = next((index for index, block in enumerate(rest) if isinstance(block, ListBlock)), len(rest))
    lists = rest[first_list:]
    kinds = {block.ordered for block in lists if isinstance(block, ListBlock)}
    children: list[Point] = []
    blocks = rest
    if lists and len(kinds) == 1 and all(isinstance(block, ListBlock) for block in lists):
        children = [point for block in lists if isinstance(block, ListBlock) for point in read_points(block)]
        blocks = rest[:first_list]
    return Point(
        label=label, text=lstrip_inlines(text), children=tuple(children), blocks=tuple(blocks), number=number
    )
