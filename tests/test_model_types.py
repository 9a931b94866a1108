"""The type checker sees record construction (`typing.dataclass_transform` on `model.Frozen`)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

PROBE = """
from milafacts.model import Country

Country(id="x", sections=("a",), name="X", kind="country", capital="Y")
Country(id="x", sections=("a",), name=3, kind="country")
country = Country(id="x", sections=("a",), name="X", kind="country")
country.name = "Y"
"""


def test_mypy_checks_field_names_types_and_immutability(tmp_path: Path) -> None:
    probe = tmp_path / "probe.py"
    probe.write_text(PROBE, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(probe)],
        capture_output=True,
        text=True,
        check=False,
    )
    errors = [line.split(": error: ")[1] for line in done.stdout.splitlines() if ": error: " in line]
    # What runs without error at run time's first glance, but each line is a mistake. Missing
    # required fields are still caught at run time only (`Frozen.__init__`): a field's kind
    # function is called without `default=`, so declaring which fields are optional would take a
    # `default=` on each of them.
    assert errors == [
        'Unexpected keyword argument "capital" for "Country"  [call-arg]',
        'Argument "name" to "Country" has incompatible type "int"; expected "str"  [arg-type]',
        'Property "name" defined in "Country" is read-only  [misc]',
    ], done.stdout
