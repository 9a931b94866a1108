"""Query results as format-neutral views: a title, columns, and rows of plain values.

A row holds what a reader sees (names resolved) plus the ids behind them (`id`, `*_id`, `*_ids`)
and the headings of the sections it cites, so JSON carries everything the table shows and more.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from milafacts import query
from milafacts.model import (
    MONTHS,
    Agreement,
    Country,
    Dataset,
    Event,
    Fellow,
    Named,
    Organization,
    Person,
    Record,
    Role,
    Statistic,
    format_date,
)
from milafacts.query import Profile

if TYPE_CHECKING:
    from milafacts.search import Results

Row = dict[str, Any]


class Column:
    __slots__ = ("header", "key")

    def __init__(self, key: str, header: str) -> None:
        self.key = key
        self.header = header


class View:
    """What a command answers: a title, columns, rows, the source, and notes for the reader."""

    __slots__ = ("columns", "highlight", "notes", "rows", "source", "subject", "title")

    def __init__(
        self,
        *,
        title: str,
        columns: tuple[Column, ...],
        rows: tuple[Row, ...],
        source: str,
        subject: Row | None = None,
        highlight: tuple[str, ...] = (),  # columns whose cells are marked at the row's `<key>_spans`
        notes: tuple[str, ...] = (),
    ) -> None:
        self.title = title
        self.columns = columns
        self.rows = rows
        self.source = source
        self.subject = subject
        self.highlight = highlight
        self.notes = notes

    def sections(self) -> list[str]:
        """Headings cited by the subject and the rows, in first-seen order."""
        seen: dict[str, None] = {}
        for row in ([self.subject] if self.subject else []) + list(self.rows):
            for heading in row.get("sections", ()):
                seen.setdefault(heading, None)
        return list(seen)


def _columns(*pairs: tuple[str, str]) -> tuple[Column, ...]:
    return tuple(Column(key, header) for key, header in pairs)


PROFILE_COLUMNS = _columns(("kind", "Kind"), ("name", "Name"), ("date", "Date"), ("details", "Details"))


def source_line(dataset: Dataset) -> str:
    """The citation: the title, marked as ours when the source has none, publisher and date."""
    src = dataset.source
    details = [*(["title ours: the article has none"] if src.title_note else []), src.publisher]
    if src.published:
        details.append(format_date(src.published))
    return f"{src.title} ({', '.join(details)})"


def _view(dataset: Dataset, title: str, columns: tuple[Column, ...], rows: Iterable[Row], **extra: Any) -> View:
    return View(title=title, columns=columns, rows=tuple(rows), source=source_line(dataset), **extra)


def headings(dataset: Dataset, record: Record | Role) -> list[str]:
    return [dataset.section(s).heading for s in record.sections]


def _names(dataset: Dataset, ids: Sequence[str]) -> list[str]:
    return [query.title(dataset, dataset.get(i)) for i in ids]


def _name(dataset: Dataset, record_id: str | None) -> str | None:
    return query.title(dataset, dataset.get(record_id)) if record_id else None


# --- one-line descriptions -----------------------------------------------------------------------


def role_text(dataset: Dataset, role: Role) -> str:
    where = [n for n in (_name(dataset, role.organization), _name(dataset, role.country)) if n]
    if role.title and where:
        return f"{role.title}, {', '.join(where)}"
    return role.title or ", ".join(where)


def details(dataset: Dataset, record: Record) -> str:
    """What a record says, in a sentence or a phrase, for a row of a mixed list."""
    if isinstance(record, Person):
        return "; ".join(role_text(dataset, r) for r in record.roles) or (record.summary or "")
    if isinstance(record, Fellow):
        parts = [record.background, record.focus and f"focus: {record.focus}"]
        if record.collaborators:
            parts.append("with " + ", ".join(_names(dataset, record.collaborators)))
        return "; ".join(p for p in parts if p)
    if isinstance(record, Agreement):
        if record.count is None:  # the article gives no number: plural, and no figure of ours
            what = f"{record.kind}s"
        else:
            what = f"{record.count} {record.kind}s" if record.count > 1 else record.kind
        subjects = f" on {', '.join(record.subjects)}" if record.subjects else ""
        return f"{what} between {' and '.join(_names(dataset, record.parties))}{subjects}"
    if isinstance(record, Statistic):
        return f"{record.display} {record.unit or ''}".strip()
    if isinstance(record, Named):
        return record.summary or ""
    return ""


def record_row(dataset: Dataset, record: Record) -> Row:
    """A record as a row of a mixed list; `inferred` is the record's note, or None when the article
    states its facts (the details then say so too)."""
    value = query.date_of(record)
    return {
        "kind": record.KIND,
        "id": record.id,
        "name": query.title(dataset, record),
        "date": format_date(value) if value else _date_note(record),
        "details": with_inferred(details(dataset, record), record.inferred),
        "inferred": record.inferred,
        "sections": headings(dataset, record),
    }


def with_inferred(text: str, note: str | None) -> str:
    """`text (inferred: note)` when a fact is only implied by the article; `text` otherwise."""
    if not note:
        return text
    return f"{text} (inferred: {note})" if text else f"(inferred: {note})"


def _date_note(record: Record) -> str | None:
    return record.date_note if isinstance(record, Event) else None


# --- views per command ---------------------------------------------------------------------------


# How a profile row is linked, keyed on the field of the link: (said of the record holding the
# field, said of the record it names), each followed by the other record's name. The panel
# `concerns Sweden` (countries); Marcus Wallenberg `took part in` the panel (people).
LINK_WORDS: dict[str, tuple[str, str]] = {
    "countries": ("concerns {}", "concerned by {}"),
    "country": ("based in {}", "home of {}"),
    "home_country": ("from {}", "home country of {}"),
    "roles": ("role in {}", "where {} has a role"),
    "people": ("involves {}", "took part in {}"),
    "organizations": ("involves {}", "involved in {}"),
    "organization": ("run by {}", "runs {}"),
    "parties": ("with {} as a party", "party to {}"),
    "signatories": ("signed by {}", "signed {}"),
    "event": ("made at {}", "occasion of {}"),
    "part_of": ("part of {}", "includes {}"),
    "initiatives": ("linked to {}", "linked to {}"),
    # The field holds the report's backers and the countries that welcomed the SME Blueprint: the words
    # must fit both, and claim no more than welcoming.
    "supporters": ("backed or welcomed by {}", "backed or welcomed {}"),
    "based_on": ("based on {}", "basis of {}"),
    "person": ("fellowship of {}", "holds the fellowship"),  # a fellow is named after the person
    "programme": ("fellow of {}", "programme of fellow {}"),
    "collaborators": ("works with {}", "collaborator of {}"),
    "derived_from": ("derived from {}", "counted in {}"),
}


def link_text(dataset: Dataset, record_id: str, link: query.Link) -> str:
    """How the record `record_id` is linked: `concerns Sweden`, `took part in Panel on ...`. A
    direct link names the profile's record; a link through an event or agreement names that."""
    holder, named = LINK_WORDS.get(link.field, ("linked to {}", "linked to {}"))
    words = holder if record_id == link.source else named
    return words.format(query.title(dataset, dataset.get(link.other(record_id))))


