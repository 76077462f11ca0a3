"""The PDF writer: the HTML core in print, with subset fonts, rendered by WeasyPrint.

The page is the theme's ``page.html`` with ``html.css`` and ``print.css``: a title block with the
date range, the overview, a table of contents with page numbers, running headers, ``n / N`` page
numbers, bookmarks for sections and items. Before WeasyPrint sees the page, :mod:`digestpub.fonts`
resolves and subsets every font it needs (so no character falls back to a whole system font, and the
speed does not depend on the system's libharfbuzz-subset); WeasyPrint then embeds those subsets as
they are, and a finisher gives each glyph the text it was drawn for (ligatures, emoji sequences:
:mod:`digestpub.writers.pdf_text`), marks running headers and page numbers as artifacts and takes
the wrappers that say nothing out of the structure tree (:mod:`digestpub.writers.pdf_structure`).
The PDF is tagged by default; ``pdf_variant`` selects PDF/A or PDF/UA. Nothing is fetched:
pictures are shown as links, and the only resources are the fonts, served from memory. Nothing
comes from the clock: dates are the digest's (or ``SOURCE_DATE_EPOCH``), fonts' timestamps too.
"""

from __future__ import annotations

import calendar
import contextlib
import datetime
import hashlib
import io
import logging
import os
import re
import shutil
import uuid
import warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any, NamedTuple

from ..dates import source_date_epoch
from ..errors import DigestpubWarning, RenderError, UsageError
from ..fonts import describe_uncovered, plan_fonts
from ..model import Digest
from ..options import Options
from ..themes import MM_PER_UNIT, length_mm, load_theme
from .base import Writer
from .html import FONT_ROLES, design_tokens, inline_tokens, render_page
from .pdf_engine import collector_for_rendering, import_weasyprint, referenced, render_document
from .pdf_paint import painting_in_two
from .pdf_structure import languages_in_tags, tidy_structure_tree
from .pdf_text import actual_text_for_shaped_lines, text_of_drawn_glyphs
from .printed import PrintedPage

STYLESHEET = "print.css"
# The usual sizes as WeasyPrint defines them, known without loading it (a test compares them).
COMMON_PAGE_SIZES = {
    name: (width * MM_PER_UNIT[unit], height * MM_PER_UNIT[unit])
    for name, width, height, unit in (
        ("a4", 210, 297, "mm"),
        ("a5", 148, 210, "mm"),
        ("a6", 105, 148, "mm"),
        ("b5", 176, 250, "mm"),
        ("letter", 8.5, 11, "in"),
        ("legal", 8.5, 14, "in"),
    )
}
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

    def load_engine(self) -> None:
        """Import WeasyPrint now (the command line does it while its helper prepares the pages)."""
        import_weasyprint()

    def write(self, digest: Digest, options: Options) -> bytes:
        pdf_variant(options.pdf_variant)  # an unknown variant is the first thing to say
        return self.render(self.prepare(digest, options))

    def prepare(self, digest: Digest, options: Options) -> PrintJob:
        """The page, its stylesheet and its subset fonts: everything but the rendering, made without
        WeasyPrint (the command line makes it in a second process while WeasyPrint loads)."""
        theme = load_theme(options.theme)
        size = page_size(options.pdf_page_size)
        page_rule = f"@page {{ size: {size.css}; }}\n"
        variant = _variant_name(options.pdf_variant)  # checked by render() (and check())
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
        return PrintJob(
            html=html.replace(_CSS_PLACEHOLDER, css, 1),
            fonts=plan.fonts,
            colour_urls=frozenset(plan.url(face) for face in plan.assigned if face.is_color),
            emoji=plan.color_subsets(),
            sequences=plan.emoji_sequences,
            reported=frozenset(plan.uncovered),
            variant=variant,
            strict=options.strict,
            dates=_metadata_dates(digest),
            last_day=digest.date_end or digest.date_start,
            made_for=(digest.source_name, options),
        )

    def render(self, job: PrintJob) -> bytes:
        """The PDF of a prepared page."""
        pdf_variant(job.variant)
        return _render(job)


