"""Every command has help with an example and is documented in the README; CI runs the README."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import run
from milafacts.cli import app

ROOT = Path(__file__).parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
COMMANDS = sorted(c.name or c.callback.__name__ for c in app.registered_commands if c.callback)


def test_there_are_commands() -> None:
    assert {"country", "fellows", "stats", "search", "validate"} <= set(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS)
def test_command_has_help_with_an_example(command: str) -> None:
    result = run(command, "--help", env={"COLUMNS": "200"})
    assert result.exit_code == 0
    assert f"Example: milafacts {command}" in result.stdout


@pytest.mark.parametrize("command", COMMANDS)
def test_command_is_documented_in_the_readme(command: str) -> None:
    assert re.search(rf"`milafacts {command}\b", README), f"README does not document '{command}'"


def test_ci_runs_the_readme_test_command() -> None:
    blocks = re.findall(r"```sh\n(.*?)```", README, re.S)
    quick_start = [b.strip() for b in blocks[:2]]
    assert quick_start[0] == "pip install . -c constraints.txt && milafacts stats"
    assert quick_start[1] in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_help_shows_every_option_its_default_and_the_global_panel() -> None:
    out = run("search", "--help", env={"COLUMNS": "200"}).stdout
    for text in (
        "Usage: milafacts search",
        "Arguments",
        "WORDS...",
        "[required]",
        "--limit",
        "[default: 10",
        "--format FORMAT",
        "[default: table]",
        "--fields",
        "--export PATH",
        "Global options",
        "--data PATH",
        "--no-cache",
        "--lang en|fr",
    ):
        assert text in out, text
    group = run("--help", env={"COLUMNS": "200"}).stdout
    assert "Commands" in group and all(f" {command} " in group for command in COMMANDS)


def test_help_imports_neither_markdown_nor_pygments() -> None:
    # Typer's own Rich help imports both for nothing: half a lookup's start-up (bench/startup.py).
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from milafacts.cli import main\n"
        "sys.argv = ['milafacts', 'country', '--help']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in sys.modules if m.startswith(('rich.markdown', 'pygments', 'markdown_it'))),"
        " file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert "Everything the dataset knows" in done.stdout
    assert done.stderr.strip() == "[]"


@pytest.mark.parametrize("columns", ["20", "40", "80", "200"])
def test_help_keeps_its_boxes_and_words_whole_at_any_width(columns: str) -> None:
    out = run("search", "--help", env={"COLUMNS": columns, "NO_COLOR": "1"}).stdout
    lines = out.splitlines()
    boxes = [i for i, line in enumerate(lines) if line.startswith("╭")]
    assert len(boxes) == 3  # arguments, options, global options
    for start in boxes:
        end = next(i for i in range(start, len(lines)) if lines[i].startswith("╰"))
        assert len({len(line) for line in lines[start : end + 1]}) == 1, lines[start : end + 1]
        assert all(line.startswith("│") and line.endswith("│") for line in lines[start + 1 : end])
    for word in ("MILAFACTS_NO_CACHE=1).", "--export", "[default:", "table]"):
        assert word in out.split(), word
