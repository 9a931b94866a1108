"""Query results as format-neutral views: a title, columns, and rows of plain values.

A row holds what a reader sees (names resolved) plus the ids behind them (`id`, `*_id`, `*_ids`)
and the headings of the sections it cites, so JSON carries everything the table shows and more.

Every view is built in one language (`lang`, "en" or "fr"): its title, headers and notes from
`lang.t`, the records' text from their own French (`Frozen.tr`), dates from `format_date`. The row
keys and the ids are the same in both languages.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from milafacts import query
from milafacts.lang import MONTHS_FR, NBSP, number, t
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
    """What a command answers: a title, columns, rows, the source, and notes for the reader, in `lang`."""

    __slots__ = ("cited", "columns", "highlight", "lang", "notes", "rows", "shape", "source", "subject", "title")

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
        lang: str = "en",
        cited: Row | None = None,
        shape: str = "",
    ) -> None:
        self.shape = shape  # which `ROWS` its rows follow ("" for a view made by hand)
        self.title = title
        self.columns = columns
        self.rows = rows
        self.source = source
        self.subject = subject
        self.highlight = highlight
        self.notes = notes
        self.lang = lang
        self.cited = cited if cited is not None else {"citation": source}  # the source, for scripts

    def sections(self) -> list[str]:
        """Headings cited by the subject and the rows, in first-seen order."""
        seen: dict[str, None] = {}
        for row in ([self.subject] if self.subject else []) + list(self.rows):
            for heading in row.get("sections", ()):
                seen.setdefault(heading, None)
        return list(seen)


def _columns(lang: str, *pairs: tuple[str, str]) -> tuple[Column, ...]:
    return tuple(Column(key, t(header, lang)) for key, header in pairs)


PROFILE_HEADERS = (("kind", "Kind"), ("name", "Name"), ("date", "Date"), ("details", "Details"))


def source_line(dataset: Dataset, lang: str = "en") -> str:
    """The citation: the title, marked as ours when the source has none, publisher and date."""
    src = dataset.source
    details = [*([t("title ours: the article has none", lang)] if src.title_note else []), src.publisher]
    if src.published:
        details.append(format_date(src.published, lang))
    return f"{src.tr('title', lang)} ({', '.join(details)})"


def source_object(dataset: Dataset, lang: str = "en") -> Row:
    """The source for scripts: each part on its own, the date in ISO 8601, and the citation as shown."""
    src = dataset.source
    return {
        "title": src.tr("title", lang),
        "title_is_ours": src.title_note is not None,
        "publisher": src.publisher,
        "date": src.published,
        "file": src.file,
        "citation": source_line(dataset, lang),
    }


def _view(
    dataset: Dataset,
    shape: str,
    lang: str,
    title: str,
    columns: tuple[Column, ...],
    rows: Iterable[Row],
    *,
    marks: Sequence[str] = (),
    **extra: Any,
) -> View:
    """A view of `shape`: its rows hold the fields `ROWS[shape]` declares. `marks` are said in the
    caption after the citation (what of the view is ours); JSON's `source` keeps the citation alone."""
    cited = source_object(dataset, lang)
    return View(
        shape=shape,
        title=title,
        columns=columns,
        rows=tuple(rows),
        source=_list_separator(lang).join([cited["citation"], *marks]),
        cited=cited,
        lang=lang,
        **extra,
    )


def headings(dataset: Dataset, record: Record | Role, lang: str = "en") -> list[str]:
    return [dataset.section(s).tr("heading", lang) for s in record.sections]


def title(dataset: Dataset, record: Record, lang: str = "en") -> str:
    """How a record is named to a reader in `lang`: its French name where it has one (a place, an
    organization, one of our own labels), else the name the article gives; a fellow by the person."""
    if lang != "fr":
        return query.title(dataset, record)
    if isinstance(record, Fellow):
        return title(dataset, dataset.get(record.person), lang)
    if isinstance(record, Person) and record.honorific:
        return f"{record.honorific} {record.tr('name', lang)}"
    if isinstance(record, Statistic):
        return str(record.tr("label", lang))
    if isinstance(record, Named):
        return str(record.tr("name", lang))
    return record.title


