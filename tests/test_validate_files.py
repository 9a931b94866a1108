"""Only regular files are datasets: a FIFO, a socket or a device is refused at once, never read (a FIFO
nobody writes to blocked `--data fifo` forever), and an unreadable file is a dataset error (issue 10,
item 7). Every wait has a timeout, so a regression fails instead of hanging the suite."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import run
from milafacts import load as loader
from milafacts.errors import DatasetError, ExitCode, Problem
from milafacts.load import check, load

COMMAND = Path(sys.executable).parent / "milafacts"
pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX only")


@pytest.fixture
def fifo(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "facts.yaml"
    os.mkfifo(path)
    yield path
    # Should a regression have left a reader blocked on it, a writer lets it go (ENXIO when none).
    with contextlib.suppress(OSError):
        os.close(os.open(path, os.O_WRONLY | os.O_NONBLOCK))


def within(seconds: float, call: Callable[[], Any]) -> Any:
    """`call()`'s result or exception; fails the test, not hangs it, when `call` blocks."""
    outcome: dict[str, Any] = {}

    def target() -> None:
        try:
            outcome["value"] = call()
        except BaseException as error:  # handed to the test, which re-raises it
            outcome["error"] = error

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"still blocked after {seconds} s"
    if "error" in outcome:
        raise outcome["error"]
    return outcome.get("value")


def command(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """The installed command, with stderr piped: what a user or a script sees."""
    return subprocess.run(
        [str(COMMAND), *args], capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL
    )


def test_a_fifo_is_refused_by_the_loader_without_waiting(fifo: Path) -> None:
    with pytest.raises(DatasetError) as caught:
        within(10, lambda: load(fifo, cache=False))
    assert [str(p) for p in caught.value.problems] == [
        f"{fifo}: not a regular file (a FIFO); a dataset is a regular file"
    ]
    assert [str(p) for p in within(10, lambda: check(fifo))] == [
        f"{fifo}: not a regular file (a FIFO); a dataset is a regular file"
    ]


@pytest.mark.skipif(not COMMAND.exists(), reason="the command is not installed beside this Python")
@pytest.mark.parametrize("args", [("--data", "{}", "stats"), ("validate", "{}"), ("--data", "{}", "country", "italy")])
def test_the_installed_command_refuses_a_fifo(fifo: Path, args: tuple[str, ...]) -> None:
    done = command(*(a.format(fifo) for a in args), timeout=30)
    assert done.returncode == ExitCode.DATASET
    assert f"{fifo}: not a regular file (a FIFO)" in done.stderr + done.stdout
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr


def test_a_file_swapped_for_a_fifo_after_the_check_is_still_refused(
    fifo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The race between stat and open: stat says "regular file", open gets the FIFO. O_NONBLOCK keeps
    # the open from waiting for a writer, and fstat on what was opened refuses it.
    regular = os.stat(__file__)
    real_stat = os.stat
    monkeypatch.setattr(
        loader.os, "stat", lambda path, *a, **k: regular if Path(path) == fifo else real_stat(path, *a, **k)
    )
    with pytest.raises(DatasetError) as caught:
        within(10, lambda: loader.read_bytes(fifo))
    assert "not a regular file (a FIFO)" in str(caught.value)


def test_a_character_device_is_refused() -> None:
    result = run("validate", os.devnull)
    assert result.exit_code == ExitCode.DATASET
    assert result.stdout == f"{os.devnull}: not a regular file (a character device); a dataset is a regular file\n"
    assert run("--data", os.devnull, "stats").exit_code == ExitCode.DATASET


def test_a_socket_is_refused() -> None:
    # Unix socket paths are short (108 bytes): not under pytest's long tmp_path.
    with tempfile.TemporaryDirectory(dir="/tmp") as folder:
        path = os.path.join(folder, "s")
        with socket.socket(socket.AF_UNIX) as server:
            server.bind(path)
            result = within(10, lambda: run("validate", path))
    assert result.exit_code == ExitCode.DATASET
    assert "not a regular file (a socket)" in result.stdout


def test_a_directory_is_refused(tmp_path: Path) -> None:
    result = run("--data", str(tmp_path), "stats")
    assert result.exit_code == ExitCode.DATASET
    assert result.stderr == f"milafacts: error: {tmp_path}: is a directory, not a dataset file\n"


def test_a_symlink_to_a_regular_file_is_followed(tmp_path: Path) -> None:
    link = tmp_path / "facts.yaml"
    link.symlink_to(Path(__file__).parent / "fixtures" / "mini.yaml")
    assert run("--data", str(link), "stats").exit_code == 0


# --- unreadable files ------------------------------------------------------------------------------


def test_an_unreadable_file_is_a_dataset_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # As root (CI containers) permissions do not stop a read, so the refusal is simulated at open.
    path = tmp_path / "facts.yaml"
    path.write_text("schema_version: 1\n", encoding="utf-8")
    real_open = os.open

    def refusing(file: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if Path(os.fsdecode(file)) == path:
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, flags, *args, **kwargs)

    monkeypatch.setattr(loader.os, "open", refusing)
    with pytest.raises(DatasetError) as caught:
        load(path, cache=False)
    assert [str(p) for p in caught.value.problems] == [f"{path}: cannot read: Permission denied"]
    result = run("--data", str(path), "stats")
    assert (result.exit_code, result.stderr) == (
        ExitCode.DATASET,
        f"milafacts: error: {path}: cannot read: Permission denied\n",
    )
    assert run("validate", str(path)).exit_code == ExitCode.DATASET


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads files whatever their mode")
def test_a_file_without_read_permission_is_a_dataset_error(tmp_path: Path) -> None:
    path = tmp_path / "facts.yaml"
    path.write_text("schema_version: 1\n", encoding="utf-8")
    path.chmod(0)
    result = run("--data", str(path), "stats")
    assert (result.exit_code, result.stderr) == (
        ExitCode.DATASET,
        f"milafacts: error: {path}: cannot read: Permission denied\n",
    )


@pytest.mark.skipif(not Path("/proc/self/mem").exists(), reason="Linux only")
def test_a_regular_file_whose_read_fails_is_a_dataset_error() -> None:
    # /proc/self/mem is a regular file that even root cannot read from offset 0 (EIO).
    result = run("--data", "/proc/self/mem", "stats")
    assert result.exit_code == ExitCode.DATASET
    assert result.stderr == "milafacts: error: /proc/self/mem: cannot read: Input/output error\n"


def test_a_path_with_a_nul_byte_is_a_dataset_error() -> None:
    # Only reachable from Python (argv and the environment cannot hold NUL), but never a traceback.
    with pytest.raises(DatasetError) as caught:
        load("facts\0.yaml", cache=False)
    assert caught.value.problems[0].message == "cannot read: the path contains a NUL byte"
    assert isinstance(caught.value.problems[0], Problem)
