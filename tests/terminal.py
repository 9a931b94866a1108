"""The installed command run on a pseudo-terminal, as a user at a terminal runs it: one harness for
the tests of terminals, streams, colours and the pager."""

from __future__ import annotations

import fcntl
import os
import select
import struct
import subprocess
import sys
import termios
import time
from dataclasses import dataclass
from pathlib import Path

# The console script pip installed (its own start-up, its own streams), else the module.
SCRIPT = Path(sys.executable).with_name("milafacts")
INSTALLED = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "milafacts"]

# What the test's own environment must not decide for the terminal: its size, colours and pager.
UNSET = ("COLUMNS", "LINES", "NO_COLOR", "FORCE_COLOR", "TERM", "PAGER", "MILAFACTS_PAGER", "LESS")


@dataclass
class Ran:
    code: int
    screen: str  # what the terminal received: stdout (unless piped), and stderr unless kept apart
    piped: str  # stdout when it is a pipe
    stderr: str  # stderr when kept apart


def _controlling_terminal() -> None:
    """In the child: make its new session's controlling terminal the pseudo-terminal on stdin, so
    that a pager reading keys from /dev/tty reads them there (and not from the test's terminal)."""
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


def on_terminal(
    *args: str,
    rows: int = 24,
    columns: int = 80,
    env: dict[str, str] | None = None,
    stderr_apart: bool = True,
    pipe: bool = False,
    keys: tuple[bytes, ...] = (),
) -> Ran:
    """Run the installed command with stdin and stdout (unless `pipe`) on a pseudo-terminal `rows`
    lines high and `columns` wide, stderr apart unless `stderr_apart` is false, in the test's
    environment less `UNSET`, plus `env`. Once it has shown something, `keys` are typed one every
    half second, the last one again and again until it ends. A minute ends it: never a hang."""
    controller, terminal = os.openpty()
    fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    clean = {k: v for k, v in os.environ.items() if k not in UNSET}
    process = subprocess.Popen(
        [*INSTALLED, *args],
        stdin=terminal,
        stdout=subprocess.PIPE if pipe else terminal,
        stderr=subprocess.PIPE if stderr_apart else terminal,
        env={**clean, **(env or {})},
        start_new_session=True,
        preexec_fn=_controlling_terminal,
    )
    os.close(terminal)
    pipes = [stream for stream in (process.stdout, process.stderr) if stream is not None]
    captured = {fd: bytearray() for fd in [controller, *(stream.fileno() for stream in pipes)]}
    open_fds, typed, deadline = list(captured), 0.0, time.monotonic() + 60
    while open_fds and time.monotonic() < deadline:
        if keys and captured[controller] and time.monotonic() - typed > 0.5:
            os.write(controller, keys[0])
            keys, typed = keys[1:] or keys, time.monotonic()
        for fd in select.select(open_fds, [], [], 0.2)[0]:
            try:
                chunk = os.read(fd, 65536)
            except OSError:  # EIO: every process on the terminal has ended
                chunk = b""
            if chunk:
                captured[fd] += chunk
            else:
                open_fds.remove(fd)
    os.close(controller)
    out = captured[process.stdout.fileno()].decode() if process.stdout else ""
    err = captured[process.stderr.fileno()].decode() if process.stderr else ""
    for stream in pipes:
        stream.close()
    code = process.wait(timeout=60)
    screen = captured[controller].decode("utf-8", "replace").replace("\r\n", "\n")  # the terminal's "\r\n"
    return Ran(code, screen, out, err)