def _names(dataset: Dataset, ids: Sequence[str], lang: str) -> list[str]:
    return [title(dataset, dataset.get(i), lang) for i in ids]


def _name(dataset: Dataset, record_id: str | None, lang: str) -> str | None:
    return title(dataset, dataset.get(record_id), lang) if record_id else None


def _list_separator(lang: str) -> str:
    """Between the parts of a phrase: `; `, with its no-break space in French."""
    return f"{NBSP}; " if lang == "fr" else "; "


# --- one-line descriptions -----------------------------------------------------------------------


def _role_french(person: Person, index: int, lang: str) -> dict[str, Any]:
    """The French of a person's `index`th role (`{title, inferred}`), empty in English or when none."""
    return query.role_french(person, index) if lang == "fr" else {}


def roles(person: Person, lang: str) -> list[tuple[Role, dict[str, Any]]]:
    """A person's roles, each with its French (empty in English)."""
    return [(role, _role_french(person, i, lang)) for i, role in enumerate(person.roles)]


def role_text(dataset: Dataset, role: Role, lang: str = "en", french: dict[str, Any] | None = None) -> str:
    where = [n for n in (_name(dataset, role.organization, lang), _name(dataset, role.country, lang)) if n]
    role_title = (french or {}).get("title", role.title)
    if role_title and where:
        return f"{role_title}, {', '.join(where)}"
    return role_title or ", ".join(where)


def _kinds(kind: str, count: int | None, lang: str) -> str:
    """`MOUs`, `2 MOUs`, `MOU`: an agreement's kind with the number the article gives, if any."""
    if count is None:  # the article gives no number: plural, and no figure of ours
        return t(f"{kind}s", lang)
    if count > 1:
        return f"{number(count, lang)} {t(f'{kind}s', lang)}"
    return t(kind, lang)


def details(dataset: Dataset, record: Record, lang: str = "en") -> str:
    """What a record says, in a sentence or a phrase, for a row of a mixed list."""
    sep = _list_separator(lang)
    if isinstance(record, Person):
        texts = [role_text(dataset, role, lang, french) for role, french in roles(record, lang)]
        return sep.join(texts) or (record.tr("summary", lang) or "")
    if isinstance(record, Fellow):
        focus = record.tr("focus", lang)
        parts = [record.tr("background", lang), focus and t("focus: {}", lang).format(focus)]
        if record.collaborators:
            parts.append(t("with {}", lang).format(", ".join(_names(dataset, record.collaborators, lang))))
        return sep.join(p for p in parts if p)
    if isinstance(record, Agreement):
        what = _kinds(record.kind, record.count, lang)
        parties = t(" and ", lang).join(_names(dataset, record.parties, lang))
        subjects = record.tr("subjects", lang)
        if lang == "fr":  # `entre` would want articles (`le Canada et l'Union européenne`): label them
            said = f"{what}{sep}{t('parties: {}', lang).format(parties)}"
            return f"{said}{sep}{t('subjects: {}', lang).format(', '.join(subjects))}" if subjects else said
        on = f" on {', '.join(subjects)}" if subjects else ""
        return f"{what} between {parties}{on}"
    if isinstance(record, Statistic):
        return record.display_in(lang, unit=record.tr("unit", lang)).strip()
    if isinstance(record, Named):
        return str(record.tr("summary", lang) or "")
    return ""


def record_row(dataset: Dataset, record: Record, lang: str = "en") -> Row:
    """A record as a row of a mixed list; `inferred` is the record's note, or None when the article
    states its facts (the details then say so too)."""
    value = query.date_of(record)
    inferred = record.tr("inferred", lang)
    return {
        "kind": t(record.KIND, lang),
        "id": record.id,
        "name": title(dataset, record, lang),
        "date": format_date(value, lang) if value else _date_note(record, lang),
        **iso_dates(record),
        "details": with_inferred(details(dataset, record, lang), inferred, lang),
        "inferred": inferred,
        **cited(dataset, record, lang),
    }


