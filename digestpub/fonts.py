"""Fonts for the formats that embed them (PDF now, EPUB next): resolved once, checked, subset once.

For one rendered page, :func:`plan_fonts`

1. finds every piece of text and the context it is drawn in — its role (body, heading, code), its
   language (the nearest ``lang``), whether the stylesheet makes it bold or italic, and the item it
   sits in;
2. resolves each context's font stack in order: the theme's families (a bundled font answers for its
   family name before a system one does), then the bundled fonts, then any system font that covers
   what is still missing;
3. gives each character to the first font of its stack that has it, so the renderer's own fallback
   lands on the same font; characters no font has are reported with the item they are in;
4. subsets every font used to exactly its characters with HarfBuzz, once (cached in memory by
   face and character set, so the writers of one run share them), so the renderer never sees —
   or subsets — a whole font.

The plan gives the ``@font-face`` rules (family names no installed font has, URLs the writer serves
from memory) and the ``font-family`` value of each role in each language. What the page draws, and
in which context, comes from :mod:`digestpub.page_text`.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import uharfbuzz as hb

from .language import is_cjk_language
from .page_text import DEFAULT_IGNORABLE, Context, page_text
from .resources import data_dir
from .themes import GENERIC_FAMILIES, Theme

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib  # type: ignore[import-not-found,unused-ignore]

ROLES = ("body", "heading", "code")

FONT_URL_PREFIX = "file:///digestpub-fonts/"


# --------------------------------------------------------------------------- font faces


@dataclass(frozen=True, slots=True)
class FontFace:
    """One face of a font file: a family at one weight and slant (``index`` picks it from a
    collection)."""

    family: str
    path: Path
    index: int = 0
    weight: int = 400
    italic: bool = False
    bundled: bool = False
    cjk_text: bool = True  # False: never used for text in Chinese, Japanese or Korean

    def covers(self, codepoint: int) -> bool:
        """Whether the face maps ``codepoint`` to a glyph (answered from its cmap, memoised)."""
        return _covers(self.path, self.index, codepoint)

    @property
    def is_color(self) -> bool:
        return _has_color_tables(self.path, self.index)


@cache
def _hb_face(path: Path, index: int) -> hb.Face:
    return hb.Face(hb.Blob.from_file_path(str(path)), index)


@cache
def _hb_font(path: Path, index: int) -> hb.Font:
    return hb.Font(_hb_face(path, index))


@lru_cache(maxsize=65536)
def _covers(path: Path, index: int, codepoint: int) -> bool:
    return _hb_font(path, index).get_nominal_glyph(codepoint) is not None


@cache
def _has_color_tables(path: Path, index: int) -> bool:
    face = _hb_face(path, index)
    return bool(face.has_color_png or face.has_color_layers or face.has_color_svg or face.has_color_paint)


@cache
def bundled_faces() -> tuple[FontFace, ...]:
    """The fonts shipped in ``fonts/``, as ``fonts/fonts.toml`` lists them."""
    folder = data_dir("fonts")
    manifest = tomllib.loads((folder / "fonts.toml").read_text(encoding="utf-8"))
    return tuple(
        FontFace(
            entry["family"],
            folder / entry["file"],
            int(entry.get("index", 0)),
            int(entry["weight"]),
            entry.get("style", "normal") == "italic",
            bundled=True,
            cjk_text=bool(entry.get("cjk-text", True)),
        )
        for entry in manifest["font"]
        if (folder / entry["file"]).is_file()
    )


# fontconfig weights → CSS weights (fontconfig.h: FC_WEIGHT_*).
_FC_WEIGHTS = (
    (0, 100),
    (40, 200),
    (50, 300),
    (80, 400),
    (100, 500),
    (180, 600),
    (200, 700),
    (205, 800),
    (210, 900),
)


def _css_weight(fc_weight: float) -> int:
    return min(_FC_WEIGHTS, key=lambda pair: abs(pair[0] - fc_weight))[1]


@cache
def system_faces() -> tuple[FontFace, ...]:
    """The machine's fonts as fontconfig lists them (none if ``fc-list`` is not installed)."""
    if shutil.which("fc-list") is None:
        return ()
    try:
        listing = subprocess.run(
            ["fc-list", "--format", "%{family}\t%{weight}\t%{slant}\t%{index}\t%{file}\n"],
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return ()
    faces = []
    for line in sorted(set(listing.splitlines())):
        try:
            families, weight, slant, index, path = line.split("\t")
            italic = float(slant.split()[0].strip("[]") or 0) != 0  # fontconfig: 100 italic, 110 oblique
            weight_value = _css_weight(float(weight.split()[0].strip("[]") or 80))
        except ValueError:
            continue
        if not path.lower().endswith((".ttf", ".otf", ".ttc", ".otc")):
            continue
        for family in families.split(","):
            faces.append(FontFace(family.strip(), Path(path), int(index or 0), weight_value, italic))
    return tuple(faces)


@dataclass(frozen=True, slots=True)
class Family:
    """A family's faces by weight and slant, from one source (bundled or system)."""

    name: str
    faces: tuple[FontFace, ...]

    def face_for(self, bold: bool, italic: bool = False) -> FontFace:
        """The nearest face: the right slant first (an upright one if the family has no italic —
        the renderer then draws the text upright), then the nearest weight."""
        target = 700 if bold else 400
        return min(
            self.faces, key=lambda face: (face.italic != italic, abs(face.weight - target), face.weight)
        )

    @property
    def css_name(self) -> str:
        source = "bundled" if self.faces[0].bundled else "system"
        return f"digestpub {source} {self.name}"


def find_family(name: str) -> Family | None:
    """A family by name: the bundled font if there is one, else the system's (case-insensitive)."""
    wanted = name.casefold()
    for source in (bundled_faces(), system_faces()):
        faces = tuple(face for face in source if face.family.casefold() == wanted)
        if faces:
            return Family(faces[0].family, faces)
    return None


def _system_families_covering(codepoints: set[int]) -> list[Family]:
    """System families that have some of ``codepoints``, most useful first (ties by name)."""
    by_family: dict[str, list[FontFace]] = {}
    for face in system_faces():
        by_family.setdefault(face.family, []).append(face)
    scored = []
    for name, faces in by_family.items():
        regular = Family(name, tuple(faces)).face_for(False)
        try:
            covered = sum(1 for point in codepoints if regular.covers(point))
        except Exception:  # an unreadable font file: skip it
            continue
        if covered:
            scored.append((-covered, name, Family(name, tuple(faces))))
    return [family for _, _, family in sorted(scored, key=lambda entry: entry[:2])]


# --------------------------------------------------------------------------- the plan


@dataclass
class FontPlan:
    """Which subset fonts a page needs, the CSS that names them, and what nothing covers."""

    stacks: dict[tuple[str, str], list[Family]]  # (role, lang) → the families used, in order
    assigned: dict[FontFace, set[int]]
    uncovered: dict[str, str]  # character → where it first appears
    language: str
    emoji_sequences: frozenset[str] = frozenset()  # as the page writes them ("1️⃣", "🏳️‍🌈")
    upright_emphasis: frozenset[str] = frozenset()  # languages whose emphasis has no italic face

    @property
    def fonts(self) -> dict[str, bytes]:
        """The subset fonts by the URL their ``@font-face`` rule names (the writer serves them)."""
        return {self.url(face): subset_font(face, frozenset(chars)) for face, chars in self.assigned.items()}

    def url(self, face: FontFace) -> str:
        """Named after the subset's bytes, not the font file's path: the page (and the PDF/X
        document ID made from it) is the same wherever digestpub and its fonts are installed."""
        key = hashlib.sha256(subset_font(face, frozenset(self.assigned[face]))).hexdigest()[:16]
        extension = "otf" if "CFF " in _hb_face(face.path, face.index).table_tags else "ttf"
        return f"{FONT_URL_PREFIX}{key}.{extension}"

    def color_subsets(self) -> dict[str, bytes]:
        """The colour (emoji) subsets by their ``@font-face`` family name."""
        return {
            self._family_of(face).css_name: subset_font(face, frozenset(chars))
            for face, chars in self.assigned.items()
            if face.is_color
        }

    def _family_of(self, face: FontFace) -> Family:
        return next(family for stack in self.stacks.values() for family in stack if face in family.faces)

    def font_face_css(self) -> str:
        """One ``@font-face`` rule per subset, under a family name no installed font has."""
        rules = []
        for face in sorted(self.assigned, key=lambda f: (f.family, f.weight, f.italic, str(f.path))):
            family = self._family_of(face)
            rules.append(
                f'@font-face {{ font-family: "{family.css_name}"; src: url("{self.url(face)}"); '
                f"font-weight: {face.weight}; font-style: {'italic' if face.italic else 'normal'}; }}"
            )
        return "\n".join(rules) + "\n"

    def families(self, role: str, lang: str) -> str:
        """The ``font-family`` value for text of ``role`` in ``lang``: exactly the subsets it uses."""
        stack = (
            self.stacks.get((role, lang))
            or self.stacks.get(("body", lang))
            or self.stacks.get(("body", self.language))
            or []
        )
        return ", ".join(f'"{family.css_name}"' for family in stack) or "serif"

    def language_rules(self) -> str:
        """``font-family`` rules for every language of the page (plain CSS, no var()). The document's
        own language gets rules only for the elements tagged with it (a Chinese label or passage in
        an English item): the rest of the page has its fonts from the stylesheet already."""
        rules = []
        headings = ":is(h1, h2, h3, h4, h5, h6)"
        code = ":is(code, pre, kbd, samp)"
        for lang in sorted({lang for _, lang in self.stacks}):
            own = lang == self.language
            # The document's own: exactly its tag (":lang(zh)" would also take a zh-Hant part).
            selector = f'[lang="{lang}"]' if own else f":lang({lang})"
            rules.append(
                f"{'body ' if own else ''}{selector} {{ font-family: {self.families('body', lang)}; }}"
            )
            rules.append(
                f"{headings}{selector}, {headings} {selector} {{ font-family: {self.families('heading', lang)}; }}"
            )
            rules.append(
                f"{code}{selector}, {code} {selector} {{ font-family: {self.families('code', lang)}; }}"
            )
        # Emphasis the faces cannot slant (CJK, Thai, Arabic … and any font without italics; the
        # renderer draws it upright): upright with a dotted line under it, as emphasis dots are set.
        emphasis = ":is(em, i, cite, dfn, var)"
        for lang in sorted(self.upright_emphasis):
            rules.append(
                f"{emphasis}:lang({lang}), {emphasis} :lang({lang}) "
                "{ font-style: normal; text-decoration: underline dotted; }"
            )
        return "\n".join(rules) + "\n"


def _stack_families(theme: Theme, role: str, lang: str) -> list[Family]:
    """The theme's stack for the context, with the bundled families it does not name.

    Bundled faces marked ``cjk-text = false`` (the Latin one) go right after the theme's Latin
    families, before its CJK ones, for text in other languages than Chinese, Japanese and Korean;
    text in those keeps the CJK face's own Latin letters and full-width punctuation, and never uses
    them. The other bundled families come after the theme's whole stack.
    """
    cjk = is_cjk_language(lang)
    latin = {name.casefold() for name in theme.latin_fonts(role)}
    families: list[Family] = []
    seen: set[str] = set()

    def add(family: Family | None, name: str) -> None:
        if family is not None and name.casefold() not in seen and (family.faces[0].cjk_text or not cjk):
            families.append(family)
            seen.add(name.casefold())

    def add_bundled(cjk_text: bool) -> None:
        for face in bundled_faces():
            if face.cjk_text == cjk_text:
                add(
                    Family(face.family, tuple(f for f in bundled_faces() if f.family == face.family)),
                    face.family,
                )

    latin_done = False
    for name in theme.font_stack(role, lang):
        if not latin_done and name.casefold() not in latin:
            add_bundled(cjk_text=False)
            latin_done = True
        if name not in GENERIC_FAMILIES and not name.startswith("-"):
            add(find_family(name), name)
    add_bundled(cjk_text=False)
    add_bundled(cjk_text=True)
    return families


def plan_fonts(html: str, css: str, theme: Theme, language: str) -> FontPlan:
    """Resolve, assign and check every character of the page (see the module's docstring)."""
    text = page_text(html, css, language)
    assigned: dict[FontFace, set[int]] = {}
    used: dict[tuple[str, str], list[Family]] = {}
    uncovered: dict[str, str] = {}
    stacks: dict[tuple[str, str], list[Family]] = {}  # each (role, lang) stack resolved once
    # Letters of italic text per language: drawn with an italic face, and with an upright one.
    slant: dict[str, list[int]] = {}
    for context in sorted(text.by_context, key=lambda c: (c.role, c.lang, c.bold, c.italic)):
        chars = text.by_context[context]
        key = (context.role, context.lang)
        if key not in stacks:
            stacks[key] = _stack_families(theme, *key)
        families = stacks[key]
        missing = _assign(chars, text.emoji, families, context, assigned, used, slant)
        if missing:
            fallback = _system_families_covering({ord(c) for c in missing})
            missing = _assign(missing, text.emoji, fallback, context, assigned, used, slant)
        for char in sorted(missing):
            uncovered.setdefault(char, text.where.get(char, "the page"))
    # Joiners shape the text around them (Sinhala "ශ්‍රී", Indic half forms): every text face that
    # has them gets them, not only the first one of the stack.
    joiners = {0x200C, 0x200D} & {ord(char) for chars in text.by_context.values() for char in chars}
    for face, points in assigned.items():
        points.update(joiner for joiner in joiners if not face.is_color and face.covers(joiner))
    for context_key in used:  # keep the stack's order among the families a context uses
        order = {family.name: index for index, family in enumerate(stacks[context_key])}
        used[context_key].sort(key=lambda family: order.get(family.name, len(order)))
    return FontPlan(
        stacks=used,
        assigned=assigned,
        uncovered=uncovered,
        language=language,
        emoji_sequences=frozenset(text.emoji_sequences),
        # A language whose italic text is mostly drawn upright (its script has no italics): one
        # Hebrew letter inside English emphasis does not make English emphasis upright.
        upright_emphasis=frozenset(lang for lang, (italic, upright) in slant.items() if upright > italic),
    )


def _assign(
    chars: set[str],
    emoji: frozenset[str],
    families: list[Family],
    context: Context,
    assigned: dict[FontFace, set[int]],
    used: dict[tuple[str, str], list[Family]],
    slant: dict[str, list[int]],
) -> set[str]:
    """Give each character to the first family that has it; returns the characters none has. The
    letters of italic text are counted in ``slant`` by language: [with an italic face, upright]."""
    missing = set()
    stack = used.setdefault((context.role, context.lang), [])
    color = [family for family in families if family.face_for(False).is_color]
    for char in sorted(chars):
        point = ord(char)
        found = False
        # A character of an emoji sequence ("1" of "1️⃣", the joiner of "👨‍👩‍👧") also goes to the
        # colour font, so the renderer finds the whole sequence there; on its own it stays text.
        # A joiner or zero-width space outside an emoji sequence draws nothing: it never takes the
        # colour font into the page (a bitmap font with no picture cannot even be loaded).
        candidates = [f for f in families if f not in color] if DEFAULT_IGNORABLE.match(char) else families
        first = next((f for f in candidates if f.face_for(context.bold, context.italic).covers(point)), None)
        choices = [family for family in color if char in emoji][:1] + ([first] if first else [])
        for family in choices:
            if not family.face_for(context.bold, context.italic).covers(point):
                continue
            found = True
            face = family.face_for(context.bold, context.italic)
            if context.italic and not face.is_color and unicodedata.category(char)[0] in "LM":
                slant.setdefault(context.lang, [0, 0])[0 if face.italic else 1] += 1
            _give(family, point, context.bold, context.italic, assigned)
            if family not in stack:
                stack.append(family)
        if not found and not DEFAULT_IGNORABLE.match(char):  # selectors and joiners draw nothing
            missing.add(char)
    return missing


def _give(family: Family, point: int, bold: bool, italic: bool, assigned: dict[FontFace, set[int]]) -> None:
    face = family.face_for(bold, italic)
    points = {point, *(part for part in shaping_parts(point) if face.covers(part))}
    # Every face also gets the space, which the renderer may draw with whichever font it is in.
    assigned.setdefault(face, set()).update(points | {0x20} if face.covers(0x20) else points)
    # The regular face carries every character a bold or italic context needs too: if the renderer
    # ever falls back from that face, it lands on a face of ours, never on a whole system font.
    regular = family.face_for(False)
    if regular is not face and regular.covers(point):
        assigned.setdefault(regular, set()).update(part for part in points if regular.covers(part))


# Vowels shapers always split though Unicode gives them no canonical decomposition: Thai and Lao
# SARA AM (drawn as NIKHAHIT + SARA AA), and the Khmer vowels with a part written before the
# consonant (HarfBuzz's hb-ot-shaper-thai and hb-ot-shaper-khmer).
SPLIT_VOWELS = {
    0x0E33: (0x0E4D, 0x0E32),
    0x0EB3: (0x0ECD, 0x0EB2),
    **{vowel: (0x17C1, vowel) for vowel in (0x17BE, 0x17BF, 0x17C0, 0x17C4, 0x17C5)},
}


@lru_cache(maxsize=65536)
def shaping_parts(point: int) -> tuple[int, ...]:
    """The characters the shaper may draw ``point`` with instead of itself: its canonical
    decomposition, to the end (Sinhala "ේ" → "ෙ" + "්", Tamil "ொ" → "ெ" + "ா"), and the split
    vowels above (Thai "ำ" → "ํ" + "า"). A subset without them draws those vowels blank, wrong or
    broken. (Compatibility decompositions — "…" → "...", "½" — are not used by shapers.)"""
    if point in SPLIT_VOWELS:
        return SPLIT_VOWELS[point]
    fields = unicodedata.decomposition(chr(point)).split()
    if not fields or fields[0].startswith("<"):
        return ()
    parts = [int(field, 16) for field in fields]
    return tuple(dict.fromkeys(sub for part in parts for sub in (part, *shaping_parts(part))))


# --------------------------------------------------------------------------- subsetting

# The layout features a subset keeps: what any text needs (kerning, ligatures, combining marks,
# local forms), and what the shapers of complex scripts apply (Arabic joining, Indic, Khmer, Myanmar
# and the Universal Shaping Engine's reordering and conjunct forms, Hangul jamo). Optional styles
# (small capitals, old-style figures …) go: they would pull in glyphs the page does not draw.
_LAYOUT_FEATURES = (
    *("kern", "liga", "clig", "calt", "ccmp", "locl", "mark", "mkmk", "rlig", "rclt", "curs"),
    *("isol", "init", "medi", "fina", "fin2", "fin3", "med2", "mset"),
    *("nukt", "akhn", "rphf", "rkrf", "pref", "blwf", "abvf", "half", "pstf", "vatu", "cjct", "cfar"),
    *("pres", "abvs", "blws", "psts", "haln", "dist", "abvm", "blwm"),
    *("ljmo", "vjmo", "tjmo"),
)


# The name records an embedded subset keeps: copyright (0), the names that identify the face (1-6),
# and the license and its URL (13, 14), as the SIL Open Font License asks.
EMBEDDED_NAME_IDS = (0, 1, 2, 3, 4, 5, 6, 13, 14)


def _tag(name: str) -> int:
    return int.from_bytes(name.ljust(4).encode("ascii"), "big")


@lru_cache(maxsize=64)
def subset_font(face: FontFace, codepoints: frozenset[int]) -> bytes:
    """The face cut down to ``codepoints``: no hinting, CFF desubroutinized, only the layout
    features text needs (colour fonts keep theirs, which join emoji sequences). Cached in memory by
    font, face and character set, so the PDF and EPUB writers of one run share the work."""
    source = _hb_face(face.path, face.index)
    subset = hb.SubsetInput()
    subset.unicode_set.update(point for point in codepoints if face.covers(point))
    subset.flags = (
        hb.SubsetFlags.NO_HINTING | hb.SubsetFlags.DESUBROUTINIZE | hb.SubsetFlags.CFF_IDENTITY_CHARSET
    )
    if not face.is_color:
        features = subset.sets(hb.SubsetInputSets.LAYOUT_FEATURE_TAG)
        features.clear()
        features.update(_tag(name) for name in _LAYOUT_FEATURES)
        subset.sets(hb.SubsetInputSets.DROP_TABLE_TAG).update(
            _tag(name) for name in ("vhea", "vmtx", "VORG", "DSIG")
        )
    subset.sets(hb.SubsetInputSets.NAME_ID).update(EMBEDDED_NAME_IDS)
    result = hb.subset(source, subset)
    if result is None:
        raise RuntimeError(f"cannot subset {face.path}")
    return bytes(result.blob.data)


def describe_uncovered(uncovered: dict[str, str], limit: int = 8) -> str:
    """``2 characters no font covers: 'X' (U+30EDE) in item '…'``."""
    parts = [f"{char!r} (U+{ord(char):04X}) in {where}" for char, where in list(uncovered.items())[:limit]]
    more = f" and {len(uncovered) - limit} more" if len(uncovered) > limit else ""
    count = len(uncovered)
    return f"{count} character{'s' if count != 1 else ''} no font covers: {', '.join(parts)}{more}"
