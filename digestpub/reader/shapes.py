"""Small shape tests on model inlines, shared by the digest and item recognisers.

A *label* is a short bold run at the start of a paragraph followed by a separator (``**概要**：``,
``**Summary** —``, ``**Label:**``); a *link line* is a paragraph of links only, with separators,
dates and at most a short leading label (``Source: [x](url) · Jan 13, 2026``).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from .. import dates
from ..model import Code, Emphasis, Inline, Inlines, LineBreak, Link, Paragraph, Strong, Text, plain
from .vocabulary import names_a_date, names_a_source, names_related_links

COLONS = ":："
# What may stand between a bold label and its text: a colon, or a dash or bar with a space after it.
_LABEL_SEPARATOR = re.compile(r"^\s*(?:[:：]|[—–\-|｜](?=\s))\s*")
# What stands around the links and dates of a line of links, besides them (separators, brackets).
FILLER = " \t|｜·•/,，、;；-–—()[]（）`"
_LINK_LINE_FILLER = re.compile(r"^[\s|｜·•/,，、;；\-–—()\[\]（）]*$")
_DATE_LABEL = re.compile(r"(?<=[\s|｜·•])[^\s|｜·•:：]{1,12}[ \t]*[:：][ \t]*$")


def strip_inlines(nodes: Inlines, chars: str | None = None) -> Inlines:
    """Strip white space (or ``chars``) from the start of the first and end of the last text node,
    and drop line breaks at either end."""
    nodes = lstrip_inlines(nodes, chars)
    while nodes and (
        isinstance(nodes[-1], LineBreak) or (isinstance(nodes[-1], Text) and not nodes[-1].text.rstrip(chars))
    ):
        nodes = nodes[:-1]
    if nodes and isinstance(nodes[-1], Text):
        nodes = (*nodes[:-1], Text(nodes[-1].text.rstrip(chars), nodes[-1].lang))
    return nodes


def lstrip_inlines(nodes: Inlines, chars: str | None = None) -> Inlines:
    while nodes:
        first = nodes[0]
        if isinstance(first, LineBreak):
            nodes = nodes[1:]
            continue
        if isinstance(first, Text):
            text = first.text.lstrip(chars)
            if text:
                return (Text(text, first.lang), *nodes[1:])
            nodes = nodes[1:]
            continue
        return nodes
    return nodes


def unwrap_strong(nodes: Inlines) -> Inlines:
    """``**Headline**`` as a whole heading is just the headline."""
    stripped = strip_inlines(nodes)
    if len(stripped) == 1 and isinstance(stripped[0], Strong):
        return strip_inlines(stripped[0].children)
    return stripped


def is_blank(node: Inline) -> bool:
    return isinstance(node, Text) and not node.text.strip()


def split_label(
    nodes: Inlines, *, max_length: int = 40, bare: bool = False
) -> tuple[Inlines, Inlines] | None:
    """Split ``**Label**：text``, ``**Label：**text``, ``**Label** — text`` (and, with ``bare``,
    ``**Label** text``) into label and text. None when the inlines do not open with such a label.

    A bold run followed by a line break (the text on the next line) is a label too.
    """
    nodes = lstrip_inlines(nodes)
    if not nodes or not isinstance(nodes[0], Strong):
        return None
    label = strip_inlines(nodes[0].children)
    label_text = plain(label).strip()
    if not label_text or len(label_text) > max_length:
        return None
    rest = nodes[1:]
    if label_text.endswith(tuple(COLONS)):
        return strip_inlines(label, COLONS + " "), lstrip_inlines(rest)
    if not rest:
        return label, ()
    if isinstance(rest[0], LineBreak):
        return label, lstrip_inlines(rest[1:])
    if isinstance(rest[0], Text):
        separator = _LABEL_SEPARATOR.match(rest[0].text)
        if separator:
            return label, lstrip_inlines((Text(rest[0].text[separator.end() :]), *rest[1:]))
        if bare and rest[0].text[:1].isspace():
            return label, lstrip_inlines(rest)
    return None


def is_link_line(paragraph: Paragraph, *, allow_label: bool = False, related_label: bool = False) -> bool:
    """A paragraph of links only (plus separators, dates and, with ``allow_label``, one short
    leading label such as ``Source:`` and a date's label; with ``related_label``, a leading label
    such as ``Related:`` or ``相关链接：``): a source line or a related-links line."""

    def leading_label(label: str) -> bool:  # with a colon or without ("来源：", "Via ", "原文 👉 ")
        return (allow_label and names_a_source(label)) or (related_label and names_related_links(label))

    links = 0
    for position, node in enumerate(paragraph.children):
        if link_of(node) is not None:
            links += 1
        elif isinstance(node, Code):
            if not dates.find_date(node.text):
                return False
        elif isinstance(node, Text):
            rest = node.text
            if position >= 1 and isinstance(paragraph.children[position - 1], Strong):
                # "**Source**: [x](…)", "| **Date**: 2026-01-05" (a dash is filler)
                rest = rest.lstrip().removeprefix(":").removeprefix("：")
            found = dates.find_date(rest)
            if found:  # the date, and a short label right before it ("| 发布时间：2026-01-05")
                before, after = _DATE_LABEL.sub("", rest[: found.span[0]]), rest[found.span[1] :]
                label = before.strip(FILLER)
                if position == 0 and allow_label and label and names_a_date(label) and names_a_source(after):
                    before = ""  # "发布于 2026-01-05 · 来源：[…](…)": its date first, then the source's label
                rest = before + after
            if _LINK_LINE_FILLER.match(rest) or (position == 0 and symbols_only(rest)):
                continue
            if position == 0 and leading_label(rest):
                continue
            return False
        elif isinstance(node, Strong) and (allow_label or related_label):
            label = plain(node).strip()
            following = paragraph.children[position + 1] if len(paragraph.children) > position + 1 else None
            colon = label.endswith(tuple(COLONS)) or (  # "**Source**: [x](…)", "**Source** — [x](…)"
                isinstance(following, Text) and following.text.lstrip().startswith((*COLONS, "—", "–", "-"))
            )
            # the source's label leads the line; a date's label may follow ("| **日期**：2026-01-05")
            named = leading_label(label) if position == 0 else allow_label and names_a_date(label)
            dated = position == 0 or (isinstance(following, Text) and dates.find_date(following.text))
            if not colon or len(label) > 20 or not named or not dated:
                return False
        elif not isinstance(node, LineBreak):
            return False
    return links > 0


def link_of(node: Inline) -> Link | None:
    """The link ``node`` is: a link, or emphasis or bold around a link alone (``*[Read](…)*``)."""
    if isinstance(node, Link):
        return node
    if isinstance(node, Strong | Emphasis):
        inner = [child for child in node.children if not is_blank(child)]
        if len(inner) == 1 and isinstance(inner[0], Link):
            return inner[0]
    return None


def symbols_only(text: str) -> bool:
    """Emoji or symbols before a source line's link: ``🔗 [阅读原文](…)``."""
    return bool(text.strip()) and all(
        unicodedata.category(char) in ("So", "Sk", "Zs") or char in "\ufe0f\u200d" for char in text.strip()
    )