def iso_dates(record: Record) -> Row:
    """A record's date for scripts: `start` and `end` in ISO 8601 at the precision the article gives
    (`2025-12-08`, `2025-11`, `2025`), and that precision: day, month, year, or undated."""
    value = query.date_of(record)
    if not value:
        return dict(UNDATED)
    start, end = value.split("/")[0], value.split("/")[-1]
    coarsest = min(start.count("-"), end.count("-"))
    return {"start": start, "end": end, "precision": ("year", "month", "day")[coarsest]}


UNDATED: Row = {"start": None, "end": None, "precision": "undated"}


def cited(dataset: Dataset, record: Record | Role, lang: str) -> Row:
    """The sections a record cites: their headings as shown (`sections`), and their ids (`section_ids`)."""
    return {"sections": headings(dataset, record, lang), "section_ids": list(record.sections)}


def with_inferred(text: str, note: str | None, lang: str = "en") -> str:
    """`text (inferred: note)` when a fact is only implied by the article; `text` otherwise."""
    if not note:
        return text
    marked = t("(inferred: {})", lang).format(note)
    return f"{text} {marked}" if text else marked


def _date_note(record: Record, lang: str = "en") -> str | None:
    return record.tr("date_note", lang) if isinstance(record, Event) else None


# --- views per command ---------------------------------------------------------------------------


# How a profile row is linked, keyed on the field of the link: (said of the record holding the
# field, said of the record it names), each followed by the other record's name. The panel
# `concerns Sweden` (countries); Marcus Wallenberg `took part in` the panel (people). Their French,
# in `lang.FRENCH`, labels the name with a colon (`concerne : Suède`): a French name would want an
# article (`la Suède`, `le Canada`) that the dataset does not record.
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


def link_text(dataset: Dataset, record_id: str, link: query.Link, lang: str = "en") -> str:
    """How the record `record_id` is linked: `concerns Sweden`, `took part in Panel on ...`. A
    direct link names the profile's record; a link through an event or agreement names that."""
    holder, named = LINK_WORDS.get(link.field, ("linked to {}", "linked to {}"))
    words = holder if record_id == link.source else named
    return t(words, lang).format(title(dataset, dataset.get(link.other(record_id)), lang))


# What a profile's title says after the record's name; other kinds say their kind (`...: event`).
PROFILE_TITLES: dict[type[Record], str] = {
    Country: "{}: what the dataset knows",
    Person: "{}: profile",
    Organization: "{}: profile",
}
PROFILE_LINK_HEADERS = (
    ("kind", "Kind"),
    ("name", "Name"),
    ("date", "Date"),
    ("link", "How linked"),
    ("details", "Details"),
)


def profile(dataset: Dataset, found: Profile, *, lang: str = "en") -> View:
    """A record of any kind, then everything linked to it, each row saying how (`link`; `via_id` is
    the event or agreement in between, None for a direct link)."""
    record = found.record
    own = record_row(dataset, record, lang)
    summary = record.tr("summary", lang) if isinstance(record, Named) else None
    inferred = record.tr("inferred", lang)
    # The record's own row leads the table with its summary (a figure's, with its figure); the
    # subject adds what a script needs.
    rows = [{**own, "details": with_inferred(summary or details(dataset, record, lang), inferred, lang)}]
    rows[0].update(link=None, via_id=None)
    aliases = list(record.aliases) if isinstance(record, Named) else []
    subject = {**own, "aliases": aliases, "summary": summary}
    if isinstance(record, Person):
        for role, french in roles(record, lang):
            role_inferred = french.get("inferred", role.inferred)
            rows.append(
                {
                    "kind": t("role", lang),
                    "id": record.id,
                    "name": role_text(dataset, role, lang, french),
                    "date": None,
                    **UNDATED,
                    "details": with_inferred("", role_inferred, lang),
                    "inferred": role_inferred,
                    **cited(dataset, role, lang),
                    "link": None,
                    "via_id": None,
                }
            )
    for other in found.links:
        link = found.how.get(other.id)
        row = record_row(dataset, other, lang)
        row["link"] = link_text(dataset, other.id, link, lang) if link else None
        row["via_id"] = link.via if link else None
        rows.append(row)
    heading = t(PROFILE_TITLES.get(type(record), "{}: {}"), lang).format(
        title(dataset, record, lang), t(record.KIND, lang)
    )
    return _view(dataset, "profile", lang, heading, _columns(lang, *PROFILE_LINK_HEADERS), rows, subject=subject)


