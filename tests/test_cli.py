"""The command line as users meet it: outputs, names, exit codes, one-line errors, atomic writes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from .conftest import FIXTURES, run_cli

SAMPLE = FIXTURES / "zh-basic.md"


def test_export_default_name_in_current_folder(tmp_path: Path) -> None:
    result = run_cli("export", str(SAMPLE), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    output = tmp_path / "zh-basic.html"
    assert output.read_bytes().startswith(b"<!DOCTYPE html>")
    assert "zh-basic.html" in result.stderr
    assert result.stdout == ""


def test_export_to_named_file(tmp_path: Path) -> None:
    target = tmp_path / "page.html"
    result = run_cli("export", str(SAMPLE), "--format", "html", "-o", str(target))
    assert result.returncode == 0, result.stderr
    assert target.is_file()
    assert [p.name for p in tmp_path.iterdir()] == ["page.html"]  # no temporary file left behind


def test_output_extension_picks_the_format(tmp_path: Path) -> None:
    result = run_cli("export", str(SAMPLE), "-o", str(tmp_path / "digest.pdf"))
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "digest.pdf").read_bytes().startswith(b"%PDF-")
    result = run_cli("export", str(SAMPLE), "-o", str(tmp_path / "digest.docx"))
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"digestpub: error: {tmp_path / 'digest.docx'}: no format writes .docx files (known: .html, .pdf); name one with --format"
    ]
    assert not (tmp_path / "digest.docx").exists()


def test_several_inputs_and_formats_into_a_folder(tmp_path: Path) -> None:
    out = tmp_path / "out"
    inputs = [str(FIXTURES / name) for name in ("zh-basic.md", "en-digest.md", "plain-note.md")]
    result = run_cli("export", *inputs, "--format", "all", "-o", str(out), "-q")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    expected = {
        f"{stem}.{extension}"
        for stem in ("en-digest", "plain-note", "zh-basic")
        for extension in ("html", "pdf")
    }
    assert {p.name for p in out.iterdir()} == expected


def test_format_list_with_duplicates(tmp_path: Path) -> None:
    result = run_cli("export", str(SAMPLE), "--format", "html,HTML", "-o", str(tmp_path / "x.html"))
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "x.html").is_file()


def _assert_one_line_error(result, exit_code: int, *fragments: str) -> None:  # type: ignore[no-untyped-def]
    assert result.returncode == exit_code, (result.returncode, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("digestpub: error: ")
    assert "Traceback" not in result.stderr
    for fragment in fragments:
        assert fragment in lines[0]


@pytest.mark.parametrize(
    ("content", "fragments"),
    [
        pytest.param(b"", ("the file is empty",), id="empty"),
        pytest.param(b"  \n\n\t\n", ("the file is empty",), id="blank"),
        pytest.param(b"\xef\xbb\xbf\n", ("the file is empty",), id="bom-only"),
        pytest.param(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", ("not a text file", "PDF"), id="pdf"),
        pytest.param(bytes(range(256)) * 4, ("not a text file",), id="binary"),
        pytest.param(
            "# 科技周报\n\n## 本期速览\n\n- **[芯片]** **新芯片发布**：晨光半导体发布了新的推理芯片，性能大幅提升。\n".encode(
                "gbk"
            ),
            ("not UTF-8", "GBK/GB18030", "--encoding gb18030"),
            id="gbk",
        ),
        pytest.param(
            "# 科技週報\n\n- **[晶片]** **新晶片發表**：晨光半導體發表了新的推論晶片，效能大幅提升。\n".encode(
                "big5"
            ),
            ("not UTF-8", "Big5", "--encoding big5"),
            id="big5",
        ),
        pytest.param(
            ("# Title\n\n" + "text " * 3000).encode() + b"\x00tail\n",
            ("not a text file", "NUL"),
            id="nul-late",
        ),
        pytest.param(
            "# Weekly\n\nSome English text here.\n".encode("utf-16-le"),
            ("UTF-16-LE", "--encoding utf-16-le"),
            id="utf16-no-bom",
        ),
        pytest.param(
            b"# Title\n\nplain ascii with one bad byte \xff here\n",
            ("bad byte at offset 39",),
            id="one-bad-byte",
        ),
    ],
)
def test_bad_inputs(tmp_path: Path, content: bytes, fragments: tuple[str, ...]) -> None:
    source = tmp_path / "bad.md"
    source.write_bytes(content)
    result = run_cli("export", str(source), "-o", str(tmp_path / "bad.html"))
    _assert_one_line_error(result, 1, str(source), *fragments)
    assert not (tmp_path / "bad.html").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.md"]


def test_gbk_input_with_encoding_option(tmp_path: Path) -> None:
    source = tmp_path / "gbk.md"
    source.write_bytes((FIXTURES / "zh-basic.md").read_text(encoding="utf-8").encode("gb18030"))
    result = run_cli("inspect", str(source), "--json", "--encoding", "gb18030")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["title"] == "科技周报"


def test_utf16_with_bom_is_read(tmp_path: Path) -> None:
    source = tmp_path / "utf16.md"
    source.write_bytes((FIXTURES / "zh-basic.md").read_text(encoding="utf-8").encode("utf-16"))
    result = run_cli("inspect", str(source), "--json")
    assert result.returncode == 0, result.stderr
    assert len(json.loads(result.stdout)["highlights"]) == 5


def test_missing_file(tmp_path: Path) -> None:
    result = run_cli("export", str(tmp_path / "nope.md"), cwd=tmp_path)
    _assert_one_line_error(result, 1, "nope.md", "no such file")


def test_folder_as_input(tmp_path: Path) -> None:
    result = run_cli("inspect", str(tmp_path))
    _assert_one_line_error(result, 1, "folder")


def test_unknown_encoding(tmp_path: Path) -> None:
    result = run_cli("inspect", str(SAMPLE), "--encoding", "klingon")
    _assert_one_line_error(result, 1, "unknown encoding")


def test_unknown_format_is_a_usage_error(tmp_path: Path) -> None:
    result = run_cli("export", str(SAMPLE), "--format", "html,nope", cwd=tmp_path)
    _assert_one_line_error(result, 2, "unknown format 'nope'", "known: ", "html")
    assert list(tmp_path.iterdir()) == []  # nothing was written before the error


def test_unknown_theme_is_a_usage_error(tmp_path: Path) -> None:
    result = run_cli("export", str(SAMPLE), "--theme", "nope", cwd=tmp_path)
    _assert_one_line_error(result, 2, "unknown theme 'nope'", "default")
    assert list(tmp_path.iterdir()) == []


def test_a_forced_language_that_is_not_a_language_tag_is_a_usage_error(tmp_path: Path) -> None:
    """It would be written into the page and its stylesheet: refused before any work, nothing written,
    an existing output kept."""
    existing = tmp_path / "out.pdf"
    existing.write_bytes(b"keep me")
    result = run_cli("export", str(SAMPLE), "-f", "pdf", "-o", str(existing), "--lang", "zh){}*{color:red}")
    _assert_one_line_error(result, 2, "is not a language tag")
    assert existing.read_bytes() == b"keep me" and list(tmp_path.iterdir()) == [existing]


def test_usage_errors_are_one_line_with_status_2() -> None:
    _assert_one_line_error(run_cli("export"), 2, "required")
    _assert_one_line_error(run_cli("frobnicate"), 2, "invalid choice")
    _assert_one_line_error(run_cli(), 2)


def test_several_outputs_need_a_folder(tmp_path: Path) -> None:
    existing = tmp_path / "file.txt"
    existing.write_text("keep me")
    result = run_cli("export", str(SAMPLE), str(FIXTURES / "en-digest.md"), "-o", str(existing))
    _assert_one_line_error(result, 2, "folder")
    assert existing.read_text() == "keep me"


def test_two_inputs_with_one_name_are_refused(tmp_path: Path) -> None:
    other = tmp_path / "a"
    other.mkdir()
    shutil.copy(SAMPLE, other / "zh-basic.md")
    result = run_cli("export", str(SAMPLE), str(other / "zh-basic.md"), "-o", str(tmp_path / "out"))
    _assert_one_line_error(result, 2, "zh-basic.html")


def test_output_over_input_is_refused(tmp_path: Path) -> None:
    source = tmp_path / "digest.md"
    shutil.copy(SAMPLE, source)
    result = run_cli("export", str(source), "-o", str(source))
    _assert_one_line_error(result, 2, "overwrite an input")
    assert source.read_bytes() == SAMPLE.read_bytes()


def test_failed_run_keeps_existing_output(tmp_path: Path) -> None:
    source = tmp_path / "digest.md"
    source.write_bytes(b"")
    target = tmp_path / "digest.html"
    target.write_text("previous good output")
    result = run_cli("export", str(source), "-o", str(target))
    assert result.returncode == 1
    assert target.read_text() == "previous good output"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["digest.html", "digest.md"]


def test_one_bad_input_does_not_stop_the_others(tmp_path: Path) -> None:
    bad = tmp_path / "empty.md"
    bad.write_text("")
    result = run_cli("export", str(bad), str(SAMPLE), "-o", str(tmp_path / "out"), "-q")
    _assert_one_line_error(result, 1, "empty.md", "empty")
    assert (tmp_path / "out" / "zh-basic.html").is_file()
    assert not (tmp_path / "out" / "empty.html").exists()


def test_unwritable_output_folder(tmp_path: Path) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("a file where a folder should be")
    result = run_cli("export", str(SAMPLE), "-o", str(blocker / "x.html"))
    _assert_one_line_error(result, 1)


def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    result = run_cli("inspect", str(tmp_path / "missing.md"), "--debug")
    assert result.returncode == 1
    assert "Traceback" in result.stderr
    assert result.stderr.strip().splitlines()[-1].startswith("digestpub: error: ")


def test_inspect_human_readable() -> None:
    result = run_cli("inspect", str(SAMPLE))
    assert result.returncode == 0, result.stderr
    assert "科技周报" in result.stdout
    assert "overview: 5 highlights, 4 linked to items" in result.stdout
    assert "1. 算力与芯片: 1 item" in result.stdout


def test_formats_and_themes_commands() -> None:
    formats = run_cli("formats")
    assert formats.returncode == 0
    names = [line.split()[0] for line in formats.stdout.splitlines()]
    assert names == ["html", "pdf"]
    themes = run_cli("themes")
    assert themes.returncode == 0
    assert themes.stdout.startswith("default ")


def test_version() -> None:
    result = run_cli("--version")
    assert result.returncode == 0
    assert result.stdout.startswith("digestpub ")
