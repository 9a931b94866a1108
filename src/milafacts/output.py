"""Standard streams that never fail on the user: non-UTF-8 encodings and closed pipes."""

from __future__ import annotations

import codecs
import os
import sys


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


def silence_stdout() -> None:
    """After EPIPE, point stdout at /dev/null so the interpreter's final flush cannot fail again."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    finally:
        os.close(devnull)
