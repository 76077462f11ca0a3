"""The PDF writer, checked with the real consumers: poppler's pdffonts/pdftotext/pdfinfo and pypdf.

Every export here runs with warnings as errors (pyproject's filterwarnings), so a missing glyph,
a font that fails to load or any other WeasyPrint complaint about the document fails the test.
"""

from __future__ import annotations

import contextlib
import io
import itertools
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata
from functools import cache
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pypdf
import pytest
from fontTools.ttLib import TTFont

import digestpub
from digestpub.cjk import HAN_RE, HANGUL_RE, KANA_RE
from digestpub.errors import DigestpubWarning
from digestpub.writers.pdf import PdfWriter

from .conftest import FIXTURES, ROOT, run_cli, tool

# What a list bullet extracts as: the default theme's bullets (print's "・" for a list, "◦" for one
# inside it); the CJK face draws "・", "•" and "·" with one glyph.
BULLETS = ("・", "•", "·", "◦")
CLOSING_PUNCTUATION = "，。、：；！？）」』】〉》”’"


@cache
def pdf_of(name: str, **options: str) -> bytes:
    return digestpub.export(digestpub.parse_file(FIXTURES / name), "pdf", **options)


def poppler(command: str, data: bytes, *args: str) -> str:
    """A poppler tool's output for the PDF; whatever poppler finds malformed fails the test."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(data)
        handle.flush()
        result = subprocess.run(
            [tool(command), *args, handle.name, *(["-"] if command == "pdftotext" else [])],
            check=True,
            capture_output=True,
            text=True,
        )
        assert "Syntax Error" not in result.stderr and "Syntax Warning" not in result.stderr, result.stderr
        return result.stdout


def qpdf_check(data: bytes) -> None:
    """qpdf reads every object of the file through its cross-references, and finds nothing wrong."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(data)
        handle.flush()
        check = subprocess.run([tool("qpdf"), "--check", handle.name], capture_output=True, text=True)
    assert check.returncode == 0 and "No syntax or stream encoding errors" in check.stdout, check.stdout


def fonts_table(data: bytes) -> list[dict[str, str]]:
    lines = poppler("pdffonts", data).splitlines()[2:]
    rows = []
    for line in lines:
        name, rest = line.split(" ", 1)
        flags = rest.split()
        rows.append({"name": name, "emb": flags[-5], "sub": flags[-4], "uni": flags[-3]})
    return rows


def visible_cjk(markdown: str) -> set[str]:
    """The CJK characters a reader sees in a digest (link targets and comments are not shown)."""
    text = re.sub(r"\]\([^)]*\)", "]", markdown)
    text = re.sub(r"<!--.*?-->", "", text, flags=re.S)
    return {char for char in text if HAN_RE.match(char) or KANA_RE.match(char) or HANGUL_RE.match(char)}


@pytest.mark.parametrize("name", ["zh-basic.md", "mixed-cjk.md", "zh-hant.md", "en-digest.md"])
def test_every_font_is_embedded_subset_and_ours(name: str) -> None:
    rows = fonts_table(pdf_of(name))
    assert rows
    for row in rows:
        assert (row["emb"], row["sub"], row["uni"]) == ("yes", "yes", "yes"), row
        assert "+digestpub-" in row["name"], row  # only our subsets: nothing fell back to a system font
    names = " ".join(row["name"] for row in rows)
    assert "Noto-Sans-CJK-SC" in names and "JP" not in names


@pytest.mark.parametrize("name", ["zh-basic.md", "mixed-cjk.md", "zh-hant.md"])
def test_extracted_text_has_every_cjk_character(name: str) -> None:
    source = (FIXTURES / name).read_text(encoding="utf-8")
    extracted = poppler("pdftotext", pdf_of(name))
    missing = visible_cjk(source) - set(extracted)
    assert not missing, sorted(missing)


def test_embedded_cff_fonts_are_keyed_by_glyph_id() -> None:
    """WeasyPrint writes glyph ids; a viewer that follows the spec reads them as CIDs through the
    CFF charset. With CID = GID in every subset, every viewer draws the same glyphs."""
    reader = pypdf.PdfReader(io.BytesIO(pdf_of("zh-basic.md")))
    checked = 0
    for font in reader.pages[0]["/Resources"]["/Font"].values():
        descriptor = font.get_object()["/DescendantFonts"][0].get_object()["/FontDescriptor"]
        if "/FontFile3" not in descriptor:
            continue
        order = TTFont(io.BytesIO(descriptor["/FontFile3"].get_object().get_data())).getGlyphOrder()
        assert order[1:] == [f"cid{gid:05d}" for gid in range(1, len(order))]
        checked += 1
    assert checked >= 1


def test_bold_is_a_real_bold_face() -> None:
    reader = pypdf.PdfReader(io.BytesIO(pdf_of("zh-basic.md")))
    weights = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
            program = descriptor.get("/FontFile3") or descriptor.get("/FontFile2")
            if program is None or "Noto-Sans-CJK-SC" not in font["/BaseFont"]:
                continue
            data = program.get_object().get_data()
            if data[:4] != b"OTTO":  # bare CFF: read the weight from the descriptor instead
                weights[str(font["/BaseFont"])] = int(descriptor.get("/FontWeight", 0))
            else:
                weights[str(font["/BaseFont"])] = TTFont(io.BytesIO(data))["OS/2"].usWeightClass
    bold = [weight for name, weight in weights.items() if name.endswith("Bold")]
    regular = [weight for name, weight in weights.items() if not name.endswith("Bold")]
    assert bold and regular
    assert min(bold) >= 700 and max(regular) <= 400


def test_outline_lists_every_section_and_item() -> None:
    digest = digestpub.parse_file(FIXTURES / "zh-basic.md")
    reader = pypdf.PdfReader(io.BytesIO(pdf_of("zh-basic.md")))
    outline: list[tuple[int, str]] = []

    def walk(entries: list, depth: int) -> None:  # type: ignore[type-arg]
        for entry in entries:
            if isinstance(entry, list):
                walk(entry, depth + 1)
            else:
                outline.append((depth, entry.title))

    walk(reader.outline, 0)
    for section in digest.sections:
        assert (0, f"{section.number}. {digestpub.model.plain(section.title)}") in outline
        for item in section.items:
            assert (1, digestpub.model.plain(item.title)) in outline


def test_info_tagged_metadata_and_page_size() -> None:
    info = poppler("pdfinfo", pdf_of("zh-basic.md"))
    assert re.search(r"^Tagged:\s+yes$", info, re.M)
    assert re.search(r"^Title:\s+科技周报 \(2026-01-05 至 2026-01-11\)$", info, re.M)
    assert re.search(r"^Page size:\s+595.* x 841.* \(A4\)$", info, re.M)
    assert re.search(r"^CreationDate:\s+Mon Jan\s+5 00:00:00 2026", info, re.M)
    reader = pypdf.PdfReader(io.BytesIO(pdf_of("zh-basic.md")))
    assert reader.trailer["/Root"]["/Lang"] == "zh-Hans"
    letter = poppler("pdfinfo", pdf_of("zh-basic.md", pdf_page_size="letter"))
    assert re.search(r"^Page size:\s+612 x 792 pts \(letter\)$", letter, re.M)


def test_contents_page_numbers_and_running_header() -> None:
    text = poppler("pdftotext", pdf_of("zh-basic.md"), "-layout")
    assert re.search(r"晨光发布 Lumen-3 推理芯片\s+2\s*$", text, re.M)
    assert re.search(r"^\s*1\s*/\s*3\s*$", text, re.M) and re.search(r"^\s*3\s*/\s*3\s*$", text, re.M)
    pages = text.split("\f")
    assert "科技周报" in pages[1].splitlines()[0] and "1. 算力与芯片" in pages[1].splitlines()[0]


def test_a_long_section_title_wraps_within_its_half_of_the_running_header() -> None:
    section = "A very long section title that goes on and on about many topics in research and industry"
    digest = digestpub.parse(
        f"# Weekly digest (2026-01-05)\n\n## 1. {section}\n\n### One\n\n> **Summary**: short.\n\n"
        "### Two\n\n> **Summary**: short.\n"
    )
    bbox = poppler("pdftotext", digestpub.export(digest, "pdf"), "-bbox", "-f", "2", "-l", "2")
    middle = float(re.search(r'<page width="([\d.]+)"', bbox).group(1)) / 2
    words = [
        (float(x0), float(y0), text)
        for x0, y0, text in re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]+)</word>', bbox)
    ]
    top = min(y for _, y, _ in words)
    title = [(x, y) for x, y, text in words if text in ("Weekly", "digest") and y - top < 30]
    assert (
        len(title) == 2 and title[0][1] == title[1][1] and max(x for x, _ in title) < middle
    )  # one line, left half
    header = [(x, text) for x, y, text in words if y - top < 30 and text not in ("Weekly", "digest")]
    assert header and all(x > middle for x, _ in header), header  # the section title keeps to the right half


@pytest.mark.parametrize(
    ("title", "section", "size"),
    [
        ("An extraordinarily long digest title about everything that happened this week " * 5, "Short", "A4"),
        ("周报" + "人工智能、机器人、半导体与量子计算的每一条新闻" * 8, "长" * 150, "A4"),
        ("An extraordinarily long digest title about everything that happened this week " * 5, "Short", "A6"),
    ],
)
def test_titles_of_any_length_stay_inside_the_top_margin(title: str, section: str, size: str) -> None:
    """The running header shows the titles cut to about two lines (with an ellipsis): a title of
    hundreds of characters would otherwise run out of the top margin into the text."""
    digest = digestpub.parse(
        f"# {title} (2026-01-05)\n\n## 1. {section}\n\n### One\n\n> **Summary**: {'Body text. ' * 400}\n\n"
        "## 2. Other\n\n### Two\n\n> **Summary**: short.\n"
    )
    data = digestpub.export(digest, "pdf", pdf_page_size=size)
    top_margin = 18 / 25.4 * 72  # the theme's @page margin-top, in points
    for page in (2, 3):
        bbox = poppler("pdftotext", data, "-bbox", "-f", str(page), "-l", str(page))
        middle = float(re.search(r'<page width="([\d.]+)"', bbox).group(1)) / 2
        words = [
            (float(x0), float(y0), float(y1), text)
            for x0, y0, y1, text in re.findall(
                r'<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*yMax="([\d.]+)">([^<]+)</word>', bbox
            )
        ]
        header = [word for word in words if word[1] < top_margin - 3]  # body glyphs may reach up to it
        assert header and all(y1 <= top_margin for _, _, y1, _ in header), header
        assert any(text.endswith("…") for *_, text in header), header
        for left in (True, False):  # each half of the header: at most two lines
            tops = sorted(y0 for x, y0, _, _ in header if (x < middle) == left)
            lines = 1 + sum(1 for above, below in itertools.pairwise(tops) if below - above > 4)
            assert lines <= 2, header


@pytest.mark.parametrize("language", ["en", "zh"])
def test_bullets_hang_and_wrapped_lines_align(language: str) -> None:
    """The bullet stands in the margin; the label and every wrapped line start at one x."""
    text = (
        " ".join(["Lorem ipsum dolor sit amet, consectetur."] * 8)
        if language == "en"
        else "正文内容较长，" * 40
    )
    digest = digestpub.parse(
        f"# Weekly (2026-01-05)\n\n## 1. S\n\n### One\n\n> **Summary**: s.\n\n"
        f"- **Key**: {text}\n  - **Nested**: {text}\n\n### Two\n\n> **Summary**: s.\n"
    )
    runs: list[tuple[float, float, str]] = []  # x, y and text of every text run drawn

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        if text.strip():
            runs.append((tm[4] * cm[0] + tm[5] * cm[2] + cm[4], tm[4] * cm[1] + tm[5] * cm[3] + cm[5], text))

    pypdf.PdfReader(io.BytesIO(digestpub.export(digest, "pdf"))).pages[1].extract_text(visitor_text=visit)
    for label in ("Key", "Nested"):
        index = next(i for i, run in enumerate(runs) if run[2].startswith(label))
        bullet, start = runs[index - 1], runs[index]
        assert bullet[2] in BULLETS and abs(bullet[1] - start[1]) < 0.5 and bullet[0] < start[0] - 5
        wrapped = next(run for run in runs[index + 1 :] if run[1] < start[1] - 1)  # the next line down
        assert abs(wrapped[0] - start[0]) < 0.5, (label, start, wrapped)


