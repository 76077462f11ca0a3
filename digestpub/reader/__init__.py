"""The Markdown reader: digest text → :class:`~digestpub.model.Digest`.

Two steps: :mod:`.markdown` turns the text into model blocks (the only module that sees mistune,
and where the safety and CJK rules are applied), then :mod:`.digest` and :mod:`.items` recognise
the digest's parts by their shape (:mod:`.shapes`), and where a shape is ambiguous by the words
digests label them with (:mod:`.vocabulary`: a quote is a summary, a line of links the source). Ids and languages are filled in
afterwards by :mod:`digestpub.transforms`.
"""

from __future__ import annotations

from ..model import Digest
from .digest import build_digest
from .markdown import clean_source, is_safe_url, parse_blocks

__all__ = ["clean_source", "is_safe_url", "read_markdown"]


def read_markdown(text: str, *, source_name: str = "") -> Digest:
    """Read Markdown text into a digest (or a plain document when it has no digest shape)."""
    meta, blocks = parse_blocks(text)
    return build_digest(blocks, source_name, meta)
