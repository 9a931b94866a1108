"""What scripts rely on: every command's JSON against its shipped schema, `--fields` on every command
and every format for scripts, ISO dates, the source as an object, the figure's parts, TSV's escapes.

Run on the bundled dataset (every kind of record, both languages) and through the real CLI.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from conftest import FIXTURES, run
from milafacts import schema, views
from milafacts.errors import ExitCode
from milafacts.render import Format, to_tsv
from milafacts.views import Column, View

# One invocation per command: each prints rows of the shape `views.COMMANDS` gives it.
INVOCATIONS = {
    "country": ["country", "sweden"],
    "person": ["person", "bengio"],
    "org": ["org", "tii"],
    "show": ["show", "g7", "finale"],
    "countries": ["countries"],
    "orgs": ["orgs"],
    "fellows": ["fellows"],
    "stats": ["stats"],
    "people": ["people"],
    "timeline": ["timeline"],
    "agreements": ["agreements"],
    "search": ["search", "robotics", "korea"],
    "sources": ["sources"],
}
LANGUAGES = {"en": [], "fr": ["--lang", "fr"]}


def output(*args: str) -> str:
    result = run(*args)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_every_command_is_invoked_here() -> None:
    assert set(INVOCATIONS) == set(views.COMMANDS)


def test_the_shipped_schemas_are_the_generated_ones(tmp_path: Path) -> None:
    # A change to a view's fields without `python -m milafacts.schema --outputs` fails here.
    schema.write_output_schemas(tmp_path)
    shipped = {path.name: path.read_text(encoding="utf-8") for path in schema.OUTPUT_SCHEMAS.glob("*.json")}
    assert shipped == {path.name: path.read_text(encoding="utf-8") for path in tmp_path.iterdir()}


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("command", INVOCATIONS)
def test_json_and_ndjson_follow_the_commands_schema(command: str, lang: str) -> None:
    document = json.loads(output(*INVOCATIONS[command], *LANGUAGES[lang], "--format", "json"))
    shape = json.loads((schema.OUTPUT_SCHEMAS / f"{command}.json").read_text(encoding="utf-8"))
    jsonschema.validate(document, shape, format_checker=jsonschema.FormatChecker())
    assert document["results"], "a command that answers nothing checks no row"
    # Every row holds exactly the declared fields, in the declared order (the schema alone would
    # accept any order), and `count` counts them.
    declared = [field.key for field in views.ROWS[views.COMMANDS[command]]]
    assert all(list(row) == declared for row in document["results"])
    assert document["count"] == len(document["results"])
    lines = output(*INVOCATIONS[command], *LANGUAGES[lang], "--format", "ndjson").splitlines()
    row_schema = {**shape["$defs"]["row"], "$defs": shape["$defs"]}
    for line in lines:
        jsonschema.validate(json.loads(line), row_schema)
    assert [json.loads(line) for line in lines] == document["results"]


@pytest.mark.parametrize("fmt", ["json", "ndjson", "csv", "tsv", "JSON", "Tsv"])
@pytest.mark.parametrize("command", INVOCATIONS)
def test_fields_choose_and_order_the_fields(command: str, fmt: str) -> None:
    declared = [field.key for field in views.ROWS[views.COMMANDS[command]]]
    chosen = [declared[-1], declared[0]]  # reversed, and not the default
    text = output(*INVOCATIONS[command], "--format", fmt, "--fields", ",".join(chosen))
    full = json.loads(output(*INVOCATIONS[command], "--format", "json"))["results"]
    kind = fmt.lower()
    if kind == "json":
        rows = json.loads(text)["results"]
        assert [list(row) for row in rows] == [chosen] * len(full)
        assert rows == [{key: row[key] for key in chosen} for row in full]
    elif kind == "ndjson":
        rows = [json.loads(line) for line in text.splitlines()]
        assert rows == [{key: row[key] for key in chosen} for row in full]
    else:
        delimiter = "," if kind == "csv" else "\t"
        table = (
            list(csv.reader(io.StringIO(text), delimiter=delimiter))
            if kind == "csv"
            else [line.split(delimiter) for line in text.splitlines()]
        )
        assert table[0] == chosen
        assert len(table) == 1 + len(full)
        assert [row[1] for row in table[1:]] == [str(row[chosen[1]]) for row in full]


@pytest.mark.parametrize("command", INVOCATIONS)
def test_fields_output_follows_the_schema_too(command: str) -> None:
    declared = [field.key for field in views.ROWS[views.COMMANDS[command]]]
    document = json.loads(output(*INVOCATIONS[command], "-f", "json", "--fields", f"{declared[-1]},{declared[0]}"))
    jsonschema.validate(document, json.loads((schema.OUTPUT_SCHEMAS / f"{command}.json").read_text(encoding="utf-8")))
    # ... while a row with a field no command has, or a value of the wrong type, does not.
    shape = json.loads((schema.OUTPUT_SCHEMAS / f"{command}.json").read_text(encoding="utf-8"))
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**document, "results": [{"nope": 1}]}, shape)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**document, "results": [{"id": 1}]}, shape)


@pytest.mark.parametrize("command", INVOCATIONS)
@pytest.mark.parametrize("given", [[], ["nope"], ["id,id"], ["-f", "json"]])
def test_fields_alone_or_wrong_list_the_fields_and_exit_2(command: str, given: list[str]) -> None:
    args = [*INVOCATIONS[command], "--format", "csv", "--fields", *given]
    result = run(*args)
    assert result.exit_code == ExitCode.USAGE
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    if given != ["id,id"]:
        declared = ", ".join(field.key for field in views.ROWS[views.COMMANDS[command]])
        assert declared in result.stderr


def test_fields_are_checked_before_the_dataset_is_read(tmp_path: Path) -> None:
    missing = tmp_path / "missing.yaml"
    result = run("--data", str(missing), "stats", "-f", "json", "--fields", "nope")
    assert result.exit_code == ExitCode.USAGE and "no field 'nope'" in result.stderr


def test_fields_need_a_format_for_scripts() -> None:
    result = run("stats", "--fields", "id")
    assert result.exit_code == ExitCode.USAGE
    assert "--fields chooses the fields of json, ndjson, csv and tsv output" in result.stderr


def test_fields_in_french_are_told_in_french() -> None:
    result = run("--lang", "fr", "stats", "-f", "csv", "--fields", "nom")
    assert result.exit_code == ExitCode.USAGE
    assert "aucun champ «\u00a0nom\u00a0»" in result.stderr


def rows_by_id(*args: str) -> dict[str, dict[str, Any]]:
    return {row["id"]: row for row in json.loads(output(*args, "--format", "json"))["results"]}


@pytest.mark.parametrize(
    ("record", "start", "end", "precision"),
    [
        ("g7-finale", "2025-12-08", "2025-12-10", "day"),  # the article: December 8-10, 2025
        ("vivatech", "2025", "2025", "year"),
        ("south-korea-visit", None, None, "undated"),
    ],
)
def test_dates_are_iso_beside_the_display_form(record: str, start: str | None, end: str | None, precision: str) -> None:
    row = rows_by_id("timeline")[record]
    assert (row["start"], row["end"], row["precision"]) == (start, end, precision)
    assert row["date"]  # the display form stays
    french = rows_by_id("--lang", "fr", "timeline")[record]
    assert (french["start"], french["end"], french["precision"]) == (start, end, precision)


def test_a_month_precision_date(tmp_path: Path) -> None:
    text = (FIXTURES / "render.yaml").read_text(encoding="utf-8").replace('date: "2026-03-02"', 'date: "2026-03"')
    data = tmp_path / "month.yaml"
    data.write_text(text, encoding="utf-8")
    row = rows_by_id("--data", str(data), "timeline")["summit"]
    assert (row["start"], row["end"], row["precision"]) == ("2026-03", "2026-03", "month")


def test_search_rows_carry_dates_too() -> None:
    row = rows_by_id("search", "g7", "finale")["g7-finale"]
    assert (row["start"], row["end"], row["precision"]) == ("2025-12-08", "2025-12-10", "day")


def test_a_figure_has_its_number_qualifier_and_derived_flag_apart() -> None:
    figures = rows_by_id("stats")
    assert (figures["community-size"]["value"], figures["community-size"]["qualifier"]) == (1500, "over")
    assert figures["partnerships-outside-canada-share"]["qualifier"] == "a full"
    assert figures["swedish-delegation-size"]["qualifier"] == "plus"  # 80-plus
    assert figures["industry-partnerships"]["qualifier"] is None  # the bare 131
    assert figures["eu-mou-count"]["qualifier"] is None  # `two`: the words are the figure
    derived = figures["partnerships-outside-canada-count"]
    assert derived["derived"] is True and derived["qualifier"] is None and derived["stated"] is None
    assert rows_by_id("--lang", "fr", "stats")["community-size"]["qualifier"] == "plus de"


def test_sections_come_with_their_ids() -> None:
    row = rows_by_id("country", "italy")["italy"]
    assert row["section_ids"] == ["italy"]
    assert row["sections"] == ["Italy: Human-Centric AI and Supercomputing"]
    sources = {row["id"] for row in json.loads(output("sources", "-f", "json"))["results"]}
    assert {s for row in rows_by_id("timeline").values() for s in row["section_ids"]} <= sources


def read_tsv_value(value: str) -> str:
    """A TSV value decoded whole: the linear-TSV escapes and the control characters' escapes."""
    simple = {"t": "\t", "n": "\n", "r": "\r", "\\": "\\"}

    def one(match: re.Match[str]) -> str:
        code = match.group(1)
        return simple[code] if code in simple else chr(int(code[1:], 16))

    return re.sub(r"\\([tnr\\]|x[0-9a-f]{2}|u[0-9a-f]{4})", one, value)


