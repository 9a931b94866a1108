"""How text is compared: folding case and accents, name keys, and the words of a record."""

from __future__ import annotations

import re
from collections.abc import Iterator

from milafacts.model import Record, Statistic, specs


def fold(text: str) -> str:
    """Case- and accent-insensitive form of a text: `Valérie` -> `valerie`, `Pål` -> `pal`."""
    if text.isascii():  # most text: skip decomposition, which costs ~20x more per character
        return text.lower()
    import unicodedata  # only non-ASCII text needs it

    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def normalize(name: str) -> str:
    """The key names are matched on: folded, punctuation and spacing ignored (`U.A.E.` == `uae`)."""
    # A pattern string, not a module-level re.compile: compiled on first use (by re's own cache),
    # so commands that never match names do not pay for it at start-up.
    return " ".join(re.sub(r"[\W_]+", " ", fold(name).replace(".", "").replace("’", "").replace("'", "")).split())


def flat(text: str) -> str:
    """Folded, with runs of white space made single spaces: the form search compares."""
    return " ".join(fold(text).split())


_WORD_FIELDS: dict[type[Record], tuple[tuple[str, str], ...]] = {}


def searchable(record: Record) -> Iterator[tuple[str, str]]:
    """(field, text) pairs of a record that search looks in: its words, not its ids."""
    cls = type(record)
    fields = _WORD_FIELDS.get(cls)
    if fields is None:
        wanted = ("text", "texts", "roles")
        fields = _WORD_FIELDS[cls] = tuple((n, k) for n, k, _, _ in specs(cls) if k in wanted and n != "id")
    values = record.__dict__
    for name, kind in fields:
        value = values[name]
        if not value:
            continue
        if kind == "text":
            yield name, value
        elif kind == "texts":
            for item in value:
                yield name, item
        else:
            for role in value:
                if role.title:
                    yield "role", role.title
    if isinstance(record, Statistic) and record.value is not None:
        yield "value", record.display


def search_text(record: Record) -> str:
    """All of a record's words, flattened, one field a line: a search needle (which never holds a
    line break) is in this text exactly when it is in one of the fields."""
    return "\n".join(flat(value) for _, value in searchable(record))
