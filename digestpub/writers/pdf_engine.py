"""WeasyPrint as the PDF writer runs it: imported quietly and quickly, and spared work that grows
with the document but changes nothing in the PDF.

Each saving was measured (on a 100-item digest of 83 pages, unless said) and leaves the output
byte-identical:

- the import looks its libraries up in one ``ldconfig`` listing (0.1 s at every start);
- the objects the import leaves are collected once, or frozen by the command line (below), whose
  collector also pauses from the first render on (:func:`collector_for_rendering`);
- the page's tree is built by :mod:`.page_tree`, not by tinyhtml5 (−0.15 to −0.25 s: tinyhtml5
  took seven times as long to make the same tree);
- the user-agent stylesheet gives no element the five footnote and note pseudo-elements unless the
  page may make footnotes or notes (−0.1 s: their styles were computed for every element);
- pydyf's list of page references is built once for each list of pages instead of at each lookup
  (the structure tree looks a page up for every element it tags: −0.09 s);
- the contents' page numbers are in place from the second layout pass on, which saves the third
  pass over the contents pages (:func:`_page_numbers_before_each_pass`: −4 of 91 page layouts);
- alike elements share their computed styles, and alike boxes the lengths resolved from them
  (:mod:`.pdf_styles`: a property computed 59,000 times instead of 368,000, −0.2 s; lengths
  resolved 370 times instead of 18,900, −0.1 s).

The last five use WeasyPrint's and pydyf's internals (what ``HTML.__init__`` sets, ``HTML._ua_stylesheets``,
``weasyprint.html.UA_STYLESHEET``, cssselect2's ``Matcher`` buckets, ``pydyf.PDF.page_references``,
``weasyprint.layout.make_all_pages``, the target collector's counter lookups, ``StyleFor``, the
computed styles' classes and ``resolve_percentages``):
tests/test_pdf.py checks that each is in use and that the PDF is the one WeasyPrint makes as it
comes, so a new version that changes them fails there.
"""

from __future__ import annotations

import contextlib
import copy
import gc
import os
import re
import shutil
import sys
import warnings
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from functools import cache
from typing import Any

from . import pdf_styles
from .page_tree import parse_page

# Set by the command line, whose process ends when the export does: the objects that exist once
# WeasyPrint is imported are then frozen (kept out of every later garbage collection), and the
# collector pauses from the first render on. A library must not do either to its caller's objects, so
# digestpub.export() collects them instead, and only makes the collector run less often.
COMMAND_LINE = False
# While rendering, the collector's first generation holds this many objects before it runs.
GC_THRESHOLD = 200000
# Whether a render paused the command line's collector (it stays paused: collector_for_rendering).
_collector_left_paused = False
# Whether the savings inside WeasyPrint and pydyf are in place (once per process: a test that puts
# the originals back gets them, and compares).
_savings_installed = False

# Pseudo-elements WeasyPrint's user-agent stylesheet styles on every element, used only by an
# element floated into a footnote (float: footnote) or a note (position: note(…)).
NOTE_PSEUDO_ELEMENTS = frozenset(
    {"footnote-call", "footnote-marker", "note-call", "note-marker", "note-callback"}
)
# A page that may make footnotes or notes (anywhere: a comment or a custom property may stand
# between the property and its value). What this misses (a CSS escape) is caught by render_document.
_MAY_USE_NOTES = re.compile(r"footnote|note\s*\(", re.IGNORECASE)


def import_weasyprint() -> Any:
    """The ``weasyprint`` module, imported on first use (it takes a fifth of a second)."""
    if "weasyprint" not in sys.modules:
        with warnings.catch_warnings(), _library_lookup_from_one_listing():
            # Without the system's libharfbuzz-subset WeasyPrint warns at import; we never ask it
            # to subset.
            warnings.simplefilter("ignore", DeprecationWarning)
            import weasyprint
            import weasyprint.text.fonts
            import weasyprint.urls
        # The import adds some 60,000 objects (WeasyPrint, fontTools, Pillow …) to the
        # collector's younger generations. Left there, they are scanned by every middle
        # collection and make the collector run one more full collection over the laid-out
        # document; collected once now, they are old. Measured on a 100-item digest, when the
        # CLI imports WeasyPrint first (to check the options): time in the collector 0.46 → 0.17 s.
        # The command line freezes them instead: no collection looks at them again, and freezing
        # costs nothing where collecting takes 25 ms (a tenth of a small digest's rendering).
        if COMMAND_LINE:
            gc.freeze()
        else:
            gc.collect()
    global _savings_installed
    if not _savings_installed:  # here, not above: WeasyPrint may have been imported by someone else
        _cache_page_references()
        _page_numbers_before_each_pass()
        pdf_styles.install()
        _savings_installed = True
    import weasyprint

    return weasyprint


