#!/usr/bin/env python3
"""Rebuild the bundled fonts in this folder from Debian's packages (a recipe, not run by the package).

    python fonts/build.py            # downloads the .deb files with `apt-get download` into a temp folder
    python fonts/build.py DEB_DIR    # or uses the .deb files already in DEB_DIR

It needs `apt-get` and `dpkg-deb` (any Debian or Ubuntu machine) and `uharfbuzz` from PyPI.
Nothing is installed system-wide. What it makes, and why, is described in fonts/README.md.
"""

from __future__ import annotations

import glob
import subprocess
import sys
import tempfile
from pathlib import Path

import uharfbuzz as hb

HERE = Path(__file__).resolve().parent
PACKAGES = ("fonts-noto-core", "fonts-noto-cjk", "fonts-noto-color-emoji")
SC_FACE_INDEX = 2  # NotoSansCJK-*.ttc faces: 0 JP, 1 KR, 2 SC, 3 TC, 4 HK (5-9: the Mono faces)
TC_FACE_INDEX = 3


def tag(name: str) -> int:
    return int.from_bytes(name.ljust(4).encode(), "big")


def fetch_packages(folder: Path) -> Path:
    """`apt-get download` the packages (as the current user, into ``folder``) and unpack them."""
    missing = [name for name in PACKAGES if not glob.glob(str(folder / f"{name}_*.deb"))]
    if missing:
        subprocess.run(["apt-get", "download", *missing], cwd=folder, check=True)
    root = folder / "root"
    for deb in sorted(folder.glob("*.deb")):
        subprocess.run(["dpkg-deb", "-x", str(deb), str(root)], check=True)
    return root


def write_subset(
    face: hb.Face,
    target: Path,
    *,
    flags: int,
    features: tuple[str, ...] | None,
    drop: tuple[str, ...],
    code_points: set[int] | None = None,
) -> None:
    """Write ``face`` to ``target`` with all of its code points (or only ``code_points``), minus what
    ``flags``/``drop`` remove.

    Only the layout ``features`` stay (all of them if None); the name table keeps its copyright and
    license records.
    """
    kept = set(face.unicodes) if code_points is None else code_points
    subset = hb.SubsetInput()
    subset.unicode_set.update(kept)
    subset.flags = flags
    if features is not None:
        subset.sets(hb.SubsetInputSets.LAYOUT_FEATURE_TAG).clear()
        subset.sets(hb.SubsetInputSets.LAYOUT_FEATURE_TAG).update(tag(name) for name in features)
    subset.sets(hb.SubsetInputSets.DROP_TABLE_TAG).update(tag(name) for name in drop)
    subset.sets(hb.SubsetInputSets.NAME_ID).update(range(26))
    subset.sets(hb.SubsetInputSets.NAME_LANG_ID).update(range(0x8000))
    data = hb.subset(face, subset).blob.data
    target.write_bytes(data)
    print(f"{target.name}: {len(data):,} bytes, {len(kept):,} code points")


def build_cjk(root: Path) -> None:
    """The SC face of each weight, with every code point of its own cmap, and nothing else.

    Layout tables go (the SC cmap already maps to SC glyph forms; 'locl' would pull in the JP/KR/TC
    alternates, +18k glyphs), vertical metrics go, hinting goes, and the CFF is desubroutinized
    (larger raw, smaller compressed).
    """
    for weight in ("Regular", "Bold"):
        source = root / f"usr/share/fonts/opentype/noto/NotoSansCJK-{weight}.ttc"
        write_subset(
            hb.Face(hb.Blob.from_file_path(str(source)), SC_FACE_INDEX),
            HERE / f"NotoSansCJKsc-{weight}.otf",
            flags=hb.SubsetFlags.NO_HINTING | hb.SubsetFlags.DESUBROUTINIZE,
            features=(),
            drop=("GSUB", "GPOS", "GDEF", "BASE", "vhea", "vmtx", "VORG", "DSIG"),
        )


