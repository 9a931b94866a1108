"""A large dataset shows Rich's progress display on a terminal while it is read and checked, and nothing
anywhere else (issue 10, item 8). Runs the installed command under a pseudo-terminal."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from milafacts import load as loader
from milafacts import progress

ROOT = Path(__file__).parent.parent
COMMAND = Path(sys.executable).parent / "milafacts"
pytestmark = [
    pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal"),
    pytest.mark.skipif(not COMMAND.exists(), reason="the command is not installed beside this Python"),
]


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A valid dataset above the progress threshold and below the size limit (12,000 records, 3.6 MB)."""
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        from scale import synthetic
    finally:
        sys.path.remove(str(ROOT / "bench"))
    text = synthetic(12_000)
    # Above the 3 MiB threshold (load._PROGRESS_BYTES, checked below), within the size limit.
    assert 3 * 1024 * 1024 < len(text.encode()) <= loader.MAX_BYTES
    path = tmp_path_factory.mktemp("large") / "large.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def environment(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "TTY_COMPATIBLE")}
    return {**env, "TERM": "xterm-256color", "COLUMNS": "100", "LINES": "40", "XDG_CACHE_HOME": str(tmp_path)}


def on_a_terminal(args: list[str], env: dict[str, str], timeout: float = 120) -> tuple[int, str, bytes]:
    """Run the command with stderr on a pseudo-terminal: exit code, stdout, and what the terminal got."""
    import pty

    master, slave = pty.openpty()
    process = subprocess.Popen(
        [str(COMMAND), *args], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=slave, env=env
    )
    os.close(slave)
    screen = bytearray()
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # EIO: the child closed its end
                break
            if not chunk:
                break
            screen += chunk
        stdout = process.stdout.read().decode() if process.stdout else ""
        code = process.wait(timeout=max(1.0, deadline - time.monotonic()))
    finally:
        os.close(master)
        if process.poll() is None:
            process.kill()
        if process.stdout:
            process.stdout.close()
    return code, stdout, bytes(screen)


@pytest.mark.parametrize(
    "args",
    [["validate", "{}"], ["--no-cache", "--data", "{}", "country", "country 0", "-f", "json"]],
    ids=["validate", "cold lookup"],
)
def test_progress_shows_on_a_terminal(large: Path, args: list[str], tmp_path: Path) -> None:
    code, stdout, screen = on_a_terminal([a.format(large) for a in args], environment(tmp_path))
    assert code == 0, screen
    assert b"Reading large.yaml" in screen and b"%" in screen, screen[:400]
    assert b"Checking 12,000 records" in screen
    assert screen.rstrip().endswith(b"\x1b[2K"), "a transient display erases itself"
    assert "ok: no problems found" in stdout or stdout.startswith("{")


@pytest.mark.parametrize(
    "args",
    [["validate", "{}"], ["--no-cache", "--data", "{}", "country", "country 0", "-f", "json"]],
    ids=["validate", "cold lookup"],
)
def test_nothing_on_stderr_when_it_is_not_a_terminal(large: Path, args: list[str], tmp_path: Path) -> None:
    done = subprocess.run(
        [str(COMMAND), *(a.format(large) for a in args)],
        capture_output=True,
        env=environment(tmp_path),
        stdin=subprocess.DEVNULL,
        timeout=120,
    )
    assert (done.returncode, done.stderr) == (0, b"")


def test_a_small_dataset_shows_nothing_on_a_terminal(tmp_path: Path) -> None:
    code, stdout, screen = on_a_terminal(["validate"], environment(tmp_path))
    assert (code, stdout, screen) == (0, "ok: no problems found\n", b"")


def test_rich_is_imported_only_to_show_progress(large: Path) -> None:
    probe = "import sys; from milafacts.load import check; check(sys.argv[1]); print('rich' in sys.modules)"
    done = subprocess.run(
        [sys.executable, "-c", probe, str(large)], capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL
    )
    assert (done.stdout, done.stderr) == ("False\n", "")


def test_progress_is_wanted_only_for_large_input_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    assert loader._PROGRESS_BYTES <= 3 * 1024 * 1024  # the large file above is large enough

    class Terminal:
        def isatty(self) -> bool:
            return True

    monkeypatch.setenv("TERM", "xterm")
    monkeypatch.setattr(sys, "stderr", Terminal())
    assert progress.wanted(loader._PROGRESS_BYTES, loader._PROGRESS_BYTES)
    assert not progress.wanted(loader._PROGRESS_BYTES - 1, loader._PROGRESS_BYTES)
    monkeypatch.setenv("TERM", "dumb")  # cannot redraw a line
    assert not progress.wanted(loader._PROGRESS_BYTES, loader._PROGRESS_BYTES)
    monkeypatch.setenv("TERM", "xterm")
    monkeypatch.setattr(sys, "stderr", None)  # pythonw, or a closed stream
    assert not progress.wanted(loader._PROGRESS_BYTES, loader._PROGRESS_BYTES)


def test_building_the_search_index_shows_progress_on_a_terminal(large: Path, tmp_path: Path) -> None:
    # 12,000 records take about 2 s to index (search._PROGRESS_RECORDS); a pipe gets nothing.
    args = ["--data", str(large), "search", "robotics", "-f", "json"]
    code, stdout, screen = on_a_terminal(args, environment(tmp_path))
    assert code == 0 and stdout.startswith("{"), screen[:400]
    assert b"Indexing 12,000 records" in screen and b"%" in screen, screen[:400]
    piped = subprocess.run(
        [str(COMMAND), "--no-cache", *args], capture_output=True, env=environment(tmp_path), stdin=subprocess.DEVNULL
    )
    assert (piped.returncode, piped.stderr) == (0, b"")
