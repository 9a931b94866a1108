"""--data and MILAFACTS_DATA point every command at another dataset of the same schema."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import FIXTURES, run
from milafacts.errors import ExitCode

MINI = FIXTURES / "mini.yaml"


def test_data_option_switches_the_dataset() -> None:
    result = run("--data", str(MINI), "country", "atl", "-f", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["subject"]["name"] == "Atlantis"
    assert document["source"] == "A test digest (Test Publisher, June 2026)"
    # Ada is reached through the summit she took part in (profiles follow events one step).
    assert [r["id"] for r in document["results"]] == ["atlantis", "acme", "ada", "summit"]


def test_environment_variable_switches_the_dataset() -> None:
    result = run("stats", "-f", "csv", env={"MILAFACTS_DATA": str(MINI)})
    assert result.stdout == "id,figure,what,context,formula,sections\nstaff,exactly 12,Staff,,,The only section\n"


def test_option_wins_over_environment(tmp_path: Path) -> None:
    result = run("--data", str(MINI), "countries", "-f", "csv", env={"MILAFACTS_DATA": str(tmp_path / "nope.yaml")})
    assert result.exit_code == 0
    assert "atlantis,Atlantis" in result.stdout


def test_bundled_names_are_unknown_in_another_dataset() -> None:
    result = run("--data", str(MINI), "country", "italy")
    assert result.exit_code == ExitCode.NOT_FOUND


@pytest.mark.parametrize("how", ["option", "env"])
def test_missing_dataset_is_a_clear_error_naming_the_path(how: str, tmp_path: Path) -> None:
    missing = tmp_path / "next-year.yaml"
    args = ["--data", str(missing), "stats"] if how == "option" else ["stats"]
    result = run(*args, env={"MILAFACTS_DATA": str(missing)} if how == "env" else {})
    assert result.exit_code == ExitCode.DATASET
    assert result.stderr == f"milafacts: error: {missing}: no such file\n"
    assert result.stdout == ""


def test_unreadable_dataset(tmp_path: Path) -> None:
    result = run("--data", str(tmp_path), "stats")
    assert result.exit_code == ExitCode.DATASET
    assert result.stderr == f"milafacts: error: {tmp_path}: is a directory, not a dataset file\n"
