"""Pure questions over a `Dataset`: resolve names, gather what links to a record, filter, search."""

from __future__ import annotations

from typing import Any

from milafacts.errors import NotFound, UsageError
from milafacts.lang import IS_A_FR, MONTHS_FR
from milafacts.model import (
    COLLECTIONS,
    MONTHS,
    Agreement,
    Country,
    Dataset,
    Event,
    Fellow,
    Initiative,
    Named,
    Person,
    Record,
    Section,
    Statistic,
    parse_date,
)
from milafacts.text import NBSP, QUOTES, fold, normalize

MAX_NAME = 200

# --- names ---------------------------------------------------------------------------------------


def check_name(name: str, what: str) -> str:
    if len(name) > MAX_NAME:
        raise UsageError(
            f"the {what} name is {len(name)} characters long; the limit is {MAX_NAME}",
            french=f"le nom cherché compte {len(name)} caractères{NBSP}; la limite est de {MAX_NAME}",
        )
    if not normalize(name):
        raise UsageError(
            f"the {what} name is empty; give a name such as 'Italy'",
            french=f"le nom cherché est vide{NBSP}; donnez un nom comme {QUOTES[0]}Italie{QUOTES[1]}",
        )
    return name


def resolve(dataset: Dataset, collection: str, name: str) -> Named:
    """The record of `collection` that `name` names, through its name and aliases; or `NotFound`."""
    what = COLLECTIONS[collection].KIND
    check_name(name, what)
    key = normalize(name)
    found = dataset.lookup(collection, key)
    if found is not None:
        return _named(dataset, found)
    index = dataset.names(collection)
    # A unique whole-word match is as good as a name: `valerie` is Valérie Pisano, but `sweden`
    # (the King, the Queen) stays ambiguous and gets suggestions instead.
    padded = f" {key} "
    partial = {record_id for k, record_id in index.items() if padded in f" {k} "}
    if len(partial) == 1:
        return _named(dataset, partial.pop())
    elsewhere = _elsewhere(dataset, collection, name)
    if elsewhere is not None:
        raise elsewhere
    raise _not_found(dataset, what, name, suggest(dataset, key, index))


# The command that looks up each collection; records of the others are shown by `show`.
COMMANDS = {"countries": "country", "people": "person", "organizations": "org"}


def _elsewhere(dataset: Dataset, collection: str, name: str) -> NotFound | None:
    """When a name was given to the wrong command, the error saying which command knows it, in
    English and in French: `European Union is a country: milafacts country eu`, `Union européenne
    est un pays : milafacts country eu` (the record's French name and kind). None otherwise."""
    key = normalize(name)
    for other, cls in COLLECTIONS.items():
        record_id = dataset.lookup(other, key) if other != collection else None
        if record_id is not None:
            record = dataset.get(record_id)
            command = f"milafacts {COMMANDS.get(other, 'show')} {key}"
            # The record's own kind where we have words for it (a city, a region), else its class's.
            kind = getattr(record, "kind", None)
            kind = kind if kind in IS_A_FR else cls.KIND
            english = f"{title(dataset, record)} is {_article(kind)}: {command}"
            french = f"{title(dataset, record, 'fr')} {IS_A_FR[kind]}{NBSP}: {command}"
            return NotFound(COLLECTIONS[collection].KIND, name, message=english, french=french)
    return None


def _article(kind: str) -> str:
    return f"an {kind}" if kind[0] in "aeiou" else f"a {kind}"


def resolve_any(dataset: Dataset, name: str) -> Record:
    """The record of any kind that `name` names: its id, its name or an alias; or `NotFound`."""
    check_name(name, "record")
    key = normalize(name)
    try:
        return dataset.get(name.strip())
    except KeyError:
        pass
    for collection in COLLECTIONS:
        found = dataset.lookup(collection, key)
        if found is not None:
            return dataset.get(found)
    indexes = {collection: dataset.names(collection) for collection in COLLECTIONS}
    padded = f" {key} "
    partial = {rid for index in indexes.values() for k, rid in index.items() if padded in f" {k} "}
    if len(partial) == 1:
        return dataset.get(partial.pop())
    merged = {k: rid for index in indexes.values() for k, rid in index.items()}
    raise _not_found(dataset, "record", name, suggest(dataset, key, merged))


def _named(dataset: Dataset, record_id: str) -> Named:
    record = dataset.get(record_id)
    assert isinstance(record, Named)
    return record


def suggest(dataset: Dataset, key: str, index: dict[str, str], limit: int = 3) -> tuple[Record, ...]:
    """Records named close to `key`: near-misses by spelling first, then names that contain it."""
    import difflib  # only a miss pays for it

    close = difflib.get_close_matches(key, list(index), n=limit * 2, cutoff=0.6)
    containing = [k for k in index if key and (key in k or k in key) and len(k) > 1]
    found: dict[str, Record] = {}
    for k in [*close, *containing]:
        found.setdefault(index[k], dataset.get(index[k]))
    return tuple(found.values())[:limit]


