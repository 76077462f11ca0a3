"""Character classes for CJK text: which characters are Han, kana, Hangul or CJK punctuation.

Used by the reader (line breaks between CJK characters are not spaces), by language detection and by
the transforms that mark foreign-language runs. Ranges follow the Unicode blocks; no font or locale is consulted.
"""

from __future__ import annotations

import re

_HAN = (
    "\u2e80-\u2fdf"  # radicals
    "\u3005\u3007\u3021-\u3029\u3038-\u303b"  # 々 〇 Hangzhou numerals
    "\u3400-\u4dbf"  # Extension A
    "\u4e00-\u9fff"  # Unified Ideographs
    "\uf900-\ufaff"  # Compatibility Ideographs
    "\U00020000-\U0003134f"  # Extensions B–H (and the SIP/TIP planes)
)
# Without the katakana middle dot (U+30FB), which Chinese uses too, between the parts of a foreign
# name (唐納・川普): it is punctuation (below), and says nothing of the language.
_KANA = "\u3040-\u30fa\u30fc-\u30ff\u31f0-\u31ff\uff66-\uff9f\U0001b000-\U0001b16f"
_HANGUL = "\u1100-\u11ff\u3130-\u318f\ua960-\ua97f\uac00-\ud7af\ud7b0-\ud7ff"
_BOPOMOFO = "\u3100-\u312f\u31a0-\u31bf"
# CJK symbols and punctuation, full-width forms (but not full-width ASCII letters/digits).
_CJK_PUNCT = (
    "\u3000-\u3004\u3008-\u3020\u3030\u303d\u30fb"
    "\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65"
    "\ufe10-\ufe1f\ufe30-\ufe4f"
    "\u2018\u2019\u201c\u201d\u2026\u2014"  # quotes, ellipsis and dash as used in Chinese text
)

HAN_RE = re.compile(f"[{_HAN}]")
# CJK compatibility ideographs: each has a unified twin that Unicode normalization would put in its place.
CJK_COMPATIBILITY_RE = re.compile("([\uf900-\ufaff\U0002f800-\U0002fa1f])")
KANA_RE = re.compile(f"[{_KANA}]")
HANGUL_RE = re.compile(f"[{_HANGUL}]")
WIDE_RE = re.compile(f"[{_HAN}{_KANA}{_HANGUL}{_BOPOMOFO}{_CJK_PUNCT}]")


def is_wide(char: str) -> bool:
    """True for a CJK ideograph, kana, Hangul, Bopomofo or CJK punctuation character."""
    return bool(char) and WIDE_RE.match(char) is not None


def display_width(text: str) -> int:
    """Columns ``text`` takes: two for each wide (CJK) character, one for any other."""
    return sum(2 if is_wide(char) else 1 for char in text)


def join_soft_break(before: str, after: str) -> str:
    """What a soft line break between ``before`` and ``after`` becomes: a space, or nothing in CJK.

    A break between two CJK characters (or CJK punctuation) joins them; Korean is written with
    spaces between words, so a break next to Hangul stays a space.
    """
    last = before[-1:] if before else ""
    first = after[:1]
    if not last or not first:
        return ""
    if HANGUL_RE.match(last) or HANGUL_RE.match(first):
        return " "
    if is_wide(last) and is_wide(first):
        return ""
    return " "
