"""Pure questions over a `Dataset`: resolve names, gather what links to a record, filter, search."""

from __future__ import annotations

from milafacts.errors import NotFound, UsageError
from milafacts.model import (
    COLLECTIONS,
    MONTHS,
    Country,
    Dataset,
    Event,
    Fellow,
    Initiative,
    Named,
    Organization,
    Person,
    Record,
    Section,
    parse_date,
)
from milafacts.text import flat, fold, normalize, searchable

MAX_NAME = 200

# --- names ---------------------------------------------------------------------------------------


def check_name(name: str, what: str) -> str:
    if len(name) > MAX_NAME:
        raise UsageError(f"the {what} name is {len(name)} characters long; the limit is {MAX_NAME}")
    if not normalize(name):
        raise UsageError(f"the {what} name is empty; give a name such as 'Italy' (see 'milafacts --help')")
    return name


def resolve(dataset: Dataset, collection: str, name: str) -> Named:
    """The record of `collection` that `name` names, through its name and aliases; or `NotFound`."""
    what = COLLECTIONS[collection].KIND
    check_name(name, what)
    key = normalize(name)
    index = dataset.names(collection)
    if key in index:
        return _named(dataset, index[key])
    # A unique whole-word match is as good as a name: `valerie` is Valérie Pisano, but `sweden`
    # (the King, the Queen) stays ambiguous and gets suggestions instead.
    padded = f" {key} "
    partial = {record_id for k, record_id in index.items() if padded in f" {k} "}
    if len(partial) == 1:
        return _named(dataset, partial.pop())
    raise NotFound(what, name, suggest(dataset, key, index))


def _named(dataset: Dataset, record_id: str) -> Named:
    record = dataset.get(record_id)
    assert isinstance(record, Named)
    return record


def suggest(dataset: Dataset, key: str, index: dict[str, str], limit: int = 3) -> tuple[str, ...]:
    """Names close to `key`: near-misses by spelling first, then names that contain it."""
    import difflib  # only a miss pays for it

    close = difflib.get_close_matches(key, list(index), n=limit * 2, cutoff=0.6)
    containing = [k for k in index if key and (key in k or k in key) and len(k) > 1]
    names: list[str] = []
    for k in [*close, *containing]:
        title = dataset.get(index[k]).title
        if title not in names:
            names.append(title)
    return tuple(names[:limit])


def complete(dataset: Dataset, collection: str, incomplete: str) -> list[str]:
    """Shell completions: for each record, its first name or alias that starts like `incomplete`.

    The shell keeps only candidates that start with exactly what was typed, so the typed prefix is
    kept and the rest of the spelling appended (`sw` -> `sweden`, `Montr` -> `Montréal`); the result
    resolves like any other spelling.
    """
    wanted = fold(incomplete)
    found: list[str] = []
    for record in getattr(dataset, collection):
        for spelling in record.names:
            if fold(spelling).startswith(wanted):
                found.append(incomplete + spelling[len(incomplete) :])
                break
    return found


# --- links ---------------------------------------------------------------------------------------


class Profile:
    """One record and everything in the dataset that points at it."""

    __slots__ = ("links", "record")

    def __init__(self, record: Named, links: tuple[Record, ...]) -> None:
        self.record = record
        self.links = links


_KIND_ORDER = {cls.KIND: i for i, cls in enumerate(COLLECTIONS.values())}


def profile(dataset: Dataset, record: Named) -> Profile:
    links = dataset.referring(record.id)
    # Grouped by kind in the dataset's own order (places, organizations, ..., figures), then by date.
    links.sort(key=lambda r: (_KIND_ORDER[r.KIND], date_key(r)))
    return Profile(record, tuple(links))


def title(dataset: Dataset, record: Record) -> str:
    """How a record is named to a reader; a fellow is named after the person."""
    if isinstance(record, Fellow):
        return display_name(dataset.get(record.person))
    return display_name(record)


def display_name(record: Record) -> str:
    if isinstance(record, Person) and record.honorific:
        return f"{record.honorific} {record.name}"
    return record.title


# --- time ----------------------------------------------------------------------------------------


def date_of(record: Record) -> str | None:
    if isinstance(record, (Event, Initiative)):
        return record.date
    return None


def date_key(record: Record) -> tuple[int, int, int, int]:
    """Sort key: dated records by start date, a more precise date after a vaguer one; undated last."""
    value = date_of(record)
    if value is None:
        return (1, 0, 0, 0)
    start, _ = parse_date(value)
    return (0, *start)


