"""The Markdown reader: digest text → :class:`~digestpub.model.Digest`. The only module that sees mistune.

Reading happens in two steps:

1. :class:`_Converter` turns mistune's AST into model blocks, applying the safety and CJK rules
   (raw HTML becomes text, HTML comments vanish, only http/https/mailto links stay links, a line
   break between two CJK characters is not a space, ``**“引号”**`` is bold);
2. :func:`_build_digest` recognises the digest's parts by their *shape*, not their label words
   (see ``DIGEST-FORMAT.md``): the overview is a list of ``**[category]** **headline**: summary``
   entries, an item's summary is a quote that opens with a bold label and a colon, its details a
   bold-only paragraph followed by a list, its source a lone link line before the summary, and the
   further reading a last, unnumbered part made of link lists. Whatever matches no shape is kept as
   ordinary content of the part it sits in.

Ids and languages are filled in afterwards by :mod:`digestpub.transforms`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

import mistune

from . import dates
from .cjk import join_soft_break
from .model import (
    Block,
    Blocks,
    Code,
    CodeBlock,
    Digest,
    DocumentKind,
    Emphasis,
    Heading,
    Highlight,
    Image,
    Inline,
    Inlines,
    Item,
    LineBreak,
    Link,
    ListBlock,
    ListItem,
    Paragraph,
    Point,
    Quote,
    ReadingGroup,
    Reference,
    Section,
    Strikethrough,
    Strong,
    Table,
    Text,
    plain,
)

Token = dict[str, Any]

_MARKDOWN = mistune.create_markdown(renderer=None, plugins=["strikethrough", "table", "url"])
_CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_HTML_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.DOTALL)
_SAFE_URL = re.compile(r"^(?:https?://[^\s/?#]+|mailto:[^\s]+)", re.IGNORECASE)
_COLONS = ":："


def clean_source(text: str) -> str:
    """Drop a byte-order mark and control characters, and turn CRLF/CR line ends into LF."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL_CHARACTERS.sub("", text)


def is_safe_url(url: str) -> bool:
    """True for the only URLs that become links: absolute http(s) with a host, and mailto."""
    return bool(_SAFE_URL.match(url.strip()))


def read_markdown(text: str, *, source_name: str = "") -> Digest:
    """Read Markdown text into a digest (or a plain document when it has no digest shape)."""
    meta, body = _front_matter(clean_source(text))
    tokens = _MARKDOWN(body)
    assert isinstance(tokens, list)
    return _build_digest(_Converter().blocks(tokens), source_name, meta)


_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?=[A-Za-z_][\w-]*[ \t]*:)((?:.*\n){0,60}?)---[ \t]*(?:\n|\Z)")
_META_LINE = re.compile(r"^([A-Za-z_][\w-]*)[ \t]*:[ \t]*(.*?)[ \t]*$")


