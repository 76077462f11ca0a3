"""Markdown → model blocks, with mistune 3 in AST mode. The only module of digestpub that sees mistune.

What it applies on the way:

* **safety** — raw HTML becomes visible text, HTML comments vanish, only http/https/mailto links
  (and images) stay links, control characters are dropped;
* **CJK** — a soft line break between two CJK characters is not a space, and ``**“引号”**`` /
  ``**概要：**正文`` are bold although CommonMark's flanking rules refuse them;
* **list labels** — in a list entry, a bold line followed by a line break (``**Label**`` then the
  text on the next, indented line) keeps that break, so the label can be told from the text.

Headings of every level come out as :class:`~digestpub.model.Heading`; the structure is recognised
afterwards, in :mod:`digestpub.reader.digest`.
"""

from __future__ import annotations

import html
import html.entities
import re
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any

import mistune

from .. import dates
from ..cjk import CJK_COMPATIBILITY_RE, join_soft_break
from ..model import (
    Block,
    Blocks,
    Code,
    CodeBlock,
    Emphasis,
    Heading,
    Image,
    Inline,
    Inlines,
    LineBreak,
    Link,
    ListBlock,
    ListItem,
    Paragraph,
    Quote,
    Strikethrough,
    Strong,
    Table,
    Text,
    plain,
)
from .shapes import strip_inlines

Token = dict[str, Any]

_MARKDOWN = mistune.create_markdown(
    renderer=None,
    plugins=[
        "strikethrough",
        "table",
        "mistune.plugins.table.table_in_list",  # a table inside a details entry
        "mistune.plugins.table.table_in_quote",  # … or a summary
        "url",
    ],
)
_CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_SAFE_URL = re.compile(r"^(?:https?://[^\s/?#]+|mailto:[^\s]+)", re.IGNORECASE)
_FRONT_MATTER = re.compile(
    r"\A---[ \t]*\n(?=[^\s:#-][^:\n]*:(?:[ \t]|\n))((?:.*\n){0,60}?)---[ \t]*(?:\n|\Z)"
)
_META_LINE = re.compile(r"^([^\s:#-][^:]*?)[ \t]*:(?:[ \t]+(.*?))?[ \t]*$")
_META_LIST_ENTRY = re.compile(r"^[ \t]*-[ \t]+(.+?)[ \t]*$")


def clean_source(text: str) -> str:
    """Drop a byte-order mark and control characters, turn CRLF/CR into LF, compose characters
    (:func:`composed`), and make an HTML comment that is never closed plain text (a browser would
    hide the rest of the file)."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    text = composed(_CONTROL_CHARACTERS.sub("", text))
    opened = text.rfind("<!--")
    if opened != -1 and text.find("-->", opened + 4) == -1:
        text = text[:opened] + "\\" + text[opened:]
    return text


def composed(text: str) -> str:
    """``text`` in Unicode's composed form (NFC): a letter typed as base + combining marks ("ê" + "̣")
    becomes the one character fonts, search and copy-paste expect ("ệ"). CJK compatibility
    ideographs stay as written: NFC would replace them with their unified twins, a different
    character to the author."""
    if unicodedata.is_normalized("NFC", text):
        return text
    parts = CJK_COMPATIBILITY_RE.split(text)  # the odd parts are the ideographs themselves
    return "".join(
        part if index % 2 else unicodedata.normalize("NFC", part) for index, part in enumerate(parts)
    )


def is_safe_url(url: str) -> bool:
    """True for the only URLs that become links: absolute http(s) with a host, and mailto."""
    return bool(_SAFE_URL.match(url.strip()))


def parse_blocks(text: str) -> tuple[dict[str, str], Blocks]:
    """Front matter (``key: value`` lines) and the document as model blocks."""
    meta, body = front_matter(clean_source(text))
    tokens = _MARKDOWN(body)
    assert isinstance(tokens, list)
    return meta, _Converter().blocks(tokens)


def front_matter(text: str) -> tuple[dict[str, str], str]:
    """Simple YAML front matter at the very top: ``key: value`` lines, and ``- entry`` lists
    (joined with commas) between ``---`` fences. A line YAML would not hold (a paragraph) means
    they are not front matter but rules around content, which stays."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    meta: dict[str, str] = {}
    key = None
    block_scalar = False  # "description: >" then indented lines
    lines = match.group(1).splitlines()
    for index, line in enumerate(lines):
        previous = lines[index - 1].strip() if index else ""
        following = lines[index + 1].strip() if index + 1 < len(lines) else ""
        if line.startswith("#") and not dates.find_date(line) and (previous or following):
            continue  # a comment among keys; "# AI 速报 (2026-01-05)", a dated title, is content
        entry = _META_LIST_ENTRY.match(line)
        if entry and key and not block_scalar and (previous or line[:1] in " \t"):  # "- entry" under its key
            value = entry.group(1).strip("\"'")
            meta[key] = f"{meta[key]}, {value}" if meta.get(key) else value
            continue
        if block_scalar and key and line[:1] in (" ", "\t"):
            meta[key] = f"{meta[key]} {line.strip()}".strip()
            continue
        found = _META_LINE.match(line)
        # YAML holds key lines, indented continuations or nested keys (and, checked above, list
        # entries and comments); anything else (a paragraph) means rules around content
        if line.strip() and not found and line[:1] not in " \t":
            return {}, text
        if found:
            key = found.group(1).lower()
            value = (found.group(2) or "").strip()
            block_scalar = value in (">", "|", ">-", "|-", ">+", "|+")
            if block_scalar:
                value = ""
            if value.startswith("[") and value.endswith("]"):
                value = ", ".join(
                    part.strip().strip("\"'") for part in value[1:-1].split(",") if part.strip()
                )
            meta[key] = value.strip("\"'")
    return meta, text[match.end() :]


