"""The console script's entry point: start-up without the cyclic collector, the command with it."""

from __future__ import annotations

import subprocess
import sys
from importlib.metadata import entry_points

# Stands in for the command: what the collector's state is once the entry point hands over.
PROBE = """
import gc, sys
{before}
import milafacts.cli
milafacts.cli.main = lambda: print(gc.isenabled(), gc.get_freeze_count())
from milafacts.entry import main
main()
"""


def probe(before: str = "") -> tuple[bool, int]:
    code = PROBE.format(before=before)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    enabled, frozen = done.stdout.split()
    return enabled == "True", int(frozen)


def test_start_up_is_frozen_and_the_command_runs_with_the_collector_on() -> None:
    enabled, frozen = probe()
    assert enabled
    assert frozen > 10_000  # typer, click and our modules: about 28,500 objects


def test_a_collector_turned_off_by_the_caller_stays_off() -> None:
    enabled, frozen = probe(before="gc.disable()")
    assert not enabled and frozen > 10_000


def test_importing_the_package_leaves_the_collector_alone() -> None:
    code = "import gc, milafacts.cli, milafacts; print(gc.isenabled(), gc.get_freeze_count())"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert done.stdout.split() == ["True", "0"]


def test_the_console_script_and_python_m_use_the_entry_point() -> None:
    (script,) = [e for e in entry_points(group="console_scripts") if e.name == "milafacts"]
    assert script.value == "milafacts.entry:main"
    done = subprocess.run(
        [sys.executable, "-m", "milafacts", "stats", "-f", "json", "--fields", "value"],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert '"title": "Headline figures"' in done.stdout