def fellows(dataset: Dataset, *, lang: str = "en") -> View:
    rows = []
    for fellow in dataset.fellows:
        rows.append(
            {
                "id": fellow.id,
                "name": title(dataset, fellow, lang),
                "person_id": fellow.person,
                "home_country": _name(dataset, fellow.home_country, lang),
                "home_country_id": fellow.home_country,
                "background": fellow.tr("background", lang),
                "focus": fellow.tr("focus", lang),
                "collaborators": _names(dataset, fellow.collaborators, lang),
                "collaborator_ids": list(fellow.collaborators),
                "programme": _name(dataset, fellow.programme, lang),
                "programme_id": fellow.programme,
                **cited(dataset, fellow, lang),
            }
        )
    cols = _columns(
        lang,
        ("name", "Fellow"),
        ("home_country", "Home country"),
        ("background", "Background"),
        ("focus", "Focus"),
        ("collaborators", "Collaborators"),
    )
    # English says "these 1 fellows" as it always has; French agrees the noun with the number.
    one = lang == "fr" and len(rows) == 1
    note = (
        "The article highlights this fellow as an example; the cohort is larger and its size is not given."
        if one
        else "The article highlights these {} fellows as examples; the cohort is larger and its size is not given."
    )
    notes = (t(note, lang).format(number(len(rows), lang)),)
    return _view(
        dataset, "fellows", lang, t("AI Policy Fellows highlighted in the article", lang), cols, rows, notes=notes
    )


def statistics(dataset: Dataset, *, lang: str = "en") -> View:
    rows = [
        {
            "id": s.id,
            "figure": s.display_in(lang),
            "what": s.tr("label", lang),
            "value": s.value,
            "stated": s.tr("stated", lang),
            "qualifier": qualifier(s.tr("stated", lang)),
            "unit": s.tr("unit", lang),
            "derived": s.derived,
            "derived_from_ids": list(s.derived_from),
            "formula": s.tr("formula", lang),
            "context": s.tr("context", lang),
            **cited(dataset, s, lang),
        }
        for s in dataset.statistics
    ]
    cols = _columns(lang, ("figure", "Figure"), ("what", "What"), ("context", "Context"), ("formula", "Derived how"))
    note = t("Figures marked (derived) are computed by milafacts from the article's figures, not stated in it.", lang)
    return _view(dataset, "statistics", lang, t("Headline figures", lang), cols, rows, notes=(note,))


def qualifier(stated: str | None) -> str | None:
    """What the article says of a figure besides its number, when it is a qualifier: the words
    before the number (`over` in `over 1500`, `a full` in `a full 30%`, `plus de` in `plus de
    1 500`), or `plus` in `80-plus`. None for a bare number, a figure in words (`two`, `dozens`),
    and anything else after the number (a range, a scale such as `2.5 million`, a noun): what is
    not plainly a qualifier is not called one; `stated` keeps the whole wording."""
    match = re.fullmatch(r"\s*(\D*?)\s*\d[\d\s,.\u00a0\u202f]*%?\s*(-?\s*plus|\+)?\s*", stated or "")
    if match is None:
        return None
    before, after = match.group(1).strip(), match.group(2)
    return before or ("plus" if after else None)


def people(dataset: Dataset, found: Iterable[Person], *, lang: str = "en") -> View:
    rows = []
    for p in found:
        country_ids = sorted(query.person_countries(dataset, p))
        rows.append(
            {
                "id": p.id,
                "name": title(dataset, p, lang),
                "roles": [role_text(dataset, role, lang, french) for role, french in roles(p, lang)],
                "countries": _names(dataset, country_ids, lang),
                "country_ids": country_ids,
                "summary": p.tr("summary", lang),
                **cited(dataset, p, lang),
            }
        )
    cols = _columns(lang, ("name", "Name"), ("roles", "Roles"), ("countries", "Countries"), ("summary", "Summary"))
    return _view(dataset, "people", lang, t("People", lang), cols, rows)


