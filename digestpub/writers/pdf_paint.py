"""The last pages painted in a second process, while the first process paints the first ones
(the command line only, with two cores or more).

Once WeasyPrint has laid the pages out, it paints them one after another into the PDF's content
streams: a fifth of a 100-item digest's render, on one core. :func:`painting_in_two` forks there.
The child runs the same ``write_pdf`` but paints only the last pages (a little under half of the
text, by count of text boxes), and sends what painting them added: each page's content and marked content
(its boxes by their identity, the same in both processes), and what the pages share, in the order
the child added it: the fonts' glyphs, widths and new fonts, the images (emoji) and the
transparency states. The parent paints the first pages; at the child's first page it takes the
child's answer and puts each part where painting would have put it. The PDF is the one painting
every page in one process makes (tests/test_pdf.py compares them).

The parent paints the child's pages itself when the child's answer is not one it can put in place
as it is: a child that failed or answered nothing (within :data:`PATIENCE`); a glyph the child
measured otherwise than the parent had (at another size: its width, kept from where it is first
drawn, spaces it wherever it is drawn again); a page that painted a group (opacity), a
pattern, a gradient, or a box the parent cannot find in the page; a glyph no font has (WeasyPrint
numbers those as it meets them); a font only the child drew, if WeasyPrint is to subset the fonts;
anything WeasyPrint logged or warned while painting (the parent does it again, and the user sees
it once: the child's output goes nowhere).
"""

from __future__ import annotations

import contextlib
import logging
import os
import pickle
import select
import signal
import time
import warnings
from collections.abc import Iterator
from contextvars import ContextVar
from typing import Any, BinaryIO

from ..readahead import flush_standard_streams, forking_helps

# Below this many text boxes in the child's pages, forking costs more than it saves.
MINIMUM_TEXT_BOXES = 400
# How long the parent waits for the child's answer once its own pages are painted (seconds; the
# child paints as much as the parent, and takes well under one on a 100-item digest).
PATIENCE = 60.0
# The child's share of the text boxes: a little under half, as it also sends what it painted
# (measured on a 100-item digest: at a half, the parent waited for it 0 to 0.11 s).
CHILD_SHARE = 0.45

_plan: ContextVar[_Plan | None] = ContextVar("painting_in_two", default=None)


class _Plan:
    """Who paints which pages, and what the child answered."""

    def __init__(
        self, pages: list[Any], first: int, channel: BinaryIO, child: bool, full_fonts: bool
    ) -> None:
        self.full_fonts = full_fonts
        self.index = {id(page): number for number, page in enumerate(pages)}
        self.pages = pages
        self.first = first  # the first of the child's pages
        self.channel = channel
        self.child = child
        self.drawn: dict[int, tuple[list[bytes], list[tuple[int, Any]]]] = {}  # the child's pages
        self.answer: dict[str, Any] | None = None  # the parent's, once read (None: paint them)
        self.read = False
        self.logged = 0  # what WeasyPrint logged or warned in the child

    def warned(self, *warning: Any, **where: Any) -> None:
        self.logged += 1


