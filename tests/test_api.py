"""The library API: what `import milafacts` offers a Python user, and what it costs to import."""

from __future__ import annotations

import subprocess
import sys

import pytest

import milafacts
from conftest import FIXTURES


def test_every_exported_name_is_there_and_documented() -> None:
    for name in milafacts.__all__:
        value = getattr(milafacts, name)
        assert name == "__version__" or value.__doc__, name


def test_load_find_profile_ask() -> None:
    facts = milafacts.load_dataset()
    italy = milafacts.find(facts, "Italie")  # a French name
    assert isinstance(italy, milafacts.Country) and italy.id == "italy"
    assert milafacts.find(facts, "sweden", kind="countries").id == "sweden"
    linked = {record.id for record in milafacts.profile(facts, italy).links}
    assert {"vatican", "valerie-pisano", "leonardo-supercomputer"} <= linked
    best = milafacts.ask(facts, "combien de chercheurs").hits[0]
    assert isinstance(best.record, milafacts.Statistic) and best.record.id == "community-size"


def test_another_dataset() -> None:
    mini = milafacts.load_dataset(FIXTURES / "mini.yaml", cache=False)
    assert milafacts.find(mini, "atl").id == "atlantis"


def test_errors_are_exceptions_never_exits() -> None:
    facts = milafacts.load_dataset()
    with pytest.raises(milafacts.NotFound) as caught:
        milafacts.find(facts, "swden", kind="countries")
    assert caught.value.suggestions == ("Sweden",)
    with pytest.raises(milafacts.UsageError):
        milafacts.find(facts, "italy", kind="planets")
    with pytest.raises(milafacts.UsageError):
        milafacts.ask(facts, "   ")
    with pytest.raises(milafacts.DatasetError):
        milafacts.load_dataset("/nonexistent/facts.yaml")
    with pytest.raises(AttributeError):
        milafacts.no_such_name  # noqa: B018


def test_importing_the_package_costs_nothing_until_used() -> None:
    probe = (
        "import sys, milafacts; "
        "print(sorted(m for m in sys.modules if m.startswith(('milafacts', 'typer', 'rich', 'yaml'))))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "['milafacts']"