@dataclass(frozen=True)
class PrintJob:
    """A page ready for WeasyPrint: plain data, so that another process can make it."""

    html: str  # the page, its stylesheet in its <style>
    fonts: dict[str, bytes]  # the subset fonts by the URL the stylesheet names
    colour_urls: frozenset[str]  # the URLs of the colour (emoji) fonts among them
    emoji: dict[str, bytes]  # the colour subsets by family name, for the text layer
    sequences: frozenset[str]  # emoji sequences as the page writes them
    reported: frozenset[str]  # characters no font has, reported already
    variant: str | None  # lower case, not yet checked: render() checks it
    strict: bool
    dates: tuple[str | None, str | None]  # the PDF's created and modified dates
    last_day: datetime.date | None  # the digest's last day: the fonts' timestamps
    made_for: tuple[str, Options]  # the digest's file and the options (export() compares them)


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
    lengths = [length for part in words if (length := length_mm(part)) is not None]
    if len(words) == len(lengths) == 2:  # WIDTH HEIGHT
        width, height = lengths
        size = text
    elif (
        words
        # The usual sizes without WeasyPrint (the helper process prepares pages with them).
        and words[0] in (named := COMMON_PAGE_SIZES if words[0] in COMMON_PAGE_SIZES else _named_page_sizes())
        and len(words) <= 2
        and all(w in ("portrait", "landscape") for w in words[1:])
    ):
        width, height = named[words[0]]
        if "landscape" in words:
            width, height = max(width, height), min(width, height)
        size = " ".join(words)
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
    import_weasyprint()
    from weasyprint.css.computed_values import PAGE_SIZES

    return {
        name: (width.value * MM_PER_UNIT[width.unit], height.value * MM_PER_UNIT[height.unit])
        for name, (width, height) in PAGE_SIZES.items()
    }


def pdf_variant(value: str | None) -> str | None:
    """The variant's name as WeasyPrint knows it; an unknown one is refused."""
    name = _variant_name(value)
    if name is None:
        return None
    import_weasyprint()  # through our import path (quiet, one library lookup), not a bare import
    from weasyprint.pdf import VARIANTS

    if name not in VARIANTS or name == "debug":
        known = ", ".join(sorted(v for v in VARIANTS if v != "debug"))
        raise UsageError(f"unknown PDF variant {value!r} (known: {known})")
    return name


def _variant_name(value: str | None) -> str | None:
    return value.strip().lower() if value else None


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
def _font_timestamps_from(last_day: datetime.date | None) -> Iterator[None]:
    """Font files WeasyPrint rewrites (it takes the pictures out of colour emoji fonts) get their
    ``modified`` time from fontTools, which reads ``SOURCE_DATE_EPOCH`` or else the clock. Unless the
    caller set it, it is the digest's last date (or 1970) while rendering, so the bytes never depend
    on when the export ran."""
    if source_date_epoch() is not None:
        yield
        return
    stamp = calendar.timegm(last_day.timetuple()) if last_day else 0
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


