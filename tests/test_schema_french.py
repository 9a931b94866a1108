"""The dataset's JSON Schema reports what `validate` reports about French (issue "En français aussi").

`validate` refuses French that does not fit its English (exit 4: a key that is not a translated field,
French for a field with no English, a text where the English is a list) and warns of English left
without its French (a warning; it still exits 0). The schema, generated from the model, gives the first
as errors, and the second as a `deprecationMessage` on the English field: editors show it as a warning,
and a JSON Schema validator passes the dataset, as `validate` does. `EDITOR` below reports those
warnings too, as an editor does; `STRICT` is a plain validator.

The datasets are the bundled one, loaded with `yaml.safe_load` and changed as Python data.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from jsonschema.validators import extend

from conftest import run
from milafacts.errors import ExitCode
from milafacts.load import bundled_path, check, untranslated
from milafacts.model import COLLECTIONS, Frozen, Role, Section, Source, Statistic, Synonyms

SCHEMA = json.loads((bundled_path().parent / "facts.schema.json").read_text(encoding="utf-8"))
BUNDLED = yaml.safe_load(bundled_path().read_text(encoding="utf-8"))
STRICT = jsonschema.Draft202012Validator(SCHEMA)


def _warn(validator: Any, message: str, instance: Any, schema: dict[str, Any]) -> Iterator[jsonschema.ValidationError]:
    yield jsonschema.ValidationError(message)


EDITOR = extend(jsonschema.Draft202012Validator, {"deprecationMessage": _warn})(SCHEMA)

Where = tuple[str | int, ...]


def errors(data: Any) -> list[tuple[Where, str]]:
    return [(tuple(e.absolute_path), e.message) for e in STRICT.iter_errors(data)]


def warnings(data: Any) -> list[tuple[Where, str]]:
    found = EDITOR.iter_errors(data)
    return [(tuple(e.absolute_path), e.message) for e in found if e.validator == "deprecationMessage"]


def changed(change: Callable[[dict[str, Any]], object]) -> dict[str, Any]:
    data = copy.deepcopy(BUNDLED)
    change(data)
    return data


def at(data: dict[str, Any], key: str, record_id: str) -> tuple[int, dict[str, Any]]:
    """A record of a collection (or a section) by id, with its index."""
    return next((i, item) for i, item in enumerate(data[key]) if item["id"] == record_id)


def written(tmp_path: Path, data: dict[str, Any]) -> Path:
    path = tmp_path / "facts.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def validate_gaps(path: Path) -> set[Where]:
    """What `validate` warns of as lacking French, one (record path..., field) per field."""
    found: set[Where] = set()
    for warning in untranslated(path):
        match = re.fullmatch(r"(.*): warning: no French for (.*) \(fr:\)", warning.message)
        assert match, warning.message
        where = tuple(int(p) if p.isdigit() else p for p in re.findall(r"[^.\[\]]+", match[1]))
        found |= {(*where, field) for field in match[2].split(", ")}
    return found


def schema_gaps(data: Any) -> set[Where]:
    return {path for path, _ in warnings(data)}


SPAIN = at(BUNDLED, "countries", "spain")[0]


# --- what the audit found ----------------------------------------------------------------------


def test_the_bundled_dataset_has_no_schema_errors_nor_warnings() -> None:
    assert check(bundled_path()) == [] and untranslated(bundled_path()) == []  # what `validate` says
    assert errors(BUNDLED) == []
    assert warnings(BUNDLED) == []


def test_a_record_without_its_french_is_a_warning_as_in_validate(tmp_path: Path) -> None:
    data = changed(lambda d: d["countries"][SPAIN].pop("fr"))
    assert errors(data) == []  # `validate` passes it: so does the schema
    [(where, message)] = warnings(data)
    assert where == ("countries", SPAIN, "summary")  # its French name is optional
    assert message.startswith("no French for summary (fr.summary)")
    path = written(tmp_path, data)
    assert check(path) == [] and validate_gaps(path) == {where}
    result = run("validate", str(path))
    assert result.exit_code == ExitCode.OK  # what the description of `fr` says
    assert f"countries[{SPAIN}]: warning: no French for summary (fr:)" in result.stdout


def test_a_misspelled_french_field_is_an_error_as_in_validate(tmp_path: Path) -> None:
    def misspell(data: dict[str, Any]) -> None:
        french = data["countries"][SPAIN]["fr"]
        french["sumary"] = french.pop("summary")

    data = changed(misspell)
    [(where, message)] = errors(data)
    assert where == ("countries", SPAIN, "fr") and "'sumary' was unexpected" in message
    # The English summary has lost its French, too.
    assert schema_gaps(data) == {("countries", SPAIN, "summary")}
    path = written(tmp_path, data)
    assert [p.message for p in check(path)] == [
        f"countries[{SPAIN}].fr.sumary: not a translated field; expected one of inferred, name, summary"
    ]
    assert run("validate", str(path)).exit_code == ExitCode.DATASET


def test_an_english_summary_without_its_french_is_a_warning(tmp_path: Path) -> None:
    index, event = at(BUNDLED, "events", "g7-presidency")
    assert event["summary"] and {"name", "summary", "date_note"} <= event["fr"].keys()
    data = changed(lambda d: d["events"][index]["fr"].pop("summary"))
    assert errors(data) == []
    assert schema_gaps(data) == {("events", index, "summary")} == validate_gaps(written(tmp_path, data))


def test_french_for_a_field_with_no_english_is_an_error(tmp_path: Path) -> None:
    data = changed(lambda d: d["countries"][SPAIN].pop("summary"))
    [(where, message)] = errors(data)
    assert where == ("countries", SPAIN) and "'summary' is a required property" in message
    [problem] = check(written(tmp_path, data))
    assert problem.message == f"countries[{SPAIN}].fr.summary: French for 'summary', which has no English here"


# --- the schema and `validate` agree, case by case ---------------------------------------------


def _strip_every_french(data: dict[str, Any]) -> None:
    for item in [data["source"], *data["sections"], *(r for key in COLLECTIONS for r in data.get(key, []))]:
        item.pop("fr", None)


def _record(key: str, record_id: str, change: Callable[[dict[str, Any]], object]) -> Callable[[dict[str, Any]], None]:
    return lambda data: change(at(data, key, record_id)[1])


def _set_french(name: str, value: Any) -> Callable[[dict[str, Any]], None]:
    return lambda item: item["fr"].__setitem__(name, value)


def _drop_french(name: str) -> Callable[[dict[str, Any]], object]:
    return lambda item: item["fr"].pop(name)


# (name, change, whether `validate` refuses it)
CASES: list[tuple[str, Callable[[dict[str, Any]], object], bool]] = [
    ("no French anywhere", _strip_every_french, False),
    ("source without French", lambda d: d["source"].pop("fr"), False),
    ("section without French", _record("sections", "opening", lambda s: s.pop("fr")), False),
    ("no French name", _record("countries", "spain", _drop_french("name")), False),
    ("no French for inferred", _record("organizations", "mila", _drop_french("inferred")), False),
    ("no French for the roles", _record("people", "mark-carney", _drop_french("roles")), False),
    ("no French for stated", _record("statistics", "community-size", _drop_french("stated")), False),
    # `fr:` left empty in YAML is null: no French, a warning, never a type error nor a required English.
    ("French left empty", _record("countries", "france", lambda c: c.__setitem__("fr", None)), False),
    ("source French left empty", lambda d: d["source"].__setitem__("fr", None), False),
    ("section French left empty", _record("sections", "opening", lambda s: s.__setitem__("fr", None)), False),
    ("French as one text", _record("countries", "france", lambda c: c.__setitem__("fr", "bonjour")), True),
    ("French for a field that is not translated", _record("sections", "opening", _set_french("parent", "x")), True),
    ("French for the id", _record("countries", "spain", _set_french("id", "espagne")), True),
    ("French for keywords", _record("organizations", "mila", _set_french("keywords", ["IA"])), True),
    ("French topics as one text", _record("events", "g7-presidency", _set_french("topics", "IA")), True),
    ("French summary as a list", _record("countries", "spain", _set_french("summary", ["Pays"])), True),
    ("French roles, none", _record("people", "mark-carney", _set_french("roles", [])), True),
    ("French role with an unknown field", _record("people", "mark-carney", _set_french("roles", [{"x": "y"}])), True),
    ("French inferred, no English", _record("countries", "spain", _set_french("inferred", "Déduit.")), True),
    ("French stated, no English", _record("statistics", "partnerships-outside-canada-count",
                                          _set_french("stated", "environ 39")), True),
]  # fmt: skip


@pytest.mark.parametrize(("name", "change", "refused"), CASES, ids=[c[0] for c in CASES])
def test_the_schema_reports_what_validate_reports(
    name: str, change: Callable[[dict[str, Any]], object], refused: bool, tmp_path: Path
) -> None:
    data = changed(change)
    path = written(tmp_path, data)
    assert bool(check(path)) is refused
    assert bool(errors(data)) is refused, errors(data)
    if not refused:
        assert schema_gaps(data) == validate_gaps(path)


def test_each_french_mapping_lists_what_its_class_translates() -> None:
    """Generated from the model: `fr` takes exactly the class's translated fields, nothing else."""
    classes: dict[str, type[Frozen]] = {"source": Source, "section": Section}
    classes |= {cls.KIND: cls for cls in COLLECTIONS.values()}
    for kind, cls in classes.items():
        french = SCHEMA["$defs"][kind]["properties"]["fr"]
        assert french["additionalProperties"] is False, kind
        assert list(french["properties"]) == list(cls.TRANSLATED), kind
        assert "still exits 0" in french["description"] and "(exit 4)" in french["description"]