def _front_matter(text: str) -> tuple[dict[str, str], str]:
    """Simple ``key: value`` lines between ``---`` fences at the very top (YAML front matter)."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    meta: dict[str, str] = {}
    for line in match.group(1).splitlines():
        found = _META_LINE.match(line)
        if found and found.group(2):
            meta[found.group(1).lower()] = found.group(2).strip("\"'")
    return meta, text[match.end() :]


# =========================================================================== AST → model nodes


class _SoftBreak:
    """Placeholder for a soft line break until its neighbours are known."""


_SOFT_BREAK = _SoftBreak()


class _Converter:
    """Turns mistune tokens into model nodes. Headings of every level come out as :class:`Heading`."""

    def blocks(self, tokens: Iterable[Token]) -> Blocks:
        result: list[Block] = []
        for token in tokens:
            block = self.block(token)
            if block is not None:
                result.append(block)
        return tuple(result)

    def block(self, token: Token) -> Block | None:
        kind = token["type"]
        if kind in ("paragraph", "block_text"):
            inlines = _strip_inlines(self.inlines(token.get("children", ())))
            return Paragraph(inlines) if inlines else None
        if kind == "heading":
            return Heading(token["attrs"]["level"], self.inlines(token.get("children", ())))
        if kind == "list":
            attrs = token.get("attrs", {})
            items = tuple(ListItem(self.blocks(child.get("children", ()))) for child in token["children"])
            return ListBlock(items, ordered=bool(attrs.get("ordered")), start=int(attrs.get("start", 1) or 1))
        if kind == "block_code":
            info = (token.get("attrs") or {}).get("info") or ""
            return CodeBlock(token.get("raw", ""), info.split()[0] if info.strip() else None)
        if kind == "block_quote":
            return Quote(self.blocks(token.get("children", ())))
        if kind == "block_html":
            return _raw_html_block(token.get("raw", ""))
        if kind == "table":
            return self.table(token)
        if kind in ("blank_line", "thematic_break"):
            return None
        # Anything else a future mistune may produce: keep its text.
        text = token.get("raw") or plain(self.inlines(token.get("children", ())))
        return Paragraph((Text(text),)) if text else None

    def table(self, token: Token) -> Table:
        header: tuple[Inlines, ...] = ()
        rows: list[tuple[Inlines, ...]] = []
        align: tuple[str | None, ...] = ()
        for part in token.get("children", ()):
            if part["type"] == "table_head":
                header = tuple(self.inlines(cell.get("children", ())) for cell in part["children"])
                align = tuple(cell.get("attrs", {}).get("align") for cell in part["children"])
            else:
                for row in part.get("children", ()):
                    rows.append(tuple(self.inlines(cell.get("children", ())) for cell in row["children"]))
        return Table(header, tuple(rows), align)

    def inlines(self, tokens: Iterable[Token]) -> Inlines:
        converted: list[Inline | _SoftBreak] = []
        for token in _pair_leftover_strong(list(tokens)):
            converted.extend(self.inline(token))
        return _resolve_soft_breaks(converted)

    def inline(self, token: Token) -> list[Inline | _SoftBreak]:
        kind = token["type"]
        children = token.get("children", ())
        if kind == "text":
            return [Text(token["raw"])]
        if kind == "strong":
            return [Strong(self.inlines(children))]
        if kind == "emphasis":
            return [Emphasis(self.inlines(children))]
        if kind == "strikethrough":
            return [Strikethrough(self.inlines(children))]
        if kind == "codespan":
            return [Code(token["raw"])]
        if kind == "softbreak":
            return [_SOFT_BREAK]
        if kind == "linebreak":
            return [LineBreak()]
        if kind == "link":
            url = token["attrs"]["url"]
            label = self.inlines(children)
            if not is_safe_url(url):
                return list(label)  # the text stays, the link does not
            return [Link(label or (Text(url),), url.strip(), token["attrs"].get("title"))]
        if kind == "image":
            alt = plain(self.inlines(children))
            url = token["attrs"]["url"]
            return [Image(alt, url.strip())] if is_safe_url(url) else ([Text(alt)] if alt else [])
        if kind == "inline_html":
            raw = token.get("raw", "")
            if raw.startswith("<!--"):
                return []
            if re.fullmatch(r"<br\s*/?>", raw, re.IGNORECASE):
                return [LineBreak()]
            return [Text(raw)]
        return [Text(token.get("raw") or plain(self.inlines(children)))]


def _raw_html_block(raw: str) -> Paragraph | None:
    """Raw HTML is data: comments vanish, the rest is kept as literal text, line by line."""
    lines = _HTML_COMMENT.sub("", raw).strip("\n").split("\n")
    inlines: list[Inline] = []
    for line in lines:
        if not line.strip():
            continue
        if inlines:
            inlines.append(LineBreak())
        inlines.append(Text(line))
    return Paragraph(tuple(inlines)) if inlines else None


def _pair_leftover_strong(tokens: list[Token]) -> list[Token]:
    """Make ``**“引号”**`` and ``**概要：**正文`` bold.

    CommonMark refuses a ``**`` that touches full-width punctuation on one side and a letter on the
    other, and leaves it as literal text. Pair such leftovers, left to right, when the opener is
    followed and the closer preceded by something other than a space.
    """
    if not any(token["type"] == "text" and "**" in token["raw"] for token in tokens):
        return tokens
    pieces: list[Token | None] = []  # None marks a leftover "**"
    for token in tokens:
        if token["type"] != "text" or "**" not in token["raw"]:
            pieces.append(token)
            continue
        for index, part in enumerate(token["raw"].split("**")):
            if index:
                pieces.append(None)
            if part:
                pieces.append({"type": "text", "raw": part})
    result: list[Token] = []
    opener: int | None = None
    for piece in pieces:
        if piece is not None:
            result.append(piece)
            continue
        before = _edge_text(result[-1], last=True) if result else ""
        if opener is not None and before and not before.isspace() and len(result) > opener:
            inner = result[opener:]
            del result[opener:]
            result.append({"type": "strong", "children": inner})
            opener = None
        else:
            if opener is not None:  # an unpaired opener stays literal
                result.insert(opener, {"type": "text", "raw": "**"})
            opener = len(result)
    if opener is not None:
        result.insert(opener, {"type": "text", "raw": "**"})
    return _merge_text_tokens(result)


def _edge_text(token: Token, *, last: bool) -> str:
    if token["type"] == "text":
        raw: str = token["raw"]
        return raw[-1:] if last else raw[:1]
    children = token.get("children")
    if children:
        return _edge_text(children[-1] if last else children[0], last=last)
    return "x"  # code, images and the like count as visible content


def _merge_text_tokens(tokens: list[Token]) -> list[Token]:
    merged: list[Token] = []
    for token in tokens:
        if token["type"] == "text" and merged and merged[-1]["type"] == "text":
            merged[-1] = {"type": "text", "raw": merged[-1]["raw"] + token["raw"]}
        else:
            merged.append(token)
    return merged


def _resolve_soft_breaks(nodes: Sequence[Inline | _SoftBreak]) -> Inlines:
    """Turn soft breaks into a space or nothing (between CJK characters), and merge adjacent text."""
    result: list[Inline] = []
    for index, node in enumerate(nodes):
        if isinstance(node, _SoftBreak):
            before = plain(result[-1]) if result else ""
            after = next((plain(n) for n in nodes[index + 1 :] if not isinstance(n, _SoftBreak)), "")
            node = Text(join_soft_break(before, after))
        if isinstance(node, Text) and result and isinstance(result[-1], Text):
            result[-1] = Text(result[-1].text + node.text)
        elif not (isinstance(node, Text) and not node.text):
            result.append(node)
    return tuple(result)


# =========================================================================== inline helpers


def _strip_inlines(nodes: Inlines, chars: str | None = None) -> Inlines:
    """Strip white space (or ``chars``) from the start of the first and end of the last text node."""
    nodes = _lstrip_inlines(nodes, chars)
    if nodes and isinstance(nodes[-1], Text):
        text = nodes[-1].text.rstrip(chars)
        nodes = nodes[:-1] + ((Text(text, nodes[-1].lang),) if text else ())
    return nodes


def _lstrip_inlines(nodes: Inlines, chars: str | None = None) -> Inlines:
    while nodes and isinstance(nodes[0], Text):
        text = nodes[0].text.lstrip(chars)
        if text:
            return (Text(text, nodes[0].lang),) + nodes[1:]
        nodes = nodes[1:]
    return nodes


def _unwrap_strong(nodes: Inlines) -> Inlines:
    """``**Headline**`` as a whole heading is just the headline."""
    stripped = _strip_inlines(nodes)
    if len(stripped) == 1 and isinstance(stripped[0], Strong):
        return stripped[0].children
    return stripped


def _is_blank(node: Inline) -> bool:
    return isinstance(node, Text) and not node.text.strip()


def _split_after_label(nodes: Inlines) -> tuple[Inlines, Inlines] | None:
    """Split ``**Label**：text`` (or ``**Label：**text``) into label and text; None if no bold label."""
    nodes = _lstrip_inlines(nodes)
    if not nodes or not isinstance(nodes[0], Strong):
        return None
    label = _strip_inlines(nodes[0].children)
    rest = _lstrip_inlines(nodes[1:])
    label_text = plain(label)
    if label_text.endswith(tuple(_COLONS)):
        return _strip_inlines(label, _COLONS + " "), rest
    if rest and isinstance(rest[0], Text) and rest[0].text.startswith(tuple(_COLONS)):
        return label, _lstrip_inlines(rest, _COLONS + " \t")
    return label, rest


def _has_colon_label(nodes: Inlines, max_length: int = 24) -> bool:
    """True when the inlines open with a short bold label followed (or ended) by a colon."""
    nodes = _lstrip_inlines(nodes)
    if not nodes or not isinstance(nodes[0], Strong):
        return False
    label = plain(nodes[0].children).strip()
    if not label or len(label) > max_length:
        return False
    if label.endswith(tuple(_COLONS)):
        return True
    following = nodes[1] if len(nodes) > 1 else None
    return isinstance(following, Text) and following.text.lstrip().startswith(tuple(_COLONS))


# =========================================================================== digest structure

_SECTION_NUMBER = re.compile(
    r"^\s*(?:第\s*)?(\d{1,3}|[一二三四五六七八九十]{1,3})\s*(?:[.、．)）:：]|章|节|節)\s*"
)
_CHINESE_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九", start=0)}
_CATEGORY = re.compile(r"^\s*[\[【［〔](.+?)[\]】］〕]\s*$")
_LEADING_CATEGORY = re.compile(r"^\s*[\[【［〔]([^\]】］〕]{1,30})[\]】］〕]\s*")
_LINK_LINE_FILLER = re.compile(r"^[\s|｜·•/,，、;；\-–—]*$")
_REFERENCE_NOTE_PREFIX = " \t-–—:：|｜·"


def _chinese_number(text: str) -> int:
    if text.isdigit():
        return int(text)
    if text == "十":
        return 10
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (_CHINESE_DIGITS.get(tens, 1) if tens else 1) * 10 + (
            _CHINESE_DIGITS.get(ones, 0) if ones else 0
        )
    return _CHINESE_DIGITS.get(text, 0)


def _section_number(title: Inlines) -> tuple[int | None, Inlines]:
    """``1. AI 基础设施`` → (1, ``AI 基础设施``)."""
    title = _strip_inlines(title)
    if not title or not isinstance(title[0], Text):
        return None, title
    match = _SECTION_NUMBER.match(title[0].text)
    if not match or (match.end() == len(title[0].text) and len(title) == 1):
        return None, title
    rest = title[0].text[match.end() :]
    return _chinese_number(match.group(1)), ((Text(rest),) if rest else ()) + title[1:]


def _split_at_headings(blocks: Blocks, max_level: int) -> tuple[Blocks, list[tuple[Heading, Blocks]]]:
    """Blocks before the first heading of level ≤ ``max_level``, then each such heading with its blocks."""
    lead: list[Block] = []
    parts: list[tuple[Heading, list[Block]]] = []
    for block in blocks:
        if isinstance(block, Heading) and block.level <= max_level:
            parts.append((block, []))
        elif parts:
            parts[-1][1].append(block)
        else:
            lead.append(block)
    return tuple(lead), [(heading, tuple(body)) for heading, body in parts]


def _build_digest(blocks: Blocks, source_name: str, meta: dict[str, str]) -> Digest:
    title, blocks = _take_title(blocks)
    if not title and meta.get("title"):
        title = (Text(meta["title"]),)
    date_start = date_end = None
    found_in_title = _find_title_dates(title) if title else None
    if found_in_title:
        date_start, date_end, title = found_in_title
    elif found_in_meta := dates.find_date(meta.get("date", "")):
        date_start, date_end = found_in_meta.start, found_in_meta.end
    preamble, parts = _split_at_headings(blocks, 2)

    # The overview: a list of highlight-shaped entries under the title or under the first,
    # unnumbered "##" heading. It is taken out of the flow here and may be put back below.
    overview = _overview_in(preamble)
    overview_part: tuple[Heading, Blocks] | None = None
    if not overview and parts and _section_number(parts[0][0].children)[0] is None:
        overview = _overview_in(parts[0][1])
        if overview:
            overview_part, parts = parts[0], parts[1:]

    sections: list[Section] = []
    reading: list[ReadingGroup] = []
    reading_title: Inlines = ()
    numbered = [i for i, (heading, _) in enumerate(parts) if _section_number(heading.children)[0] is not None]
    last_numbered = numbered[-1] if numbered else -1
    for index, (heading, body) in enumerate(parts):
        number, section_title = _section_number(heading.children)
        if number is None and index > last_numbered:
            groups = _further_reading_in(body)
            if groups is not None:
                reading.extend(groups)
                reading_title = reading_title or _strip_inlines(heading.children)
                continue
        sections.append(_section(section_title, number, body))

    highlights: list[Highlight] = []
    highlights_title: Inlines = ()
    if overview:
        entries, rest = overview
        # A list of bold-labelled points in a plain note is no overview: it needs a category
        # somewhere, or digest items around it.
        lead_items = _items_before_sections(rest if overview_part is None else preamble)[1]
        if any(entry.category for entry in entries) or _has_digest_items([*lead_items, *sections]):
            highlights = entries
            if overview_part is None:
                preamble = rest
            else:
                highlights_title = _strip_inlines(overview_part[0].children)
                preamble = preamble + rest
        elif overview_part is not None:
            sections.insert(0, _section(overview_part[0].children, None, overview_part[1]))
    preamble, lead_section = _items_before_sections(preamble)
    sections[:0] = lead_section

    kind: DocumentKind = "digest" if highlights or _has_digest_items(sections) else "document"
    if not title:
        title = _fallback_title(kind, sections, source_name)
    return Digest(
        title=title,
        kind=kind,
        date_start=date_start,
        date_end=date_end,
        highlights=tuple(highlights),
        highlights_title=highlights_title,
        sections=tuple(sections),
        further_reading=tuple(reading),
        further_reading_title=reading_title,
        preamble=tuple(preamble),
        source_name=source_name,
        meta=meta,
    )


def _items_before_sections(preamble: Blocks) -> tuple[Blocks, list[Section]]:
    """``###`` items right under the title, before any ``##``, form a section with no heading."""
    lead, parts = _split_at_headings(preamble, 3)
    if not parts:
        return preamble, []
    return lead, [_section((), None, preamble[len(lead) :])]


