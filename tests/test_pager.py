"""Long output on a terminal goes through a pager, as git and gh do it (`milafacts.pager`).

The rules on their own (which pager, whether to page, how many rows a text takes, starting it), then
the installed command on a pseudo-terminal of a given size, with a pager written here that records
what it was given: paged when the output does not fit, printed as before when it fits, with
--no-pager, with MILAFACTS_PAGER=cat, and always when stdout is a pipe; a pager that cannot start
or that quits early is no error. Every test that says "not paged" first shows that the same run is
paged without the one thing that turns it off, so none of them passes without the pager.
"""

from __future__ import annotations

import io
import os
import re
import shlex
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest
from terminal import Ran, on_terminal

from conftest import run
from milafacts import pager

# --- the rules -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, "less -FRX"),
        ({"PAGER": "more"}, "more"),
        ({"MILAFACTS_PAGER": "most -s"}, "most -s"),
        ({"MILAFACTS_PAGER": "most", "PAGER": "more"}, "most"),
        ({"MILAFACTS_PAGER": "less", "PAGER": "cat"}, "less"),
        ({"MILAFACTS_PAGER": "cat"}, None),
        ({"MILAFACTS_PAGER": "cat", "PAGER": "more"}, None),
        ({"MILAFACTS_PAGER": "", "PAGER": "more"}, None),
        ({"MILAFACTS_PAGER": "  "}, None),
        ({"PAGER": "cat"}, None),
        ({"PAGER": ""}, None),
        ({"LESS": "-S"}, "less -FRX"),
        # A dumb terminal: less would stop at its warning; a pager the user named still runs.
        ({"TERM": "dumb"}, None),
        ({"TERM": "dumb", "PAGER": "more"}, "more"),
        ({"TERM": "xterm-256color"}, "less -FRX"),
    ],
)
def test_milafacts_pager_wins_over_pager_which_wins_over_less(environ: dict[str, str], expected: str | None) -> None:
    assert pager.choose(environ) == expected


def test_less_gets_frx_unless_less_is_set() -> None:
    environ = {"HOME": "/home/me", "PAGER": "less"}
    assert pager.environment(environ) == {"HOME": "/home/me", "PAGER": "less", "LESS": "FRX"}
    assert pager.environment({**environ, "LESS": "-S"})["LESS"] == "-S"
    assert pager.environment({**environ, "LESS": ""})["LESS"] == ""  # set, even empty: the user's
    assert "LESS" not in environ  # the caller's mapping is left alone


@pytest.mark.parametrize(
    ("is_tty", "lines", "height", "disabled", "expected"),
    [
        (True, 30, 24, False, True),
        (True, 24, 24, False, True),  # 24 rows and the prompt do not fit on 24 lines
        (True, 23, 24, False, False),
        (True, 1, 24, False, False),
        (False, 300, 24, False, False),  # a pipe or a file: never
        (True, 300, 24, True, False),  # --no-pager, MILAFACTS_PAGER=cat
        (True, 300, 0, False, False),  # a terminal of unknown height
    ],
)
def test_paging_only_on_a_terminal_too_short_for_the_output(
    is_tty: bool, lines: int, height: int, disabled: bool, expected: bool
) -> None:
    assert pager.should_page(is_tty, lines, height, disabled) is expected


@pytest.mark.parametrize(
    ("text", "width", "expected"),
    [
        ("", 80, 0),
        ("one\n", 80, 1),
        ("one\ntwo", 80, 2),
        ("one\n\nthree\n", 80, 3),
        ("x" * 80 + "\n", 80, 1),  # exactly the width: one row
        ("x" * 81 + "\n", 80, 2),  # an overlong word wraps onto the next row
        ("x" * 200 + "\n", 80, 3),
        ("\x1b[1;31m" + "x" * 70 + "\x1b[0m\n", 80, 1),  # colours take no room
        ("\x1b]8;;https://mila.quebec\x1b\\" + "x" * 70 + "\x1b]8;;\x1b\\\n", 80, 1),  # nor links
        ("漢" * 50 + "\n", 80, 2),  # wide characters take two columns
        ("e\u0301" * 70 + "\n", 80, 1),  # combining accents none
        ("ab\nc\n", 0, 2),  # an unknown width: a row a line
    ],
    ids=[
        "empty",
        "one",
        "no-final-newline",
        "blank-line",
        "full-width",
        "overflow",
        "overflow-twice",
        "colours",
        "link",
        "wide",
        "combining",
        "unknown-width",
    ],
)
def test_rows_counts_lines_as_the_terminal_shows_them(text: str, width: int, expected: int) -> None:
    assert pager.rows(text, width) == expected


