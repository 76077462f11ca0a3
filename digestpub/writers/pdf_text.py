"""The PDF's text layer: each glyph gets the text it was drawn for in its font's ToUnicode map, and
each line of text whose glyphs do not give it back in order says what it reads as.

WeasyPrint embeds our subset fonts whole and maps their glyphs to text through each font's cmap
alone, so a glyph that stands for several characters — a ligature ("fi"), an emoji sequence (a
flag, a family), a joined Arabic form — maps to nothing, and copy, search and screen readers lose
that text. :func:`text_of_drawn_glyphs` is a WeasyPrint finisher that puts what WeasyPrint recorded
as drawn into the map, as WeasyPrint does itself when it subsets, with the fonts' substitutions and
the page's emoji sequences for glyphs it recorded nothing (or too much) for.

Glyphs alone still read wrongly where shaping moved them: a Thai vowel or tone mark set above its
consonant is extracted on a line of its own, a Bengali or Devanagari vowel drawn before its
consonant comes first, Thai "ำ" comes out as its two drawn parts. :func:`actual_text_for_shaped_lines`
gives each such line its text as ``ActualText`` (ISO 32000-1, 14.9.4), which copy, search and
screen readers use instead of the glyphs; lines without marks (Chinese, English) are left as they
are, so their files do not grow.
"""

from __future__ import annotations

import contextlib
import io
import re
import unicodedata
from collections.abc import Iterator
from contextvars import ContextVar
from typing import Any

from ..fonts import SPLIT_VOWELS
from .pdf_engine import referenced

# Whether WeasyPrint draws inside actual_text_for_shaped_lines().
_giving_actual_text: ContextVar[bool] = ContextVar("giving_actual_text", default=False)
# Characters the shaper draws as two parts (fonts.SPLIT_VOWELS): Thai and Lao "am" (a nikhahit and a
# sara aa), which are not marks themselves, and the Khmer split vowels, which are.
_DRAWN_AS_TWO = frozenset(chr(point) for point in SPLIT_VOWELS)
# Marks that belong to emoji, whose text the ToUnicode map gives already: variation selectors (an
# emoji's U+FE0F) and the keycap's enclosing mark (1️⃣).
_EMOJI_MARKS = re.compile("[\u20e3\ufe00-\ufe0f\U000e0100-\U000e01ef]")
_SOFT_HYPHEN = "\u00ad"  # invisible inside a line: not part of what it reads


@contextlib.contextmanager
def actual_text_for_shaped_lines() -> Iterator[None]:
    """While WeasyPrint draws in this context, each piece of text with marks (vowel signs, tone
    marks, viramas) or "ำ" is drawn in a marked-content sequence that carries its text as
    ``ActualText``.

    Right-to-left text is left out: poppler reads an ``ActualText`` in the order the glyphs are
    drawn, and would extract an Arabic line backwards. The price: poppler takes a piece with an
    ``ActualText`` as one word (WeasyPrint draws each line of an inline box as one piece), so
    double-clicking a word selects its line."""
    _install_actual_text()
    token = _giving_actual_text.set(True)
    try:
        yield
    finally:
        _giving_actual_text.reset(token)


def _install_actual_text() -> None:
    """Wrap WeasyPrint's ``draw_text`` (called for each text box, inside the marked content that
    tags it) once; the wrapper does nothing outside :func:`actual_text_for_shaped_lines`. A
    WeasyPrint without it (its tests fail then) draws as it comes."""
    import pydyf
    from weasyprint import draw

    draw_text = getattr(draw, "draw_text", None)
    if draw_text is None or getattr(draw_text, "with_actual_text", False):
        return

    def draw_text_with_actual_text(stream: Any, textbox: Any, *rest: Any, **options: Any) -> Any:
        # The layout's text is what is drawn: the box's, and the hyphen of a line broken at a soft hyphen.
        text = getattr(textbox.pango_layout, "text", None) or textbox.text
        if not _giving_actual_text.get() or not _reads_otherwise(text):
            return draw_text(stream, textbox, *rest, **options)
        # A sequence of its own inside the one that tags the text (not an entry of that one's
        # properties): a running header's tag becomes an artifact's, and keeps it.
        actual = pydyf.String(text.replace(_SOFT_HYPHEN, ""))
        stream.begin_marked_content("Span", pydyf.Dictionary({"ActualText": actual}))
        try:
            return draw_text(stream, textbox, *rest, **options)
        finally:
            stream.end_marked_content()

    draw_text_with_actual_text.with_actual_text = True  # type: ignore[attr-defined]
    draw.draw_text = draw_text_with_actual_text


