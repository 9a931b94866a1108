"""The library under the command line: load a dataset, find a record, profile it, ask in words.

(`load_dataset` and `ask`, not `load` and `search`: those are the names of milafacts' own modules,
which the package attribute of the same name would become once imported.)

The CLI is a client of these same functions (through `load`, `query` and `search`); they raise
`MilafactsError` subclasses (`NotFound`, `UsageError`, `DatasetError`), never `SystemExit`, and
print nothing. No typer and no Rich here.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from milafacts import query
from milafacts.load import load as _load
from milafacts.model import COLLECTIONS, Dataset, Record

if TYPE_CHECKING:
    from milafacts.query import Profile
    from milafacts.search import Results


def load_dataset(path: str | os.PathLike[str] | None = None, *, cache: bool = True) -> Dataset:
    """The dataset at `path` (the bundled one when None), checked; read from the parse cache when
    `cache` and the file is unchanged. Raises `DatasetError` listing every problem."""
    return _load(path, cache=cache)


def find(dataset: Dataset, name: str, kind: str | None = None) -> Record:
    """The record that `name` names: an id, a name, an alias or a French name, in any case and with
    or without accents. `kind` narrows it to one list (`"countries"`, `"people"`, `"organizations"`,
    ... the keys of `COLLECTIONS`). Raises `NotFound` with close names when nothing matches."""
    if kind is None:
        return query.resolve_any(dataset, name)
    if kind not in COLLECTIONS:
        from milafacts.errors import UsageError

        raise UsageError(f"unknown kind {kind!r}; use one of {', '.join(COLLECTIONS)}")
    return query.resolve(dataset, kind, name)


def profile(dataset: Dataset, record: Record) -> Profile:
    """`record` and every record linked to it, directly or through an event or agreement, with the
    link that brought each in (`Profile.links`, `Profile.how`)."""
    return query.profile(dataset, record)


def ask(dataset: Dataset, text: str, limit: int = 10) -> Results:
    """Records ranked for `text` in people's own words (English or French, typos and synonyms
    included), best first: `Results.hits`, each with `record`, `score`, `matched`, `field`, `text`.
    Raises `UsageError` for an empty or over-long text and `NotFound` when nothing matches."""
    from milafacts import search as engine  # sqlite3 and the stemmers, only when searching

    return engine.search(dataset, text, limit)