def test_later_paragraphs_of_a_list_entry_do_not_hang() -> None:
    """Only an entry's first line hangs its bullet: a second paragraph in the entry, and its wrapped
    lines, start where the entry's text does."""
    text = " ".join(["Lorem ipsum dolor sit amet, consectetur."] * 6)
    digest = digestpub.parse(
        f"# Weekly (2026-01-05)\n\n## 1. S\n\n### One\n\n> **Summary**: s.\n\n"
        f"- First {text}\n\n  Second {text}\n\n### Two\n\n> **Summary**: s.\n"
    )
    bbox = poppler("pdftotext", digestpub.export(digest, "pdf"), "-bbox", "-f", "2", "-l", "2")
    words = [
        (float(x0), float(y0), text)
        for x0, y0, text in re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]+)</word>', bbox)
    ]
    first = next(word for word in words if word[2].endswith("First"))
    assert first[2][0] in BULLETS  # "・First": the bullet is the entry's first text
    end = next(word for word in words if word[2] == "Two")[1]  # the next item's title
    starts: dict[int, float] = {}  # the x of each line's first word, below the bullet's, in the entry
    for x0, y0, _ in words:
        if first[1] + 1 < y0 < end:
            starts[round(y0)] = min(x0, starts.get(round(y0), x0))
    second = next(word for word in words if word[2] == "Second")
    assert len(starts) >= 4 and round(second[1]) in starts
    assert all(abs(x - min(starts.values())) < 0.5 for x in starts.values()), starts
    assert first[0] < min(starts.values()) - 5, (first, starts)  # the bullet hangs left of every line


def test_links_are_clickable() -> None:
    digest = digestpub.parse_file(FIXTURES / "zh-basic.md")
    reader = pypdf.PdfReader(io.BytesIO(pdf_of("zh-basic.md")))
    uris, internal = set(), 0
    for page in reader.pages:
        for annotation in page.get("/Annots", []):
            annotation = annotation.get_object()
            action = annotation.get("/A")
            if action and action.get("/URI"):
                uris.add(str(action["/URI"]))
            elif annotation.get("/Dest") or (action and action.get("/D")):
                internal += 1
    expected = {item.source_url for item in digest.items if item.source_url}
    expected |= {link.url for item in digest.items for link in item.links}
    expected |= {link.url for group in digest.further_reading for link in group.links}
    assert expected <= uris
    assert internal >= len(digest.items)  # the contents and the overview link to the items


def test_no_line_starts_with_closing_punctuation(tmp_path: Path) -> None:
    sentence = "晨光半导体发布了新的推理芯片，能效提升一倍、时延下降四成；业内人士认为，这一进展意义重大！"
    body = "\n\n".join(
        f"### 条目{i}\n\n> **概要**：{sentence * 3}{'测' * i}。（{'补充说明' * (i % 3 + 1)}）「引语」。\n"
        for i in range(1, 13)
    )
    source = tmp_path / "kinsoku.md"
    source.write_text(f"# 断行测试\n\n## 1. 测试\n\n{body}", encoding="utf-8")
    text = poppler("pdftotext", digestpub.export(digestpub.parse_file(source), "pdf"), "-layout")
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    assert len(lines) > 40
    offending = [line for line in lines if line[0] in CLOSING_PUNCTUATION]
    assert not offending, offending[:5]


def test_long_urls_words_and_tables_stay_inside_the_page(tmp_path: Path) -> None:
    url = "https://example.com/" + "very-long-path-segment/" * 20 + "?query=" + "x" * 80
    digest = "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e"
    columns = " | ".join(f"列{n}" for n in range(12))
    five = " | ".join(f"characteristic{n:04d}" for n in range(5))  # 5 columns of 18-letter words
    source = tmp_path / "long.md"
    source.write_text(
        f"# 长链接\n\n## 1. 测试\n\n### 条目 {digest}\n\n> **概要**：见 {url} 。校验和 {digest}\n\n"
        f"- **{digest}**：标签太长\n\n| 文件 | SHA-512 | 说明 |\n|---|---|---|\n| model.bin | {digest} | 权重文件 |\n\n"
        f"| {columns} |\n|{'---|' * 12}\n| {columns} |\n\n"
        f"| {five} |\n|{'---|' * 5}\n| {five} |\n\n## 拓展阅读\n\n* [{url}]({url}) - 长\n",
        encoding="utf-8",
    )
    data = digestpub.export(digestpub.parse_file(source), "pdf")
    bbox = poppler("pdftotext", data, "-bbox")
    page_width = float(re.search(r'<page width="([\d.]+)"', bbox).group(1))
    right_edges = [float(x) for x in re.findall(r'xMax="([\d.]+)"', bbox)]
    assert right_edges and max(right_edges) <= page_width - 17 * 72 / 25.4 + 1  # inside the 17 mm margin


def test_a_summary_longer_than_a_page_starts_right_after_its_heading() -> None:
    """Short summaries are kept on one page; a long one would leave nearly empty pages, so it breaks."""
    summary = " ".join(f"This is summary sentence {n} of a very long item." for n in range(400))
    digest = digestpub.parse(
        f"# Huge (2026-01-05)\n\n## 1. Big\n\n### Item one\n\n> **Summary**: {summary}\n\n"
        "### Item two\n\n> **Summary**: short.\n"
    )
    data = digestpub.export(digest, "pdf")
    first_page_after_contents = poppler("pdftotext", data, "-f", "2", "-l", "2")
    assert "Item one" in first_page_after_contents
    assert len(first_page_after_contents.split()) > 300, first_page_after_contents


def test_pdf_variants() -> None:
    archive = pypdf.PdfReader(io.BytesIO(pdf_of("zh-basic.md", pdf_variant="pdf/a-3b")))
    xmp = archive.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    assert 'pdfaid:part="3"' in xmp and 'pdfaid:conformance="B"' in xmp
    assert len(archive.trailer["/ID"]) == 2  # PDF/A requires the file identifier
    accessible = pypdf.PdfReader(io.BytesIO(pdf_of("zh-basic.md", pdf_variant="pdf/ua-1")))
    xmp = accessible.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    assert 'pdfuaid:part="1"' in xmp
    assert accessible.trailer["/Root"]["/MarkInfo"]["/Marked"]
    for variant in ("pdf/a-3b", "pdf/ua-1"):  # objects the variant adds after the tags are renumbered
        qpdf_check(pdf_of("zh-basic.md", pdf_variant=variant))


def test_same_input_same_bytes(tmp_path: Path) -> None:
    """Two runs, each with sets of strings in another order (hash randomisation), write the same file."""
    env = {"SOURCE_DATE_EPOCH": "1772409600"}  # 2026-03-02, after the digest's date
    first, second = tmp_path / "a.pdf", tmp_path / "b.pdf"
    source = str(FIXTURES / "mixed-cjk.md")
    for seed, target in enumerate((first, second), start=1):
        env["PYTHONHASHSEED"] = str(seed)
        result = run_cli("export", source, "-f", "pdf", "-o", str(target), env=env)
        assert result.returncode == 0, result.stderr
        assert "warning" not in result.stderr
    assert first.read_bytes() == second.read_bytes()
    info = poppler("pdfinfo", first.read_bytes())
    assert re.search(r"^ModDate:\s+Mon Mar\s+2 00:00:00 2026", info, re.M)


def test_pdf_x4_document_id_is_the_same_for_the_same_input() -> None:
    """PDF/X-4 metadata carries a document ID, which WeasyPrint draws at random."""

    def document_id(name: str) -> str:
        data = digestpub.export(digestpub.parse_file(FIXTURES / name), "pdf", pdf_variant="pdf/x-4")
        xmp = pypdf.PdfReader(io.BytesIO(data)).trailer["/Root"]["/Metadata"].get_object().get_data()
        found = re.search(rb"<xmpMM:DocumentID>xmp\.did:([0-9a-f-]{36})</xmpMM:DocumentID>", xmp)
        assert found, xmp
        return found.group(1).decode()

    assert document_id("zh-hant.md") == document_id("zh-hant.md") != document_id("en-digest.md")
    data = pdf_of("zh-hant.md", pdf_variant="pdf/x-4")
    assert data == digestpub.export(
        digestpub.parse_file(FIXTURES / "zh-hant.md"), "pdf", pdf_variant="pdf/x-4"
    )


