"""Where a dataset's records live: in memory after a parse, or in the parse cache, read on demand.

A cached dataset keeps each record as its own marshal blob plus indexes computed when the cache
was written: ids, reverse links and names (the search index is an SQLite file beside it, see cache.py). A lookup then
unpacks only the records it shows instead of all of them; at 10,000 records that is most of a
lookup's time (bench/scale.py).
"""

from __future__ import annotations

import marshal
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from milafacts.model import COLLECTIONS, Dataset, Named, Person, Record, Role
from milafacts.text import normalize

if TYPE_CHECKING:
    import sqlite3
    from pathlib import Path

FORMAT = 5  # bump when the payload's layout changes


def _name_index(records: Iterable[Record]) -> dict[str, str]:
    index: dict[str, str] = {}
    for record in records:
        if isinstance(record, Named):
            for spelling in record.names:
                index.setdefault(normalize(spelling), record.id)
    return index


class EagerStore:
    """Every record built and in memory: what a parse gives."""

    def __init__(self, collections: dict[str, tuple[Record, ...]]) -> None:
        self._collections = collections
        self._index: sqlite3.Connection | None = None
        self._by_id: dict[str, Record] = {}
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
        return _name_index(self.collection(key))

    def lookup(self, key: str, spelling: str) -> str | None:
        return self.names(key).get(spelling)

    def index(self, dataset: Dataset) -> sqlite3.Connection:
        if self._index is None:
            from milafacts import cache

            # Not saved: the run that parsed has just written the cache entry, and the next run
            # reads the dataset from it, whose first search saves the index beside it.
            self._index = cache.search_index(None, dataset)
        return self._index


def payload(dataset: Dataset) -> dict[str, Any]:
    """What the cache keeps: the header, one blob per record, and the indexes `CachedStore` reads.

    A parsed record's attributes are already its checked values, every field present and lists
    as tuples, so they are stored as they are and adopted as they are (`Frozen.trusted`)."""
    header = {
        "schema_version": dataset.schema_version,
        "source": dict(dataset.source.__dict__),
        "sections": [dict(section.__dict__) for section in dataset.sections],
        "synonyms": [dict(group.__dict__) for group in dataset.synonyms],
    }
    blobs: dict[str, list[bytes]] = {}
    ids: dict[str, tuple[str, int]] = {}
    links: dict[str, list[tuple[str, int]]] = {}
    for key in COLLECTIONS:
        records: tuple[Record, ...] = getattr(dataset, key)
        blobs[key] = [marshal.dumps(_plain(r)) for r in records]
        for i, record in enumerate(records):
            ids.setdefault(record.id, (key, i))
            for target in record.targets():
                links.setdefault(target, []).append((key, i))
    return {
        "format": FORMAT,
        "header": header,
        "blobs": blobs,
        "ids": ids,
        # Unpacked only by the commands that use them.
        "links": marshal.dumps(links),
        "names": marshal.dumps({key: _name_index(getattr(dataset, key)) for key in COLLECTIONS}),
    }


def _plain(record: Record) -> dict[str, Any]:
    values = dict(record.__dict__)
    if isinstance(record, Person):
        values["roles"] = tuple(dict(role.__dict__) for role in record.roles)
    return values


class CachedStore:
    """Records unpacked one at a time from a cache payload, each at most once."""

    def __init__(self, data: dict[str, Any], index_file: Path | None = None) -> None:
        if data.get("format") != FORMAT or not isinstance(data.get("blobs"), dict):
            raise ValueError("not a cache payload of this version")
        self._blobs: dict[str, list[bytes]] = data["blobs"]
        self._ids: dict[str, tuple[str, int]] = data["ids"]
        self._packed = {name: data[name] for name in ("links", "names")}
        self._index_file = index_file
        self._db: sqlite3.Connection | None = None
        self._unpacked: dict[str, Any] = {}
        self._made: dict[tuple[str, int], Record] = {}
        for key, cls in COLLECTIONS.items():
            blobs = self._blobs[key]
            # Every blob of a collection was written by the same code: checking one suffices.
            if blobs and not cls.fits(marshal.loads(blobs[0])):
                raise ValueError(f"cached {key} do not match the schema")

    def _index(self, name: str) -> Any:
        if name not in self._unpacked:
            self._unpacked[name] = marshal.loads(self._packed[name])
        return self._unpacked[name]

    def _record(self, key: str, i: int) -> Record:
        record = self._made.get((key, i))
        if record is None:
            values = marshal.loads(self._blobs[key][i])
            cls = COLLECTIONS[key]
            if cls is Person:
                values["roles"] = tuple(Role.trusted(role) for role in values["roles"])
            record = self._made[(key, i)] = cls.trusted(values)
        return record

    def collection(self, key: str) -> tuple[Record, ...]:
        return tuple(self._record(key, i) for i in range(len(self._blobs[key])))

    def get(self, record_id: str) -> Record:
        return self._record(*self._ids[record_id])

    def referring(self, record_id: str) -> list[Record]:
        return [self._record(key, i) for key, i in self._index("links").get(record_id, ())]

    def names(self, key: str) -> dict[str, str]:
        names: dict[str, str] = self._index("names")[key]
        return names

    def lookup(self, key: str, spelling: str) -> str | None:
        return self.names(key).get(spelling)

    def index(self, dataset: Dataset) -> sqlite3.Connection:
        if self._db is None:
            from milafacts import cache

            self._db = cache.search_index(self._index_file, dataset)
        return self._db