@contextlib.contextmanager
def collector_for_rendering() -> Iterator[None]:
    """The garbage collector while WeasyPrint renders.

    WeasyPrint allocates millions of small, long-lived objects: at Python's default threshold the
    cyclic collector runs again and again over them and finds little to collect. It runs less often
    (−15 % time on a 100-item digest, peak memory unchanged within 1 %).

    The command line pauses it instead (its ten remaining collections took 0.09 s of 2.5 s there;
    +2 MiB at the peak), and leaves it paused after the render: resumed, it would at once look
    through every object the render made, to free the page's cycles (0.14 s on that digest, 0.23 s
    on a slower machine) in a process that exits next. A later render in the same process (the
    next input) collects them first, so a run over many inputs holds at most one render's garbage,
    plus the cycles of what it does between two renders (the next input's other formats).
    """
    global _collector_left_paused
    thresholds = gc.get_threshold()
    if COMMAND_LINE and _collector_left_paused:
        gc.collect()  # the previous render's garbage
    pause = COMMAND_LINE and gc.isenabled()
    gc.set_threshold(GC_THRESHOLD, *thresholds[1:])
    if pause:
        gc.disable()
        _collector_left_paused = True
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)


def render_document(
    page: str,
    url_fetcher: Any,
    new_font_config: Callable[[], Any],
    on_retry: Callable[[], None] = lambda: None,
    **options: Any,
) -> Any:
    """WeasyPrint's ``HTML(page).render()``, with the page parsed by :mod:`.page_tree` when it can,
    and a user-agent stylesheet that styles no footnote or note pseudo-elements unless the page may
    make footnotes or notes (then WeasyPrint's own).

    A page that makes them in a way the text search misses fails to render without their rules
    (WeasyPrint finds no style for the footnote's call); it is rendered again with the whole
    stylesheet, so it costs time, never the PDF. Each attempt gets a new font configuration;
    ``on_retry`` forgets what the failed one logged."""
    weasyprint = import_weasyprint()
    token = _rendering.set(True)
    try:
        if not _MAY_USE_NOTES.search(page):
            try:
                with pdf_styles.shared():
                    return _document(_page_class(), page, url_fetcher).render(
                        font_config=new_font_config(), **options
                    )
            except Exception:
                on_retry()  # and again, as WeasyPrint comes: a page that fails anyway fails there
        with pdf_styles.shared():
            return _document(weasyprint.HTML, page, url_fetcher).render(
                font_config=new_font_config(), **options
            )
    finally:
        _rendering.reset(token)


def _document(page_class: Any, page: str, url_fetcher: Any) -> Any:
    """``page_class(string=page, url_fetcher=url_fetcher)`` (a ``weasyprint.HTML``), made from the
    tree :func:`.page_tree.parse_page` builds when it can (tinyhtml5 takes seven times as long
    to make the same tree): what ``HTML.__init__`` does once it has the tree, for a page read from a
    string (no base URL: ``parse_page`` takes no ``<base>``) and printed."""
    root = parse_page(page)
    if root is None:
        return page_class(string=page, url_fetcher=url_fetcher)
    import cssselect2
    from weasyprint.urls import URLFetcher

    document = page_class.__new__(page_class)
    document.base_url = None
    document.url_fetcher = URLFetcher() if url_fetcher is None else url_fetcher
    document.media_type = "print"
    document.wrapper_element = cssselect2.ElementWrapper.from_html_root(root, content_language=None)
    document.etree_element = document.wrapper_element.etree_element
    return document


@cache
def _page_class() -> type:
    weasyprint = import_weasyprint()
    from weasyprint.html import UA_STYLESHEET

    # The stylesheet's selectors as WeasyPrint parsed them (at its import), minus those of the
    # note pseudo-elements. Each entry is (test, specificity, order, pseudo-element, declarations).
    matcher = copy.copy(UA_STYLESHEET.matcher)
    for name in ("id_selectors", "class_selectors", "lower_local_name_selectors", "namespace_selectors"):
        setattr(
            matcher, name, {key: _without_notes(entries) for key, entries in getattr(matcher, name).items()}
        )
    for name in ("lang_attr_selectors", "other_selectors"):
        setattr(matcher, name, _without_notes(getattr(matcher, name)))
    without_notes = weasyprint.CSS(
        string="", matcher=matcher, page_rules=UA_STYLESHEET.page_rules, layers=UA_STYLESHEET.layers
    )

    class PageWithoutNotes(weasyprint.HTML):  # type: ignore[misc,name-defined]
        def _ua_stylesheets(self, forms: bool = False) -> list[Any]:
            return [
                without_notes if sheet is UA_STYLESHEET else sheet for sheet in super()._ua_stylesheets(forms)
            ]

    return PageWithoutNotes


