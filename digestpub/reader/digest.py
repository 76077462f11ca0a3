"""The digest's parts, recognised by shape (see DIGEST-FORMAT.md), from the document's blocks.

* **title and dates** — the first ``#`` heading; the date range is taken out of it;
* **overview** — a list of ``**[category]** **headline**: summary`` entries under the title or under
  an unnumbered ``##`` heading before the first numbered section; it needs a category somewhere or
  digest items around it (a bold-labelled list in a plain note is not an overview);
* **sections** — ``##`` headings, numbered (``1.``, ``一、``, ``第2章``) or not; their ``###`` items
  are read by :mod:`digestpub.reader.items`;
* **further reading** — the unnumbered ``##`` parts made of link lists after the last part with
  news, grouped by headings (a closing section after them stays after them).

A file with none of these shapes is a plain document. Nothing is dropped: what matches no shape
stays as ordinary content (``Digest.preamble``, ``Section.blocks``, ``Item.intro``/``Item.body``/``Item.outro``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

from .. import dates
from ..model import (
    Block,
    Blocks,
    Digest,
    DocumentKind,
    Emphasis,
    Heading,
    Highlight,
    Inlines,
    Link,
    ListBlock,
    ListItem,
    Paragraph,
    ReadingGroup,
    Reference,
    Section,
    Strong,
    Text,
    plain,
)
from .items import read_item, references_in
from .shapes import is_link_line, lstrip_inlines, split_label, strip_inlines, unwrap_strong
from .vocabulary import names_an_overview

_SECTION_NUMBER = re.compile(
    r"^\s*((?:第\s*)?(\d{1,3}|[一二三四五六七八九十]{1,3})\s*(?:[.、．)）:：](?!\d)|章|节|節|部分))\s*"
)
_CHINESE_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")}
_CATEGORY = re.compile(r"^\s*[\[【［〔](.+?)[\]】］〕]\s*$")
_LEADING_CATEGORY = re.compile(r"^\s*[\[【［〔]([^\]】］〕]{1,30})[\]】］〕]\s*")
_NOTE_PREFIX = " \t-–—:：|｜·"


def build_digest(blocks: Blocks, source_name: str, meta: dict[str, str]) -> Digest:
    title, blocks = _take_title(blocks)
    if not title and meta.get("title"):
        title = (Text(meta["title"]),)
    date_start = date_end = None
    found_in_title = _title_dates(title) if title else None
    if found_in_title:
        date_start, date_end, title = found_in_title
    elif found_in_meta := dates.find_date(meta.get("date", "")):
        date_start, date_end = found_in_meta.start, found_in_meta.end
    preamble, parts = split_at_headings(blocks, 2)

    # The overview, taken out of the flow here and put back below if it turns out not to be one.
    overview = _overview_in(preamble)
    overview_part: tuple[Heading, Blocks] | None = None
    if not overview:
        for index, (heading, body) in enumerate(parts):
            overview = _grouped_overview(heading, body, parts[index + 1 :])
            if not overview and (
                section_number(heading.children)[0] is not None or split_at_headings(body, 3)[1]
            ):
                break  # the overview comes before the first section with news in it
            overview = overview or _overview_in(body)
            if overview:
                overview_part = (heading, body)
                parts = parts[:index] + parts[index + 1 :]
                break

    sections: list[Section] = []
    reading: list[ReadingGroup] = []
    reading_title: Inlines = ()
    # Further reading: the unnumbered parts of link lists after the last part with news (numbered,
    # or with items); one before it stays a section, where it was written. The first names it;
    # each later one is a group.
    numbered = [section_number(heading.children)[0] is not None for heading, _ in parts]
    # each unnumbered part's groups of links, if that is what it is
    links_only = [
        None if number else _further_reading_in(body)
        for number, (_, body) in zip(numbered, parts, strict=True)
    ]
    news = [  # numbered, or with items that are not groups of links
        index
        for index, (number, (_, body), groups) in enumerate(zip(numbered, parts, links_only, strict=True))
        if number or (groups is None and split_at_headings(body, 3)[1])
    ]
    reading_parts = {
        index: groups
        for index, groups in enumerate(links_only)
        if index > (news[-1] if news else -1) and groups is not None
    }
    first = min(reading_parts, default=len(parts))
    # sections written after the further reading, shown after it
    after_reading = sum(1 for index in range(first + 1, len(parts)) if index not in reading_parts)
    for index, (heading, body) in enumerate(parts):
        if index in reading_parts:
            groups = reading_parts[index]
            if reading_title and groups and not groups[0].title:
                groups[0] = dataclasses.replace(groups[0], title=strip_inlines(heading.children))
            elif reading_title and groups:  # its own "### [group]"s: its heading stands before them
                groups.insert(0, ReadingGroup(strip_inlines(heading.children)))
            reading.extend(groups)
            reading_title = reading_title or strip_inlines(heading.children)
            continue
        number, label, section_title = section_number(heading.children)
        sections.append(_section(section_title, number, label, body))

    highlights: list[Highlight] = []
    highlights_title: Inlines = ()
    highlights_notes: Blocks = ()
    if overview:
        entries, before, after = overview
        lead_sections = _items_before_sections(before + after if overview_part is None else preamble)[1]
        if any(entry.category for entry in entries) or _has_digest_items([*lead_sections, *sections]):
            highlights = entries
            # What follows the list (up to the items written before any section) is read after it.
            notes: Blocks = after
            lead: Blocks = ()
            if overview_part is None:
                notes, lead = _split_before_items(after)
                preamble = before
                # "### ⚡ 本期速览" above the list (perhaps with a line of introduction between)
                at = len(before) - 1
                while at >= 0 and isinstance(before[at], Paragraph):
                    at -= 1
                above = before[at] if at >= 0 else None
                if isinstance(above, Heading) and above.level >= 3:
                    highlights_title, preamble = strip_inlines(above.children), before[:at] + before[at + 1 :]
            else:
                highlights_title = strip_inlines(overview_part[0].children)
                preamble = preamble + before
            highlights_notes = notes
            preamble = preamble + lead
        elif overview_part is not None:  # not an overview after all: an ordinary section
            heading, body = overview_part
            sections.insert(0, _section(heading.children, None, "", body))
    preamble, lead_section = _items_before_sections(preamble)
    sections[:0] = lead_section

    kind: DocumentKind = "digest" if highlights or _has_digest_items(sections) else "document"
    return Digest(
        title=title or _fallback_title(kind, sections, source_name),
        kind=kind,
        date_start=date_start,
        date_end=date_end,
        highlights=tuple(highlights),
        highlights_title=highlights_title,
        highlights_notes=highlights_notes,
        sections=tuple(sections),
        further_reading=tuple(reading),
        further_reading_title=reading_title,
        sections_after_reading=after_reading,
        preamble=tuple(preamble),
        source_name=source_name,
        meta=meta,
    )


def split_at_headings(blocks: Blocks, max_level: int) -> tuple[Blocks, list[tuple[Heading, Blocks]]]:
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


# --------------------------------------------------------------------------- title


def _take_title(blocks: Blocks) -> tuple[Inlines, Blocks]:
    """The first level-1 heading, if it comes before any other heading, is the title."""
    for index, block in enumerate(blocks):
        if isinstance(block, Heading):
            if block.level == 1:
                return unwrap_strong(block.children), blocks[:index] + blocks[index + 1 :]
            break
    return (), blocks


def _fallback_title(kind: str, sections: list[Section], source_name: str) -> Inlines:
    if kind == "document" and sections and sections[0].title:
        return sections[0].title
    stem = source_name.replace("\\", "/").rsplit("/", 1)[-1].rsplit(".", 1)[0] if source_name else ""
    return (Text(stem or "Untitled"),)


def _title_dates(title: Inlines) -> tuple[dt.date, dt.date, Inlines] | None:
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
        # Brackets that held only the date go, then separators left hanging at either end.
        bracket = re.search(rf"[{re.escape(dates.OPENING_BRACKETS)}]\s*$", before)
        closing = rf"^\s*[{re.escape(dates.CLOSING_BRACKETS)}]"
        if bracket and re.match(closing, after):
            before = before[: bracket.start()]
            after = re.sub(closing, "", after)
        separators = dates.TITLE_SEPARATORS
        if before.strip(separators) and after.strip(separators):
            return found.start, found.end, title  # the date stands inside the title: it stays
        # The space that parts this text from markup before or after it stays ("The **AI** Weekly").
        remainder = before.rstrip(separators) + " " + after.lstrip(separators)
        if index == 0:
            remainder = remainder.lstrip()
        if index == len(title) - 1:
            remainder = remainder.rstrip()
        new_title = strip_inlines(
            title[:index] + ((Text(remainder),) if remainder else ()) + title[index + 1 :]
        )
        return found.start, found.end, new_title if plain(new_title).strip() else title
    return None


# --------------------------------------------------------------------------- sections


def section_number(title: Inlines) -> tuple[int | None, str, Inlines]:
    """``1. AI 基础设施`` → (1, ``1.``, ``AI 基础设施``); ``**1. 大模型**`` likewise."""
    title = unwrap_strong(title)
    if not title or not isinstance(title[0], Text):
        return None, "", title
    match = _SECTION_NUMBER.match(title[0].text)
    if not match or (match.end() == len(title[0].text) and len(title) == 1):
        return None, "", title
    rest = title[0].text[match.end() :]
    return (
        _number_value(match.group(2)),
        match.group(1).strip(),
        strip_inlines(((Text(rest),) if rest else ()) + title[1:]),
    )


def _number_value(text: str) -> int:
    if text.isdigit():
        return int(text)
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (_CHINESE_DIGITS.get(tens, 1) if tens else 1) * 10 + (
            _CHINESE_DIGITS.get(ones, 0) if ones else 0
        )
    return _CHINESE_DIGITS.get(text, 0)


def _section(title: Inlines, number: int | None, number_label: str, blocks: Blocks) -> Section:
    lead, parts = split_at_headings(blocks, 3)
    items = tuple(read_item(heading, body) for heading, body in parts)
    return Section(
        id="", title=unwrap_strong(title), number=number, number_label=number_label, items=items, blocks=lead
    )


def _items_before_sections(preamble: Blocks) -> tuple[Blocks, list[Section]]:
    """``###`` items right under the title, before any ``##``, form a section with no heading."""
    lead, parts = split_at_headings(preamble, 3)
    if not parts:
        return preamble, []
    return lead, [_section((), None, "", preamble[len(lead) :])]


