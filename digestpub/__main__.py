"""``python -m digestpub`` is the ``digestpub`` command."""

from .cli import entry_point

entry_point()
