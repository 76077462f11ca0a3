"""The PDF writer: the HTML core in print, with subset fonts, rendered by WeasyPrint.

The page is the theme's ``page.html`` with ``html.css`` and ``print.css``: a title block with the
date range, the overview, a table of contents with page numbers, running headers, ``n / N`` page
numbers, bookmarks for sections and items. Before WeasyPrint sees the page, :mod:`digestpub.fonts`
resolves and subsets every font it needs (so no character falls back to a whole system font, and the
speed does not depend on the system's libharfbuzz-subset); WeasyPrint then embeds those subsets as
they are, and a finisher gives each glyph the text it was drawn for (ligatures, emoji sequences).
The PDF is tagged by default; ``pdf_variant`` selects PDF/A or PDF/UA. Nothing is fetched:
pictures are shown as links, and the only resources are the fonts, served from memory. Nothing
comes from the clock: dates are the digest's (or ``SOURCE_DATE_EPOCH``), fonts' timestamps too.
"""

from __future__ import annotations

import calendar
import contextlib
import functools
import gc
import io
import logging
import os
import re
import shutil
import sys
import unicodedata
import warnings
from collections.abc import Iterable, Iterator
from functools import cache
from typing import Any, NamedTuple

from ..dates import source_date_epoch
from ..errors import DigestpubWarning, RenderError, UsageError
from ..fonts import FontPlan, describe_uncovered, plan_fonts
from ..model import Digest
from ..options import Options
from ..themes import MM_PER_UNIT, length_mm, load_theme
from .base import Writer
from .html import FONT_ROLES, PrintedPage, design_tokens, inline_tokens, render_page

STYLESHEET = "print.css"
GC_THRESHOLD = 200000
COMMON_PAGE_SIZES = ("a4", "a5", "a6", "b5", "letter", "legal")
MIN_PAGE_MM = 74  # A7's short side: inside the default theme's margins a few lines still fit
MAX_PAGE_MM = 5080  # 200 inches: 14,400 PDF units, the largest page viewers are required to show
# PDF variants that forbid transparency (soft masks), which colour emoji bitmaps are drawn with.
NO_TRANSPARENCY = frozenset({"pdf/a-1a", "pdf/a-1b", "pdf/x-1a", "pdf/x-3"})
_CSS_PLACEHOLDER = "/* digestpub: print stylesheet */"
# WeasyPrint's messages about the theme's CSS (unknown properties and the like) are not about the
# document; everything else it warns about (missing glyphs, fonts that fail to load) is.
_STYLE_MESSAGES = re.compile(
    r"^(Ignored|Invalid|Unsupported|Unknown|Expected|Missing)\b|unknown property|at-rule"
)


class PdfWriter(Writer):
    name = "pdf"
    extension = "pdf"
    media_type = "application/pdf"
    description = "print-ready PDF: contents with page numbers, bookmarks, tagged, CJK fonts embedded"

    def check(self, options: Options) -> None:
        size = page_size(options.pdf_page_size)
        pdf_variant(options.pdf_variant)
        PrintedPage.for_theme(load_theme(options.theme), size.width_mm, size.height_mm)  # its margins

    def write(self, digest: Digest, options: Options) -> bytes:
        theme = load_theme(options.theme)
        size = page_size(options.pdf_page_size)
        page_rule = f"@page {{ size: {size.css}; }}\n"
        variant = pdf_variant(options.pdf_variant)
        html = render_page(
            digest,
            theme,
            medium="print",
            css=_CSS_PLACEHOLDER,
            images=False,
            page=PrintedPage.for_theme(theme, size.width_mm, size.height_mm),
        )
        # The print stylesheet with the theme's tokens in place of var(): WeasyPrint then resolves
        # no custom property for any element. The fonts are filled in once they are known.
        tokens = design_tokens(theme, medium="print")
        stylesheet = inline_tokens(theme.read_text(STYLESHEET), tokens)
        plan = plan_fonts(html, stylesheet, theme, digest.language)
        if plan.uncovered:
            _report(describe_uncovered(plan.uncovered), strict=options.strict)
            html = _boxes_for(plan.uncovered, html)
            plan = plan_fonts(html, stylesheet, theme, digest.language)
        if variant in NO_TRANSPARENCY and any(face.is_color for face in plan.assigned):
            raise RenderError(
                f"{variant} does not allow transparency, which colour emoji are drawn with; "
                "use pdf/a-2b or a later PDF/A (pdf/x-4 for print)"
            )
        fonts = {f"--font-{role}": plan.families(role, digest.language) for role in FONT_ROLES}
        css = plan.font_face_css() + page_rule + inline_tokens(stylesheet, fonts) + plan.language_rules()
        html = html.replace(_CSS_PLACEHOLDER, css, 1)
        return _render(html, plan, digest, variant, strict=options.strict)