def _split_before_items(blocks: Blocks) -> tuple[Blocks, Blocks]:
    """``blocks`` up to the first ``###`` item, and from it."""
    lead, _ = split_at_headings(blocks, 3)
    return lead, blocks[len(lead) :]


def _has_digest_items(sections: list[Section]) -> bool:
    return any(
        item.source_url or item.summary or item.details or item.links or item.date
        for section in sections
        for item in section.items
    ) or any(section.number is not None and section.items for section in sections)


# --------------------------------------------------------------------------- overview


def _overview_in(blocks: Blocks) -> tuple[list[Highlight], Blocks, Blocks] | None:
    """The first list in ``blocks`` whose entries mostly have the highlight shape, and the blocks
    before and after it. A list under a ``###`` heading belongs to that item, unless the heading
    names an overview (``### ⚡ 本期速览``)."""
    in_item = False
    for index, block in enumerate(blocks):
        if isinstance(block, Heading) and block.level >= 3:
            in_item = not names_an_overview(plain(block.children))
        if in_item or not isinstance(block, ListBlock) or not block.items:
            continue
        parsed = [_highlight(item) for item in block.items]
        if sum(1 for _, shaped in parsed if shaped) * 2 >= len(parsed):
            return [highlight for highlight, _ in parsed], blocks[:index], blocks[index + 1 :]
        return None
    return None