TRICKY = "tab\there\nnew\r\nline \\ back \\x1b typed, \x1b[31m real, \u2028 separator\\"


def test_tsv_escapes_what_would_break_a_row_and_reads_back_whole() -> None:
    view = View(
        title="t",
        columns=(Column("name", "Name"),),
        rows=({"id": "a", "name": TRICKY, "sections": []},),
        source="s",
    )
    text = to_tsv(view)
    lines = text.splitlines()
    assert len(lines) == 2 and [len(line.split("\t")) for line in lines] == [3, 3]
    assert "\x1b" not in text and "\r" not in text  # nothing a terminal or a reader obeys
    assert read_tsv_value(lines[1].split("\t")[1]) == TRICKY
    assert to_tsv(view, ["name"]).splitlines()[1] == lines[1].split("\t")[1]


def test_formats_are_read_in_any_case() -> None:
    assert output("stats", "-f", "NDJSON") == output("stats", "-f", "ndjson")
    assert Format.tsv.takes_fields and not Format.markdown.takes_fields


@pytest.mark.parametrize(
    ("stated", "expected"),
    [
        ("over 1500", "over"),
        ("a full 30%", "a full"),
        ("plus de 1\u00a0500", "plus de"),
        ("80-plus", "plus"),
        ("131", None),
        ("two", None),
        ("dozens", None),
        (None, None),
        # Not plainly a qualifier: a range, a scale, a noun after the number. `stated` keeps them.
        ("30 to 40", None),
        ("2.5 million", None),
        ("12% increase", None),
    ],
)
def test_a_qualifier_is_only_what_plainly_qualifies_the_number(stated: str | None, expected: str | None) -> None:
    assert views.qualifier(stated) == expected