# Runs of characters that are never marks, drawn as two glyphs or written right to left: ASCII and
# Latin, punctuation and symbols, CJK (without the ideographic tone marks and kana voicing marks),
# Hangul syllables, full-width forms. Most text is checked without looking each character up.
_PLAIN = re.compile(
    "[\x00-\u02ff\u2000-\u200e\u2010-\u20cf\u2100-\u2bff\u3000-\u3029\u3030-\u3098\u309b-\u9fff"
    "\uac00-\ud7a3\uff00-\uffef]+"
)


def _reads_otherwise(text: str) -> bool:
    """Whether the glyphs of ``text`` may extract other than it reads: it has marks (other than an
    emoji's) or a character drawn as two glyphs, and nothing written right to left."""
    shaped = False
    for char in _EMOJI_MARKS.sub("", _PLAIN.sub("", text)):
        if unicodedata.bidirectional(char) in ("R", "AL"):
            return False
        shaped = shaped or char in _DRAWN_AS_TWO or unicodedata.category(char).startswith("M")
    return shaped


def text_of_drawn_glyphs(document: Any, pdf: Any, emoji: dict[str, bytes], sequences: frozenset[str]) -> None:
    """Give every glyph the text it was drawn for in its font's ToUnicode map (a WeasyPrint finisher;
    ``emoji``: the colour subsets by family name, ``sequences``: the page's emoji sequences).

    WeasyPrint records what each glyph was drawn for; this puts it in the map. A glyph with a
    character of its own keeps it; one the font put in place of others (a width variant of "ि", a
    reph) gets the characters it was made from; emoji sequences are named by shaping them with the
    colour subset.
    """
    drawn: dict[bytes, dict[int, str]] = {}
    files: dict[bytes, bytes] = {}
    for font in document.fonts.values():
        glyphs = drawn.setdefault(font.name, {})
        glyphs.update(font.to_unicode)
        subset = next(
            (data for name, data in emoji.items() if name.replace(" ", "-").encode() in font.name), None
        )
        if subset is None:  # a colour font's sequences are named below, by shaping them
            files[font.name] = font.file_content
        for glyph, text in _emoji_glyphs(subset, sequences).items():
            if not glyphs.get(glyph):  # WeasyPrint records "" for sequences with U+FE0F inside
                glyphs[glyph] = text
    for pdf_object in pdf.objects:
        if not isinstance(pdf_object, dict) or pdf_object.get("Type") != "/Font":
            continue
        font_glyphs = drawn.get(pdf_object.get("BaseFont", b""))
        reference = pdf_object.get("ToUnicode")
        if not font_glyphs or not reference:
            continue
        stream = referenced(pdf.objects, reference)
        start = stream.stream.index(b"endcodespacerange") + 1
        mapping = {}  # from the font's cmap: one character per glyph (the lowest code point)
        for line in stream.stream[start:]:
            found = _BFCHAR.fullmatch(line)
            if found:
                mapping[int(found.group(1), 16)] = found.group(2).decode("ascii")
        # A glyph the cmap has no character for, drawn with no text (inside a cluster) or for a
        # cluster with marks (a conjunct's reph stands for "र्", not the cluster "र्म"), gets the
        # characters the font's substitutions made it from.
        font_file = files.get(pdf_object.get("BaseFont", b""))
        derivable = {glyph for glyph, text in font_glyphs.items() if glyph not in mapping and _shaped(text)}
        derived = _characters_of_substitutes(font_file, derivable) if font_file and derivable else {}
        for glyph, text in font_glyphs.items():
            # Otherwise the drawn text is given to a glyph the cmap has no character for (a
            # ligature, an emoji sequence, a joined form) or only a presentation form ("ﬁ").
            # A glyph with a character of its own keeps it: in a cluster of several glyphs
            # (Bengali "রে": the vowel drawn before the consonant) each glyph is given the whole
            # cluster, which would repeat it; and "·", "•" and "・" share one glyph in CJK fonts.
            own = mapping.get(glyph)
            text = derived.get(glyph, text)
            if (
                text
                and len(text) <= MAX_CLUSTER
                and (own is None or (len(text) > 1 and _presentation_form(own)))
            ):
                mapping[glyph] = text.encode("utf-16-be").hex()
        entries = sorted(mapping.items())
        body = []
        for first in range(0, len(entries), 100):  # at most 100 entries per bfchar block
            batch = entries[first : first + 100]
            body.append(f"{len(batch)} beginbfchar".encode())
            body.extend(f"<{glyph:04x}> <{text}>".encode() for glyph, text in batch)
            body.append(b"endbfchar")
        stream.stream = (
            stream.stream[:start]
            + body
            + [b"endcmap", b"CMapName currentdict /CMap defineresource pop", b"end", b"end"]
        )