def test_modified_is_never_before_created(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01, before the digest's 2026-02-02
    info = poppler("pdfinfo", digestpub.export(digestpub.parse_file(FIXTURES / "mixed-cjk.md"), "pdf"))
    assert re.search(r"^CreationDate:\s+Mon Feb\s+2 00:00:00 2026", info, re.M), info
    assert re.search(r"^ModDate:\s+Mon Feb\s+2 00:00:00 2026", info, re.M), info


def test_same_bytes_without_source_date_epoch_even_with_emoji(tmp_path: Path) -> None:
    """Nothing comes from the clock: not the metadata, not the fonts WeasyPrint rewrites (the
    colour emoji font loses its pictures there, and fontTools would stamp it with the time)."""
    env = {key: value for key, value in os.environ.items() if key != "SOURCE_DATE_EPOCH"}
    outputs = []
    for name in ("a.pdf", "b.pdf"):
        if outputs:
            time.sleep(1.1)  # font timestamps have a resolution of one second
        target = tmp_path / name
        subprocess.run(
            [
                sys.executable,
                "-m",
                "digestpub",
                "export",
                str(FIXTURES / "mixed-cjk.md"),
                "-f",
                "pdf",
                "-o",
                str(target),
                "-q",
            ],
            env=env,
            check=True,
        )
        outputs.append(target.read_bytes())
    assert "Emoji" in " ".join(row["name"] for row in fonts_table(outputs[0]))
    assert outputs[0] == outputs[1]
    assert "SOURCE_DATE_EPOCH" not in os.environ or os.environ["SOURCE_DATE_EPOCH"] == env.get(
        "SOURCE_DATE_EPOCH"
    )


def test_uncovered_characters_are_reported_once_and_strict_fails(tmp_path: Path) -> None:
    source = tmp_path / "rare.md"
    source.write_text(
        "# 罕见字\n\n## 1. 测试\n\n### 条目一\n\n> **概要**：这里有𠀀和𪚥两个字，𠀀又出现。\n",
        encoding="utf-8",
    )
    result = run_cli("export", str(source), "-f", "pdf", "-o", str(tmp_path / "rare.pdf"))
    assert result.returncode == 0
    warnings = [line for line in result.stderr.splitlines() if "warning" in line]
    assert warnings == [
        f"digestpub: warning: {source}: 2 characters no font covers: "
        "'𠀀' (U+20000) in item '条目一', '𪚥' (U+2A6A5) in item '条目一'"
    ]
    strict = run_cli("export", str(source), "-f", "pdf", "-o", str(tmp_path / "strict.pdf"), "--strict")
    assert strict.returncode == 1
    assert strict.stderr.strip().splitlines() == [
        f"digestpub: error: {source}: 2 characters no font covers: "
        "'𠀀' (U+20000) in item '条目一', '𪚥' (U+2A6A5) in item '条目一'"
    ]
    assert not (tmp_path / "strict.pdf").exists()


def test_uncovered_characters_name_the_title_and_the_overview() -> None:
    digest = digestpub.parse(
        "# 罕见字𠀀 (2026-01-05)\n\n## 速览\n\n- **甲**：乙𪚥\n\n## 1. 测试\n\n### 条目\n\n> **概要**：正文。\n"
    )
    with pytest.warns(digestpub.errors.DigestpubWarning) as caught:
        digestpub.export(digest, "pdf")
    message = str(caught[0].message)
    assert "'𠀀' (U+20000) in the title" in message and "'𪚥' (U+2A6A5) in the overview" in message


@pytest.mark.parametrize(("size", "points"), [("A6", (297.6, 419.5)), ("a7 landscape", (297.6, 209.8))])
def test_every_named_page_size_weasyprint_knows(size: str, points: tuple[float, float]) -> None:
    box = pypdf.PdfReader(io.BytesIO(pdf_of("zh-basic.md", pdf_page_size=size))).pages[0].mediabox
    assert (round(float(box.width), 1), round(float(box.height), 1)) == points


def test_bad_page_size_and_variant_are_usage_errors(tmp_path: Path) -> None:
    for args, fragment in (
        (["--page-size", "huge"], "unknown page size"),
        (["--pdf-variant", "pdf/z"], "unknown PDF variant"),
        (["--page-size", "40mm 40mm"], "too small for the theme's margins"),
        (["--page-size", "6000mm 6000mm"], "larger than a PDF page can be"),
    ):
        result = run_cli("export", str(FIXTURES / "zh-basic.md"), "-f", "pdf", *args, cwd=tmp_path)
        assert result.returncode == 2
        assert result.stderr.startswith("digestpub: error: ") and fragment in result.stderr
        assert "zh-basic.md" not in result.stderr  # about the option, not the input
        assert list(tmp_path.iterdir()) == []


def test_no_temporary_folders_are_left_behind() -> None:
    before = set(Path(tempfile.gettempdir()).glob("weasyprint-*"))
    digestpub.export(digestpub.parse_file(FIXTURES / "en-digest.md"), "pdf")
    assert set(Path(tempfile.gettempdir()).glob("weasyprint-*")) == before


def test_nothing_is_fetched_and_pictures_become_links() -> None:
    digest = digestpub.parse("# 图片\n\n## 1. 测试\n\n### 条目\n\n![示意图](https://example.com/chart.png)\n")
    data = digestpub.export(digest, "pdf")  # a fetch attempt would warn, and warnings fail tests
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert "/XObject" not in reader.pages[0]["/Resources"] or not any(
        x.get_object().get("/Subtype") == "/Image" for x in reader.pages[0]["/Resources"]["/XObject"].values()
    )
    assert "示意图" in poppler("pdftotext", data)


def word_widths(data: bytes) -> dict[str, float]:
    """Each word pdftotext finds, with its width in points (the first occurrence of each)."""
    widths: dict[str, float] = {}
    for found in re.finditer(
        r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"[^>]*>([^<]+)</word>',
        poppler("pdftotext", data, "-bbox"),
    ):
        widths.setdefault(found.group(3), float(found.group(2)) - float(found.group(1)))
    return widths


def test_english_punctuation_is_proportional_and_chinese_stays_full_width() -> None:
    """The CJK face's quotes and apostrophe are full-width: right in Chinese, wrong in "it’s"."""
    english = digestpub.parse(
        "# The Weekly Note (2026-01-05)\n\n## 1. Chips\n\n### 1. Its chip\n\n"
        "> **Summary:** Its plan and it’s “done”. Dawnlight’s chip… works.\n"
    )
    data = digestpub.export(english, "pdf")
    names = " ".join(row["name"] for row in fonts_table(data))
    assert "digestpub-bundled-Noto-Sans" in names and "CJK" not in names  # no CJK face needed at all
    widths = word_widths(data)
    # "it’s" is a hair wider than "Its" with a Latin apostrophe; a full-width one adds a whole em.
    assert widths["it’s"] < widths["Its"] * 1.35, widths
    chinese = digestpub.parse(
        "# 周报 (2026-01-05)\n\n## 1. 芯片\n\n### 1. 新芯片\n\n> **概要：** 他说 “好” 计划。 OpenAI’s\n"
    )
    data = digestpub.export(chinese, "pdf")
    names = " ".join(row["name"] for row in fonts_table(data))
    assert "Noto-Sans-CJK-SC" in names
    assert not re.search(r"bundled-Noto-Sans(-Bold)?(\s|$)", names), names  # the Latin face stays out
    widths = word_widths(data)
    assert widths["“好”"] > widths["计划。"] * 0.9, widths  # three full ems, like three Chinese characters


def test_text_of_ligatures_and_emoji_sequences_survives_extraction() -> None:
    """A glyph that stands for several characters ("ffi", a flag, a ZWJ family) keeps its text."""
    digest = digestpub.parse(
        "# Words (2026-01-05)\n\n## 1. Words\n\n### 1. Official staff\n\n"
        "> **Summary:** official efficient offline first flight, coder 👩‍💻 flag 🇯🇵 family 👨‍👩‍👧 end.\n"
    )
    text = poppler("pdftotext", digestpub.export(digest, "pdf"))
    for words in (
        "official efficient offline first flight",
        "Official staff",
        "👩\u200d💻",
        "🇯🇵",
        "👨\u200d👩\u200d👧",
    ):
        assert words in text, (words, text)
    # Sequences with U+FE0F inside (WeasyPrint records no text for them), and characters that share
    # a glyph with the list bullet in the CJK face ("·" in a name) keep their own text too.
    digest = digestpub.parse(
        "# 速报 (2026-01-05)\n\n## 1. 模型\n\n### 条目一\n\n**💡内容详解**\n\n- **要点**：新模型发布。\n\n"
        "### 条目二\n\n> **概要**：埃隆·马斯克说 state-of-the-art，键 1️⃣ #️⃣ 旗 🏳️‍🌈 ❤️‍🔥 完。\n"
    )
    data = digestpub.export(digest, "pdf")
    text = poppler("pdftotext", data)
    for words in ("埃隆·马斯克", "state-of-the-art", "1️⃣", "#️⃣", "🏳️\u200d🌈", "❤️\u200d🔥"):
        assert words in text, (words, text)
    for font in pypdf.PdfReader(io.BytesIO(data)).pages[-1]["/Resources"]["/Font"].values():
        cmap = font.get_object()["/ToUnicode"].get_object().get_data().decode("ascii")
        assert cmap.count("<0000> <ffff>") == 1  # the code space range only, never a character


def test_plain_document_and_english_digest_export() -> None:
    for name in ("plain-note.md", "en-digest.md", "hostile.md", "missing-parts.md"):
        data = pdf_of(name)
        assert data.startswith(b"%PDF-")
    assert "Hostile <script>" in poppler("pdftotext", pdf_of("hostile.md"))


def test_bundled_fonts_stay_under_budget() -> None:
    total = sum(path.stat().st_size for path in (ROOT / "fonts").glob("*.[ot]tf"))
    assert total < 40 * 1024 * 1024


def test_machine_has_no_cjk_font() -> None:
    """The PDF issue's checks are about bare machines; CI (DIGESTPUB_REQUIRE_BARE_FONTS=1) is one."""
    if os.environ.get("DIGESTPUB_REQUIRE_BARE_FONTS") != "1":
        pytest.skip("set DIGESTPUB_REQUIRE_BARE_FONTS=1 where fontconfig must see no CJK font")
    listing = subprocess.run([tool("fc-list"), ":lang=zh"], capture_output=True, text=True, check=True).stdout
    assert listing.strip() == "", listing


def test_right_to_left_digest_is_mirrored() -> None:
    digest = digestpub.parse(
        "# סקירה שבועית (2026-01-05)\n\n## 1. שבבים\n\n### חברה משיקה שבב\n\n> **תקציר**: שבב חדש.\n\n"
        "- **ביצועים**: מהיר פי שניים.\n\n### מודל חדש\n\n> **תקציר**: מודל.\n"
    )
    assert digest.language == "he"
    data = digestpub.export(digest, "pdf")
    words = re.findall(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)"[^>]*>([^<]+)</word>',
        poppler("pdftotext", data, "-bbox", "-f", "2", "-l", "2"),
    )
    bullet = next((float(x0), float(y0)) for x0, y0, _, text in words if text in BULLETS)
    line = [float(x1) for x0, y0, x1, text in words if abs(float(y0) - bullet[1]) < 2 and text not in BULLETS]
    assert line and bullet[0] > max(line), (bullet, line)  # the bullet stands at the right, before the text
    # Above the top margin: the digest's title on the right, the section on the left (poppler gives
    # each Hebrew word's letters in visual order, reversed).
    header = {text[::-1]: float(x0) for x0, y0, _, text in words if float(y0) < 18 / 25.4 * 72}
    assert header["סקירה"] > 297.6 > header["שבבים"], header
    contents = re.sub("[\u202a-\u202e]", "", poppler("pdftotext", data, "-f", "1", "-l", "1"))
    page_numbers = re.findall(r"(?<![\d.-])2(?![\d.-])", contents)
    assert len(page_numbers) >= 3, contents  # the section and both items, with their page numbers


def test_contents_and_overview_entries_carry_their_items_language() -> None:
    """An English item in a Chinese digest: its contents and overview entries are set as English too."""
    digest = digestpub.parse(
        "# 科技速报 (2026-01-05)\n\n## 本期速览\n\n- **[芯片]** **NVIDIA’s “Rubin” GPU ships early**：It’s here.\n\n"
        "## 1. 芯片\n\n### NVIDIA’s “Rubin” GPU ships early\n\n"
        "> **Summary**: It’s here, and it isn’t cheap. The company’s new chip doubles the memory bandwidth.\n\n"
        "### 国产芯片发布\n\n> **概要**：国产芯片发布了新一代产品，性能提升明显。\n"
    )
    assert [item.lang for item in digest.items] == ["en", None]
    fonts: list[str] = []  # the font of every run of the headline's text, on every page

    def visit(text: str, cm: list[float], tm: list[float], font: Any, size: float) -> None:
        if "NVIDIA" in text and font is not None:
            fonts.append(str(font["/BaseFont"]))

    for page in pypdf.PdfReader(io.BytesIO(digestpub.export(digest, "pdf"))).pages:
        page.extract_text(visitor_text=visit)
    assert len(fonts) >= 3 and all("Noto-Sans" in name and "CJK" not in name for name in fonts), fonts


EMPHASIS_DIGEST = """# Emphasis Weekly (2026-01-05 ~ 2026-01-11)

## 1. Section

### 1.1 {title}

**Summary**: {summary}
"""


def text_by_slant(data: bytes) -> dict[bool, str]:
    """The text each page draws in italic faces (True) and upright ones (False), as pypdf reads the
    drawing operators; a face is italic when its embedded program has a non-zero italic angle."""
    drawn: dict[bool, list[str]] = {True: [], False: []}
    slant: dict[str, bool] = {}

    def visit(text: str, _cm: Any, _tm: Any, font: Any, _size: Any) -> None:
        if font is None or not text.strip():
            return
        name = str(font["/BaseFont"])
        if name not in slant:
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
            program = (descriptor.get("/FontFile2") or descriptor.get("/FontFile3")).get_object().get_data()
            slant[name] = TTFont(io.BytesIO(program))["post"].italicAngle != 0
        drawn[slant[name]].append(text)

    for page in pypdf.PdfReader(io.BytesIO(data)).pages:
        page.extract_text(visitor_text=visit)
    return {key: " ".join(parts) for key, parts in drawn.items()}


def test_emphasis_is_drawn_in_italics_in_english() -> None:
    markdown = EMPHASIS_DIGEST.format(
        title="A title with *slanted* words",
        summary="This sentence has *an italic phrase*, ***bold italic*** words and plain ones, "
        "and it is long enough to be read as English by the language detector.",
    )
    data = digestpub.export(digestpub.parse(markdown), "pdf")
    drawn = text_by_slant(data)
    for words in ("slanted", "an italic phrase", "bold italic"):
        assert words in drawn[True], drawn
    for words in ("Summary", "This sentence has", "plain ones"):
        assert words not in drawn[True] and words in drawn[False], drawn
    names = " ".join(row["name"] for row in fonts_table(data))
    assert "Noto-Sans-Italic" in names and "Noto-Sans-Bold-Italic" in names
    # A letter of a script without italics inside English emphasis does not make it all upright.
    lone = markdown.replace("plain ones", "plain ones, and the Hebrew letter *א (aleph)*")
    assert "an italic phrase" in text_by_slant(digestpub.export(digestpub.parse(lone), "pdf"))[True]


@pytest.mark.parametrize(
    ("summary", "emphasised"),
    [
        ("这是一段中文，其中*强调的文字*应当看得出来。", "强调的文字"),
        ("Traders in *上海港* saw gains, and the port of the city was busy all week long again.", "上海港"),
        ("Bangkok news: ข่าวเทคโนโลยี *สำคัญมาก* ประจำสัปดาห์นี้ for the week in the region.", "สำคัญมาก"),
    ],
)
def test_emphasis_without_italics_stays_upright_with_a_dotted_line(summary: str, emphasised: str) -> None:
    """CJK and Thai faces have no italics: a renderer slants nothing, so emphasis would vanish (and
    an "Oblique" copy of the subset would be embedded for it). It is upright and underlined with
    dots — in a Chinese or Thai digest, and for a CJK run inside English emphasis."""
    with_emphasis = EMPHASIS_DIGEST.format(title="Emphasis", summary=summary)
    without = with_emphasis.replace("*", "")
    data = digestpub.export(digestpub.parse(with_emphasis), "pdf")
    drawn = {key: unicodedata.normalize("NFKC", text) for key, text in text_by_slant(data).items()}
    emphasised = unicodedata.normalize("NFKC", emphasised)  # Thai "ำ" extracts as "ํ" + "า"
    assert emphasised in drawn[False] and emphasised not in drawn[True]
    assert "Oblique" not in " ".join(row["name"] for row in fonts_table(data))

    def dash_patterns(pdf: bytes) -> int:  # WeasyPrint draws a dotted line with a dash pattern
        pages = pypdf.PdfReader(io.BytesIO(pdf)).pages
        return sum(
            1
            for page in pages
            for _, operator in pypdf.generic.ContentStream(page.get_contents(), None).operations
            if operator == b"d"
        )

    assert dash_patterns(data) > dash_patterns(digestpub.export(digestpub.parse(without), "pdf"))


def test_a_bullet_stays_beside_an_entry_that_starts_with_a_block() -> None:
    """A list entry (or details point) that starts with code, a quote or a list: the bullet hangs
    beside that block instead of standing alone on a line above it."""
    markdown = (
        "# Blocks (2026-01-05)\n\n## 1. Section\n\n### Item\n\n**Summary**: text.\n\n"
        "- ```\n  code first\n  ```\n- > quote first\n- - nested first\n  - nested second\n- plain entry\n"
    )
    bbox = poppler("pdftotext", digestpub.export(digestpub.parse(markdown), "pdf"), "-bbox")
    words = [
        (float(y0), float(y1), text)
        for y0, y1, text in re.findall(r'<word [^>]*yMin="([\d.]+)"[^>]*yMax="([\d.]+)">([^<]+)</word>', bbox)
    ]
    assert sum(1 for *_, text in words if text[0] in BULLETS) == 6  # one per entry ("・plain" is one word)
    bullets = [(y0, y1) for y0, y1, text in words if text in BULLETS]
    for y0, y1 in bullets:  # some other text shares the bullet's line
        assert any(text not in BULLETS and y0 < (b0 + b1) / 2 < y1 for b0, b1, text in words), (y0, words)