class _Terminal(io.StringIO):
    """A stream that says it is a terminal."""

    def isatty(self) -> bool:
        return True


def _recorder(tmp_path: Path, name: str = "paged", *, delay: float = 0.0) -> tuple[str, Path]:
    """A pager command that copies its input to a file (after `delay` seconds, to show that
    milafacts waits for it) and the file; beside it, `.less`: the LESS it was given."""
    script = tmp_path / "recorder.py"
    script.write_text(
        "import os, sys, time\n"
        "data = sys.stdin.buffer.read()\n"
        "time.sleep(float(sys.argv[2]))\n"
        "with open(sys.argv[1] + '.less', 'w') as f:\n"
        "    f.write(os.environ.get('LESS', '<unset>'))\n"
        "with open(sys.argv[1] + '.part', 'wb') as f:\n"
        "    f.write(data)\n"
        "os.replace(sys.argv[1] + '.part', sys.argv[1])\n",
        encoding="utf-8",
    )
    out = tmp_path / name
    return shlex.join([sys.executable, str(script), str(out), str(delay)]), out


def _quitter(tmp_path: Path) -> tuple[str, Path]:
    """A pager that reads one line, keeps it, and quits, as `q` does in less."""
    script = tmp_path / "quitter.py"
    script.write_text(
        "import sys\nline = sys.stdin.buffer.readline()\nopen(sys.argv[1], 'wb').write(line)\n", encoding="utf-8"
    )
    out = tmp_path / "first-line"
    return shlex.join([sys.executable, str(script), str(out)]), out


def test_show_pipes_what_does_not_fit_through_the_pager_and_waits_for_it(tmp_path: Path) -> None:
    command, out = _recorder(tmp_path, delay=0.5)
    screen, text = _Terminal(), "".join(f"line {n}\n" for n in range(30))
    assert pager.show(text, screen, {"MILAFACTS_PAGER": command}, size=(80, 24))
    assert out.read_text(encoding="utf-8") == text  # there already: show waited for the pager
    assert (tmp_path / "paged.less").read_text(encoding="utf-8") == "FRX"
    assert screen.getvalue() == ""


def test_show_writes_what_fits_or_what_is_not_for_a_pager(tmp_path: Path) -> None:
    command, out = _recorder(tmp_path)
    text = "".join(f"line {n}\n" for n in range(30))
    for environ, size, stream, disabled in [
        ({"MILAFACTS_PAGER": command}, (80, 31), _Terminal(), False),  # it fits
        ({"MILAFACTS_PAGER": command}, (80, 24), _Terminal(), True),  # --no-pager
        ({"MILAFACTS_PAGER": "cat", "PAGER": command}, (80, 24), _Terminal(), False),
        ({"MILAFACTS_PAGER": command}, (80, 24), io.StringIO(), False),  # not a terminal
    ]:
        assert not pager.show(text, stream, environ, size=size, disabled=disabled)
        assert stream.getvalue() == text
    assert not out.exists()
    # The control: the same text, the same pager, on a terminal too short for it.
    assert pager.show(text, _Terminal(), {"MILAFACTS_PAGER": command}, size=(80, 24))
    assert out.read_text(encoding="utf-8") == text


@pytest.mark.parametrize("command", ["/nonexistent/pager -R", "less 'unclosed", "\0"], ids=["missing", "shlex", "nul"])
def test_a_pager_that_cannot_start_leaves_the_text_printed_and_one_note(command: str) -> None:
    screen, notes, text = _Terminal(), [], "".join(f"line {n}\n" for n in range(30))
    paged = pager.show(text, screen, {"MILAFACTS_PAGER": command}, size=(80, 24), note=notes.append)
    assert not paged
    assert screen.getvalue() == text
    assert len(notes) == 1
    assert notes[0].startswith("cannot run the pager ") and notes[0].endswith("; printing directly")
    french: list[str] = []
    pager.show(text, _Terminal(), {"MILAFACTS_PAGER": command}, size=(80, 24), language="fr", note=french.append)
    assert french[0].startswith("impossible de lancer le pagineur")