def _take_title(blocks: Blocks) -> tuple[Inlines, Blocks]:
    """The first level-1 heading, if it comes before any other heading, is the title."""
    for index, block in enumerate(blocks):
        if isinstance(block, Heading):
            if block.level == 1:
                return _unwrap_strong(block.children), blocks[:index] + blocks[index + 1 :]
            break
    return (), blocks


def _fallback_title(kind: str, sections: list[Section], source_name: str) -> Inlines:
    if kind == "document" and sections and sections[0].title:
        return sections[0].title
    stem = source_name.rsplit("/", 1)[-1].rsplit(".", 1)[0] if source_name else ""
    return (Text(stem or "Untitled"),)


def _find_title_dates(title: Inlines) -> tuple[Any, Any, Inlines] | None:
    """Take the date range out of the title: ``AI 速报 (2025-12-28 至 2025-12-29)`` → ``AI 速报``."""
    for index, node in enumerate(title):
        if not isinstance(node, Text | Strong | Emphasis):
            continue
        text = plain(node)
        found = dates.find_date(text)
        if not found:
            continue
        if not isinstance(node, Text):
            return found.start, found.end, title
        start, end = found.span
        before, after = text[:start], text[end:]
        # Drop brackets that held only the date, then separators left hanging at either end.
        bracket = re.search(r"[(（\[【［]\s*$", before)
        if bracket and re.match(r"^\s*[)）\]】］]", after):
            before = before[: bracket.start()]
            after = re.sub(r"^\s*[)）\]】］]", "", after)
        remainder = (before.rstrip(" \t-–—|:：,，·") + " " + after.lstrip(" \t-–—|:：,，·")).strip()
        if index == len(title) - 1 and not after.strip():
            remainder = before.rstrip(" \t-–—|:：,，·(（[【")
        new_title = title[:index] + ((Text(remainder),) if remainder else ()) + title[index + 1 :]
        new_title = _strip_inlines(new_title)
        return found.start, found.end, new_title if plain(new_title).strip() else title
    return None


