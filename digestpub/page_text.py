"""Which characters a rendered page draws, and in what context: the input of the font plan.

For each piece of text: its role (body, heading, code), its language (the nearest ``lang``), whether
the stylesheet makes it bold or italic (``font-weight`` and ``font-style`` rules matched with
cssselect2, plus the browser's defaults), and the item it sits in (for messages). Emoji sequences
are found too, so a sequence can be given whole to a colour font. Text the stylesheet or the
renderer adds (bullets, page numbers, hyphens, ``content:`` strings) counts as well.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import lxml.html

_HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_CODE_TAGS = frozenset({"code", "pre", "kbd", "samp", "tt"})
_UA_BOLD_TAGS = frozenset({"b", "strong", "th", "dt", *_HEADING_TAGS})
_UA_ITALIC_TAGS = frozenset({"em", "i", "cite", "var", "dfn", "address"})
# Text the stylesheet or the renderer adds: list bullets, counters, page numbers, leaders.
GENERATED_TEXT = " •◦▪–—‐-…/.:0123456789()"


@dataclass(frozen=True, slots=True)
class Context:
    role: str
    lang: str
    bold: bool
    italic: bool = False


# Emoji drawn as emoji by default (Emoji_Presentation=Yes), and the symbols that are emoji only when
# a variation selector (U+FE0F) asks for it: "☀️" is an emoji, "☀" and the list bullet "▪" are text.
_EMOJI_BY_DEFAULT = (
    "\u231a\u231b\u23e9-\u23ec\u23f0\u23f3\u25fd\u25fe\u2614\u2615\u2648-\u2653\u267f\u2693\u26a1"
    "\u26aa\u26ab\u26bd\u26be\u26c4\u26c5\u26ce\u26d4\u26ea\u26f2\u26f3\u26f5\u26fa\u26fd\u2705"
    "\u270a\u270b\u2728\u274c\u274e\u2753-\u2755\u2757\u2795-\u2797\u27b0\u27bf\u2b1b\u2b1c"
    "\u2b50\u2b55\U0001f000-\U0001faff"
)
_EMOJI_BY_REQUEST = (
    "\u00a9\u00ae\u203c\u2049\u2122\u2139\u2194-\u2199\u21a9\u21aa\u2328\u23cf\u23ed-\u23ef"
    "\u23f1\u23f2\u23f8-\u23fa\u24c2\u25aa\u25ab\u25b6\u25c0\u25fb\u25fc\u2600-\u27bf\u2934"
    "\u2935\u2b05-\u2b07\u3030\u303d\u3297\u3299"
)
_EMOJI_UNIT = f"(?:[{_EMOJI_BY_DEFAULT}]|[{_EMOJI_BY_REQUEST}]\ufe0f)[\ufe0f\U0001f3fb-\U0001f3ff\U000e0020-\U000e007f]*"
_EMOJI_SEQUENCE = re.compile(
    "[0-9#*]\ufe0f?\u20e3"  # keycaps
    "|[\U0001f1e6-\U0001f1ff]{2}"  # flags
    f"|{_EMOJI_UNIT}(?:\u200d(?:{_EMOJI_UNIT}|[{_EMOJI_BY_REQUEST}]))*"
)


# What CSS collapses, and the line and paragraph separators: line breaks, never a glyph of their
# own. Other spaces (U+3000, U+00A0 …) are drawn with the font's glyph, and are checked like any
# character (U+3000 used to fall back to a plain space, and extract as one).
_CSS_WHITESPACE = frozenset("\t\n\r\f\u2028\u2029")

# Default-ignorable code points (variation selectors, joiners, tags): no font needs to draw them.
DEFAULT_IGNORABLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
    "\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\U0001bca0-\U0001bca3\U000e0000-\U000e0fff]"
)


def without_emoji(text: str) -> str:
    """``text`` with its emoji (whole sequences) left out."""
    return _EMOJI_SEQUENCE.sub("", text)


def emoji_sequences(text: str) -> Iterator[str]:
    """The emoji (with their joiners, variation selectors, skin tones and keycaps) in ``text``."""
    for match in _EMOJI_SEQUENCE.finditer(text):
        yield match.group()


def _font_styles(
    root: lxml.html.HtmlElement, rules: list[Any]
) -> tuple[set[lxml.html.HtmlElement], set[lxml.html.HtmlElement]]:
    """The elements the stylesheet (plus the browser defaults) makes bold, and those it makes
    italic, inheritance applied.

    One pass over the tree with a cssselect2 matcher; when several rules set the weight (or the
    style) of an element, the cascade decides: ``!important`` first, then specificity, then the
    later rule.
    """
    import cssselect2

    matcher = cssselect2.Matcher()
    for rule in _style_rules(rules):
        declared = _font_declarations(rule.content)
        if not declared:
            continue
        try:
            selectors = cssselect2.compile_selector_list(rule.prelude)
        except Exception:  # a selector cssselect2 cannot read (e.g. :focus-visible): not for print
            continue
        for selector in selectors:
            if selector.pseudo_element is None:  # ::before/::after text is counted in both weights
                matcher.add_selector(selector, declared)
    bold_elements: set[lxml.html.HtmlElement] = set()
    italic_elements: set[lxml.html.HtmlElement] = set()

    def cascade(matches: list[Any], prop: str, inherited: bool) -> bool:
        declarations = [
            (match[3][prop][1], match[0], match[1], match[3][prop][0])
            for match in matches
            if prop in match[3]
        ]
        return max(declarations)[3] if declarations else inherited

    def walk(wrapper: cssselect2.ElementWrapper, bold: bool, italic: bool) -> None:
        element = wrapper.etree_element
        tag = element.tag if isinstance(element.tag, str) else ""
        bold = bold or tag in _UA_BOLD_TAGS
        italic = italic or tag in _UA_ITALIC_TAGS
        matches = matcher.match(wrapper)
        if matches:
            bold = cascade(matches, "bold", bold)
            italic = cascade(matches, "italic", italic)
        if bold:
            bold_elements.add(element)
        if italic:
            italic_elements.add(element)
        for child in wrapper.iter_children():
            walk(child, bold, italic)

    walk(cssselect2.ElementWrapper.from_html_root(root), False, False)
    return bold_elements, italic_elements


def _style_rules(rules: Iterable[Any]) -> Iterator[Any]:
    """Qualified rules, including those inside ``@media print``/``@media all`` blocks."""
    import tinycss2

    for rule in rules:
        if rule.type == "qualified-rule":
            yield rule
        elif rule.type == "at-rule" and rule.lower_at_keyword == "media" and rule.content:
            query = tinycss2.serialize(rule.prelude).strip().lower()
            if query in ("print", "all") or query.startswith(("print ", "all ")):
                yield from _style_rules(
                    tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True)
                )


def _font_declarations(content: object) -> dict[str, tuple[bool, bool]]:
    """What a rule's declarations say of the weight and the slant: ``{"bold": (on, important),
    "italic": (on, important)}`` from the last ``font-weight``, ``font-style`` or ``font``."""
    import tinycss2

    result: dict[str, tuple[bool, bool]] = {}
    for declaration in tinycss2.parse_blocks_contents(content, skip_comments=True, skip_whitespace=True):
        name = getattr(declaration, "lower_name", "")
        if getattr(declaration, "type", "") != "declaration" or name not in (
            "font-weight",
            "font-style",
            "font",
        ):
            continue
        value = tinycss2.serialize(declaration.value).strip().lower()
        important = bool(declaration.important)
        if name == "font":  # the shorthand resets what it does not say to normal
            result["bold"] = (bool(re.search(r"\b(bold|bolder|[6-9]00)\b", value)), important)
            result["italic"] = (bool(re.search(r"\b(italic|oblique)\b", value)), important)
        elif name == "font-style":
            if value.startswith(("italic", "oblique")) or value == "normal":
                result["italic"] = (value != "normal", important)
        elif value in ("bold", "bolder") or (value.isdigit() and int(value) >= 600):
            result["bold"] = (True, important)
        elif value in ("normal", "lighter") or (value.isdigit() and int(value) < 600):
            result["bold"] = (False, important)
    return result


@dataclass
class PageText:
    """The characters of a page by the context they are drawn in, and where each first appears."""

    by_context: dict[Context, set[str]] = field(default_factory=dict)
    where: dict[str, str] = field(default_factory=dict)
    emoji_sequences: set[str] = field(default_factory=set)

    @cached_property
    def emoji(self) -> frozenset[str]:
        """The characters that are part of emoji sequences (read once the page is collected)."""
        return frozenset("".join(self.emoji_sequences))


def page_text(html: str, css: str, language: str) -> PageText:
    """Collect the page's characters by role, language, weight and slant (``css`` decides what is
    bold and what is italic)."""
    root = lxml.html.document_fromstring(html)
    import tinycss2

    rules = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
    bold, italic = _font_styles(root, rules)
    text = PageText()

    def add(content: str | None, context: Context, where: str) -> None:
        if not content:
            return
        chars = text.by_context.setdefault(context, set())
        text.emoji_sequences.update(emoji_sequences(content))
        for char in content:
            if char in _CSS_WHITESPACE:  # a line break or a tab is laid out as a space, or as nothing
                continue
            chars.add(char)
            text.where.setdefault(char, where)

    def walk(element: lxml.html.HtmlElement, role: str, lang: str, where: str) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag in ("style", "script", "head", "title"):
            return
        lang = element.get("lang") or lang
        if tag in _CODE_TAGS:
            role = "code"
        elif tag in _HEADING_TAGS and role != "code":
            role = "heading"
        classes = (element.get("class") or "").split()
        if "digest-title" in classes:
            where = "the title"
        elif "highlights" in classes:
            where = "the overview"
        elif "further-reading" in classes:
            where = "further reading"
        if tag == "article" and element.get("id"):
            heading = element.find(".//h3")
            where = (
                f"item {heading.text_content().strip()!r}"
                if heading is not None
                else f"item {element.get('id')}"
            )
        context = Context(role, lang, element in bold, element in italic)
        header = element.get("data-running-head")  # the page header shows it, in the page's language
        if header:
            add(header, Context("body", page_language, False, False), where)
        add(element.text, context, where)
        for child in element:
            if isinstance(child.tag, str):
                walk(child, role, lang, where)
            add(child.tail, context, where)

    page_language = root.get("lang") or language
    body = root.find("body")
    walk(body if body is not None else root, "body", page_language, "the page")
    # Generated content: bullets, numbers, page numbers, and every string the stylesheet adds — in
    # every language of the page (a contents entry in English in a Chinese digest has its page number).
    generated = GENERATED_TEXT + _generated_strings(rules) + _counter_symbols(css)
    languages = {root.get("lang") or language} | {context.lang for context in text.by_context}
    roles = {"body"} | {context.role for context in text.by_context}  # a heading's ::after too
    for role in sorted(roles):
        for lang in sorted(languages):
            for bold_state in (False, True):
                add(generated, Context(role, lang, bold_state), "the page furniture")
    return text


# The symbols of the counter styles a stylesheet may number with (``counter(page, upper-roman)``,
# ``list-style-type: lower-alpha``), beyond the digits of GENERATED_TEXT.
_COUNTER_SYMBOLS = {
    "upper-roman": "IVXLCDM",
    "lower-roman": "ivxlcdm",
    "upper-alpha": "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "upper-latin": "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "lower-alpha": "abcdefghijklmnopqrstuvwxyz",
    "lower-latin": "abcdefghijklmnopqrstuvwxyz",
    "lower-greek": "αβγδεζηθικλμνξοπρστυφχψω",
    "cjk-decimal": "〇一二三四五六七八九",
    "cjk-ideographic": "零一二三四五六七八九十百千万",
    "simp-chinese-informal": "零一二三四五六七八九十百千万",
    "trad-chinese-informal": "零一二三四五六七八九十百千萬",
    "japanese-informal": "〇一二三四五六七八九十百千万",
    "korean-hangul-formal": "영일이삼사오육칠팔구십백천만",
    "circle": "◦",
    "disc": "•",
    "square": "▪",
}


def _counter_symbols(css: str) -> str:
    """The symbols of every counter style the stylesheet names."""
    lowered = css.lower()
    return "".join(symbols for name, symbols in _COUNTER_SYMBOLS.items() if name in lowered)


def _generated_strings(stylesheet: list[Any]) -> str:
    """Every string the stylesheet's ``content`` declarations write, escapes decoded (``" ("``,
    ``" pages)"`` of ``content: " (" counter(pages) " pages)"``), in rules, ``@media`` blocks, page
    rules and their margin boxes."""
    import tinycss2

    strings: list[str] = []

    def declarations(content: object) -> None:
        for item in tinycss2.parse_blocks_contents(content, skip_comments=True, skip_whitespace=True):
            if getattr(item, "type", "") == "declaration" and item.lower_name == "content":
                strings.extend(token.value for token in item.value if token.type == "string")
            elif getattr(item, "type", "") == "at-rule" and item.content:  # a margin box
                declarations(item.content)

    def rules(found: Iterable[Any]) -> None:
        for rule in found:
            if rule.type == "qualified-rule" or (rule.type == "at-rule" and rule.lower_at_keyword == "page"):
                if rule.content:
                    declarations(rule.content)
            elif rule.type == "at-rule" and rule.content and rule.lower_at_keyword in ("media", "supports"):
                rules(tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True))

    rules(stylesheet)
    return "".join(strings)
