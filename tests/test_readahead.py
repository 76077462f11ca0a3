"""The command line's helper process (digestpub/readahead.py): it reads and prepares ahead, and
whatever it does not deliver is done again by the caller, so nothing depends on it."""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import warnings
from pathlib import Path

import pytest

import digestpub
from digestpub import cli
from digestpub.errors import DigestpubWarning, InputError
from digestpub.model import Digest
from digestpub.options import Options
from digestpub.readahead import read_ahead
from digestpub.writers.pdf import PdfWriter, PrintJob

from .conftest import FIXTURES, run_cli

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the helper forks on Linux only")
NAMES = ["zh-basic.md", "en-digest.md", "mixed-cjk.md"]


def test_the_helper_sends_what_the_functions_make_and_their_warnings() -> None:
    def count_items(digest: Digest) -> int:
        warnings.warn(f"{len(digest.items)} items", DigestpubWarning, stacklevel=1)
        return len(digest.items)

    sources = [str(FIXTURES / name) for name in NAMES]
    with read_ahead(sources, digestpub.parse_file, {"count": count_items}) as ahead:
        assert ahead is not None
        for index, source in enumerate(sources):
            found = ahead.take(index)
            assert found is not None
            digest = digestpub.parse_file(source)
            assert found.digest == digest and found.prepared == {"count": len(digest.items)}
            with pytest.warns(DigestpubWarning, match=f"^{len(digest.items)} items$"):
                found.replay_warnings("count")


def test_what_the_helper_cannot_do_is_left_to_the_caller() -> None:
    def read(source: str) -> Digest:
        if source.endswith("hostile.md"):
            raise InputError("cannot read", path=source)
        if source.endswith("variants.md"):
            os._exit(3)  # the helper dies here: nothing after it arrives
        return digestpub.parse_file(source)

    def refuse(digest: Digest) -> None:
        raise RuntimeError("not ahead")

    names = ["zh-basic.md", "hostile.md", "en-digest.md", "variants.md", "mixed-cjk.md"]
    sources = [str(FIXTURES / name) for name in names]
    with read_ahead(sources, read, {"refused": refuse}) as ahead:
        assert ahead is not None
        found = [ahead.take(index) for index in range(len(sources))]
    assert [bool(entry) for entry in found] == [True, False, True, False, False]
    assert all(entry.prepared == {} for entry in found if entry)


def test_the_helper_prepares_pdf_pages_the_renderer_takes() -> None:
    """The PDF writer's prepare() crosses the process boundary (a PrintJob made for this file and
    these options), and the PDF made from it is the one the library makes in one go."""
    options = Options()
    writer = PdfWriter()
    source = str(FIXTURES / "mixed-cjk.md")
    with read_ahead([source], digestpub.parse_file, {"pdf": lambda d: writer.prepare(d, options)}) as ahead:
        assert ahead is not None
        found = ahead.take(0)
    assert found is not None and isinstance(found.prepared["pdf"], PrintJob)
    assert found.prepared["pdf"].made_for == (source, options)
    digest = digestpub.parse_file(source)
    made_ahead = digestpub.export(found.digest, "pdf", options=options, prepared=found.prepared["pdf"])
    assert made_ahead == digestpub.export(digest, "pdf", options=options)
    # A job made for other options is not used: the page size asked for wins.
    letter = digestpub.export(digest, "pdf", pdf_page_size="letter", prepared=found.prepared["pdf"])
    assert letter == digestpub.export(digest, "pdf", pdf_page_size="letter")


def test_warnings_with_and_without_the_helper_are_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A warning the helper's prepare() gave is said by the command line, as it says it without one."""
    source = tmp_path / "rare.md"
    source.write_text(
        "# 罕见字 (2026-01-05)\n\n## 1. 测试\n\n### 条目一\n\n> **概要**：𠀀。\n", encoding="utf-8"
    )

    def export(name: str) -> tuple[int, str, bytes]:
        status = cli.main(["export", str(source), "-f", "pdf", "-o", str(tmp_path / name)])
        return status, capsys.readouterr().err.replace(name, "OUT"), (tmp_path / name).read_bytes()

    helped = export("helped.pdf")
    monkeypatch.setattr(cli, "read_ahead", lambda *arguments: contextlib.nullcontext())  # no helper
    alone = export("alone.pdf")
    assert helped == alone
    assert "warning" in helped[1] and "U+20000" in helped[1]