SCRIPT_SAMPLES = {
    "Thai": "สวัสดีครับ",
    "Devanagari": "भारत में विकास",
    "Tamil": "தமிழ்",
    "Arabic": "الذكاء",
    "Hebrew": "בינה מלאכותית",
    "Bengali": "বাংলা",
    "Khmer": "ព័ត៌មាន",
    "Georgian": "ქართული",
    "Armenian": "Հայերեն",
    "Ethiopic": "አማርኛ",
    "Sinhala": "සිංහල",
}


def test_text_in_other_scripts_is_drawn_with_bundled_fonts() -> None:
    """Thai, Hindi, Arabic … were left blank on a machine without fonts for them (and the text after
    them drawn over it). Each major script has a bundled face; nothing is reported missing (a
    warning would fail this test) and every face is ours."""
    sentences = " ".join(f"{script}: {sample}." for script, sample in SCRIPT_SAMPLES.items())
    markdown = EMPHASIS_DIGEST.format(title="Scripts", summary=f"{sentences} **粗体 ไทย हिन्दी**")
    data = digestpub.export(digestpub.parse(markdown), "pdf")
    names = " ".join(row["name"] for row in fonts_table(data))
    for script in SCRIPT_SAMPLES:
        assert f"digestpub-bundled-Noto-Sans-{script}" in names, script
    assert "Noto-Sans-Thai-Bold" in names and "Noto-Sans-Devanagari-Bold" in names
    text = re.sub("[\u202a-\u202e]", "", poppler("pdftotext", data))  # without poppler's bidi embeddings
    for script in ("Thai", "Hebrew", "Georgian", "Armenian", "Ethiopic"):  # no reordering in extraction
        for word in SCRIPT_SAMPLES[script].split():
            assert word in text, script


def test_the_running_header_names_the_section_the_page_starts_in() -> None:
    """A page that opens with the end of section 1 and starts section 2 halfway down is headed by
    section 1 (the section a reader is in at the top of the page); a page that opens with a
    section's heading is headed by that section."""
    digest = digestpub.parse(
        "# Weekly (2026-01-05)\n\n## 1. First part\n\n### One\n\n> **Summary**: "
        + "Body text of the first part. " * 160
        + "\n\n## 2. Second part\n\n### Two\n\n> **Summary**: short.\n\n### Three\n\n> **Summary**: short.\n"
    )
    pages = poppler("pdftotext", digestpub.export(digest, "pdf"), "-layout").split("\f")
    middle = next(page for page in pages if re.search(r"^\s*2\. Second part\s*$", page, re.M))
    lines = [line for line in middle.splitlines() if line.strip()]
    assert "2. Second part" not in lines[1], lines[:3]  # the page opens with the first part's text
    assert "1. First part" in lines[0] and "2. Second part" not in lines[0], lines[0]
    assert "1. First part" in pages[1].splitlines()[0]  # opens with the heading: that section


def test_links_in_the_text_are_coloured() -> None:
    """A link inside a summary shows that it is one (the accent colour); the text around it does not."""
    from PIL import Image

    markdown = EMPHASIS_DIGEST.format(
        title="Links", summary="Plainword then [Linkword](https://example.com/a) and more plainword text."
    )
    data = digestpub.export(digestpub.parse(markdown), "pdf")
    bbox = poppler("pdftotext", data, "-bbox")
    boxes = {
        text: tuple(float(v) for v in box)
        for *box, text in re.findall(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]+)</word>', bbox
        )
    }
    with tempfile.TemporaryDirectory() as folder:
        pdf = Path(folder) / "page.pdf"
        pdf.write_bytes(data)
        subprocess.run(
            [tool("pdftoppm"), "-r", "144", "-png", "-singlefile", str(pdf), f"{folder}/page"], check=True
        )
        image = Image.open(f"{folder}/page.png").convert("RGB")

    def coloured(word: str) -> bool:  # any clearly non-grey pixel inside the word's box
        x0, y0, x1, y1 = (round(v * 2) for v in boxes[word])
        crop = image.crop((x0, y0, x1, y1))
        pixels = (crop.getpixel((x, y)) for x in range(crop.width) for y in range(crop.height))
        return any(max(pixel) - min(pixel) > 60 for pixel in pixels)

    assert coloured("Linkword") and not coloured("Plainword")


@pytest.mark.parametrize("size", ["A6", "A5 landscape"])
def test_small_pages_keep_headings_with_their_text(size: str) -> None:
    """On a small page a summary of a dozen lines cannot be kept whole with its headings: it may
    break (what "long" means follows the page size), so no page holds headings alone."""
    summary = "This summary is about eleven lines long on an A4 page, and far longer on a small one. " * 9
    digest = digestpub.parse(
        "# Small pages (2026-01-05)\n\n## 1. A section heading\n\n"
        "### An item whose title takes two lines on a small page, as real titles do\n\n"
        f"> **Summary**: {summary}\n\n## 2. Another\n\n### Second item\n\n> **Summary**: Short.\n"
    )
    pages = poppler("pdftotext", digestpub.export(digest, "pdf", pdf_page_size=size)).split("\f")
    start = next(page for page in pages if "A section heading" in page and "Contents" not in page)
    assert "Summary" in start and "This summary" in start, start


def test_variants_without_transparency_refuse_colour_emoji_and_say_what_to_use() -> None:
    """PDF/A-1 forbids transparency (soft masks), which colour emoji bitmaps are drawn with: the
    file would not be PDF/A-1. The error says so and names a variant that works."""
    digest = digestpub.parse(EMPHASIS_DIGEST.format(title="Emoji", summary="A light bulb 💡 here."))
    for variant in ("pdf/a-1b", "pdf/x-1a", "pdf/x-3"):
        with pytest.raises(digestpub.RenderError, match="pdf/a-2b"):
            digestpub.export(digest, "pdf", pdf_variant=variant)
    assert b"/SMask" in digestpub.export(digest, "pdf", pdf_variant="pdf/a-2b")
    plain_digest = digestpub.parse(EMPHASIS_DIGEST.format(title="Plain", summary="No emoji here."))
    assert b"pdfaid:part" in digestpub.export(plain_digest, "pdf", pdf_variant="pdf/a-1b")


def test_characters_no_font_has_are_boxes_and_the_line_stays_intact() -> None:
    """A script no font covers (Tibetan, Cherokee): reported, and drawn as boxes. Drawn as
    nothing, the text after it was laid over the gap ("Chinese" and "中文" overprinted)."""
    markdown = EMPHASIS_DIGEST.format(
        title="Uncovered", summary="Tibetan བོད then Chinese 中文 end, Cherokee ᏣᎳᎩ more."
    )
    markdown = markdown.replace("# Emphasis Weekly", "# Emphasis 𓀀 Weekly")  # in the page header too
    with pytest.warns(DigestpubWarning) as caught:
        data = digestpub.export(digestpub.parse(markdown), "pdf")
    assert [str(w.message).split(":")[0] for w in caught] == ["7 characters no font covers"]  # once
    long = digestpub.parse(markdown.replace("more.", "more. " + "Filler text. " * 700))
    with pytest.warns(DigestpubWarning):
        header = poppler("pdftotext", digestpub.export(long, "pdf"), "-f", "2", "-l", "2").splitlines()[0]
    assert "Emphasis □ Weekly" in header, header
    text = poppler("pdftotext", data)
    assert "Tibetan □□□ then Chinese 中文 end, Cherokee □□□ more." in " ".join(text.split())
    bbox = poppler("pdftotext", data, "-bbox")
    words = {
        word: (float(x0), float(x1))
        for x0, x1, word in re.findall(
            r'<word xMin="([\d.]+)" [^>]*xMax="([\d.]+)"[^>]*>([^<]+)</word>', bbox
        )
    }
    assert words["Chinese"][1] < words["中文"][0]  # side by side, not on top of each other