# What a profile's title says after the record's name; other kinds say their kind (`...: event`).
PROFILE_TITLES: dict[type[Record], str] = {
    Country: "what the dataset knows",
    Person: "profile",
    Organization: "profile",
}
PROFILE_LINK_COLUMNS = _columns(
    ("kind", "Kind"), ("name", "Name"), ("date", "Date"), ("link", "How linked"), ("details", "Details")
)


def profile(dataset: Dataset, found: Profile) -> View:
    """A record of any kind, then everything linked to it, each row saying how (`link`; `via_id` is
    the event or agreement in between, None for a direct link)."""
    record = found.record
    own = record_row(dataset, record)
    summary = record.summary if isinstance(record, Named) else None
    # The record's own row leads the table with its summary (a figure's, with its figure); the
    # subject adds what a script needs.
    rows = [{**own, "details": with_inferred(summary or details(dataset, record), record.inferred)}]
    rows[0].update(link=None, via_id=None)
    aliases = list(record.aliases) if isinstance(record, Named) else []
    subject = {**own, "aliases": aliases, "summary": summary}
    if isinstance(record, Person):
        rows += [
            {
                "kind": "role",
                "id": record.id,
                "name": role_text(dataset, role),
                "date": None,
                "link": None,
                "via_id": None,
                "details": with_inferred("", role.inferred),
                "inferred": role.inferred,
                "sections": headings(dataset, role),
            }
            for role in record.roles
        ]
    for other in found.links:
        link = found.how.get(other.id)
        row = record_row(dataset, other)
        row["link"] = link_text(dataset, other.id, link) if link else None
        row["via_id"] = link.via if link else None
        rows.append(row)
    what = PROFILE_TITLES.get(type(record), record.KIND)
    return _view(dataset, f"{query.title(dataset, record)}: {what}", PROFILE_LINK_COLUMNS, rows, subject=subject)