# --------------------------------------------------------------------------- overview


def _overview_in(blocks: Blocks) -> tuple[list[Highlight], Blocks] | None:
    """The first list in ``blocks`` whose entries mostly have the highlight shape, and the rest."""
    for index, block in enumerate(blocks):
        if not isinstance(block, ListBlock) or not block.items:
            continue
        parsed = [_highlight(item) for item in block.items]
        if sum(1 for highlight, shaped in parsed if shaped) * 2 >= len(parsed):
            return [highlight for highlight, _ in parsed], blocks[:index] + blocks[index + 1 :]
        return None
    return None


def _highlight(item: ListItem) -> tuple[Highlight, bool]:
    """One overview entry, and whether it really had the ``**headline**: summary`` shape."""
    first = item.blocks[0] if item.blocks else None
    nodes: Inlines = first.children if isinstance(first, Paragraph) else ()
    extra = item.blocks[1:] if isinstance(first, Paragraph) else item.blocks
    category: str | None = None
    nodes = _lstrip_inlines(nodes)
    if nodes and isinstance(nodes[0], Strong) and (match := _CATEGORY.match(plain(nodes[0]))):
        category, nodes = match.group(1).strip(), _lstrip_inlines(nodes[1:])
    elif nodes and isinstance(nodes[0], Text) and (match := _LEADING_CATEGORY.match(nodes[0].text)):
        rest = nodes[0].text[match.end() :]
        category, nodes = match.group(1).strip(), _lstrip_inlines(((Text(rest),) if rest else ()) + nodes[1:])
    shaped = False
    if _has_colon_label(nodes, max_length=400):
        split = _split_after_label(nodes)
        assert split is not None
        title, summary = split
        shaped = True
    else:
        title, summary = _split_at_first_colon(nodes)
        shaped = bool(category and summary)
    if extra:
        summary = summary + (Text(" " + plain(extra).replace("\n", " ")),)
    return Highlight(title=_strip_inlines(title), summary=_strip_inlines(summary), category=category), shaped


