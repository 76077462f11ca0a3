"""The errors digestpub raises. Each carries one line fit to show a user, naming the file when there is one."""

from __future__ import annotations


class DigestpubError(Exception):
    """Base class: something the user can fix; ``str()`` is one line."""

    exit_code = 1

    def __init__(self, message: str, *, path: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class InputError(DigestpubError):
    """The input cannot be read as a digest: missing, empty, binary, or in an unexpected encoding."""


class RenderError(DigestpubError):
    """A writer could not produce its output."""


class UsageError(DigestpubError):
    """The request itself is wrong: an unknown format, theme or option value."""

    exit_code = 2


class DigestpubWarning(UserWarning):
    """Something was rendered, but not quite as written (e.g. a character no font covers).

    The command line prints these as ``digestpub: warning: FILE: …``; ``--strict`` makes the
    writers raise :class:`RenderError` instead.
    """