class PageSize(NamedTuple):
    css: str  # the @page size value
    width_mm: float
    height_mm: float


def page_size(value: str) -> PageSize:
    """The page from a named size (``A4``, ``A6``, ``letter``, ``B5 landscape``: every size
    WeasyPrint knows) or ``WIDTH HEIGHT`` (``210mm 297mm``); a page too small or too large is
    refused."""
    text = value.strip()
    words = text.lower().split()
    named = _named_page_sizes()
    if (
        words
        and words[0] in named
        and len(words) <= 2
        and all(w in ("portrait", "landscape") for w in words[1:])
    ):
        width, height = named[words[0]]
        if "landscape" in words:
            width, height = max(width, height), min(width, height)
        size = " ".join(words)
    elif len(lengths := [length_mm(part) for part in text.split()]) == 2 and None not in lengths:
        width, height = (length for length in lengths if length is not None)
        size = text
    else:
        raise UsageError(
            f"unknown page size {value!r} (a name such as {', '.join(COMMON_PAGE_SIZES)}, "
            "optionally 'landscape', or 'WIDTH HEIGHT')"
        )
    if min(width, height) < MIN_PAGE_MM:
        raise UsageError(
            f"page size {value!r} is too small for the theme's margins (at least {MIN_PAGE_MM}mm on each side)"
        )
    if max(width, height) > MAX_PAGE_MM:
        raise UsageError(
            f"page size {value!r} is larger than a PDF page can be ({MAX_PAGE_MM}mm on each side)"
        )
    return PageSize(size, width, height)


@cache
def _named_page_sizes() -> dict[str, tuple[float, float]]:
    """WeasyPrint's named page sizes (A0-A10, B, C, JIS, letter …) in millimetres."""
    _import_weasyprint()
    from weasyprint.css.computed_values import PAGE_SIZES

    return {
        name: (width.value * MM_PER_UNIT[width.unit], height.value * MM_PER_UNIT[height.unit])
        for name, (width, height) in PAGE_SIZES.items()
    }


def pdf_variant(value: str | None) -> str | None:
    if not value:
        return None
    _import_weasyprint()  # through our import path (quiet, one library lookup), not a bare import
    from weasyprint.pdf import VARIANTS

    name = value.strip().lower()
    if name not in VARIANTS or name == "debug":
        known = ", ".join(sorted(v for v in VARIANTS if v != "debug"))
        raise UsageError(f"unknown PDF variant {value!r} (known: {known})")
    return name


MISSING_GLYPH = "\u25a1"  # □, which the bundled CJK face draws in every context
# Text the page shows: text nodes, and the page header's text (the titles' data-running-head).
_SHOWN_TEXT = re.compile(r'(?<=>)[^<]+|(?<=data-running-head=")[^"]*')


def _boxes_for(uncovered: Iterable[str], html: str) -> str:
    """The page with each character no font has shown as a box (□) in its text.

    The renderer would draw such a character as nothing and lay out the text after it over the gap;
    a box keeps the line intact and shows the reader that something is missing (the warning names
    what). Other attributes (links' targets) are left as they are."""
    boxes = {ord(char): MISSING_GLYPH for char in uncovered}
    return _SHOWN_TEXT.sub(lambda text: text.group().translate(boxes), html)


def _report(message: str, *, strict: bool) -> None:
    if strict:
        raise RenderError(message)
    warnings.warn(message, DigestpubWarning, stacklevel=3)


def _metadata_dates(digest: Digest) -> tuple[str | None, str | None]:
    """Created and modified dates: from the digest, or SOURCE_DATE_EPOCH; never the clock. The
    modification is never dated before the creation (an epoch older than the digest's first day)."""
    epoch = source_date_epoch()
    if epoch and digest.date_start and epoch.date() < digest.date_start:
        epoch = None
    epoch_text = epoch.strftime("%Y-%m-%dT%H:%M:%SZ") if epoch else None
    created = digest.date_start.isoformat() if digest.date_start else epoch_text
    ended = digest.date_end or digest.date_start
    modified = epoch_text or (ended.isoformat() if ended else None)
    return created, modified


