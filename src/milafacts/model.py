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

if TYPE_CHECKING:
    import sqlite3

# --- field specs -------------------------------------------------------------------------------


class Field:
    """One declared field: its schema type, whether required, the kinds it may name, its default."""

    __slots__ = ("default", "refs", "required", "type")

    def __init__(self, type_: str, required: bool, refs: tuple[str, ...], default: Any) -> None:
        self.type = type_
        self.required = required
        self.refs = refs
        self.default = default


def _spec(type_: str, *, required: bool = False, refs: tuple[str, ...] = (), default: Any = None) -> Any:
    return Field(type_, required, refs, default)


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


def specs(cls: type[Frozen]) -> tuple[Spec, ...]:
    """The schema of a record class: (name, type, required, kinds a reference may name) per field."""
    return cls.SPECS


class FrozenError(AttributeError):
    pass


class Frozen:
    """Keyword construction from the class's declared fields, immutable afterwards.

    A subclass declares fields as annotated class attributes whose value is a `Field` (made by
    `text()`, `ref()`, ...); `__init_subclass__` collects them, inherited ones first.
    """

    FIELDS: ClassVar[dict[str, Field]] = {}
    SPECS: ClassVar[tuple[Spec, ...]] = ()
    LINKS: ClassVar[tuple[Spec, ...]] = ()
    DEFAULTS: ClassVar[dict[str, Any]] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        declared = {name: value for name, value in vars(cls).items() if isinstance(value, Field)}
        for name in declared:
            delattr(cls, name)  # values live on instances; the class keeps only the schema
        cls.FIELDS = {**cls.FIELDS, **declared}
        cls.SPECS = tuple((name, f.type, f.required, f.refs) for name, f in cls.FIELDS.items())
        cls.LINKS = tuple(spec for spec in cls.SPECS if spec[1] in ("ref", "refs", "roles"))
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


def parse_date(value: str) -> tuple[DatePoint, DatePoint]:
    """Parse `YYYY`, `YYYY-MM`, `YYYY-MM-DD` or a range `START/END`; raise ValueError if malformed."""
    parts = value.split("/")
    if len(parts) > 2:
        raise ValueError(f"bad date {value!r}: at most one '/'")
    points = tuple(_parse_point(part) for part in parts)
    start, end = points[0], points[-1]
    if end < start:
        raise ValueError(f"bad date {value!r}: the range ends before it starts")
    return start, end


def _parse_point(value: str) -> DatePoint:
    match = re.match(_DATE, value)
    if not match:
        raise ValueError(f"bad date {value!r}: use YYYY, YYYY-MM, YYYY-MM-DD or START/END")
    year, month, day = (int(g) if g else 0 for g in match.groups())
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    if match.group(2) and not 1 <= month <= 12:
        raise ValueError(f"bad date {value!r}: no such month")
    if match.group(3) and not 1 <= day <= (_DAYS[month - 1] - (month == 2 and not leap)):
        raise ValueError(f"bad date {value!r}: no such day")
    return (year, month, day)


def format_date(value: str) -> str:
    """`2025-12-08/2025-12-10` -> `December 8-10, 2025`, in the article's own style."""
    start, end = parse_date(value)
    if start == end:
        return _format_point(start)
    (year, month, day), (end_year, end_month, end_day) = start, end
    if year == end_year and month and month == end_month and day and end_day:
        return f"{MONTHS[month - 1]} {day}-{end_day}, {year}"
    return f"{_format_point(start)} to {_format_point(end)}"


def _format_point(point: DatePoint) -> str:
    year, month, day = point
    if not month:
        return str(year)
    return f"{MONTHS[month - 1]} {day}, {year}" if day else f"{MONTHS[month - 1]} {year}"


# --- records -----------------------------------------------------------------------------------


class Record(Frozen):
    """What every record has: a dataset-wide unique id and the sections it cites."""

    KIND: ClassVar[str] = "record"
    id: str = text(required=True)
    sections: tuple[str, ...] = sections()
    # Absent when the article states the record's facts; otherwise a short note saying what the article
    # only implies and why no other reading fits (Ebba Busch as a Swedish minister, a year on an event).
    inferred: str | None = text()
    # The article's own key terms where our summary words them differently, so search finds them.
    keywords: tuple[str, ...] = texts()

    @property
    def title(self) -> str:
        return self.id

    @property
    def names(self) -> tuple[str, ...]:
        """Every spelling a user may type for this record."""
        return ()

    def targets(self) -> set[str]:
        """The ids this record points at, through its roles too, itself excluded."""
        found: set[str] = set()
        for name, kind, _, _ in type(self).LINKS:
            value = self.__dict__[name]
            if kind == "ref" and value is not None:
                found.add(value)
            elif kind == "refs":
                found.update(value)
            elif kind == "roles":
                found.update(t for role in value for t in (role.organization, role.country) if t)
        found.discard(self.id)
        return found


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


