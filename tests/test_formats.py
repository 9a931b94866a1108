"""Every query command in every format, compared whole against reviewed golden files.

The golden files pin the renderers, not the bundled dataset's wording: every command here reads
tests/fixtures/render.yaml, a small invented dataset with one record of every kind, a long
hyphenated word and control characters (facts about the bundled data live in tests/test_dataset.py).
The table is pinned at two widths, 100 columns and 48 (the narrowest that still holds the fixture's
45-character word whole), without colour. Every output is pinned in English (`<name>.<ext>`) and in
French (`<name>.fr.<ext>`, with `--lang fr`: the fixture carries its own invented French).

Regenerate after an intended change, then review the diff: the golden files are the specification
of what users see.

    UPDATE_GOLDEN=1 pytest tests/test_formats.py
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from pathlib import Path

import pytest

from conftest import FIXTURES, run
from milafacts.text import visible

GOLDEN = Path(__file__).parent / "golden"
RENDER = FIXTURES / "render.yaml"
HARBOUR = "Harbour news: tides, ships and a very long section heading that wraps"  # the fixture's first section
COMMANDS = {
    "country-atlantis": ["country", "atlantis"],
    "countries": ["countries"],
    "fellows": ["fellows"],
    "stats": ["stats"],
    "people": ["people"],
    "people-atlantis": ["people", "--country", "atlantis"],
    "people-minister": ["people", "--role", "minister"],
    "people-none": ["people", "--role", "astronaut"],
    "person-ada": ["person", "ada", "quill"],
    "orgs": ["orgs"],
    "org-acme": ["org", "acme"],
    "timeline": ["timeline"],
    "timeline-march": ["timeline", "--month", "march"],
    "agreements": ["agreements"],
    "search-tides": ["search", "tides"],
    "show-partnership": ["show", "partnership"],
    "sources": ["sources"],
}
# Each output: (how the golden file name ends, the options that produce it, the environment).
PLAIN = {"NO_COLOR": "1"}
OUTPUTS = {
    "table": (".table.txt", [], {"COLUMNS": "100", **PLAIN}),
    "narrow": (".narrow.txt", [], {"COLUMNS": "48", **PLAIN}),
    "json": (".json", ["--format", "json"], {}),
    "ndjson": (".ndjson", ["--format", "ndjson"], {}),
    "csv": (".csv", ["--format", "csv"], {}),
    "tsv": (".tsv", ["--format", "tsv"], {}),
    "markdown": (".md", ["--format", "markdown"], {}),
}


# Each language: what its golden file names add, and the option that asks for it. English is the
# default, asked for by nothing: the environment below speaks no language of its own.
LANGUAGES = {"en": ("", []), "fr": (".fr", ["--lang", "fr"])}


@pytest.fixture(autouse=True)
def no_language_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    # A French locale on the machine running the tests must not turn the English files French.
    for name in ("MILAFACTS_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)


def fixture(*args: str, env: dict[str, str] | None = None) -> str:
    result = run("--data", str(RENDER), *args, env=env)
    assert result.exit_code == 0, result.output
    return result.stdout


def check_golden(name: str, actual: str) -> None:
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(actual, encoding="utf-8")
    assert path.exists(), f"no golden file {path}; run with UPDATE_GOLDEN=1 and review it"
    assert actual == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("output", OUTPUTS)
@pytest.mark.parametrize("name", COMMANDS)
def test_command_output_matches_golden(name: str, output: str, lang: str) -> None:
    suffix, options, env = OUTPUTS[output]
    infix, language = LANGUAGES[lang]
    check_golden(name + infix + suffix, fixture(*COMMANDS[name], *options, *language, env=env))


def test_every_golden_file_is_checked() -> None:
    # A golden file no test reads pins nothing: a renamed command would leave its old files behind.
    expected = {
        name + infix + suffix
        for name in COMMANDS
        for suffix, _, _ in OUTPUTS.values()
        for infix, _ in LANGUAGES.values()
    }
    assert {path.name for path in GOLDEN.iterdir()} == expected


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("name", COMMANDS)
def test_formats_are_well_formed_and_agree(name: str, lang: str) -> None:
    _, language = LANGUAGES[lang]
    document = json.loads(fixture(*COMMANDS[name], *language, "-f", "json"))
    rows = list(csv.reader(io.StringIO(fixture(*COMMANDS[name], *language, "-f", "csv"))))
    markdown = fixture(*COMMANDS[name], *language, "-f", "markdown").splitlines()
    assert document["count"] == len(document["results"]) == len(rows) - 1
    assert rows[0][0] == "id" and rows[0][-1] == "sections"
    assert [r[0] for r in rows[1:]] == [r["id"] for r in document["results"]]
    table_lines = [line for line in markdown if line.startswith("|")]
    assert len(table_lines) == 2 + document["count"]
    # ndjson is the document's rows, one per line; TSV is the CSV, its escapes read back.
    lines = fixture(*COMMANDS[name], *language, "-f", "ndjson").splitlines()
    assert [json.loads(line) for line in lines] == document["results"]
    tsv = [line.split("\t") for line in fixture(*COMMANDS[name], *language, "-f", "tsv").splitlines()]
    assert [[unescape_tsv(value) for value in row] for row in tsv] == rows
    assert all(line.count(" | ") == table_lines[0].count(" | ") for line in table_lines if "---" not in line)


def unescape_tsv(value: str) -> str:
    """A TSV value read back to what CSV shows: its tab, line-break and backslash escapes decoded,
    and its control characters left as the escapes every text view shows them as (`visible`)."""
    escapes = {"t": "\t", "n": "\n", "r": "\r", "\\": "\\"}
    return visible(re.sub(r"\\([tnr\\])", lambda match: escapes[match.group(1)], value))


def test_sources_flag_adds_the_section_to_every_row() -> None:
    plain = fixture("fellows", "-f", "markdown")
    cited = fixture("fellows", "-f", "markdown", "--sources")
    assert "Source section" not in plain
    header = next(line for line in cited.splitlines() if line.startswith("| Fellow"))
    assert header.endswith("| Source section |")
    rows = [line for line in cited.splitlines() if line.startswith("| Dr. Ada Quill")]
    assert len(rows) == 1 and rows[0].endswith(f"| {HARBOUR} |")
    assert "Source section" in fixture("fellows", "--sources", env={"COLUMNS": "300"})


def test_sources_lists_every_section_with_counts() -> None:
    document = json.loads(fixture("sources", "-f", "json"))
    counts = {r["heading"]: r["records"] for r in document["results"]}
    assert counts == {HARBOUR: 9, "Figures": 2}
    assert document["subject"]["publisher"] == "Test Publisher"


@pytest.mark.parametrize("kind", ["svg", "html"])
def test_export_writes_the_table(kind: str, tmp_path: Path) -> None:
    # The format is the file's extension (tests/test_export.py has the rest of --export).
    target = tmp_path / f"fellows.{kind}"
    fixture("fellows", "--export", str(target))
    text = target.read_text(encoding="utf-8")
    assert "Ada" in text and ("<svg" in text if kind == "svg" else "<html" in text.lower())


def test_export_goes_with_any_format(tmp_path: Path) -> None:
    # Standard output follows --format, the file its extension.
    result = run("--data", str(RENDER), "fellows", "-f", "json", "--export", str(tmp_path / "x.svg"))
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["count"] == 1
    assert (tmp_path / "x.svg").read_text(encoding="utf-8").startswith("<svg")
