"""Reading an input file as text, with one clear error for each way that can fail.

Empty files, binary files, files in another encoding (GBK, Big5, Shift-JIS …) and missing files are
refused with a message that names the file and, for encodings, the likely one and the option to use.
UTF-8 with or without a byte-order mark and UTF-16/32 with a byte-order mark are read as they are.
"""

from __future__ import annotations

import codecs
import os
from pathlib import Path

from .errors import InputError

_MAGIC = (
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (DOCX, EPUB or similar)"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x7fELF", "a program"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\xd0\xcf\x11\xe0", "an old Office document"),
)
_UNICODE_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# charset-normalizer's names → what a person calls them and what to pass to --encoding.
_FRIENDLY_ENCODINGS = {
    "gb18030": ("GBK/GB18030", "gb18030"),
    "gb2312": ("GBK/GB18030", "gb18030"),
    "gbk": ("GBK/GB18030", "gb18030"),
    "big5": ("Big5", "big5"),
    "big5hkscs": ("Big5-HKSCS", "big5hkscs"),
    "cp950": ("Big5", "big5"),
    "cp932": ("Shift_JIS", "cp932"),
    "shift_jis": ("Shift_JIS", "cp932"),
    "euc_jp": ("EUC-JP", "euc_jp"),
    "cp949": ("EUC-KR", "cp949"),
    "euc_kr": ("EUC-KR", "cp949"),
}


def read_text(path: str | os.PathLike[str], encoding: str | None = None) -> str:
    """The text of ``path``; raises :class:`InputError` with a one-line reason when it cannot."""
    name = str(path)
    file = Path(path)
    try:
        data = file.read_bytes()
    except FileNotFoundError:
        raise InputError("no such file", path=name) from None
    except IsADirectoryError:
        raise InputError("is a folder, not a file", path=name) from None
    except PermissionError:
        raise InputError("permission denied", path=name) from None
    except OSError as error:
        raise InputError(f"cannot be read ({error.strerror or error})", path=name) from None
    return decode(data, name, encoding)


def decode(data: bytes, name: str = "<input>", encoding: str | None = None) -> str:
    """Decode the bytes of an input file, refusing empty, binary and non-UTF-8 data clearly."""
    if encoding:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise InputError(f"unknown encoding {encoding!r}", path=name) from None
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as error:
            raise InputError(
                f"cannot be decoded as {encoding} (bad byte at offset {error.start})", path=name
            ) from None
        return _non_empty(text, name)

    for bom, bom_encoding in _UNICODE_BOMS:
        if data.startswith(bom):
            try:
                return _non_empty(data.decode(bom_encoding).removeprefix("\ufeff"), name)
            except UnicodeDecodeError:
                break
    if not data.strip():
        raise InputError("the file is empty", path=name)
    utf16 = _utf16_without_bom(data)
    if utf16:
        raise InputError(
            f"not UTF-8 text (it looks like {utf16.upper()} without a byte-order mark); pass --encoding {utf16}",
            path=name,
        )
    kind = _binary_kind(data)
    if kind:
        raise InputError(f"not a text file ({kind})", path=name)
    try:
        return _non_empty(data.decode("utf-8"), name)
    except UnicodeDecodeError as error:
        raise InputError(_encoding_advice(data, error), path=name) from None


def _non_empty(text: str, name: str) -> str:
    if not text.strip():
        raise InputError("the file is empty", path=name)
    return text


def _binary_kind(data: bytes) -> str | None:
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            return f"it looks like {kind}"
    if b"\x00" in data:  # anywhere: text files have no NUL bytes
        return "it has NUL bytes"
    head = data[:8192]
    controls = sum(1 for byte in head if byte < 32 and byte not in b"\t\n\r\f\v\x1b")
    return "it looks like binary data" if controls > len(head) * 0.05 else None


def _utf16_without_bom(data: bytes) -> str | None:
    """``utf-16-le``/``utf-16-be`` when the bytes are mostly ASCII text in UTF-16 with no BOM."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even_zero = sample[0::2].count(0) / len(sample[0::2])
    odd_zero = sample[1::2].count(0) / len(sample[1::2])
    for encoding, zeros, others in (("utf-16-le", odd_zero, even_zero), ("utf-16-be", even_zero, odd_zero)):
        if zeros > 0.3 and others < 0.05:
            try:
                data.decode(encoding)
            except UnicodeDecodeError:
                continue
            return encoding
    return None


def _encoding_advice(data: bytes, error: UnicodeDecodeError) -> str:
    """``not UTF-8 text (it looks like GBK/GB18030); convert it to UTF-8 or pass --encoding gb18030``."""
    from charset_normalizer import from_bytes  # imported here: only failing inputs pay for it

    offset = f"bad byte at offset {error.start}"
    non_ascii = sum(1 for byte in data if byte >= 0x80)
    best = from_bytes(data).best() if non_ascii >= 8 else None  # a stray byte says nothing of an encoding
    guess = best.encoding if best else None
    if guess in (None, "utf_8", "ascii"):
        return f"not valid UTF-8 text ({offset}); pass --encoding if it is in another encoding"
    friendly, option = _FRIENDLY_ENCODINGS.get(guess, (guess.upper().replace("_", "-"), guess))
    return f"not UTF-8 text ({offset}; it looks like {friendly}); convert it to UTF-8 or pass --encoding {option}"
