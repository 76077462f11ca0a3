"""Third-party writers through the entry-point group, and themes by name, path and inheritance."""

from __future__ import annotations

import re
import subprocess
import tempfile
import textwrap
from pathlib import Path

import lxml.html

import digestpub
from digestpub.themes import load_theme

from .conftest import FIXTURES, run_cli, tool

SAMPLE = FIXTURES / "zh-basic.md"


def _install_plugin(folder: Path) -> dict[str, str]:
    """A real, minimal distribution on PYTHONPATH: a module plus its dist-info with an entry point."""
    (folder / "wordcount_writer.py").write_text(
        textwrap.dedent(
            '''
            """Counts the items of a digest: a third-party writer."""
            from digestpub.model import plain
            from digestpub.writers.base import Writer


            class WordCountWriter(Writer):
                name = "count"
                extension = "txt"
                media_type = "text/plain"
                description = "how many items and highlights"

                def write(self, digest, options):
                    return f"{plain(digest.title)}: {len(digest.items)} items, {len(digest.highlights)} highlights\\n".encode()
            '''
        ),
        encoding="utf-8",
    )
    info = folder / "wordcount_writer-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: wordcount-writer\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text("[digestpub.writers]\ncount = wordcount_writer:WordCountWriter\n")
    return {"PYTHONPATH": str(folder)}


def test_third_party_writer_through_the_cli(tmp_path: Path) -> None:
    env = _install_plugin(tmp_path)
    formats = run_cli("formats", env=env)
    assert "count" in formats.stdout.split()
    assert "how many items and highlights" in formats.stdout
    out = tmp_path / "out"
    result = run_cli("export", str(SAMPLE), "--format", "count,html", "-o", str(out), env=env)
    assert result.returncode == 0, result.stderr
    assert (out / "zh-basic.txt").read_text() == "科技周报: 4 items, 5 highlights\n"
    assert (out / "zh-basic.html").is_file()
    # "all" includes it too.
    result = run_cli("export", str(SAMPLE), "--format", "all", "-o", str(tmp_path / "all"), env=env)
    assert {p.name for p in (tmp_path / "all").iterdir()} >= {"zh-basic.html", "zh-basic.pdf", "zh-basic.txt"}


def test_a_plugin_cannot_replace_a_built_in_format(tmp_path: Path) -> None:
    env = _install_plugin(tmp_path)
    entry_points = tmp_path / "wordcount_writer-1.0.dist-info" / "entry_points.txt"
    entry_points.write_text("[digestpub.writers]\npdf = wordcount_writer:WordCountWriter\n")
    out = tmp_path / "x.pdf"
    result = run_cli("export", str(SAMPLE), "--format", "pdf", "-o", str(out), env=env)
    assert result.returncode == 0, result.stderr
    assert out.read_bytes().startswith(b"%PDF-")
    assert run_cli("formats", env=env).stdout.split().count("pdf") == 1


def test_broken_plugin_is_one_clear_error(tmp_path: Path) -> None:
    env = _install_plugin(tmp_path)
    (tmp_path / "wordcount_writer.py").write_text("raise ImportError('missing dependency frob')\n")
    result = run_cli("export", str(SAMPLE), "--format", "count", "-o", str(tmp_path / "x.txt"), env=env)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "digestpub: error: the 'count' writer cannot be loaded (ImportError: missing dependency frob)"
    ]
    assert not (tmp_path / "x.txt").exists()


def _make_theme(folder: Path, parent: str = "default") -> Path:
    theme = folder / "mytheme"
    (theme / "templates").mkdir(parents=True)
    (theme / "theme.toml").write_text(
        f'name = "mytheme"\ninherit = "{parent}"\ndescription = "test"\n\n[colors]\naccent = "#ff0066"\n'
    )
    return theme


def test_theme_folder_inherits_and_overrides(tmp_path: Path) -> None:
    theme_folder = _make_theme(tmp_path)
    theme = load_theme(str(theme_folder))
    assert theme.token("colors.accent") == "#ff0066"
    assert theme.token("colors.text") == load_theme("default").token("colors.text")
    assert theme.find("html.css") == load_theme("default").find("html.css")
    out = tmp_path / "page.html"
    result = run_cli("export", str(SAMPLE), "--theme", str(theme_folder), "-o", str(out))
    assert result.returncode == 0, result.stderr
    css = lxml.html.parse(str(out)).findtext(".//style")
    assert "--color-accent: #ff0066;" in css


