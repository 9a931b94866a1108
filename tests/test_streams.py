"""Output edges, in real processes: pipes, terminals, unwritable outputs, poor encodings, markup in data."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from terminal import INSTALLED, SCRIPT, on_terminal

from conftest import FIXTURES, run
from milafacts.errors import ExitCode
from milafacts.load import bundled_path

MILAFACTS = [sys.executable, "-m", "milafacts"]
# Commands whose output goes through each writer: Rich tables, plain text formats, typer's help, the
# --version callback and validate's report.
WRITERS = [
    ["stats"],
    ["stats", "-f", "json"],
    ["stats", "-f", "csv"],
    ["stats", "-f", "markdown"],
    ["--help"],
    ["country", "-h"],
    [],
    ["--version"],
    ["validate", str(bundled_path())],
]


def proc(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[bytes]:
    base = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "COLUMNS")}
    return subprocess.run([*MILAFACTS, *args], capture_output=True, env={**base, **(env or {})}, timeout=60)


def shell(redirect: str, *args: str) -> subprocess.CompletedProcess[bytes]:
    """The installed command with its stdout redirected as in a shell: `milafacts ARGS >/dev/full`."""
    return subprocess.run(
        ["bash", "-c", f'"$@" {redirect}', "bash", *INSTALLED, *args], capture_output=True, timeout=60
    )


def into_closed_pipe(*args: str) -> subprocess.CompletedProcess[bytes]:
    """The installed command writing into a pipe whose reader has already gone: its first write meets
    EPIPE, every time (`| head -c1` and `| true` only usually get there first)."""
    reader, writer = os.pipe()
    os.close(reader)
    try:
        return subprocess.run([*INSTALLED, *args], stdout=writer, stderr=subprocess.PIPE, timeout=60)
    finally:
        os.close(writer)


def on_a_terminal(*args: str, env: dict[str, str]) -> tuple[int, str]:
    """The exit code and what a user sees running the installed command at a terminal: stdout and
    stderr on a pseudo-terminal of 100 columns."""
    ran = on_terminal(*args, rows=40, columns=100, env={"MILAFACTS_PAGER": "cat", **env}, stderr_apart=False)
    return ran.code, ran.screen


# --- a reader that goes away ----------------------------------------------------------------------


def test_pipe_closed_early_ends_quietly() -> None:
    # `milafacts search a | head -1`: the reader goes away after one line.
    pipeline = f"{' '.join(MILAFACTS)} search a --format csv | head -1; exit ${{PIPESTATUS[0]}}"
    done = subprocess.run(["bash", "-c", pipeline], capture_output=True, timeout=60)
    assert done.returncode == 0
    assert done.stdout == b"id,rank,kind,name,headline,context,sections\n"
    assert done.stderr == b""


@pytest.mark.parametrize("args", [*WRITERS, ["timeline", "-f", "table"], ["timeline", "-f", "json"]], ids=repr)
def test_writing_into_a_closed_pipe_ends_quietly(args: list[str]) -> None:
    # `milafacts --help | head -c1`: not an error, nothing to say, no "Exception ignored" at exit.
    done = into_closed_pipe(*args)
    assert (done.returncode, done.stderr) == (ExitCode.OK, b"")


@pytest.mark.parametrize("args", [["--help"], ["country", "-h"]])
def test_help_into_head_ends_quietly(args: list[str]) -> None:
    pipeline = f"{SCRIPT} {' '.join(args)} | head -c1; exit ${{PIPESTATUS[0]}}"
    done = subprocess.run(["bash", "-c", pipeline], capture_output=True, timeout=60)
    assert (done.returncode, done.stderr) == (ExitCode.OK, b"")


def test_validate_into_a_closed_pipe_still_reports_its_verdict(tmp_path: Path) -> None:
    # The verdict is the exit code: problems found are problems found, however much of the list was read.
    flawed = tmp_path / "flawed.yaml"
    flawed.write_text((FIXTURES / "mini.yaml").read_text(encoding="utf-8").replace("[only]", "[nowhere]"))
    done = into_closed_pipe("validate", str(flawed))
    assert done.returncode == ExitCode.DATASET
    assert done.stderr.decode().endswith("problem(s) found\n") and done.stderr.count(b"\n") == 1


# --- an output that cannot be written --------------------------------------------------------------


@pytest.mark.parametrize("args", WRITERS, ids=repr)
@pytest.mark.parametrize(
    "redirect",
    [">/dev/full", "1</dev/null", ">&-"],
    ids=["disk full", "read-only descriptor", "closed descriptor"],
)
def test_output_that_cannot_be_written_is_an_output_error(args: list[str], redirect: str) -> None:
    done = shell(redirect, *args)
    assert done.returncode == ExitCode.OUTPUT, done.stderr
    assert done.stderr.startswith(b"milafacts: error: cannot write to standard output: ")
    assert done.stderr.count(b"\n") == 1  # no traceback, no "Exception ignored" at exit


def test_output_error_without_stderr_still_exits_with_its_code() -> None:
    done = shell(">/dev/full 2>&-", "stats", "-f", "json")
    assert (done.returncode, done.stdout, done.stderr) == (ExitCode.OUTPUT, b"", b"")


def test_error_message_into_a_full_stderr_keeps_the_exit_code() -> None:
    done = shell("2>/dev/full", "country", "atlantis")
    assert done.returncode == ExitCode.NOT_FOUND


# --- colour only on a terminal ----------------------------------------------------------------------


TERMINAL_OUTPUTS = [["search", "robotics"], ["stats"], ["country", "itly"]]  # highlights, a table, an error


@pytest.mark.parametrize("args", TERMINAL_OUTPUTS, ids=repr)
def test_a_terminal_gets_colour(args: list[str]) -> None:
    # The control for the test below: on a terminal, without NO_COLOR, these do show styles.
    code, shown = on_a_terminal(*args, env={"TERM": "xterm-256color"})
    assert code in (ExitCode.OK, ExitCode.NOT_FOUND)
    assert "\x1b[" in shown


@pytest.mark.parametrize("env", [{"NO_COLOR": "1", "TERM": "xterm-256color"}, {"TERM": "dumb"}], ids=repr)
@pytest.mark.parametrize("args", TERMINAL_OUTPUTS, ids=repr)
def test_no_styling_with_no_color_or_a_dumb_terminal(env: dict[str, str], args: list[str]) -> None:
    # NO_COLOR means no styling at all here (Rich alone would still send bold and reverse video).
    code, shown = on_a_terminal(*args, env=env)
    assert code in (ExitCode.OK, ExitCode.NOT_FOUND)
    assert shown.strip() and "\x1b" not in shown


def test_a_pipe_gets_no_colour() -> None:
    done = proc("search", "robotics", env={"TERM": "xterm-256color"})
    assert done.returncode == 0
    assert b"\x1b[" not in done.stdout


def test_no_color_wins_even_when_colour_is_forced() -> None:
    result = run("search", "robotics", env={"FORCE_COLOR": "1", "NO_COLOR": "1", "TERM": "xterm"})
    assert "\x1b[1;7m" not in result.stdout


def test_narrow_terminal_shows_every_value_in_full() -> None:
    document = json.loads(run("fellows", "-f", "json").stdout)
    table = run("fellows", env={"COLUMNS": "40"}).stdout
    assert "…" not in table and "..." not in table
    words = table.split()
    for row in document["results"]:
        for value in (row["name"], row["focus"], *row["collaborators"]):
            for word in value.split():
                assert any(word in w or w in word for w in words), word
    assert max(len(line) for line in table.splitlines()) <= 40


# --- encodings that cannot show every character -----------------------------------------------------


@pytest.mark.parametrize("env", [{"LANG": "C", "LC_ALL": "C"}, {"PYTHONIOENCODING": "ascii"}], ids=["LANG=C", "ascii"])
def test_poor_encodings_degrade_readably(env: dict[str, str]) -> None:
    done = proc("person", "pal", "jonson", env={"COLUMNS": "200", **env})
    assert done.returncode == 0, done.stderr
    assert b"Traceback" not in done.stderr
    text = done.stdout.decode("utf-8")
    assert "Pål Jonson" in text or "Pal Jonson" in text
    errors = proc("country", "Pålandia", env=env)
    assert errors.returncode == 3 and b"Traceback" not in errors.stderr


@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
def test_json_is_lossless_whatever_the_encoding(encoding: str) -> None:
    exact = proc("country", "sweden", "--format", "json")
    poor = proc("country", "sweden", "--format", "json", env={"PYTHONIOENCODING": encoding})
    assert (poor.returncode, poor.stderr) == (0, b"")
    assert json.loads(poor.stdout.decode(encoding)) == json.loads(exact.stdout.decode("utf-8"))
    assert "Pål Jonson" in exact.stdout.decode("utf-8")


def test_json_on_ascii_uses_unicode_escapes() -> None:
    poor = proc("country", "sweden", "--format", "json", env={"PYTHONIOENCODING": "ascii"})
    assert b'"P\\u00e5l Jonson"' in poor.stdout


def test_markdown_on_ascii_uses_character_references() -> None:
    # Markdown renders `&#229;` as `å`: the table reads the same once rendered.
    done = proc("country", "sweden", "--format", "markdown", env={"PYTHONIOENCODING": "ascii"})
    assert (done.returncode, done.stderr) == (0, b"")
    assert b"P&#229;l Jonson" in done.stdout
    done.stdout.decode("ascii")


def test_csv_on_ascii_is_folded_and_says_so() -> None:
    # CSV has no escapes: the stream folds what it cannot encode, and one line on stderr says so.
    done = proc("fellows", "-f", "csv", env={"PYTHONIOENCODING": "ascii"})
    assert done.returncode == 0
    assert b"Catherine Regis" in done.stdout
    done.stdout.decode("ascii")  # pure ASCII, nothing left to choke a terminal
    assert done.stderr.startswith(b"milafacts: ") and b"PYTHONIOENCODING=utf-8" in done.stderr
    assert done.stderr.count(b"\n") == 1


def test_markup_in_data_prints_literally(tmp_path: Path) -> None:
    text = (FIXTURES / "mini.yaml").read_text(encoding="utf-8")
    text = text.replace("A one-day meeting on tides.", "'[bold]Tides[/bold] in [2024], see [link=x]here[/link]'")
    path = tmp_path / "markup.yaml"
    path.write_text(text, encoding="utf-8")
    result = run("--data", str(path), "timeline", env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "[bold]Tides[/bold] in [2024], see [link=x]here[/link]" in result.stdout
    searched = run("--data", str(path), "search", "[2024]", env={"COLUMNS": "200", "FORCE_COLOR": "1"})
    assert "[bold]Tides[/bold]" in searched.stdout