class _SoftBreak:
    """Placeholder for a soft line break until its neighbours are known."""


_SOFT_BREAK = _SoftBreak()


class _Converter:
    def blocks(self, tokens: Iterable[Token], *, list_entry: bool = False) -> Blocks:
        result: list[Block] = []
        for token in tokens:
            block = self.block(token, label_line=list_entry and not result)
            if block is not None:
                result.append(block)
        return tuple(result)

    def block(self, token: Token, *, label_line: bool = False) -> Block | None:
        kind = token["type"]
        if kind in ("paragraph", "block_text"):
            inlines = strip_inlines(self.inlines(token.get("children", ()), label_line=label_line))
            return Paragraph(inlines) if inlines else None
        if kind == "heading":
            return Heading(token["attrs"]["level"], strip_inlines(self.inlines(token.get("children", ()))))
        if kind == "list":
            attrs = token.get("attrs", {})
            items = tuple(
                ListItem(self.blocks(child.get("children", ()), list_entry=True))
                for child in token["children"]
            )
            return ListBlock(items, ordered=bool(attrs.get("ordered")), start=int(attrs.get("start", 1)))
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

    def inlines(self, tokens: Iterable[Token], *, label_line: bool = False) -> Inlines:
        converted: list[Inline | _SoftBreak] = []
        for token in _pair_leftover_strong(list(tokens)):
            converted.extend(self.inline(token))
        return _resolve_soft_breaks(converted, label_line=label_line)

    def inline(self, token: Token) -> list[Inline | _SoftBreak]:
        kind = token["type"]
        children = token.get("children", ())
        if kind == "text":
            return [Text(decode_entities(token["raw"]))]
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


_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def decode_entities(text: str) -> str:
    """``AT&amp;T``, ``caf&eacute;``, ``&#x4e2d;`` → ``AT&T``, ``café``, ``中`` (CommonMark: only
    complete references with their semicolon; an unknown name stays as written)."""
    if "&" not in text:
        return text
    return _ENTITY.sub(_entity, text)


def _entity(match: re.Match[str]) -> str:
    reference = match.group()
    if reference[1] == "#":
        return html.unescape(reference)  # numeric; 0 and surrogates become U+FFFD
    return html.entities.html5.get(reference[1:], reference)


def _raw_html_block(raw: str) -> Paragraph | None:
    """Raw HTML is data: comments vanish, the rest is kept as literal text, line by line."""
    inlines: list[Inline] = []
    for line in _HTML_COMMENT.sub("", raw).strip("\n").split("\n"):
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
        before = _edge_text(result[-1]) if result else ""
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
    merged: list[Token] = []
    for token in result:
        if token["type"] == "text" and merged and merged[-1]["type"] == "text":
            merged[-1] = {"type": "text", "raw": merged[-1]["raw"] + token["raw"]}
        else:
            merged.append(token)
    return merged


def _edge_text(token: Token) -> str:
    """The last character a token shows (code, images and the like count as visible content)."""
    if token["type"] == "text":
        raw: str = token["raw"]
        return raw[-1:]
    children = token.get("children")
    return _edge_text(children[-1]) if children else "x"


def _resolve_soft_breaks(nodes: Sequence[Inline | _SoftBreak], *, label_line: bool = False) -> Inlines:
    """Turn soft breaks into a space or nothing (between CJK characters), and merge adjacent text.

    With ``label_line``, a break right after a leading bold label is kept as a line break.
    """
    result: list[Inline] = []
    pending: list[str] = []  # text waiting to be merged into one Text node
    last = ""  # the last character shown so far

    def flush() -> None:
        joined = "".join(pending)
        if joined:
            result.append(Text(joined))
        pending.clear()

    for index, node in enumerate(nodes):
        if isinstance(node, _SoftBreak):
            if (
                label_line
                and not "".join(pending).strip()
                and len(result) == 1
                and isinstance(result[0], Strong)
            ):
                pending.clear()
                result.append(LineBreak())
                continue
            following = nodes[index + 1] if index + 1 < len(nodes) else None
            next_text = (
                plain(following)[:1]
                if following is not None and not isinstance(following, _SoftBreak)
                else ""
            )
            joined = join_soft_break(last, next_text)
            pending.append(joined)
        elif isinstance(node, Text):
            pending.append(node.text)
        else:
            flush()
            result.append(node)
        shown = plain(node) if not isinstance(node, _SoftBreak) else pending[-1]
        last = shown[-1:] or last
    flush()
    return tuple(result)
