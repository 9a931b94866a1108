"""--data and MILAFACTS_DATA point every command at another dataset of the same schema."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
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
    assert document["source"]["citation"] == "A test digest (Test Publisher, June 2026)"
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


@pytest.mark.parametrize(
    ("args", "env", "named"),
    [
        (["--data", "", "stats"], {}, "--data"),
        (["stats", "--data", ""], {}, "--data"),
        (["stats"], {"MILAFACTS_DATA": ""}, "MILAFACTS_DATA"),
        (["validate", ""], {}, "PATH"),
    ],
)
def test_an_empty_dataset_path_is_a_usage_error(args: list[str], env: dict[str, str], named: str) -> None:
    # Never a silent fall-back to the bundled dataset: the user asked for another one.
    result = run(*args, env=env)
    assert result.exit_code == ExitCode.USAGE, result.output
    assert result.stdout == ""
    assert result.stderr.startswith(f"milafacts: error: {named} is empty")
    assert result.stderr.count("\n") == 1


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a file whatever its mode; see the socket test below")
@pytest.mark.parametrize("command", ["stats", "validate"])
def test_a_file_without_read_permission_is_a_dataset_error(command: str, tmp_path: Path) -> None:
    path = tmp_path / "facts.yaml"
    path.write_bytes(MINI.read_bytes())
    path.chmod(0)
    result = run(*(["--data", str(path), "stats"] if command == "stats" else ["validate", str(path)]))
    assert result.exit_code == ExitCode.DATASET, result.output
    assert "Permission denied" in result.output


@pytest.mark.parametrize("command", ["stats", "validate"])
def test_a_file_that_cannot_be_opened_is_a_dataset_error(command: str, tmp_path: Path) -> None:
    # A socket cannot be opened for reading, even by root: the loader says so, not the parser (exit 2).
    path = tmp_path / "facts.yaml"
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(path))
        result = run(*(["--data", str(path), "stats"] if command == "stats" else ["validate", str(path)]))
    assert result.exit_code == ExitCode.DATASET, result.output
    assert str(path) in result.output and "Traceback" not in result.output


@pytest.mark.parametrize("command", ["stats", "validate"])
def test_a_fifo_is_a_dataset_error_not_a_hang(command: str, tmp_path: Path) -> None:
    # Opening a FIFO for reading waits for a writer: a real process, with a timeout, so a
    # regression fails instead of hanging the suite.
    path = tmp_path / "facts.yaml"
    os.mkfifo(path)
    args = ["--data", str(path), "stats"] if command == "stats" else ["validate", str(path)]
    done = subprocess.run([sys.executable, "-m", "milafacts", *args], capture_output=True, text=True, timeout=30)
    assert done.returncode == ExitCode.DATASET, done.stderr
    assert str(path) in done.stderr + done.stdout and "Traceback" not in done.stderr


def test_the_bundled_dataset_is_the_repositorys(monkeypatch: pytest.MonkeyPatch) -> None:
    # Installed (CI) it is the wheel's copy beside the package; in a checkout, the repository's.
    from milafacts import load as loader

    repository = Path(__file__).parent.parent / "data" / "facts.yaml"
    assert loader.bundled_path().read_bytes() == repository.read_bytes()


def test_without_a_copy_beside_the_package_importlib_resources_finds_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import importlib.resources

    from milafacts import load as loader

    package = tmp_path / "site" / "milafacts"
    (package / "data").mkdir(parents=True)
    (package / "data" / "facts.yaml").write_bytes(b"elsewhere")
    monkeypatch.setattr(loader, "__file__", str(tmp_path / "nowhere" / "load.py"))  # nothing beside it
    asked: list[str] = []

    def files(name: str) -> Path:
        asked.append(name)
        return package

    monkeypatch.setattr(importlib.resources, "files", files)
    assert loader.bundled_path() == package / "data" / "facts.yaml"
    assert asked == ["milafacts"]


def test_a_zipped_package_has_its_dataset_extracted_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.resources
    import zipfile

    from milafacts import load as loader

    data = (Path(__file__).parent / "fixtures" / "mini.yaml").read_bytes()
    archive = tmp_path / "milafacts.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("milafacts/data/facts.yaml", data)
    monkeypatch.setattr(loader, "__file__", str(tmp_path / "nowhere" / "load.py"))  # nothing beside it
    monkeypatch.setattr(importlib.resources, "files", lambda package: zipfile.Path(archive, f"{package}/"))
    first = loader.bundled_path()
    assert first.read_bytes() == data
    assert first.parent == Path(os.environ["XDG_CACHE_HOME"]) / "milafacts"
    assert loader.bundled_path() == first  # the same file, not a second copy
    assert "Atlantis" in [country.name for country in loader.load(first, cache=False).countries]
