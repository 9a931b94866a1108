"""Standard streams that never fail on the user: non-UTF-8 encodings, closed pipes, unwritable outputs."""

from __future__ import annotations

import codecs
import errno
import io
import os
import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TextIO, cast

from milafacts.errors import OutputError
from milafacts.render import Format


def _fold_unencodable(error: UnicodeError) -> tuple[str, int]:
    """Replace what the stream cannot encode by its unaccented letters (`Pål` -> `Pal`), else '?'."""
    import unicodedata

    assert isinstance(error, UnicodeEncodeError)
    bad = error.object[error.start : error.end]
    folded = "".join(c for c in unicodedata.normalize("NFKD", bad) if not unicodedata.combining(c))
    replacement = "".join(c if c.isascii() else _PUNCTUATION.get(c, "?") for c in folded)
    return replacement, error.end


_PUNCTUATION = {"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-", "…": "...", "━": "-", "─": "-"}


def prepare_streams() -> None:
    """On a stream that cannot encode every character (PYTHONIOENCODING=ascii), degrade readably."""
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
        if encoding not in ("utf8", "utf16", "utf32") and hasattr(stream, "reconfigure"):
            codecs.register_error("milafacts-fold", _fold_unencodable)
            stream.reconfigure(errors="milafacts-fold")


_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def lossless(text: str, fmt: Format, encoding: str) -> tuple[str, bool]:
    """`text` in a form `encoding` carries, and whether every character survives in it.

    JSON and Markdown have escapes that keep every character: `\\u00e5` (what `ensure_ascii` writes;
    outside strings JSON is ASCII already) and `&#229;` (rendered as `å`). CSV has none: the stream's
    error handler folds what it cannot encode (`Pål` -> `Pal`), and the caller says so.
    """
    try:
        text.encode(encoding)
    except UnicodeEncodeError:
        pass
    else:
        return text, True
    if fmt is Format.json:
        import json

        return _NON_ASCII.sub(lambda match: json.dumps(match.group())[1:-1], text), True
    if fmt is Format.markdown:
        return text.encode(encoding, "xmlcharrefreplace").decode(encoding), True
    return text, False


class _Guarded:
    """A standard stream whose write failures are met in one way, whoever writes (our formats, Rich,
    typer's help, click): otherwise Rich and typer exit 1 on a closed pipe, and a failure left in the
    buffer comes back at exit as an "Exception ignored" message and exit code 120.

    A reader that went away (EPIPE) is not a failure: what follows is discarded. Any other failure (a
    full disk, a closed or read-only descriptor) discards what follows too and, when the stream is
    `required` (stdout: the output asked for), raises `OutputError`. Stderr never raises: there would
    be nowhere left to say so.
    """

    def __init__(self, stream: TextIO | None, name: str, *, required: bool) -> None:
        self._stream = stream
        self._name = name
        self._required = required
        self._discarding = False

    @property
    def encoding(self) -> str:
        return getattr(self._stream, "encoding", None) or "utf-8"

    @property
    def errors(self) -> str | None:
        return getattr(self._stream, "errors", None)

    def isatty(self) -> bool:
        return self._stream is not None and self._stream.isatty()

    def fileno(self) -> int:
        if self._stream is None:
            raise io.UnsupportedOperation(f"{self._name} is closed")
        return self._stream.fileno()

    def write(self, text: str) -> int:
        if not isinstance(text, str):  # click probes for a binary stream with write(b"")
            raise TypeError(f"write() argument must be str, not {type(text).__name__}")
        if text:
            self._attempt(lambda stream: stream.write(text))
        return len(text)

    def flush(self) -> None:
        self._attempt(lambda stream: stream.flush())

    def _attempt(self, action: Callable[[TextIO], object]) -> None:
        if self._discarding:
            return
        try:
            if self._stream is None:
                raise OSError(errno.EBADF, "it is closed")
            action(self._stream)
        except OSError as error:
            self._discarding = True
            _to_devnull(self._stream)
            if self._required and not isinstance(error, BrokenPipeError):
                reason = error.strerror or str(error)
                raise OutputError(f"cannot write to {self._name}: {reason}") from None


def _to_devnull(stream: TextIO | None) -> None:
    """Point a failed stream's descriptor at /dev/null, so the interpreter's final flush of what is
    still buffered cannot fail again."""
    if stream is None:
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, stream.fileno())
    except (OSError, ValueError):  # not a real descriptor (a test runner's buffer)
        pass
    finally:
        os.close(devnull)


@contextmanager
def guarded() -> Iterator[None]:
    """Guard stdout and stderr for one run (see `_Guarded`); flushing stdout before leaving is the
    caller's, so that a failure to write it can still be reported."""
    saved = sys.stdout, sys.stderr
    sys.stdout = cast(TextIO, _Guarded(saved[0], "standard output", required=True))
    sys.stderr = cast(TextIO, _Guarded(saved[1], "standard error", required=False))
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved
