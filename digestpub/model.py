"""The digest document model: what every reader produces and every writer consumes.

Two layers, both frozen dataclasses:

* the **digest layer** — :class:`Digest`, :class:`Highlight`, :class:`Section`, :class:`Item`,
  :class:`Point`, :class:`Reference`, :class:`ReadingGroup` — names the parts of a periodical issue;
* a small, closed set of **rich-text nodes** for everything inside them: inlines (:class:`Text`,
  :class:`Strong`, :class:`Emphasis`, :class:`Strikethrough`, :class:`Code`, :class:`Link`,
  :class:`Image`, :class:`LineBreak`) and blocks (:class:`Paragraph`, :class:`ListBlock`,
  :class:`CodeBlock`, :class:`Quote`, :class:`Heading`, :class:`Table`).

Content the reader does not recognise as a digest part is kept as blocks (``Digest.preamble``,
``Section.blocks``, ``Item.intro``, ``Item.body`` and ``Item.outro``), never dropped. The JSON form lives in :mod:`digestpub.jsonform`.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from typing import Literal, Union

# --------------------------------------------------------------------------- inline nodes


@dataclass(frozen=True, slots=True)
class Text:
    """Plain text. ``lang`` is set only where the run's language differs from the document's."""

    text: str
    lang: str | None = None


@dataclass(frozen=True, slots=True)
class Strong:
    children: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Emphasis:
    children: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Strikethrough:
    children: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Code:
    text: str


@dataclass(frozen=True, slots=True)
class Link:
    """A hyperlink. The reader only makes these for http, https and mailto URLs."""

    children: tuple[Inline, ...]
    url: str
    title: str | None = None


@dataclass(frozen=True, slots=True)
class Image:
    """A picture reference; writers decide whether to show it (nothing is fetched by default)."""

    alt: str
    url: str


@dataclass(frozen=True, slots=True)
class LineBreak:
    """A hard line break."""


Inline = Union[Text, Strong, Emphasis, Strikethrough, Code, Link, Image, LineBreak]
Inlines = tuple[Inline, ...]
INLINE_TYPES = (Text, Strong, Emphasis, Strikethrough, Code, Link, Image, LineBreak)

# --------------------------------------------------------------------------- block nodes


@dataclass(frozen=True, slots=True)
class Paragraph:
    children: Inlines


@dataclass(frozen=True, slots=True)
class ListItem:
    blocks: tuple[Block, ...]


@dataclass(frozen=True, slots=True)
class ListBlock:
    items: tuple[ListItem, ...]
    ordered: bool = False
    start: int = 1


@dataclass(frozen=True, slots=True)
class CodeBlock:
    code: str
    language: str | None = None


@dataclass(frozen=True, slots=True)
class Quote:
    blocks: tuple[Block, ...]


@dataclass(frozen=True, slots=True)
class Heading:
    """A heading inside content (not one of the digest's structural headings)."""

    level: int
    children: Inlines


@dataclass(frozen=True, slots=True)
class Table:
    header: tuple[Inlines, ...]
    rows: tuple[tuple[Inlines, ...], ...]
    align: tuple[str | None, ...] = ()


Block = Union[Paragraph, ListBlock, CodeBlock, Quote, Heading, Table]
Blocks = tuple[Block, ...]
BLOCK_TYPES = (Paragraph, ListBlock, CodeBlock, Quote, Heading, Table)

# --------------------------------------------------------------------------- digest layer


@dataclass(frozen=True, slots=True)
class Reference:
    """A labelled link: an item's related paper or code, or a further-reading entry."""

    label: Inlines
    url: str
    note: Inlines = ()  # what follows the link (``- survey | [code](…)``), links kept


@dataclass(frozen=True, slots=True)
class Point:
    """One entry of an item's details: an optional bold label, its text, and sub-points."""

    label: Inlines
    text: Inlines
    children: tuple[Point, ...] = ()
    blocks: Blocks = ()  # anything else the entry held (code, quotes, paragraphs)
    number: int | None = None  # its number, in a numbered list (1., 2. …); None in a bulleted one


@dataclass(frozen=True, slots=True)
class Item:
    """One news item (a ``###`` heading and what follows it)."""

    id: str
    title: Inlines
    source_url: str | None = None
    source_label: str = ""
    date: _dt.date | None = None
    summary: Blocks = ()
    summary_label: str = ""
    intro: Blocks = ()  # content written before the details (an introduction to them), in reading order
    details: tuple[Point, ...] = ()
    details_label: str = ""
    links: tuple[Reference, ...] = ()
    links_first: bool = False  # the related links were written before the details, and are shown there
    body: Blocks = ()  # other content not recognised as one of the parts above, in reading order
    outro: Blocks = ()  # other content written after the related links, in reading order
    lang: str | None = None  # set only where the item's language differs from the digest's


@dataclass(frozen=True, slots=True)
class Section:
    """A ``##`` section of news items, numbered or not."""

    id: str
    title: Inlines
    number: int | None = None
    number_label: str = ""  # the number as written: "1.", "一、", "第2章"
    items: tuple[Item, ...] = ()
    blocks: Blocks = ()  # content between the section heading and its first item


@dataclass(frozen=True, slots=True)
class Highlight:
    """One overview entry: ``**[category]** **headline**: summary``."""

    title: Inlines
    summary: Inlines = ()
    category: str | None = None
    item_id: str | None = None  # the item this entry announces, when one matches
    url: str | None = None  # where the headline itself links, when it is written as a link
    blocks: Blocks = ()  # anything nested under the entry (a sub-list, a second paragraph)


@dataclass(frozen=True, slots=True)
class ReadingGroup:
    """A group of further-reading links (``### [group]`` and a link list)."""

    title: Inlines
    links: tuple[Reference, ...] = ()
    blocks: Blocks = ()


DocumentKind = Literal["digest", "document"]


@dataclass(frozen=True, slots=True)
class Digest:
    """A whole periodical issue (``kind="digest"``) or a plain Markdown note (``kind="document"``)."""

    title: Inlines
    language: str = "und"
    kind: DocumentKind = "digest"
    date_start: _dt.date | None = None
    date_end: _dt.date | None = None
    highlights: tuple[Highlight, ...] = ()
    highlights_title: Inlines = ()
    highlights_notes: Blocks = ()  # content written after the overview's list (an editor's note)
    sections: tuple[Section, ...] = ()
    further_reading: tuple[ReadingGroup, ...] = ()
    further_reading_title: Inlines = ()
    # how many sections were written after the further reading (a closing note)
    sections_after_reading: int = 0
    preamble: Blocks = ()  # content after the title that belongs to no part
    source_name: str = ""  # the input's file name, for messages and defaults
    meta: dict[str, str] = field(default_factory=dict, hash=False, compare=False)

    @property
    def items(self) -> tuple[Item, ...]:
        """Every item of every section, in reading order."""
        return tuple(item for section in self.sections for item in section.items)

    def item_by_id(self, item_id: str) -> Item | None:
        return next((item for item in self.items if item.id == item_id), None)


# --------------------------------------------------------------------------- flattening


def plain(nodes: Inlines | Blocks | Inline | Block) -> str:
    """Flatten rich text to a plain string (inline markup dropped, blocks joined by newlines)."""
    if isinstance(nodes, tuple):
        parts = [plain(node) for node in nodes]
        if nodes and not isinstance(nodes[0], INLINE_TYPES):
            return "\n".join(part for part in parts if part)
        return "".join(parts)
    node = nodes
    if isinstance(node, Text | Code):
        return node.text
    if isinstance(node, Strong | Emphasis | Strikethrough | Link):
        return plain(node.children)
    if isinstance(node, Image):
        return node.alt
    if isinstance(node, LineBreak):
        return "\n"
    if isinstance(node, Paragraph | Heading):
        return plain(node.children)
    if isinstance(node, ListBlock):
        return "\n".join(plain(item.blocks) for item in node.items)
    if isinstance(node, CodeBlock):
        return node.code.rstrip("\n")
    if isinstance(node, Quote):
        return plain(node.blocks)
    if isinstance(node, Table):
        rows = (node.header, *node.rows)
        return "\n".join("\t".join(plain(cell) for cell in row) for row in rows)
    raise TypeError(f"not a rich-text node: {node!r}")