def fellows(dataset: Dataset) -> View:
    rows = []
    for fellow in dataset.fellows:
        rows.append(
            {
                "id": fellow.id,
                "name": query.title(dataset, fellow),
                "person_id": fellow.person,
                "home_country": _name(dataset, fellow.home_country),
                "home_country_id": fellow.home_country,
                "background": fellow.background,
                "focus": fellow.focus,
                "collaborators": _names(dataset, fellow.collaborators),
                "collaborator_ids": list(fellow.collaborators),
                "programme": _name(dataset, fellow.programme),
                "programme_id": fellow.programme,
                "sections": headings(dataset, fellow),
            }
        )
    cols = _columns(
        ("name", "Fellow"),
        ("home_country", "Home country"),
        ("background", "Background"),
        ("focus", "Focus"),
        ("collaborators", "Collaborators"),
    )
    note = (
        f"The article highlights these {len(rows)} fellows as examples; the cohort is larger and its size is not given."
    )
    return _view(dataset, "AI Policy Fellows highlighted in the article", cols, rows, notes=(note,))


def statistics(dataset: Dataset) -> View:
    rows = [
        {
            "id": s.id,
            "figure": s.display,
            "what": s.label,
            "value": s.value,
            "stated": s.stated,
            "unit": s.unit,
            "derived": s.derived,
            "derived_from_ids": list(s.derived_from),
            "formula": s.formula,
            "context": s.context,
            "sections": headings(dataset, s),
        }
        for s in dataset.statistics
    ]
    cols = _columns(("figure", "Figure"), ("what", "What"), ("context", "Context"), ("formula", "Derived how"))
    note = "Figures marked (derived) are computed by milafacts from the article's figures, not stated in it."
    return _view(dataset, "Headline figures", cols, rows, notes=(note,))


def people(dataset: Dataset, found: Iterable[Person]) -> View:
    rows = []
    for p in found:
        country_ids = sorted(query.person_countries(dataset, p))
        rows.append(
            {
                "id": p.id,
                "name": query.title(dataset, p),
                "roles": [role_text(dataset, r) for r in p.roles],
                "countries": _names(dataset, country_ids),
                "country_ids": country_ids,
                "summary": p.summary,
                "sections": headings(dataset, p),
            }
        )
    cols = _columns(("name", "Name"), ("roles", "Roles"), ("countries", "Countries"), ("summary", "Summary"))
    return _view(dataset, "People", cols, rows)


def counted(dataset: Dataset, collection: str, title: str) -> View:
    rows = [
        {
            "id": r.id,
            "name": r.title,
            "kind": getattr(r, "kind", None),
            "aliases": list(r.aliases),
            "linked_records": count,
            "summary": r.summary,
            "sections": headings(dataset, r),
        }
        for r, count in query.link_counts(dataset, collection)
    ]
    kind_column = [("kind", "Kind")] if collection == "countries" else []
    cols = _columns(("name", "Name"), *kind_column, ("linked_records", "Linked facts"), ("summary", "Summary"))
    return _view(dataset, title, cols, rows)


