"""Every query command in every format, compared whole against reviewed golden files.

Regenerate after an intended change with `UPDATE_GOLDEN=1 pytest tests/test_formats.py` and review
the diff: the golden files are the specification of what users see.
"""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

import pytest

from conftest import run

GOLDEN = Path(__file__).parent / "golden"
COMMANDS = {
    "country-italy": ["country", "italy"],
    "countries": ["countries"],
    "fellows": ["fellows"],
    "stats": ["stats"],
    "people": ["people"],
    "people-sweden": ["people", "--country", "sweden"],
    "people-minister": ["people", "--role", "minister"],
    "person-pisano": ["person", "valerie", "pisano"],
    "orgs": ["orgs"],
    "org-tii": ["org", "tii"],
    "timeline": ["timeline"],
    "timeline-november": ["timeline", "--month", "november"],
    "agreements": ["agreements"],
    "search-robotics": ["search", "robotics"],
    "sources": ["sources"],
}
FORMATS = {"json": "json", "csv": "csv", "markdown": "md"}


def check_golden(name: str, actual: str) -> None:
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(actual, encoding="utf-8")
    assert path.exists(), f"no golden file {path}; run with UPDATE_GOLDEN=1 and review it"
    assert actual == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("name", COMMANDS)
def test_command_output_matches_golden(name: str, fmt: str) -> None:
    result = run(*COMMANDS[name], "--format", fmt)
    assert result.exit_code == 0, result.output
    check_golden(f"{name}.{FORMATS[fmt]}", result.stdout)


@pytest.mark.parametrize("name", COMMANDS)
def test_formats_are_well_formed_and_agree(name: str) -> None:
    document = json.loads(run(*COMMANDS[name], "-f", "json").stdout)
    rows = list(csv.reader(io.StringIO(run(*COMMANDS[name], "-f", "csv").stdout)))
    markdown = run(*COMMANDS[name], "-f", "markdown").stdout.splitlines()
    assert document["count"] == len(document["results"]) == len(rows) - 1
    assert rows[0][0] == "id" and rows[0][-1] == "sections"
    assert [r[0] for r in rows[1:]] == [r["id"] for r in document["results"]]
    table_lines = [line for line in markdown if line.startswith("|")]
    assert len(table_lines) == 2 + document["count"]
    assert all(line.count(" | ") == table_lines[0].count(" | ") for line in table_lines if "---" not in line)


@pytest.mark.parametrize("name", ["country-italy", "fellows", "stats"])
def test_table_matches_golden_at_fixed_width_without_colour(name: str) -> None:
    result = run(*COMMANDS[name], env={"COLUMNS": "100", "NO_COLOR": "1"})
    assert result.exit_code == 0
    assert "\x1b[" not in result.stdout
    check_golden(f"{name}.table.txt", result.stdout)


def test_sources_flag_adds_the_section_to_every_row() -> None:
    plain = run("fellows", "-f", "markdown").stdout
    cited = run("fellows", "-f", "markdown", "--sources").stdout
    assert "Source section" not in plain
    header = next(line for line in cited.splitlines() if line.startswith("| Fellow"))
    assert header.endswith("| Source section |")
    rows = [line for line in cited.splitlines() if line.startswith("| Dr.") or line.startswith("| Maartje")]
    assert len(rows) == 2 and all(row.endswith("| Bridging Policy and Practice |") for row in rows)
    table = run("fellows", "--sources", env={"COLUMNS": "300"}).stdout
    assert "Source section" in table


def test_sources_lists_every_section_with_counts() -> None:
    document = json.loads(run("sources", "-f", "json").stdout)
    counts = {r["heading"]: r["records"] for r in document["results"]}
    assert counts["Hosting the G7 Finale"] > 10
    assert all(count > 0 for count in counts.values())
    assert document["subject"]["publisher"] == "Mila"


@pytest.mark.parametrize("kind", ["svg", "html"])
def test_export_writes_the_table(kind: str, tmp_path: Path) -> None:
    target = tmp_path / f"fellows.{kind}"
    result = run("fellows", "--export", kind, str(target))
    assert result.exit_code == 0
    text = target.read_text(encoding="utf-8")
    assert "Alesia" in text and ("<svg" in text if kind == "svg" else "<html" in text.lower())


def test_export_needs_the_table_view(tmp_path: Path) -> None:
    result = run("fellows", "-f", "json", "--export", "svg", str(tmp_path / "x.svg"))
    assert result.exit_code == 2
    assert not (tmp_path / "x.svg").exists()
