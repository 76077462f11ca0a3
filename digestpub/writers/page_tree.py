"""The print page as the tree an HTML5 parser makes of it, built fast.

WeasyPrint parses its HTML with tinyhtml5, a faithful HTML5 parser written in Python: a quarter of
a second for a 100-item digest's page, before any layout. The page is ours (the HTML writer's
templates, the digest's text escaped), written as well-formed, properly nested HTML; for such a page
the HTML5 tree is the markup as written, give or take a few whitespace rules. :func:`parse_page`
reads that markup with a few regular expressions and builds the tree, in a seventh of the time.

It reads only the markup the writer writes: lower-case ASCII names, quoted attribute values, the
five escapes markupsafe makes (``&amp;`` …) and numeric references to printable characters,
``<!DOCTYPE html>`` and no comments. Anything else (other markup, an element it does not list, a
block inside a paragraph, a table row outside a table body, a misnested or missing end tag …) makes
it return ``None``, and the page is parsed by tinyhtml5 as usual: a theme or a plug-in may write any
HTML. tests/test_page_tree.py compares its trees with tinyhtml5's, node by node.
"""

from __future__ import annotations

import re
from xml.etree import ElementTree

# Text-level (phrasing) elements: <span>, <a>, <strong> …
_PHRASING = frozenset(
    "a abbr b bdi bdo br cite code data del dfn em i img ins kbd mark q s samp small span strong sub "
    "sup time u var wbr".split()
)
# Elements read here only with text and text-level elements inside: those, and paragraphs, headings
# and captions (a block inside a paragraph or a heading makes HTML5 close it; inside a <span> or an
# <a> HTML5 keeps it, but this module leaves that to HTML5 too).
_PHRASING_ONLY = _PHRASING | frozenset("p h1 h2 h3 h4 h5 h6 dt caption figcaption".split())
# Block-level elements, which HTML5 builds as they are written (in the places _check_place allows).
_FLOW = frozenset(
    "article aside blockquote dd div dl footer header li main nav ol section ul figure hr pre "
    "table thead tbody tfoot tr td th colgroup col".split()
)
_VOID = frozenset({"br", "col", "hr", "img", "meta", "wbr"})
_HEAD = frozenset({"meta", "title", "style"})
# In a table, each element may only hold these (what else, HTML5 moves or wraps); text must be
# white space (other text is moved out of the table).
_TABLE_CHILDREN = {
    "table": frozenset({"caption", "colgroup", "thead", "tbody", "tfoot"}),
    "colgroup": frozenset({"col"}),
    "thead": frozenset({"tr"}),
    "tbody": frozenset({"tr"}),
    "tfoot": frozenset({"tr"}),
    "tr": frozenset({"td", "th"}),
}
_TABLE_PARTS = frozenset().union(*_TABLE_CHILDREN.values())

_SPACE = " \t\n\f"  # HTML's white space (a carriage return is a line feed by then)
# A start tag, an end tag, or something else that starts with "<" (then the page is left to HTML5).
_TAG = re.compile(
    r"<(?:(?P<start>[a-z][a-z0-9]*)(?P<attributes>(?:[ \t\n\f]+[a-z][a-z0-9_.:-]*(?:=\"[^\"]*\"|='[^']*')?)*)"
    r"[ \t\n\f]*(?P<close>/?)>|/(?P<end>[a-z][a-z0-9]*)>)?"
)
_ATTRIBUTE = re.compile(r"[ \t\n\f]+([a-z][a-z0-9_.:-]*)(?:=\"([^\"]*)\"|='([^']*)')?")
_DOCTYPE = re.compile(r"<!doctype html>", re.IGNORECASE)
_NAMED = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}
# Every "&": with one of the references read here, or alone (then the page is left to HTML5).
_AMPERSAND = re.compile(r"&(?:(?:(amp|lt|gt|quot|apos)|#([0-9]{1,7})|#[xX]([0-9a-fA-F]{1,6}));)?")
# Characters HTML5 reads differently from the text as written (NUL, controls, noncharacters, lone
# surrogates): a page with any is left to it.
_ODD_CHARACTER = re.compile(
    "[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef\ud800-\udfff"
    + "".join(f"{chr(plane + 0xFFFE)}{chr(plane + 0xFFFF)}" for plane in range(0, 0x110000, 0x10000))
    + "]"
)


class _NotMirrored(Exception):
    """The page has something whose HTML5 tree this module does not mirror."""


def parse_page(page: str) -> ElementTree.Element | None:
    """The ``<html>`` element an HTML5 parser (tinyhtml5, no namespaces) makes of ``page``, or
    ``None`` where this parser cannot be sure it would make the same."""
    # HTML5 reads every line break as a line feed before anything else.
    page = page.replace("\r\n", "\n").replace("\r", "\n")
    if _ODD_CHARACTER.search(page):
        return None
    try:
        return _Builder().read(page)
    except _NotMirrored:
        return None


def _text(raw: str) -> str:
    """Text or an attribute value with its character references replaced."""
    return _AMPERSAND.sub(_reference, raw) if "&" in raw else raw


def _reference(found: re.Match[str]) -> str:
    name, decimal, hexadecimal = found.groups()
    if name:
        return _NAMED[name]
    if decimal is None and hexadecimal is None:
        raise _NotMirrored  # an "&" that is not one of the references read here
    code = int(decimal) if decimal else int(hexadecimal, 16)
    if code > 0x10FFFF or code in (0x0D, 0) or _ODD_CHARACTER.match(chr(code)):
        raise _NotMirrored  # HTML5 replaces these
    return chr(code)