class Country(Named):
    """A country, or another place or body the article deals with (the EU, Montréal, the Vatican)."""

    KIND: ClassVar[str] = "country"
    kind: str = text(required=True)


class Organization(Named):
    KIND: ClassVar[str] = "organization"
    country: str | None = ref("countries")


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


class Role(Frozen):
    title: str | None = text()
    organization: str | None = ref("organizations")
    country: str | None = ref("countries")
    sections: tuple[str, ...] = sections()
    inferred: str | None = text()


class Person(Named):
    KIND: ClassVar[str] = "person"
    honorific: str | None = text()
    roles: tuple[Role, ...] = _spec("roles", required=True)

    @property
    def names(self) -> tuple[str, ...]:
        # `Dr. Alesia Zhuk` is typed as often as `Alesia Zhuk`.
        titled = (f"{self.honorific} {self.name}",) if self.honorific else ()
        return (self.name, *self.aliases, *titled)


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


class Agreement(Named):
    KIND: ClassVar[str] = "agreement"
    kind: str = text(required=True)
    # How many agreements the record stands for, only where the article gives a number.
    count: int | None = integer()
    parties: tuple[str, ...] = refs("countries", "organizations", required=True)
    # Countries an agreement concerns without being a party (where it was made, whose ecosystem).
    countries: tuple[str, ...] = refs("countries")
    signatories: tuple[str, ...] = refs("people")
    event: str | None = ref("events")
    initiatives: tuple[str, ...] = refs("initiatives")
    subjects: tuple[str, ...] = texts()


class Fellow(Record):
    """One AI Policy Fellow the article highlights (an example, not the whole cohort)."""

    KIND: ClassVar[str] = "fellow"
    person: str = ref("people", required=True)
    programme: str = ref("initiatives", required=True)
    home_country: str | None = ref("countries")
    background: str | None = text()
    focus: str | None = text()
    collaborators: tuple[str, ...] = refs("people")


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
        """The figure as a reader should see it: the article's words, or ours marked as derived.

        A derived figure that is not whole (30% of 131 = 39.3) counts things that come whole: it reads
        `about 39 (derived: 30% of 131 = 39.3)`, never `39.3`."""
        if self.stated is not None:
            return self.stated
        value = self.value
        if value is None or float(value).is_integer():
            return f"{_plain_number(value)} (derived)"
        return f"about {round(value)} (derived: {self.formula})"


def _plain_number(value: float | None) -> str:
    if value is None:
        return "?"
    return str(int(value)) if float(value).is_integer() else str(value)


class Synonyms(Frozen):
    """Words people use that the article does not (MOU = memorandum of understanding = protocole
    d'entente): search treats every term of a group as any other."""

    terms: tuple[str, ...] = _spec("texts", required=True)
    note: str | None = text()


class Section(Frozen):
    id: str = text(required=True)
    heading: str = text(required=True)
    parent: str | None = text()


class Source(Frozen):
    title: str = text(required=True)
    # Set when the title is ours (the article has none of its own): every citation then says so.
    title_note: str | None = text()
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
# Bump when the loader's checks change: the parse cache holds datasets that passed the checks of
# their day, and its key carries this, so a dataset cached under looser checks is checked again.
CHECKS_VERSION = 2


class Store(Protocol):
    """Where a dataset's records come from: built in memory, or read one by one from the cache."""

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
        """The search index (SQLite FTS5) of every record: from the parse cache, else built once."""
        return self.store.index(self)

    def names(self, key: str) -> dict[str, str]:
        """Every normalized spelling of a collection's records, to the id it names (first wins).

        All of them: for scans (partial names, suggestions). An exact name is `lookup`'s job."""
        return self.store.names(key)

    def lookup(self, key: str, spelling: str) -> str | None:
        """The id of the collection's record that this normalized spelling names, if any: one
        indexed read, so a lookup in a large dataset does not unpack every name."""
        return self.store.lookup(key, spelling)
