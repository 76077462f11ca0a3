"""The PDF's structure tree (its tags): the language of each part written in another language, the
running headers as artifacts, without the wrappers that say nothing.

WeasyPrint gives the document its language (the catalog's ``Lang``, from ``<html lang>``), but no
element of the tree one: a Japanese passage in a Chinese digest would be read aloud with the
Chinese voice. :func:`languages_in_tags` gives each element whose language differs from the one it
is in a ``Lang`` entry of its own (ISO 32000-1, 14.9.2), as ``lang`` does in the page.

WeasyPrint tags the running headers and page numbers as elements it leaves out of the tree: the
text is marked as content, but no element of the document holds it, so it is neither real content
nor an artifact, which PDF/UA requires it to be. Page headers and numbers are pagination artifacts
(ISO 32000-1, 14.8.2.2): they are marked so here, and screen readers skip them.

WeasyPrint also tags every piece of text it draws — each line of each inline box — as a ``Span`` of
its own, and every element it has no tag for (``strong``, ``time``, ``header``, anonymous boxes) as
a ``NonStruct`` group. Neither says anything to a reader of the tree: ``NonStruct`` is a group
whose content counts as its parent's, and a ``Span`` without attributes around one piece of
content is that content. On a 100-item digest they are 5,900 of the tree's 10,300 elements, and
each element is an object of the PDF (about 15 bytes compressed, whatever it holds): 8 % of the
file. Their content is moved into their parents — marked content stays in the same order, and the
parent tree that maps it back to its element is updated.

:func:`tidy_structure_tree` (a WeasyPrint finisher) does both, then drops the objects no longer
used, numbering the ones after them again. The tree keeps every heading, paragraph, list, link and
table, and the reading order is the same. Anything it does not recognise it leaves as WeasyPrint
wrote it.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from contextvars import ContextVar
from typing import Any

from .pdf_engine import referenced

# The keys WeasyPrint gives an element that carries nothing but its content; an element with more
# (attributes, alternative text, an ID) is kept.
_BARE = frozenset({"Type", "S", "K", "Pg", "P"})


# The languages in effect while WeasyPrint tags a page (innermost last), in languages_in_tags();
# None elsewhere, where WeasyPrint tags as it comes.
_languages: ContextVar[list[str | None] | None] = ContextVar("languages", default=None)


@contextlib.contextmanager
def languages_in_tags() -> Iterator[None]:
    """While WeasyPrint writes a tagged PDF in this context, each element of the structure tree
    whose language (``lang`` in the page) differs from the language it is in gets a ``Lang``."""
    _install_language_tagging()
    token = _languages.set([])
    try:
        yield
    finally:
        _languages.reset(token)


def _install_language_tagging() -> None:
    """Wrap WeasyPrint's ``_build_box_tree`` (which makes the elements of one box and, calling itself,
    of the boxes in it) once; the wrapper does nothing outside :func:`languages_in_tags`. A WeasyPrint
    without that function (its tests fail then) tags as it comes."""
    import pydyf
    from weasyprint.formatting_structure.boxes import PageBox
    from weasyprint.pdf import tags

    build = getattr(tags, "_build_box_tree", None)
    if build is None or getattr(build, "with_languages", False):
        return

    def build_box_tree(box: Any, parent: Any, pdf: Any, *rest: Any) -> Iterator[Any]:
        languages = _languages.get()
        if languages is None:
            yield from build(box, parent, pdf, *rest)
            return
        outer = languages[-1] if languages else _string(pdf.catalog.get("Lang"))
        language = box.style["lang"] or outer
        languages.append(language)
        try:
            for element in build(box, parent, pdf, *rest):
                # A page, html and body yield their children's elements (given theirs already).
                if _differ(language, outer) and not (
                    isinstance(box, PageBox) or box.element_tag in ("html", "body")
                ):
                    element["Lang"] = pydyf.String(language)
                yield element
        finally:
            languages.pop()

    build_box_tree.with_languages = True  # type: ignore[attr-defined]
    tags._build_box_tree = build_box_tree


def _string(value: Any) -> str | None:
    return getattr(value, "string", None) or None


def _differ(language: str | None, outer: str | None) -> bool:
    return language is not None and (outer is None or language.lower() != outer.lower())


def tidy_structure_tree(pdf: Any) -> None:
    """Mark the text of elements outside the tree (running headers, page numbers) as artifacts, fold
    ``NonStruct`` groups and bare one-piece ``Span`` elements into their parents, and drop the
    objects no longer used (``pdf``: WeasyPrint's pydyf document, before it is written)."""
    objects: list[Any] = pdf.objects
    elements: dict[bytes, Any] = {
        pdf_object.reference: pdf_object for pdf_object in objects if _is_element(pdf_object)
    }
    root = referenced(objects, pdf.catalog.get("StructTreeRoot"))
    parent_tree = referenced(objects, root.get("ParentTree")) if isinstance(root, dict) else None
    slots = _content_slots(elements.values(), parent_tree, pdf.page_references)
    if slots is None:
        return
    artifacts = _pagination_artifacts(pdf, root, elements, slots)
    for reference in artifacts:
        del elements[reference]
    folded = _fold_empty_wrappers(elements, slots)
    _drop(
        pdf,
        {pdf_object.number for pdf_object in artifacts.values()}
        | {elements[reference].number for reference in folded},
    )


def _pagination_artifacts(
    pdf: Any, root: Any, elements: dict[bytes, Any], slots: dict[tuple[bytes, int], tuple[Any, int]]
) -> dict[bytes, Any]:
    """Mark the content of the elements no path from the tree's root reaches (WeasyPrint's margin
    boxes) as pagination artifacts, page by page; those elements, by reference. A page is left as
    it is when one of them holds something else than its content (a link in a custom header) or
    its content is not all in the page's content stream (a see-through header is drawn in a group
    of its own)."""
    reached, stack = set(), list(_kids(root))
    while stack:
        reference = stack.pop()
        if reference in elements and reference not in reached:
            reached.add(reference)
            stack.extend(_kids(elements[reference]))
    outside: dict[bytes, dict[bytes, Any]] = {}  # by page
    for reference, element in elements.items():
        if reference not in reached and element.get("Pg") is not None:
            outside.setdefault(element["Pg"], {})[reference] = element
    artifacts = {}
    for page, group in outside.items():
        kids = [kid for element in group.values() for kid in _kids(element)]
        marked = {(page, kid) for kid in kids if isinstance(kid, int)}
        if any(not isinstance(kid, int) and kid not in group for kid in kids) or not marked <= slots.keys():
            continue
        found = [
            (operations, index)
            for operations in _drawings_of(pdf.objects, referenced(pdf.objects, page))
            for index, operation in enumerate(operations[1:], start=1)
            if isinstance(operation, dict)
            and (page, operation.get("MCID")) in marked
            and isinstance(operations[index - 1], str)
        ]
        if len(found) != len(marked):
            continue
        for operations, index in found:
            operations[index - 1] = "/Artifact"
            operations[index].clear()
            operations[index]["Type"] = "/Pagination"
        for key in marked:
            array, index = slots.pop(key)
            array[index] = b"null"
        artifacts.update(group)
    return artifacts


def _drawings_of(objects: list[Any], page: Any) -> list[list[Any]]:
    """The operations of the page's content stream and of the forms it draws, at any depth
    (WeasyPrint draws a see-through box in a group of its own)."""
    resources = referenced(objects, page.get("Resources")) if isinstance(page, dict) else None
    forms = resources.get("XObject", {}) if isinstance(resources, dict) else {}
    drawings, todo, seen = [], [referenced(objects, page.get("Contents"))], set()
    while todo:
        stream = todo.pop()
        operations = getattr(stream, "stream", None)
        if not isinstance(operations, list) or id(stream) in seen:
            continue
        seen.add(id(stream))
        drawings.append(operations)
        for operation in operations:
            if isinstance(operation, bytes) and operation.startswith(b"/") and operation.endswith(b" Do"):
                form = referenced(objects, forms.get(operation[1:-3].decode(errors="replace")))
                if isinstance(getattr(form, "extra", None), dict) and form.extra.get("Subtype") == "/Form":
                    todo.append(form)
    return drawings


def _fold_empty_wrappers(
    elements: dict[bytes, Any], slots: dict[tuple[bytes, int], tuple[Any, int]]
) -> dict[bytes, list[Any]]:
    """Fold ``NonStruct`` groups and bare one-piece ``Span`` elements into their parents; what each
    folded element held, by its reference."""
    listed_in = {kid: reference for reference, element in elements.items() for kid in _kids(element)}
    # What each folded element holds, its own wrappers folded: elements are created before their
    # children, so going backwards a wrapper's content is known before its parent is considered.
    folded: dict[bytes, list[Any]] = {}
    for reference, element in reversed(elements.items()):
        parent = elements.get(element.get("P"))
        if (
            set(element) != _BARE
            or element["S"] not in ("/NonStruct", "/Span")
            or parent is None
            or parent.get("Pg") != element["Pg"]  # the document element has no page (MCIDs need one)
            or listed_in.get(reference) != element["P"]
        ):
            continue
        content = [part for kid in _kids(element) for part in folded.get(kid, [kid])]
        if element["S"] == "/Span" and not (len(content) == 1 and isinstance(content[0], int)):
            continue  # a span of several pieces may be a span of text in one language, say
        if all(
            (element["Pg"], kid) in slots if isinstance(kid, int) else kid in elements for kid in content
        ):  # link annotations (OBJR) are mapped to the element that holds them: stay there
            folded[reference] = content

    def unfolded(kids: list[Any]) -> list[Any]:  # again, in case an element came before its wrapper
        return [part for kid in kids for part in (unfolded(folded[kid]) if kid in folded else [kid])]

    for reference, element in elements.items():
        if reference in folded or not any(kid in folded for kid in _kids(element)):
            continue
        element["K"][:] = unfolded(_kids(element))
        for kid in element["K"]:
            if isinstance(kid, int):
                array, index = slots[element["Pg"], kid]
                array[index] = reference
            elif kid in elements:  # not a link annotation's reference
                elements[kid]["P"] = reference
    return folded


def _is_element(pdf_object: Any) -> bool:
    return isinstance(pdf_object, dict) and pdf_object.get("Type") == "/StructElem"


def _kids(element: Any) -> list[Any]:
    kids = element.get("K")
    return kids if isinstance(kids, list) else []


def _content_slots(
    elements: Iterable[Any], parent_tree: Any, pages: tuple[bytes, ...]
) -> dict[tuple[bytes, int], tuple[Any, int]] | None:
    """Where the parent tree names the element of each piece of marked content: ``(page reference,
    MCID) → (array, index)``. WeasyPrint lists each page's elements in the order of their MCIDs;
    ``None`` if the tree is not laid out as expected."""
    if not isinstance(parent_tree, dict) or not isinstance(parent_tree.get("Nums"), list):
        return None
    numbers = parent_tree["Nums"]
    arrays = {numbers[i]: numbers[i + 1] for i in range(0, len(numbers) - 1, 2)}
    marked: dict[bytes, list[int]] = {}
    for element in elements:
        if "Pg" in element:
            ids = [kid for kid in _kids(element) if isinstance(kid, int)]
            marked.setdefault(element["Pg"], []).extend(ids)
    slots = {}
    for number, page in enumerate(pages):
        ids = sorted(marked.pop(page, []))
        array = arrays.get(number)
        if not ids:
            continue
        if not isinstance(array, list) or len(array) != len(ids):
            return None
        slots.update({(page, mcid): (array, index) for index, mcid in enumerate(ids)})
    return None if marked else slots


def _drop(pdf: Any, dropped: set[int]) -> None:
    """Remove the objects numbered ``dropped`` (nothing refers to them any more) and number the
    ones after them again, with every reference to them. Pages are numbered before any element of
    the structure tree (their list refers to them by number, not by reference) and keep theirs."""
    if not dropped:
        return
    objects = pdf.objects
    first = min(dropped)
    pages = pdf.pages["Kids"][::3]
    if first <= max([pdf.pages.number, pdf.catalog.number, *pages]):
        for number in dropped:  # left empty where they are: still a correct file, only larger
            objects[number].clear()
        return
    kept = [pdf_object for pdf_object in objects[first:] if pdf_object.number not in dropped]
    renumbered = {
        pdf_object.reference: f"{first + index} {pdf_object.generation} R".encode()
        for index, pdf_object in enumerate(kept)
    }

    def update(container: Any) -> None:
        entries = container.items() if isinstance(container, dict) else enumerate(container)
        for key, value in entries:
            if isinstance(value, bytes):
                if value in renumbered:
                    container[key] = renumbered[value]
            elif isinstance(value, (dict, list)):
                update(value)

    for pdf_object in objects:
        if isinstance(pdf_object, (dict, list)):
            update(pdf_object)
        if isinstance(getattr(pdf_object, "extra", None), dict):
            update(pdf_object.extra)
    del objects[first:]
    for pdf_object in kept:
        pdf.add_object(pdf_object)