def _grouped_overview(
    heading: Heading, body: Blocks, later: list[tuple[Heading, Blocks]]
) -> tuple[list[Highlight], Blocks, Blocks] | None:
    """An overview whose entries are grouped under ``###`` headings (``## ⚡ 本期速览`` then
    ``### 模型`` and its list, ``### 芯片`` and its list): each group's heading is its entries'
    category. Only when the part's heading names an overview, each group is one overview list, and
    most entries name an item of the later parts (else it is a section of items with details)."""
    if not names_an_overview(plain(heading.children)):
        return None
    before, groups = split_at_headings(body, 3)
    if not groups:
        return None
    entries: list[Highlight] = []
    for group_heading, group_body in groups:
        found = _overview_in(group_body)
        if found is None or found[1] or found[2]:
            return None
        category = plain(group_heading.children).strip()
        entries.extend(dataclasses.replace(entry, category=entry.category or category) for entry in found[0])
    items = {
        _key(item_heading.children) for _, part in later for item_heading, _ in split_at_headings(part, 3)[1]
    }
    named = sum(1 for entry in entries if _key(entry.title) in items)
    return (entries, before, ()) if named * 2 >= len(entries) else None


def _key(title: Inlines) -> str:
    """A title to compare with another: letters and digits, casefolded."""
    return "".join(char for char in plain(title).casefold() if char.isalnum())


def _highlight(entry: ListItem) -> tuple[Highlight, bool]:
    """One overview entry, and whether it really had the ``**headline**: summary`` shape."""
    first = entry.blocks[0] if entry.blocks else None
    nodes: Inlines = lstrip_inlines(first.children) if isinstance(first, Paragraph) else ()
    extra = entry.blocks[1:] if isinstance(first, Paragraph) else entry.blocks
    category, nodes = _category(nodes)
    url = None
    if nodes and isinstance(nodes[0], Link):  # [**Headline**](https://…): summary
        url = nodes[0].url
        nodes = (Strong(unwrap_strong(nodes[0].children)), *nodes[1:])
    split = split_label(nodes, max_length=400)
    if split is not None and split[1]:
        title, summary = split
        shaped = True
    else:
        title, summary = _split_at_first_colon(nodes)
        shaped = bool(category and summary)
    highlight = Highlight(
        title=strip_inlines(unwrap_strong(title)),
        summary=strip_inlines(summary),
        category=category,
        url=url,
        blocks=tuple(extra),
    )
    return highlight, shaped


