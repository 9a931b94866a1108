"""The global options --data and --no-cache, on either side of the command, and MILAFACTS_NO_CACHE."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from conftest import FIXTURES, run
from milafacts.errors import ExitCode

MINI = str(FIXTURES / "mini.yaml")
MINI_SOURCE = "A test digest (Test Publisher, June 2026)"
MISSING = "/nonexistent/facts.yaml"


def cached_files() -> list[Path]:
    return [p for p in Path(os.environ["XDG_CACHE_HOME"]).rglob("*") if p.is_file()]


@pytest.mark.parametrize(
    "args",
    [
        ["--data", MINI, "country", "atl", "-f", "json"],
        ["country", "atl", "-f", "json", "--data", MINI],
        ["country", "--data", MINI, "atl", "-f", "json"],
    ],
    ids=["before", "after", "between"],
)
def test_data_on_either_side_of_the_command(args: list[str]) -> None:
    result = run(*args)
    assert result.exit_code == ExitCode.OK, result.output
    assert json.loads(result.stdout)["subject"]["name"] == "Atlantis"


@pytest.mark.parametrize(
    "command",
    [
        ["country", "atl"],
        ["countries"],
        ["fellows"],
        ["stats"],
        ["people", "--country", "atl"],
        ["person", "ada"],
        ["orgs"],
        ["org", "acme"],
        ["timeline", "--month", "march"],
        ["agreements"],
        ["search", "tides"],
        ["show", "summit"],
        ["sources"],
    ],
    ids=lambda c: c[0],
)
def test_every_command_takes_data_after_it(command: list[str]) -> None:
    result = run(*command, "-f", "json", "--data", MINI)
    assert result.exit_code in (ExitCode.OK, ExitCode.NOT_FOUND), result.output
    if result.exit_code == ExitCode.OK:
        assert json.loads(result.stdout)["source"]["citation"] == MINI_SOURCE


def test_validate_takes_data_after_it() -> None:
    flawed = run("validate", "--data", MISSING)
    assert flawed.exit_code == ExitCode.DATASET and MISSING in flawed.stdout


def test_the_commands_own_data_wins_over_the_groups_and_the_environment() -> None:
    result = run("--data", MISSING, "country", "atl", "-f", "json", "--data", MINI, env={"MILAFACTS_DATA": MISSING})
    assert result.exit_code == ExitCode.OK, result.output
    assert json.loads(result.stdout)["source"]["citation"] == MINI_SOURCE


@pytest.mark.parametrize("args", [["--no-cache", "stats"], ["stats", "--no-cache"]], ids=["before", "after"])
def test_no_cache_on_either_side_of_the_command(args: list[str]) -> None:
    assert run(*args).exit_code == ExitCode.OK
    assert cached_files() == []
    assert run("stats").exit_code == ExitCode.OK
    assert cached_files() != []  # the control: without --no-cache, the run is cached


@pytest.mark.parametrize("value", ["", "0", "false", "No", "off", "1", "true", "YES", "on"])
def test_no_cache_variable_accepts_yes_and_no_spellings(value: str) -> None:
    result = run("stats", "-f", "csv", env={"MILAFACTS_NO_CACHE": value})
    assert result.exit_code == ExitCode.OK, result.output


@pytest.mark.parametrize("value", ["maybe", "y", "t", "2"])
@pytest.mark.parametrize("option", [[], ["--no-cache"]], ids=["", "--no-cache"])
def test_another_no_cache_value_is_a_usage_error_before_any_dataset_is_read(value: str, option: list[str]) -> None:
    # Read by one reader, cache.enabled(), and checked with the rest of the input: the missing
    # dataset (exit 4) is never reached, and --no-cache does not hide the mistake.
    result = run("--data", MISSING, "stats", *option, env={"MILAFACTS_NO_CACHE": value})
    assert result.exit_code == ExitCode.USAGE, result.output
    assert result.stderr.startswith(f"milafacts: error: MILAFACTS_NO_CACHE={value!r} is not a yes or no")
    assert result.stderr.endswith("(see 'milafacts stats -h')\n") and result.stderr.count("\n") == 1
