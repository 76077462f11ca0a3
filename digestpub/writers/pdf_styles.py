"""Computed styles shared between the elements whose styles WeasyPrint computes from the same
inputs, and lengths between the boxes it resolves them for from the same values (:func:`shared`).

WeasyPrint computes an element's style one property at a time, when something first reads it
(``ComputedStyle.__missing__``): on a 100-item digest, 257,000 times for 7,300 styles, and 111,000
times for the styles of anonymous boxes; mostly the same properties of alike elements (each item's
heading, summary, list entries …) and of each page and its sixteen margin boxes. A style's values
are a function of its inputs only:

- its cascaded declarations (the values, and their weights: a logical property takes over a
  physical one by weight), its pseudo-element, its base URL;
- the values of its parent's style that it reads: the inherited properties and custom properties,
  ``page`` and the ``text-decoration-*`` ones (propagated), and any property it declares ``inherit``
  (or with a ``var()``, which may turn out to be ``inherit``).

Styles with the same inputs form a class: the first of them computes a property, the others take
its value. The class of a style's children is keyed on what the children read of it, so two items
that differ only in what is not inherited (their ``id``, which makes an anchor) still give their
headings one class. An anonymous box's style (a line, a marker …) is shared per class of the style
it comes from.

Left out, so that nothing depends on which properties happen to be computed, or when:

- ``::first-line`` and ``::first-letter`` (WeasyPrint copies every property computed so far from
  them), and every copy WeasyPrint makes of a style to change it;
- the anonymous boxes of pseudo-elements (WeasyPrint writes a marker's position into their style);
- a style that declares a viewport unit (``vw`` …), and its descendants: such a value computed
  before the first page is laid out takes a default page's size, after it the page's own.

What WeasyPrint writes into a style (a table cell's padding, a page's counters …) stays that
style's own: a class holds only what was computed.

Measured on that digest: 40,700 and 18,200 times instead (−0.2 s of 3.1 s), and the PDF
byte-identical (tests/test_pdf.py renders it both ways, with a theme built to differ where classes
could go wrong; a review tried 29 themes on 3 digests, and found the two last cases above).
The same holds one step later: WeasyPrint resolves each box's margins, paddings, sizes and
borders from its style's values and its containing block's size every time it lays the box out
(:func:`_install_lengths`). Active inside :func:`.pdf_engine.render_document` only.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from contextvars import ContextVar
from typing import Any

# Pseudo-elements whose styles WeasyPrint copies whole onto a box (``.items()``): they must hold
# only the properties asked of them, not those their class computed for others.
_READ_WHOLE = frozenset({"first-line", "first-letter"})

# The lengths WeasyPrint resolves for a box (``layout.percent.resolve_percentages``), in the order
# it reads them from the box's style and sets them on the box, and the other properties it reads.
_LENGTHS = (
    "margin_left",
    "margin_right",
    "margin_top",
    "margin_bottom",
    "padding_left",
    "padding_right",
    "padding_top",
    "padding_bottom",
    "width",
    "min_width",
    "max_width",
    "height",
    "min_height",
    "max_height",
    "border_top_width",
    "border_right_width",
    "border_bottom_width",
    "border_left_width",
)
_READ_FOR_LENGTHS = (*_LENGTHS, "border_collapse", "box_sizing")
_COLLAPSE = _READ_FOR_LENGTHS.index("border_collapse")

# Inside shared(): the lengths resolved so far in this render, by their inputs.
_resolved: ContextVar[dict[Any, Any] | None] = ContextVar("resolved_lengths", default=None)


@contextlib.contextmanager
def shared() -> Iterator[None]:
    """While WeasyPrint renders inside, alike elements share their styles, and alike boxes the
    lengths resolved from them (:func:`install` puts both in place)."""
    token = _resolved.set({})
    try:
        yield
    finally:
        _resolved.reset(token)


def install() -> None:
    """Put the shared styles and the resolved lengths in place in WeasyPrint, in use inside
    :func:`shared` only (installed once per process)."""
    _install_styles()
    _install_lengths()


def _install_styles() -> None:
    from weasyprint import css
    from weasyprint.css.properties import INHERITED
    from weasyprint.css.tokens import Pending
    from weasyprint.css.units import VIEWPORT_UNITS

    set_computed_styles = css.StyleFor.set_computed_styles
    if getattr(set_computed_styles, "shares", False):
        return

    def read_by_children(name: str) -> bool:
        return name in INHERITED or name[:2] == "__" or name == "page" or name[:16] == "text_decoration_"

    class Class:
        """What the styles of one class computed."""

        __slots__ = ("anonymous", "specified", "values")

        def __init__(self) -> None:
            self.values: dict[str, Any] = {}
            self.specified: dict[str, Any] = {}  # position, float, display: display's inputs
            self.anonymous: dict[str, Any] = {}  # the values of their anonymous boxes' style

    def take(style: Any, values: dict[str, Any]) -> None:
        """Give ``style`` every value of ``values`` it lacks (what it holds stays)."""
        own = dict(style)
        style.update(values)
        style.update(own)

    class SharedStyle(css.ComputedStyle):  # type: ignore[misc]
        shared: Class

        def __missing__(self, key: str) -> Any:
            shared = self.shared
            if key in shared.values:
                take(self, shared.values)
                for name, value in shared.specified.items():
                    self.specified.setdefault(name, value)
                return shared.values[key]
            value = super().__missing__(key)
            if key in self and self[key] is value:  # kept, as WeasyPrint keeps what it computed
                shared.values[key] = value
                if key in self.specified:
                    shared.specified[key] = self.specified[key]
            return value

        @property
        def anonymous_style(self) -> Any:
            anonymous = self.__dict__.get("_anonymous")
            if anonymous is None:
                if self.pseudo_type is None:
                    anonymous = SharedAnonymousStyle(self)
                    anonymous.shared = self.shared.anonymous
                else:  # WeasyPrint writes into a marker's or a leader's (position, white-space)
                    anonymous = css.AnonymousStyle(self)
                self.__dict__["_anonymous"] = anonymous
            return anonymous

    class SharedAnonymousStyle(css.AnonymousStyle):  # type: ignore[misc]
        shared: dict[str, Any]

        def __missing__(self, key: str) -> Any:
            shared = self.shared
            if key in shared:
                take(self, shared)
                return shared[key]
            value = super().__missing__(key)
            if key in self and self[key] is value:
                shared[key] = value
            return value

    def value_key(values: Any, keys: dict[int, Any]) -> Any:
        """What makes two cascaded values the same: the same object (a stylesheet's declaration, held
        while the document renders), or equal strings and integers (an attribute's hint, such as
        ``lang``, parsed for each element). None for a value with a viewport unit."""
        key = keys.get(id(values), False)
        if key is False:
            if _mentions(values, VIEWPORT_UNITS):
                key = None
            else:
                try:
                    key = ("equal", _plain(values))
                except TypeError:
                    key = ("same", id(values))
            keys[id(values)] = key
        return key

    def declared(cascaded: dict[str, Any], keys: dict[int, Any]) -> tuple[Any, ...] | None:
        """The cascaded declarations as a key, sorted by property; None if one has a viewport unit."""
        entries = []
        for name, (values, weight) in cascaded.items():
            key = value_key(values, keys)
            if key is None:
                return None
            try:
                hash(weight)
            except TypeError:
                weight = repr(weight)
            entries.append((name, key, weight))
        entries.sort()
        return tuple(entries)

    def set_shared_computed_styles(
        self: Any,
        element: Any,
        parent: Any,
        root: Any = None,
        pseudo_type: str | None = None,
        base_url: str | None = None,
        target_collector: Any = None,
    ) -> None:
        set_computed_styles(self, element, parent, root, pseudo_type, base_url, target_collector)
        if _resolved.get() is None or pseudo_type in _READ_WHOLE:
            return
        computed = self.get_computed_styles()[element, pseudo_type]
        if type(computed) is not css.ComputedStyle or not computed.keys() <= {"anchor"}:
            return  # not the new style WeasyPrint makes, of which it reads the anchor only
        cascaded = self.get_cascaded_styles().get((element, pseudo_type), {})
        if parent is None:
            parent_key: Any = ()
        else:
            parent_style = self.get_computed_styles()[parent, None]
            reads_more = any(  # inherit, or a var() that may turn out to be inherit
                (values == "inherit" or isinstance(values, Pending)) and not read_by_children(name)
                for name, (values, _) in cascaded.items()
            )
            parent_key = getattr(parent_style, "class_key" if reads_more else "children_key", None)
            if parent_key is None:
                return  # its parent has no class: nor has it
        state = self.__dict__.setdefault("_sharing", ({}, {}))  # classes, value keys
        classes, keys = state
        own = declared(cascaded, keys)
        if own is None:  # its values change once the first page is laid out: nor it nor its children
            return
        class_key = (parent_key, pseudo_type, base_url, own)
        shared = classes.get(class_key)
        if shared is None:
            shared = classes[class_key] = Class()
        computed.__class__ = SharedStyle
        computed.shared = shared
        computed.class_key = class_key
        computed.children_key = (
            parent_key,
            pseudo_type,
            base_url,
            tuple(entry for entry in own if read_by_children(entry[0])),
        )

    set_shared_computed_styles.shares = True  # type: ignore[attr-defined]
    set_shared_computed_styles.original = set_computed_styles  # type: ignore[attr-defined]
    css.StyleFor.set_computed_styles = set_shared_computed_styles


def _install_lengths() -> None:
    """Make WeasyPrint resolve a box's lengths (margins, paddings, sizes, borders) once for each set
    of inputs: the style values it reads (the same objects: alike elements share them), the size of
    the containing block, and whether the box is a page. Each box of a 100-item digest's layout
    is resolved again and again, 18,900 times, from 370 sets of inputs (−0.1 s).

    Left to WeasyPrint: a value it computes from the style as it resolves it (``calc()`` …), a
    table's collapsed borders (set on the box beforehand), and a containing block of size zero
    (0.0 and −0.0 are one key but may give lengths of either sign)."""
    from operator import itemgetter

    from weasyprint.formatting_structure.boxes import Box, PageBox
    from weasyprint.layout import percent

    resolve = percent.resolve_percentages
    if getattr(resolve, "remembers", False):
        return
    read = itemgetter(*_READ_FOR_LENGTHS)

    def resolve_percentages(box: Any, containing_block: Any) -> None:
        resolved = _resolved.get()
        if resolved is None:
            return resolve(box, containing_block)  # type: ignore[no-any-return]
        if isinstance(containing_block, Box):
            width, height = containing_block.width, containing_block.height
        else:
            width, height = containing_block
        values = read(box.style)
        if width == 0 or height == 0 or values[_COLLAPSE] == "collapse":
            return resolve(box, containing_block)  # type: ignore[no-any-return]
        key = (tuple(map(id, values)), width, height, isinstance(box, PageBox))
        known = resolved.get(key)
        if known is not None:
            box.__dict__.update(zip(_LENGTHS, known[1], strict=True))
            return None
        resolve(box, containing_block)
        if all(_fixed(value) for value in values):
            # The values are kept with the lengths: their ids stay theirs while the render lasts.
            resolved[key] = (values, tuple(box.__dict__[name] for name in _LENGTHS))
        return None

    resolve_percentages.remembers = True  # type: ignore[attr-defined]
    resolve_percentages.original = resolve  # type: ignore[attr-defined]
    for name, module in list(sys.modules.items()):  # every layout module that imported it
        if name.startswith("weasyprint.layout") and getattr(module, "resolve_percentages", None) is resolve:
            module.resolve_percentages = resolve_percentages  # type: ignore[attr-defined]


def _fixed(value: Any) -> bool:
    """Whether WeasyPrint resolves a length from this value alone (and the containing block): a
    keyword, a number, or a length in units (not ``calc()`` …, which it works out from the style)."""
    kind = type(value)
    if kind is str or kind is int or kind is float:
        return True
    return (
        isinstance(value, tuple)
        and len(value) == 2
        and type(value[0]) in (int, float)
        and isinstance(value[1], str)
    )


def _mentions(value: Any, units: set[str]) -> bool:
    """Whether a cascaded value (parsed, or tinycss2's tokens, or pending a var()) has a length in
    one of ``units``."""
    if isinstance(value, str):
        return False
    unit = getattr(value, "unit", None)
    if isinstance(unit, str) and unit.lower() in units:
        return True
    if isinstance(value, (tuple, list)):
        return any(_mentions(item, units) for item in value)
    return any(
        isinstance(inner, (tuple, list)) and _mentions(inner, units)
        for inner in (getattr(value, name, None) for name in ("tokens", "arguments", "content"))
    )


def _plain(value: Any) -> Any:
    """``value`` if it is made of strings, integers and tuples only (compared by equality); else
    TypeError."""
    kind = type(value)
    if kind is str or kind is int:
        return value
    if kind is tuple:
        return tuple(_plain(item) for item in value)
    raise TypeError(kind)