def _category(nodes: Inlines) -> tuple[str | None, Inlines]:
    """``**[大模型]**``, ``[大模型]`` or ``**[大模型] Headline:**`` at the start of an entry."""
    if not nodes:
        return None, nodes
    first = nodes[0]
    if isinstance(first, Strong) and (match := _CATEGORY.match(plain(first))):
        return match.group(1).strip(), lstrip_inlines(nodes[1:])
    if isinstance(first, Strong) and first.children and isinstance(first.children[0], Text):
        match = _LEADING_CATEGORY.match(first.children[0].text)
        if match:
            rest = first.children[0].text[match.end() :]
            inner = ((Text(rest),) if rest else ()) + first.children[1:]
            return match.group(1).strip(), (Strong(inner), *nodes[1:])
    if isinstance(first, Text) and (match := _LEADING_CATEGORY.match(first.text)):
        rest = first.text[match.end() :]
        return match.group(1).strip(), lstrip_inlines(((Text(rest),) if rest else ()) + nodes[1:])
    return None, nodes


def _split_at_first_colon(nodes: Inlines) -> tuple[Inlines, Inlines]:
    """Split plain ``headline: summary`` at its first colon followed by text, if any."""
    for index, node in enumerate(nodes):
        if isinstance(node, Text):
            match = re.search(r"[:：]\s*", node.text)
            if match and match.start() > 0:
                head = node.text[: match.start()]
                tail = node.text[match.end() :]
                return nodes[:index] + (Text(head),), ((Text(tail),) if tail else ()) + nodes[index + 1 :]
    return unwrap_strong(nodes), ()


# --------------------------------------------------------------------------- further reading


def _further_reading_in(blocks: Blocks) -> list[ReadingGroup] | None:
    """Groups of link lists (``### [group]`` + ``* [text](url) - note``), or None if not that shape."""
    lead, parts = split_at_headings(blocks, 6)
    groups: list[ReadingGroup] = []
    link_entries = other_entries = 0
    for title, body in [((), lead), *((heading.children, body) for heading, body in parts)]:
        if not body and not title:
            continue
        references: list[Reference] = []
        kept: list[Block] = []
        for block in body:
            if isinstance(block, ListBlock):
                found, rest = _references(block)
                references.extend(found)
                link_entries += len(found)
                other_entries += len(rest)
                if rest:
                    kept.append(ListBlock(tuple(rest), block.ordered, block.start))
            elif isinstance(block, Paragraph) and is_link_line(block):
                references.extend(references_in(block))
                link_entries += 1
            elif isinstance(block, Paragraph):  # a note or a closing line ("本期完。"): kept, after the links
                kept.append(block)
                other_entries += 1
            else:  # a quote (a summary), code, a table: news, not further reading
                return None
        group_title = strip_inlines(unwrap_strong(title))
        if group_title and (match := _CATEGORY.match(plain(group_title))):
            group_title = (Text(match.group(1).strip()),)
        groups.append(ReadingGroup(group_title, tuple(references), tuple(kept)))
    if not link_entries or other_entries > link_entries:
        return None
    return groups


def _references(block: ListBlock) -> tuple[list[Reference], list[ListItem]]:
    """The list's ``[text](url) - note`` entries (nested ones after their parent), and the entries
    that do not open with a link."""
    found: list[Reference] = []
    rest: list[ListItem] = []
    for entry in block.items:
        first = entry.blocks[0] if entry.blocks else None
        nodes = lstrip_inlines(first.children) if isinstance(first, Paragraph) else ()
        if not nodes or not isinstance(nodes[0], Link):
            rest.append(entry)
            continue
        note = lstrip_inlines(nodes[1:], _NOTE_PREFIX)
        nested: list[Reference] = []
        for extra in entry.blocks[1:]:
            if isinstance(extra, ListBlock):
                more, other = _references(extra)
                nested.extend(more)
                rest.extend(other)
            elif isinstance(extra, Paragraph):
                note = (*note, Text(" "), *extra.children) if note else extra.children
            else:
                rest.append(ListItem((extra,)))
        found.append(Reference(nodes[0].children, nodes[0].url, strip_inlines(note)))
        found.extend(nested)
    return found, rest