@contextlib.contextmanager
def _font_timestamps_from(digest: Digest) -> Iterator[None]:
    """Font files WeasyPrint rewrites (it takes the pictures out of colour emoji fonts) get their
    ``modified`` time from fontTools, which reads ``SOURCE_DATE_EPOCH`` or else the clock. Unless the
    caller set it, it is the digest's last date (or 1970) while rendering, so the bytes never depend
    on when the export ran."""
    if source_date_epoch() is not None:
        yield
        return
    last = digest.date_end or digest.date_start
    stamp = calendar.timegm(last.timetuple()) if last else 0
    os.environ["SOURCE_DATE_EPOCH"] = str(stamp)
    try:
        yield
    finally:
        os.environ.pop("SOURCE_DATE_EPOCH", None)


@contextlib.contextmanager
def _weasyprint_messages() -> Iterator[list[logging.LogRecord]]:
    """Collect what WeasyPrint logs while it renders (its logger has no handler of its own)."""
    records: list[logging.LogRecord] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record)

    logger = logging.getLogger("weasyprint")
    handler = Collect(logging.WARNING)
    logger.addHandler(handler)
    try:
        yield records
    finally:
        logger.removeHandler(handler)


def _import_weasyprint() -> Any:
    with warnings.catch_warnings(), _library_lookup_from_one_listing():
        # Without the system's libharfbuzz-subset WeasyPrint warns at import; we never ask it to subset.
        warnings.simplefilter("ignore", DeprecationWarning)
        import weasyprint
        from weasyprint.text.fonts import FontConfiguration
        from weasyprint.urls import URLFetcher, URLFetcherResponse
    return weasyprint, FontConfiguration, URLFetcher, URLFetcherResponse


@contextlib.contextmanager
def _library_lookup_from_one_listing() -> Iterator[None]:
    """While WeasyPrint is imported, answer ``ctypes.util.find_library`` from one ``ldconfig -p``.

    WeasyPrint tries several names for each of its libraries; for each miss, the standard lookup
    runs ``ldconfig`` (and ``gcc``) again — about a tenth of a second at every start. The answers
    are the same; only the import is affected, and the original lookup is put back afterwards.
    """
    import ctypes.util
    import subprocess

    ldconfig = shutil.which("ldconfig") or next(
        (p for p in ("/sbin/ldconfig", "/usr/sbin/ldconfig") if os.path.exists(p)), None
    )
    if sys.platform != "linux" or ldconfig is None:
        yield
        return
    try:
        listing = subprocess.run([ldconfig, "-p"], capture_output=True, text=True, timeout=10).stdout
    except (OSError, subprocess.SubprocessError):
        yield
        return
    sonames = [line.split(" (", 1)[0].strip() for line in listing.splitlines()[1:] if " (" in line]
    original = ctypes.util.find_library

    def find_library(name: str) -> str | None:
        prefix = f"lib{name}.so"
        return next(
            (soname for soname in sonames if soname == prefix or soname.startswith(prefix + ".")), None
        )

    ctypes.util.find_library = find_library
    try:
        yield
    finally:
        ctypes.util.find_library = original