def counted(dataset: Dataset, collection: str, heading: str, *, lang: str = "en") -> View:
    """Each record of a collection with how many records link to it; `heading` is the English title."""
    rows = [
        {
            "id": r.id,
            "name": title(dataset, r, lang),
            "kind": t(r.kind, lang) if isinstance(r, Country) else getattr(r, "kind", None),
            "aliases": list(r.aliases),
            "linked_records": count,
            "summary": r.tr("summary", lang),
            **cited(dataset, r, lang),
        }
        for r, count in query.link_counts(dataset, collection)
    ]
    kind_column = [("kind", "Kind")] if collection == "countries" else []
    cols = _columns(lang, ("name", "Name"), *kind_column, ("linked_records", "Linked facts"), ("summary", "Summary"))
    return _view(dataset, "counted", lang, t(heading, lang), cols, rows)


def timeline(dataset: Dataset, records: Iterable[Record], month: int | None, *, lang: str = "en") -> View:
    rows = []
    for record in records:
        row = record_row(dataset, record, lang)
        row["dated"] = query.date_of(record) is not None
        row["date"] = when(record, lang)
        rows.append(row)
    if month is None:
        heading = t("Timeline", lang)
    else:
        heading = t("Timeline: {}", lang).format((MONTHS_FR if lang == "fr" else MONTHS)[month - 1])
    return _view(dataset, "timeline", lang, heading, _columns(lang, *PROFILE_HEADERS), rows)


def agreements(dataset: Dataset, *, lang: str = "en") -> View:
    rows = [
        {
            "id": a.id,
            "name": a.tr("name", lang),
            "kind": t(a.kind, lang),
            "count": a.count,
            "parties": _names(dataset, a.parties, lang),
            "party_ids": list(a.parties),
            "signatories": _names(dataset, a.signatories, lang),
            "signatory_ids": list(a.signatories),
            "subjects": list(a.tr("subjects", lang)),
            "context": _name(dataset, a.event, lang),
            "context_id": a.event,
            **cited(dataset, a, lang),
        }
        for a in dataset.agreements
    ]
    cols = _columns(
        lang,
        ("name", "Agreement"),
        ("kind", "Kind"),
        ("count", "Count"),
        ("parties", "Parties"),
        ("signatories", "Entered into by"),
        ("subjects", "Subjects"),
    )
    return _view(dataset, "agreements", lang, t("Agreements", lang), cols, rows)


def headline(dataset: Dataset, record: Record, lang: str = "en") -> str:
    """The answer a search hit leads with: a figure, a date, roles, parties and subjects, or a summary."""
    return when(record, lang) if isinstance(record, Event) else details(dataset, record, lang)


def when(record: Record, lang: str = "en") -> str:
    """A record's date as shown, or `undated` with what the source does say of it."""
    value = query.date_of(record)
    if value:
        return format_date(value, lang)
    note = _date_note(record, lang)
    return t("undated ({})", lang).format(note) if note else t("undated", lang)


SEARCH_HEADERS = (
    ("rank", "#"),
    ("kind", "Kind"),
    ("name", "Record"),
    ("headline", "Answer"),
    ("context", "Where it matched"),
)


