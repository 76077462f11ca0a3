"""A non-editable install works from any folder: themes and fonts travel inside the wheel."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

from .conftest import FIXTURES, ROOT


def test_wheel_carries_data_and_runs_from_elsewhere(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(wheels),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = wheels.glob("digestpub-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "digestpub/_data/themes/default/theme.toml" in names
    assert "digestpub/_data/themes/default/templates/page.html" in names
    assert "digestpub/_data/fonts/README.md" in names
    assert "digestpub/py.typed" in names
    entry_points = (
        zipfile.ZipFile(wheel).read(next(n for n in names if n.endswith("entry_points.txt"))).decode()
    )
    assert "[console_scripts]" in entry_points  # the built-in writers need no entry points (registry.py)

    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
        check=True,
        capture_output=True,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    code = (
        "import digestpub, sys; "
        "from digestpub.resources import data_dir; "
        "assert str(data_dir('themes')).startswith(sys.argv[2]), data_dir('themes'); "
        "d = digestpub.parse_file(sys.argv[1]); "
        "digestpub.export(d, 'html', target='out.html')"
    )
    env = {**os.environ, "PYTHONPATH": str(target)}
    subprocess.run(
        [sys.executable, "-c", code, str(FIXTURES / "zh-basic.md"), str(target)],
        cwd=elsewhere,
        env=env,
        check=True,
    )
    assert (elsewhere / "out.html").read_bytes().startswith(b"<!DOCTYPE html>")
