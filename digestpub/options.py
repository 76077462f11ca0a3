"""One options object for every writer, like pandoc's ``WriterOptions``.

Options shared by all formats have plain names; options of one format carry its name as a prefix
(``pdf_page_size``). Third-party writers read what they need from ``extra``. The CLI only fills this
object in; it holds no logic of its own.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Options:
    theme: str = "default"
    """A bundled theme's name, or the path of a theme folder."""

    language: str | None = None
    """Force the document's language (BCP 47, e.g. ``zh-Hant``) instead of detecting it."""

    encoding: str | None = None
    """The input's encoding, when it is not UTF-8."""

    strict: bool = False
    """Turn warnings that lose something (e.g. characters no font covers) into errors."""

    pdf_page_size: str = "A4"
    """``A4``, ``letter`` or any CSS ``size`` value."""

    pdf_variant: str | None = None
    """A WeasyPrint PDF variant such as ``pdf/a-3b`` or ``pdf/ua-1``."""

    extra: Mapping[str, str] = field(default_factory=dict)
    """Options for third-party writers, by name."""
