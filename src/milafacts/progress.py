"""Progress on a terminal, for work that takes about a second or more: reading and checking a large
dataset (`load`, `validate`) and building its search index (`search.build_index`). Each caller sets
its own threshold, from its own measured rate, at about a second of work."""

from __future__ import annotations

import os
import sys


def wanted(size: int, threshold: int) -> bool:
    """Whether to show progress: a large input (`size` at least `threshold`) and stderr a terminal that can
    redraw a line. Never on a pipe or a file: scripts and logs get nothing they did not ask for."""
    if size < threshold:
        return False
    if os.environ.get("TERM") in ("dumb", "unknown"):
        return False
    try:
        return sys.stderr is not None and sys.stderr.isatty()
    except (AttributeError, ValueError, OSError):  # replaced, closed or detached
        return False


class Progress:
    """Rich's progress display, transient, on stderr. Rich is imported here and only here: work
    that shows no progress (every lookup of the bundled dataset) pays nothing for it."""

    def __init__(self, description: str, total: int) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn

        self._progress = Progress(
            TextColumn("{task.description}", markup=False),  # a file name is not Rich markup
            BarColumn(),
            TaskProgressColumn(),
            TimeElapsedColumn(),
            console=Console(stderr=True),
            transient=True,
            redirect_stdout=False,
            redirect_stderr=False,
        )
        self._task = self._progress.add_task(description, total=total)
        self._progress.start()

    def update(self, done: int) -> None:
        self._progress.update(self._task, completed=done)

    def close(self) -> None:
        self._progress.stop()
