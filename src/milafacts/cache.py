"""A parse cache: the checked dataset's plain values, keyed by the file's content hash.

Parsing YAML is the slowest step of a lookup (libyaml events still cost Python work per value);
loading the same values from `marshal` is far faster, and unlike `json` the module is already in
memory, so a table lookup imports nothing for it. The key is the BLAKE2b-256 hash of the file's
bytes plus the schema, package and Python versions (marshal's format follows the interpreter), so an
entry can never be stale. Every failure (unwritable directory, truncated or foreign file) falls back
to parsing: the cache may only ever save time. The files live in the user's own cache directory;
whoever can write there can already change what the user's Python runs.
"""

from __future__ import annotations

import marshal
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from milafacts import __version__
from milafacts.errors import UsageError
from milafacts.model import COLLECTIONS, SCHEMA_VERSION, Dataset, Frozen, Role
from milafacts.store import FORMAT

if TYPE_CHECKING:
    import sqlite3

try:
    # hashlib loads OpenSSL first (about 4 ms, a tenth of a lookup's own cost); BLAKE2 is built in.
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - another interpreter
    from hashlib import blake2b


_OFF = ("1", "true", "yes", "on")
_ON = ("", "0", "false", "no", "off")


def enabled() -> bool:
    """Whether the parse cache is on: `MILAFACTS_NO_CACHE` read here and nowhere else.

    The usual boolean spellings, any case; anything else is a usage error rather than a guess
    (`MILAFACTS_NO_CACHE=false` used to turn the cache off)."""
    value = os.environ.get("MILAFACTS_NO_CACHE", "").strip().lower()
    if value in _OFF:
        return False
    if value in _ON:
        return True
    raise UsageError(
        f"MILAFACTS_NO_CACHE={os.environ['MILAFACTS_NO_CACHE']!r} is not a yes or no; "
        f"use one of {', '.join(_OFF)} to turn the cache off, or 0 (or unset it) to keep it"
    )


def directory() -> Path:
    """`$XDG_CACHE_HOME/milafacts`; a relative XDG_CACHE_HOME is ignored, as the XDG spec says."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):
        base = os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "milafacts"


def entry(raw: bytes) -> Path:
    digest = blake2b(raw, digest_size=32).hexdigest()
    python = f"py{sys.version_info[0]}{sys.version_info[1]}m{marshal.version}"
    return directory() / f"{digest}-s{SCHEMA_VERSION}-v{__version__}-{python}-f{_layout()}.marshal"


def _layout() -> str:
    """A short hash of every record class's fields and the store's format: records are adopted from
    the cache without checks, so an entry written by code with other fields must never be read,
    even when a developer changes the model without bumping the version."""
    classes: list[type[Frozen]] = [*COLLECTIONS.values(), Role]
    fields = [FORMAT, *(list(cls.FIELDS) for cls in classes)]
    return blake2b(repr(fields).encode(), digest_size=4).hexdigest()


def index_path(raw: bytes) -> Path:
    """Where the search index of these bytes lives: an SQLite file beside the parsed records' entry,
    written by the first search, so a lookup never pays for indexing and a search never re-indexes."""
    return entry(raw).with_suffix(".fts")


def search_index(path: Path | None, dataset: Dataset) -> sqlite3.Connection:
    """The dataset's search index: opened read-only from the cache, else built and saved there.

    A file that SQLite cannot read as the index (truncated, foreign) is rebuilt, like a damaged entry."""
    import sqlite3

    from milafacts import search

    if path is not None and path.is_file():
        try:
            db = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
            db.execute("SELECT rid FROM docs LIMIT 1").fetchall()
            return db
        except sqlite3.DatabaseError:
            pass
    db = search.build_index(dataset)
    if path is not None:
        _save_index(db, path)
    return db


def _save_index(db: sqlite3.Connection, path: Path) -> None:
    import sqlite3
    import tempfile

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".fts")
        os.close(fd)
        try:
            target = sqlite3.connect(tmp)
            with target:
                db.backup(target)
            target.close()
            os.replace(tmp, path)
        except BaseException:
            os.unlink(tmp)
            raise
    except (OSError, sqlite3.Error):
        pass


def get(raw: bytes) -> Any | None:
    """The cached values for these bytes, or None when absent or unreadable."""
    try:
        with entry(raw).open("rb") as handle:
            data = marshal.loads(handle.read())
    except (OSError, ValueError, EOFError, TypeError):
        return None
    return data if isinstance(data, dict) else None


def put(raw: bytes, data: Any) -> None:
    """Store values atomically (write a temporary file, then rename); silently skip on any error."""
    import tempfile  # only a cache miss writes

    target = entry(raw)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix=".marshal")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(marshal.dumps(data))
            os.replace(tmp, target)
        except BaseException:
            os.unlink(tmp)
            raise
        prune(target.parent, keep=KEEP)
    except OSError:
        pass


KEEP = 16


def prune(folder: Path, keep: int) -> None:
    """Drop all but the `keep` most recently written entries: old dataset versions are never read
    again, and nothing else would ever remove them."""
    found = sorted(folder.glob("*.marshal"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in found[keep:]:
        old.unlink(missing_ok=True)
        old.with_suffix(".fts").unlink(missing_ok=True)