def timeline(dataset: Dataset, records: Iterable[Record], month: int | None) -> View:
    rows = []
    for record in records:
        row = record_row(dataset, record)
        row["dated"] = query.date_of(record) is not None
        row["date"] = when(record)
        rows.append(row)
    title = "Timeline" if month is None else f"Timeline: {MONTHS[month - 1]}"
    return _view(dataset, title, PROFILE_COLUMNS, rows)


def agreements(dataset: Dataset) -> View:
    rows = [
        {
            "id": a.id,
            "name": a.name,
            "kind": a.kind,
            "count": a.count,
            "parties": _names(dataset, a.parties),
            "party_ids": list(a.parties),
            "signatories": _names(dataset, a.signatories),
            "signatory_ids": list(a.signatories),
            "subjects": list(a.subjects),
            "context": _name(dataset, a.event),
            "context_id": a.event,
            "sections": headings(dataset, a),
        }
        for a in dataset.agreements
    ]
    cols = _columns(
        ("name", "Agreement"),
        ("kind", "Kind"),
        ("count", "Count"),
        ("parties", "Parties"),
        ("signatories", "Entered into by"),
        ("subjects", "Subjects"),
    )
    return _view(dataset, "Agreements", cols, rows)


def headline(dataset: Dataset, record: Record) -> str:
    """The answer a search hit leads with: a figure, a date, roles, parties and subjects, or a summary."""
    return when(record) if isinstance(record, Event) else details(dataset, record)


def when(record: Record) -> str:
    """A record's date as shown, or `undated` with what the source does say of it."""
    value = query.date_of(record)
    if value:
        return format_date(value)
    note = _date_note(record)
    return f"undated ({note})" if note else "undated"


SEARCH_COLUMNS = _columns(
    ("rank", "#"), ("kind", "Kind"), ("name", "Record"), ("headline", "Answer"), ("context", "Where it matched")
)


def search(dataset: Dataset, results: Results) -> View:
    """Hits in rank order, answer first. `match` is the field text that matched best; the table shows it
    as `context` only when the answer does not already say it. `*_spans` mark the matched words."""
    from milafacts import search as engine  # only search imports the engine

    rows = []
    for rank, hit in enumerate(results.hits, start=1):
        forms = engine.match_forms(hit.matched)
        name = query.title(dataset, hit.record)
        answer = headline(dataset, hit.record)
        context = "" if hit.text in answer else f"{hit.field}: {hit.text}"
        rows.append(
            {
                "rank": rank,
                "score": round(hit.score, 3),
                "kind": hit.record.KIND,
                "id": hit.record.id,
                "name": name,
                "headline": answer,
                "terms": hit.matched,
                "field": hit.field,
                "match": hit.text,
                "inferred": hit.record.inferred,
                "sections": headings(dataset, hit.record),
                "context": context,
                "name_spans": _spans(name, forms),
                "headline_spans": _spans(answer, forms),
                "context_spans": _spans(context, forms),
            }
        )
    title = f"Search: {results.query.text}"
    return _view(dataset, title, SEARCH_COLUMNS, rows, highlight=("name", "headline", "context"))


def _spans(text: str, forms: set[str]) -> list[list[int]]:
    from milafacts import search as engine

    return [list(span) for span in engine.spans(text, forms)]


def sources(dataset: Dataset) -> View:
    rows = [
        {
            "id": section.id,
            "heading": section.heading,
            "parent_id": section.parent,
            "records": count,
            "sections": [section.heading],
        }
        for section, count in query.source_counts(dataset)
    ]
    cols = _columns(("heading", "Section"), ("records", "Records citing it"))
    src = dataset.source
    subject = {
        "title": src.title,
        "title_is_ours": src.title_note is not None,
        "title_note": src.title_note,
        "publisher": src.publisher,
        "published": src.published,
        "file": src.file,
    }
    return _view(dataset, f"Source: {src.title}", cols, rows, subject=subject)
