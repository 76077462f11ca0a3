"""Finding writers: the built-in ones by name, then every installed ``digestpub.writers`` entry point.

The built-in formats are looked up without scanning the installed distributions (that scan, and
importing :mod:`importlib.metadata`, cost every export a few hundredths of a second); a plug-in adds
formats under new names and cannot replace a built-in one.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from importlib import import_module
from typing import TYPE_CHECKING

from .errors import RenderError, UsageError
from .writers.base import Writer

if TYPE_CHECKING:
    from importlib.metadata import EntryPoint

GROUP = "digestpub.writers"
BUILT_IN = {
    "html": "digestpub.writers.html:HtmlWriter",
    "pdf": "digestpub.writers.pdf:PdfWriter",
}


@cache
def _entry_points() -> dict[str, EntryPoint]:
    from importlib.metadata import entry_points

    found: dict[str, EntryPoint] = {}
    for entry in entry_points(group=GROUP):
        if entry.name not in BUILT_IN:
            found.setdefault(entry.name, entry)
    return found


def format_names() -> list[str]:
    """The names of every installed format, sorted."""
    return sorted({*BUILT_IN, *_entry_points()})


def format_for_extension(extension: str) -> str | None:
    """The format whose files end in ``.extension``: the built-in ones are tried first, without
    scanning the installed distributions; then the plug-ins, in name order."""
    wanted = extension.lower()
    return next((name for name in _built_in_first() if writer_class(name).extension.lower() == wanted), None)


def _built_in_first() -> Iterator[str]:
    yield from BUILT_IN
    yield from sorted(_entry_points())  # only scanned when no built-in format matched


@cache
def writer_class(name: str) -> type[Writer]:
    """The writer registered as ``name``; an unknown name lists the known ones."""
    key = name.lower()
    if key in BUILT_IN:
        module, _, attribute = BUILT_IN[key].partition(":")
        return getattr(import_module(module), attribute)  # type: ignore[no-any-return]
    entry = _entry_points().get(key)
    if entry is None:
        raise UsageError(f"unknown format {name!r} (known: {', '.join(format_names())})")
    try:
        cls = entry.load()
    except Exception as error:  # a broken plug-in must not take the others down
        raise RenderError(
            f"the {name!r} writer cannot be loaded ({type(error).__name__}: {error})"
        ) from error
    for attribute in ("name", "extension", "media_type", "write"):
        if not hasattr(cls, attribute):
            raise RenderError(f"the {name!r} writer ({entry.value}) has no {attribute!r}")
    return cls  # type: ignore[no-any-return]


def get_writer(name: str) -> Writer:
    return writer_class(name)()
