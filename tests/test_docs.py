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
    assert quick_start[0] == "pip install . && milafacts stats"
    assert quick_start[1] in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
