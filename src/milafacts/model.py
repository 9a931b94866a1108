"""The dataset as frozen dataclasses.

Each field carries its schema in `metadata` (type, whether required, which kinds a reference may
name): the loader validates against it, and the JSON Schema in `data/facts.schema.json` is generated
from it, so the three cannot drift apart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields
from datetime import date as _date
from typing import Any, ClassVar

# --- field specs -------------------------------------------------------------------------------


def _spec(type_: str, *, required: bool = False, refs: tuple[str, ...] = (), default: Any = None) -> Any:
    meta = {"type": type_, "required": required, "refs": refs}
    if required:
        return field(metadata=meta)
    if isinstance(default, tuple):
        return field(default=default, metadata=meta)
    return field(default=default, metadata=meta)


def text(*, required: bool = False) -> Any:
    return _spec("text", required=required)


def texts() -> Any:
    return _spec("texts", default=())


def ref(*kinds: str, required: bool = False) -> Any:
    return _spec("ref", required=required, refs=kinds)


def refs(*kinds: str, required: bool = False) -> Any:
    return _spec("refs", required=required, refs=kinds, default=())


def number() -> Any:
    return _spec("number")


def integer(*, default: int | None = None) -> Any:
    return _spec("integer", default=default)


def date_text() -> Any:
    return _spec("date")


def sections() -> Any:
    # Every record cites at least one section of the article.
    return _spec("sections", required=True)


Spec = tuple[str, str, bool, tuple[str, ...]]  # name, type, required, kinds a reference may name


_SPECS: dict[type[Any], tuple[Spec, ...]] = {}
_LINKS: dict[type[Any], tuple[Spec, ...]] = {}


def specs(cls: type[Any]) -> tuple[Spec, ...]:
    """The schema of a record class, read once from its fields' metadata (lookups are hot paths)."""
    found = _SPECS.get(cls)
    if found is None:
        found = _SPECS[cls] = tuple(
            (f.name, f.metadata["type"], f.metadata["required"], f.metadata["refs"]) for f in fields(cls)
        )
    return found


def link_fields(cls: type[Any]) -> tuple[Spec, ...]:
    """The fields of a class that point at other records (roles included)."""
    found = _LINKS.get(cls)
    if found is None:
        found = _LINKS[cls] = tuple(spec for spec in specs(cls) if spec[1] in ("ref", "refs", "roles"))
    return found


# --- dates -------------------------------------------------------------------------------------

_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
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


@dataclass(frozen=True)
class DatePoint:
    """A date as precise as the source gives it: a year, a month, or a day."""

    year: int
    month: int | None = None
    day: int | None = None

    def sort_key(self) -> tuple[int, int, int]:
        return (self.year, self.month or 0, self.day or 0)


def parse_date(value: str) -> tuple[DatePoint, DatePoint]:
    """Parse `YYYY`, `YYYY-MM`, `YYYY-MM-DD` or a range `START/END`; raise ValueError if malformed."""
    parts = value.split("/")
    if len(parts) > 2:
        raise ValueError(f"bad date {value!r}: at most one '/'")
    points = tuple(_parse_point(part) for part in parts)
    start, end = points[0], points[-1]
    if end.sort_key() < start.sort_key():
        raise ValueError(f"bad date {value!r}: the range ends before it starts")
    return start, end


def _parse_point(value: str) -> DatePoint:
    match = _DATE.match(value)
    if not match:
        raise ValueError(f"bad date {value!r}: use YYYY, YYYY-MM, YYYY-MM-DD or START/END")
    year, month, day = (int(g) if g else None for g in match.groups())
    assert year is not None
    try:
        _date(year, month or 1, day or 1)
    except ValueError:
        raise ValueError(f"bad date {value!r}: no such day") from None
    return DatePoint(year, month, day)


def format_date(value: str) -> str:
    """`2025-12-08/2025-12-10` -> `December 8-10, 2025`, in the article's own style."""
    start, end = parse_date(value)
    if start == end:
        return _format_point(start)
    if start.year == end.year and start.month is not None and start.month == end.month and start.day and end.day:
        return f"{MONTHS[start.month - 1]} {start.day}-{end.day}, {start.year}"
    return f"{_format_point(start)} to {_format_point(end)}"


def _format_point(point: DatePoint) -> str:
    if point.month is None:
        return str(point.year)
    month = MONTHS[point.month - 1]
    return f"{month} {point.day}, {point.year}" if point.day else f"{month} {point.year}"


# --- records -----------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True, repr=False, eq=False)
class Record:
    """What every record has: a dataset-wide unique id and the sections it cites."""

    KIND: ClassVar[str] = "record"
    id: str = text(required=True)
    sections: tuple[str, ...] = sections()

    @property
    def title(self) -> str:
        return self.id

    @property
    def names(self) -> tuple[str, ...]:
        """Every spelling a user may type for this record."""
        return ()


@dataclass(frozen=True, kw_only=True, repr=False, eq=False)
class Named(Record):
    name: str = text(required=True)
    aliases: tuple[str, ...] = texts()
    summary: str | None = text()

    @property
    def title(self) -> str:
        return self.name

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass(frozen=True, kw_only=True, repr=False, eq=False)
class Country(Named):
    """A country, or another place or body the article deals with (the EU, Montréal, the Vatican)."""

    KIND: ClassVar[str] = "country"
    kind: str = text(required=True)


