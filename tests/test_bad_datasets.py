"""Broken and hostile datasets: `validate` lists every problem with its line; commands fail cleanly."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import FIXTURES, run
from milafacts.errors import DatasetError, ExitCode
from milafacts.load import MAX_BYTES, bundled_path, check, load

MINI = (FIXTURES / "mini.yaml").read_text(encoding="utf-8")
SCHEMA = json.loads((bundled_path().parent / "facts.schema.json").read_text(encoding="utf-8"))


def write(tmp_path: Path, text: str | bytes, name: str = "facts.yaml") -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def mutate(old: str, new: str) -> str:
    assert old in MINI, old
    return MINI.replace(old, new, 1)


def line_of(text: str, fragment: str) -> int:
    return text[: text.index(fragment)].count("\n") + 1


# (name, broken text, the fragment on the offending line, expected message, caught by JSON Schema too)
BROKEN = [
    ("missing field", mutate("    name: Ada Quill\n", ""), "  - id: ada", "people[0]: 'name' is required", True),
    ("wrong type", mutate("value: 12", "value: twelve"), "value: twelve", "must be a number, found text", True),
    ("unknown reference", mutate("countries: [atlantis]", "countries: [lemuria]"), "countries: [lemuria]",
     "events[0].countries[0]: unknown id 'lemuria'", False),
    ("wrong kind of reference", mutate("people: [ada]", "people: [acme]"), "people: [acme]",
     "'acme' is in organizations; expected one of: people", False),
    ("duplicate id", mutate("  - id: acme", "  - id: ada"), "  - id: ada\n    name: Ada",
     "people[0].id: duplicate record id 'ada' (first at line 18)", False),
    ("duplicate key", mutate("    kind: country\n", "    kind: country\n    kind: region\n"), "kind: region",
     "duplicate key 'kind' (first at line", False),
    ("bad date", mutate('date: "2026-03-02"', 'date: "2026-02-30"'), '"2026-02-30"', "no such day", False),
    ("empty string", mutate("name: Acme Lab", 'name: ""'), 'name: ""', "organizations[0].name: must not be empty",
     True),
    ("YAML 1.1 boolean", mutate("kind: conference", "kind: no"), "kind: no",
     "'no' is read as a YAML 1.1 boolean; quote it if you meant text", True),
    ("unknown field", mutate("    summary: A one-day", "    sumary: A one-day"), "sumary:",
     "events[0].sumary: unknown field", True),
    ("unknown section", mutate("sections: [only]\norganizations", "sections: [elsewhere]\norganizations"),
     "sections: [elsewhere]", "countries[0].sections[0]: unknown section 'elsewhere'", False),
    ("stated and derived", mutate("    stated: exactly 12\n", "    stated: exactly 12\n    derived_from: [staff]\n"),
     "  - id: staff", "a derived figure has no 'stated' wording", True),
    ("schema version", mutate("schema_version: 1", "schema_version: 2"), "schema_version: 2",
     "schema_version must be 1, found 2", True),
    # issue 10: checks the JSON Schema does not make
    ("alias naming another record", mutate("aliases: [atl]", "aliases: [atl, ACME LAB]"), "aliases: [atl, ACME LAB]",
     "countries[0].aliases[1]: 'ACME LAB' already names 'acme' (line 19)", False),
    ("escape character in a name", mutate("name: Atlantis\n", 'name: "Atlantis\\e[2J"\n'), 'name: "Atlantis',
     "countries[0].name: contains U+001B (a control character) at character 9", False),
    ("bidi control in an alias", mutate("aliases: [atl]", 'aliases: ["\\u202eatl"]'), "aliases: [",
     "countries[0].aliases[0]: contains U+202E RIGHT-TO-LEFT OVERRIDE (a bidi control)", False),
    ("duplicate id of a broken record", mutate("    name: Ada Quill\n", "").replace("  - id: summit", "  - id: ada"),
     "  - id: ada\n    name: Atlantis Summit", "events[0].id: duplicate record id 'ada' (first at line 23)", False),
]  # fmt: skip


@pytest.mark.parametrize(("name", "text", "fragment", "message", "_"), BROKEN, ids=[b[0] for b in BROKEN])
def test_validate_reports_file_line_and_problem(
    name: str, text: str, fragment: str, message: str, _: bool, tmp_path: Path
) -> None:
    path = write(tmp_path, text)
    result = run("validate", str(path))
    assert result.exit_code == ExitCode.DATASET
    expected_line = line_of(text, fragment)
    assert any(
        line.startswith(f"{path}:{expected_line}: ") and message in line for line in result.stdout.splitlines()
    ), result.stdout
    assert result.stderr.startswith("milafacts: error: ") and "problem(s) found" in result.stderr


@pytest.mark.parametrize(("name", "text", "fragment", "message", "_"), BROKEN, ids=[b[0] for b in BROKEN])
def test_commands_refuse_a_broken_dataset_in_one_line(
    name: str, text: str, fragment: str, message: str, _: bool, tmp_path: Path
) -> None:
    path = write(tmp_path, text)
    result = run("--data", str(path), "stats")
    assert result.exit_code == ExitCode.DATASET
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and result.stderr.startswith(f"milafacts: error: {path}:")
    assert "Traceback" not in result.stderr


def test_validate_reports_every_problem_not_just_the_first(tmp_path: Path) -> None:
    text = mutate("value: 12", "value: twelve").replace("countries: [atlantis]", "countries: [lemuria]")
    problems = check(write(tmp_path, text))
    assert len(problems) == 2
    assert [p.line for p in problems] == sorted(p.line or 0 for p in problems)


def test_validate_clean_dataset() -> None:
    result = run("validate")
    assert (result.exit_code, result.stdout) == (0, "ok: no problems found\n")
    assert run("validate", str(FIXTURES / "mini.yaml")).exit_code == 0


def test_validate_follows_the_data_option(tmp_path: Path) -> None:
    path = write(tmp_path, mutate("value: 12", "value: twelve"))
    assert run("--data", str(path), "validate").exit_code == ExitCode.DATASET


def test_duplicate_key_keeps_neither_silently(tmp_path: Path) -> None:
    path = write(tmp_path, mutate("    kind: country\n", "    kind: country\n    kind: region\n"))
    with pytest.raises(DatasetError):
        load(path, cache=False)


# --- hostile files ---------------------------------------------------------------------------------

HOSTILE = [
    ("empty file", b"", "the file is empty"),
    ("only a comment", b"# nothing here\n", "the file is empty"),
    ("a list instead of a mapping", b"- a\n- b\n", "expected a mapping at the top of the file, found a list"),
    ("a bare scalar", b"hello\n", "expected a mapping at the top of the file, found text"),
    ("binary junk", bytes(range(256)) * 4, "not a text file"),
    ("not UTF-8", "schema_version: 1\nsource: caf\xe9\n".encode("latin-1"), "not UTF-8 text"),
    ("python object tag", b"schema_version: !!python/object/apply:os.system ['echo hi']\n", "is not allowed"),
    ("custom tag", b"schema_version: !shout 1\n", "YAML tag '!shout' is not allowed"),
    ("alias bomb", b'a: &a ["x","x"]\nb: &b [*a,*a]\nc: &c [*b,*b]\nd: [*c,*c]\n', "anchors and aliases"),
    ("control character", b"schema_version: 1\nsource: \x01\n", "control character U+0001 is not allowed"),
    ("broken syntax", b"schema_version: 1\nsource: [unclosed\n", "invalid YAML"),
    ("two documents", b"schema_version: 1\n---\nschema_version: 1\n", "more than one YAML document"),
    ("deep nesting", b"a: " + b"[" * 40 + b"]" * 40 + b"\n", "nested deeper than 32 levels"),
    # libyaml stops even earlier than our own cap on very deep input; either way a clear line.
    ("very deep nesting", b"a: " + b"[" * 100_000 + b"]" * 100_000 + b"\n", "nesting depth"),
    ("complex key", b"? [a, b]\n: c\n", "a mapping key must be plain text"),
]


@pytest.mark.parametrize(("name", "content", "message"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_hostile_dataset_gets_a_clear_error(name: str, content: bytes, message: str, tmp_path: Path) -> None:
    path = write(tmp_path, content)
    result = run("--data", str(path), "country", "italy")
    assert result.exit_code == ExitCode.DATASET
    assert result.stderr.startswith(f"milafacts: error: {path}") and message in result.stderr
    assert result.stderr.count("\n") == 1
    validated = run("validate", str(path))
    assert validated.exit_code == ExitCode.DATASET and message in validated.stdout


def test_huge_file_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    with path.open("wb") as handle:
        handle.truncate(MAX_BYTES + 1)
    result = run("--data", str(path), "stats")
    assert result.exit_code == ExitCode.DATASET
    assert f"the limit is {MAX_BYTES:,}" in result.stderr


# --- the JSON Schema agrees with the loader ----------------------------------------------------------


def test_committed_schema_is_the_generated_one() -> None:
    from milafacts.schema import dumps

    assert (bundled_path().parent / "facts.schema.json").read_text(encoding="utf-8") == dumps()


def test_the_dataset_names_its_schema_for_editors() -> None:
    first = bundled_path().read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=facts.schema.json"


def test_bundled_and_fixture_datasets_validate_against_the_schema() -> None:
    import jsonschema
    import yaml

    for path in (bundled_path(), FIXTURES / "mini.yaml"):
        jsonschema.validate(yaml.safe_load(path.read_text(encoding="utf-8")), SCHEMA)


@pytest.mark.parametrize(("name", "text"), [(b[0], b[1]) for b in BROKEN if b[4]], ids=[b[0] for b in BROKEN if b[4]])
def test_broken_fixtures_fail_the_schema_too(name: str, text: str) -> None:
    import jsonschema
    import yaml

    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(yaml.safe_load(text), SCHEMA)
