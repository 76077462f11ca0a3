"""What every writer is: a class with ``name``, ``extension``, ``media_type`` and ``write()``.

Third-party writers subclass :class:`Writer` (or just have the same attributes) and register under
the ``digestpub.writers`` entry-point group; the built-in ones are registered the same way.
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

    @abstractmethod
    def write(self, digest: Digest, options: Options) -> bytes:
        """Render the digest; raise :class:`~digestpub.errors.RenderError` on failure."""