class _Builder:
    def __init__(self) -> None:
        self._tree = ElementTree.TreeBuilder()
        self._open: list[str] = []  # the open elements' names, <html> first
        self._stage = "before html"  # → "before head" → "in head" → "after head" → "in body" → "after body"
        self._root: ElementTree.Element | None = None
        self._after_pre = False  # the token right after <pre>: a line feed there is dropped

    def read(self, page: str) -> ElementTree.Element:
        doctype = _DOCTYPE.match(page)
        position = doctype.end() if doctype else 0
        while True:
            found = page.find("<", position)
            if found < 0:
                self.text(page[position:])
                return self.result()
            if found > position:
                self.text(page[position:found])
            tag = _TAG.match(page, found)
            assert tag is not None  # the pattern's tags are optional: it matches any "<"
            if tag["start"]:
                name = tag["start"]
                attributes: dict[str, str] = {}
                for attribute in _ATTRIBUTE.finditer(tag["attributes"]):
                    value = attribute[2] if attribute[2] is not None else attribute[3] or ""
                    attributes.setdefault(attribute[1], _text(value))  # HTML5 keeps the first
                if tag["close"] and name not in _VOID:
                    raise _NotMirrored  # HTML5 ignores "/>" on any other element: it stays open
                self.start(name, attributes)
                position = tag.end()
                if name in ("title", "style"):  # their content is text, up to their end tag
                    close = page.find(f"</{name}>", position)
                    content = page[position:close]
                    if close < 0 or "</" in content or (name == "title" and "<" in content):
                        raise _NotMirrored
                    self._tree.data(content if name == "style" else _text(content))
                    self.end(name)
                    position = close + len(name) + 3
            elif tag["end"]:
                self.end(tag["end"])
                position = tag.end()
            else:  # a comment, a doctype elsewhere, "<" as text …
                raise _NotMirrored

    # --- the parser's steps: where HTML5 puts each token

    def start(self, tag: str, attributes: dict[str, str]) -> None:
        self._after_pre = False
        stage = self._stage
        if tag == "html" and stage == "before html":
            self._root = self._start(tag, attributes)
            self._stage = "before head"
        elif tag == "head" and stage == "before head":
            self._start(tag, attributes)
            self._stage = "in head"
        elif tag in _HEAD and stage == "in head":
            self._start(tag, attributes)
            if tag in _VOID:
                self._end(tag)
        elif tag == "body" and stage == "after head":
            self._start(tag, attributes)
            self._stage = "in body"
        elif stage == "in body" and tag not in ("html", "head", "body"):
            self._check_place(tag)
            self._start(tag, attributes)
            if tag in _VOID:
                self._end(tag)
            self._after_pre = tag == "pre"
        else:
            raise _NotMirrored

    def end(self, tag: str) -> None:
        self._after_pre = False
        stage = self._stage
        if tag == "head" and stage == "in head" and self._open[-1] == "head":
            self._end(tag)
            self._stage = "after head"
        elif tag in ("title", "style") and stage == "in head" and self._open[-1] == tag:
            self._end(tag)
        elif tag == "body" and stage == "in body" and self._open[-1] == "body":
            self._stage = "after body"  # HTML5 keeps <body> open: what follows goes into it
        elif tag == "html" and stage == "after body":
            pass
        elif stage == "in body" and len(self._open) > 2 and self._open[-1] == tag:  # an element in <body>
            self._end(tag)
        else:
            raise _NotMirrored

    def text(self, raw: str) -> None:
        data = _text(raw)
        if self._after_pre and data.startswith("\n"):  # written "\n" or "&#10;": HTML5 drops both
            data = data[1:]
        self._after_pre = False
        if not data:
            return
        stage = self._stage
        blank = not data.strip(_SPACE)
        if stage in ("before html", "before head"):
            if not blank:
                raise _NotMirrored
            return  # white space there is dropped
        if stage in ("in head", "after head", "after body") and not blank:
            raise _NotMirrored
        if self._open and self._open[-1] in _TABLE_CHILDREN and not blank:
            raise _NotMirrored
        self._tree.data(data)

    # --- the tree

    def result(self) -> ElementTree.Element:
        if self._stage != "after body" or self._root is None:
            raise _NotMirrored
        while self._open:
            self._end(self._open[-1])
        self._tree.close()
        return self._root

    def _start(self, tag: str, attributes: dict[str, str]) -> ElementTree.Element:
        self._open.append(tag)
        return self._tree.start(tag, attributes)

    def _end(self, tag: str) -> None:
        self._open.pop()
        self._tree.end(tag)

    def _check_place(self, tag: str) -> None:
        """Raise unless HTML5 would put ``tag`` where it stands, as the current element's child."""
        parent = self._open[-1]
        if tag not in _FLOW and tag not in _PHRASING_ONLY:
            raise _NotMirrored  # an element this module does not know
        if tag not in _PHRASING and any(name in _PHRASING_ONLY for name in self._open):
            raise _NotMirrored  # a block in a paragraph or heading: HTML5 closes the paragraph
        if parent in _TABLE_CHILDREN:
            if tag not in _TABLE_CHILDREN[parent]:
                raise _NotMirrored
        elif tag in _TABLE_PARTS and not (tag == "caption" and parent == "table"):
            raise _NotMirrored  # a table part outside its table: HTML5 drops or moves it
        if tag == "a" and "a" in self._open:
            raise _NotMirrored  # a link in a link: HTML5 closes the first
        if tag in ("li", "dd", "dt"):
            # HTML5 closes an open entry unless a list (or another element of its "special" kind,
            # but not <div>) stands between them.
            for name in reversed(self._open):
                if name in ("li", "dd", "dt"):
                    raise _NotMirrored
                if name not in ("div", "address", "p") and name not in _PHRASING:
                    break