def _not_found(dataset: Dataset, what: str, name: str, near: tuple[Record, ...]) -> NotFound:
    """`NotFound` suggesting `near` by their names in each language (Sweden, Suède)."""
    english = tuple(dict.fromkeys(title(dataset, r) for r in near))
    french = tuple(dict.fromkeys(title(dataset, r, "fr") for r in near))
    return NotFound(what, name, english, french_suggestions=french)


def complete(dataset: Dataset, collection: str, incomplete: str) -> list[str]:
    """Shell completions: the spellings of every record of `collection` one of whose spellings (its
    name, aliases, French name) starts like `incomplete`, case and accents aside.

    For each such record, in file order: each of its spellings that starts like `incomplete`, then
    its English name and its French name (`su` -> `suède`, `suede`, `Sweden`; `It` -> `Italy`,
    `italia`, `italian`, `Italie`), so that a name completes in either language whatever the
    output language. Each is offered as the dataset spells it, or in lower case when that starts
    with exactly what was typed and the spelling does not (`su` -> `suède`, `oc` -> `ocde`); when
    no spelling of the record then does, capitalised or in capitals (`Montre` -> `Montreal`, from the
    alias `montreal`). Never letters or accents other than the dataset's (no `Éurope`, no `ocDE`),
    no spelling twice (case aside), and every one resolves like any other.

    Why both: bash, with typer's completion script, shows every candidate it is given, so it can
    list the other language's name too; zsh and fish keep only the candidates that start with what
    was typed, so the spelling in the typed case is what lets `su` complete to `suède` there.
    (Registered through typer's `autocompletion=`, as the CLI does, the candidates are also cut to
    those that start with exactly what was typed before any shell sees them: typer 0.28 filters
    them so.)
    """
    wanted = fold(incomplete)
    found: dict[str, str] = {}  # casefolded -> as offered, in order
    for record in getattr(dataset, collection):
        matching = [s for s in record.names if fold(s).startswith(wanted)]
        if not matching:
            continue
        spellings = [*matching, title(dataset, record), title(dataset, record, "fr")]
        offered = [_in_typed_case(s, incomplete, lower=True) for s in spellings]
        if not any(s.startswith(incomplete) for s in offered):  # `Montre`: only `montreal` fits
            offered = [_in_typed_case(s, incomplete, lower=False) for s in spellings]
        for spelling in offered:
            found.setdefault(spelling.casefold(), spelling)
    return list(found.values())


def _in_typed_case(spelling: str, typed: str, *, lower: bool) -> str:
    """`spelling`, or its lower-case form (`lower`), else its capitalised or upper-case form, when that
    starts with exactly `typed` and the spelling does not; as it is otherwise."""
    forms = (spelling.lower(),) if lower else (spelling[:1].upper() + spelling[1:].lower(), spelling.upper())
    return next((form for form in (spelling, *forms) if form.startswith(typed)), spelling)


# --- links ---------------------------------------------------------------------------------------


class Link:
    """One link between two records: the field `field` of record `source` names record `target`.

    `via` is the id of the event or agreement through which a profile reached a record (None when
    the record is linked to the profile's record directly); the link is then between that record
    and `via`."""

    __slots__ = ("field", "source", "target", "via")

    def __init__(self, field: str, source: str, target: str, via: str | None = None) -> None:
        self.field = field
        self.source = source
        self.target = target
        self.via = via

    def other(self, record_id: str) -> str:
        """The end of the link that is not `record_id`."""
        return self.target if record_id == self.source else self.source


class Profile:
    """One record, the records linked to it, and for each of those the link that brought it in."""

    __slots__ = ("how", "links", "record")

    def __init__(self, record: Record, links: tuple[Record, ...], how: dict[str, Link] | None = None) -> None:
        self.record = record
        self.links = links
        self.how = how if how is not None else {}


_KIND_ORDER = {cls.KIND: i for i, cls in enumerate(COLLECTIONS.values())}
# What a profile looks through, one step and no further: what happened and what was agreed.
HUBS: tuple[type[Record], ...] = (Event, Agreement)


def profile(dataset: Dataset, record: Record) -> Profile:
    """`record` (of any kind) and what is linked to it.

    Linked directly: the records that point at `record` *and* the records it points at, so a
    country's profile lists what names the country, and an event's, agreement's, fellow's or
    figure's lists what it names too. Then one step further, no more: for each directly linked
    event or agreement (`HUBS`), the records it points at and the records pointing at it (the
    panel of a royal visit brings in its panelists; a G7 week brings in the delegations that were
    part of it). Each record appears once, with the first link found, a direct one before any
    other; `record` itself is left out.
    """
    found: dict[str, tuple[Record, Link]] = {}
    direct = _neighbours(dataset, record)
    for other, link in direct:
        found.setdefault(other.id, (other, link))
    for hub, _ in direct:
        if isinstance(hub, HUBS):
            for other, link in _neighbours(dataset, hub):
                found.setdefault(other.id, (other, Link(link.field, link.source, link.target, hub.id)))
    found.pop(record.id, None)
    # Grouped by kind in the dataset's own order (places, organizations, ..., figures), then by date.
    links = sorted((other for other, _ in found.values()), key=lambda r: (_KIND_ORDER[r.KIND], date_key(r)))
    return Profile(record, tuple(links), {record_id: link for record_id, (_, link) in found.items()})


