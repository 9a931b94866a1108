"""The parse cache: where its files live, what names them, and whether they can be trusted.

Parsing YAML is the slowest step of a lookup. A dataset version's cache entry is two SQLite files:
its records (`.db`, laid out by store.py, written on the first load) and its search index (`.fts`,
built by search.py, written by the first search). Both are named by the BLAKE2b-256 hash of the
dataset's bytes plus the schema, package, Python and layout versions, so an entry is never stale.

Knowing which entry a dataset needs, and that the entry is intact, costs a few `stat` calls in the
usual case, as git's index does for the work tree:
- a *manifest* per dataset path records the file's stat (size, times, inode) and content hash; while
  the stat matches, the dataset is not read at all (at 100,000 records, reading and hashing it
  costs about 45 ms, more than the rest of a lookup);
- each entry file has a *seal* (`.sum`): its stat and the BLAKE2b hash of its bytes. An entry whose
  stat matches its seal is trusted; any other is hashed in full, and rebuilt if the hash differs.
  Any write to a file changes its ctime, which no user call can set back.
A stat recorded within two seconds of the file's last change is not trusted (a change in the same
clock tick would leave the stat as it was: git's "racily clean" entries); such a file is hashed
until it is older. Every failure (unwritable folder, damaged or foreign file, a FIFO where a file
should be) falls back to parsing: the cache may only ever save time. The files live in the user's
own cache folder; whoever can write there can already change what the user's Python runs.
"""

from __future__ import annotations

import contextlib
import functools
import marshal
import os
import stat
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from milafacts import __version__
from milafacts.errors import UsageError
from milafacts.model import CHECKS_VERSION, COLLECTIONS, SCHEMA_VERSION, Dataset, Frozen, Role
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
KEEP = 16  # entries kept; older dataset versions are never read again
RACY_NS = 2_000_000_000  # a stat younger than this when recorded is not trusted (2 s: FAT's tick)
_CHUNK = 1 << 20


def enabled() -> bool:
    """Whether the parse cache is on: `MILAFACTS_NO_CACHE` read here and nowhere else.

    The usual boolean spellings, any case; anything else is a usage error rather than a guess
    (`MILAFACTS_NO_CACHE=false` used to turn the cache off)."""
    value = os.environ.get("MILAFACTS_NO_CACHE", "").strip().lower()
    if value in _OFF:
        return False
    if value in _ON:
        return True
    given = os.environ["MILAFACTS_NO_CACHE"]
    raise UsageError(
        f"MILAFACTS_NO_CACHE={given!r} is not a yes or no; "
        f"use one of {', '.join(_OFF)} to turn the cache off, or 0 (or unset it) to keep it",
        french=f"MILAFACTS_NO_CACHE={given!r} n'est ni un oui ni un non\u00a0; donnez une de ces valeurs pour "
        f"désactiver le cache\u00a0: {', '.join(_OFF)}, ou 0 (ou retirez la variable) pour le garder",
    )


def directory() -> Path:
    """`$XDG_CACHE_HOME/milafacts`; a relative XDG_CACHE_HOME is ignored, as the XDG spec says."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):
        base = os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "milafacts"


# --- keys ---------------------------------------------------------------------------------------


def digest(raw: bytes) -> str:
    return blake2b(raw, digest_size=32).hexdigest()


def _named(content: str, suffix: str) -> Path:
    """An entry's file: by string, not `with_suffix`, as the version in the name has dots."""
    python = f"py{sys.version_info[0]}{sys.version_info[1]}m{marshal.version}"
    return directory() / f"{content}-s{SCHEMA_VERSION}-v{__version__}-{python}-f{_layout()}{suffix}"


@functools.cache
def _layout() -> str:
    """A short hash of every record class's fields, the store's format and the checks' version:
    records are adopted from the cache without checks, so an entry written by code with other
    fields or looser checks must never be read, even when a developer changes the model without
    bumping the package version."""
    classes: list[type[Frozen]] = [*COLLECTIONS.values(), Role]
    fields = [FORMAT, CHECKS_VERSION, *(list(cls.FIELDS) for cls in classes)]
    return blake2b(repr(fields).encode(), digest_size=4).hexdigest()


