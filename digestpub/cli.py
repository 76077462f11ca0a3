"""The ``digestpub`` command. It turns arguments into :class:`Options` and calls the library, nothing more.

Exit status: 0 on success, 1 when an input cannot be read or an output cannot be rendered, 2 on a
usage error (unknown format or theme, bad option). Errors are one line on stderr,
``digestpub: error: FILE: what is wrong``; ``--debug`` adds the traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import json
import os
import sys
import traceback
import warnings
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, NoReturn

from . import __version__, export, parse_file, to_json
from .errors import DigestpubError, DigestpubWarning, UsageError
from .language import checked_language_tag
from .model import Digest, plain
from .options import Options
from .readahead import read_ahead
from .registry import format_for_extension, format_names, get_writer, writer_class
from .themes import available_themes, load_theme

PROG = "digestpub"


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line and exit status 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{PROG}: error: {message} (see '{self.prog} --help')\n")


def _build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog=PROG, description="Publish Markdown news digests in many formats.")
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    commands.required = True

    common = _Parser(add_help=False)
    common.add_argument("--encoding", help="the input's encoding when it is not UTF-8 (e.g. gb18030)")
    common.add_argument("--lang", help="force the document language (e.g. zh-Hans, zh-Hant, ja, en)")
    common.add_argument("--debug", action="store_true", help="show tracebacks for errors")

    export_parser = commands.add_parser(
        "export",
        parents=[common],
        help="export digests to one or more formats",
        description="Export digests.",
    )
    export_parser.add_argument("inputs", nargs="+", metavar="INPUT", help="Markdown digest files")
    export_parser.add_argument(
        "-f",
        "--format",
        default=None,
        metavar="FMT[,FMT...]",
        help="formats, comma-separated, or 'all' (default: from the -o file's extension, else html)",
    )
    export_parser.add_argument(
        "-o",
        "--output",
        metavar="FILE_OR_DIR",
        help="output file, or folder for several outputs (default: current folder)",
    )
    export_parser.add_argument(
        "--theme", default="default", help="a bundled theme's name or a theme folder (default: default)"
    )
    export_parser.add_argument(
        "--strict", action="store_true", help="treat lossy warnings (e.g. missing glyphs) as errors"
    )
    export_parser.add_argument(
        "--page-size",
        default="A4",
        help="PDF page size: a name (A4, A6, letter, B5 landscape …) or WIDTH HEIGHT (default: A4)",
    )
    export_parser.add_argument("--pdf-variant", help="PDF variant, e.g. pdf/a-3b or pdf/ua-1")
    export_parser.add_argument("-q", "--quiet", action="store_true", help="do not list the files written")

    inspect_parser = commands.add_parser(
        "inspect",
        parents=[common],
        help="show how a digest was understood",
        description="Show the parsed model.",
    )
    inspect_parser.add_argument("input", metavar="FILE")
    inspect_parser.add_argument(
        "--json", action="store_true", help="print the model as JSON (schema_version 1)"
    )

    commands.add_parser(
        "formats", help="list the output formats", description="List the installed output formats."
    )
    commands.add_parser("themes", help="list the bundled themes", description="List the bundled themes.")
    return parser


def entry_point() -> None:
    """The ``digestpub`` console script: :func:`main`, then a prompt exit.

    Every output is complete and renamed into place by then, so the process skips the
    interpreter's teardown (freeing a large PDF's object graph one by one takes a noticeable
    fraction of a second) and leaves with ``os._exit`` once its streams are flushed. For the same
    reason the objects WeasyPrint's import leaves are frozen rather than collected, and the collector
    pauses from the first render on: what a render leaves is collected when the next one starts,
    not after the last (:data:`digestpub.writers.pdf_engine.COMMAND_LINE`).
    """
    from .writers import pdf_engine

    pdf_engine.COMMAND_LINE = True
    status = main()
    for stream in (sys.stdout, sys.stderr):  # None when the process started with it closed
        if stream is not None:
            with contextlib.suppress(OSError, ValueError):
                stream.flush()
    os._exit(status)


def main(argv: Sequence[str] | None = None) -> int:
    arguments = _build_parser().parse_args(argv)
    debug = getattr(arguments, "debug", False)
    try:
        if arguments.command == "export":
            return _export(arguments)
        if arguments.command == "inspect":
            return _inspect(arguments)
        if arguments.command == "formats":
            return _formats()
        return _themes()
    except DigestpubError as error:
        return _fail(error, debug)
    except BrokenPipeError:  # `digestpub inspect --json x | head`: the reader left, nothing to report
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted", file=sys.stderr)
        return 130
    except Exception as error:  # a bug of ours: one line unless --debug
        return _fail(_internal(error, getattr(arguments, "input", None)), debug)


def _internal(error: Exception, path: str | None) -> DigestpubError:
    wrapped = DigestpubError(
        f"internal error ({type(error).__name__}: {error}); run with --debug and report it", path=path
    )
    wrapped.__cause__ = error
    return wrapped


def _fail(error: DigestpubError, debug: bool) -> int:
    if debug:
        traceback.print_exception(error)
    print(f"{PROG}: error: {error}", file=sys.stderr)
    return error.exit_code


def _options(arguments: argparse.Namespace) -> Options:
    return Options(
        theme=arguments.theme,
        language=checked_language_tag(arguments.lang) if arguments.lang else None,
        encoding=arguments.encoding,
        strict=arguments.strict,
        pdf_page_size=arguments.page_size,
        pdf_variant=arguments.pdf_variant,
    )


def _formats_requested(value: str | None, output: str | None, inputs: list[str]) -> list[str]:
    if value is None:
        return [_format_for(output, inputs)]
    names = [name.strip().lower() for name in value.split(",") if name.strip()]
    if not names:
        raise UsageError("no format given")
    if "all" in names:
        return format_names()
    for name in names:
        writer_class(name)  # an unknown name is a usage error, before any work is done
    return list(dict.fromkeys(names))


def _format_for(output: str | None, inputs: list[str]) -> str:
    """The format an ``-o`` file's extension asks for (``-o digest.pdf``); html without one.

    With several inputs ``-o`` is a folder, and an ``-o`` that is an input is refused later on.
    """
    if output is None or len(inputs) > 1 or output.endswith(("/", os.sep)) or Path(output).is_dir():
        return "html"
    if Path(output).resolve() in {Path(source).resolve() for source in inputs}:
        return "html"
    suffix = Path(output).suffix.lower().lstrip(".")
    if not suffix:
        return "html"
    found = format_for_extension(suffix)
    if found is not None:
        return found
    known = ", ".join(f".{writer_class(name).extension}" for name in format_names())
    raise UsageError(f"{output}: no format writes .{suffix} files (known: {known}); name one with --format")


def _output_paths(inputs: list[str], formats: list[str], output: str | None) -> dict[tuple[str, str], Path]:
    """Where each (input, format) goes; refuses two outputs on one path and an output over an input."""
    several = len(inputs) * len(formats) > 1
    folder: Path | None
    if output is None:
        folder = Path(".")
    elif several or output.endswith(("/", os.sep)) or Path(output).is_dir():
        folder = Path(output)
        if folder.exists() and not folder.is_dir():
            raise UsageError(f"{output}: several outputs need a folder, and this is a file")
    else:
        folder = None
    paths: dict[tuple[str, str], Path] = {}
    for source in inputs:
        for name in formats:
            extension = writer_class(name).extension
            path = folder / f"{Path(source).stem}.{extension}" if folder is not None else Path(str(output))
            paths[(source, name)] = path
    seen: dict[Path, tuple[str, str]] = {}
    resolved_inputs = {Path(source).resolve() for source in inputs}
    for key, path in paths.items():
        if path.resolve() in resolved_inputs:
            raise UsageError(f"{path}: the output would overwrite an input")
        if path.resolve() in seen:
            raise UsageError(
                f"{path}: both {seen[path.resolve()][0]} and {key[0]} would be written here; use -o DIR with distinct names"
            )
        seen[path.resolve()] = key
    return paths


def _export(arguments: argparse.Namespace) -> int:
    options = _options(arguments)
    formats = _formats_requested(arguments.format, arguments.output, arguments.inputs)

    def read(source: str) -> Digest:
        return parse_file(source, encoding=options.encoding, language=options.language)

    # Writers that prepare their pages apart from rendering them (the PDF's page and fonts): a
    # helper process does that, and reads the inputs, while this one checks the options, loads the
    # writers' engines and renders. Worth a process only when there is something to overlap.
    preparers: dict[str, Callable[[Digest], Any]] = {}
    for name in formats:
        writer = get_writer(name)
        if callable(getattr(writer, "prepare", None)) and callable(getattr(writer, "render", None)):
            preparers[name] = functools.partial(_prepare, writer, options)
    overlap = bool(preparers) or len(arguments.inputs) > 1
    helper = read_ahead(arguments.inputs, read, preparers) if overlap else contextlib.nullcontext()
    with helper as ahead:
        load_theme(options.theme)  # an unknown theme is a usage error, before any work is done
        for name in formats:  # so is an option a writer cannot use (a page size too small …)
            check = getattr(get_writer(name), "check", None)
            if check is not None:
                check(options)
        paths = _output_paths(arguments.inputs, formats, arguments.output)
        for name in preparers:  # while the helper prepares the first pages
            load_engine = getattr(get_writer(name), "load_engine", None)
            if callable(load_engine):
                load_engine()
        status = 0
        for index, source in enumerate(arguments.inputs):
            found = ahead.take(index) if ahead is not None else None
            try:
                digest = found.digest if found is not None else read(source)
            except DigestpubError as error:
                status = max(status, _fail(error, arguments.debug))
                continue
            except Exception as error:  # a bug of ours: still one line, and the other inputs go on
                status = max(status, _fail(_internal(error, source), arguments.debug))
                continue
            for name in formats:
                path = paths[(source, name)]
                prepared = found.prepared.get(name) if found is not None else None
                try:
                    if path.parent != Path(".") and not path.parent.exists():
                        path.parent.mkdir(parents=True, exist_ok=True)
                    with _warnings_shown_for(source):
                        if found is not None and prepared is not None:  # the helper's warnings
                            found.replay_warnings(name)
                        data = export(digest, name, path, options=options, prepared=prepared)
                except DigestpubError as error:
                    status = max(status, _fail(error, arguments.debug))
                    continue
                except OSError as error:
                    status = max(
                        status,
                        _fail(
                            DigestpubError(f"cannot write: {error.strerror or error}", path=str(path)),
                            arguments.debug,
                        ),
                    )
                    continue
                if not arguments.quiet:
                    print(f"{path}  ({_size(len(data))})", file=sys.stderr)
    return status


def _prepare(writer: Any, options: Options, digest: Digest) -> Any:
    return writer.prepare(digest, options)


@contextlib.contextmanager
def _warnings_shown_for(source: str) -> Iterator[None]:
    """Show digestpub's warnings as ``digestpub: warning: FILE: …`` lines, each once."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", DigestpubWarning)
        try:
            yield
        finally:
            for message in dict.fromkeys(
                str(w.message) for w in caught if issubclass(w.category, DigestpubWarning)
            ):
                print(f"{PROG}: warning: {source}: {message}", file=sys.stderr)


