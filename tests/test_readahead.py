"""The command line's helper process (digestpub/readahead.py): it reads and prepares ahead, and
whatever it does not deliver is done again by the caller, so nothing depends on it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
import warnings
from pathlib import Path

import pytest

import digestpub
from digestpub.errors import DigestpubWarning, InputError
from digestpub.model import Digest
from digestpub.readahead import read_ahead

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


def test_the_command_line_writes_what_the_library_writes(tmp_path: Path) -> None:
    """Several inputs, one of them broken, to PDF and HTML: the helper reads and prepares them; the
    files are the library's, byte for byte, and the broken one gets its one line."""
    for name in NAMES:
        shutil.copy(FIXTURES / name, tmp_path / name)
    (tmp_path / "broken.md").write_bytes(b"\x00\x01binary")
    inputs = [str(tmp_path / name) for name in ["zh-basic.md", "broken.md", *NAMES[1:]]]
    result = run_cli("export", *inputs, "-f", "pdf,html", "-o", str(tmp_path / "out"), "--quiet")
    assert result.returncode == 1
    assert [line for line in result.stderr.splitlines() if "broken.md" in line] == result.stderr.splitlines()
    assert len(result.stderr.splitlines()) == 1
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

    feeder = threading.Thread(target=feed)
    feeder.start()
    piped = run_cli("export", str(pipe), "-f", "pdf", "-o", str(tmp_path / "piped.pdf"), "--quiet")
    feeder.join(timeout=60)
    from_file = run_cli("export", str(regular), "-f", "pdf", "-o", str(tmp_path / "regular.pdf"), "--quiet")
    assert (piped.returncode, piped.stderr.replace(str(pipe), "X")) == (
        from_file.returncode,
        from_file.stderr.replace(str(regular), "X"),
    )
    if from_file.returncode == 0:
        assert (tmp_path / "piped.pdf").exists()


def test_an_export_with_its_output_streams_closed(tmp_path: Path) -> None:
    """Started with stdout and stderr closed (``>&- 2>&-``), the command still writes its file."""
    target = tmp_path / "out.pdf"
    command = (
        f'"{sys.executable}" -m digestpub export "{FIXTURES / "zh-basic.md"}" -f pdf -o "{target}" >&- 2>&-'
    )
    result = subprocess.run(["sh", "-c", command], timeout=300)
    assert result.returncode == 0
    assert target.read_bytes() == digestpub.export(digestpub.parse_file(FIXTURES / "zh-basic.md"), "pdf")
