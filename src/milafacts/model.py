"""The dataset as frozen records.

Each field is declared once, with its schema (type, whether required, which kinds a reference may
name): the loader validates against it, and the JSON Schema in `data/facts.schema.json` is generated
from it, so the three cannot drift apart.

Records are small immutable classes built on `Frozen` rather than `@dataclass`: on Python 3.11 the
dataclass decorator compiles several methods per class at import, about 20 ms for this module, which
every lookup paid before doing any work (see bench/startup.py).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

if TYPE_CHECKING:  # `typing.dataclass_transform` is 3.11's; for the type checker only
    from typing_extensions import dataclass_transform
else:

    def dataclass_transform(**_: Any) -> Any:
        return lambda cls: cls


from milafacts.lang import MONTHS_FR, t
from milafacts.lang import NBSP as _NBSP
from milafacts.lang import number as spelled_number

if TYPE_CHECKING:
    import sqlite3
    from pathlib import Path

# --- field kinds ---------------------------------------------------------------------------------
# A kind of field is one class: how a value is checked (`check`), how it is described in JSON Schema
# (`schema`), which records it names (`targets`), how it is kept in the parse cache (`plain`,
# `adopt`), and whether it is text a reader sees (`words`). Adding a kind is adding one class.

PathKey = tuple[str | int, ...]
BAD: Any = object()  # what `check` returns for a value it has reported as a problem

_TEXT_SCHEMA = {"type": "string", "minLength": 1, "pattern": "\\S"}


class Checker(Protocol):
    """What a kind needs from the loader: a place to report problems, and nested records built."""

    def problem(self, path: PathKey, message: str, french: str) -> None: ...

    def record(self, cls: type[Any], item: Any, path: PathKey) -> Any: ...


def type_name(value: Any, lang: str = "en") -> str:
    """How a problem names what it found: `a list`, `a number`, `text`, `nothing` (in French,
    `une liste`, `un nombre`, `du texte`, `une valeur vide`)."""
    fr = lang == "fr"
    if isinstance(value, bool):
        return "un booléen" if fr else "a boolean"
    if isinstance(value, (int, float)):
        return "un nombre" if fr else "a number"
    if isinstance(value, str):
        return "du texte" if fr else "text"
    if isinstance(value, list):
        return "une liste" if fr else "a list"
    if isinstance(value, dict):
        return "un dictionnaire" if fr else "a mapping"
    if value is None:
        return "une valeur vide" if fr else "nothing"
    return type(value).__name__


class Kind:
    name: ClassVar[str] = ""
    links: ClassVar[bool] = False  # whether its values name records
    words: ClassVar[bool] = False  # whether its values are text a reader sees

    def check(self, value: Any, at: Checker, path: PathKey) -> Any:
        raise NotImplementedError

    def schema(self) -> dict[str, Any]:
        raise NotImplementedError

    def targets(self, value: Any) -> tuple[str, ...]:
        return ()

    def plain(self, value: Any) -> Any:
        return value

    def adopt(self, value: Any) -> Any:
        return value


class Text(Kind):
    name = "text"
    words = True

    def check(self, value: Any, at: Checker, path: PathKey) -> Any:
        if not isinstance(value, str):
            at.problem(
                path, f"must be text, found {type_name(value)}", f"doit être du texte, et non {type_name(value, 'fr')}"
            )
            return BAD
        if not value.strip():
            at.problem(path, "must not be empty", "ne doit pas être vide")
            return BAD
        return value

    def schema(self) -> dict[str, Any]:
        return dict(_TEXT_SCHEMA)


class Id(Text):
    words = False

    def schema(self) -> dict[str, Any]:
        return {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]*$"}


class Ref(Text):
    name = "ref"
    words = False
    links = True

    def targets(self, value: Any) -> tuple[str, ...]:
        return (value,) if value else ()


class Date(Text):
    name = "date"

    def check(self, value: Any, at: Checker, path: PathKey) -> Any:
        value = super().check(value, at, path)
        if value is BAD:
            return BAD
        try:
            parse_date(value)
        except ValueError as error:
            at.problem(path, str(error), getattr(error, "french", None) or str(error))
            return BAD
        return value

    def schema(self) -> dict[str, Any]:
        return {"type": "string", "pattern": "^\\d{4}(-\\d{2}(-\\d{2})?)?(/\\d{4}(-\\d{2}(-\\d{2})?)?)?$"}


class Texts(Kind):
    name = "texts"
    words = True
    item: ClassVar[Kind] = Text()
    at_least: ClassVar[int] = 0

    def check(self, value: Any, at: Checker, path: PathKey) -> Any:
        if not isinstance(value, list):
            at.problem(
                path,
                f"must be a list, found {type_name(value)}",
                f"doit être une liste, et non {type_name(value, 'fr')}",
            )
            return BAD
        if len(value) < self.at_least:
            at.problem(path, "must cite at least one section", "doit citer au moins une section")
            return BAD
        items = [self.item.check(v, at, (*path, i)) for i, v in enumerate(value)]
        return BAD if BAD in items else tuple(items)

    def schema(self) -> dict[str, Any]:
        found: dict[str, Any] = {"type": "array", "items": self.item.schema()}
        if self.at_least:
            found["minItems"] = self.at_least
        return found


class Refs(Texts):
    name = "refs"
    words = False
    links = True

    def targets(self, value: Any) -> tuple[str, ...]:
        return tuple(value)


class Sections(Texts):
    name = "sections"
    words = False
    at_least = 1  # every record cites at least one section of the article


class Number(Kind):
    name = "number"

    def check(self, value: Any, at: Checker, path: PathKey) -> Any:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            at.problem(
                path,
                f"must be a number, found {type_name(value)}",
                f"doit être un nombre, et non {type_name(value, 'fr')}",
            )
            return BAD
        return value

    def schema(self) -> dict[str, Any]:
        return {"type": "number"}


class Integer(Number):
    name = "integer"

    def check(self, value: Any, at: Checker, path: PathKey) -> Any:
        value = super().check(value, at, path)
        if value is not BAD and not isinstance(value, int):
            at.problem(path, "must be a whole number", "doit être un nombre entier")
            return BAD
        return value

    def schema(self) -> dict[str, Any]:
        return {"type": "integer"}


class Records(Kind):
    """A list of nested records (a person's roles), checked, linked and cached as records."""

    name = "roles"
    links = True
    words = True  # their titles

    def __init__(self, cls: type[Frozen]) -> None:
        self.cls = cls

    def check(self, value: Any, at: Checker, path: PathKey) -> Any:
        if not isinstance(value, list):
            at.problem(
                path,
                f"must be a list, found {type_name(value)}",
                f"doit être une liste, et non {type_name(value, 'fr')}",
            )
            return BAD
        made = [at.record(self.cls, v, (*path, i)) for i, v in enumerate(value)]
        return BAD if None in made else tuple(made)

    def schema(self) -> dict[str, Any]:
        return {"type": "array", "items": {"$ref": "#/$defs/role"}}

    def targets(self, value: Any) -> tuple[str, ...]:
        return tuple(t for item in value for t in item.targets())

    def plain(self, value: Any) -> Any:
        return tuple(dict(item.__dict__) for item in value)

    def adopt(self, value: Any) -> Any:
        return tuple(self.cls.trusted(item) for item in value)


class French(Kind):
    """A record's French, beside its English: the French of each translated field, by field name.

    The shape is checked here (text for text, a list for a list, `{title, inferred}` per role);
    which fields a record may translate, and that each has English to translate, by `Frozen.french`.
    """

    name = "french"

    def check(self, value: Any, at: Checker, path: PathKey) -> Any:
        if not isinstance(value, dict):
            at.problem(
                path,
                f"must be a mapping of field to French text, found {type_name(value)}",
                "doit être un dictionnaire qui donne le texte français de chaque champ, "
                f"et non {type_name(value, 'fr')}",
            )
            return BAD
        found: dict[str, Any] = {}
        ok = True
        for key, item in value.items():
            where = (*path, key)
            if isinstance(item, list) and item and all(isinstance(i, dict) for i in item):
                checked: Any = tuple(self._role(i, at, (*where, j)) for j, i in enumerate(item))
                checked = BAD if BAD in checked else checked
            elif isinstance(item, list):
                checked = Texts().check(item, at, where)
            else:
                checked = Text().check(item, at, where)
            ok &= checked is not BAD
            found[str(key)] = checked
        return found if ok else BAD

    def _role(self, item: dict[str, Any], at: Checker, path: PathKey) -> Any:
        unknown = set(item) - {"title", "inferred"}
        if unknown:
            fields = ", ".join(sorted(map(str, unknown)))
            at.problem(
                path,
                f"unknown field {fields}; a role's French has title, inferred",
                f"champ inconnu{_NBSP}: {fields}{_NBSP}; le français d'un rôle a title et inferred",
            )
            return BAD
        checked = {k: Text().check(v, at, (*path, k)) for k, v in item.items()}
        return BAD if BAD in checked.values() else checked

    def schema(self, owner: type[Frozen] | None = None) -> dict[str, Any]:
        """`fr` in JSON Schema. For a record class (`owner`), what `check` and `french_mismatches`
        accept: only the fields it translates, each shaped like its English (text; a non-empty list of
        text; a non-empty list of role French). Without one, any field, of any of those shapes.
        The rules across `fr` and the English are the record's: see `pairing`."""
        if owner is None:
            role = {
                "type": "object",
                "additionalProperties": False,
                "properties": {"title": dict(_TEXT_SCHEMA), "inferred": dict(_TEXT_SCHEMA)},
            }
            return {
                "type": "object",
                "additionalProperties": {
                    "anyOf": [dict(_TEXT_SCHEMA), {"type": "array", "items": {"anyOf": [dict(_TEXT_SCHEMA), role]}}]
                },
            }
        return {
            "type": ["object", "null"],  # `fr:` left empty is no French, as `validate` reads it
            "additionalProperties": False,
            "properties": {name: self._shape(owner.FIELDS[name].kind) for name in owner.TRANSLATED},
            "description": self._about(owner),
        }

    def pairing(self, owner: type[Frozen]) -> list[dict[str, Any]]:
        """The JSON Schema rules (for the record's `allOf`) that tie `owner`'s French to its English,
        as `validate` does. French for a field needs English there, a list a non-empty one: an error,
        as in `french_mismatches`. A field with English and no French (`french_gaps`) is flagged with
        `deprecationMessage` on the English: editors show it as a warning and validators pass it, as
        `validate` warns of it and passes. (Lengths and roles item by item are not compared: JSON
        Schema does not pair the items of two lists.)"""
        # The fields `validate` expects French for, from `french_gaps` itself: every one given English.
        expected = french_gaps(owner, dict.fromkeys(owner.TRANSLATED, "English"))
        rules: list[dict[str, Any]] = []
        for name in owner.TRANSLATED:
            field = owner.FIELDS[name]
            many = isinstance(field.kind, (Texts, Records))
            english: dict[str, Any] = {"required": [name]}
            if many:
                english["properties"] = {name: {"minItems": 1}}
            # French for the field: `fr` an object that has it, not null (`if` would hold of anything else).
            given = {"type": "object", "required": [name], "properties": {name: {"not": {"type": "null"}}}}
            french = {"required": ["fr"], "properties": {"fr": given}}
            if many or not field.required:
                rules.append({"if": french, "then": english})
            if name in expected:
                warning = f"no French for {name} (fr.{name}); `milafacts validate` reports it as a warning too"
                rules.append(
                    {"if": {**english, "not": french}, "then": {"properties": {name: {"deprecationMessage": warning}}}}
                )
        return rules

    @staticmethod
    def _shape(kind: Kind) -> dict[str, Any]:
        """The French of one field, in JSON Schema: shaped like its English."""
        if isinstance(kind, Records):
            role = {
                "type": "object",
                "additionalProperties": False,
                "properties": {name: dict(_TEXT_SCHEMA) for name in kind.cls.TRANSLATED},
            }
            return {"type": "array", "minItems": 1, "items": role}
        if isinstance(kind, Texts):
            return {"type": "array", "minItems": 1, "items": dict(_TEXT_SCHEMA)}
        return dict(_TEXT_SCHEMA)

    @staticmethod
    def _about(owner: type[Frozen]) -> str:
        """The `description` of `fr`: what `validate` does with it, and what the schema reports of it."""
        from milafacts.errors import ExitCode  # only when the schema is generated

        kinds = [owner.FIELDS[name].kind for name in owner.TRANSLATED]
        many = any(isinstance(kind, (Texts, Records)) for kind in kinds)
        roles = any(isinstance(kind, Records) for kind in kinds)
        expected = french_gaps(owner, dict.fromkeys(owner.TRANSLATED, "English"))
        optional = [name for name in owner.TRANSLATED if name not in expected]
        shaped = "that is not text"
        if many:
            roled = ", a role's French with only the title and inferred its English role has" if roles else ""
            shaped = f"not shaped like its English (text for text, a list of the same length for a list{roled})"
        unseen = "the lengths and each role against its English role" if roles else "the lengths"
        unseen = f" (except {unseen}, which JSON Schema cannot compare)." if many else "."
        said = [
            f"The French of this record's translated fields, beside their English: {', '.join(owner.TRANSLATED)}.",
            f"`milafacts validate` refuses the dataset (exit {int(ExitCode.DATASET)}) for French under any other key,",
            f"French for a field with no English here, or French {shaped}; this schema reports the same as errors"
            + unseen,
            f"`validate` reports a field given English but no French here ({', '.join(expected)}) as a warning",
            f"(`warning: no French for {expected[0]} (fr:)`) and still exits {int(ExitCode.OK)}; this schema reports",
            "the same as a warning, not an error: a `deprecationMessage` on the English field, which editors (the",
            "YAML language server) show as a warning and JSON Schema validators ignore.",
        ]
        if roles:
            said.append("`validate` also warns of a role's French without the title or inferred of its English role.")
        if optional:
            said.append(f"French for {', '.join(optional)} is optional.")
        return " ".join(said)


class Field:
    """One declared field: its kind, whether required, the kinds of record it may name, its default,
    and whether it is translated (has French beside it in `fr`)."""

    __slots__ = ("default", "kind", "refs", "required", "translated")

    def __init__(self, kind: Kind, required: bool, refs: tuple[str, ...], default: Any, translated: bool) -> None:
        self.kind = kind
        self.required = required
        self.refs = refs
        self.default = default
        self.translated = translated

    @property
    def type(self) -> str:
        return self.kind.name


# A field is required unless its declaration gives a `default=`: the rule of dataclasses' `field()`,
# which the type checker applies to these functions too (they are `Frozen`'s field specifiers, see
# `dataclass_transform` below), so a record built without a required field is a type error as well
# as a run-time one.
REQUIRED: Any = object()


def _spec(kind: Kind, *, default: Any = REQUIRED, refs: tuple[str, ...] = (), translated: bool = False) -> Any:
    required = default is REQUIRED
    return Field(kind, required, refs, None if required else default, translated)


def text(*, default: str | None = REQUIRED, translated: bool = True) -> Any:
    return _spec(Text(), default=default, translated=translated)


def texts(*, default: tuple[str, ...] = REQUIRED, translated: bool = True) -> Any:
    return _spec(Texts(), default=default, translated=translated)


def ident() -> Any:
    return _spec(Id())


def ref(*kinds: str, default: str | None = REQUIRED) -> Any:
    return _spec(Ref(), refs=kinds, default=default)


def refs(*kinds: str, default: tuple[str, ...] = REQUIRED) -> Any:
    return _spec(Refs(), refs=kinds, default=default)


def number(*, default: float | None = REQUIRED) -> Any:
    return _spec(Number(), default=default)


def integer(*, default: int | None = REQUIRED) -> Any:
    return _spec(Integer(), default=default)


def date_text(*, default: str | None = REQUIRED) -> Any:
    return _spec(Date(), default=default)


def sections() -> Any:
    return _spec(Sections())


def records(cls: type[Frozen], *, default: tuple[Frozen, ...] = REQUIRED) -> Any:
    return _spec(Records(cls), default=default, translated=True)


def french(*, default: dict[str, Any] | None = REQUIRED) -> Any:
    return _spec(French(), default=default)


Spec = tuple[str, str, bool, tuple[str, ...]]  # name, type, required, kinds a reference may name


def specs(cls: type[Frozen]) -> tuple[Spec, ...]:
    """The schema of a record class: (name, type, required, kinds a reference may name) per field."""
    return cls.SPECS


class FrozenError(AttributeError):
    pass


@dataclass_transform(
    kw_only_default=True,
    frozen_default=True,
    field_specifiers=(text, texts, ident, ref, refs, number, integer, date_text, sections, records, french),
)
class Frozen:
    """Keyword construction from the class's declared fields, immutable afterwards.

    A subclass declares fields as annotated class attributes whose value is a `Field` (made by
    `text()`, `ref()`, ...); `__init_subclass__` collects them, inherited ones first.
    """

    FIELDS: ClassVar[dict[str, Field]] = {}
    SPECS: ClassVar[tuple[Spec, ...]] = ()
    LINKS: ClassVar[tuple[tuple[str, Kind], ...]] = ()
    TRANSLATED: ClassVar[tuple[str, ...]] = ()
    DEFAULTS: ClassVar[dict[str, Any]] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        declared = {name: value for name, value in vars(cls).items() if isinstance(value, Field)}
        for name in declared:
            delattr(cls, name)  # values live on instances; the class keeps only the schema
        cls.FIELDS = {**cls.FIELDS, **declared}
        cls.SPECS = tuple((name, f.type, f.required, f.refs) for name, f in cls.FIELDS.items())
        cls.LINKS = tuple((name, f.kind) for name, f in cls.FIELDS.items() if f.kind.links)
        cls.TRANSLATED = tuple(name for name, f in cls.FIELDS.items() if f.translated)
        cls.DEFAULTS = {name: f.default for name, f in cls.FIELDS.items() if not f.required}

    def __init__(self, **values: Any) -> None:
        fields = type(self).FIELDS
        unknown = values.keys() - fields.keys()
        if unknown:
            raise TypeError(f"{type(self).__name__} has no field(s) {', '.join(sorted(unknown))}")
        missing = [name for name, f in fields.items() if f.required and name not in values]
        if missing:
            raise TypeError(f"{type(self).__name__} needs {', '.join(missing)}")
        self.__dict__.update(type(self).DEFAULTS)
        self.__dict__.update(values)

    @classmethod
    def trusted(cls, values: dict[str, Any]) -> Any:
        """Adopt values that were checked when the parse cache was written: every field present,
        lists already tuples. Skips `__init__`'s checks, which at 10,000 records cost more than
        reading the cache itself; the caller checks the shape once per collection (`fits`)."""
        record = cls.__new__(cls)
        record.__dict__.update(values)
        return record

    @classmethod
    def fits(cls, values: dict[str, Any]) -> bool:
        """Whether cached values have exactly this class's fields."""
        return values.keys() == cls.FIELDS.keys()

    @classmethod
    def rules(cls, values: dict[str, Any]) -> list[tuple[str, str]]:
        """What breaks the class's own rules across its fields, as (English, French) problems the loader
        reports at the record: asked once every field has passed its own checks (`values` holds the
        checked values of the fields given), and the record is refused if any. None by default."""
        return []

    def targets(self) -> set[str]:
        """The ids this record points at, through nested records (roles) too."""
        return {target for name, kind in type(self).LINKS for target in kind.targets(self.__dict__[name])}

    def tr(self, name: str, lang: str) -> Any:
        """A field's value in `lang`: its French from `fr` when asked for and there, else the English."""
        if lang == "fr":
            french = self.__dict__.get("fr")
            if french and name in french:
                return french[name]
        return self.__dict__[name]

    def __setattr__(self, name: str, value: Any) -> None:
        raise FrozenError(f"{type(self).__name__} is immutable")

    def __delattr__(self, name: str) -> None:
        raise FrozenError(f"{type(self).__name__} is immutable")

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={value!r}" for name, value in self.__dict__.items() if value not in (None, ()))
        return f"{type(self).__name__}({shown})"


# --- dates -------------------------------------------------------------------------------------

_DATE = r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$"  # compiled on first use by re's cache
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


# A date as precise as the source gives it: (year, month, day), 0 where the source is vaguer.
# Plain tuples sort the way dates do: a year alone comes before any month of that year.
DatePoint = tuple[int, int, int]
_DAYS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


class _DateError(ValueError):
    """A malformed date: a `ValueError` saying what is wrong, with `french` for a French session."""

    def __init__(self, message: str, value: str, why: str) -> None:
        super().__init__(message)
        self.french = f"date «{_NBSP}{value}{_NBSP}» invalide{_NBSP}: {why}"


def parse_date(value: str) -> tuple[DatePoint, DatePoint]:
    """Parse `YYYY`, `YYYY-MM`, `YYYY-MM-DD` or a range `START/END`; raise ValueError if malformed."""
    parts = value.split("/")
    if len(parts) > 2:
        raise _DateError(f"bad date {value!r}: at most one '/'", value, "au plus une barre oblique (/)")
    points = tuple(_parse_point(part) for part in parts)
    start, end = points[0], points[-1]
    if end < start:
        raise _DateError(
            f"bad date {value!r}: the range ends before it starts", value, "la période finit avant de commencer"
        )
    return start, end


def _parse_point(value: str) -> DatePoint:
    match = re.match(_DATE, value)
    if not match:
        raise _DateError(
            f"bad date {value!r}: use YYYY, YYYY-MM, YYYY-MM-DD or START/END",
            value,
            "écrivez AAAA, AAAA-MM, AAAA-MM-JJ ou DÉBUT/FIN",
        )
    year, month, day = (int(g) if g else 0 for g in match.groups())
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    if match.group(2) and not 1 <= month <= 12:
        raise _DateError(f"bad date {value!r}: no such month", value, "ce mois n'existe pas")
    if match.group(3) and not 1 <= day <= (_DAYS[month - 1] - (month == 2 and not leap)):
        raise _DateError(f"bad date {value!r}: no such day", value, "ce jour n'existe pas")
    return (year, month, day)


def format_date(value: str, lang: str = "en") -> str:
    """`2025-12-08/2025-12-10` -> `December 8-10, 2025`, in the article's own style; in French (OQLF)
    `8 au 10 décembre 2025`, `1er mai 2025` (the first of a month is `1er`)."""
    start, end = parse_date(value)
    if start == end:
        return _format_point(start, lang)
    (year, month, day), (end_year, end_month, end_day) = start, end
    if year == end_year and month and month == end_month and day and end_day:
        if lang == "fr":
            return f"{_day(day, lang)} au {_day(end_day, lang)} {MONTHS_FR[month - 1]} {year}"
        return f"{MONTHS[month - 1]} {day}-{end_day}, {year}"
    to = " au " if lang == "fr" else " to "
    return f"{_format_point(start, lang)}{to}{_format_point(end, lang)}"


def _format_point(point: DatePoint, lang: str = "en") -> str:
    year, month, day = point
    if not month:
        return str(year)
    if lang == "fr":
        named = f"{MONTHS_FR[month - 1]} {year}"
        return f"{_day(day, lang)} {named}" if day else named
    return f"{MONTHS[month - 1]} {day}, {year}" if day else f"{MONTHS[month - 1]} {year}"


def _day(day: int, lang: str) -> str:
    return "1er" if lang == "fr" and day == 1 else str(day)


# --- records -----------------------------------------------------------------------------------


class Record(Frozen):
    """What every record has: a dataset-wide unique id and the sections it cites."""

    KIND: ClassVar[str] = "record"
    id: str = ident()
    sections: tuple[str, ...] = sections()
    # Absent when the article states the record's facts; otherwise a short note saying what the article
    # only implies and why no other reading fits (Ebba Busch as a Swedish minister, a year on an event).
    inferred: str | None = text(default=None)
    # The article's own key terms where our summary words them differently, so search finds them.
    keywords: tuple[str, ...] = texts(translated=False, default=())
    # The French of the record's translated fields, by field name (see `French`).
    fr: dict[str, Any] | None = french(default=None)

    @property
    def title(self) -> str:
        return self.id

    @property
    def names(self) -> tuple[str, ...]:
        """Every spelling a user may type for this record."""
        return ()

    def targets(self) -> set[str]:
        """The ids this record points at, through its roles too, itself excluded."""
        found = super().targets()
        found.discard(self.id)
        return found


class Named(Record):
    name: str = text()
    aliases: tuple[str, ...] = texts(translated=False, default=())
    summary: str | None = text(default=None)

    @property
    def title(self) -> str:
        return self.name

    @property
    def names(self) -> tuple[str, ...]:
        # The French name too: `show "Visite de Yoshua Bengio en Corée du Sud"` in either language.
        french = (self.fr["name"],) if self.fr and "name" in self.fr else ()
        return (self.name, *self.aliases, *french)


class Country(Named):
    """A country, or another place or body the article deals with (the EU, Montréal, the Vatican)."""

    KIND: ClassVar[str] = "country"
    kind: str = text(translated=False)


class Organization(Named):
    """An institute, company, government body or other organization the article names."""

    KIND: ClassVar[str] = "organization"
    country: str | None = ref("countries", default=None)


class Initiative(Named):
    """A programme, report, guide, law, alliance or piece of infrastructure the article names."""

    KIND: ClassVar[str] = "initiative"
    kind: str = text(translated=False)
    date: str | None = date_text(default=None)
    organization: str | None = ref("organizations", default=None)
    country: str | None = ref("countries", default=None)
    people: tuple[str, ...] = refs("people", default=())
    supporters: tuple[str, ...] = refs("countries", "organizations", default=())
    based_on: str | None = ref("initiatives", default=None)
    topics: tuple[str, ...] = texts(default=())


class Role(Frozen):
    """One role a person holds: a title, where it is held (organization, country), its sections."""

    title: str | None = text(default=None)
    organization: str | None = ref("organizations", default=None)
    country: str | None = ref("countries", default=None)
    sections: tuple[str, ...] = sections()
    inferred: str | None = text(default=None)


class Person(Named):
    """A person as the article names them, with their roles."""

    KIND: ClassVar[str] = "person"
    honorific: str | None = text(translated=False, default=None)
    roles: tuple[Role, ...] = records(Role)

    @property
    def names(self) -> tuple[str, ...]:
        # `Dr. Alesia Zhuk` is typed as often as `Alesia Zhuk`.
        titled = (f"{self.honorific} {self.name}",) if self.honorific else ()
        french = (self.fr["name"],) if self.fr and "name" in self.fr else ()
        return (self.name, *self.aliases, *titled, *french)


class Event(Named):
    """An event, visit, mission, delegation or other engagement."""

    KIND: ClassVar[str] = "event"
    kind: str = text(translated=False)
    date: str | None = date_text(default=None)
    date_note: str | None = text(default=None)
    part_of: str | None = ref("events", default=None)
    countries: tuple[str, ...] = refs("countries", default=())
    organizations: tuple[str, ...] = refs("organizations", default=())
    people: tuple[str, ...] = refs("people", default=())
    initiatives: tuple[str, ...] = refs("initiatives", default=())
    topics: tuple[str, ...] = texts(default=())


class Agreement(Named):
    """An MOU, joint statement or partnership: its parties, signatories and subjects."""

    KIND: ClassVar[str] = "agreement"
    kind: str = text(translated=False)
    # How many agreements the record stands for, only where the article gives a number.
    count: int | None = integer(default=None)
    parties: tuple[str, ...] = refs("countries", "organizations")
    # Countries an agreement concerns without being a party (where it was made, whose ecosystem).
    countries: tuple[str, ...] = refs("countries", default=())
    signatories: tuple[str, ...] = refs("people", default=())
    event: str | None = ref("events", default=None)
    initiatives: tuple[str, ...] = refs("initiatives", default=())
    subjects: tuple[str, ...] = texts(default=())


class Fellow(Record):
    """One AI Policy Fellow the article highlights (an example, not the whole cohort)."""

    KIND: ClassVar[str] = "fellow"
    person: str = ref("people")
    programme: str = ref("initiatives")
    home_country: str | None = ref("countries", default=None)
    background: str | None = text(default=None)
    focus: str | None = text(default=None)
    collaborators: tuple[str, ...] = refs("people", default=())


class Statistic(Record):
    """A figure as the article states it, or one we derived from stated figures (`derived_from`)."""

    KIND: ClassVar[str] = "statistic"
    label: str = text()
    value: float | None = number(default=None)
    stated: str | None = text(default=None)
    unit: str | None = text(default=None)
    derived_from: tuple[str, ...] = refs("statistics", "events", "agreements", "fellows", default=())
    formula: str | None = text(default=None)
    context: str | None = text(default=None)

    @property
    def names(self) -> tuple[str, ...]:
        # Its label, the name search and `stats` show it by: `show "Industry partnerships"`.
        french = (self.fr["label"],) if self.fr and "label" in self.fr else ()
        return (self.label, *french)

    @classmethod
    def rules(cls, values: dict[str, Any]) -> list[tuple[str, str]]:
        """A figure is either stated by the article or derived by us (with the formula), never both; the
        first of these rules it breaks, alone (a derived figure with `stated` is not also asked for its
        formula)."""
        derived = bool(values.get("derived_from"))
        if derived and values.get("stated") is not None:
            return [
                (
                    "a derived figure has no 'stated' wording; the article does not state it",
                    f"un chiffre calculé n'a pas de libellé «{_NBSP}stated{_NBSP}»{_NBSP}; l'article ne l'énonce pas",
                )
            ]
        if derived and not values.get("formula"):
            return [
                (
                    "a derived figure needs a 'formula' saying how it was computed",
                    f"un chiffre calculé doit avoir une «{_NBSP}formula{_NBSP}» qui dit comment il a été obtenu",
                )
            ]
        if not derived and values.get("stated") is None:
            return [
                (
                    "a figure needs 'stated' (the article's wording) or 'derived_from' and 'formula'",
                    f"un chiffre doit avoir «{_NBSP}stated{_NBSP}» (le libellé de l'article) ou bien "
                    f"«{_NBSP}derived_from{_NBSP}» et «{_NBSP}formula{_NBSP}»",
                )
            ]
        return []

    @property
    def title(self) -> str:
        return self.label

    @property
    def derived(self) -> bool:
        return bool(self.derived_from)

    @property
    def display(self) -> str:
        """The figure as a reader of English should see it (see `display_in`)."""
        return self.display_in("en")

    def display_in(self, lang: str = "en", unit: str | None = None) -> str:
        """The figure as a reader should see it: the article's words, or ours marked as derived; with
        `unit` (already in `lang`), followed by it.

        A derived figure that is not whole (30% of 131 = 39.3) counts things that come whole: it reads
        `about 39 (derived: 30% of 131 = 39.3)`, never `39.3`. In French: the dataset's French of
        `stated`, else `environ 39 (calculé : 30 % de 131 = 39,3)`, whole numbers as `1 500`; a unit
        goes before the mark (`4 accords (calculé)`), where English has always put it last."""
        if self.stated is not None:
            stated = str(self.tr("stated", lang))
            return f"{stated} {unit}" if unit else stated
        value = self.value
        whole = value is None or float(value).is_integer()
        shown = "?" if value is None else spelled_number(int(value) if whole else round(value), lang)
        if lang == "fr" and unit:  # French keeps the unit with its number, before the mark
            shown, unit = f"{shown} {unit}", None
        if whole:
            figure = t("{} (derived)", lang).format(shown)
        else:
            figure = t("about {} (derived: {})", lang).format(shown, self.tr("formula", lang))
        return f"{figure} {unit}" if unit else figure


class Synonyms(Frozen):
    """Words people use that the article does not (MOU = memorandum of understanding = protocole
    d'entente): search treats every term of a group as any other."""

    terms: tuple[str, ...] = texts(translated=False)
    note: str | None = text(translated=False, default=None)


class Section(Frozen):
    id: str = ident()
    heading: str = text()
    parent: str | None = text(translated=False, default=None)
    fr: dict[str, Any] | None = french(default=None)


class Source(Frozen):
    title: str = text()
    # Set when the title is ours (the article has none of its own): every citation then says so.
    title_note: str | None = text(default=None)
    publisher: str = text(translated=False)
    published: str | None = date_text(default=None)
    file: str | None = text(translated=False, default=None)
    note: str | None = text(default=None)
    fr: dict[str, Any] | None = french(default=None)


def french_mismatches(cls: type[Frozen], values: dict[str, Any]) -> list[tuple[PathKey, str, str]]:
    """What is wrong with a record's French against its English: a field that is not translated, or
    has no English to translate; a list of another length; a role's `inferred` where the English
    role has none; each as (path, English, French). (Missing French is not wrong, only incomplete: see
    `french_gaps`.)"""
    french = values.get("fr")
    if not french:
        return []
    found: list[tuple[PathKey, str, str]] = []
    for name, value in french.items():
        where: PathKey = ("fr", name)
        if name not in cls.TRANSLATED:
            listed = ", ".join(cls.TRANSLATED)
            found.append(
                (
                    where,
                    f"not a translated field; expected one of {listed}",
                    f"ce champ ne se traduit pas{_NBSP}; champs traduits{_NBSP}: {listed}",
                )
            )
        elif values.get(name) in (None, ()):
            found.append(
                (
                    where,
                    f"French for '{name}', which has no English here",
                    f"du français pour «{_NBSP}{name}{_NBSP}», qui n'a pas d'anglais ici",
                )
            )
        elif isinstance(values[name], tuple) != isinstance(value, tuple) or (
            isinstance(value, tuple) and len(value) != len(values[name])
        ):
            many = isinstance(values[name], tuple)
            shape = f"a list of {len(values[name])}" if many else "one text"
            forme = f"une liste de {len(values[name])}" if many else "un seul texte"
            found.append((where, f"must be {shape}, like the English", f"doit être {forme}, comme l'anglais"))
        elif isinstance(values[name], tuple) and values[name] and isinstance(values[name][0], Frozen):
            for i, (english, role) in enumerate(zip(values[name], value, strict=True)):
                for key in role:
                    if english.__dict__.get(key) is None:
                        found.append(
                            (
                                (*where, i, key),
                                f"French for '{key}', which this role has no English for",
                                f"du français pour «{_NBSP}{key}{_NBSP}», que ce rôle n'a pas en anglais",
                            )
                        )
    return found


def french_gaps(cls: type[Frozen], values: dict[str, Any]) -> list[str]:
    """The translated fields of a record (plain values or built) that have English but no French,
    nested ones as `roles[1].title`. A French name is optional: places and organizations have one
    when it is established; programmes the article names in English keep it."""
    french = values.get("fr") or {}
    found = []
    for name in cls.TRANSLATED:
        english = values.get(name)
        if name == "name" or not english:
            continue
        if name not in french:
            found.append(name)
            continue
        kind = cls.FIELDS[name].kind
        if isinstance(kind, Records) and isinstance(french[name], (list, tuple)):
            for i, (item, translated) in enumerate(zip(english, french[name], strict=False)):
                plain = item.__dict__ if isinstance(item, Frozen) else item
                for key in kind.cls.TRANSLATED:
                    if isinstance(plain, dict) and plain.get(key) and not (translated or {}).get(key):
                        found.append(f"{name}[{i}].{key}")
    return found


# The dataset's top-level lists, in file order, with the record class of each.
COLLECTIONS: dict[str, type[Record]] = {
    "countries": Country,
    "organizations": Organization,
    "initiatives": Initiative,
    "people": Person,
    "events": Event,
    "agreements": Agreement,
    "fellows": Fellow,
    "statistics": Statistic,
}
SCHEMA_VERSION = 1
# Bump when the loader's checks change: the parse cache holds datasets that passed the checks of
# their day, and its key carries this, so a dataset cached under looser checks is checked again.
CHECKS_VERSION = 2


class Store(Protocol):
    """Where a dataset's records come from: built in memory, or read one by one from the cache."""

    # Where the parse cache keeps the dataset's search index; None when the cache is off.
    index_file: Path | None

    def collection(self, key: str) -> tuple[Record, ...]: ...

    def get(self, record_id: str) -> Record: ...

    def referring(self, record_id: str) -> list[Record]: ...

    def names(self, key: str) -> dict[str, str]: ...

    def lookup(self, key: str, spelling: str) -> str | None: ...

    def index(self, dataset: Dataset) -> sqlite3.Connection: ...


class Dataset:
    """A loaded dataset: the header, the sections, and each collection of records in file order.

    Collections are read from the store on first use, so a lookup in a large cached dataset only
    builds the records it shows.
    """

    countries: tuple[Country, ...]
    organizations: tuple[Organization, ...]
    initiatives: tuple[Initiative, ...]
    people: tuple[Person, ...]
    events: tuple[Event, ...]
    agreements: tuple[Agreement, ...]
    fellows: tuple[Fellow, ...]
    statistics: tuple[Statistic, ...]

    def __init__(
        self,
        *,
        path: str,
        schema_version: int,
        source: Source,
        sections: tuple[Section, ...],
        store: Store,
        synonyms: tuple[Synonyms, ...] = (),
    ) -> None:
        self.path = path
        self.schema_version = schema_version
        self.source = source
        self.sections = sections
        self.store = store
        self.synonyms = synonyms
        self._sections = {section.id: section for section in sections}

    def __getattr__(self, name: str) -> Any:
        # Only reached for attributes not yet set: the collections, on first use.
        if name in COLLECTIONS:
            value = self.store.collection(name)
            self.__dict__[name] = value
            return value
        raise AttributeError(name)

    def records(self) -> tuple[Record, ...]:
        return tuple(r for name in COLLECTIONS for r in getattr(self, name))

    def get(self, record_id: str) -> Record:
        return self.store.get(record_id)

    def name_of(self, record_id: str) -> str:
        return self.get(record_id).title

    def section(self, section_id: str) -> Section:
        return self._sections[section_id]

    def referring(self, record_id: str) -> list[Record]:
        """Records that point at `record_id`, in dataset order."""
        return self.store.referring(record_id)

    def index(self) -> sqlite3.Connection:
        """The search index of every record (SQLite tables of our own BM25F postings, search.py): from
        the parse cache, else built once."""
        return self.store.index(self)

    def names(self, key: str) -> dict[str, str]:
        """Every normalized spelling of a collection's records, to the id it names (first wins).

        All of them: for scans (partial names, suggestions). An exact name is `lookup`'s job."""
        return self.store.names(key)

    def lookup(self, key: str, spelling: str) -> str | None:
        """The id of the collection's record that this normalized spelling names, if any: one
        indexed read, so a lookup in a large dataset does not unpack every name."""
        return self.store.lookup(key, spelling)