def _matched(dataset: Dataset, record: Record, field: str, text: str, lang: str) -> str:
    """The text a hit matched (`search.fields`), as the table shows it in `lang`: what milafacts wrote
    (a kind, a date, a figure, a linked name) in `lang`, and the dataset's own text, English or French
    as it matched (search reads both: `search._french`), in its `lang` counterpart where it has one.
    JSON's `match` keeps the text as it matched."""
    if field == "kind":
        return t(text, lang)
    date = query.date_of(record)
    if field == "date" and date:
        return format_date(date, lang)
    if field == "stated" and isinstance(record, Statistic):
        return record.display_in(lang)
    if field == "name" and isinstance(record, Fellow):
        return title(dataset, record, lang)
    if field == "link":  # a linked record's name
        linked = (dataset.get(i) for i in sorted(record.targets()))
        return next((title(dataset, other, lang) for other in linked if query.title(dataset, other) == text), text)
    if isinstance(record, Person) and field in ("role", "role at"):
        for role, its_french in roles(record, "fr"):
            if field == "role" and text in (role.title, its_french.get("title")):
                return str(its_french.get("title", text)) if lang == "fr" else str(role.title)
            places = [_name(dataset, i, "en") for i in (role.organization, role.country) if i]
            if field == "role at" and ", ".join(p for p in places if p) == text:
                return ", ".join(title(dataset, dataset.get(i), lang) for i in (role.organization, role.country) if i)
        return text
    english, french = record.__dict__.get(field), (record.fr or {}).get(field)
    if english is None or french is None or field not in type(record).TRANSLATED:
        return text
    both = [_each(english), _each(french)]
    if len(both[0]) != len(both[1]):
        return text
    for said in both:
        if text in said:
            return both[1 if lang == "fr" else 0][said.index(text)]
    return text


def _each(value: Any) -> list[str]:
    """A field's value as a list of its texts: one for a text, each for a list."""
    return [str(item) for item in value] if isinstance(value, list | tuple) else [str(value)]


def search(dataset: Dataset, results: Results, *, lang: str = "en") -> View:
    """Hits in rank order, answer first. `match` is the field text that matched best; the table shows it
    as `context` only when the answer does not already say it. `*_spans` mark the matched words."""
    from milafacts import search as engine  # only search imports the engine

    rows = []
    for rank, hit in enumerate(results.hits, start=1):
        forms = engine.match_forms(hit.matched)
        name = title(dataset, hit.record, lang)
        answer = headline(dataset, hit.record, lang)
        shown = _matched(dataset, hit.record, hit.field, hit.text, lang)
        context = "" if shown in answer else t("{}: {}", lang).format(t(hit.field, lang), shown)
        rows.append(
            {
                "rank": rank,
                "score": round(hit.score, 3),
                "kind": t(hit.record.KIND, lang),
                "id": hit.record.id,
                "name": name,
                "headline": answer,
                **iso_dates(hit.record),
                "terms": hit.matched,
                "field": hit.field,
                "match": hit.text,
                "inferred": hit.record.tr("inferred", lang),
                **cited(dataset, hit.record, lang),
                "context": context,
                "name_spans": _spans(name, forms),
                "headline_spans": _spans(answer, forms),
                "context_spans": _spans(context, forms),
            }
        )
    heading = t("Search: {}", lang).format(results.query.text)
    return _view(
        dataset,
        "search",
        lang,
        heading,
        _columns(lang, *SEARCH_HEADERS),
        rows,
        highlight=("name", "headline", "context"),
    )


def _spans(text: str, forms: set[str]) -> list[list[int]]:
    from milafacts import search as engine

    return [list(span) for span in engine.spans(text, forms)]


def sources(dataset: Dataset, *, lang: str = "en") -> View:
    """The article's sections, each with how many records cite it. The article is in English: a
    heading shown in French is our translation, and says so (`heading_is_ours`, and the caption)."""
    rows = [
        {
            "id": section.id,
            "heading": section.tr("heading", lang),
            "heading_is_ours": lang == "fr" and "heading" in (section.fr or {}),
            "parent_id": section.parent,
            "records": count,
            "sections": [section.tr("heading", lang)],
            "section_ids": [section.id],
        }
        for section, count in query.source_counts(dataset)
    ]
    cols = _columns(lang, ("heading", "Section"), ("records", "Records citing it"))
    src = dataset.source
    subject = {
        "title": src.tr("title", lang),
        "title_is_ours": src.title_note is not None,
        "title_note": src.tr("title_note", lang),
        "publisher": src.publisher,
        "published": src.published,
        "file": src.file,
    }
    ours = [HEADINGS_OURS] if any(row["heading_is_ours"] for row in rows) else []
    heading = t("Source: {}", lang).format(src.tr("title", lang))
    return _view(dataset, "sources", lang, heading, cols, rows, subject=subject, marks=[t(m, lang) for m in ours])


