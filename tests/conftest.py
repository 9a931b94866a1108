from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from milafacts.cli import app
from milafacts.load import bundled_path, load
from milafacts.model import Dataset

HERE = Path(__file__).parent
FIXTURES = HERE / "fixtures"


@pytest.fixture(autouse=True)
def isolated_env(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Each test gets its own empty cache dir and none of the user's settings."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))
    # The language too: on a French-locale machine every English expectation would otherwise fail.
    for name in ("MILAFACTS_DATA", "MILAFACTS_NO_CACHE", "MILAFACTS_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    for name in ("NO_COLOR", "FORCE_COLOR"):
        monkeypatch.delenv(name, raising=False)
    # No pager: a command run on a pseudo-terminal would otherwise wait in less for a key
    # (test_pager.py chooses its own).
    for name in ("PAGER", "LESS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("MILAFACTS_PAGER", "cat")
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("TERM", "dumb")
    yield


@pytest.fixture(scope="session")
def dataset() -> Dataset:
    return load(bundled_path(), cache=False)


def run(*args: str, env: dict[str, str] | None = None) -> Result:
    """Invoke the real CLI in-process, the way a user types it."""
    return CliRunner().invoke(app, list(args), env={**os.environ, **(env or {})}, prog_name="milafacts")


__all__ = ["FIXTURES", "run"]
