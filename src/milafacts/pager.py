"""Long output on a terminal goes through a pager, as git and gh do it.

Imported by `cli._page` only when standard output is a terminal: a pipe or a file never loads it.
The rules are pure functions (`choose`, `environment`, `rows`, `should_page`); `run` starts the
pager and `show` puts them together.

- The pager is `MILAFACTS_PAGER` if set, else `PAGER` if set, else `less -FRX` (gh: GH_PAGER > PAGER
  > default). A value that is empty or `cat` turns paging off (git's rule), at whichever level it
  is set: `PAGER=cat` is not overridden by the default.
- `LESS=FRX` is added to the pager's environment when `LESS` is unset, whatever the pager (git and
  gh both do): a `PAGER=less` then shows the colours (-R) instead of their escape codes.
- The pager runs only when the text does not fit on the screen above the shell's prompt: as many
  display rows as the terminal has lines, or more (`less -F`'s own rule: it keeps a line for its
  prompt too).
- A pager that cannot be started (not found, a command shlex cannot split) is not an error: the text
  is written directly. When the user named it (`MILAFACTS_PAGER`, `PAGER`), one note on stderr says
  why it was not used, as git does; the default `less` missing (a minimal container, Windows) is
  not the user's doing, and is not worth a line on every long answer.
- The pager quitting before reading everything (`q` in less) is not an error either; whatever its
  exit status, the run's is unchanged. milafacts waits for it, ignoring Ctrl-C meanwhile (the pager
  gets it: less stops a search with it, and a milafacts gone would leave it fighting the shell).
"""

from __future__ import annotations

import re
import shlex
import signal
import subprocess
import unicodedata
from collections.abc import Callable, Mapping
from typing import TextIO

DEFAULT = "less -FRX"
VARIABLES = ("MILAFACTS_PAGER", "PAGER")  # the first one set wins
OFF = ("", "cat")


def choose(environ: Mapping[str, str]) -> str | None:
    """The pager command the environment names (`MILAFACTS_PAGER`, else `PAGER`, else `less -FRX`),
    or None when it turns paging off (empty, or `cat`). On a dumb terminal (`TERM=dumb`: an editor's
    shell, a serial console) only a pager the user named is run: `less` would stop at a warning
    before showing anything."""
    named = next((environ[name] for name in VARIABLES if name in environ), None)
    if named is None and environ.get("TERM") == "dumb":
        return None
    command = DEFAULT if named is None else named
    return None if command.strip() in OFF else command


def environment(environ: Mapping[str, str]) -> dict[str, str]:
    """The pager's environment: ours, with `LESS=FRX` unless `LESS` is set (even to empty)."""
    return {**environ, "LESS": environ.get("LESS", "FRX")}


# Escape sequences take no room on the screen: CSI (colours, `\x1b[1;31m`) and OSC (links) ones.
_ESCAPES = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)")


def rows(text: str, width: int) -> int:
    """How many lines of a terminal `width` columns wide `text` takes: a line wider than the screen
    (a word Rich would not cut) wraps onto the next ones; escape sequences take no room. A width of
    0 is unknown: one row a line."""
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()  # the final newline ends the last line, it does not start another
    if width <= 0:
        return len(lines)
    return sum(1 if len(line) * 2 <= width else max(1, -(-_cells(line) // width)) for line in lines)


def _cells(line: str) -> int:
    """The columns `line` takes on a terminal: wide (CJK) characters two, combining marks none."""
    line = _ESCAPES.sub("", line)
    if line.isascii():
        return len(line)
    return sum(
        0 if unicodedata.combining(c) or unicodedata.category(c) in ("Mn", "Me", "Cf")
        else 2 if unicodedata.east_asian_width(c) in ("W", "F")
        else 1
        for c in line
    )  # fmt: skip


def should_page(is_tty: bool, lines: int, height: int, disabled: bool) -> bool:
    """Whether to page `lines` display rows on a screen `height` lines high: on a terminal only,
    unless turned off, and only when they do not fit above the prompt (a height of 0 is unknown)."""
    return is_tty and not disabled and height > 0 and lines >= height


def run(command: str, data: bytes, environ: Mapping[str, str]) -> str | None:
    """Pipe `data` through the pager `command` (split as the shell would) on the inherited stdout,
    and wait for it to end. None once it has shown it; else why it could not start, or failed."""
    try:
        argv = shlex.split(command)
    except ValueError as error:  # an unclosed quote
        return str(error)
    if not argv:
        return "it is empty"
    try:
        process = subprocess.Popen(argv, stdin=subprocess.PIPE, env=environment(environ))
    except (OSError, ValueError) as error:  # not found, not executable; a NUL in the command
        return (error.strerror if isinstance(error, OSError) else None) or str(error)
    interrupt = _ignore_interrupts()
    try:
        # Writes, closes and waits; a pager that quit early (a broken pipe) is not an error.
        process.communicate(data)
    finally:
        if interrupt is not None:
            signal.signal(signal.SIGINT, interrupt)
    # A pager that failed (`false`, `less --no-such-option`: status 1) showed nothing, or only its
    # complaint: the output is printed after all. Quitting (`q`: 0) or Ctrl-C (130) is the reader's
    # choice, and a signal (negative) is not the pager's failure: the output is not shown again.
    if process.returncode > 0 and process.returncode != 128 + signal.SIGINT:
        return f"it exited with status {process.returncode}"
    return None


def _ignore_interrupts() -> Callable[..., object] | int | None:
    """Ignore Ctrl-C while the pager runs; the previous handler, or None when it cannot be changed
    (outside the main thread)."""
    try:
        return signal.signal(signal.SIGINT, signal.SIG_IGN)
    except ValueError:
        return None


def cannot_run(command: str, why: str, language: str = "en") -> str:
    """The note for a pager that could not start: its command as typed, and the system's reason (in
    English, as every system error milafacts reports)."""
    if language == "fr":
        return f"impossible de lancer le pagineur «\u00a0{command}\u00a0»\u00a0: {why}\u00a0; affichage direct"
    return f"cannot run the pager '{command}': {why}; printing directly"


def show(
    text: str,
    stream: TextIO,
    environ: Mapping[str, str],
    *,
    disabled: bool = False,
    size: tuple[int, int] | None = None,
    language: str = "en",
    note: Callable[[str], None] = lambda message: None,
) -> bool:
    """Show `text` through the pager when it is due (`choose`, `should_page`), else write it to
    `stream` as it is. `size` is the terminal's (columns, lines), read when not given. True when the
    pager showed it."""
    import shutil

    command = choose(environ)
    columns, height = size or shutil.get_terminal_size()
    if should_page(stream.isatty(), rows(text, columns), height, disabled or command is None):
        assert command is not None
        stream.flush()  # what is already written comes before what the pager shows
        encoding, errors = getattr(stream, "encoding", None) or "utf-8", getattr(stream, "errors", None) or "strict"
        why = run(command, text.encode(encoding, errors), environ)
        if why is None:
            return True
        if any(name in environ for name in VARIABLES):  # the user's pager, not the default
            note(cannot_run(command, why, language))
    stream.write(text)
    return False