def _fake_less(folder: Path) -> Path:
    """An executable `less` in `folder` that records its arguments, LESS and its input beside it."""
    less = folder / "less"
    less.write_text(
        f"#!{sys.executable}\n"
        "import os, sys\n"
        "here = os.path.dirname(sys.argv[0])\n"
        "data = sys.stdin.buffer.read()\n"
        "open(os.path.join(here, 'less.args'), 'w').write(' '.join(sys.argv[1:]) + ' LESS=' + os.environ['LESS'])\n"
        "open(os.path.join(here, 'less.input'), 'wb').write(data)\n",
        encoding="utf-8",
    )
    less.chmod(0o755)
    return folder / "less.args"


def test_the_default_less_missing_is_printed_directly_without_a_note(tmp_path: Path) -> None:
    screen, notes, text = _Terminal(), [], "".join(f"line {n}\n" for n in range(30))
    assert not pager.show(text, screen, {"PATH": str(tmp_path)}, size=(80, 24), note=notes.append)
    assert screen.getvalue() == text
    assert notes == []  # the user never asked for less
    # The control: with a `less` on the PATH, the same text goes through it, as `less -FRX`.
    args = _fake_less(tmp_path)
    assert pager.show(text, _Terminal(), {"PATH": str(tmp_path)}, size=(80, 24))
    assert args.read_text(encoding="utf-8") == "-FRX LESS=FRX"
    assert (tmp_path / "less.input").read_text(encoding="utf-8") == text


def test_a_pager_that_quits_early_is_not_an_error(tmp_path: Path) -> None:
    command, out = _quitter(tmp_path)
    data = b"first line\n" + b"x" * 79 + b"\n" * 20_000  # far more than a pipe holds: a broken pipe
    assert pager.run(command, data, dict(os.environ)) is None
    assert out.read_bytes() == b"first line\n"


# --- the installed command on a terminal ---------------------------------------------------------

needs_less = pytest.mark.skipif(shutil.which("less") is None, reason="less is not installed")


def in_terminal(*args: str, rows: int, env: dict[str, str] | None = None, **options: Any) -> Ran:
    """`on_terminal` with stderr apart, the terminal's type an ordinary one, and no pager chosen
    unless the test chooses one."""
    return on_terminal(*args, rows=rows, env={"TERM": "xterm-256color", **(env or {})}, **options)


def _plain(text: str) -> str:
    """Text without its colours, lines without their trailing spaces (as a terminal shows them)."""
    return "\n".join(line.rstrip() for line in re.sub(r"\x1b\[[0-?]*[ -/]*[@-~]", "", text).split("\n"))


# The table's last line (the end of its source citation) on an 80-column terminal.
PEOPLE_LAST_ROW = run("people", env={"COLUMNS": "80"}).stdout.rstrip().splitlines()[-1].strip()


def test_a_long_table_on_a_short_terminal_goes_through_the_pager_with_its_colours(tmp_path: Path) -> None:
    command, out = _recorder(tmp_path, delay=0.5)
    ran = in_terminal("people", rows=10, env={"MILAFACTS_PAGER": command})
    assert ran.code == 0, ran.stderr
    assert ran.stderr == ""
    paged = out.read_text(encoding="utf-8")  # written after a delay: milafacts waited for its pager
    assert "People" in paged and PEOPLE_LAST_ROW in _plain(paged)
    assert "\x1b[" in paged  # Rich's styles are kept (less -R shows them)
    assert "People" not in ran.screen  # the pager had it all; it showed nothing here
    # What the pager got is what the same terminal shows without one.
    direct = in_terminal("people", "--no-pager", rows=10)
    assert _plain(paged) == _plain(direct.screen)


def test_no_color_holds_through_the_pager(tmp_path: Path) -> None:
    command, out = _recorder(tmp_path)
    ran = in_terminal("people", rows=10, env={"MILAFACTS_PAGER": command, "NO_COLOR": "1"})
    assert ran.code == 0
    paged = out.read_text(encoding="utf-8")
    assert PEOPLE_LAST_ROW in paged and "\x1b" not in paged


