"""Shared helpers: fixture paths and running the real ``digestpub`` command."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
ROOT = Path(__file__).parent.parent


def run_cli(
    *args: str, cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run ``python -m digestpub ARGS`` as a user would, capturing its output."""
    return subprocess.run(
        [sys.executable, "-m", "digestpub", *args],
        cwd=cwd,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=300,
    )


def tool(name: str) -> str:
    """The path of a system tool the tests read output with (poppler, Java …).

    Missing, it skips the test on a developer's machine, but fails it where ``.ci/run`` has
    installed the tools and set ``DIGESTPUB_REQUIRE_TOOLS=1``: CI never skips silently.
    """
    import shutil

    import pytest

    path = shutil.which(name)
    if path:
        return path
    if os.environ.get("DIGESTPUB_REQUIRE_TOOLS") == "1":
        pytest.fail(f"{name} is required here (see .ci/run)")
    pytest.skip(f"{name} is not installed (Debian: poppler-utils)")


@pytest.fixture(autouse=True, scope="session")
def _own_cache_folder(tmp_path_factory: pytest.TempPathFactory) -> None:
    """The compiled templates digestpub keeps go to a folder of the test run, not the user's
    ~/.cache (the command line run by the tests inherits it)."""
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("cache"))