def _render(job: PrintJob) -> bytes:
    import_weasyprint()
    from weasyprint.text.fonts import FontConfiguration
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    # Converted here, not in prepare(): WeasyPrint's import has loaded the fontTools tables and
    # Pillow plugins this needs, which the helper process would load for this alone (40 ms).
    fonts = {
        url: _bitmaps_as_rgba(data) if url in job.colour_urls else data for url, data in job.fonts.items()
    }

    class OnlyOurFonts(URLFetcher):  # type: ignore[misc]
        """Serves the subset fonts from memory and refuses everything else: nothing is fetched."""

        def fetch(self, url: str, headers: Any = None) -> Any:
            if url in fonts:
                return URLFetcherResponse(url, body=fonts[url], headers={"Content-Type": "font/otf"})
            raise ValueError(f"not fetched: {url}")

    font_configs: list[Any] = []

    def new_font_config() -> Any:
        font_configs.append(FontConfiguration())
        return font_configs[-1]

    options: dict[str, Any] = {
        "pdf_tags": True,
        "full_fonts": True,  # the fonts are already subset, exactly
        "pdf_variant": job.variant,
        # No file identifier unless the variant requires one (PDF/A, PDF/X): pydyf computes it by
        # serializing and compressing every object a second time (−0.17 s on a 100-item digest).
        "pdf_identifier": None,
    }
    try:
        with (
            collector_for_rendering(),
            _weasyprint_messages() as messages,
            _font_timestamps_from(job.last_day),
        ):
            document = render_document(job.html, OnlyOurFonts(), new_font_config, messages.clear, **options)
            document.metadata.created, document.metadata.modified = job.dates

            def finish(document: Any, pdf: Any) -> None:
                text_of_drawn_glyphs(document, pdf, emoji=job.emoji, sequences=job.sequences)
                tidy_structure_tree(pdf)
                _document_id_from(f"{job.variant}\n{job.html}", pdf)

            with (
                languages_in_tags(),
                actual_text_for_shaped_lines(),
                painting_in_two(document, options["full_fonts"]),
            ):
                data: bytes = document.write_pdf(finisher=finish, **options)
    finally:
        for used in font_configs:
            folder = getattr(used, "_folder", None)
            if folder:  # WeasyPrint leaves its font folder until garbage collection: clean it now
                shutil.rmtree(folder, ignore_errors=True)
                used._folder = None
    problems = sorted({record.getMessage() for record in messages})
    for problem in problems:
        if not _STYLE_MESSAGES.search(problem) and not _already_reported(problem, job.reported):
            _report(f"WeasyPrint: {_printable(problem)}", strict=job.strict)
    return data


_RANDOM_DOCUMENT_ID = re.compile(rb"xmp\.did:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def _document_id_from(page: str, pdf: Any) -> None:
    """The XMP document ID that WeasyPrint draws at random for PDF/X-4 (and later) made from the page
    instead: the same for the same input and options, different for another document."""
    stream = referenced(pdf.objects, pdf.catalog.get("Metadata"))
    parts = getattr(stream, "stream", None) or []
    if not any(isinstance(part, bytes) and _RANDOM_DOCUMENT_ID.search(part) for part in parts):
        return
    stable = f"xmp.did:{uuid.UUID(bytes=hashlib.sha256(page.encode()).digest()[:16], version=4)}"
    stream.stream = [
        _RANDOM_DOCUMENT_ID.sub(stable.encode(), part) if isinstance(part, bytes) else part for part in parts
    ]


def _bitmaps_as_rgba(font_file: bytes) -> bytes:
    """The colour font with its bitmap glyphs (emoji) as RGBA PNGs. The emoji font stores palette
    PNGs, which WeasyPrint decodes and encodes again at every occurrence of the glyph (about 1 ms
    each: 0.1 s for a digest with a 💡 in each of 100 items); an RGBA PNG it embeds as it is.
    A font this cannot read is served as it is (only slower to draw)."""
    from fontTools.ttLib import TTFont
    from PIL import Image

    try:
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
    except Exception:
        return font_file
    return result.getvalue()


def _printable(message: str) -> str:
    """The message on one line: a character it quotes that would break the line, or not show, as
    an escape (``\\u2028``)."""
    return "".join(char if char.isprintable() else f"\\u{ord(char):04x}" for char in message)


def _already_reported(message: str, reported: frozenset[str]) -> bool:
    """A missing-glyph message about characters the coverage check has reported already."""
    found = re.search(r'\.notdef glyph rendered for Unicode string unsupported by fonts: "(.*)"', message)
    return found is not None and all(char in reported for char in found.group(1))
