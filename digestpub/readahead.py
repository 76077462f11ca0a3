"""Reading ahead: a second process reads each digest and prepares its pages while the command line
loads the PDF engine (WeasyPrint takes a fifth of a second to import) or renders the digest before
(the figures are in the README's "Speed and size").

The helper is only a shortcut. It runs the same functions on the same input and sends back what they
made; anything it does not send (an input that fails to read, a page that cannot be prepared, a
helper that died or could not be started) is simply done again here, so the output, the errors and
the warnings are those of a run without it.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import struct
import sys
import threading
import warnings
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, BinaryIO

from .model import Digest

_LENGTH = struct.Struct("!Q")


@dataclass
class Ahead:
    """What the helper made for one input."""

    digest: Digest
    prepared: dict[str, Any] = field(default_factory=dict)  # format → its writer's prepare()
    # format → the warnings prepare() gave, as (category, message), to be given again here
    warned: dict[str, list[tuple[type[Warning], str]]] = field(default_factory=dict)

    def replay_warnings(self, format: str) -> None:
        for category, message in self.warned.get(format, ()):
            warnings.warn(message, category, stacklevel=2)


class ReadAhead:
    """Inputs read by a forked helper, in order; :meth:`take` gives each one's :class:`Ahead`, or
    ``None`` when the helper did not make it (the caller then does the work itself)."""

    def __init__(self, pid: int, stream: BinaryIO) -> None:
        self._pid = pid
        self._stream: BinaryIO | None = stream
        self._received: dict[int, Ahead | None] = {}

    def take(self, index: int) -> Ahead | None:
        while index not in self._received and self._stream is not None:
            frame = self._next_frame()
            if frame is None:  # the helper is gone: everything else is done here
                self._stream.close()
                self._stream = None
                break
            self._received[frame[0]] = frame[1]
        return self._received.pop(index, None)

    def _next_frame(self) -> tuple[int, Ahead | None] | None:
        assert self._stream is not None
        try:
            header = self._stream.read(_LENGTH.size)
            if len(header) < _LENGTH.size:
                return None
            length = _LENGTH.unpack(header)[0]
            body = self._stream.read(length)
            if len(body) < length:
                return None
            frame: tuple[int, Ahead | None] = pickle.loads(body)
            return frame
        except Exception:  # a truncated or unreadable frame: as if the helper had stopped there
            return None

    def close(self) -> None:
        if self._stream is not None:  # left before the helper's end: it may still be working
            self._stream.close()
            self._stream = None
            with contextlib.suppress(OSError):
                os.kill(self._pid, signal.SIGKILL)  # not reaped yet, so the pid is still the helper's
        with contextlib.suppress(OSError):
            os.waitpid(self._pid, 0)


@contextlib.contextmanager
def read_ahead(
    sources: Sequence[str],
    read: Callable[[str], Digest],
    preparers: dict[str, Callable[[Digest], Any]],
) -> Iterator[ReadAhead | None]:
    """Start a helper that runs ``read(source)`` and each of ``preparers`` on every source, in order.

    Yields ``None`` (no helper) where a helper would not help or forking is not safe
    (:func:`forking_helps`), or when no process can be started now."""
    if not forking_helps():
        yield None
        return
    flush_standard_streams()
    try:
        readable, writable = os.pipe()
    except OSError:  # out of file descriptors
        yield None
        return
    try:
        pid = os.fork()
    except OSError:  # the process limit (EAGAIN) or memory (ENOMEM)
        os.close(readable)
        os.close(writable)
        yield None
        return
    if pid == 0:  # the helper: never returns into the caller's code
        status = 1
        try:
            os.close(readable)
            with os.fdopen(writable, "wb") as stream:
                _serve(sources, read, preparers, stream)
            status = 0
        finally:
            os._exit(status)
    os.close(writable)
    ahead = ReadAhead(pid, os.fdopen(readable, "rb"))
    try:
        yield ahead
    finally:
        ahead.close()


def forking_helps() -> bool:
    """Whether a second process can work beside this one, and be forked safely: on Linux, with two
    cores or more, in a process that runs no other thread (a forked child would inherit their locks
    held) and reaps its children (SIGCHLD not ignored: a child's pid could be another process's by
    the time it is stopped)."""
    return (
        sys.platform.startswith("linux")
        and len(os.sched_getaffinity(0)) >= 2
        and threading.active_count() == 1
        and signal.getsignal(signal.SIGCHLD) != signal.SIG_IGN
    )


def flush_standard_streams() -> None:
    """Write out what this process holds for stdout and stderr, before forking: a child would write
    it again."""
    for stream in (sys.stdout, sys.stderr):  # None when the process started with it closed
        if stream is not None:
            with contextlib.suppress(OSError, ValueError):
                stream.flush()


def _serve(
    sources: Sequence[str],
    read: Callable[[str], Digest],
    preparers: dict[str, Callable[[Digest], Any]],
    stream: BinaryIO,
) -> None:
    for index, source in enumerate(sources):
        ahead: Ahead | None = None
        # Only a regular file that says it has something: a pipe (``<(curl …)``) can be read once,
        # and that is the caller's; /proc files say they are empty, and are the reader's own.
        if os.path.isfile(source) and os.path.getsize(source) > 0:
            with contextlib.suppress(Exception):  # read again by the caller, who reports it
                ahead = Ahead(read(source))
        if ahead is not None:
            for name, prepare in preparers.items():
                with warnings.catch_warnings(record=True) as caught:
                    warnings.simplefilter("always")
                    try:
                        ahead.prepared[name] = prepare(ahead.digest)
                    except Exception:  # prepared again by the caller, who reports it
                        continue
                ahead.warned[name] = [(w.category, str(w.message)) for w in caught]
        try:
            body = pickle.dumps((index, ahead), protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:
            body = pickle.dumps((index, None), protocol=pickle.HIGHEST_PROTOCOL)
        stream.write(_LENGTH.pack(len(body)) + body)
        stream.flush()
