"""Where a dataset's records live: in memory after a parse, or in the parse cache's SQLite file.

The cached form is one SQLite database per dataset version (cache.py decides where it lives and
whether it can be trusted; this module decides what is in it, writing and reading both):
- `meta`: the header (source, sections, synonyms), marshalled;
- `records`: one row per record, in dataset order, with its marshalled values and the row numbers
  of the records that point at it (reverse links, computed once when the file is written);
- `names`: each collection's normalized spellings, to the id they name (first wins).
A lookup reads the rows it shows through the indexes, never the whole file: at 100,000 records a
`country` lookup reads a few pages of a 60 MB file (bench/scale.py) instead of unmarshalling it all.
"""

from __future__ import annotations

import marshal
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from milafacts.model import COLLECTIONS, Dataset, Record, Section, Source, Synonyms
from milafacts.text import normalize

if TYPE_CHECKING:
    import sqlite3
    from pathlib import Path

FORMAT = 7  # bump when the file's layout changes: it is part of the cache key

_TABLES = """
CREATE TABLE meta (name TEXT PRIMARY KEY, value BLOB NOT NULL) WITHOUT ROWID;
CREATE TABLE records (
    rid INTEGER PRIMARY KEY, collection TEXT NOT NULL, id TEXT NOT NULL,
    value BLOB NOT NULL, referrers BLOB NOT NULL
);
CREATE INDEX records_by_id ON records (id);
CREATE INDEX records_by_collection ON records (collection, rid);
CREATE TABLE names (
    collection TEXT NOT NULL, name TEXT NOT NULL, id TEXT NOT NULL, PRIMARY KEY (collection, name)
) WITHOUT ROWID;
"""


def _name_index(records: Iterable[Record]) -> dict[str, str]:
    """Each spelling a user may type for the records (`Record.names`: a name, its aliases and French
    name; a statistic's label), normalized, to the id it names; the first record wins."""
    index: dict[str, str] = {}
    for record in records:
        for spelling in record.names:
            index.setdefault(normalize(spelling), record.id)
    return index


class EagerStore:
    """Every record built and in memory: what a parse gives."""

    def __init__(self, collections: dict[str, tuple[Record, ...]]) -> None:
        self._collections = collections
        self._index: sqlite3.Connection | None = None
        # Where the parse cache keeps this dataset's search index, once it has saved the records
        # (`cache.save`); None when the cache is off: the index is then built for this run only.
        self.index_file: Path | None = None
        self._by_id: dict[str, Record] = {}
        self._names: dict[str, dict[str, str]] = {}
        for records in collections.values():
            for record in records:
                self._by_id.setdefault(record.id, record)

    def collection(self, key: str) -> tuple[Record, ...]:
        return self._collections.get(key, ())

    def all(self) -> Iterator[Record]:
        for key in COLLECTIONS:
            yield from self.collection(key)

    def get(self, record_id: str) -> Record:
        return self._by_id[record_id]

    def referring(self, record_id: str) -> list[Record]:
        return [r for r in self.all() if record_id in r.targets()]

    def names(self, key: str) -> dict[str, str]:
        if key not in self._names:
            self._names[key] = _name_index(self.collection(key))
        return self._names[key]

    def lookup(self, key: str, spelling: str) -> str | None:
        return self.names(key).get(spelling)

    def index(self, dataset: Dataset) -> sqlite3.Connection:
        if self._index is None:
            from milafacts import cache

            # Saved beside the records the parse has just cached: at 100,000 records building it
            # takes about 20 s, which the next search must not pay again.
            self._index = cache.search_index(self.index_file, dataset)
        return self._index


# --- the cached form ----------------------------------------------------------------------------


def write(db: sqlite3.Connection, dataset: Dataset) -> None:
    """Fill an empty database with the dataset: header, records with their reverse links, names.

    A parsed record's attributes are already its checked values, every field present and lists
    as tuples, so they are stored as they are and adopted as they are (`Frozen.trusted`)."""
    header = {
        "schema_version": dataset.schema_version,
        "source": dict(dataset.source.__dict__),
        "sections": [dict(section.__dict__) for section in dataset.sections],
        "synonyms": [dict(group.__dict__) for group in dataset.synonyms],
    }
    rows: list[tuple[str, str, Record]] = [(key, r.id, r) for key in COLLECTIONS for r in getattr(dataset, key)]
    first: dict[str, int] = {}
    for rid, (_, record_id, _) in enumerate(rows, start=1):
        first.setdefault(record_id, rid)
    referrers: dict[int, list[int]] = {}
    for rid, (_, _, record) in enumerate(rows, start=1):
        for target in dict.fromkeys(record.targets()):
            if target in first:
                referrers.setdefault(first[target], []).append(rid)
    db.executescript(_TABLES)
    db.executemany(
        "INSERT INTO meta VALUES (?, ?)", [("format", marshal.dumps(FORMAT)), ("header", marshal.dumps(header))]
    )
    db.executemany(
        "INSERT INTO records VALUES (?, ?, ?, ?, ?)",
        (
            (rid, key, record_id, marshal.dumps(_plain(record)), marshal.dumps(referrers.get(rid, [])))
            for rid, (key, record_id, record) in enumerate(rows, start=1)
        ),
    )
    db.executemany(
        "INSERT INTO names VALUES (?, ?, ?)",
        (
            (key, name, record_id)
            for key in COLLECTIONS
            for name, record_id in _name_index(getattr(dataset, key)).items()
        ),
    )
    db.commit()