def test_theme_template_override(tmp_path: Path) -> None:
    theme_folder = _make_theme(tmp_path)
    (theme_folder / "templates" / "page.html").write_text(
        "<p>{{ title }} / {{ digest.items | length }}</p>\n"
    )
    data = digestpub.export(digestpub.parse_file(SAMPLE), "html", theme=str(theme_folder))
    assert data == "<p>科技周报 / 4</p>\n".encode()


def test_bad_theme_folders(tmp_path: Path) -> None:
    missing = run_cli("export", str(SAMPLE), "--theme", str(tmp_path / "nothing"), cwd=tmp_path)
    assert missing.returncode == 2
    assert "no theme at" in missing.stderr
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "theme.toml").write_text("this is = = not toml")
    result = run_cli("export", str(SAMPLE), "--theme", str(broken), cwd=tmp_path)
    assert result.returncode == 2
    assert "theme.toml" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken"]


def test_a_theme_sets_the_print_margins_and_the_layout_estimate_follows(tmp_path: Path) -> None:
    """The printed page's margins come from the theme's [print] tokens: the PDF's text starts at
    them, and the HTML writer's estimate of a printed line (long summaries, wide tables, the
    header's title length) is made with them."""
    from digestpub.writers.printed import PrintedPage

    theme_folder = _make_theme(tmp_path)
    with (theme_folder / "theme.toml").open("a") as toml:
        toml.write('\n[print]\nmargin = "30mm 40mm"\n')
    theme = load_theme(str(theme_folder))
    assert PrintedPage.for_theme(theme).columns < PrintedPage.for_theme(load_theme("default")).columns
    data = digestpub.export(digestpub.parse_file(SAMPLE), "pdf", theme=str(theme_folder))
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(data)
        handle.flush()
        bbox = subprocess.run(
            [tool("pdftotext"), "-bbox", "-f", "2", "-l", "2", handle.name, "-"],
            capture_output=True,
            text=True,
        ).stdout
    left = min(float(x) for x in re.findall(r'<word xMin="([\d.]+)"', bbox))
    assert abs(left - 40 / 25.4 * 72) < 2, left  # 40 mm, in points


def test_a_theme_with_a_bad_print_margin_is_a_usage_error(tmp_path: Path) -> None:
    theme_folder = _make_theme(tmp_path)
    with (theme_folder / "theme.toml").open("a") as toml:
        toml.write('\n[print]\nmargin = "wide"\n')
    out = tmp_path / "out"
    out.mkdir()
    result = run_cli("export", str(SAMPLE), "-f", "pdf", "--theme", str(theme_folder), cwd=out)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "digestpub: error: theme 'mytheme': print margin 'wide' is not 1 to 4 lengths such as 18mm"
    ]
    assert list(out.iterdir()) == []


def test_a_theme_sets_the_printed_bullets(tmp_path: Path) -> None:
    """The [print] bullets of each list level are the theme's; an empty list means none, and then
    no first line hangs (the page has no bullets-… class)."""
    from digestpub.writers.html import render_page

    digest = digestpub.parse(
        "# T (2026-01-05)\n\n## 1. S\n\n### I\n\n> **Summary**: s.\n\n- a\n  - b\n    - c\n"
    )
    for bullets, expected, body in (
        ('"■ □"', "<li>■a<ul><li>□b<ul><li>□c</li>", '<body class="kind-digest medium-print bullets-text">'),
        ('""', "<li>a<ul><li>b<ul><li>c</li>", '<body class="kind-digest medium-print">'),
    ):
        theme_folder = _make_theme(tmp_path / bullets.strip('"').replace(" ", "-"))
        with (theme_folder / "theme.toml").open("a") as toml:
            toml.write(f"\n[print]\nbullets = {bullets}\n")
        page = render_page(digest, load_theme(str(theme_folder)), medium="print")
        assert expected in page and body in page