def _without_notes(entries: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    return [entry for entry in entries if entry[3] not in NOTE_PSEUDO_ELEMENTS]


_REFERENCE = re.compile(rb"(\d+) 0 R")


def referenced(objects: list[Any], reference: Any) -> Any:
    """The object of a pydyf document (``objects``: ``pdf.objects``) that a reference such as
    ``b"12 0 R"`` names; None for anything else."""
    found = _REFERENCE.fullmatch(reference) if isinstance(reference, bytes) else None
    number = int(found.group(1)) if found else -1
    return objects[number] if 0 <= number < len(objects) else None


def _cache_page_references() -> None:
    """Make ``pydyf.PDF.page_references`` build its tuple once for each list of pages.

    pydyf builds the tuple of every page's reference each time it is read, and WeasyPrint reads it
    once for each element of the structure tree: pages × elements references formatted (920,000 on
    a 100-item digest). The same tuple, built again whenever the pages' object numbers differ from
    those it was built from; every ``PDF`` in the process gets it, with the same values."""
    import pydyf

    built = pydyf.PDF.page_references
    if not isinstance(built, property) or built.fget is None or getattr(built.fget, "cached", False):
        return
    build = built.fget

    def page_references(pdf: Any) -> tuple[bytes, ...]:
        pages = pdf.pages["Kids"][::3]  # the pages' object numbers (each is "N 0 R")
        cached = pdf.__dict__.get("_page_references")
        if cached is None or cached[0] != pages:
            cached = pdf.__dict__["_page_references"] = (pages, build(pdf))
        result: tuple[bytes, ...] = cached[1]
        return result

    page_references.cached = True  # type: ignore[attr-defined]
    page_references.uncached = build  # type: ignore[attr-defined]
    pydyf.PDF.page_references = property(page_references)


# Whether render_document() is rendering: the layout passes' saving applies to our pages only.
_rendering: ContextVar[bool] = ContextVar("rendering", default=False)


def _page_numbers_before_each_pass() -> None:
    """Make WeasyPrint start each layout pass after the first with every counted ``content`` (the
    contents' ``target-counter()`` page numbers) parsed again, once, inside :func:`render_document`.

    WeasyPrint parses such content again only after laying out its page, when it finds the page's
    counters changed since the last pass; they always have: ``pages`` was 0 in the first pass.
    So the second pass lays the contents out with the numbers of the first, parses them again,
    and a third pass lays the contents out again with the right ones. Parsed before the second
    pass, with ``pages`` as the first pass counted it (set in the content's cached counters too,
    which is what keeps WeasyPrint from finding them changed), the numbers are right in the second
    pass, and the third finds nothing changed. Any other change still makes WeasyPrint run another
    pass. Where the layout settles the PDF is the one WeasyPrint makes (byte-identical on 459
    inputs, and in tests/test_pdf.py); a theme whose page count never settles (WeasyPrint stops
    after eight passes) may stop one step elsewhere."""
    from weasyprint import layout

    make_all_pages = layout.make_all_pages
    if getattr(make_all_pages, "numbers_early", False):
        return

    def make_all_pages_numbered(context: Any, root_box: Any, html: Any, pages: list[Any]) -> Any:
        if pages and _rendering.get():  # a later pass
            total = context.page_maker[0][3][1].get("pages")  # as the last pass counted them
            for (_, token), lookup in context.target_collector.counter_lookup_items.items():
                values = lookup.cached_page_counter_values
                if token != "content" or not values:
                    continue
                if total is not None and "pages" in values:
                    values["pages"] = list(total)
                lookup.parse_again(values)
        return make_all_pages(context, root_box, html, pages)

    make_all_pages_numbered.numbers_early = True  # type: ignore[attr-defined]
    make_all_pages_numbered.original = make_all_pages  # type: ignore[attr-defined]
    layout.make_all_pages = make_all_pages_numbered


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
