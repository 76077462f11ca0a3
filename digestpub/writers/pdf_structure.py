"""The PDF's structure tree (its tags) without the wrappers that say nothing.

WeasyPrint tags every piece of text it draws — each line of each inline box — as a ``Span`` of its
own, and every element it has no tag for (``strong``, ``time``, ``header``, anonymous boxes) as a
``NonStruct`` group. Neither says anything to a reader of the tree: ``NonStruct`` is a group whose
content counts as its parent's, and a ``Span`` without attributes around one piece of content is
that content. On a 100-item digest they are 5,900 of the tree's 10,300 elements, and each element
is an object of the PDF (about 15 bytes compressed, whatever it holds): 8 % of the file.

:func:`without_empty_wrappers` is a WeasyPrint finisher that moves their content into their
parents — marked content stays in the same order, and the parent tree that maps it back to its
element is updated — and then drops the emptied objects, numbering the ones after them again. The
tree keeps every heading, paragraph, list, link and table, and the reading order is the same.
Anything it does not recognise it leaves as WeasyPrint wrote it.
"""

from __future__ import annotations

import re
from typing import Any

# The keys WeasyPrint gives an element that carries nothing but its content; an element with more
# (attributes, alternative text, an ID) is kept.
_BARE = frozenset({"Type", "S", "K", "Pg", "P"})
_REFERENCE = re.compile(rb"(\d+) 0 R")


def without_empty_wrappers(pdf: Any) -> None:
    """Fold ``NonStruct`` groups and bare one-piece ``Span`` elements into their parents and drop
    their objects (``pdf``: WeasyPrint's pydyf document, before it is written)."""
    objects = pdf.objects
    root_reference = pdf.catalog.get("StructTreeRoot")
    if not root_reference:
        return

    def resolve(reference: Any) -> Any:
        found = _REFERENCE.fullmatch(reference) if isinstance(reference, bytes) else None
        number = int(found.group(1)) if found else -1
        return objects[number] if 0 <= number < len(objects) else None

    root = resolve(root_reference)
    parent_tree = resolve(root.get("ParentTree")) if isinstance(root, dict) else None
    slots = _content_slots(objects, parent_tree, pdf.page_references)
    if slots is None:
        return
    dropped: set[int] = set()
    # Elements are created before their children: going backwards, a wrapper's content has been
    # folded into it before it is folded into its own parent.
    for element in reversed(objects):
        parent = resolve(element.get("P")) if _foldable(element) else None
        if parent is None or parent.get("Type") != "/StructElem" or parent.get("Pg") != element["Pg"]:
            continue  # the document element has no page, which its marked content would need
        kids = list(element["K"])
        children = [resolve(kid) for kid in kids if not isinstance(kid, int)]
        if any(child is None or child.get("Type") != "/StructElem" for child in children):
            continue  # link annotations are mapped to the element that holds them
        siblings = parent["K"]
        if not isinstance(siblings, list) or element.reference not in siblings:
            continue
        ids = [kid for kid in kids if isinstance(kid, int)]
        if any((element["Pg"], mcid) not in slots for mcid in ids):
            continue
        for array, index in (slots[element["Pg"], mcid] for mcid in ids):
            array[index] = parent.reference
        for child in children:
            child["P"] = parent.reference
        at = siblings.index(element.reference)
        siblings[at : at + 1] = kids
        dropped.add(element.number)
    _drop(pdf, dropped)


def _foldable(element: Any) -> bool:
    if not isinstance(element, dict) or element.get("Type") != "/StructElem" or set(element) != _BARE:
        return False
    kids = element["K"]
    if element["S"] == "/NonStruct":
        return True
    return element["S"] == "/Span" and len(kids) == 1 and isinstance(kids[0], int)


def _content_slots(
    objects: list[Any], parent_tree: Any, pages: tuple[bytes, ...]
) -> dict[tuple[bytes, int], tuple[Any, int]] | None:
    """Where the parent tree names the element of each piece of marked content: ``(page reference,
    MCID) → (array, index)``. WeasyPrint lists each page's elements in the order of their MCIDs;
    ``None`` if the tree is not laid out as expected."""
    if not isinstance(parent_tree, dict) or not isinstance(parent_tree.get("Nums"), list):
        return None
    numbers = parent_tree["Nums"]
    arrays = {numbers[i]: numbers[i + 1] for i in range(0, len(numbers) - 1, 2)}
    marked: dict[bytes, list[int]] = {}
    for element in objects:
        if isinstance(element, dict) and element.get("Type") == "/StructElem" and "Pg" in element:
            ids = [kid for kid in element.get("K", ()) if isinstance(kid, int)]
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
        str(pdf_object.number).encode(): str(first + index).encode() for index, pdf_object in enumerate(kept)
    }

    def update(value: Any) -> Any:
        if isinstance(value, bytes):
            found = _REFERENCE.fullmatch(value)
            if found and found.group(1) in renumbered:
                return renumbered[found.group(1)] + b" 0 R"
        elif isinstance(value, dict):
            for key, item in value.items():
                value[key] = update(item)
        elif isinstance(value, list):
            value[:] = [update(item) for item in value]
        return value

    for pdf_object in objects:
        update(pdf_object)
        update(getattr(pdf_object, "extra", None))
    del objects[first:]
    for pdf_object in kept:
        pdf.add_object(pdf_object)