def embedded_cmaps(data: bytes) -> dict[str, set[int]]:
    """The code points of each embedded font's own cmap, by the font's name without its tag."""
    cmaps = {}
    for page in pypdf.PdfReader(io.BytesIO(data)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
            program = descriptor.get("/FontFile2") or descriptor.get("/FontFile3")
            if program is not None:
                name = str(font["/BaseFont"]).split("+", 1)[-1]
                cmaps[name] = set(TTFont(io.BytesIO(program.get_object().get_data())).getBestCmap() or {})
    return cmaps


def test_vowels_the_shaper_splits_and_joiners_are_in_the_subsets() -> None:
    """HarfBuzz draws Thai "ำ" as "ํ" + "า", Khmer "ើ" with a "េ" before the consonant, Sinhala
    "ේ" as "ෙ" + "්"; a subset without those parts drew the vowels blank or wrong. A joiner shapes
    the text around it (Sinhala "ශ්‍රී"), so the script's face needs it too."""
    markdown = EMPHASIS_DIGEST.format(title="Vowels", summary="Thai ทำงาน ; Khmer កើន ; Sinhala ගියේය ශ්‍රී ලංකා.")
    cmaps = embedded_cmaps(digestpub.export(digestpub.parse(markdown), "pdf"))  # a .notdef warning fails
    assert {0x0E4D, 0x0E32} <= cmaps["digestpub-bundled-Noto-Sans-Thai"]
    assert 0x17C1 in cmaps["digestpub-bundled-Noto-Sans-Khmer"]
    assert {0x0DD9, 0x0DCA, 0x200D} <= cmaps["digestpub-bundled-Noto-Sans-Sinhala"]


def test_page_numbers_of_entries_in_another_language_use_our_fonts() -> None:
    """The contents page number of an English entry in a Chinese digest was drawn with a whole
    system font (DejaVu Sans, 430 KB): generated text counts in every language of the page."""
    digest = digestpub.parse(
        "# 港口周报 (2026-04-01)\n\n## 1. 港口\n\n### 条目一\n\n> **摘要**：这里是摘要文字，内容较长一些。\n\n"
        "## 2. English section\n\n### An English item about the port\n\n"
        "> **Summary**: The port has reopened and the traffic is back to normal for the season.\n"
    )
    rows = fonts_table(digestpub.export(digest, "pdf"))
    assert all("+digestpub-" in row["name"] for row in rows), rows


def test_indic_text_extracts_without_repeated_vowel_signs() -> None:
    """Each glyph of a multi-glyph cluster was given the whole cluster's text, so a Bengali word
    extracted with every vowel sign twice ("পিরেবহেনেরে"); then variant glyphs with no character
    (Devanagari "ि" by width) dropped theirs, and a reph carried its first cluster ("धमर्ष"). Each
    glyph now has the characters the font made it from, and each line with vowel signs its
    ActualText: the words extract as written (a vowel drawn before its consonant comes after it)."""
    words = ("পরিবহনের", "বন্দর", "গিরাবট", "কৃত্রিম", "शिक्षा", "गिरावट", "धर्म", "ក្រុម", "ខ្មែរ")
    markdown = EMPHASIS_DIGEST.format(title="Bengali", summary=" ".join(words) + " ; office first flight.")
    text = poppler("pdftotext", digestpub.export(digestpub.parse(markdown), "pdf"))
    extracted = "".join(text.split("Summary:", 1)[1].split())  # poppler may split a Khmer word
    indic = extracted.split(";", 1)[0]
    assert indic == "".join(words), indic
    assert "officefirstflight." in extracted


def test_pages_inside_the_overview_are_headed_by_it_without_emoji() -> None:
    """The header names the overview on its pages, as plain text: an emoji of the heading, drawn
    again at the header's weight, embedded the colour font and its pictures a second time."""
    highlights = "".join(f"- **Headline number {n}**: a line of overview text for it.\n" for n in range(90))
    digest = digestpub.parse(
        f"# Weekly (2026-01-05)\n\n## ⚡ Highlights\n\n{highlights}\n## 1. Section\n\n### One\n\n> **Summary**: short.\n"
    )
    data = digestpub.export(digest, "pdf")
    pages = poppler("pdftotext", data, "-layout").split("\f")
    inside = next(page for page in pages[1:] if "Headline number 89" in page)
    assert "Highlights" in inside.splitlines()[0] and "⚡" not in inside.splitlines()[0], inside.splitlines()[
        :2
    ]
    assert sum("Color-Emoji" in row["name"] for row in fonts_table(data)) == 1


def test_a_wide_table_keeps_short_words_and_numbers_whole() -> None:
    """A table too wide for the page had equal fixed columns: "1,234,567" broke as "1,234,5 / 67"
    while the notes column wrapped a word per line. Columns now get what their longest words need;
    when those do not fit side by side, the columns with the longest words give way."""
    header = "| Port | Q1 TEU | Q2 TEU | Q3 TEU | Q4 TEU | Change | Berths | Cranes | Dwell days | Notes on operations |"
    rows = "".join(
        f"| Port-{n}-Longname | 1,234,567 | 2,345,678 | 3,456,789 | 4,567,890 | +12.5% | {n} | {n * 3} | 4.{n} "
        "| Congestion eased after the new gate system |\n"
        for n in range(8)
    )
    table = f"{header}\n|{'---|' * 10}\n{rows}"
    markdown = EMPHASIS_DIGEST.format(title="Ports", summary="The table.") + "\n" + table
    text = poppler("pdftotext", digestpub.export(digestpub.parse(markdown), "pdf"))
    for number in ("1,234,567", "2,345,678", "3,456,789", "4,567,890", "+12.5%"):
        assert text.count(number) == 8, (number, text)
    for word in ("Change", "Berths", "Cranes"):
        assert word in text.split()


def test_a_thai_tone_mark_moved_by_the_font_is_still_in_the_text() -> None:
    """Over "ำ" the font puts an alternate tone mark (a GSUB single substitution) that has no
    character of its own: "น้ำ" extracted as "นํา". The alternate now maps to the mark it replaces,
    and the line's ActualText gives "ำ" whole, where the glyphs give its two drawn parts."""
    markdown = EMPHASIS_DIGEST.format(
        title="Thai", summary="Bangkok news about น้ำท่วม and more words in English."
    )
    text = poppler("pdftotext", digestpub.export(digestpub.parse(markdown), "pdf"))
    assert "about น้ำท่วม and" in text, text


def test_the_page_header_text_uses_our_fonts() -> None:
    """The page header shows the titles from an attribute the font plan did not read: a Hebrew
    title in an English digest drew the header with a whole system font (434 KB)."""
    digest = digestpub.parse(
        "# AI Weekly חדשות השבוע (2026-01-05)\n\n## 1. Section\n\n### One\n\n> **Summary**: "
        + "English body text here. " * 600
        + "\n"
    )
    rows = fonts_table(digestpub.export(digest, "pdf"))
    assert all("+digestpub-" in row["name"] for row in rows), rows


def test_emoji_bitmaps_are_served_as_rgba_with_the_same_pixels() -> None:
    """WeasyPrint re-encodes a palette PNG at every occurrence of an emoji; the PDF writer serves
    the emoji subset with RGBA bitmaps instead, pixel for pixel the same, and the page shows them."""
    from PIL import Image

    from digestpub.fonts import bundled_faces, subset_font
    from digestpub.writers.pdf import _bitmaps_as_rgba

    face = next(face for face in bundled_faces() if face.is_color)
    original = subset_font(face, frozenset(map(ord, "💡⚡🇯🇵")))
    converted = _bitmaps_as_rgba(original)
    assert _bitmaps_as_rgba(b"not a font") == b"not a font"  # served as it is
    before, after = TTFont(io.BytesIO(original)), TTFont(io.BytesIO(converted))
    assert before.getGlyphOrder() == after.getGlyphOrder()
    pngs = 0
    for old_strike, new_strike in zip(before["CBDT"].strikeData, after["CBDT"].strikeData, strict=True):
        for name, old in old_strike.items():
            old_image = Image.open(io.BytesIO(old.imageData))
            new_image = Image.open(io.BytesIO(new_strike[name].imageData))
            assert old_image.mode == "P" and new_image.mode == "RGBA" and "transparency" not in new_image.info
            assert new_image.tobytes() == old_image.convert("RGBA").tobytes()
            pngs += 1
    assert pngs >= 3
    data = digestpub.export(
        digestpub.parse(EMPHASIS_DIGEST.format(title="Emoji 💡", summary="💡 ⚡ 💡")), "pdf"
    )
    images = [image for page in pypdf.PdfReader(io.BytesIO(data)).pages for image in page.images]
    assert images and all(image.image.size[0] >= 100 for image in images)  # the 136-pixel bitmaps


def test_numbered_lists_start_where_they_are_written() -> None:
    """``5. fifth`` is numbered 5 in print (WeasyPrint ignores ``start``), and ``0.`` is 0."""
    digest = digestpub.parse(
        "# T (2026-01-05)\n\n## 1. S\n\n### Item\n\n> **Summary**: s.\n\nSteps:\n\n5. fifth\n6. sixth\n\n"
        "Then:\n\n0. zero\n1. one\n"
    )
    assert [block.start for block in digest.items[0].body if hasattr(block, "start")] == [5, 0]
    text = poppler("pdftotext", digestpub.export(digest, "pdf"))
    assert re.findall(r"(\d+)\.\s+(fifth|sixth|zero|one)", text) == [
        ("5", "fifth"),
        ("6", "sixth"),
        ("0", "zero"),
        ("1", "one"),
    ]


HEBREW_LONG = " ".join(["זוהי רשומה ארוכה שהטקסט שלה גולש לשורה נוספת."] * 3)
ENGLISH_LONG = " ".join(["This is a long entry whose text wraps onto another line."] * 3)


@pytest.mark.parametrize(
    ("language", "item_text", "item_rtl"),
    [
        ("en", ENGLISH_LONG, False),
        ("he", HEBREW_LONG, True),
        ("he", ENGLISH_LONG, False),  # an English item in a Hebrew digest
        ("en", HEBREW_LONG, True),  # a Hebrew item in an English digest
    ],
)
def test_bullets_hang_in_either_direction(language: str, item_text: str, item_rtl: bool) -> None:
    """In left-to-right and right-to-left lists, and in an item whose direction is not the
    digest's, each bullet hangs 1em outside the text, whose wrapped lines start where its first
    line does; nothing leaves the text column; the contents' page numbers stand in one column."""
    digest_text = HEBREW_LONG if language == "he" else ENGLISH_LONG
    label, heading = item_text.split()[0], item_text.split()[1]
    digest = digestpub.parse(
        f"# {digest_text[:20]} (2026-01-05)\n\n## 1. {digest_text[:10]}\n\n### {digest_text[:24]}\n\n"
        f"> **{digest_text.split()[0]}**: {digest_text}\n\n### {heading}\n\n> **{label}**: s.\n\n"
        f"**Details**\n\n- **{label}**: {item_text}\n  - **{heading}**: {item_text}\n",
        language=language,
    )
    assert digest.language == language
    assert digest.items[1].lang == (
        None if (item_text == HEBREW_LONG) == (language == "he") else ("he" if item_rtl else "en")
    )
    data = digestpub.export(digest, "pdf")
    words = sorted(
        (float(y0), float(x0), float(x1), text)
        for x0, y0, x1, text in re.findall(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)"[^>]*>([^<]+)</word>',
            poppler("pdftotext", data, "-bbox"),
        )
    )
    left, right = 17 * 72 / 25.4, (210 - 17) * 72 / 25.4  # the text column
    assert all(left - 0.5 <= x0 and x1 <= right + 0.5 for _, x0, x1, _ in words)
    lines: list[list[tuple[float, float, float, str]]] = []  # words within 3pt of a line's top
    for word in words:
        if lines and word[0] - lines[-1][0][0] < 3:
            lines[-1].append(word)
        else:
            lines.append([word])
    hangs = []  # how far each bullet stands out from the start of its entry's wrapped line
    for line, wrapped in itertools.pairwise(lines):
        bullets = [word for word in line if word[3][-1 if item_rtl else 0] in BULLETS]
        if bullets and item_rtl:
            hangs.append(bullets[0][2] - max(word[2] for word in wrapped))
        elif bullets:
            hangs.append(min(word[1] for word in wrapped) - bullets[0][1])
    assert len(hangs) == 2 and all(9.5 < hang < 11.5 for hang in hangs), hangs  # 1em of 10.5pt
    numbers = [
        (float(x0), float(x1))
        for x0, x1, text in re.findall(
            r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"[^>]*>(\d+)</word>',
            poppler("pdftotext", data, "-bbox", "-f", "1", "-l", "1"),
        )
        if float(x0) < left + 20 or float(x1) > right - 20  # at either end of a line
    ]
    edges = [x0 if language == "he" else x1 for x0, x1 in numbers]
    assert len(edges) >= 3 and max(edges) - min(edges) < 0.5, numbers  # section and both items


def test_numbered_details_keep_their_numbers() -> None:
    """Details written as a numbered list (steps) are numbered in print, sub-points too; bulleted
    ones keep their bullets."""
    digest = digestpub.parse(
        "# T (2026-01-05)\n\n## 1. S\n\n### Item\n\n> **Summary**: s.\n\n**Steps**\n\n"
        "1. **Install**: get it\n\n   3. **Sub**: a\n   4. **Sub**: b\n2. **Run**: go\n   - **Bulleted**: c\n"
    )
    details = digest.items[0].details
    assert [point.number for point in details] == [1, 2]
    assert [child.number for child in details[0].children] == [3, 4] and details[1].children[0].number is None
    assert digestpub.from_json(digestpub.to_json(digest)) == digest
    text = poppler("pdftotext", digestpub.export(digest, "pdf"))
    assert re.findall(r"([\d.]+|◦)\s*(Install|Sub|Run|Bulleted):", text) == [
        ("1.", "Install"),
        ("3.", "Sub"),
        ("4.", "Sub"),
        ("2.", "Run"),
        ("◦", "Bulleted"),
    ]


def test_numbers_of_three_digits_stay_inside_the_margin() -> None:
    digest = digestpub.parse(
        "# T (2026-01-05)\n\n## 1. S\n\n### Item\n\n> **Summary**: s.\n\nSteps:\n\n"
        + "".join(f"{number}. step\n" for number in range(98, 102))
    )
    bbox = poppler("pdftotext", digestpub.export(digest, "pdf"), "-bbox")
    numbers = re.findall(r'<word xMin="([\d.]+)"[^>]*>(\d+)\.</word>', bbox)
    assert [number for _, number in numbers if int(number) >= 98] == ["98", "99", "100", "101"]
    assert all(float(x) >= 17 * 72 / 25.4 - 0.5 for x, _ in numbers), numbers  # the 17 mm margin


# --------------------------------------------------------------------------- the structure tree


def struct_elements(reader: pypdf.PdfReader) -> list[Any]:
    """Every element of the structure tree, depth first."""
    found, stack = [], [reader.trailer["/Root"]["/StructTreeRoot"]]
    while stack:
        node = stack.pop()
        kids = node.get("/K", [])
        for kid in reversed(kids if isinstance(kids, list) else [kids]):
            kid = kid.get_object()
            if isinstance(kid, dict) and kid.get("/Type", "/StructElem") == "/StructElem" and "/S" in kid:
                found.append(kid)
                stack.append(kid)
    return found


def kids_of(element: Any) -> list[Any]:
    return element["/K"] if isinstance(element["/K"], list) else [element["/K"]]


def marked_content_owners(reader: pypdf.PdfReader) -> dict[tuple[int, int], Any]:
    """The element of the tree that holds each piece of marked content, by (page, MCID); each is
    held once."""
    owner: dict[tuple[int, int], Any] = {}
    for element in struct_elements(reader):
        for mcid in (kid for kid in kids_of(element) if isinstance(kid, int)):
            key = (element.raw_get("/Pg").idnum, mcid)
            assert key not in owner, key
            owner[key] = element
    return owner


@pytest.mark.parametrize("name", ["zh-basic.md", "missing-parts.md", "mixed-cjk.md"])
def test_structure_tree_maps_all_marked_content_once(name: str) -> None:
    """Every piece of marked content on every page belongs to exactly one element of the tree, and
    the parent tree (how a reader goes from the content back to its element) names that element;
    running headers and page numbers are pagination artifacts (WeasyPrint tags them as elements
    outside the tree: neither content nor artifact, which PDF/UA forbids); the file's
    cross-references are sound (qpdf --check). The wrappers that say nothing are gone."""
    data = pdf_of(name)
    qpdf_check(data)
    reader = pypdf.PdfReader(io.BytesIO(data), strict=True)
    pages = {page.indirect_reference.idnum: page for page in reader.pages}
    owner = marked_content_owners(reader)
    drawn = set()
    for number, page in pages.items():
        content = page.get_contents().get_data()
        drawn.update((number, int(mcid)) for mcid in re.findall(rb"/MCID (\d+)", content))
    assert set(owner) == drawn  # the running headers and page numbers are artifacts:
    for page in pages.values():
        assert re.search(rb"/Artifact\s*<</Type /Pagination>>\s*BDC", page.get_contents().get_data())
    parent_tree = reader.trailer["/Root"]["/StructTreeRoot"]["/ParentTree"]["/Nums"]
    arrays = dict(zip(parent_tree[::2], parent_tree[1::2], strict=True))
    for page, mcid in drawn:
        mapped = arrays[pages[page]["/StructParents"]][mcid]
        element = mapped.get_object()
        assert mcid in kids_of(element) and element.raw_get("/Pg").idnum == page, (page, mcid)
        if (page, mcid) in owner:
            assert mapped.idnum == owner[page, mcid].indirect_reference.idnum, (page, mcid)
    kinds = [element["/S"] for element in struct_elements(reader)]
    assert "/NonStruct" not in kinds and {"/H1", "/H2", "/H3", "/L", "/LI", "/Link", "/P"} <= set(kinds)