def test_no_helper_where_forking_is_unsafe_or_impossible(monkeypatch: pytest.MonkeyPatch) -> None:
    source = str(FIXTURES / "zh-basic.md")
    previous = signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # children reaped by the system
    try:
        with read_ahead([source], digestpub.parse_file, {}) as ahead:
            assert ahead is None
    finally:
        signal.signal(signal.SIGCHLD, previous)
    descriptors = len(os.listdir("/proc/self/fd"))

    def no_fork() -> int:
        raise BlockingIOError(errno.EAGAIN, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", no_fork)  # the process limit reached
    with read_ahead([source], digestpub.parse_file, {}) as ahead:
        assert ahead is None
    assert len(os.listdir("/proc/self/fd")) == descriptors  # the pipe was closed


def test_a_helper_still_at_work_is_stopped_when_the_caller_leaves() -> None:
    def read(source: str) -> Digest:
        if source.endswith("en-digest.md"):
            time.sleep(120)
        return digestpub.parse_file(source)

    sources = [str(FIXTURES / name) for name in ("zh-basic.md", "en-digest.md")]
    started = time.monotonic()
    with read_ahead(sources, read, {}) as ahead:
        assert ahead is not None and ahead.take(0) is not None
        pid = ahead._pid
    assert time.monotonic() - started < 60
    with pytest.raises(ProcessLookupError):  # stopped and reaped
        os.kill(pid, 0)


def test_the_command_line_writes_what_the_library_writes(tmp_path: Path) -> None:
    """Several inputs, one of them broken, to PDF and HTML: the helper reads and prepares them; the
    files are the library's, byte for byte, and the broken one gets its one line."""
    for name in NAMES:
        shutil.copy(FIXTURES / name, tmp_path / name)
    (tmp_path / "broken.md").write_bytes(b"\x00\x01binary")
    inputs = [str(tmp_path / name) for name in ["zh-basic.md", "broken.md", *NAMES[1:]]]
    result = run_cli("export", *inputs, "-f", "pdf,html", "-o", str(tmp_path / "out"), "--quiet")
    assert result.returncode == 1
    [line] = result.stderr.splitlines()
    assert "broken.md" in line
    for name in NAMES:
        digest = digestpub.parse_file(tmp_path / name)
        stem = Path(name).stem
        assert (tmp_path / "out" / f"{stem}.pdf").read_bytes() == digestpub.export(digest, "pdf")
        assert (tmp_path / "out" / f"{stem}.html").read_bytes() == digestpub.export(digest, "html")
    assert not (tmp_path / "out" / "broken.pdf").exists()


@pytest.mark.parametrize("content", [(FIXTURES / "zh-basic.md").read_bytes(), b"\x00\x01 binary"])
def test_an_input_that_can_be_read_once_is_read_by_the_command_line(tmp_path: Path, content: bytes) -> None:
    """A named pipe (what ``<(curl …)`` gives) is left to the main process: had the helper read it
    and failed, nothing would be left to read again. Its output, or its error, is a file's."""
    pipe, regular = tmp_path / "piped.md", tmp_path / "regular.md"
    os.mkfifo(pipe)
    regular.write_bytes(content)

    def feed() -> None:
        with open(pipe, "wb") as stream:
            stream.write(content)

    feeder = threading.Thread(target=feed, daemon=True)  # never keeps pytest waiting
    feeder.start()
    piped = run_cli("export", str(pipe), "-f", "pdf", "-o", str(tmp_path / "piped.pdf"), "--quiet")
    feeder.join(timeout=60)
    from_file = run_cli("export", str(regular), "-f", "pdf", "-o", str(tmp_path / "regular.pdf"), "--quiet")
    assert (piped.returncode, piped.stderr.replace(str(pipe), "X")) == (
        from_file.returncode,
        from_file.stderr.replace(str(regular), "X"),
    )
    if from_file.returncode == 0:
        assert (tmp_path / "piped.pdf").read_bytes() == (tmp_path / "regular.pdf").read_bytes()


def test_an_export_with_its_output_streams_closed(tmp_path: Path) -> None:
    """Started with stdout and stderr closed (``>&- 2>&-``), the command still writes its file."""
    target = tmp_path / "out.pdf"
    command = (
        f'"{sys.executable}" -m digestpub export "{FIXTURES / "zh-basic.md"}" -f pdf -o "{target}" >&- 2>&-'
    )
    result = subprocess.run(["sh", "-c", command], timeout=300)
    assert result.returncode == 0
    assert target.read_bytes() == digestpub.export(digestpub.parse_file(FIXTURES / "zh-basic.md"), "pdf")