def test_json_is_paged_too_and_byte_for_byte(tmp_path: Path) -> None:
    command, out = _recorder(tmp_path)
    ran = in_terminal("people", "-f", "json", rows=10, env={"MILAFACTS_PAGER": command})
    assert ran.code == 0
    assert out.read_text(encoding="utf-8") == run("people", "-f", "json").stdout


@pytest.mark.parametrize(
    ("variables", "expected"),
    [({"PAGER": "{a}"}, "a"), ({"MILAFACTS_PAGER": "{a}", "PAGER": "{b}"}, "a")],
    ids=["PAGER", "MILAFACTS_PAGER-over-PAGER"],
)
def test_the_pager_comes_from_milafacts_pager_else_pager(
    tmp_path: Path, variables: dict[str, str], expected: str
) -> None:
    commands = {name: _recorder(tmp_path, name) for name in ("a", "b")}
    env = {k: v.format(a=commands["a"][0], b=commands["b"][0]) for k, v in variables.items()}
    assert in_terminal("people", rows=10, env=env).code == 0
    assert [name for name, (_, out) in commands.items() if out.exists()] == [expected]


def test_the_pager_gets_less_frx_unless_less_is_set(tmp_path: Path) -> None:
    command, _ = _recorder(tmp_path)
    in_terminal("people", rows=10, env={"MILAFACTS_PAGER": command})
    assert (tmp_path / "paged.less").read_text(encoding="utf-8") == "FRX"
    in_terminal("people", rows=10, env={"MILAFACTS_PAGER": command, "LESS": "-S"})
    assert (tmp_path / "paged.less").read_text(encoding="utf-8") == "-S"


@pytest.mark.parametrize(
    ("args", "rows"), [(["people"], 500), (["sources"], 40)], ids=["people-500-rows", "sources-40-rows"]
)
def test_output_that_fits_is_printed_as_always(tmp_path: Path, args: list[str], rows: int) -> None:
    command, out = _recorder(tmp_path)
    ran = in_terminal(*args, rows=rows, env={"MILAFACTS_PAGER": command})
    assert ran.code == 0
    assert not out.exists()
    assert _plain(ran.screen) == _plain(in_terminal(*args, "--no-pager", rows=rows).screen)
    # The control: the same output on a short terminal is paged.
    assert in_terminal(*args, rows=10, env={"MILAFACTS_PAGER": command}).code == 0
    assert out.exists()


@pytest.mark.parametrize(
    ("args", "env"),
    [
        (["--no-pager", "people"], {"MILAFACTS_PAGER": "{pager}"}),
        (["people", "--no-pager"], {"MILAFACTS_PAGER": "{pager}"}),
        (["people"], {"MILAFACTS_PAGER": "cat", "PAGER": "{pager}"}),
        (["people"], {"MILAFACTS_PAGER": "", "PAGER": "{pager}"}),
        (["people"], {"PAGER": "cat"}),  # and not less: it would hold back the last row
    ],
    ids=["--no-pager-before", "--no-pager-after", "MILAFACTS_PAGER=cat", "MILAFACTS_PAGER=", "PAGER=cat"],
)
def test_no_pager_and_cat_turn_paging_off(tmp_path: Path, args: list[str], env: dict[str, str]) -> None:
    command, out = _recorder(tmp_path)
    ran = in_terminal(*args, rows=10, env={name: value.format(pager=command) for name, value in env.items()})
    assert ran.code == 0
    assert not out.exists()
    assert PEOPLE_LAST_ROW in _plain(ran.screen)  # printed on the terminal itself
    # The control: the same run without what turns it off is paged.
    assert in_terminal("people", rows=10, env={"MILAFACTS_PAGER": command}).code == 0
    assert out.exists()