def _shaped(text: str) -> bool:
    """Whether a glyph drawn for ``text`` may stand for only part of it: no text (inside a cluster),
    or a cluster with marks (vowel signs, viramas)."""
    return not text or any(unicodedata.category(char).startswith("M") for char in text)


def _characters_of_substitutes(font_file: bytes, glyphs: set[int]) -> dict[int, str]:
    """The characters each of ``glyphs`` was made from by the font's substitutions: back through
    one-for-one substitutions (a Thai tone mark moved aside over "ำ"; Devanagari "ि" and its
    width variants) and ligatures (the reph of "र्" over the next letter) to glyphs the cmap
    names. Such glyphs have no character in the cmap, and WeasyPrint records their cluster's
    text, or none."""
    from fontTools.ttLib import TTFont

    try:
        font = TTFont(io.BytesIO(font_file), lazy=True)
        if "GSUB" not in font or not font["GSUB"].table.LookupList:
            return {}
        order = font.getGlyphOrder()
        char_of = {name: chr(point) for point, name in sorted(font.getBestCmap().items(), reverse=True)}
        made_of: dict[str, list[str]] = {}  # target glyph → the glyphs it replaces
        for lookup in font["GSUB"].table.LookupList.Lookup:
            for table in lookup.SubTable:
                table = getattr(table, "ExtSubTable", table)  # an extension lookup holds the real one
                for source, target in (getattr(table, "mapping", None) or {}).items():
                    if isinstance(target, str):  # one for one (a multiple substitution gives a list)
                        made_of.setdefault(target, [source])
                for first, ligatures in (getattr(table, "ligatures", None) or {}).items():
                    for ligature in ligatures:
                        made_of.setdefault(ligature.LigGlyph, [first, *ligature.Component])

        def text_of(name: str, depth: int = 0) -> str | None:
            if name in char_of:
                return char_of[name]
            parts = made_of.get(name)
            if parts is None or depth > 8:
                return None
            texts = [text_of(part, depth + 1) for part in parts]
            return None if None in texts else "".join(t for t in texts if t is not None)

        found = {glyph: text_of(order[glyph]) for glyph in glyphs if glyph < len(order)}
        return {glyph: text for glyph, text in found.items() if text}
    except Exception:  # an unreadable table: those glyphs keep what WeasyPrint recorded
        return {}


def _emoji_glyphs(font_file: bytes | None, sequences: frozenset[str]) -> dict[int, str]:
    """The glyph each emoji sequence of the page shapes to in our colour subset (WeasyPrint keeps
    its glyph ids), when the sequence is one cluster."""
    import uharfbuzz as hb

    if not font_file or not sequences:
        return {}
    font = hb.Font(hb.Face(hb.Blob(font_file)))
    glyphs: dict[int, str] = {}
    for sequence in sorted(sequences):
        buffer = hb.Buffer()
        buffer.add_str(sequence)
        buffer.guess_segment_properties()
        hb.shape(font, buffer)
        infos = buffer.glyph_infos
        # One cluster: the sequence's glyph first (a blank glyph for U+FE0F may follow it).
        if infos and infos[0].codepoint and all(info.cluster == infos[0].cluster for info in infos):
            glyphs.setdefault(infos[0].codepoint, sequence)
    return glyphs


MAX_CLUSTER = 16
# Ligatures and contextual forms Unicode encodes for compatibility only: Latin "ﬁ", Arabic forms.
_PRESENTATION_FORMS = ((0xFB00, 0xFDFF), (0xFE70, 0xFEFF))


def _presentation_form(utf16_hex: str) -> bool:
    """Whether a ToUnicode entry (UTF-16BE hex) is a single presentation-form character."""
    point = int(utf16_hex, 16) if len(utf16_hex) == 4 else -1
    return any(low <= point <= high for low, high in _PRESENTATION_FORMS)


_BFCHAR = re.compile(rb"<([0-9a-f]{4})> <([0-9a-f]+)>")
