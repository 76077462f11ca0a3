"""digestpub vs ``pandoc --pdf-engine=weasyprint``: wall time, peak memory and PDF size, same machine.

    python bench/run.py [DIGEST.md ...] [--repeat N]

Without arguments it uses ``../shared/samples/*.md`` (when present), the bundled example, and a
generated 100-item digest (bench/make_large.py). Each command runs as a whole process, the way a
user runs it, the two tools in turn; peak memory is the process tree's maximum resident set
(``wait4``).

Conditions, each measured for both tools in the same run:

* **with libharfbuzz-subset** — WeasyPrint can subset fonts with the system's HarfBuzz;
* **without** — the usual pip-only machine: WeasyPrint falls back to fontTools. If the library is
  installed system-wide, it is hidden for that run with a private mount namespace (needs root and
  ``unshare``); if it is not installed, a copy from Debian's ``libharfbuzz-subset0`` is put on
  ``LD_LIBRARY_PATH`` for the "with" runs instead.

Pandoc can only render Chinese with CJK fonts installed: Debian's ``fonts-noto-cjk`` is unpacked into
``bench/cache`` (not installed) and shown to fontconfig through ``FONTCONFIG_FILE`` — for both tools,
so they see the same fonts. Needs ``pandoc`` (``apt-get install pandoc``), ``apt-get`` and ``dpkg-deb``.
"""

from __future__ import annotations

import argparse
import glob
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CACHE = HERE / "cache"
VENV_BIN = Path(sys.executable).parent
PROBE = "import warnings; warnings.simplefilter('ignore'); from weasyprint.text.ffi import harfbuzz_subset as h; print(h is not None)"


@dataclass
class Measure:
    seconds: float
    peak_mib: float
    size: int


