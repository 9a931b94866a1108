"""The parse cache: keyed by content, found by stat, sealed, never stale, atomic, self-healing, optional."""

from __future__ import annotations

import json
import os
import random
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import FIXTURES, run
from milafacts import __version__, cache, store
from milafacts import load as load_module
from milafacts.errors import UsageError
from milafacts.load import bundled_path, load
from milafacts.model import COLLECTIONS

MINI = FIXTURES / "mini.yaml"


def entries(base: Path) -> list[Path]:
    """The records files (a search also leaves its index, `.fts`, and each file has a `.sum` seal)."""
    folder = base / "milafacts"
    return sorted(folder.glob("*.db")) if folder.exists() else []


def reseal(path: Path) -> None:
    """Seal a file as the cache does, so a deliberate change passes for an intact entry."""
    hashed = cache._hash_file(path)
    assert hashed is not None
    cache._write_sealed(path.with_name(path.name + ".sum"), (None, hashed[0]))


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "xdg"
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    return home


@pytest.fixture
def dataset_copy(tmp_path: Path) -> Path:
    path = tmp_path / "facts.yaml"
    path.write_bytes(MINI.read_bytes())
    return path


def test_first_load_writes_one_sealed_sqlite_entry_named_by_content_hash(cache_home: Path, dataset_copy: Path) -> None:
    load(dataset_copy)
    (entry,) = entries(cache_home)
    assert entry == cache.entry(dataset_copy.read_bytes())
    assert len(entry.name.split("-")[0]) == 64  # a 256-bit hex digest
    assert entry.name.endswith(f"-v{__version__}-py{sys.version_info[0]}{sys.version_info[1]}m4-f{cache._layout()}.db")
    assert entry.read_bytes()[:16] == b"SQLite format 3\x00"
    assert entry.with_name(entry.name + ".sum").is_file()


def rename_first_country(entry: Path, name: str) -> None:
    import marshal

    db = sqlite3.connect(entry)
    (rid, value) = db.execute("SELECT rid, value FROM records WHERE collection = 'countries' ORDER BY rid").fetchone()
    values = marshal.loads(value)
    values["name"] = name
    db.execute("UPDATE records SET value = ? WHERE rid = ?", (marshal.dumps(values), rid))
    db.commit()
    db.close()


def test_later_loads_read_the_entry(cache_home: Path, dataset_copy: Path) -> None:
    load(dataset_copy)
    (entry,) = entries(cache_home)
    rename_first_country(entry, "Atlantis (from the cache)")
    reseal(entry)
    assert load(dataset_copy).countries[0].name == "Atlantis (from the cache)"


def test_a_changed_entry_is_detected_by_its_seal_and_rebuilt(cache_home: Path, dataset_copy: Path) -> None:
    load(dataset_copy)
    (entry,) = entries(cache_home)
    rename_first_country(entry, "Poisoned")  # a valid database, but not the bytes that were sealed
    assert load(dataset_copy).countries[0].name == "Atlantis"
    assert load(dataset_copy).countries[0].name == "Atlantis"  # and the rebuilt entry is read again