def _split_at_first_colon(nodes: Inlines) -> tuple[Inlines, Inlines]:
    """Split plain ``headline: summary`` at its first colon followed by text, if any."""
    for index, node in enumerate(nodes):
        if isinstance(node, Text):
            match = re.search(r"[:：]\s*", node.text)
            if match and match.start() > 0:
                head = node.text[: match.start()]
                tail = node.text[match.end() :]
                return nodes[:index] + (Text(head),), ((Text(tail),) if tail else ()) + nodes[index + 1 :]
    return _unwrap_strong(nodes), ()


# --------------------------------------------------------------------------- further reading


def _further_reading_in(blocks: Blocks) -> list[ReadingGroup] | None:
    """Groups of link lists (``### [group]`` + ``* [text](url) - note``), or None if not that shape."""
    lead, parts = _split_at_headings(blocks, 6)
    groups: list[ReadingGroup] = []
    link_entries = other_entries = 0
    for title, body in [((), lead), *((h.children, b) for h, b in parts)]:
        if not body and not title:
            continue
        references: list[Reference] = []
        kept: list[Block] = []
        for block in body:
            if isinstance(block, ListBlock):
                rest: list[ListItem] = []
                for entry in block.items:
                    reference = _reference(entry)
                    if reference:
                        references.append(reference)
                        link_entries += 1
                    else:
                        rest.append(entry)
                        other_entries += 1
                if rest:
                    kept.append(ListBlock(tuple(rest), block.ordered, block.start))
            elif isinstance(block, Paragraph) and _link_line(block):
                references.extend(_references_in_line(block))
                link_entries += 1
            else:
                return None
        group_title = _strip_inlines(_unwrap_strong(title))
        if group_title and (match := _CATEGORY.match(plain(group_title))):
            group_title = (Text(match.group(1).strip()),)
        groups.append(ReadingGroup(group_title, tuple(references), tuple(kept)))
    if not link_entries or other_entries > link_entries:
        return None
    return groups


