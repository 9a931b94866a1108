"""The dataset's JSON Schema, generated from the field specs in `model`; and the JSON Schema of each
command's output, generated from the row fields declared in `views`.

`data/facts.schema.json` is this module's output, committed so editors (the YAML language server)
can check the dataset while it is curated; a test fails when the two differ. Regenerate with
`python -m milafacts.schema > data/facts.schema.json`.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from milafacts.model import COLLECTIONS, SCHEMA_VERSION, French, Role, Section, Source, Synonyms
from milafacts.views import COMMANDS, PRECISIONS, ROWS, SOURCE, SUBJECTS, Field


def _object(cls: type[Any]) -> dict[str, Any]:
    # `fr` depends on its record: which fields it translates, and the rules that pair French with English.
    properties = {
        name: field.kind.schema(cls) if isinstance(field.kind, French) else field.kind.schema()
        for name, field in cls.FIELDS.items()
    }
    required = [name for name, field in cls.FIELDS.items() if field.required]
    found = {"type": "object", "additionalProperties": False, "required": required, "properties": properties}
    rules = [
        rule for field in cls.FIELDS.values() if isinstance(field.kind, French) for rule in field.kind.pairing(cls)
    ]
    return {**found, "allOf": rules} if rules else found


def schema() -> dict[str, Any]:
    defs = {
        "role": _object(Role),
        "section": _object(Section),
        "source": _object(Source),
        "synonyms": _object(Synonyms),
    }
    for cls in COLLECTIONS.values():
        defs[cls.KIND] = _object(cls)
    statistic = defs["statistic"]
    # A figure is either stated by the article or derived by us, never both.
    statistic["oneOf"] = [
        {"required": ["stated"], "not": {"required": ["derived_from"]}},
        {"required": ["derived_from", "formula"], "not": {"required": ["stated"]}},
    ]
    properties: dict[str, Any] = {
        "schema_version": {"const": SCHEMA_VERSION},
        "source": {"$ref": "#/$defs/source"},
        "sections": {"type": "array", "items": {"$ref": "#/$defs/section"}},
        "synonyms": {"type": "array", "items": {"$ref": "#/$defs/synonyms"}},
    }
    for key, cls in COLLECTIONS.items():
        properties[key] = {"type": "array", "items": {"$ref": f"#/$defs/{cls.KIND}"}}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "milafacts dataset",
        "description": "Facts curated from one source article; see the README, 'Curating the dataset'.",
        "type": "object",
        "additionalProperties": False,
        "required": ["schema_version", "source", "sections"],
        "properties": properties,
        "$defs": defs,
    }


def dumps() -> str:
    return json.dumps(schema(), indent=2, ensure_ascii=False) + "\n"


# --- the commands' output --------------------------------------------------------------------------

# A field's type (`views.Field.type`) in JSON Schema; `?` admits null.
_TYPES: dict[str, dict[str, Any]] = {
    "string": {"type": "string"},
    "integer": {"type": "integer"},
    "number": {"type": "number"},
    "boolean": {"type": "boolean"},
    "strings": {"type": "array", "items": {"type": "string"}},
    "spans": {
        "type": "array",
        "items": {"type": "array", "items": {"type": "integer", "minimum": 0}, "minItems": 2, "maxItems": 2},
    },
    "date": {"type": "string", "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$"},
    "precision": {"enum": list(PRECISIONS)},
}


def _field_type(kind: str) -> dict[str, Any]:
    if not kind.endswith("?"):
        return dict(_TYPES[kind])
    base = _TYPES[kind[:-1]]
    if "type" in base and isinstance(base["type"], str):
        return {**base, "type": [base["type"], "null"]}
    return {"anyOf": [base, {"type": "null"}]}


def _fields_object(fields: tuple[Field, ...], *, required: bool = True) -> dict[str, Any]:
    return {
        "type": "object",
        "additionalProperties": False,
        **({"required": [field.key for field in fields]} if required else {}),
        "properties": {field.key: {**_field_type(field.type), "description": field.doc} for field in fields},
    }


ROW_DESCRIPTION = "One row: every field below, in this order, unless --fields chose some (then those, in its order)."


def output_schema(command: str) -> dict[str, Any]:
    """The JSON Schema of `milafacts COMMAND --format json`; `#/$defs/row` is one line of ndjson.
    Generated from `views.ROWS` and `views.SUBJECTS`, the statement the views build their rows by.
    Rows hold every field, in order, unless `--fields` chose some; the schema accepts both."""
    shape = COMMANDS[command]
    source = _fields_object(SOURCE)
    properties: dict[str, Any] = {
        "lang": {"enum": ["en", "fr"], "description": "the language of the values; the keys never change"},
        "title": {"type": "string", "description": "the answer's title, as the table shows it"},
        "source": {**source, "description": "the article every fact comes from"},
    }
    if shape in SUBJECTS:
        properties["subject"] = {**_fields_object(SUBJECTS[shape]), "description": "what the answer is about"}
    properties["count"] = {"type": "integer", "minimum": 0, "description": "how many rows `results` holds"}
    properties["results"] = {"type": "array", "items": {"$ref": "#/$defs/row"}}
    properties["notes"] = {"type": "array", "items": {"type": "string"}, "description": "what the reader should know"}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"milafacts/schemas/{command}.json",
        "title": f"milafacts {command} --format json",
        "type": "object",
        "additionalProperties": False,
        "required": ["lang", "title", "source", *(["subject"] if shape in SUBJECTS else []), "count", "results"],
        "properties": properties,
        # A row has every field, in this order, unless `--fields` chose some: none is `required`, so
        # that `--fields` output validates too (the tests check the full rows' keys themselves).
        "$defs": {"row": {**_fields_object(ROWS[shape], required=False), "description": ROW_DESCRIPTION}},
    }


# Shipped in the package, one file per command, for scripts and editors; a test fails when a file
# differs from what the code generates. Regenerate with `python -m milafacts.schema --outputs`.
OUTPUT_SCHEMAS = Path(__file__).with_name("schemas")


def write_output_schemas(folder: Path = OUTPUT_SCHEMAS) -> list[Path]:
    folder.mkdir(exist_ok=True)
    written = []
    for command in sorted(COMMANDS):
        path = folder / f"{command}.json"
        path.write_text(json.dumps(output_schema(command), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":
    if sys.argv[1:] == ["--outputs"]:
        for path in write_output_schemas():
            print(path)
    else:
        print(dumps(), end="")
