"""The dataset's JSON Schema, generated from the field specs in `model`.

`data/facts.schema.json` is this module's output, committed so editors (the YAML language server)
can check the dataset while it is curated; a test fails when the two differ. Regenerate with
`python -m milafacts.schema > data/facts.schema.json`.
"""

from __future__ import annotations

import json
from typing import Any

from milafacts.model import COLLECTIONS, SCHEMA_VERSION, Role, Section, Source, Synonyms


def _object(cls: type[Any]) -> dict[str, Any]:
    properties = {name: field.kind.schema() for name, field in cls.FIELDS.items()}
    required = [name for name, field in cls.FIELDS.items() if field.required]
    return {"type": "object", "additionalProperties": False, "required": required, "properties": properties}


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


if __name__ == "__main__":
    print(dumps(), end="")
