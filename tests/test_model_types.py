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
Country(id="x", sections=("a",), kind="country")
Country(name="X", kind="country")
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
    # Each line of the probe is a mistake that `Frozen.__init__` would catch only when it runs:
    # an unknown field, a wrong type, a write to a frozen record, required fields left out (a field
    # declared without `default=` is required, for the type checker as at run time). The fields
    # with a default (summary, aliases, country, ...) are not asked for.
    assert errors == [
        'Unexpected keyword argument "capital" for "Country"  [call-arg]',
        'Argument "name" to "Country" has incompatible type "int"; expected "str"  [arg-type]',
        'Property "name" defined in "Country" is read-only  [misc]',
        'Missing named argument "name" for "Country"  [call-arg]',
        'Missing named argument "id" for "Country"  [call-arg]',
        'Missing named argument "sections" for "Country"  [call-arg]',
    ], done.stdout