def _size(count: int) -> str:
    return (
        f"{count} B"
        if count < 1024
        else f"{count / 1024:.1f} KB"
        if count < 1024 * 1024
        else f"{count / 1048576:.1f} MB"
    )


def _inspect(arguments: argparse.Namespace) -> int:
    digest = parse_file(arguments.input, encoding=arguments.encoding, language=arguments.lang)
    if arguments.json:
        json.dump(to_json(digest), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(describe(digest))
    return 0


def describe(digest: Digest) -> str:
    """A person's summary of how the digest was understood."""
    lines = [plain(digest.title)]
    facts = [digest.kind, digest.language]
    if digest.date_start:
        facts.insert(
            0,
            digest.date_start.isoformat()
            + (
                f" to {digest.date_end.isoformat()}"
                if digest.date_end and digest.date_end != digest.date_start
                else ""
            ),
        )
    lines.append("  " + ", ".join(facts))
    if digest.highlights:
        linked = sum(1 for highlight in digest.highlights if highlight.item_id)
        lines.append(f"overview: {_count(len(digest.highlights), 'highlight')}, {linked} linked to items")
    for section in digest.sections:
        number = f"{section.number_label or section.number} " if section.number is not None else ""
        lines.append(
            f"{number}{plain(section.title) or '(no heading)'}: {_count(len(section.items), 'item')}"
        )
        for item in section.items:
            parts = [
                p
                for p in (
                    "source" if item.source_url else "",
                    "date" if item.date else "",
                    "summary" if item.summary else "",
                    _count(len(item.details), "detail") if item.details else "",
                    _count(len(item.links), "link") if item.links else "",
                    _count(len(item.intro) + len(item.body) + len(item.outro), "other block")
                    if item.intro or item.body or item.outro
                    else "",
                )
                if p
            ]
            lines.append(f"  - {plain(item.title)}  [{item.id}]  {', '.join(parts)}")
    for group in digest.further_reading:
        lines.append(
            f"further reading: {plain(group.title) or '(no heading)'}: {_count(len(group.links), 'link')}"
        )
    if digest.preamble:
        lines.append(f"other content before the sections: {len(digest.preamble)} blocks")
    return "\n".join(lines) + "\n"


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def _formats() -> int:
    for name in format_names():
        try:
            cls = writer_class(name)
        except DigestpubError as error:
            print(f"{name:<8} (broken: {error})")
            continue
        print(f"{name:<8} .{cls.extension:<6} {cls.description}")
    return 0


def _themes() -> int:
    for theme in available_themes():
        print(f"{theme.name:<12} {theme.description}")
    return 0