def test_structure_tree_reads_as_weasyprint_tags_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """The tree poppler reads is WeasyPrint's, in the same order, with the same text in each
    element, less the NonStruct groups and the spans around one piece of text — and a fifth
    smaller."""

    def outline(data: bytes) -> tuple[list[str], list[str], int]:
        lines = [line.strip() for line in poppler("pdfinfo", data, "-struct-text").splitlines()]
        texts = [line for line in lines if line.startswith('"')]
        kept = [line for line in lines if not line.startswith(('"', "Span", "NonStruct"))]
        return texts, kept, len(lines) - len(texts)

    digest = digestpub.parse_file(FIXTURES / "missing-parts.md")  # a table, lists, links, a quote
    ours = digestpub.export(digest, "pdf")
    monkeypatch.setattr("digestpub.writers.pdf.tidy_structure_tree", lambda pdf: None)
    weasyprints = digestpub.export(digest, "pdf")
    (texts, kept, elements), (their_texts, their_kept, their_elements) = outline(ours), outline(weasyprints)
    assert texts == their_texts and len(texts) > 50
    assert kept == their_kept and any(line.startswith("Table") for line in kept)
    assert elements < their_elements * 0.8, (elements, their_elements)
    assert len(ours) < len(weasyprints)


def test_structure_tree_folds_whatever_order_its_elements_were_made_in() -> None:
    """WeasyPrint makes each element before its children; a span made before the group around it
    still ends up in the paragraph, and the parent tree and the objects after it follow."""
    import pydyf

    from digestpub.writers.pdf_structure import tidy_structure_tree

    pdf = pydyf.PDF()
    page = pydyf.Dictionary({"Type": "/Page", "Parent": pdf.pages.reference})
    pdf.add_page(page)
    parent_tree = pydyf.Dictionary({"Nums": pydyf.Array([0, pydyf.Array()])})
    pdf.add_object(parent_tree)
    root = pydyf.Dictionary({"Type": "/StructTreeRoot", "ParentTree": parent_tree.reference})
    pdf.add_object(root)
    pdf.catalog["StructTreeRoot"] = root.reference

    def element(kind: str, kids: list[Any], parent: Any = None) -> Any:
        made = pydyf.Dictionary(
            {"Type": "/StructElem", "S": kind, "K": pydyf.Array(kids), "Pg": page.reference}
        )
        pdf.add_object(made)
        if parent is not None:
            made["P"] = parent.reference
            parent["K"].append(made.reference)
        return made

    paragraph = element("/P", [])
    span = element("/Span", [0])  # made before its group
    group = element("/NonStruct", [span.reference], paragraph)
    span["P"] = group.reference
    parent_tree["Nums"][1].append(span.reference)
    after = pydyf.Dictionary({"Type": "/Example"})
    pdf.add_object(after)
    pdf.catalog["Example"] = after.reference

    tidy_structure_tree(pdf)
    assert paragraph["K"] == [0] and parent_tree["Nums"][1] == [paragraph.reference]
    assert pdf.objects[after.number] is after and pdf.catalog["Example"] == after.reference
    assert len(pdf.objects) == paragraph.number + 2


def test_see_through_page_numbers_are_artifacts_too(tmp_path: Path) -> None:
    """WeasyPrint draws a see-through margin box in a form of its own: its marked content is found
    there and made an artifact like any other page number."""
    theme = tmp_path / "see-through"
    theme.mkdir()
    (theme / "theme.toml").write_text('name = "see-through"\ninherit = "default"\n')
    default_print = (ROOT / "themes" / "default" / "print.css").read_text(encoding="utf-8")
    (theme / "print.css").write_text(default_print + "\n@page { @bottom-center { opacity: 0.5; } }\n")
    data = digestpub.export(digestpub.parse_file(FIXTURES / "zh-basic.md"), "pdf", theme=str(theme))
    reader = pypdf.PdfReader(io.BytesIO(data), strict=True)
    owned = set(marked_content_owners(reader))
    drawn, in_forms = set(), 0
    for page in reader.pages:
        content = page.get_contents().get_data()
        forms = [
            page["/Resources"]["/XObject"][f"/{name.decode()}"] for name in re.findall(rb"/(\w+) Do", content)
        ]
        for form in (form.get_object() for form in forms if form.get_object()["/Subtype"] == "/Form"):
            found = re.findall(rb"/MCID (\d+)", form.get_data()) + re.findall(
                rb"/Pagination", form.get_data()
            )
            in_forms += len(found)
            content += form.get_data()
        drawn.update(
            (page.indirect_reference.idnum, int(mcid)) for mcid in re.findall(rb"/MCID (\d+)", content)
        )
    assert in_forms and drawn == owned


