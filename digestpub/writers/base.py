"""What every writer is: a class with ``name``, ``extension``, ``media_type`` and ``write()``.

Third-party writers subclass :class:`Writer` (or just have the same attributes) and register under
the ``digestpub.writers`` entry-point group; the built-in ones are listed in
:mod:`digestpub.registry`.

A writer whose engine is slow to load may also split ``write()`` in two, as the PDF writer does:
``prepare(digest, options)`` makes plain, picklable data without the engine, ``render(prepared)``
turns it into bytes, and ``load_engine()`` loads the engine. The command line then prepares in a
helper process while it checks the options and loads the engine (:mod:`digestpub.readahead`); so
``prepare`` may run in another process, before ``check()``, with options not yet checked: it must
have no effect but its result (an error it raises is raised again, here, by ``write()``).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import ClassVar

from ..model import Digest
from ..options import Options


class Writer(ABC):
    name: ClassVar[str]
    """The format's name on the command line (``--format html``)."""

    extension: ClassVar[str]
    """The output file's extension, without the dot."""

    media_type: ClassVar[str]
    """The output's MIME type."""

    description: ClassVar[str] = ""
    """One line for ``digestpub formats``."""

    def check(self, options: Options) -> None:
        """Refuse options this writer cannot use with a :class:`~digestpub.errors.UsageError`; the
        command line asks before it writes anything. Every option is accepted unless a writer says."""
        return None

    @abstractmethod
    def write(self, digest: Digest, options: Options) -> bytes:
        """Render the digest; raise :class:`~digestpub.errors.RenderError` on failure."""