@contextlib.contextmanager
def painting_in_two(document: Any, full_fonts: bool) -> Iterator[None]:
    """While ``document.write_pdf`` runs inside, its last pages are painted in a second process.
    ``full_fonts``: WeasyPrint's option of that name (a font first drawn by the child is rebuilt
    without its HarfBuzz objects, which only subsetting uses)."""
    from .pdf_engine import COMMAND_LINE

    pages = list(document.pages)
    first = _first_of_the_last(pages) if COMMAND_LINE and forking_helps() else None
    if first is None:
        yield
        return
    _install()
    flush_standard_streams()
    try:
        readable, writable = os.pipe()
    except OSError:
        yield
        return
    # Ctrl-C waits until each process knows its part: the parent then stops the child.
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        pid = os.fork()
    except OSError:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
        os.close(readable)
        os.close(writable)
        yield
        return
    if pid == 0:  # the child: never returns into the caller's code
        try:
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
            os.close(readable)
            nowhere = os.open(os.devnull, os.O_WRONLY)
            os.dup2(nowhere, 1)
            os.dup2(nowhere, 2)
            plan = _Plan(pages, first, os.fdopen(writable, "wb"), child=True, full_fonts=full_fonts)
            logging.getLogger("weasyprint").addHandler(_Counter(plan))
            warnings.showwarning = plan.warned
            _plan.set(plan)
            yield  # write_pdf: painting the last page sends the answer and ends the process
        finally:
            os._exit(1)
    os.close(writable)
    plan = _Plan(pages, first, os.fdopen(readable, "rb"), child=False, full_fonts=full_fonts)
    token = _plan.set(plan)
    try:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
        yield
    finally:
        _plan.reset(token)
        plan.channel.close()
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)  # done by now, unless the parent stopped before its pages
        with contextlib.suppress(OSError):
            os.waitpid(pid, 0)


class _Counter(logging.Handler):
    """Counts what WeasyPrint logs in the child (from its warnings up)."""

    def __init__(self, plan: _Plan) -> None:
        super().__init__(logging.WARNING)
        self.plan = plan

    def emit(self, record: logging.LogRecord) -> None:
        self.plan.logged += 1


def _first_of_the_last(pages: list[Any]) -> int | None:
    """The first page the child paints: the last pages hold :data:`CHILD_SHARE` of the text boxes.
    None for a document too small to gain."""
    from weasyprint.formatting_structure.boxes import TextBox

    counts = [sum(isinstance(box, TextBox) for box in _boxes(page._page_box)) for page in pages]
    total = sum(counts)
    later = total
    for number, count in enumerate(counts):
        if later <= total * CHILD_SHARE:
            return number if later >= MINIMUM_TEXT_BOXES else None
        later -= count
    return None


def _boxes(page_box: Any) -> Iterator[Any]:
    """Every box of a page's tree, as WeasyPrint's structure tree walks it."""
    from weasyprint.formatting_structure.boxes import ParentBox
    from weasyprint.layout.absolute import AbsolutePlaceholder

    waiting = [page_box]
    while waiting:
        box = waiting.pop()
        if isinstance(box, AbsolutePlaceholder):
            box = box._box
        yield box
        if isinstance(box, ParentBox):
            waiting.extend(box.children)


def _install() -> None:
    """Wrap WeasyPrint's ``Page.paint`` once; it paints as it comes outside :func:`painting_in_two`."""
    from weasyprint.document import Page

    paint = Page.paint
    if getattr(paint, "in_two", False):
        return

    def paint_in_two(page: Any, stream: Any, scale: float = 1) -> None:
        plan = _plan.get()
        number = None if plan is None else plan.index.get(id(page))
        if plan is None or number is None or number < plan.first:
            if plan is None or not plan.child:
                paint(page, stream, scale)
            return  # the child leaves the first pages to the parent
        if plan.child:
            start = len(stream.stream)
            paint(page, stream, scale)
            tags = stream._tags or {}
            plan.drawn[number] = (stream.stream[start:], [(id(box), tag) for box, tag in tags.items()])
            if number == len(plan.pages) - 1:
                _answer(plan, stream)
            return
        if not plan.read:
            plan.read = True
            plan.answer = _take(plan, stream)
        if plan.answer is None:
            paint(page, stream, scale)
            return
        content, tags = plan.answer["pages"][number]
        stream.stream.extend(content)
        for box, tag in tags:
            stream._tags[box] = tag  # tags only where the stream has them (else the child had none)

    paint_in_two.in_two = True  # type: ignore[attr-defined]
    Page.paint = paint_in_two