def _plain(record: Record) -> dict[str, Any]:
    """A record's values as the cache keeps them: each kind says how (nested roles as dicts)."""
    fields = type(record).FIELDS
    return {name: fields[name].kind.plain(value) for name, value in record.__dict__.items()}


def read(db: sqlite3.Connection, name: str, index_file: Path | None) -> Dataset | None:
    """The dataset over a cached database, or None when the file is not one this version wrote
    (the caller then parses the dataset again and rewrites the file)."""
    import sqlite3

    try:
        meta = dict(db.execute("SELECT name, value FROM meta"))
        if marshal.loads(meta["format"]) != FORMAT:
            return None
        header = marshal.loads(meta["header"])
        # Every row of a collection was written by the same code: checking its first suffices.
        # (One indexed read each: a GROUP BY would scan all 100,000 rows of a large dataset.)
        first = "SELECT value FROM records WHERE collection = ? ORDER BY rid LIMIT 1"
        for key, cls in COLLECTIONS.items():
            row = db.execute(first, (key,)).fetchone()
            if row is not None and not cls.fits(marshal.loads(row[0])):
                return None
        store = CachedStore(db, index_file)
        if not (Source.fits(header["source"]) and all(Section.fits(s) for s in header["sections"])):
            return None
        if not all(Synonyms.fits(group) for group in header["synonyms"]):
            return None
        return Dataset(
            path=name,
            schema_version=header["schema_version"],
            # Checked when written, adopted as they are, like the records (`Frozen.trusted`).
            source=Source.trusted(header["source"]),
            sections=tuple(Section.trusted(section) for section in header["sections"]),
            synonyms=tuple(Synonyms.trusted(group) for group in header["synonyms"]),
            store=store,
        )
    except (sqlite3.Error, TypeError, KeyError, AttributeError, ValueError, EOFError):
        return None


_BATCH = 500  # SQLite builds before 3.32 allow 999 parameters a statement


class CachedStore:
    """Records read from the cached database one row at a time, each built at most once."""

    def __init__(self, db: sqlite3.Connection, index_file: Path | None = None) -> None:
        self._db = db
        self.index_file = index_file
        self._search: sqlite3.Connection | None = None
        self._made: dict[int, Record] = {}
        self._names: dict[str, dict[str, str]] = {}

    def _record(self, rid: int, key: str, value: bytes) -> Record:
        record = self._made.get(rid)
        if record is None:
            cls = COLLECTIONS[key]
            values = {name: cls.FIELDS[name].kind.adopt(v) for name, v in marshal.loads(value).items()}
            record = self._made[rid] = cls.trusted(values)
        return record

    def _rows_where(self, sql: str, args: tuple[Any, ...]) -> list[Record]:
        query = f"SELECT rid, collection, value FROM records WHERE {sql} ORDER BY rid"
        return [self._record(*row) for row in self._db.execute(query, args)]

    def collection(self, key: str) -> tuple[Record, ...]:
        return tuple(self._rows_where("collection = ?", (key,)))

    def get(self, record_id: str) -> Record:
        found = self._rows_where("id = ?", (record_id,))
        if not found:
            raise KeyError(record_id)
        return found[0]

    def referring(self, record_id: str) -> list[Record]:
        row = self._db.execute(
            "SELECT referrers FROM records WHERE id = ? ORDER BY rid LIMIT 1", (record_id,)
        ).fetchone()
        rids: list[int] = marshal.loads(row[0]) if row else []
        found: list[Record] = []
        for start in range(0, len(rids), _BATCH):
            batch = tuple(rids[start : start + _BATCH])
            found += self._rows_where(f"rid IN ({', '.join('?' * len(batch))})", batch)
        return found

    def names(self, key: str) -> dict[str, str]:
        if key not in self._names:
            self._names[key] = dict(self._db.execute("SELECT name, id FROM names WHERE collection = ?", (key,)))
        return self._names[key]

    def lookup(self, key: str, spelling: str) -> str | None:
        found = self._db.execute("SELECT id FROM names WHERE collection = ? AND name = ?", (key, spelling)).fetchone()
        return str(found[0]) if found else None

    def index(self, dataset: Dataset) -> sqlite3.Connection:
        if self._search is None:
            from milafacts import cache

            self._search = cache.search_index(self.index_file, dataset)
        return self._search