def run(command: list[str], env: dict[str, str], output: Path, wrap: list[str]) -> Measure:
    output.unlink(missing_ok=True)
    start = time.perf_counter()
    process = subprocess.Popen([*wrap, *command], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    stderr = process.stderr.read().decode(errors="replace") if process.stderr else ""
    if status != 0 or not output.exists():
        raise SystemExit(f"failed: {' '.join(command)}\n{stderr}")
    return Measure(seconds, usage.ru_maxrss / 1024, output.stat().st_size)


def unpack(package: str) -> Path:
    """Debian's package unpacked into bench/cache/root (downloaded once with apt-get download)."""
    CACHE.mkdir(exist_ok=True)
    if not glob.glob(str(CACHE / f"{package}_*.deb")):
        subprocess.run(["apt-get", "download", package], cwd=CACHE, check=True, capture_output=True)
    root = CACHE / "root"
    marker = root / f".{package}"
    if not marker.exists():
        for deb in CACHE.glob(f"{package}_*.deb"):
            subprocess.run(["dpkg-deb", "-x", str(deb), str(root)], check=True)
        marker.touch()
    return root


def fontconfig_file(root: Path) -> Path:
    config = CACHE / "fonts.conf"
    config.write_text(
        f"""<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig>
  <cachedir>{CACHE / "fontconfig"}</cachedir>
  <include ignore_missing="no">/etc/fonts/fonts.conf</include>
  <dir>{root / "usr/share/fonts/opentype/noto"}</dir>
  <include ignore_missing="yes">{root / "usr/share/fontconfig/conf.avail/70-fonts-noto-cjk.conf"}</include>
</fontconfig>
"""
    )
    return config


def system_subset_library() -> Path | None:
    found = sorted(
        glob.glob("/usr/lib/*/libharfbuzz-subset.so.0.*") + glob.glob("/usr/lib/libharfbuzz-subset.so.0.*")
    )
    return Path(found[0]) if found else None


def conditions(base_env: dict[str, str]) -> dict[str, tuple[dict[str, str], list[str]]]:
    """``{"with": (env, wrapper), "without": (env, wrapper)}`` for the subset library."""
    system = system_subset_library()
    if system is None:
        root = unpack("libharfbuzz-subset0")
        library_dir = next(root.glob("usr/lib/*-linux-gnu"))
        with_env = {**base_env, "LD_LIBRARY_PATH": str(library_dir)}
        return {"with": (with_env, []), "without": (base_env, [])}
    if os.geteuid() != 0 or shutil.which("unshare") is None:
        print(
            "note: libharfbuzz-subset is installed and cannot be hidden (needs root and unshare)",
            file=sys.stderr,
        )
        return {"with": (base_env, [])}
    empty = CACHE / "empty.so"
    empty.write_bytes(b"")
    hide = ["unshare", "-m", "sh", "-c", f'mount --bind "{empty}" "{system}" && exec "$@"', "hide"]
    return {"with": (base_env, []), "without": (base_env, hide)}


def check_condition(name: str, env: dict[str, str], wrap: list[str]) -> None:
    loaded = subprocess.run(
        [*wrap, sys.executable, "-c", PROBE], env=env, capture_output=True, text=True
    ).stdout.strip()
    expected = "True" if name == "with" else "False"
    if loaded != expected:
        raise SystemExit(
            f"condition '{name}': WeasyPrint's harfbuzz_subset loaded = {loaded}, expected {expected}"
        )


def default_inputs(work: Path) -> list[Path]:
    inputs = sorted(Path(p) for p in glob.glob(str(ROOT.parent / "shared" / "samples" / "*.md")))
    inputs.append(ROOT / "examples" / "tech-weekly-2026-01-05.md")
    large = work / "large-100-items.md"
    subprocess.run(
        [sys.executable, str(HERE / "make_large.py"), str(large), "100"], check=True, capture_output=True
    )
    inputs.append(large)
    return inputs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("inputs", nargs="*", type=Path)
    parser.add_argument(
        "--repeat", type=int, default=3, help="runs per measurement; the median is shown (default 3)"
    )
    arguments = parser.parse_args()
    if shutil.which("pandoc") is None:
        raise SystemExit("pandoc is not installed (Debian: apt-get install pandoc)")
    work = Path(tempfile.mkdtemp(prefix="digestpub-bench-"))
    inputs = arguments.inputs or default_inputs(work)
    base_env = {**os.environ, "PATH": f"{VENV_BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    base_env["FONTCONFIG_FILE"] = str(fontconfig_file(unpack("fonts-noto-cjk")))
    base_env.pop("SOURCE_DATE_EPOCH", None)
    subprocess.run(
        ["fc-cache", str(CACHE / "root")], env=base_env, capture_output=True
    )  # warm the font cache
    # Bytecode for our package, as an installed wheel has it (an editable install under
    # PYTHONDONTWRITEBYTECODE=1 would compile every module again in every run; WeasyPrint's is there).
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "digestpub")], check=True)

    print(
        f"machine: {os.cpu_count()} cores; pandoc {subprocess.run(['pandoc', '--version'], capture_output=True, text=True).stdout.split()[1]}; median of {arguments.repeat}\n"
    )
    header = f"{'digest':<28} {'libharfbuzz-subset':<19} {'pandoc s':>9} {'ours s':>7} {'ratio':>6}  {'pandoc MiB':>10} {'ours MiB':>8} {'ratio':>6}  {'pandoc KB':>9} {'ours KB':>8} {'ratio':>6}"
    print(header)
    print("-" * len(header))
    for name, (env, wrap) in conditions(base_env).items():
        check_condition(name, env, wrap)
        for source in inputs:
            pandoc_out, ours_out = work / "pandoc.pdf", work / "ours.pdf"
            # Alternately, so that a machine whose speed drifts during the run (a shared virtual
            # machine's does, by ±20 %) weighs on both tools alike.
            pandoc: list[Measure] = []
            ours: list[Measure] = []
            for _ in range(arguments.repeat):
                pandoc.append(
                    run(
                        ["pandoc", str(source), "--pdf-engine=weasyprint", "-o", str(pandoc_out)],
                        env,
                        pandoc_out,
                        wrap,
                    )
                )
                ours.append(
                    run(
                        [
                            str(VENV_BIN / "digestpub"),
                            "export",
                            str(source),
                            "-f",
                            "pdf",
                            "-o",
                            str(ours_out),
                            "-q",
                        ],
                        env,
                        ours_out,
                        wrap,
                    )
                )
            p_time, o_time = (
                statistics.median(m.seconds for m in pandoc),
                statistics.median(m.seconds for m in ours),
            )
            p_mem, o_mem = (
                statistics.median(m.peak_mib for m in pandoc),
                statistics.median(m.peak_mib for m in ours),
            )
            p_size, o_size = pandoc[-1].size, ours[-1].size
            print(
                f"{source.name[:28]:<28} {name:<19} {p_time:>9.2f} {o_time:>7.2f} {o_time / p_time:>6.2f}  "
                f"{p_mem:>10.0f} {o_mem:>8.0f} {o_mem / p_mem:>6.2f}  {p_size / 1024:>9.0f} {o_size / 1024:>8.0f} {o_size / p_size:>6.2f}"
            )
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
