"""What `validate` (and so every command) checks beyond field types, on the fixtures in fixtures/bad/:
no cascades from one broken record, duplicates reported whatever else is wrong, one record per
spelling, two id namespaces, and no characters that do not show in names (issue 10)."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import FIXTURES, run
from milafacts.errors import DatasetError, ExitCode
from milafacts.load import check, load

BAD = FIXTURES / "bad"
MINI = (FIXTURES / "mini.yaml").read_text(encoding="utf-8")


def problems(path: Path) -> list[tuple[int | None, str]]:
    return [(p.line, p.message) for p in check(path)]


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "facts.yaml"
    path.write_text(text, encoding="utf-8")
    return path


# --- item 2: a record that fails its own checks still exists for references -----------------------


def test_one_bad_date_is_one_problem_not_a_cascade_of_unknown_ids() -> None:
    assert problems(BAD / "cascade.yaml") == [
        (9, "sections[0]: 'heading' is required"),
        (19, "events[0].date: bad date '2026-02-30': no such day"),
    ]


def test_the_commands_report_the_real_problem_first() -> None:
    result = run("--data", str(BAD / "cascade.yaml"), "stats")
    assert result.exit_code == ExitCode.DATASET
    assert result.stderr == (
        f"milafacts: error: {BAD / 'cascade.yaml'}:9: sections[0]: 'heading' is required "
        "(and 1 more problem(s); run 'milafacts validate')\n"
    )


def test_a_reference_to_a_record_with_a_bad_id_is_still_unknown(tmp_path: Path) -> None:
    # Only well-formed ids exist: an id that is not text declares nothing.
    path = write(tmp_path, MINI.replace("  - id: atlantis\n", "  - id: [atlantis]\n", 1))
    messages = [m for _, m in problems(path)]
    assert "countries[0].id: must be text, found a list" in messages
    assert any("unknown id 'atlantis'" in m for m in messages)


# --- item 3: a duplicate id is reported even when its first record has another problem ------------


def test_duplicates_are_reported_whatever_else_is_wrong() -> None:
    assert problems(BAD / "duplicate-after-error.yaml") == [
        (10, "sections[0]: 'heading' is required"),
        (11, "sections[1].id: duplicate section id 'only' (first at line 10)"),
        (18, "people[0]: 'name' is required"),
        (18, "people[0].id: duplicate record id 'ada' (first at line 14)"),
        (25, "people[2].id: duplicate record id 'bea' (first at line 21)"),
    ]


def test_a_duplicate_whose_first_record_is_broken_is_refused_by_the_loader(tmp_path: Path) -> None:
    text = MINI.replace("    name: Acme Lab\n", "    name: Acme Lab\n    country: 12\n", 1).replace(
        "  - id: ada\n", "  - id: acme\n", 1
    )
    with pytest.raises(DatasetError) as caught:
        load(write(tmp_path, text), cache=False)
    assert any("duplicate record id 'acme'" in p.message for p in caught.value.problems)


# --- item 4: one record per spelling, across collections --------------------------------------------

FRANCE_AS_ITALY = MINI.replace(
    "countries:\n",
    "countries:\n  - id: france\n    name: France\n    aliases: [Italy]\n    kind: country\n    sections: [only]\n"
    "  - id: italy\n    name: Italy\n    kind: country\n    sections: [only]\n",
    1,
)


def test_an_alias_naming_another_country_is_a_problem(tmp_path: Path) -> None:
    path = write(tmp_path, FRANCE_AS_ITALY)
    assert problems(path) == [
        (
            13,
            "countries[0].aliases[0]: 'Italy' already names 'italy' (line 17) once case, accents and punctuation "
            "are ignored; a name or alias must name one record",
        )
    ]


def test_country_italy_no_longer_answers_france(tmp_path: Path) -> None:
    path = write(tmp_path, FRANCE_AS_ITALY)
    result = run("--data", str(path), "country", "italy")
    assert result.exit_code == ExitCode.DATASET, result.stdout
    assert result.stdout == ""
    assert result.stderr.startswith(f"milafacts: error: {path}:13: countries[0].aliases[0]: 'Italy' already names")
    assert result.stderr.count("\n") == 1


def test_spellings_clash_within_and_across_collections_and_with_ids() -> None:
    rest = "once case, accents and punctuation are ignored; a name or alias must name one record"
    assert problems(BAD / "name-clash.yaml") == [
        (14, f"countries[0].aliases[0]: 'Italy' already names 'italy' (line 18) {rest}"),  # another name
        (25, f"organizations[0].aliases[0]: 'ITALIA' already names 'italy' (line 19) {rest}"),  # another collection
        (30, f"people[0].honorific: 'Dr. Ada Quill' already names 'dr-quill' (line 35) {rest}"),  # Dr. + name
        (41, f"events[0].aliases[0]: 'ACME' already names 'acme' (line 23, its id) {rest}"),  # `show acme`
        (41, f"events[0].aliases[1]: 'Acme-Lab!' already names 'acme' (line 24) {rest}"),  # punctuation
        (46, f"events[1].aliases[0]: 'summit' already names 'summit' (line 39, its id) {rest}"),
    ]


def test_a_name_repeated_in_its_own_record_is_not_a_clash(tmp_path: Path) -> None:
    path = write(tmp_path, MINI.replace("aliases: [atl]", "aliases: [atl, ATLANTIS, Atlántis]"))
    assert problems(path) == []


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("countries", "people"),
        ("organizations", "events"),
        ("initiatives", "agreements"),
    ],
)
def test_the_rule_holds_across_every_pair_of_named_collections(first: str, second: str, tmp_path: Path) -> None:
    # `show` looks a name up in every collection and takes the first: two kinds may not share one.
    records = {
        "countries": "  - id: {id}\n    name: Shared Name\n    kind: country\n    sections: [only]\n",
        "organizations": "  - id: {id}\n    name: Shared Name\n    sections: [only]\n",
        "initiatives": "  - id: {id}\n    name: Shared Name\n    kind: programme\n    sections: [only]\n",
        "people": "  - id: {id}\n    name: Shared Name\n    roles: []\n    sections: [only]\n",
        "events": "  - id: {id}\n    name: Shared Name\n    kind: visit\n    sections: [only]\n",
        "agreements": "  - id: {id}\n    name: Shared Name\n    kind: MOU\n    parties: [atlantis]\n"
        "    sections: [only]\n",
    }
    text = MINI
    for key, record_id in ((first, "one"), (second, "two")):
        if f"\n{key}:\n" in text:
            text = text.replace(f"\n{key}:\n", f"\n{key}:\n" + records[key].format(id=record_id), 1)
        else:
            text += f"{key}:\n" + records[key].format(id=record_id)
    found = problems(write(tmp_path, text))
    assert len(found) == 1 and "'Shared Name' already names 'one'" in found[0][1], found


# --- item 5: record ids across the file, section ids among sections -------------------------------


def test_section_ids_and_record_ids_are_two_namespaces() -> None:
    assert problems(BAD / "namespaces.yaml") == [
        (29, "events[0].organizations[0]: unknown id 'only' (expected one of: organizations)"),
        (30, "events[0].sections[0]: unknown section 'acme'"),
    ]


def test_a_section_may_share_a_record_id(tmp_path: Path) -> None:
    text = MINI.replace(
        "sections:\n  - id: only\n", "sections:\n  - id: atlantis\n    heading: Atlantis\n  - id: only\n"
    )
    path = write(tmp_path, text)
    assert problems(path) == []
    assert {s.id for s in load(path, cache=False).sections} == {"atlantis", "only"}


def test_record_ids_are_unique_across_collections(tmp_path: Path) -> None:
    path = write(tmp_path, MINI.replace("  - id: summit\n", "  - id: atlantis\n", 1))
    found = problems(path)
    assert (31, "events[0].id: duplicate record id 'atlantis' (first at line 11)") in found


# --- item 6: characters that do not show, in names and aliases ------------------------------------

INVISIBLE = [
    (12, "countries[0].name", "U+001B (a control character) at character 9"),
    (13, "countries[0].aliases[0]", "U+0009 (a tab) at character 4"),
    (13, "countries[0].aliases[1]", "U+200B ZERO WIDTH SPACE (a zero-width character) at character 4"),
    (13, "countries[0].aliases[2]", "U+202E RIGHT-TO-LEFT OVERRIDE (a bidi control) at character 1"),
    (13, "countries[0].aliases[3]", "U+2066 LEFT-TO-RIGHT ISOLATE (a bidi control) at character 3"),
    (13, "countries[0].aliases[4]", "U+0085 (a control character) at character 2"),
    (13, "countries[0].aliases[5]", "U+007F (a control character) at character 4"),
    (13, "countries[0].aliases[6]", "U+FEFF ZERO WIDTH NO-BREAK SPACE (a zero-width character) at character 4"),
    (13, "countries[0].aliases[7]", "U+2060 WORD JOINER (a zero-width character) at character 3"),
    (13, "countries[0].aliases[8]", "U+200E LEFT-TO-RIGHT MARK (a bidi control) at character 4"),
    (13, "countries[0].aliases[9]", "U+000A (a control character) at character 3"),
    (19, "people[0].honorific", "U+200D ZERO WIDTH JOINER (a zero-width character) at character 4"),
    (20, "people[0].aliases[0]", "U+0009 (a tab) at character 4"),
]


def test_characters_that_do_not_show_are_named_with_where_they_are() -> None:
    assert problems(BAD / "invisible.yaml") == [
        (line, f"{where}: contains {what}; names and aliases must be plain text") for line, where, what in INVISIBLE
    ]


def test_validate_prints_them_escaped_in_one_line_each() -> None:
    result = run("validate", str(BAD / "invisible.yaml"))
    assert result.exit_code == ExitCode.DATASET
    assert result.stdout.count("\n") == len(INVISIBLE)
    assert "contains U+001B (a control character)" in result.stdout


def test_typographic_characters_are_plain_text(tmp_path: Path) -> None:
    # Curly apostrophes, ligatures, accents and no-break spaces are text people type or paste.
    text = MINI.replace("aliases: [atl]", 'aliases: [atl, "Cœur d’Atlantide", "Atlantis\\u00a0City", "Ātlantis"]')
    assert problems(write(tmp_path, text)) == []


def test_the_bundled_dataset_passes_the_new_checks() -> None:
    assert check(None) == []