def date_only(paragraph: Paragraph) -> bool:
    """A paragraph that holds nothing but a date (``[2026-01-14]``, `` `[2026-01-14]` ``)."""
    text = plain(paragraph.children)
    found = dates.find_date(text)
    if not found or not all(isinstance(node, Text | Code) for node in paragraph.children):
        return False
    rest = text[: found.span[0]] + text[found.span[1] :]
    return bool(_LINK_LINE_FILLER.match(rest))


def source_without_link(paragraph: Paragraph) -> tuple[str, dt.date] | None:
    """A source line with a date but no usable link: ``Source: Reuters · 2026-01-06``, or a
    ``[Read](javascript:…) `[2026-01-06]` `` whose link was dropped. Returns (source name, date);
    the name is short text (a label such as ``Source:`` and separators removed)."""
    if not all(isinstance(node, Text | Code | Strong) for node in paragraph.children):
        return None
    text = plain(paragraph.children)
    found = dates.find_date(text)
    if not found:
        return None
    before, after = text[: found.span[0]], text[found.span[1] :]
    rest = (before + " " + after).strip()
    label = re.match(r"^\s*[^\s:：]{1,16}(?:\s[^\s:：]{1,16}){0,2}\s*[:：]", rest)  # "Source:"
    name = rest[label.end() :] if label else rest
    name = name.strip(FILLER)
    # A name: short, a few words, no sentence end and no label of its own ("Price: $20/month"),
    # said to be the source ("Source: …", "[Read](…)") or set apart from the date ("Reuters ·
    # 2026-01-06"): "Updated 2026-01-06" or "截至 2026-01-05 下载量破百万" are text.
    if not name or symbols_only(name):  # a date alone: "Date: 2026-01-08", "日期：…", "📅 2026-01-05"
        # not "Deadline: …"
        return ("", found.start) if names_a_date(label.group() if label else "") else None
    named = bool(label and names_a_source(label.group())) or names_a_source(name)
    one_side = not (before.strip(" \t|｜·•/-–—([（`") and after.strip(" \t|｜·•/-–—)]）`"))
    # "Reuters · 2026-01-06", "2026-01-06 | Reuters"; a comma only after a name ("Reuters, 2026-01-06")
    apart = one_side and bool(
        re.search(r"[|｜·•/—–]|\s-\s", before[-4:] + after[:4]) or re.search(r"[,，]\s*$", before)
    )
    if (
        len(name) > _SOURCE_NAME_LENGTH
        or len(name.split()) > 5
        or re.search(r"[。！？.!?，,]|[:：]", name)
        or "\n" in name
        or not (named or apart)
    ):
        return None
    return name, found.start


_SOURCE_NAME_LENGTH = 40


def date_in(paragraph: Paragraph) -> dt.date | None:
    for node in paragraph.children:
        if isinstance(node, Code | Text):
            found = dates.parse_date(node.text)
            if found:
                return found
    return None