def build_cjk_traditional_forms(root: Path) -> None:
    """The TC face of each weight, with only the code points it draws otherwise than the SC face
    (8,098: Traditional Chinese forms of shared characters, and its centred full-width punctuation),
    and the space.

    Text in Traditional Chinese (and Hong Kong text without a Hong Kong face) takes these first and
    the rest from the SC face, whose other glyphs are the TC face's own (the two faces share them in
    the collection). Processed as the SC face.
    """
    for weight in ("Regular", "Bold"):
        source = root / f"usr/share/fonts/opentype/noto/NotoSansCJK-{weight}.ttc"
        blob = hb.Blob.from_file_path(str(source))
        traditional, simplified = hb.Face(blob, TC_FACE_INDEX), hb.Face(blob, SC_FACE_INDEX)
        tc_font, sc_font = hb.Font(traditional), hb.Font(simplified)
        differing = {
            point
            for point in traditional.unicodes
            if tc_font.get_nominal_glyph(point) != sc_font.get_nominal_glyph(point)
        }
        # And the space: Pango draws a space with the font of the text around it, assuming every
        # font has one (other spaces fall back to it).
        differing.add(0x20)
        write_subset(
            traditional,
            HERE / f"NotoSansCJKtc-{weight}-forms.otf",
            flags=hb.SubsetFlags.NO_HINTING | hb.SubsetFlags.DESUBROUTINIZE,
            features=(),
            drop=("GSUB", "GPOS", "GDEF", "BASE", "vhea", "vmtx", "VORG", "DSIG"),
            code_points=differing,
        )


def build_latin(root: Path) -> None:
    """Noto Sans regular, bold, italic and bold italic (Latin, Greek, Cyrillic, Vietnamese), every
    code point kept.

    For text in other languages than Chinese, Japanese and Korean: the CJK face's quotes,
    apostrophes, ellipsis and middle dot are full-width, right in Chinese, wrong in "it's"; and the
    renderer does not slant an upright face, so emphasis needs real italics.
    Hinting goes (a PDF does not use it); the layout features text needs stay (kerning, ligatures,
    combining marks).
    """
    for weight in ("Regular", "Bold", "Italic", "BoldItalic"):
        source = root / f"usr/share/fonts/truetype/noto/NotoSans-{weight}.ttf"
        write_subset(
            hb.Face(hb.Blob.from_file_path(str(source))),
            HERE / f"NotoSans-{weight}.ttf",
            flags=hb.SubsetFlags.NO_HINTING,
            features=("kern", "liga", "clig", "calt", "ccmp", "locl", "mark", "mkmk", "rlig"),
            drop=("DSIG",),
        )


# Scripts the Latin and CJK faces do not have, each a Noto Sans family of fonts-noto-core.
SCRIPTS = (
    "Arabic",
    "Armenian",
    "Bengali",
    "Devanagari",
    "Ethiopic",
    "Georgian",
    "Gujarati",
    "Gurmukhi",
    "Hebrew",
    "Kannada",
    "Khmer",
    "Lao",
    "Malayalam",
    "Myanmar",
    "Oriya",
    "Sinhala",
    "Tamil",
    "Telugu",
    "Thai",
)


def build_scripts(root: Path) -> None:
    """Noto Sans for the other major scripts (Arabic, Hebrew, Indic, South-East Asian, Ethiopic,
    Armenian, Georgian), regular and bold, so text in them is drawn on a machine with no font for
    them. Every code point and every layout feature stays (complex scripts are shaped with them);
    hinting goes."""
    for script in SCRIPTS:
        for weight in ("Regular", "Bold"):
            source = root / f"usr/share/fonts/truetype/noto/NotoSans{script}-{weight}.ttf"
            write_subset(
                hb.Face(hb.Blob.from_file_path(str(source))),
                HERE / f"NotoSans{script}-{weight}.ttf",
                flags=hb.SubsetFlags.NO_HINTING,
                features=None,
                drop=("DSIG",),
            )


def build_emoji(root: Path) -> None:
    """Noto Color Emoji as Debian ships it (CBDT bitmaps and the GSUB that joins sequences)."""
    source = root / "usr/share/fonts/truetype/noto/NotoColorEmoji.ttf"
    target = HERE / "NotoColorEmoji.ttf"
    target.write_bytes(source.read_bytes())
    print(f"{target.name}: {target.stat().st_size:,} bytes")


def build_all(root: Path) -> None:
    build_latin(root)
    build_cjk(root)
    build_cjk_traditional_forms(root)
    build_scripts(root)
    build_emoji(root)


def main() -> None:
    if len(sys.argv) > 1:
        build_all(fetch_packages(Path(sys.argv[1]).resolve()))
        return
    with tempfile.TemporaryDirectory() as folder:
        build_all(fetch_packages(Path(folder)))


if __name__ == "__main__":
    main()
