"""The parse cache: keyed by content, never stale, atomic, self-healing, optional, quiet on failure."""

from __future__ import annotations

import marshal
import os
from pathlib import Path

import pytest

from conftest import FIXTURES, run
from milafacts import cache
from milafacts.load import load

MINI = FIXTURES / "mini.yaml"


def entries(base: Path) -> list[Path]:
    """The parsed-record entries (a search also leaves its index file, `.fts`, beside one)."""
    folder = base / "milafacts"
    return sorted(p for p in folder.iterdir() if p.suffix != ".fts") if folder.exists() else []


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


def test_first_load_writes_one_entry_named_by_content_hash(cache_home: Path, dataset_copy: Path) -> None:
    load(dataset_copy)
    (entry,) = entries(cache_home)
    assert entry == cache.entry(dataset_copy.read_bytes())
    assert len(entry.name.split("-")[0]) == 64  # a 256-bit hex digest
    assert marshal.loads(entry.read_bytes())["header"]["schema_version"] == 1


def rename_first_country(entry: Path, name: str) -> None:
    data = marshal.loads(entry.read_bytes())
    country = marshal.loads(data["blobs"]["countries"][0])
    country["name"] = name
    data["blobs"]["countries"][0] = marshal.dumps(country)
    entry.write_bytes(marshal.dumps(data))


def test_later_loads_read_the_entry(cache_home: Path, dataset_copy: Path) -> None:
    load(dataset_copy)
    (entry,) = entries(cache_home)
    rename_first_country(entry, "Atlantis (from the cache)")
    assert load(dataset_copy).countries[0].name == "Atlantis (from the cache)"


def test_an_edited_dataset_is_never_served_stale(cache_home: Path, dataset_copy: Path) -> None:
    assert load(dataset_copy).countries[0].name == "Atlantis"
    dataset_copy.write_text(MINI.read_text(encoding="utf-8").replace("name: Atlantis", "name: Lemuria"), "utf-8")
    assert load(dataset_copy).countries[0].name == "Lemuria"
    assert len(entries(cache_home)) == 2


@pytest.mark.parametrize("garbage", [b"", b"\x00\x01garbage", marshal.dumps([1, 2, 3]), marshal.dumps({"x": 1})])
def test_a_corrupt_entry_is_ignored_and_rebuilt(cache_home: Path, dataset_copy: Path, garbage: bytes) -> None:
    load(dataset_copy)
    (entry,) = entries(cache_home)
    entry.write_bytes(garbage)
    assert load(dataset_copy).countries[0].name == "Atlantis"
    assert marshal.loads(marshal.loads(entry.read_bytes())["blobs"]["countries"][0])["name"] == "Atlantis"


def test_writes_are_atomic(cache_home: Path, dataset_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", interrupted)
    assert load(dataset_copy).countries[0].name == "Atlantis"
    assert entries(cache_home) == []  # neither a half-written entry nor a leftover temporary file


def test_unwritable_cache_directory_is_skipped_silently(tmp_path: Path, dataset_copy: Path) -> None:
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("x")
    result = run("--data", str(dataset_copy), "stats", "-f", "csv", env={"XDG_CACHE_HOME": str(blocker)})
    assert result.exit_code == 0 and result.stderr == ""
    assert "exactly 12" in result.stdout


@pytest.mark.parametrize("how", ["option", "env"])
def test_cache_can_be_disabled(cache_home: Path, dataset_copy: Path, how: str) -> None:
    args = ["--no-cache"] if how == "option" else []
    env = {"MILAFACTS_NO_CACHE": "1"} if how == "env" else {}
    result = run(*args, "--data", str(dataset_copy), "stats", env={"XDG_CACHE_HOME": str(cache_home), **env})
    assert result.exit_code == 0
    assert entries(cache_home) == []


def test_disabled_cache_is_not_read_either(cache_home: Path, dataset_copy: Path) -> None:
    load(dataset_copy)
    (entry,) = entries(cache_home)
    rename_first_country(entry, "Poisoned")
    assert load(dataset_copy, cache=False).countries[0].name == "Atlantis"


def test_default_location_is_under_home(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert cache.directory() == tmp_path / ".cache" / "milafacts"


def test_old_entries_are_pruned(cache_home: Path, tmp_path: Path) -> None:
    folder = cache_home / "milafacts"
    folder.mkdir(parents=True)
    for i in range(cache.KEEP + 5):
        old = folder / f"{i:064x}-old.marshal"
        old.write_bytes(b"x")
        os.utime(old, (1_000_000 + i, 1_000_000 + i))
    cache.put(b"new dataset", {"schema_version": 1})
    remaining = {p.name for p in folder.iterdir()}
    assert len(remaining) == cache.KEEP
    assert cache.entry(b"new dataset").name in remaining
    assert f"{0:064x}-old.marshal" not in remaining  # the oldest went first


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
    ["country", "swden"],
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


def test_entries_of_another_record_layout_are_never_read(monkeypatch: pytest.MonkeyPatch) -> None:
    from milafacts.model import Role

    before = cache.entry(b"same dataset")
    monkeypatch.setattr(Role, "FIELDS", {**Role.FIELDS, "new_field": Role.FIELDS["title"]})
    assert cache.entry(b"same dataset") != before