def test_a_pipe_is_never_paged_and_gets_the_same_bytes(tmp_path: Path) -> None:
    command, out = _recorder(tmp_path)
    for args in (["people"], ["people", "-f", "csv"], ["country", "italy"]):
        piped = in_terminal(*args, rows=10, env={"MILAFACTS_PAGER": command, "PAGER": command}, pipe=True)
        assert piped.code == 0
        assert not out.exists()
        unpaged = in_terminal(*args, "--no-pager", rows=10, pipe=True)
        assert piped.piped == unpaged.piped != ""
    # The control: on the terminal itself, the same run is paged.
    assert in_terminal("people", rows=10, env={"MILAFACTS_PAGER": command}).code == 0
    assert out.exists()


def test_help_version_and_errors_are_never_paged(tmp_path: Path) -> None:
    command, out = _recorder(tmp_path)
    env = {"MILAFACTS_PAGER": command}
    for args in (["--help"], ["people", "--help"], ["--version"], ["country", "atlantis"], ["people", "-f", "xml"]):
        in_terminal(*args, rows=3, env=env)
        assert not out.exists(), args
    assert in_terminal("people", rows=3, env=env).code == 0  # the control
    assert out.exists()


@pytest.mark.parametrize("command", ["/nonexistent/pager", "less 'unclosed"], ids=["missing", "unsplittable"])
def test_a_pager_that_cannot_start_still_prints_the_output(command: str) -> None:
    ran = in_terminal("people", rows=10, env={"MILAFACTS_PAGER": command})
    assert ran.code == 0
    assert PEOPLE_LAST_ROW in _plain(ran.screen)
    assert "Traceback" not in ran.stderr
    assert ran.stderr.startswith("milafacts: cannot run the pager ")  # says why it was not used
    assert ran.stderr.count("\n") == 1


@pytest.mark.parametrize("command", ["false", "sh -c 'echo no such option >&2; exit 1'"], ids=["false", "bad-option"])
def test_a_pager_that_fails_still_leaves_the_output_printed(command: str) -> None:
    # It started, then failed: without the fallback the answer was lost, and the run said exit 0.
    ran = in_terminal("people", rows=10, env={"MILAFACTS_PAGER": command})
    assert ran.code == 0
    assert PEOPLE_LAST_ROW in _plain(ran.screen)
    assert "it exited with status 1; printing directly" in ran.stderr


def test_a_pager_that_quits_early_ends_the_run_cleanly(tmp_path: Path) -> None:
    command, out = _quitter(tmp_path)
    for args in (["people"], ["timeline", "-f", "json"]):
        ran = in_terminal(*args, rows=10, env={"MILAFACTS_PAGER": command})
        assert ran.code == 0
        assert ran.stderr == ""
        assert out.read_bytes().strip() != b""  # the pager ran, and read its one line
        assert "Traceback" not in ran.screen
        out.unlink()


def test_less_from_the_path_is_the_default_and_its_absence_no_error(tmp_path: Path) -> None:
    empty, tools = tmp_path / "empty", tmp_path / "tools"
    empty.mkdir()
    tools.mkdir()
    ran = in_terminal("people", rows=10, env={"PATH": str(empty)})
    assert ran.code == 0
    assert ran.stderr == ""  # no note: the user never asked for less
    assert PEOPLE_LAST_ROW in _plain(ran.screen)
    args = _fake_less(tools)
    assert in_terminal("people", rows=10, env={"PATH": str(tools)}).code == 0  # the control
    assert args.read_text(encoding="utf-8") == "-FRX LESS=FRX"
    assert PEOPLE_LAST_ROW in _plain((tools / "less.input").read_text(encoding="utf-8"))


@needs_less
def test_less_is_the_default_and_q_quits_it() -> None:
    ran = in_terminal("people", rows=10, keys=(b"q",))
    assert ran.code == 0, ran.stderr
    assert "People" in ran.screen  # the first screen
    assert PEOPLE_LAST_ROW not in _plain(ran.screen)  # and not the rest: less held it back


@needs_less
def test_ctrl_c_in_less_is_less_own_and_q_still_ends_the_run_with_0() -> None:
    # Ctrl-C goes to every process on the terminal: milafacts ignores it while its pager runs, as
    # git does, instead of dying (exit 130) and leaving less to fight the shell for the terminal.
    ran = in_terminal("people", rows=10, keys=(b"\x03", b"q"))
    assert ran.code == 0, ran.stderr
    assert ran.stderr == ""