def test_an_edited_dataset_is_never_served_stale(cache_home: Path, dataset_copy: Path) -> None:
    assert load(dataset_copy).countries[0].name == "Atlantis"
    before = dataset_copy.stat()
    # Same size, and the old modification time put back: only the content (and ctime) changed.
    dataset_copy.write_text(MINI.read_text(encoding="utf-8").replace("name: Atlantis", "name: Atlantix"), "utf-8")
    os.utime(dataset_copy, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert load(dataset_copy).countries[0].name == "Atlantix"
    assert len(entries(cache_home)) == 2


def test_a_known_file_is_not_read_again_while_its_stat_holds(
    cache_home: Path, dataset_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache, "RACY_NS", -1)  # trust stats however fresh (the file was just written)
    load(dataset_copy)
    load(dataset_copy)  # records the manifest: stat -> content hash
    reads: list[Path] = []
    real = load_module.read_bytes
    monkeypatch.setattr(load_module, "read_bytes", lambda file: reads.append(file) or real(file))
    assert load(dataset_copy).countries[0].name == "Atlantis"
    assert reads == []
    time.sleep(0.05)  # past the file system's timestamp tick
    dataset_copy.write_text(MINI.read_text(encoding="utf-8").replace("name: Atlantis", "name: Atlantix"), "utf-8")
    assert load(dataset_copy).countries[0].name == "Atlantix"
    assert reads == [dataset_copy]


def test_a_fresh_stat_is_not_trusted(cache_home: Path, dataset_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A change within the clock tick of the last one keeps the stat: within RACY_NS, hash instead.
    load(dataset_copy)
    load(dataset_copy)
    reads: list[Path] = []
    real = load_module.read_bytes
    monkeypatch.setattr(load_module, "read_bytes", lambda file: reads.append(file) or real(file))
    load(dataset_copy)
    assert reads == [dataset_copy]


@pytest.mark.parametrize(
    "garbage", [b"", b"\x00\x01garbage", b"SQLite format 3\x00" + b"\x00" * 100, b"not a database" * 1000]
)
def test_a_corrupt_entry_is_ignored_and_rebuilt(cache_home: Path, dataset_copy: Path, garbage: bytes) -> None:
    load(dataset_copy)
    (entry,) = entries(cache_home)
    entry.write_bytes(garbage)
    assert load(dataset_copy).countries[0].name == "Atlantis"
    assert entry.read_bytes()[:16] == b"SQLite format 3\x00"
    assert load(dataset_copy).countries[0].name == "Atlantis"


@pytest.mark.parametrize("which", [".db", ".db.sum", "manifest"])
def test_damage_to_a_file_seal_or_manifest_means_a_rebuild(
    cache_home: Path, dataset_copy: Path, which: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache, "RACY_NS", -1)  # so that the manifest is written for a fresh file
    load(dataset_copy)
    (entry,) = entries(cache_home)
    target = entry.with_name(entry.name + ".sum") if which == ".db.sum" else entry
    if which == "manifest":
        (target,) = (cache_home / "milafacts" / "paths").iterdir()
    data = bytearray(target.read_bytes())
    data[len(data) // 2] ^= 0x01
    target.write_bytes(bytes(data))
    assert load(dataset_copy).countries[0].name == "Atlantis"


def test_writes_are_atomic(cache_home: Path, dataset_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", interrupted)
    assert load(dataset_copy).countries[0].name == "Atlantis"
    folder = cache_home / "milafacts"
    left = [p for p in folder.rglob("*") if p.is_file()] if folder.exists() else []
    assert left == []  # neither a half-written entry nor a leftover temporary file


def test_unwritable_cache_directory_is_skipped_silently(tmp_path: Path, dataset_copy: Path) -> None:
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("x")
    result = run("--data", str(dataset_copy), "stats", "-f", "csv", env={"XDG_CACHE_HOME": str(blocker)})
    assert result.exit_code == 0 and result.stderr == ""
    assert "exactly 12" in result.stdout


@pytest.mark.parametrize("where", [".db", ".db.sum", "manifest"])
def test_a_fifo_in_the_cache_never_hangs(cache_home: Path, dataset_copy: Path, where: str) -> None:
    load(dataset_copy)
    (entry,) = entries(cache_home)
    target = entry if where == ".db" else entry.with_name(entry.name + ".sum")
    if where == "manifest":
        target = cache.Manifest(dataset_copy)._path  # where it would be: a fresh file has none yet
        target.parent.mkdir(exist_ok=True)
    target.unlink(missing_ok=True)
    os.mkfifo(target)
    env = {**os.environ, "XDG_CACHE_HOME": str(cache_home)}
    argv = [sys.executable, "-m", "milafacts", "--data", str(dataset_copy), "country", "atlantis", "-f", "json"]
    done = subprocess.run(argv, capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["subject"]["name"] == "Atlantis"


@pytest.mark.parametrize("how", ["option", "env"])
def test_cache_can_be_disabled(cache_home: Path, dataset_copy: Path, how: str) -> None:
    args = ["--no-cache"] if how == "option" else []
    env = {"MILAFACTS_NO_CACHE": "yes"} if how == "env" else {}
    result = run(*args, "--data", str(dataset_copy), "stats", env={"XDG_CACHE_HOME": str(cache_home), **env})
    assert result.exit_code == 0
    assert entries(cache_home) == []


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("", True),
        ("0", True),
        ("false", True),
        ("No", True),
        ("off", True),
        ("1", False),
        ("TRUE", False),
        ("yes", False),
    ],
)
def test_no_cache_variable_spellings(monkeypatch: pytest.MonkeyPatch, value: str, expected: bool) -> None:
    monkeypatch.setenv("MILAFACTS_NO_CACHE", value)
    assert cache.enabled() is expected


def test_no_cache_variable_with_another_value_is_a_usage_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MILAFACTS_NO_CACHE", "maybe")
    with pytest.raises(UsageError, match="MILAFACTS_NO_CACHE='maybe'"):
        cache.enabled()


def test_no_cache_false_keeps_the_cache(cache_home: Path, dataset_copy: Path) -> None:
    result = run("--data", str(dataset_copy), "stats", env={"MILAFACTS_NO_CACHE": "false"})
    assert result.exit_code == 0
    assert len(entries(cache_home)) == 1


def test_disabled_cache_is_not_read_either(cache_home: Path, dataset_copy: Path) -> None:
    load(dataset_copy)
    (entry,) = entries(cache_home)
    rename_first_country(entry, "Poisoned")
    reseal(entry)
    assert load(dataset_copy, cache=False).countries[0].name == "Atlantis"


def test_default_location_is_under_home(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert cache.directory() == tmp_path / ".cache" / "milafacts"


def test_a_relative_xdg_cache_home_is_ignored(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/cache")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert cache.directory() == tmp_path / ".cache" / "milafacts"


def test_old_entries_are_pruned(cache_home: Path, dataset_copy: Path) -> None:
    folder = cache_home / "milafacts"
    folder.mkdir(parents=True)
    for i in range(cache.KEEP + 5):
        for suffix in (".db", ".db.sum", ".fts", ".fts.sum"):
            old = folder / f"{i:064x}-old{suffix}"
            old.write_bytes(b"x")
            os.utime(old, (1_000_000 + i, 1_000_000 + i))
    (folder / "ab-v0.1-py311.marshal").write_bytes(b"an entry of the old layout")
    load(dataset_copy)
    databases = {p.name for p in folder.glob("*.db")}
    assert len(databases) == cache.KEEP
    assert cache.entry(dataset_copy.read_bytes()).name in databases
    assert f"{0:064x}-old.db" not in databases  # the oldest went first
    assert not (folder / f"{0:064x}-old.fts").exists() and not (folder / f"{0:064x}-old.db.sum").exists()
    assert not list(folder.glob("*.marshal"))


QUESTIONS = [
    ["country", "sweden"],
    ["person", "valerie"],
    ["org", "tii"],
    ["search", "robotics"],
    ["search", "pal jonson"],
    ["people", "--country", "uk"],
    ["countries"],
    ["timeline", "--month", "december"],
    ["stats"],
    ["sources"],
    ["show", "g7 finale"],
    ["country", "swden"],
    ["person", "nobody at all"],
]


@pytest.mark.parametrize("question", QUESTIONS, ids=[" ".join(q) for q in QUESTIONS])
def test_cached_answers_equal_parsed_ones(question: list[str], cache_home: Path) -> None:
    # The first run parses and writes the cache; the second reads records and indexes from it.
    parsed = run("--no-cache", *question, "-f", "json")
    first = run(*question, "-f", "json")
    cached = run(*question, "-f", "json")
    assert len(entries(cache_home)) == 1
    assert (cached.exit_code, cached.stdout, cached.stderr) == (parsed.exit_code, parsed.stdout, parsed.stderr)
    assert (first.exit_code, first.stdout) == (parsed.exit_code, parsed.stdout)


def test_the_cached_store_answers_as_the_parsed_one(cache_home: Path) -> None:
    parsed = load(bundled_path(), cache=False)
    load(bundled_path())
    cached = load(bundled_path())
    assert isinstance(cached.store, store.CachedStore) and isinstance(parsed.store, store.EagerStore)
    for key in COLLECTIONS:
        plain = store._plain  # roles as dicts: Role objects compare by identity
        assert [plain(r) for r in cached.store.collection(key)] == [plain(r) for r in parsed.store.collection(key)]
        assert cached.names(key) == parsed.names(key)
        for spelling, record_id in parsed.names(key).items():
            assert cached.lookup(key, spelling) == record_id
        assert cached.lookup(key, "no such name") is None
    for record in parsed.records():
        assert store._plain(cached.get(record.id)) == store._plain(record)
        assert [r.id for r in cached.referring(record.id)] == [r.id for r in parsed.referring(record.id)]
    with pytest.raises(KeyError):
        cached.get("no-such-id")


def test_entries_of_another_record_layout_are_never_read(monkeypatch: pytest.MonkeyPatch) -> None:
    from milafacts.model import Role

    before = cache.entry(b"same dataset")
    monkeypatch.setattr(Role, "FIELDS", {**Role.FIELDS, "new_field": Role.FIELDS["title"]})
    cache._layout.cache_clear()  # memoized: a process's model never changes while it runs
    try:
        assert cache.entry(b"same dataset") != before
    finally:
        monkeypatch.undo()
        cache._layout.cache_clear()


# --- damage: whatever byte of an entry changes, the answer does not ------------------------------

DAMAGE_QUESTIONS = [["country", "italy"], ["search", "robotics", "korea"], ["show", "g7 finale"]]


@pytest.fixture(scope="module")
def undamaged(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[int, str]]:
    # Module-scoped, so set up before the per-test isolation (conftest): say the language here too.
    env = {"XDG_CACHE_HOME": str(tmp_path_factory.mktemp("clean")), "MILAFACTS_LANG": "en"}
    answers = {}
    for question in DAMAGE_QUESTIONS:
        result = run("--no-cache", *question, "-f", "json", env=env)
        answers[" ".join(question)] = (result.exit_code, result.stdout)
    return answers


@settings(
    max_examples=40,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    which=st.sampled_from([".db", ".fts", ".db.sum", ".fts.sum", "manifest"]),
    in_text=st.booleans(),
    where=st.floats(min_value=0, max_value=1, exclude_max=True),
    flip=st.integers(min_value=1, max_value=255),
    question=st.sampled_from(DAMAGE_QUESTIONS),
)
def test_single_byte_damage_never_changes_an_answer(
    undamaged: dict[str, tuple[int, str]],
    tmp_path_factory: pytest.TempPathFactory,
    which: str,
    in_text: bool,
    where: float,
    flip: int,
    question: list[str],
) -> None:
    env = {"XDG_CACHE_HOME": str(tmp_path_factory.mktemp("damaged"))}
    run("search", "robotics", env=env)  # writes the records entry and the search index
    folder = Path(env["XDG_CACHE_HOME"]) / "milafacts"
    if which == "manifest":
        run("country", "italy", env=env)
        found = sorted((folder / "paths").iterdir())
    else:
        found = sorted(folder.glob(f"*{which}"))
    if not found:  # the manifest is written only for a file older than RACY_NS: nothing to damage
        return
    target = found[0]
    data = bytearray(target.read_bytes())
    # Anywhere, or in the text of the data (a letter), where SQLite sees no damage of its own.
    offsets = [i for i, byte in enumerate(data) if 97 <= byte <= 122] if in_text else range(len(data))
    data[offsets[int(where * len(offsets))]] ^= flip
    target.write_bytes(bytes(data))
    result = run(*question, "-f", "json", env=env)
    assert (result.exit_code, result.stdout) == undamaged[" ".join(question)]
    again = run(*question, "-f", "json", env=env)  # and the rebuilt entry serves the same
    assert (again.exit_code, again.stdout) == undamaged[" ".join(question)]


@pytest.mark.parametrize(
    ("word", "question"), [(b"Italy", ["country", "italy"]), (b"robotics", ["search", "robotics"])]
)
def test_a_flipped_letter_in_the_data_is_found(cache_home: Path, word: bytes, question: list[str]) -> None:
    # A byte of text inside a record or the index: SQLite reads it without complaint.
    expected = run("--no-cache", *question, "-f", "json").stdout
    run("search", "robotics")
    damaged = 0
    for path in sorted((cache_home / "milafacts").glob("*.*[bs]")):  # .db and .fts
        data = bytearray(path.read_bytes())
        for start in range(len(data)):
            if data[start : start + len(word)] == word:
                data[start + 1] ^= 0x02
                damaged += 1
        path.write_bytes(bytes(data))
    assert damaged
    assert run(*question, "-f", "json").stdout == expected


def test_damage_after_the_stat_was_trusted_is_still_found(
    cache_home: Path, dataset_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache, "RACY_NS", -1)
    load(dataset_copy)
    load(dataset_copy)  # the seal now vouches for the entry by its stat
    (entry,) = entries(cache_home)
    time.sleep(0.05)  # past the file system's timestamp tick
    rng = random.Random(7)
    data = bytearray(entry.read_bytes())
    for _ in range(3):
        data[rng.randrange(len(data))] ^= 0xFF
    entry.write_bytes(bytes(data))
    assert load(dataset_copy).countries[0].name == "Atlantis"