def _neighbours(dataset: Dataset, record: Record) -> list[tuple[Record, Link]]:
    """The records linked to `record` either way, each with its link: those pointing at it in
    dataset order, then those it points at in field order."""
    pairs: list[tuple[Record, Link]] = []
    for source in dataset.referring(record.id):
        field = next((f for f, target in _pointers(source) if target == record.id), None)
        if field is not None:
            pairs.append((source, Link(field, source.id, record.id)))
    seen: set[str] = set()
    for field, target in _pointers(record):
        if target not in seen:
            seen.add(target)
            pairs.append((dataset.get(target), Link(field, record.id, target)))
    return pairs


def _pointers(record: Record) -> list[tuple[str, str]]:
    """(field, id) for each id `record` names, in field order; a role names through `roles`."""
    found = [(name, target) for name, kind in type(record).LINKS for target in kind.targets(record.__dict__[name])]
    return [(name, target) for name, target in found if target != record.id]


def title(dataset: Dataset, record: Record, lang: str = "en") -> str:
    """How a record is named to a reader, in `lang`; a fellow is named after the person."""
    if isinstance(record, Fellow):
        return display_name(dataset.get(record.person), lang)
    return display_name(record, lang)


def display_name(record: Record, lang: str = "en") -> str:
    if isinstance(record, Person) and record.honorific:
        return f"{record.honorific} {record.name}"  # a person's name is the same in every language
    if isinstance(record, Named):
        return str(record.tr("name", lang))
    if isinstance(record, Statistic):
        return str(record.tr("label", lang))
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
    """`november`, `Nov`, `nov.`, `novembre`, `déc.`, `11` -> the month's number, in English or in
    French whatever the output language; anything else is a usage error. A name may be cut after its
    third letter (`sept`, `janv.`); `ma` and `ju` stay ambiguous (March or May, June or July)."""
    key = fold(text.strip()).rstrip(".")
    if key.isdigit() and 1 <= int(key) <= 12:
        return int(key)
    if len(key) >= 3:
        for names in (MONTHS, MONTHS_FR):
            for number, name in enumerate(names, start=1):
                if fold(name).startswith(key):
                    return number
    raise UsageError(
        f"unknown month {text!r}; use a name such as 'november' or 'novembre', or a number from 1 to 12",
        french=f"mois inconnu{NBSP}: {QUOTES[0]}{text}{QUOTES[1]}{NBSP}; donnez un nom comme "
        f"{QUOTES[0]}novembre{QUOTES[1]} ou un nombre de 1 à 12",
    )


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
    """People, optionally only those with a role titled `role` and those tied to `country`.

    A role title matches `role` (compared like names: case, accents and punctuation ignored) when
    it is `role`, or starts or ends with it as whole words: `policy fellow` and `fellow` find
    "AI Policy Fellow" but not "Collaborator of AI Policy Fellow Dr. Alesia Zhuk"; `minister`
    finds "Minister for Defence" and "Deputy Prime Minister". A role's English title and its
    French (`role_titles`) both count, whatever the output language: `premier ministre` finds the
    Prime Minister, `ministre` every minister. An empty `role` keeps everyone. `country` keeps
    the people `person_countries` ties to it.
    """
    found = list(dataset.people)
    if role is not None and normalize(role):
        found = [p for p in found if any(role_matches(title, role) for title in role_titles(p))]
    if country is not None:
        found = [p for p in found if country.id in person_countries(dataset, p)]
    return found


def role_french(person: Person, index: int) -> dict[str, Any]:
    """The French of a person's `index`th role (`{title, inferred}`, from the person's `fr.roles`),
    empty when it has none."""
    roles = (person.fr or {}).get("roles") or ()
    return dict(roles[index] or {}) if index < len(roles) else {}


def role_titles(person: Person) -> list[str | None]:
    """Each title of each of a person's roles: its English, then its French where it has one."""
    titles: list[str | None] = []
    for index, role in enumerate(person.roles):
        titles += [role.title, role_french(person, index).get("title")]
    return titles


def role_matches(title: str | None, role: str) -> bool:
    """Whether a role title is `role`, or starts or ends with it at a word boundary (see `people`)."""
    key, wanted = normalize(title or ""), normalize(role)
    return key == wanted or key.startswith(wanted + " ") or key.endswith(" " + wanted)


def person_countries(dataset: Dataset, person: Person) -> set[str]:
    """The countries the article ties to a person: the country of a role, and a fellow's home
    country. Not the country of an organization a role is at: the fellows' roles at Mila do not
    make them people of Montréal."""
    ids = {role.country for role in person.roles if role.country}
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
