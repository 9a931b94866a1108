"""Output edges, in real processes: pipes, colour, narrow terminals, poor encodings, markup in data."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import FIXTURES, run

MILAFACTS = [sys.executable, "-m", "milafacts"]


def proc(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[bytes]:
    base = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "COLUMNS")}
    return subprocess.run([*MILAFACTS, *args], capture_output=True, env={**base, **(env or {})}, timeout=60)


def test_pipe_closed_early_ends_quietly() -> None:
    # `milafacts search a | head -1`: the reader goes away after one line.
    pipeline = f"{' '.join(MILAFACTS)} search a --format csv | head -1; exit ${{PIPESTATUS[0]}}"
    done = subprocess.run(["bash", "-c", pipeline], capture_output=True, timeout=60)
    assert done.returncode == 0
    assert done.stdout == b"id,rank,kind,name,headline,context,sections\n"
    assert done.stderr == b""


@pytest.mark.parametrize("fmt", ["table", "json"])
def test_writing_into_an_already_closed_pipe_ends_quietly(fmt: str) -> None:
    # `true` exits at once, long before milafacts has started: its first write meets EPIPE.
    pipeline = f"{' '.join(MILAFACTS)} timeline -f {fmt} | true; exit ${{PIPESTATUS[0]}}"
    done = subprocess.run(["bash", "-c", pipeline], capture_output=True, timeout=60)
    assert (done.returncode, done.stderr) == (0, b"")


@pytest.mark.parametrize(
    "env", [{"NO_COLOR": "1", "FORCE_COLOR": ""}, {"TERM": "dumb"}, {}], ids=["NO_COLOR", "TERM=dumb", "pipe"]
)
def test_plain_text_without_a_colour_terminal(env: dict[str, str]) -> None:
    done = proc("search", "robotics", env=env)
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


@pytest.mark.parametrize("env", [{"LANG": "C", "LC_ALL": "C"}, {"PYTHONIOENCODING": "ascii"}], ids=["LANG=C", "ascii"])
def test_poor_encodings_degrade_readably(env: dict[str, str]) -> None:
    done = proc("person", "pal", "jonson", env={"COLUMNS": "200", **env})
    assert done.returncode == 0, done.stderr
    assert b"Traceback" not in done.stderr
    text = done.stdout.decode("utf-8")
    assert "Pål Jonson" in text or "Pal Jonson" in text
    errors = proc("country", "Pålandia", env=env)
    assert errors.returncode == 3 and b"Traceback" not in errors.stderr


def test_ascii_stream_folds_accents() -> None:
    done = proc("fellows", "-f", "csv", env={"PYTHONIOENCODING": "ascii"})
    assert done.returncode == 0
    assert b"Catherine Regis" in done.stdout
    done.stdout.decode("ascii")  # pure ASCII, nothing left to choke a terminal


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