def entry(raw: bytes) -> Path:
    """The records file of the dataset with these bytes."""
    return _named(digest(raw), ".db")


def index_path(raw: bytes) -> Path:
    """The search index file of the dataset with these bytes, beside its records."""
    return _versioned(_named(digest(raw), ".fts"))


def _versioned(index: Path) -> Path:
    """An index file's name with the search index's own format in it: an index written by another
    version of search.py is another file, never read. (Imported here, not when naming the records
    file: only a search pays for importing the engine.)"""
    from milafacts import search

    return index.with_name(f"{index.name[: -len('.fts')]}-i{search.INDEX_FORMAT}.fts")


# --- small sealed files: manifests and seals ------------------------------------------------------


def _sig(st: os.stat_result) -> tuple[int, ...] | None:
    """What a stat says of a file's content; None when too fresh to vouch for it (see RACY_NS)."""
    if time.time_ns() - max(st.st_mtime_ns, st.st_ctime_ns) < RACY_NS:
        return None
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev)


def _open_regular(path: Path) -> int | None:
    """A descriptor on `path` if it is a regular file: a FIFO would block a plain open forever."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError:
        return None
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        return None
    return fd


def _read_sealed(path: Path) -> Any | None:
    """The value of a small file written by `_write_sealed`; None when absent or damaged."""
    fd = _open_regular(path)
    if fd is None:
        return None
    with os.fdopen(fd, "rb") as handle:
        raw = handle.read(1 << 16)
    check, body = raw[:16], raw[16:]
    if blake2b(body, digest_size=16).digest() != check:
        return None
    try:
        return marshal.loads(body)
    except (ValueError, EOFError, TypeError):
        return None


def _write_sealed(path: Path, value: Any) -> None:
    body = marshal.dumps(value)
    _replace(path, blake2b(body, digest_size=16).digest() + body)


def _replace(path: Path, data: bytes) -> None:
    """Write a file atomically (a temporary file, then a rename); any failure leaves no file."""
    import tempfile

    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def _hash_file(path: Path) -> tuple[str, os.stat_result] | None:
    fd = _open_regular(path)
    if fd is None:
        return None
    with os.fdopen(fd, "rb") as handle:
        st = os.fstat(handle.fileno())
        hasher = blake2b(digest_size=32)
        while chunk := handle.read(_CHUNK):
            hasher.update(chunk)
    return hasher.hexdigest(), st


# --- which entry a dataset file needs -----------------------------------------------------------


class Manifest:
    """What the cache last saw of one dataset path: its stat, and the hash of its bytes then."""

    def __init__(self, file: Path) -> None:
        name = blake2b(os.path.abspath(file).encode("utf-8", "surrogateescape"), digest_size=16).hexdigest()
        self._path = directory() / "paths" / name
        try:
            self._stat: os.stat_result | None = os.stat(file)
        except OSError:
            self._stat = None  # the loader will say what is wrong with the file
        self.digest: str | None = None
        if self._stat is not None and stat.S_ISREG(self._stat.st_mode):
            seen = _read_sealed(self._path)
            sig = _sig(self._stat)
            if isinstance(seen, tuple) and len(seen) == 2 and sig is not None and seen[0] == sig:
                self.digest = str(seen[1])

    def remember(self, content: str) -> None:
        """Record the hash of the bytes read after this manifest's stat. Had the file changed in
        between, its stat no longer matches and the next run reads it again."""
        sig = _sig(self._stat) if self._stat is not None else None
        if sig is None or (content == self.digest):
            return
        with contextlib.suppress(OSError):
            _write_sealed(self._path, (sig, content))


# --- entries --------------------------------------------------------------------------------------


def _intact(path: Path) -> bool:
    """Whether an entry file is what was written: its stat matches its seal, or its bytes do."""
    try:
        st = os.stat(path)
    except OSError:
        return False
    if not stat.S_ISREG(st.st_mode):
        return False
    seal = _read_sealed(path.with_name(path.name + ".sum"))
    if not (isinstance(seal, tuple) and len(seal) == 2):
        return False
    sig, content = seal
    if sig is not None and sig == _sig(st):
        return True
    hashed = _hash_file(path)
    if hashed is None or hashed[0] != content:
        return False
    fresh = _sig(hashed[1])
    if fresh is not None:  # older now: vouch by stat from here on
        with contextlib.suppress(OSError):
            _write_sealed(path.with_name(path.name + ".sum"), (fresh, content))
    return True


def _seal_and_place(tmp: Path, path: Path) -> None:
    """Seal a freshly written file, then move it into place. The seal goes first: a reader that
    sees the new seal beside the old file finds a mismatch and rebuilds, never trusts a stranger."""
    hashed = _hash_file(tmp)
    if hashed is None:
        raise OSError(f"cannot read back {tmp}")
    _write_sealed(path.with_name(path.name + ".sum"), (None, hashed[0]))
    os.replace(tmp, path)


def _connect_ro(path: Path) -> sqlite3.Connection:
    import sqlite3

    # immutable: the file is never written in place (replaced whole), so SQLite may skip locking.
    return sqlite3.connect(f"{path.as_uri()}?mode=ro&immutable=1", uri=True)


def dataset(content: str, name: str) -> Dataset | None:
    """The cached dataset with this content hash, when its entry is there and intact."""
    import sqlite3

    from milafacts import store

    path = _named(content, ".db")
    if not _intact(path):
        return None
    try:
        db = _connect_ro(path)
    except sqlite3.Error:
        return None
    return store.read(db, name, _named(content, ".fts"))


def save(content: str, parsed: Dataset) -> None:
    """Write the dataset's entry (see store.py for what it holds), and name the file where its search
    index belongs, for a search in this same run to save it there (`store.EagerStore.index`)."""
    from milafacts import store

    path = _named(content, ".db")
    if _save_database(path, functools.partial(store.write, dataset=parsed)):
        prune(path.parent, keep=KEEP)
    parsed.store.index_file = _named(content, ".fts")


def search_index(path: Path | None, parsed: Dataset) -> sqlite3.Connection:
    """The dataset's search index: opened from the cache when intact, else built and saved there."""
    import sqlite3

    from milafacts import search

    if path is not None:
        path = _versioned(path)
    if path is not None and _intact(path):
        try:
            db = _connect_ro(path)
            db.execute("SELECT rid FROM docs LIMIT 1").fetchall()
            return db
        except sqlite3.Error:
            pass
    db = search.build_index(parsed)
    if path is not None:
        _save_database(path, db.backup)
    return db


