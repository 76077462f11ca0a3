"""The model's versioned JSON form (what ``digestpub inspect --json`` prints), and reading it back.

Contract (other tools rely on it): top-level ``schema_version``, ``title``, ``date_start``,
``date_end`` (ISO dates or null), ``language``, ``highlights`` (``category``, ``title``, ``summary``),
``sections`` (``number``, ``title``, ``items``; each item ``id``, ``title``, ``source_url``, ``date``,
``summary``, ``details``, ``links`` with ``label`` and ``url``) and ``further_reading`` (``title``,
``links``). Those text fields are plain strings; the rich forms sit beside them under ``*_rich`` keys
(and ``intro``/``body``/``outro``/``blocks`` for unrecognised content) as typed nodes, ``{"type": "strong", ...}``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from typing import Any

from . import model
from .model import Digest, Highlight, Item, Point, ReadingGroup, Reference, Section, plain

SCHEMA_VERSION = 1

_NODE_CLASSES: dict[str, type] = {}
for _cls in (*model.INLINE_TYPES, *model.BLOCK_TYPES, model.ListItem):
    _NODE_CLASSES[re.sub(r"(?<!^)(?=[A-Z])", "_", _cls.__name__).lower()] = _cls
_NODE_CLASSES["list"] = _NODE_CLASSES.pop("list_block")
_NODE_NAMES = {cls: name for name, cls in _NODE_CLASSES.items()}


# --------------------------------------------------------------------------- rich nodes


def node_to_json(value: Any) -> Any:
    """A rich-text node (or tuple of them) as JSON-ready data."""
    if isinstance(value, tuple):
        return [node_to_json(element) for element in value]
    if type(value) in _NODE_NAMES:
        data: dict[str, Any] = {"type": _NODE_NAMES[type(value)]}
        for field in dataclasses.fields(value):
            field_value = getattr(value, field.name)
            if field_value is None and field.default is None:
                continue  # leave out unset optional attributes (lang, title, language)
            data[field.name] = node_to_json(field_value)
        return data
    return value


def node_from_json(data: Any) -> Any:
    """The inverse of :func:`node_to_json`."""
    if isinstance(data, list):
        return tuple(node_from_json(element) for element in data)
    if isinstance(data, dict) and "type" in data:
        cls = _NODE_CLASSES.get(data["type"])
        if cls is None:
            raise ValueError(f"unknown node type {data['type']!r}")
        return cls(**{key: node_from_json(value) for key, value in data.items() if key != "type"})
    return data


def _inlines_from(data: dict[str, Any], key: str) -> model.Inlines:
    """The rich form of ``key`` when present, else its plain string as one text node."""
    rich = data.get(f"{key}_rich")
    if rich is not None:
        return tuple(node_from_json(rich))
    text = data.get(key) or ""
    return (model.Text(text),) if text else ()


def _blocks_from(data: dict[str, Any], key: str) -> model.Blocks:
    rich = data.get(f"{key}_rich")
    if rich is not None:
        return tuple(node_from_json(rich))
    text = data.get(key) or ""
    return tuple(model.Paragraph((model.Text(part),)) for part in text.split("\n\n") if part)


def _date(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _parse_date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


# --------------------------------------------------------------------------- digest layer


def _reference_to_json(reference: Reference) -> dict[str, Any]:
    return {
        "label": plain(reference.label),
        "url": reference.url,
        "note": plain(reference.note).strip(),
        "label_rich": node_to_json(reference.label),
        "note_rich": node_to_json(reference.note),
    }


def _point_to_json(point: Point) -> dict[str, Any]:
    return {
        "label": plain(point.label),
        "text": plain(point.text),
        "children": [_point_to_json(child) for child in point.children],
        "label_rich": node_to_json(point.label),
        "text_rich": node_to_json(point.text),
        "blocks": node_to_json(point.blocks),
        "number": point.number,
    }


def _item_to_json(item: Item) -> dict[str, Any]:
    return {
        "id": item.id,
        "title": plain(item.title),
        "source_url": item.source_url,
        "source_label": item.source_label,
        "date": _date(item.date),
        "summary": plain(item.summary),
        "summary_label": item.summary_label,
        "details": [_point_to_json(point) for point in item.details],
        "details_label": item.details_label,
        "links": [_reference_to_json(link) for link in item.links],
        "lang": item.lang,
        "title_rich": node_to_json(item.title),
        "summary_rich": node_to_json(item.summary),
        "intro": node_to_json(item.intro),
        "body": node_to_json(item.body),
        "outro": node_to_json(item.outro),
        "links_first": item.links_first,
    }


def to_json(digest: Digest) -> dict[str, Any]:
    """The digest as JSON-ready data, contract keys first."""
    return {
        "schema_version": SCHEMA_VERSION,
        "kind": digest.kind,
        "title": plain(digest.title),
        "date_start": _date(digest.date_start),
        "date_end": _date(digest.date_end),
        "language": digest.language,
        "highlights": [
            {
                "category": highlight.category,
                "title": plain(highlight.title),
                "summary": plain(highlight.summary),
                "item_id": highlight.item_id,
                "url": highlight.url,
                "title_rich": node_to_json(highlight.title),
                "summary_rich": node_to_json(highlight.summary),
                "blocks": node_to_json(highlight.blocks),
            }
            for highlight in digest.highlights
        ],
        "highlights_title": plain(digest.highlights_title),
        "highlights_notes": node_to_json(digest.highlights_notes),
        "sections_after_reading": digest.sections_after_reading,
        "sections": [
            {
                "id": section.id,
                "number": section.number,
                "number_label": section.number_label,
                "title": plain(section.title),
                "items": [_item_to_json(item) for item in section.items],
                "title_rich": node_to_json(section.title),
                "blocks": node_to_json(section.blocks),
            }
            for section in digest.sections
        ],
        "further_reading": [
            {
                "title": plain(group.title),
                "links": [_reference_to_json(link) for link in group.links],
                "title_rich": node_to_json(group.title),
                "blocks": node_to_json(group.blocks),
            }
            for group in digest.further_reading
        ],
        "further_reading_title": plain(digest.further_reading_title),
        "preamble": node_to_json(digest.preamble),
        "source_name": digest.source_name,
        "meta": dict(digest.meta),
        "title_rich": node_to_json(digest.title),
    }


def _reference_from(data: dict[str, Any]) -> Reference:
    return Reference(_inlines_from(data, "label"), data["url"], _inlines_from(data, "note"))


def _point_from(data: dict[str, Any]) -> Point:
    return Point(
        label=_inlines_from(data, "label"),
        text=_inlines_from(data, "text"),
        children=tuple(_point_from(child) for child in data.get("children", ())),
        blocks=tuple(node_from_json(data.get("blocks", []))),
        number=data.get("number"),
    )


def _item_from(data: dict[str, Any]) -> Item:
    return Item(
        id=data.get("id", ""),
        title=_inlines_from(data, "title"),
        source_url=data.get("source_url"),
        source_label=data.get("source_label", ""),
        date=_parse_date(data.get("date")),
        summary=_blocks_from(data, "summary"),
        summary_label=data.get("summary_label", ""),
        intro=tuple(node_from_json(data.get("intro", []))),
        details=tuple(_point_from(point) for point in data.get("details", ())),
        details_label=data.get("details_label", ""),
        links=tuple(_reference_from(link) for link in data.get("links", ())),
        body=tuple(node_from_json(data.get("body", []))),
        outro=tuple(node_from_json(data.get("outro", []))),
        links_first=bool(data.get("links_first", False)),
        lang=data.get("lang"),
    )


def from_json(data: dict[str, Any]) -> Digest:
    """Read the JSON form back into a :class:`Digest` (rich forms used where present)."""
    version = data.get("schema_version")
    if version != SCHEMA_VERSION:
        raise ValueError(f"unsupported schema_version {version!r} (this digestpub reads {SCHEMA_VERSION})")
    return Digest(
        title=_inlines_from(data, "title"),
        language=data.get("language", "und"),
        kind=data.get("kind", "digest"),
        date_start=_parse_date(data.get("date_start")),
        date_end=_parse_date(data.get("date_end")),
        highlights=tuple(
            Highlight(
                title=_inlines_from(entry, "title"),
                summary=_inlines_from(entry, "summary"),
                category=entry.get("category"),
                item_id=entry.get("item_id"),
                url=entry.get("url"),
                blocks=tuple(node_from_json(entry.get("blocks", []))),
            )
            for entry in data.get("highlights", ())
        ),
        highlights_title=(model.Text(data["highlights_title"]),) if data.get("highlights_title") else (),
        sections=tuple(
            Section(
                id=section.get("id", ""),
                title=_inlines_from(section, "title"),
                number=section.get("number"),
                number_label=section.get("number_label", ""),
                items=tuple(_item_from(item) for item in section.get("items", ())),
                blocks=tuple(node_from_json(section.get("blocks", []))),
            )
            for section in data.get("sections", ())
        ),
        further_reading=tuple(
            ReadingGroup(
                title=_inlines_from(group, "title"),
                links=tuple(_reference_from(link) for link in group.get("links", ())),
                blocks=tuple(node_from_json(group.get("blocks", []))),
            )
            for group in data.get("further_reading", ())
        ),
        further_reading_title=(
            (model.Text(data["further_reading_title"]),) if data.get("further_reading_title") else ()
        ),
        preamble=tuple(node_from_json(data.get("preamble", []))),
        highlights_notes=tuple(node_from_json(data.get("highlights_notes", []))),
        sections_after_reading=int(data.get("sections_after_reading", 0)),
        source_name=data.get("source_name", ""),
        meta=dict(data.get("meta", {})),
    )
