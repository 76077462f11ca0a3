"""Where the bundled data lives: ``themes/`` and ``fonts/``.

In a built wheel they travel inside the package as ``digestpub/_data/``; in a source checkout
(editable install, or running from the repository) they are the top-level folders beside the package.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path


@cache
def data_dir(name: str) -> Path:
    """The folder of bundled ``themes`` or ``fonts``."""
    packaged = Path(str(resources.files("digestpub"))) / "_data" / name
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / name