# Said in the caption of `sources` in French (where the headings shown are ours): never in English,
# where they are the article's.
HEADINGS_OURS = "section headings: our translation of the article's English headings"


# --- what each command's rows hold -----------------------------------------------------------------
#
# The one statement of the fields of each view's rows, in their order: `--fields` offers them, the
# output JSON Schemas (`schema.output_schema`) are generated from them, and a test checks every row
# of every command against them. A type is a JSON type; `?` admits null; `strings` is a list of
# text, `spans` a list of [start, end) character offsets, `date` an ISO 8601 date at the precision
# the article gives (`2025-12-08`, `2025-12`, `2025`), `precision` one of `PRECISIONS`.

PRECISIONS = ("day", "month", "year", "undated")


class Field(NamedTuple):
    key: str
    type: str
    doc: str


def _fields(*triples: tuple[str, str, str]) -> tuple[Field, ...]:
    return tuple(Field(*triple) for triple in triples)


_DATES = (
    ("start", "date?", "first day (or month, or year) of the record's date, ISO 8601"),
    ("end", "date?", "last day (or month, or year) of the record's date; equals start for a single date"),
    ("precision", "precision", "how precise the article's date is: day, month, year, or undated"),
)
_CITED = (
    ("sections", "strings", "headings of the article's sections the row cites, as shown"),
    ("section_ids", "strings", "ids of those sections (see `milafacts sources`)"),
)
_RECORD = (
    ("kind", "string", "the record's kind, in the output language"),
    ("id", "string", "the record's id: stable across languages and runs"),
    ("name", "string", "the record's name or label"),
    ("date", "string?", "the date as shown (December 8-10, 2025), or what the article says of it"),
    *_DATES,
    ("details", "string", "what the record says, in a sentence or a phrase"),
    ("inferred", "string?", "why the fact is inferred, when the article only implies it; else null"),
    *_CITED,
)