def test_library_export_leaves_the_callers_objects_to_the_collector() -> None:
    """The command line freezes what exists once WeasyPrint is imported (its process ends with the
    export); digestpub.export, called from someone else's program, must not freeze their objects."""
    script = (
        "import gc, digestpub\n"
        f"digestpub.export(digestpub.parse_file({str(FIXTURES / 'zh-basic.md')!r}), 'pdf')\n"
        "print(gc.get_freeze_count())\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "0", result.stdout


@pytest.mark.parametrize("name", ["mixed-cjk.md", "en-digest.md", "variants.md", "hostile.md"])
def test_engine_savings_leave_the_pdf_unchanged(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The page's tree built by digestpub/writers/page_tree.py, the user-agent stylesheet without
    note pseudo-elements, pydyf's page references built once and the contents' page numbers in
    place from the second layout pass (digestpub/writers/pdf_engine.py) save time only: the PDF is
    the one WeasyPrint makes as it comes, byte for byte."""
    import pydyf

    from digestpub.writers import pdf_engine

    weasyprint = pdf_engine.import_weasyprint()  # quietly: as the writer imports it

    def export() -> bytes:  # not pdf_of: it keeps what it made
        return digestpub.export(digestpub.parse_file(FIXTURES / name), "pdf")

    # Every saving must be in use, or this compares WeasyPrint with itself: the page's tree is
    # ours, the page class without note rules renders it (no fallback), the page references are
    # cached.
    page_class = pdf_engine._page_class()
    rendered = []
    trees = []

    def render(self: Any, **options: Any) -> Any:
        document = weasyprint.HTML.render(self, **options)
        rendered.append(document)
        return document

    def parse_page(page: str, parse: Any = pdf_engine.parse_page) -> Any:
        trees.append(parse(page))
        return trees[-1]

    laid_out: list[str] = []  # a label for each page laid out, in any pass
    remake_page = weasyprint.layout.page.remake_page

    def counting(label: str) -> Any:
        def remake(*arguments: Any) -> Any:
            laid_out.append(label)
            return remake_page(*arguments)

        return remake

    numbered = weasyprint.layout.make_all_pages
    assert getattr(numbered, "numbers_early", False)
    monkeypatch.setattr(page_class, "render", render)
    monkeypatch.setattr(pdf_engine, "parse_page", parse_page)
    monkeypatch.setattr(weasyprint.layout.page, "remake_page", counting("ours"))
    computed = count_computed_properties(monkeypatch)
    resolved = count_resolved_lengths(monkeypatch)
    ours = export()
    assert rendered and trees and trees[0] is not None
    ours_computed, ours_resolved = len(computed), len(resolved)
    monkeypatch.undo()
    cached = pydyf.PDF.page_references.fget
    assert getattr(cached, "cached", False)
    monkeypatch.setattr(pydyf.PDF, "page_references", property(cached.uncached))
    monkeypatch.setattr(pdf_engine, "_MAY_USE_NOTES", re.compile(""))  # every page: the whole stylesheet
    monkeypatch.setattr(pdf_engine, "parse_page", lambda page: None)  # every page: tinyhtml5
    monkeypatch.setattr(weasyprint.layout, "make_all_pages", numbered.original)
    monkeypatch.setattr(weasyprint.layout.page, "remake_page", counting("theirs"))
    without_sharing(monkeypatch)
    computed = count_computed_properties(monkeypatch)
    resolved = count_resolved_lengths(monkeypatch)
    assert export() == ours
    # Alike elements shared their styles, alike boxes their lengths: fewer of each worked out.
    assert ours_computed < len(computed), (ours_computed, len(computed))
    assert ours_resolved < len(resolved) / 2, (ours_resolved, len(resolved))
    # The contents laid out once less (where there are contents): the saving was used.
    page = PdfWriter().prepare(digestpub.parse_file(FIXTURES / name), digestpub.Options()).html
    if '<nav class="toc"' in page:
        assert laid_out.count("ours") < laid_out.count("theirs"), laid_out
    else:
        assert laid_out.count("ours") == laid_out.count("theirs"), laid_out


def count_computed_properties(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The properties WeasyPrint computes from here on (a list that grows), each time it does."""
    from weasyprint import css

    computed: list[str] = []
    compute = css.ComputedStyle.__missing__

    def counted(style: Any, key: str) -> Any:
        computed.append(key)
        return compute(style, key)

    monkeypatch.setattr(css.ComputedStyle, "__missing__", counted)
    return computed


def count_resolved_lengths(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The lengths WeasyPrint resolves for boxes from here on (a list that grows), each time it does."""
    from weasyprint.layout import percent

    resolved: list[str] = []
    resolve = percent.resolve_one_percentage

    def counted(box: Any, name: str, refer_to: Any) -> None:
        resolved.append(name)
        resolve(box, name, refer_to)

    monkeypatch.setattr(percent, "resolve_one_percentage", counted)
    return resolved


def without_sharing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Styles and lengths as WeasyPrint computes them: each element and each box its own
    (digestpub/writers/pdf_styles.py)."""
    from weasyprint import css
    from weasyprint.layout import block, inline, percent

    from digestpub.writers import pdf_styles

    assert getattr(css.StyleFor.set_computed_styles, "shares", False)
    assert all(getattr(module.resolve_percentages, "remembers", False) for module in (percent, block, inline))
    monkeypatch.setattr(css.StyleFor, "set_computed_styles", css.StyleFor.set_computed_styles.original)
    for module in (sys.modules[name] for name in list(sys.modules) if name.startswith("weasyprint.layout")):
        ours = getattr(module, "resolve_percentages", None)
        if getattr(ours, "remembers", False):
            monkeypatch.setattr(module, "resolve_percentages", ours.original)
    monkeypatch.setattr(pdf_styles, "shared", contextlib.nullcontext)


def alike_items_digest(sections: int = 4, items: int = 3) -> str:
    """A digest whose sections hold alike items (same parts, same lengths; a few characters and a
    word of each section's own)."""
    parts = ["# 样式周报 (2026-03-02 至 2026-03-08)", ""]
    own = ["甲乙", "丙丁", "戊己", "庚辛", "壬癸", "子丑", "寅卯", "辰巳", "午未", "申酉"]
    words = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet"]
    for section in range(1, sections + 1):
        parts += [f"## {section}. 栏目{section}", ""]
        for item in range(1, items + 1):
            parts += [
                f"### 第{section}栏第{item}条新闻",
                "",
                f"[阅读原文](https://example.com/{section}/{item})  `[2026-03-0{item + 2}]`",
                "",
                f"> **概要**：第{section}栏的第{item}条新闻，概要写得和别条一样长，好让各条看来相同"
                f"（{own[(section - 1) % 10]} {words[(section - 1) % 10]}）。",
                "",
                "**💡内容详解**",
                "",
                "- **要点**：一条要点。",
                "    - **细节**：一条细节，也和别条一样。",
                "",
                "| 指标 | 数值 |",
                "|---|---|",
                f"| 速度 | {section}.{item} |",
                "",
            ]
    return "\n".join(parts)


# Pairs of alike elements that differ in one thing only, each a thing their children read of them
# (section 4 has no rule of its own): an inherited size, a propagated underline, a named page, and
# a border a child takes with `inherit`, or with a var() that turns out to be `inherit` (a theme's
# own custom property reaches WeasyPrint as it is). Page margins in viewport units, which WeasyPrint
# computes before it knows the page's area for the first page, after it for the others. Around
# them, pseudo-elements WeasyPrint reads whole, generated text from attributes, calc(), :lang()
# and page rules for each side. Where styles shared wrongly, the PDF differs.
STYLE_CLASSES_THEME = """
:root { --edge: inherit; }
#section-1 > .item { font-size: 1.05em; }
#section-2 > .item { text-decoration: underline; }
#section-3 > .item { border-left: 3pt double #0a0; }
.item .item-meta { border-left: inherit; padding-left: 0.5em; }
.item .details { border-left: var(--edge); }
.item td { border: 1pt solid #888; }
#section-3 > .item td:first-child { border-right-width: 4pt; }
@page { margin-left: 9vw; }
.item:nth-of-type(2) > .details { page: wide; }
.item .summary p::first-line { font-weight: bold; }
.item .summary p::first-letter { font-size: 2em; }
.item .item-meta::before { content: attr(class) " · "; }
.item li:nth-child(2n) { margin-left: calc(1em + 2pt); }
:lang(en) .summary { letter-spacing: 0.05em; }
@page wide { margin: 12mm; }
@page :left { @bottom-left { content: "p. " counter(page); } }
"""


@pytest.mark.parametrize("name", ["alike items", "mixed-cjk.md", "en-digest.md"])
@pytest.mark.filterwarnings("ignore:WeasyPrint. vw unit resolved before first page layout")
def test_styles_shared_between_alike_elements_change_nothing(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Elements whose styles WeasyPrint computes from the same inputs share them
    (digestpub/writers/pdf_styles.py); with a theme that makes alike elements differ in each way
    their children can see, the PDF is the one WeasyPrint makes computing each style on its own."""
    from digestpub.writers import pdf_engine

    pdf_engine.import_weasyprint()
    theme = tmp_path / "classes"
    theme.mkdir()
    (theme / "theme.toml").write_text('name = "classes"\ninherit = "default"\n')
    default_print = (ROOT / "themes" / "default" / "print.css").read_text(encoding="utf-8")
    (theme / "print.css").write_text(default_print + STYLE_CLASSES_THEME)
    source = FIXTURES / name
    if name == "alike items":
        source = tmp_path / "alike.md"
        source.write_text(alike_items_digest(), encoding="utf-8")

    def export() -> bytes:
        return digestpub.export(digestpub.parse_file(source), "pdf", theme=str(theme))

    computed = count_computed_properties(monkeypatch)
    resolved = count_resolved_lengths(monkeypatch)
    ours = export()
    shared, remembered = len(computed), len(resolved)
    without_sharing(monkeypatch)
    computed.clear()
    resolved.clear()
    assert export() == ours
    assert shared < len(computed), (shared, len(computed))
    assert remembered < len(resolved) / 2, (remembered, len(resolved))


def test_a_page_from_its_tree_is_the_page_from_its_text() -> None:
    """The document made from page_tree's tree holds what ``weasyprint.HTML(string=…)`` holds:
    the same settings, and an equal tree (a new WeasyPrint that sets more would fail here)."""
    from digestpub.writers import pdf_engine

    weasyprint = pdf_engine.import_weasyprint()
    page = PdfWriter().prepare(digestpub.parse_file(FIXTURES / "zh-basic.md"), digestpub.Options()).html
    fetcher = weasyprint.urls.URLFetcher()
    ours = pdf_engine._document(weasyprint.HTML, page, fetcher)
    theirs = weasyprint.HTML(string=page, url_fetcher=fetcher)
    assert type(ours) is type(theirs) and vars(ours).keys() == vars(theirs).keys()
    trees = ("wrapper_element", "etree_element")
    assert {key: value for key, value in vars(ours).items() if key not in trees} == {
        key: value for key, value in vars(theirs).items() if key not in trees
    }
    assert ElementTree.tostring(ours.etree_element) == ElementTree.tostring(theirs.etree_element)
    # Without a fetcher, WeasyPrint's own, as HTML() gives itself.
    assert isinstance(
        pdf_engine._document(weasyprint.HTML, page, None).url_fetcher, weasyprint.urls.URLFetcher
    )


@pytest.mark.parametrize(
    "rule",
    [
        ".summary-label { float: footnote; }",
        ".summary-label { float: /* a comment */ footnote; }",
        ":root { --away: footnote; } .summary-label { float: var(--away); }",
        ".summary-label { float: foot\\6e ote; }",  # a CSS escape: no text search sees it
    ],
)
def test_footnotes_of_a_theme_keep_their_calls_and_markers(
    tmp_path: Path, rule: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A theme that floats something into footnotes, however it writes it, gets WeasyPrint's
    user-agent stylesheet whole: each footnote keeps its number, in the text and before the note,
    and the PDF is the one WeasyPrint makes with its own stylesheet."""
    from digestpub.writers import pdf_engine

    theme = tmp_path / "footnotes"
    theme.mkdir()
    (theme / "theme.toml").write_text('name = "footnotes"\ninherit = "default"\n')
    default_print = (ROOT / "themes" / "default" / "print.css").read_text(encoding="utf-8")
    (theme / "print.css").write_text(default_print + "\n" + rule + "\n")

    def export() -> bytes:
        return digestpub.export(digestpub.parse_file(FIXTURES / "zh-basic.md"), "pdf", theme=str(theme))

    data = export()
    text = poppler("pdftotext", data, "-layout")
    assert re.search(r"^\s*1\. 概要", text, re.MULTILINE) and re.search(r"^\s*2\. 概要", text, re.MULTILINE)
    monkeypatch.setattr(pdf_engine, "_MAY_USE_NOTES", re.compile(""))
    assert export() == data


def test_the_usual_page_sizes_are_weasyprints() -> None:
    """A4, letter … are known without loading WeasyPrint (the helper process prepares pages with
    them); each is the size WeasyPrint itself gives the name."""
    from digestpub.writers.pdf import COMMON_PAGE_SIZES, _named_page_sizes

    assert {name: _named_page_sizes()[name] for name in COMMON_PAGE_SIZES} == COMMON_PAGE_SIZES


def test_an_unknown_variant_is_said_before_anything_else() -> None:
    """The library checks the variant first, as the command line does: not a coverage error (with
    --strict) or warning about a page it will never render."""
    digest = digestpub.parse("# 罕见字 (2026-01-05)\n\n## 1. 测试\n\n### 条目\n\n> **概要**：𠀀。\n")
    with pytest.raises(digestpub.UsageError, match="unknown PDF variant"):
        digestpub.export(digest, "pdf", pdf_variant="bogus", strict=True)


def test_the_collector_while_rendering() -> None:
    """The library only makes the collector run less often while WeasyPrint renders, and leaves it
    as it was."""
    import gc

    from digestpub.writers import pdf_engine

    before = gc.get_threshold()
    with pdf_engine.collector_for_rendering():
        assert gc.isenabled()
        assert gc.get_threshold()[0] == pdf_engine.GC_THRESHOLD
    assert gc.isenabled() and gc.get_threshold() == before


def test_the_command_lines_collector_stays_paused_until_the_next_render(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The command line pauses the collector for a render and leaves it paused (its process exits
    next); a second render collects the first one's garbage once before it starts."""
    import gc

    from digestpub.writers import pdf_engine

    monkeypatch.setattr(pdf_engine, "COMMAND_LINE", True)
    monkeypatch.setattr(pdf_engine, "_collector_left_paused", False)
    collections: list[int] = []

    def count(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            collections.append(info["generation"])

    before = gc.get_threshold()
    gc.callbacks.append(count)
    try:
        with pdf_engine.collector_for_rendering():
            assert not gc.isenabled()
        assert not gc.isenabled() and gc.get_threshold() == before and collections == []
        with pdf_engine.collector_for_rendering():
            assert collections == [2]  # one full collection, before the second render
            assert not gc.isenabled()
        assert not gc.isenabled() and collections == [2]
    finally:
        gc.callbacks.remove(count)
        gc.enable()


def test_the_page_does_not_depend_on_where_the_fonts_are(tmp_path: Path) -> None:
    """The same font in another folder (another installation) gives the same page: a PDF/X-4's
    document ID, made from the page, is the same on every machine."""
    import dataclasses

    from digestpub.fonts import FontPlan, bundled_faces

    face = next(face for face in bundled_faces() if face.family.startswith("Noto Sans CJK"))
    moved = dataclasses.replace(face, path=Path(shutil.copy(face.path, tmp_path / face.path.name)))
    urls = [
        FontPlan(stacks={}, assigned={each: {ord("字"), ord("A")}}, uncovered={}, language="zh").url(each)
        for each in (face, moved)
    ]
    assert urls[0] == urls[1]


def marked_text(page: Any) -> dict[tuple[int, int], str]:
    """The text of each piece of marked content the page draws: ``(page's object number, MCID) →
    text``, as pypdf extracts it."""
    marked: dict[tuple[int, int], str] = {}
    open_ids: list[Any] = []  # the MCIDs of the marked content being drawn, innermost last

    def before(operator: bytes, operands: list[Any], *_: Any) -> None:
        if operator in (b"BDC", b"BMC"):
            properties = operands[1] if len(operands) > 1 else None
            open_ids.append(properties.get("/MCID") if isinstance(properties, dict) else None)
        elif operator == b"EMC" and open_ids:
            open_ids.pop()

    def text(piece: str, *_: Any) -> None:
        if open_ids and open_ids[-1] is not None:
            key = (page.indirect_reference.idnum, open_ids[-1])
            marked[key] = marked.get(key, "") + piece

    page.extract_text(visitor_operand_before=before, visitor_text=text)
    return marked


def text_by_language(data: bytes) -> dict[str, list[str]]:
    """The text of each element of the structure tree that has a language of its own (``Lang``), by
    language: the marked content the element holds, at any depth, as pypdf extracts it."""
    reader = pypdf.PdfReader(io.BytesIO(data))
    marked: dict[tuple[int, int], str] = {}  # (page's object number, MCID) → text
    for page in reader.pages:
        marked.update(marked_text(page))

    def content(element: Any, page: Any) -> str:
        page = element.get("/Pg", page)
        kids = element.get("/K", [])
        kids = kids if isinstance(kids, list) else [kids]
        parts = []
        for kid in kids:
            kid = kid.get_object()
            if isinstance(kid, int):
                parts.append(marked.get((page.idnum, kid), ""))
            elif isinstance(kid, dict) and kid.get("/Type") != "/OBJR":
                parts.append(content(kid, page))
        return "".join(parts)

    found: dict[str, list[str]] = {}

    def walk(element: Any, page: Any) -> None:
        page = element.get("/Pg", page)
        if "/Lang" in element and element.get("/Type") == "/StructElem":
            found.setdefault(str(element["/Lang"]), []).append(content(element, page).strip())
        kids = element.get("/K", [])
        for kid in kids if isinstance(kids, list) else [kids]:
            if isinstance(kid.get_object(), dict):
                walk(kid.get_object(), page)

    walk(reader.trailer["/Root"]["/StructTreeRoot"], None)
    return found


def test_each_part_in_another_language_has_its_language_in_the_structure_tree() -> None:
    """A screen reader changes voice where the tagged PDF says the language changes: the elements of
    each passage or item in another language than the digest's have a Lang of their own, and
    nothing else has one (the document's language is the catalog's)."""
    passages = text_by_language(pdf_of("mixed-cjk.md"))
    assert {language: "".join(texts) for language, texts in passages.items()} == {
        "ja": "これは国内初の試みです日本語の理解力が大幅に向上しました新しいモデルはスマートフォンでも動作します",
        "ko": "이 데이터셋은 연구자들에게 무료로 제공됩니다.로봇 학습을 위한 대규모 데이터셋입니다.",
    }
    digest = digestpub.parse(
        "# 科技周报 (2026-01-05)\n\n## 1. 模型\n\n"
        "### 晨光发布新的推理芯片\n\n> **概要**：晨光发布新一代推理芯片，能效比提升一倍。\n\n"
        "### A new compiler for small models\n\n"
        "> **Summary**: The team released a compiler that makes small models run twice as fast.\n\n"
        "- **Details**: It targets phones and laptops, and it is open source.\n"
    )
    assert digest.language == "zh-Hans" and digest.items[1].lang == "en"
    data = digestpub.export(digest, "pdf", pdf_variant="pdf/ua-1")
    items = text_by_language(data)
    # Its entry in the contents, and the item's element (not each of its parts).
    assert list(items) == ["en"] and len(items["en"]) == 2
    entry, item = items["en"]
    assert entry == "A new compiler for small models"
    assert item.startswith("A new compiler for small models\nSummary: The team") and item.endswith(
        "open source."
    )


def test_lines_with_marks_extract_as_written_and_only_they_carry_actual_text() -> None:
    """Thai vowels and tone marks set above or below their consonant were extracted on a line of
    their own ("มอ" / "ื ถือ"). Each piece of text with marks now carries its text as ActualText;
    text without marks (Chinese, English) does not, and neither does right-to-left text (poppler
    would read it backwards)."""
    thai = "โมเดลใหม่ทำงานบนโทรศัพท์มือถือได้ และเข้าใจภาษาไทยดีขึ้นอย่างมาก"
    markdown = EMPHASIS_DIGEST.format(
        title="Thai",
        summary=f"{thai} ผู้พัฒนากล่าวว่าจะเปิดซอร์สในเดือนหน้า " * 6
        + "Arabic: الذكاءُ\n\n- **English**: markets rallied ❤️ and closed higher.",
    )
    data = digestpub.export(digestpub.parse(markdown), "pdf")
    text = "".join(poppler("pdftotext", data).split())  # lines wrap anywhere in Thai
    assert text.count("".join(thai.split())) == 6, text
    actual = [
        str(operands[1]["/ActualText"])
        for page in pypdf.PdfReader(io.BytesIO(data)).pages
        for operands, operator in pypdf.generic.ContentStream(page.get_contents(), None).operations
        if operator == b"BDC" and isinstance(operands[1], dict) and "/ActualText" in operands[1]
    ]
    assert actual and all(_has_marks(line) for line in actual), actual
    assert not any("الذكاء" in line or "markets" in line for line in actual)
    assert " ".join(actual).count("ทำงาน") == 6  # each line's text, as written
    for name in ("zh-basic.md", "en-digest.md"):
        assert b"/ActualText" not in b"".join(
            page.get_contents().get_data() for page in pypdf.PdfReader(io.BytesIO(pdf_of(name))).pages
        ), name


def _has_marks(text: str) -> bool:
    return any(unicodedata.category(char).startswith("M") or char == "\u0e33" for char in text)


def test_text_checked_for_marks_skips_only_characters_that_cannot_need_actual_text() -> None:
    """The draw-time check skips runs of common characters without looking each one up; none of
    those is a mark, "ำ" or a right-to-left character (the runs are all in the first plane)."""
    from digestpub.writers.pdf_text import _PLAIN, _reads_otherwise

    skipped = [chr(point) for point in range(0x10000) if _PLAIN.fullmatch(chr(point))]
    assert len(skipped) > 40000
    assert not [
        char
        for char in skipped
        if _has_marks(char) or unicodedata.bidirectional(char) in ("R", "AL") or char == "\u0eb3"
    ]
    assert _reads_otherwise("中文\u0e34") and not _reads_otherwise("中文 English ❤\ufe0f 1\ufe0f\u20e3")


def test_thai_in_the_running_header_and_soft_hyphens_extract_as_written() -> None:
    """The header's text is marked as an artifact (its tag's properties replaced): its ActualText
    stays, in a sequence of its own. A soft hyphen inside a line is not part of what it reads."""
    digest = digestpub.parse(
        "# ข่าวสำคัญประจำสัปดาห์ (2026-01-05)\n\n## 1. งานสำคัญ\n\n### ข่าวแรก\n\n> **สรุป**: ระบบ\u00adทำ\u00adงาน ได้ดีมาก "
        + "ข่าวสำคัญประจำวัน " * 400
        + "\n"
    )
    pages = poppler("pdftotext", digestpub.export(digest, "pdf")).split("\f")
    assert len(pages) > 2
    assert "ข่าวสำคัญประจำสัปดาห์" in pages[1] and "งานสำคัญ" in pages[1], pages[1][:200]
    assert "ระบบทำงาน ได้ดีมาก" in "".join(pages)


def test_traditional_chinese_is_drawn_with_its_own_forms() -> None:
    """Traditional Chinese text was drawn with the Simplified Chinese face, so the 8,098 shared
    characters the two draw differently (骨, 說, the centred full-width comma and full stop …) had
    their mainland forms. A zh-Hant digest now draws those with the bundled TC forms and the rest
    with the SC face (the glyphs the two faces share); a zh-Hans digest never uses them, and no
    space is drawn as a missing glyph (the renderer keeps the TC face for a space between them)."""
    forms = set(TTFont(ROOT / "fonts" / "NotoSansCJKtc-Regular-forms.otf").getBestCmap())
    data = pdf_of("zh-hant.md")
    cmaps = embedded_cmaps(data)
    traditional = (
        cmaps["digestpub-bundled-Noto-Sans-CJK-TC"] | cmaps["digestpub-bundled-Noto-Sans-CJK-TC-Bold"]
    )
    simplified = (
        cmaps["digestpub-bundled-Noto-Sans-CJK-SC"] | cmaps["digestpub-bundled-Noto-Sans-CJK-SC-Bold"]
    )
    used = {ord(char) for char in (FIXTURES / "zh-hant.md").read_text(encoding="utf-8")} & forms - {0x20}
    assert {0xFF0C, 0x3002, 0x3001} <= used and used <= traditional  # ，。、 and 45 characters in all
    assert not used & simplified
    for page in pypdf.PdfReader(io.BytesIO(data)).pages:
        for font in page["/Resources"]["/Font"].values():
            assert font.get_object()["/Encoding"] == "/Identity-H", font  # a CMap: a missing glyph drawn
    assert not any("TC" in name for name in embedded_cmaps(pdf_of("zh-basic.md")))
    # Taiwan and Macao by region alone, and any case, are Traditional Chinese too.
    for tag in ("zh-TW", "zh-MO", "zh-hant"):
        tagged = digestpub.parse_file(FIXTURES / "zh-hant.md", language=tag)
        assert (
            used <= embedded_cmaps(digestpub.export(tagged, "pdf"))["digestpub-bundled-Noto-Sans-CJK-TC"]
        ), tag
    # Hong Kong text, without a Hong Kong face: the Traditional forms are nearer than the Simplified.
    hong_kong = digestpub.parse_file(FIXTURES / "zh-hant.md", language="zh-HK")
    assert "digestpub-bundled-Noto-Sans-CJK-TC" in embedded_cmaps(digestpub.export(hong_kong, "pdf"))


def test_a_passage_in_the_digests_language_inside_an_item_in_another_uses_its_fonts() -> None:
    """A Traditional Chinese passage inside an English item of a Traditional Chinese digest took the
    English text's fonts (no rule named the document's language), so its characters were drawn with
    whichever face the rest of the page had put them in: the Simplified one when a code span
    elsewhere used them. The passage and the code span both get the Traditional forms now."""
    digest = digestpub.parse(
        "# 科技週報（2026/01/05）\n\n## 一、運算與晶片\n\n### 晨光發表推論晶片\n\n"
        "> **摘要**：晨光半導體發表第三代推論晶片，指令為 `說骨。`，推論吞吐量提升兩倍。\n\n"
        "### A new compiler for small models\n\n"
        "> **Summary**: The team released a compiler that makes small models run twice as fast — 說骨。\n"
    )
    assert digest.language == "zh-Hant" and digest.items[1].lang == "en"
    cmaps = embedded_cmaps(digestpub.export(digest, "pdf"))
    for name, points in cmaps.items():
        assert ({0x8AAA, 0x9AA8, 0x3002} <= points) == (name == "digestpub-bundled-Noto-Sans-CJK-TC"), name


def test_a_traditional_item_in_a_simplified_digest_has_the_traditional_forms() -> None:
    """Its article is tagged zh-Hant (see the reader's tests): its characters that the two faces
    draw differently come from the Traditional forms, and the Simplified items keep theirs."""
    digest = digestpub.parse(
        "# 科技周报 (2026-01-05)\n\n## 1. 芯片\n\n### 国产芯片发布\n\n"
        "> **概要**：国产芯片发布，说明书与开发板同时开放下载，价格较上一代降低，销售渠道扩大。\n\n"
        "### 國立臺灣大學發表研究\n\n> **概要**：國立臺灣大學發表新的語音模型研究，說明模型如何運作與訓練。\n"
    )
    assert [item.lang for item in digest.items] == [None, "zh-Hant"]
    cmaps = embedded_cmaps(digestpub.export(digest, "pdf"))
    traditional = cmaps["digestpub-bundled-Noto-Sans-CJK-TC"]
    assert {ord(char) for char in "新究說運與"} <= traditional  # characters with a Traditional form
    # 新 and 究 are only in the Traditional item: the Simplified face does not draw them.
    assert not {ord(char) for char in "新究"} & cmaps["digestpub-bundled-Noto-Sans-CJK-SC"]


def test_a_part_in_another_chinese_script_is_not_taken_by_the_documents_fonts() -> None:
    """With the document's language forced to "zh", a Traditional passage in an English item was
    drawn with the document's (Simplified) fonts: ":lang(zh)" also takes zh-Hant, and that rule
    was the more specific. The document's rule now takes only elements tagged exactly with it."""
    digest = digestpub.parse(
        "# 科技周报 (2026-01-05)\n\n## 1. 芯片\n\n### 国产芯片发布\n\n"
        "> **概要**：国产芯片发布，说明书与开发板同时开放下载，价格较上一代降低（繁体写作“說骨”）。\n\n"
        "### A new compiler for small models\n\n"
        "> **Summary**: The team released a compiler that makes small models run twice as fast — 說骨。\n",
        language="zh",
    )
    assert digest.items[1].lang == "en"
    data = digestpub.export(digest, "pdf")
    # 說 and 骨 are in both subsets (the Simplified item has them too); after the English text, they
    # are drawn with the Traditional one.
    runs: list[tuple[str, str]] = []
    for page in pypdf.PdfReader(io.BytesIO(data)).pages:
        page.extract_text(
            visitor_text=lambda text, _cm, _tm, font, _size: (
                runs.append((text, str(font.get("/BaseFont")))) if text.strip() and font is not None else None
            )
        )
    after = next(index for index, (text, _) in enumerate(runs) if "twice as fast" in text) + 1
    assert runs[after][0] == "說骨。" and "Noto-Sans-CJK-TC" in runs[after][1], runs[after]


def test_zero_width_characters_do_not_bring_in_the_colour_font() -> None:
    """A zero-width space or joiner in Chinese text outside an emoji sequence went to the colour
    emoji font (the first of the stack to cover it), whose subset then held no picture: WeasyPrint
    could not load it and warned (a warning fails this test). It draws nothing, and takes no font
    of its own."""
    digest = digestpub.parse(
        "# 科技周报 (2026-01-05)\n\n## 1. 模型\n\n### 零宽\u200b字符\n\n"
        "> **概要**：零宽\u200b空格、连\u200d接符与不\u200c连接符都在正文里。\n"
    )
    data = digestpub.export(digest, "pdf")
    assert not any("Emoji" in row["name"] for row in fonts_table(data))
    assert "连接符" in "".join(poppler("pdftotext", data).split())


def test_a_warning_quoting_an_invisible_character_stays_on_one_line() -> None:
    """A line separator in the text has no glyph in any font; WeasyPrint's message quoted it raw,
    and the terminal broke the warning line there. It is quoted as an escape."""
    markdown = EMPHASIS_DIGEST.format(title="Separator", summary="Code `a\u2028b` in the summary.")
    with pytest.warns(DigestpubWarning) as caught:
        digestpub.export(digestpub.parse(markdown), "pdf")
    messages = [str(warning.message) for warning in caught]
    assert any("\\u2028" in message for message in messages), messages
    assert not any("\u2028" in message for message in messages)


def test_text_a_theme_generates_is_drawn_with_our_fonts(tmp_path: Path) -> None:
    """A theme's own generated text ("(3 pages)" after the title, upper-roman page numbers after
    each item's title) was left out of the font plan: the renderer drew those letters with a whole
    system font (DejaVu Sans Bold, 380 KB more), or with wrong glyphs. Every string a ``content``
    declaration writes, and the symbols of the counter styles the stylesheet names, are planned."""

    theme = tmp_path / "mytheme"
    shutil.copytree(ROOT / "themes" / "default", theme)
    with (theme / "print.css").open("a", encoding="utf-8") as stylesheet:
        stylesheet.write(
            'h1::after { content: " (" counter(pages) " pages)"; }\n'
            '.item-title::after { content: " [" counter(page, upper-roman) "]"; }\n'
            '@page { @bottom-right { content: "Seite " counter(page); font-size: 8pt; } }\n'
        )
    data = digestpub.export(digestpub.parse_file(FIXTURES / "zh-basic.md"), "pdf", theme=str(theme))
    rows = fonts_table(data)
    assert all("+digestpub-" in row["name"] for row in rows), rows
    text = poppler("pdftotext", data)
    assert "(3 pages)" in text and "[II]" in text and "Seite 1" in text


# The command line, with the child's answer reported: "taken" (put in place) or "painted again".
PAINTING_IN_TWO = """
import sys
from digestpub.writers import pdf_paint

take = pdf_paint._take

def reported(plan, stream):
    answer = take(plan, stream)
    print("taken" if answer is not None else "painted again", plan.first, len(plan.pages), file=sys.stderr)
    return answer

pdf_paint._take = reported
from digestpub.cli import entry_point
sys.argv = ["digestpub", *sys.argv[1:]]
entry_point()
"""


@pytest.mark.parametrize(
    ("rule", "answer"),
    [
        ("", "taken"),
        # An item seen through (a group the child would have numbered): the parent paints again.
        (".item:last-of-type { opacity: 0.8; }", "painted again"),
        # The contents' glyphs measured at a size that rounds their widths otherwise; the widths
        # kept from there space the same glyphs in the items: the parent paints again.
        (".toc, .toc * { font-size: 0.8px !important; }", "painted again"),
    ],
)
def test_the_last_pages_painted_in_a_second_process_make_the_same_pdf(
    rule: str, answer: str, tmp_path: Path
) -> None:
    """The command line paints a long digest's last pages in a second process
    (digestpub/writers/pdf_paint.py): the PDF is the one painting every page in one process makes.
    What the child painted that the parent cannot put in place as it is, the parent paints again."""
    if len(os.sched_getaffinity(0)) < 2:
        pytest.skip("a second process is used with two cores or more")
    source = tmp_path / "long.md"
    source.write_text(alike_items_digest(sections=8, items=6), encoding="utf-8")
    theme = tmp_path / "theme"
    theme.mkdir()
    (theme / "theme.toml").write_text('name = "t"\ninherit = "default"\n')
    default_print = (ROOT / "themes" / "default" / "print.css").read_text(encoding="utf-8")
    (theme / "print.css").write_text(default_print + rule)
    target = tmp_path / "long.pdf"
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            PAINTING_IN_TWO,
            "export",
            str(source),
            "--theme",
            str(theme),
            "-o",
            str(target),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    reports = [line.split() for line in result.stderr.splitlines() if line.startswith(("taken", "painted"))]
    assert len(reports) == 1 and " ".join(reports[0][:-2]) == answer, result.stderr
    first, pages = map(int, reports[0][-2:])
    assert 0 < first < pages
    in_one = digestpub.export(
        digestpub.parse_file(source), "pdf", theme=str(theme)
    )  # the library: one process
    assert target.read_bytes() == in_one