def _answer(plan: _Plan, stream: Any) -> None:
    """Send what painting the last pages added (in the child, after its last page), and end."""
    from weasyprint.text.ffi import ffi

    status = 1
    try:
        resources = stream._resources
        fonts = {}
        for key, font in stream._fonts.items():
            state = {name: value for name, value in vars(font).items() if not isinstance(value, ffi.CData)}
            fonts[key] = state
        answer = {
            "logged": plan.logged,
            "pages": plan.drawn,
            "fonts": fonts,
            "images": stream._images,
            "states": dict(resources["ExtGState"]),
            "objects": list(resources["XObject"]),
            "patterns": len(resources["Pattern"]) + len(resources["Shading"]),
        }
        with plan.channel as channel:
            channel.write(pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL))
        status = 0
    finally:
        os._exit(status)


def _read_all(channel: int, patience: float) -> bytes:
    """Everything the child writes to ``channel``; TimeoutError after ``patience`` seconds."""
    parts: list[bytes] = []
    deadline = time.monotonic() + patience
    while True:
        ready, _, _ = select.select([channel], [], [], max(0, deadline - time.monotonic()))
        if not ready:
            raise TimeoutError
        part = os.read(channel, 1 << 20)
        if not part:
            return b"".join(parts)
        parts.append(part)


def _take(plan: _Plan, stream: Any) -> dict[str, Any] | None:
    """The child's answer, put in place where the pages share it (fonts, images, states), with each
    page's marked boxes found; None if the parent must paint the child's pages itself."""
    import pydyf
    from weasyprint.pdf.fonts import Font

    # What a content stream holds, written out as it is (no object of the PDF's own, numbered).
    plain = {bytes, str, int, float, pydyf.Dictionary, pydyf.String, pydyf.Array}
    try:
        answer: dict[str, Any] = pickle.loads(_read_all(plan.channel.fileno(), PATIENCE))
    except Exception:  # nothing, half an answer, or too late
        return None
    if (
        answer["logged"]
        or answer["patterns"]
        or set(answer["pages"]) != set(range(plan.first, len(plan.pages)))
        or any(font.get("missing") for font in answer["fonts"].values())
        or (not plan.full_fonts and answer["fonts"].keys() - stream._fonts.keys())
        or any(name not in answer["images"] for name in answer["objects"])
        or any(not name.lower().startswith("a") for name in answer["states"])
        or not all(type(part) in plain for content, _ in answer["pages"].values() for part in content)
    ):
        return None
    for key, state in answer["fonts"].items():
        # A glyph's width is kept from where it is first drawn, rounded at that size, and spaces
        # the glyph wherever it is drawn later: the child measured its own.
        font = stream._fonts.get(key)
        if font is not None and any(
            font.widths.get(glyph, width) != width for glyph, width in state["widths"].items()
        ):
            return None
    for number, (content, tags) in answer["pages"].items():
        boxes = {id(box): box for box in _boxes(plan.pages[number]._page_box)}
        if any(box not in boxes for box, _ in tags):
            return None
        answer["pages"][number] = (content, [(boxes[box], tag) for box, tag in tags])
    # What the child's pages added, added after what the parent's pages added, in the same order.
    for key, state in answer["fonts"].items():
        font = stream._fonts.get(key)
        if font is None:
            font = stream._fonts[key] = Font.__new__(Font)
            vars(font).update(state, hb_font=None, hb_face=None)
            continue
        for name in ("widths", "to_unicode"):
            mine = getattr(font, name)
            for glyph, value in state[name].items():
                mine.setdefault(glyph, value)
        font.used_in_forms = font.used_in_forms or state["used_in_forms"]
    for name, image in answer["images"].items():
        if name in stream._images:
            stream._images[name]["dpi_ratios"] |= image["dpi_ratios"]
        else:
            stream._images[name] = image
    for name in answer["objects"]:
        stream._resources["XObject"].setdefault(name, None)
    for name, state in answer["states"].items():
        stream._resources["ExtGState"].setdefault(name, state)
    return answer