ROWS: dict[str, tuple[Field, ...]] = {
    "profile": _fields(
        *_RECORD,
        ("link", "string?", "how the row is linked to the subject; null for the subject itself and its roles"),
        ("via_id", "string?", "the event or agreement through which it is linked; null for a direct link"),
    ),
    "counted": _fields(
        ("id", "string", "the record's id"),
        ("name", "string", "its name"),
        ("kind", "string?", "its kind (country, city, region...; an organization's own kind), if any"),
        ("aliases", "strings", "other names it answers to"),
        ("linked_records", "integer", "how many records link to it"),
        ("summary", "string?", "what the article says of it, in our words"),
        *_CITED,
    ),
    "fellows": _fields(
        ("id", "string", "the fellow's record id"),
        ("name", "string", "the fellow's name as the article gives it"),
        ("person_id", "string?", "the person record of the fellow"),
        ("home_country", "string?", "home country"),
        ("home_country_id", "string?", "its id"),
        ("background", "string?", "background"),
        ("focus", "string?", "what the fellowship works on"),
        ("collaborators", "strings", "names of the collaborators at Mila"),
        ("collaborator_ids", "strings", "their ids"),
        ("programme", "string?", "the fellowship programme"),
        ("programme_id", "string?", "its id"),
        *_CITED,
    ),
    "statistics": _fields(
        ("id", "string", "the figure's id"),
        ("figure", "string", "the figure as shown, with its qualifier, or marked (derived)"),
        ("what", "string", "what it counts"),
        ("value", "number?", "the number"),
        ("stated", "string?", "the figure as the article states it; null when derived"),
        ("qualifier", "string?", "what the article says besides the number (over, a good); else null"),
        ("unit", "string?", "what is counted, as a unit"),
        ("derived", "boolean", "true when milafacts computed it from the article's figures"),
        ("derived_from_ids", "strings", "what a derived figure is computed from"),
        ("formula", "string?", "how a derived figure is computed"),
        ("context", "string?", "the article's context for the figure, in our words"),
        *_CITED,
    ),
    "people": _fields(
        ("id", "string", "the person's id"),
        ("name", "string", "their name"),
        ("roles", "strings", "their roles as the article gives them"),
        ("countries", "strings", "the countries they are tied to"),
        ("country_ids", "strings", "their ids"),
        ("summary", "string?", "what the article says of them, in our words"),
        *_CITED,
    ),
    "timeline": _fields(
        *_RECORD,
        ("dated", "boolean", "false for the undated records listed after the dated ones"),
    ),
    "agreements": _fields(
        ("id", "string", "the agreement's id"),
        ("name", "string", "its name"),
        ("kind", "string", "MOU, joint statement, partnership..."),
        ("count", "integer?", "how many agreements the record stands for (two MOUs), if the article says"),
        ("parties", "strings", "the parties"),
        ("party_ids", "strings", "their ids"),
        ("signatories", "strings", "who entered into it"),
        ("signatory_ids", "strings", "their ids"),
        ("subjects", "strings", "what it covers"),
        ("context", "string?", "the event at which it was made"),
        ("context_id", "string?", "its id"),
        *_CITED,
    ),
    "search": _fields(
        ("rank", "integer", "1 for the best match"),
        ("score", "number", "the BM25F relevance score: comparable within one search only"),
        ("kind", "string", "the record's kind"),
        ("id", "string", "the record's id"),
        ("name", "string", "its name"),
        ("headline", "string", "the answer: a figure, a date, roles, parties, or a summary"),
        *_DATES,
        ("terms", "strings", "the query's words the record matched, in the form that matched"),
        ("field", "string", "the field that matched best"),
        ("match", "string", "that field's text"),
        ("inferred", "string?", "why the fact is inferred, when the article only implies it; else null"),
        *_CITED,
        ("context", "string", "where it matched, when the headline does not already say it; else empty"),
        ("name_spans", "spans", "where the matched words are in name"),
        ("headline_spans", "spans", "where they are in headline"),
        ("context_spans", "spans", "where they are in context"),
    ),
    "sources": _fields(
        ("id", "string", "the section's id"),
        ("heading", "string", "its heading (ours, translated, in French)"),
        ("heading_is_ours", "boolean", "true when the heading shown is our French for the article's English one"),
        ("parent_id", "string?", "the section it sits in, if any"),
        ("records", "integer", "how many records cite it"),
        *_CITED,
    ),
}

# What a view's `subject` holds (the record a profile is about; the source, for `sources`).
SUBJECTS: dict[str, tuple[Field, ...]] = {
    "profile": _fields(
        *_RECORD,
        ("aliases", "strings", "other names the record answers to"),
        ("summary", "string?", "what the article says of it, in our words"),
    ),
    "sources": _fields(
        ("title", "string", "the article's title, or ours when it has none"),
        ("title_is_ours", "boolean", "true when the article has no title and milafacts gave it one"),
        ("title_note", "string?", "why the title is ours"),
        ("publisher", "string", "who published the article"),
        ("published", "date?", "when, ISO 8601"),
        ("file", "string?", "the article's file name"),
    ),
}

# What `source_object` holds: the `source` of every JSON answer.
SOURCE = _fields(
    ("title", "string", "the article's title, or ours when it has none"),
    ("title_is_ours", "boolean", "true when the article has no title and milafacts gave it one"),
    ("publisher", "string", "who published the article"),
    ("date", "date?", "when, ISO 8601"),
    ("file", "string?", "the article's file name"),
    ("citation", "string", "the whole citation, as the table's caption gives it"),
)

# Which rows each command prints: its `--fields`, and its output schema (`schema.output_schema`).
COMMANDS: dict[str, str] = {
    "country": "profile",
    "person": "profile",
    "org": "profile",
    "show": "profile",
    "countries": "counted",
    "orgs": "counted",
    "fellows": "fellows",
    "stats": "statistics",
    "people": "people",
    "timeline": "timeline",
    "agreements": "agreements",
    "search": "search",
    "sources": "sources",
}