@dataclass(frozen=True, kw_only=True, repr=False, eq=False)
class Organization(Named):
    KIND: ClassVar[str] = "organization"
    country: str | None = ref("countries")


@dataclass(frozen=True, kw_only=True, repr=False, eq=False)
class Initiative(Named):
    """A programme, report, guide, law, alliance or piece of infrastructure the article names."""

    KIND: ClassVar[str] = "initiative"
    kind: str = text(required=True)
    date: str | None = date_text()
    organization: str | None = ref("organizations")
    country: str | None = ref("countries")
    people: tuple[str, ...] = refs("people")
    supporters: tuple[str, ...] = refs("countries", "organizations")
    based_on: str | None = ref("initiatives")
    topics: tuple[str, ...] = texts()


@dataclass(frozen=True, kw_only=True, repr=False, eq=False)
class Role:
    title: str | None = text()
    organization: str | None = ref("organizations")
    country: str | None = ref("countries")
    sections: tuple[str, ...] = sections()


@dataclass(frozen=True, kw_only=True, repr=False, eq=False)
class Person(Named):
    KIND: ClassVar[str] = "person"
    honorific: str | None = text()
    roles: tuple[Role, ...] = _spec("roles", required=True)


@dataclass(frozen=True, kw_only=True, repr=False, eq=False)
class Event(Named):
    """An event, visit, mission, delegation or other engagement."""

    KIND: ClassVar[str] = "event"
    kind: str = text(required=True)
    date: str | None = date_text()
    date_note: str | None = text()
    part_of: str | None = ref("events")
    countries: tuple[str, ...] = refs("countries")
    organizations: tuple[str, ...] = refs("organizations")
    people: tuple[str, ...] = refs("people")
    initiatives: tuple[str, ...] = refs("initiatives")
    topics: tuple[str, ...] = texts()


@dataclass(frozen=True, kw_only=True, repr=False, eq=False)
class Agreement(Named):
    KIND: ClassVar[str] = "agreement"
    kind: str = text(required=True)
    count: int | None = integer(default=1)
    parties: tuple[str, ...] = refs("countries", "organizations", required=True)
    # Countries an agreement concerns without being a party (where it was made, whose ecosystem).
    countries: tuple[str, ...] = refs("countries")
    signatories: tuple[str, ...] = refs("people")
    event: str | None = ref("events")
    initiatives: tuple[str, ...] = refs("initiatives")
    subjects: tuple[str, ...] = texts()


@dataclass(frozen=True, kw_only=True, repr=False, eq=False)
class Fellow(Record):
    """One AI Policy Fellow the article highlights (an example, not the whole cohort)."""

    KIND: ClassVar[str] = "fellow"
    person: str = ref("people", required=True)
    programme: str = ref("initiatives", required=True)
    home_country: str | None = ref("countries")
    background: str | None = text()
    focus: str | None = text()
    collaborators: tuple[str, ...] = refs("people")


@dataclass(frozen=True, kw_only=True, repr=False, eq=False)
class Statistic(Record):
    """A figure as the article states it, or one we derived from stated figures (`derived_from`)."""

    KIND: ClassVar[str] = "statistic"
    label: str = text(required=True)
    value: float | None = number()
    stated: str | None = text()
    unit: str | None = text()
    derived_from: tuple[str, ...] = refs("statistics", "events", "agreements", "fellows")
    formula: str | None = text()
    context: str | None = text()

    @property
    def title(self) -> str:
        return self.label

    @property
    def derived(self) -> bool:
        return bool(self.derived_from)

    @property
    def display(self) -> str:
        """The figure as a reader should see it: the article's words, or ours marked as derived."""
        if self.stated is not None:
            return self.stated
        return f"{_plain_number(self.value)} (derived)"


def _plain_number(value: float | None) -> str:
    if value is None:
        return "?"
    return str(int(value)) if float(value).is_integer() else str(value)


@dataclass(frozen=True, kw_only=True, repr=False, eq=False)
class Section:
    id: str = text(required=True)
    heading: str = text(required=True)
    parent: str | None = text()


@dataclass(frozen=True, kw_only=True, repr=False, eq=False)
class Source:
    title: str = text(required=True)
    publisher: str = text(required=True)
    published: str = date_text()
    file: str | None = text()
    note: str | None = text()


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


@dataclass(frozen=True)
class Dataset:
    path: str
    schema_version: int
    source: Source
    sections: tuple[Section, ...]
    countries: tuple[Country, ...] = ()
    organizations: tuple[Organization, ...] = ()
    initiatives: tuple[Initiative, ...] = ()
    people: tuple[Person, ...] = ()
    events: tuple[Event, ...] = ()
    agreements: tuple[Agreement, ...] = ()
    fellows: tuple[Fellow, ...] = ()
    statistics: tuple[Statistic, ...] = ()
    by_id: dict[str, Record] = field(default_factory=dict, compare=False, repr=False)

    def records(self) -> tuple[Record, ...]:
        return tuple(r for name in COLLECTIONS for r in getattr(self, name))

    def get(self, record_id: str) -> Record:
        return self.by_id[record_id]

    def name_of(self, record_id: str) -> str:
        return self.by_id[record_id].title

    def section(self, section_id: str) -> Section:
        for section in self.sections:
            if section.id == section_id:
                return section
        raise KeyError(section_id)