def _reference(entry: ListItem) -> Reference | None:
    """``[text](url) - note`` as a list entry, or None when the entry does not open with a link."""
    if not entry.blocks or not isinstance(entry.blocks[0], Paragraph):
        return None
    nodes = _lstrip_inlines(entry.blocks[0].children)
    if not nodes or not isinstance(nodes[0], Link):
        return None
    note = plain(nodes[1:]).strip(_REFERENCE_NOTE_PREFIX)
    more = plain(entry.blocks[1:]).strip()
    return Reference(nodes[0].children, nodes[0].url, " ".join(part for part in (note, more) if part))


# --------------------------------------------------------------------------- sections and items


def _section(title: Inlines, number: int | None, blocks: Blocks) -> Section:
    lead, parts = _split_at_headings(blocks, 3)
    items = [_item(heading, body) for heading, body in parts]
    return Section(id="", title=_unwrap_strong(title), number=number, items=tuple(items), blocks=lead)


def _has_digest_items(sections: list[Section]) -> bool:
    return any(
        item.source_url or item.summary or item.details or item.links or item.date
        for section in sections
        for item in section.items
    ) or any(section.number is not None for section in sections)


def _link_line(paragraph: Paragraph) -> bool:
    """A paragraph of links only (plus separators and dates): a source line or a related-links line."""
    links = 0
    for node in paragraph.children:
        if isinstance(node, Link):
            links += 1
        elif isinstance(node, Code):
            if not dates.find_date(node.text):
                return False
        elif isinstance(node, Text):
            rest = node.text
            found = dates.find_date(rest)
            if found:
                rest = rest[: found.span[0]] + rest[found.span[1] :]
            if not _LINK_LINE_FILLER.match(
                rest.replace("[", "").replace("]", "").replace("(", "").replace(")", "")
            ):
                return False
        elif not isinstance(node, LineBreak):
            return False
    return links > 0