def _render(html: str, plan: FontPlan, digest: Digest, variant: str | None, *, strict: bool) -> bytes:
    weasyprint, FontConfiguration, URLFetcher, URLFetcherResponse = _import_weasyprint()
    colour = {plan.url(face) for face in plan.assigned if face.is_color}
    fonts = {url: _bitmaps_as_rgba(data) if url in colour else data for url, data in plan.fonts.items()}

    class OnlyOurFonts(URLFetcher):  # type: ignore[misc,valid-type]
        """Serves the subset fonts from memory and refuses everything else: nothing is fetched."""

        def fetch(self, url: str, headers: Any = None) -> Any:
            if url in fonts:
                return URLFetcherResponse(url, body=fonts[url], headers={"Content-Type": "font/otf"})
            raise ValueError(f"not fetched: {url}")

    font_config = FontConfiguration()
    options: dict[str, Any] = {
        "pdf_tags": True,
        "full_fonts": True,  # the fonts are already subset, exactly
        "pdf_variant": variant,
        # No file identifier unless the variant requires one (PDF/A, PDF/X): pydyf computes it by
        # serializing and compressing every object a second time (−0.17 s on a 100-item digest).
        "pdf_identifier": None,
    }
    # WeasyPrint allocates millions of small, long-lived objects: at Python's default threshold the
    # cyclic garbage collector runs again and again over them and finds little to collect. Run it
    # less often while rendering (measured: −15 % time on a 100-item digest, peak memory unchanged
    # within 1 %; pausing it altogether cost +10 % memory).
    thresholds = gc.get_threshold()
    gc.set_threshold(GC_THRESHOLD, *thresholds[1:])
    try:
        dates = _metadata_dates(digest)  # before SOURCE_DATE_EPOCH may be set for the fonts
        with _weasyprint_messages() as messages, _font_timestamps_from(digest):
            document = weasyprint.HTML(string=html, url_fetcher=OnlyOurFonts()).render(
                font_config=font_config, **options
            )
            document.metadata.created, document.metadata.modified = dates
            finisher = functools.partial(
                _text_of_drawn_glyphs, emoji=plan.color_subsets(), sequences=plan.emoji_sequences
            )
            data: bytes = document.write_pdf(finisher=finisher, **options)
    finally:
        gc.set_threshold(*thresholds)
        folder = getattr(font_config, "_folder", None)
        if folder:  # WeasyPrint leaves its font folder until garbage collection: clean it now
            shutil.rmtree(folder, ignore_errors=True)
            font_config._folder = None
    problems = sorted({record.getMessage() for record in messages})
    for problem in problems:
        if not _STYLE_MESSAGES.search(problem) and not _already_reported(problem, plan):
            _report(f"WeasyPrint: {problem}", strict=strict)
    return data


def _text_of_drawn_glyphs(
    document: Any, pdf: Any, emoji: dict[str, bytes], sequences: frozenset[str]
) -> None:
    """Give every glyph the text it was drawn for in its font's ToUnicode map (a WeasyPrint finisher).

    With whole fonts (ours are subset already), WeasyPrint maps glyphs to text through each font's
    cmap alone, so a glyph that stands for several characters — a ligature ("fi"), an emoji
    sequence (a flag, a family), a joined Arabic form — maps to nothing, and copy, search and
    screen readers lose that text. WeasyPrint records what each glyph was drawn for; this puts it
    in the map, as it does itself when it subsets. A glyph with a character of its own keeps it;
    one the font put in place of others (a width variant of "ि", a reph) gets the characters it was
    made from; emoji sequences are named by shaping them with the colour subset.
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
        stream = pdf.objects[int(reference.split()[0])]
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


def _bitmaps_as_rgba(font_file: bytes) -> bytes:
    """The colour font with its bitmap glyphs (emoji) as RGBA PNGs. The emoji font stores palette
    PNGs, which WeasyPrint decodes and encodes again at every occurrence of the glyph (about 1 ms
    each: 0.1 s for a digest with a 💡 in each of 100 items); an RGBA PNG it embeds as it is."""
    from fontTools.ttLib import TTFont  # type: ignore[import-untyped]
    from PIL import Image

    font = TTFont(io.BytesIO(font_file), recalcTimestamp=False)
    if "CBDT" not in font:
        return font_file
    for strike in font["CBDT"].strikeData:
        for glyph in strike.values():
            glyph.ensureDecompiled()
            png = getattr(glyph, "imageData", b"")
            if png[:8] != b"\x89PNG\r\n\x1a\n":
                continue
            with Image.open(io.BytesIO(png)) as image:
                if image.mode == "RGBA" and "transparency" not in image.info:
                    continue
                converted = io.BytesIO()
                image.convert("RGBA").save(converted, format="PNG")
            glyph.imageData = converted.getvalue()
    result = io.BytesIO()
    font.save(result)
    return result.getvalue()


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


def _already_reported(message: str, plan: FontPlan) -> bool:
    """A missing-glyph message about characters the coverage check has reported already."""
    found = re.search(r'\.notdef glyph rendered for Unicode string unsupported by fonts: "(.*)"', message)
    return found is not None and all(char in plan.uncovered or char.isspace() for char in found.group(1))
