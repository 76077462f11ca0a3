"""digestpub: publish Markdown news digests as HTML, PDF, EPUB, DOCX, feeds and email.

The public API is small::

    import digestpub
    digest = digestpub.parse_file("2026-01-05.md")       # Markdown → Digest model
    html = digestpub.export(digest, "html")              # bytes
    digestpub.export(digest, "pdf", target="out.pdf")    # written atomically

``digestpub.model`` holds the document model, :class:`Options` the writer options, and
:mod:`digestpub.errors` the exceptions (each with a one-line message fit for users).
"""

from __future__ import annotations

__version__ = "0.1.0"

import dataclasses
import os
from pathlib import Path
from typing import IO, Any

from .errors import DigestpubError, InputError, RenderError, UsageError
from .inputs import read_text
from .jsonform import from_json, to_json
from .model import Digest
from .options import Options
from .output import atomic_write
from .reader import read_markdown
from .registry import format_names, get_writer
from .transforms import prepare

__all__ = [
    "Digest",
    "DigestpubError",
    "InputError",
    "Options",
    "RenderError",
    "UsageError",
    "__version__",
    "export",
    "format_names",
    "from_json",
    "parse",
    "parse_file",
    "to_json",
]


def parse(text: str, *, source_name: str = "", language: str | None = None) -> Digest:
    """Read Markdown text into a :class:`Digest` (ids, highlight links and languages filled in)."""
    return prepare(read_markdown(text, source_name=source_name), language=language)


def parse_file(
    path: str | os.PathLike[str], *, encoding: str | None = None, language: str | None = None
) -> Digest:
    """Read a Markdown file; raises :class:`InputError` for a missing, empty, binary or mis-encoded file."""
    return parse(read_text(path, encoding), source_name=str(path), language=language)


def export(
    digest: Digest,
    format: str,
    target: str | os.PathLike[str] | IO[bytes] | None = None,
    *,
    options: Options | None = None,
    prepared: Any = None,
    **option_values: Any,
) -> bytes:
    """Render ``digest`` in ``format`` and return the bytes; with ``target``, also write them there.

    A path target is written atomically (a temporary file renamed into place), so a failed export
    never leaves a partial file or damages an existing one. Options may be given as an
    :class:`Options` object, as keyword arguments (``theme="default"``), or both. ``prepared`` is
    what the writer's ``prepare(digest, options)`` made ahead for this digest and these options
    (the command line makes it in a second process); one that says it was made for another file or
    other options (``made_for``) is not used, and writers without that step ignore it.
    """
    options = dataclasses.replace(options or Options(), **option_values)
    writer = get_writer(format)
    render = getattr(writer, "render", None)
    if getattr(prepared, "made_for", (digest.source_name, options)) != (digest.source_name, options):
        prepared = None
    try:
        data = render(prepared) if prepared is not None and render else writer.write(digest, options)
    except DigestpubError as error:
        error.path = error.path or digest.source_name or None
        raise
    except Exception as error:
        raise RenderError(
            f"the {format} writer failed ({type(error).__name__}: {error})", path=digest.source_name or None
        ) from error
    if target is not None:
        if isinstance(target, str | os.PathLike):
            atomic_write(Path(target), data)
        else:
            target.write(data)
    return data