def _save_database(path: Path, fill: Callable[[sqlite3.Connection], object]) -> bool:
    """Write an SQLite file as every cache file is written: filled in a temporary file beside it,
    sealed, then renamed into place. Any failure leaves no file and is silent (the next run builds it
    again): whether it was written."""
    import sqlite3
    import tempfile

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
        os.close(fd)
        tmp = Path(name)
        try:
            db = sqlite3.connect(tmp)
            try:
                db.execute("PRAGMA journal_mode = OFF")  # a temporary file: a crash leaves only junk
                fill(db)
                db.commit()
            finally:
                db.close()
            _seal_and_place(tmp, path)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
    except (OSError, sqlite3.Error):
        return False
    return True


def prune(folder: Path, keep: int) -> None:
    """Drop all but the `keep` most recently written entries, with their index and seals, and
    manifests of paths not seen lately: nothing else would ever remove them. Files of the older
    marshal layout (`.marshal`, `.fts` beside them) go too."""
    for old in folder.glob("*.marshal"):
        old.unlink(missing_ok=True)
        old.with_suffix(".fts").unlink(missing_ok=True)
    found = sorted(folder.glob("*.db"), key=lambda p: p.stat().st_mtime, reverse=True)
    for db in found[keep:]:
        for path in (db, *folder.glob(f"{db.name[: -len('.db')]}*.fts")):
            path.unlink(missing_ok=True)
            path.with_name(path.name + ".sum").unlink(missing_ok=True)
    manifests = sorted((folder / "paths").glob("*"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in manifests[keep * 4 :]:
        old.unlink(missing_ok=True)