def parse_month(text: str) -> int:
    """`november`, `Nov`, `11` -> 11; anything else is a usage error."""
    key = fold(text.strip())
    if key.isdigit() and 1 <= int(key) <= 12:
        return int(key)
    for number, name in enumerate(MONTHS, start=1):
        if len(key) >= 3 and fold(name).startswith(key):
            return number
    raise UsageError(f"unknown month {text!r}; use a name such as 'november' or a number from 1 to 12")


def timeline(dataset: Dataset, month: int | None = None) -> list[Record]:
    """Dated events and initiatives in order, then undated events; `month` keeps one month only."""
    records: list[Record] = [*dataset.events, *dataset.initiatives]
    if month is not None:
        return sorted((r for r in records if _in_month(r, month)), key=date_key)
    dated = sorted((r for r in records if date_of(r)), key=date_key)
    undated = [r for r in dataset.events if not r.date]
    return [*dated, *undated]


def _in_month(record: Record, month: int) -> bool:
    value = date_of(record)
    if value is None:
        return False
    start, end = parse_date(value)
    (year, first, _), (end_year, last, _) = start, end
    if not first:
        return False
    last = last or first
    return first <= month <= last if year == end_year else month >= first or month <= last


# --- filters -------------------------------------------------------------------------------------


def people(dataset: Dataset, role: str | None = None, country: Country | None = None) -> list[Person]:
    """People, optionally those whose role title contains `role` or who are tied to `country`."""
    found = list(dataset.people)
    if role is not None:
        wanted = normalize(role)
        found = [p for p in found if any(wanted in normalize(r.title or "") for r in p.roles)]
    if country is not None:
        found = [p for p in found if country.id in person_countries(dataset, p)]
    return found


def person_countries(dataset: Dataset, person: Person) -> set[str]:
    ids = {role.country for role in person.roles if role.country}
    for role in person.roles:
        if role.organization:
            org = dataset.get(role.organization)
            if isinstance(org, Organization) and org.country:
                ids.add(org.country)
    for fellow in dataset.fellows:
        if fellow.person == person.id and fellow.home_country:
            ids.add(fellow.home_country)
    return ids


def link_counts(dataset: Dataset, collection: str) -> list[tuple[Named, int]]:
    """Each record of a collection with how many records point at it."""
    counts: dict[str, int] = {r.id: 0 for r in getattr(dataset, collection)}
    for record in dataset.records():
        for target in record.targets():
            if target in counts:
                counts[target] += 1
    return [(r, counts[r.id]) for r in getattr(dataset, collection)]


def source_counts(dataset: Dataset) -> list[tuple[Section, int]]:
    """Each section of the article with how many records cite it."""
    counts = {s.id: 0 for s in dataset.sections}
    for record in dataset.records():
        for section_id in set(record.sections):
            counts[section_id] += 1
    return [(s, counts[s.id]) for s in dataset.sections]


# --- search --------------------------------------------------------------------------------------


class Hit:
    """A record that search found, the field it matched in, and that field's text."""

    __slots__ = ("field", "record", "text")

    def __init__(self, record: Record, field: str, text: str) -> None:
        self.record = record
        self.field = field
        self.text = text


def search(dataset: Dataset, text: str) -> list[Hit]:
    """Records whose words contain `text` (case- and accent-insensitive), first matching field each."""
    needle = flat(text)
    if not needle:
        raise UsageError("the search text is empty; give a word such as 'robotics'")
    if len(text) > MAX_NAME:
        raise UsageError(f"the search text is {len(text)} characters long; the limit is {MAX_NAME}")
    hits = []
    for record in dataset.candidates(needle):
        for field_name, value in searchable(record):
            if needle in flat(value):
                hits.append(Hit(record, field_name, value))
                break
    return hits


def spans(text: str, needle: str) -> list[tuple[int, int]]:
    """Where `needle` occurs in `text`, ignoring case and accents, as spans of the original text."""
    folded_needle = fold(needle)
    if not folded_needle:
        return []
    folded: list[str] = []
    origin: list[int] = []
    for i, char in enumerate(text):
        for c in fold(char):
            folded.append(c)
            origin.append(i)
    haystack = "".join(folded)
    found = []
    start = haystack.find(folded_needle)
    while start != -1:
        end = start + len(folded_needle)
        found.append((origin[start], origin[end - 1] + 1))
        start = haystack.find(folded_needle, end)
    return found
