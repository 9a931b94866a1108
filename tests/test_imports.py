"""Plain lookups import only what they need: script formats never load Rich."""

from __future__ import annotations

import subprocess
import sys

import pytest

PROBE = """
import sys
sys.argv = ["milafacts", *sys.argv[1:]]
from milafacts.cli import main
try:
    main()
except SystemExit:
    pass
loaded = sorted({m.split(".")[0] for m in sys.modules} & {"rich", "yaml", "pydantic"})
sys.stderr.write("LOADED=" + ",".join(loaded) + "\\n")
"""


def loaded_modules(*args: str) -> set[str]:
    done = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, timeout=60)
    line = next(line for line in done.stderr.splitlines() if line.startswith("LOADED="))
    return set(filter(None, line.removeprefix("LOADED=").split(",")))


@pytest.mark.parametrize("fmt", ["json", "csv", "markdown"])
def test_script_formats_do_not_import_rich(fmt: str) -> None:
    loaded_modules("stats", "--format", fmt)  # the first run may fill the parse cache
    assert "rich" not in loaded_modules("stats", "--format", fmt)
    assert "rich" not in loaded_modules("country", "italy", "--format", fmt)


def test_a_cached_lookup_does_not_parse_yaml() -> None:
    loaded_modules("fellows", "-f", "json")
    # Nor Rich; pydantic only under typer 0.29 and later, which validates parameters with it (CI
    # runs the tests against the newest typer too; constraints.txt's 0.28 imports none).
    import typer

    newer = tuple(int(part) for part in typer.__version__.split(".")[:2]) >= (0, 29)
    assert loaded_modules("fellows", "-f", "json") == ({"pydantic"} if newer else set())


def test_the_table_view_does_import_rich() -> None:
    # The probe above must be able to see Rich, or the tests that it is absent prove nothing.
    assert "rich" in loaded_modules("stats")
