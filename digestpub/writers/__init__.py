"""The writers, one module per output format. Each is a :class:`~digestpub.writers.base.Writer`."""
