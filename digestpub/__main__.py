"""``python -m digestpub`` is the ``digestpub`` command."""

from .cli import main

raise SystemExit(main())