def _references_in_line(paragraph: Paragraph) -> list[Reference]:
    return [Reference(node.children, node.url) for node in paragraph.children if isinstance(node, Link)]


def _date_in(paragraph: Paragraph) -> Any:
    for node in paragraph.children:
        if isinstance(node, Code | Text):
            found = dates.parse_date(node.text)
            if found:
                return found
    return None


def _item(heading: Heading, blocks: Blocks) -> Item:
    source_url: str | None = None
    source_label = ""
    date = None
    summary: Blocks = ()
    summary_label = ""
    details: tuple[Point, ...] = ()
    details_label = ""
    links: list[Reference] = []
    body: list[Block] = []

    index = 0
    while index < len(blocks):
        block = blocks[index]
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        at_start = not (source_url or summary or details or links or body)
        if isinstance(block, Paragraph) and _link_line(block):
            references = _references_in_line(block)
            if at_start:
                source_url, source_label = references[0].url, plain(references[0].label).strip()
                date = _date_in(block)
                references = references[1:]
            links.extend(references)
        elif isinstance(block, Quote) and not summary and _is_labelled_quote(block):
            summary_label, summary = _summary(block)
        elif (
            not details
            and isinstance(block, Paragraph)
            and isinstance(following, ListBlock)
            and _is_bold_only(block)
        ):
            details_label = plain(block.children).strip()
            details = tuple(_point(entry) for entry in following.items)
            index += 1
        else:
            body.append(block)
        index += 1

    return Item(
        id="",
        title=_unwrap_strong(heading.children),
        source_url=source_url,
        source_label=source_label,
        date=date,
        summary=summary,
        summary_label=summary_label,
        details=details,
        details_label=details_label,
        links=tuple(links),
        body=tuple(body),
    )


def _is_labelled_quote(quote: Quote) -> bool:
    first = quote.blocks[0] if quote.blocks else None
    return isinstance(first, Paragraph) and _has_colon_label(first.children)


def _summary(quote: Quote) -> tuple[str, Blocks]:
    """``> **概要**：text`` → (``概要``, the text as blocks, label and colon removed)."""
    first = quote.blocks[0]
    assert isinstance(first, Paragraph)
    split = _split_after_label(first.children)
    assert split is not None
    label, text = split
    rest = quote.blocks[1:]
    return plain(label).strip(), ((Paragraph(text),) if text else ()) + rest


def _is_bold_only(paragraph: Paragraph) -> bool:
    nodes = [node for node in paragraph.children if not _is_blank(node)]
    return len(nodes) == 1 and isinstance(nodes[0], Strong)


def _point(entry: ListItem) -> Point:
    """A details entry: ``**Label**``, ``**Label**：text`` or plain text, with nested sub-points."""
    label: Inlines = ()
    text: Inlines = ()
    children: list[Point] = []
    blocks: list[Block] = []
    for position, block in enumerate(entry.blocks):
        if position == 0 and isinstance(block, Paragraph):
            split = _split_after_label(block.children)
            label, text = split if split else ((), _strip_inlines(block.children))
        elif isinstance(block, ListBlock):
            children.extend(_point(child) for child in block.items)
        else:
            blocks.append(block)
    return Point(label=label, text=_strip_inlines(text), children=tuple(children), blocks=tuple(blocks))
