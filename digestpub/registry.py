"""Finding writers: every installed ``digestpub.writers`` entry point, the built-in ones included."""

from __future__ import annotations

from functools import cache
from importlib.metadata import EntryPoint, entry_points

from .errors import RenderError, UsageError
from .writers.base import Writer

GROUP = "digestpub.writers"


@cache
def _entry_points() -> dict[str, EntryPoint]:
    found: dict[str, EntryPoint] = {}
    for entry in entry_points(group=GROUP):
        found.setdefault(entry.name, entry)
    return found


def format_names() -> list[str]:
    """The names of every installed format, sorted."""
    return sorted(_entry_points())


@cache
def writer_class(name: str) -> type[Writer]:
    """The writer registered as ``name``; an unknown name lists the known ones."""
    entry = _entry_points().get(name.lower())
    if entry is None:
        known = ", ".join(format_names()) or "none installed"
        raise UsageError(f"unknown format {name!r} (known: {known})")
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