# --- a record's own rules live with its class (`Frozen.rules`) -----------------------------------


def test_only_statistics_have_rules_of_their_own() -> None:
    for cls in (Source, Section, Role, Synonyms, *COLLECTIONS.values()):
        if cls is not Statistic:
            assert cls.rules({}) == [], cls


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"derived_from": ("a",), "stated": "12"}, "a derived figure has no 'stated' wording"),
        ({"derived_from": ("a",), "stated": "12", "formula": "1+1"}, "a derived figure has no 'stated' wording"),
        ({"derived_from": ("a",)}, "a derived figure needs a 'formula'"),
        ({}, "a figure needs 'stated' (the article's wording) or 'derived_from' and 'formula'"),
        ({"derived_from": ()}, "a figure needs 'stated'"),
    ],
)
def test_a_statistic_reports_the_first_rule_it_breaks(values: dict[str, Any], message: str) -> None:
    [(english, french)] = Statistic.rules({"label": "Staff", **values})
    assert english.startswith(message) and french and french != english


def test_a_stated_or_a_derived_figure_breaks_no_rule() -> None:
    assert Statistic.rules({"label": "Staff", "stated": "12"}) == []
    assert Statistic.rules({"label": "Staff", "derived_from": ("a",), "formula": "1+1"}) == []


def test_the_loader_reports_a_broken_rule_at_the_record(tmp_path: Path) -> None:
    index, _ = at(BUNDLED, "statistics", "partnerships-outside-canada-count")

    def unexplained(data: dict[str, Any]) -> None:
        figure = data["statistics"][index]
        del figure["formula"], figure["fr"]["formula"]

    data = changed(unexplained)
    [problem] = check(written(tmp_path, data))
    assert problem.message == f"statistics[{index}]: a derived figure needs a 'formula' saying how it was computed"


def test_french_that_is_not_a_mapping_is_one_error_not_a_demand_for_english() -> None:
    # `if: fr has inferred` held of anything that was not an object, so `fr: bonjour` also asked for
    # an English `inferred` that France never had.
    data = changed(_record("countries", "france", lambda c: c.__setitem__("fr", "bonjour")))
    index = at(data, "countries", "france")[0]
    assert errors(data) == [(("countries", index, "fr"), "'bonjour' is not of type 'object', 'null'")]
