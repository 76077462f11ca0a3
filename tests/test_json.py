"""The JSON form: the contract other tools rely on, golden files per fixture, and the round trip."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

import digestpub
from digestpub.jsonform import SCHEMA_VERSION

from .conftest import FIXTURES, run_cli

FIXTURE_NAMES = sorted(path.name for path in FIXTURES.glob("*.md"))
REGENERATE = os.environ.get("DIGESTPUB_REGENERATE") == "1"


def _json_of(name: str) -> dict:  # type: ignore[type-arg]
    result = run_cli("inspect", "--json", name, cwd=FIXTURES)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


@pytest.mark.parametrize("name", FIXTURE_NAMES)
def test_golden(name: str) -> None:
    """The model of each fixture, reviewed as a diff. Regenerate with ``DIGESTPUB_REGENERATE=1``."""
    golden = FIXTURES / (Path(name).stem + ".json")
    actual = _json_of(name)
    if REGENERATE:
        golden.write_text(json.dumps(actual, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    assert actual == json.loads(golden.read_text(encoding="utf-8"))


def test_contract_keys_and_types() -> None:
    data = _json_of("zh-basic.md")
    assert data["schema_version"] == SCHEMA_VERSION == 1
    for key in ("title", "language"):
        assert isinstance(data[key], str)
    assert (data["date_start"], data["date_end"]) == ("2026-01-05", "2026-01-11")
    for highlight in data["highlights"]:
        assert set(highlight) >= {"category", "title", "summary"}
        assert isinstance(highlight["title"], str) and isinstance(highlight["summary"], str)
    for section in data["sections"]:
        assert set(section) >= {"number", "title", "items"}
        for item in section["items"]:
            assert set(item) >= {"id", "title", "source_url", "date", "summary", "details", "links"}
            assert isinstance(item["summary"], str)
            for link in item["links"]:
                assert isinstance(link["label"], str) and link["url"].startswith("https://")
            for point in item["details"]:
                assert isinstance(point["label"], str) and isinstance(point["text"], str)
    for group in data["further_reading"]:
        assert isinstance(group["title"], str)
        assert all({"label", "url"} <= set(link) for link in group["links"])


def test_rich_forms_sit_beside_plain_strings() -> None:
    data = _json_of("zh-basic.md")
    item = data["sections"][0]["items"][0]
    assert item["summary"].startswith("晨光半导体")
    assert item["summary_rich"][0]["type"] == "paragraph"
    assert item["title_rich"] == [{"type": "text", "text": "晨光发布 Lumen-3 推理芯片"}]


@pytest.mark.parametrize("name", FIXTURE_NAMES)
def test_round_trip(name: str) -> None:
    digest = digestpub.parse_file(FIXTURES / name)
    data = digestpub.to_json(digest)
    assert digestpub.from_json(json.loads(json.dumps(data))) == digest


def test_unknown_schema_version_is_refused() -> None:
    with pytest.raises(ValueError, match="schema_version"):
        digestpub.from_json({"schema_version": 99})
