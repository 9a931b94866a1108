"""Read a dataset file, check it, and build the model. Raw YAML values never leave this module.

The YAML is read event by event rather than with `yaml.safe_load`, so that the loader can:
- give every value its line (errors read `file:line: what is wrong`);
- refuse what PyYAML would silently accept: duplicate keys (it keeps the last), YAML 1.1 booleans
  where text was meant (`no`, `on`, `off`), anchors and aliases (alias bombs), tags of any kind;
- cap nesting depth and file size, so a hostile file cannot hang or exhaust the process.
The event parser is libyaml's when PyYAML was built with it, the pure-Python one otherwise.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from milafacts import cache as _cache
from milafacts.errors import DatasetError, Problem
from milafacts.model import (
    COLLECTIONS,
    SCHEMA_VERSION,
    Dataset,
    Record,
    Role,
    Section,
    Source,
    Statistic,
    Synonyms,
    parse_date,
    specs,
)
from milafacts.store import EagerStore

# Far above any curated dataset (the bundled one is about 0.1 MiB) and above a 100,000-record one
# (about 40 MiB, bench/scale.py), yet a cap: the whole file is read into memory before parsing.
MAX_BYTES = 128 * 1024 * 1024
MAX_DEPTH = 32
PathKey = tuple[str | int, ...]
_YAML11_BOOLEANS = {"yes", "no", "on", "off", "y", "n"}


def bundled_path() -> Path:
    """The dataset shipped inside the package (or, in a source checkout, the repository's copy)."""
    here = Path(__file__).resolve().parent
    packaged = here / "data" / "facts.yaml"
    if packaged.is_file():
        return packaged
    return here.parent.parent / "data" / "facts.yaml"


def load(path: str | os.PathLike[str] | None = None, *, cache: bool = True) -> Dataset:
    """Load and check a dataset; raise `DatasetError` listing every problem if it is unusable."""
    # Loading allocates one container per value and frees none of them: the cyclic collector would
    # only walk them again and again (about a fifth of the time at 10,000 records).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _load(Path(path) if path is not None else bundled_path(), cache)
    finally:
        if collecting:
            gc.enable()


def _load(file: Path, cache: bool) -> Dataset:
    if not (cache and _cache.enabled()):
        return _parsed(read_bytes(file), str(file))
    # The usual case reads only the file's stat: its manifest names the entry (see cache.py).
    manifest = _cache.Manifest(file)
    if manifest.digest is not None:
        dataset = _cache.dataset(manifest.digest, str(file))
        if dataset is not None:
            return dataset
    raw = read_bytes(file)
    content = _cache.digest(raw)
    dataset = _cache.dataset(content, str(file)) if content != manifest.digest else None
    if dataset is None:
        dataset = _parsed(raw, str(file))
        _cache.save(content, dataset)
    manifest.remember(content)
    return dataset


def _parsed(raw: bytes, name: str) -> Dataset:
    data, lines, problems = parse(raw, name)
    dataset, build_problems = build(data, lines, name) if not problems else (None, [])
    problems += build_problems
    if problems or dataset is None:
        raise DatasetError(problems or [Problem(name, None, "no data")])
    return dataset


def check(path: str | os.PathLike[str] | None = None) -> list[Problem]:
    """Every problem with a dataset, in file order; empty when it is clean."""
    file = Path(path) if path is not None else bundled_path()
    try:
        raw = read_bytes(file)
    except DatasetError as error:
        return error.problems
    return checked(raw, str(file))[2]


def checked(raw: bytes, name: str) -> tuple[Any, dict[PathKey, int], list[Problem]]:
    """A dataset's plain values, their lines, and every problem the loader finds in it, in file order:
    the one path `validate`, `validate --source` and the loader's error report share."""
    data, lines, problems = parse(raw, name)
    if data is not None:
        problems += build(data, lines, name)[1]
    return data, lines, sorted(problems, key=lambda p: p.line or 0)


def read_bytes(file: Path) -> bytes:
    name = str(file)
    try:
        size = file.stat().st_size
        if size > MAX_BYTES:
            raise DatasetError([Problem(name, None, f"file is {size:,} bytes; the limit is {MAX_BYTES:,}")])
        with file.open("rb") as handle:
            # Read one byte past the cap: a file can grow between stat and read.
            raw = handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise DatasetError([Problem(name, None, "no such file")]) from None
    except IsADirectoryError:
        raise DatasetError([Problem(name, None, "is a directory, not a dataset file")]) from None
    except OSError as error:
        raise DatasetError([Problem(name, None, f"cannot read: {error.strerror or error}")]) from None
    if len(raw) > MAX_BYTES:
        raise DatasetError([Problem(name, None, f"file is over the {MAX_BYTES:,} byte limit")])
    return raw


# --- YAML events -> plain values with lines ----------------------------------------------------


def parse(raw: bytes, name: str) -> tuple[Any, dict[PathKey, int], list[Problem]]:
    """Plain Python values, the line of every value (by path), and the problems met on the way."""
    import yaml

    problems: list[Problem] = []
    if b"\x00" in raw:
        return None, {}, [Problem(name, None, "not a text file (contains NUL bytes)")]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        return None, {}, [Problem(name, None, f"not UTF-8 text (byte {error.start})")]
    loader_class = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    loader = loader_class(text)
    builder = _Builder(name, loader, problems)
    try:
        data = builder.run()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else None
        what = error.problem or error.context or "invalid YAML"
        return None, {}, [Problem(name, line, f"invalid YAML: {what}")]
    except yaml.reader.ReaderError as error:
        line = text[: error.position].count("\n") + 1
        char = error.character
        code = char if isinstance(char, int) else ord(char[:1] or "\0")
        return None, {}, [Problem(name, line, f"invalid YAML: control character U+{code:04X} is not allowed")]
    except yaml.YAMLError as error:
        return None, {}, [Problem(name, None, "invalid YAML: " + " ".join(str(error).split()))]
    except _Stop:
        return None, {}, problems
    finally:
        loader.dispose()
    if data is None and not problems:
        problems.append(Problem(name, 1, "the file is empty; expected a mapping with 'schema_version', 'source', ..."))
    return data, builder.lines, problems


class _Stop(Exception):
    """Raised when reading further would be unsafe (too deep, aliases)."""


class _Builder:
    def __init__(self, name: str, loader: Any, problems: list[Problem]) -> None:
        self.name = name
        self.loader = loader
        self.problems = problems
        self.lines: dict[PathKey, int] = {}

    def problem(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.name, line, message))

    def run(self) -> Any:
        import yaml

        documents = 0
        result: Any = None
        # A stack of [container, path, pending key, pending key line]: iterative, so depth costs no recursion.
        stack: list[list[Any]] = []
        for event in self._events():
            line = event.start_mark.line + 1
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    self.problem(line, "more than one YAML document; a dataset is a single mapping")
                    raise _Stop
                continue
            if isinstance(event, (yaml.StreamStartEvent, yaml.StreamEndEvent, yaml.DocumentEndEvent)):
                continue
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
                self.problem(line, "anchors and aliases (&, *) are not allowed; write the value out")
                raise _Stop
            if isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                done = stack.pop()
                value: Any = done[0]
                if not stack:
                    result = value
                continue
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                self._check_tag(event, line)
                value = {} if isinstance(event, yaml.MappingStartEvent) else []
                if stack:
                    if self._is_key_slot(stack[-1]):
                        self.problem(line, "a mapping key must be plain text")
                        raise _Stop
                    path = self._attach(stack[-1], value, line)
                else:
                    path = ()
                    self.lines[path] = line
                if len(stack) >= MAX_DEPTH:
                    self.problem(line, f"nested deeper than {MAX_DEPTH} levels")
                    raise _Stop
                stack.append([value, path, _NO_KEY, 0])
                continue
            # A scalar.
            value = self._scalar(event, line)
            if not stack:
                if value is not None:
                    self.problem(line, f"expected a mapping at the top of the file, found {_type_name(value)}")
                    raise _Stop
                continue
            top = stack[-1]
            if self._is_key_slot(top):
                if not isinstance(value, str):
                    self.problem(line, f"mapping key {event.value!r} must be text")
                    value = str(event.value)
                if value in top[0]:
                    first = self.lines.get((*top[1], value))
                    self.problem(line, f"duplicate key '{value}' (first at line {first})")
                    value = _Duplicate(value)
                top[2], top[3] = value, line
            else:
                self._attach(top, value, line)
        return result

    def _events(self) -> Iterator[Any]:
        loader = self.loader
        while loader.check_event():
            yield loader.get_event()

    @staticmethod
    def _is_key_slot(frame: list[Any]) -> bool:
        return isinstance(frame[0], dict) and frame[2] is _NO_KEY

    def _attach(self, frame: list[Any], value: Any, line: int) -> PathKey:
        container, path = frame[0], frame[1]
        if isinstance(container, list):
            key_path: PathKey = (*path, len(container))
            container.append(value)
            self.lines[key_path] = line
            return key_path
        key = frame[2]
        frame[2] = _NO_KEY
        if isinstance(key, _Duplicate):
            # The first value is kept and the duplicate reported; nothing is silently replaced.
            return (*path, key.key, "<duplicate>")
        key_path = (*path, key)
        container[key] = value
        self.lines[key_path] = frame[3]
        return key_path

    def _check_tag(self, event: Any, line: int) -> None:
        tag = event.tag
        if tag not in (None, "!", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:str"):
            self.problem(line, f"YAML tag {tag!r} is not allowed (the loader only reads plain data)")
            raise _Stop

    def _scalar(self, event: Any, line: int) -> Any:
        import yaml

        self._check_tag(event, line)
        value: str = event.value
        if event.tag == "tag:yaml.org,2002:str" or event.style or not event.implicit[0]:
            return value
        tag = self.loader.resolve(yaml.ScalarNode, value, (True, False))
        if tag.endswith(":null"):
            return None
        if tag.endswith(":bool"):
            if value.lower() in _YAML11_BOOLEANS:
                self.problem(line, f"'{value}' is read as a YAML 1.1 boolean; quote it if you meant text")
                return value
            return value.lower() == "true"
        if tag.endswith(":int"):
            try:
                return int(value.replace("_", ""), 0)
            except ValueError:
                return value
        if tag.endswith(":float"):
            try:
                return float(value.replace("_", ""))
            except ValueError:
                return value
        # Timestamps and everything else stay text: the schema's dates are text.
        return value


class _Duplicate:
    __slots__ = ("key",)

    def __init__(self, key: str) -> None:
        self.key = key


_NO_KEY = object()


def _type_name(value: Any) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return "nothing" if value is None else type(value).__name__


# --- plain values -> model ---------------------------------------------------------------------

_TOP_LEVEL = {"schema_version", "source", "sections", "synonyms", *COLLECTIONS}


def build(data: Any, lines: dict[PathKey, int], name: str) -> tuple[Dataset | None, list[Problem]]:
    """Check plain values against the schema in `model` and build the dataset (None if not usable)."""
    checker = _Checker(name, lines)
    dataset = checker.dataset(data)
    return dataset, checker.problems


def problem_at(name: str, lines: dict[PathKey, int], path: PathKey, message: str) -> Problem:
    """A problem at a value: its line (or its nearest parent's), and its path (`people[3].name`)."""
    line = None
    probe = path
    while line is None and probe:
        line = lines.get(probe)
        probe = probe[:-1]
    where = ".".join(str(p) if isinstance(p, str) else f"[{p}]" for p in path).replace(".[", "[")
    return Problem(name, line or lines.get(()), f"{where}: {message}" if where else message)


class _Checker:
    def __init__(self, name: str, lines: dict[PathKey, int]) -> None:
        self.name = name
        self.lines = lines
        self.problems: list[Problem] = []

    def problem(self, path: PathKey, message: str) -> None:
        self.problems.append(problem_at(self.name, self.lines, path, message))

    def dataset(self, data: Any) -> Dataset | None:
        if not isinstance(data, dict):
            self.problem((), f"expected a mapping at the top of the file, found {_type_name(data)}")
            return None
        for key in data:
            if key not in _TOP_LEVEL:
                self.problem((key,), f"unknown top-level key; expected one of {', '.join(sorted(_TOP_LEVEL))}")
        version = data.get("schema_version")
        if version != SCHEMA_VERSION:
            self.problem(("schema_version",), f"schema_version must be {SCHEMA_VERSION}, found {version!r}")
        source = self.record(Source, data.get("source"), ("source",))
        located_sections = self.built(Section, data, "sections", required=True)
        sections = [s for s, _ in located_sections]
        section_ids = self.unique_ids(located_sections, "section")
        for section, path in located_sections:
            if section.parent is not None and section.parent not in section_ids:
                self.problem((*path, "parent"), f"unknown section '{section.parent}'")
        synonyms = [group for group, _ in self.built(Synonyms, data, "synonyms", required=False)]
        located = {key: self.built(cls, data, key, required=False) for key, cls in COLLECTIONS.items()}
        collections = {key: [r for r, _ in pairs] for key, pairs in located.items()}
        kinds: dict[str, str] = {}
        for key, records in collections.items():
            for r in records:
                kinds.setdefault(r.id, key)
        self.unique_ids([pair for pairs in located.values() for pair in pairs], "record")
        self.check_references(data, collections, kinds, section_ids)
        if self.problems or source is None:
            return None
        return Dataset(
            path=self.name,
            schema_version=SCHEMA_VERSION,
            source=source,
            sections=tuple(sections),
            synonyms=tuple(synonyms),
            store=EagerStore({key: tuple(rs) for key, rs in collections.items()}),
        )

    def built(self, cls: type[Any], data: dict[str, Any], key: str, *, required: bool) -> list[tuple[Any, PathKey]]:
        """The records of one top-level list that passed their checks, each with its path."""
        value = data.get(key)
        if value is None:
            if required:
                self.problem((key,) if key in data else (), f"'{key}' is required and must be a list")
            return []
        if not isinstance(value, list):
            self.problem((key,), f"must be a list, found {_type_name(value)}")
            return []
        located = [(self.record(cls, item, (key, i)), (key, i)) for i, item in enumerate(value)]
        return [(record, path) for record, path in located if record is not None]

    def unique_ids(self, located: list[tuple[Any, PathKey]], what: str) -> set[str]:
        first: dict[str, PathKey] = {}
        for record, path in located:
            if record.id in first:
                line = self.lines.get((*first[record.id], "id"))
                self.problem((*path, "id"), f"duplicate {what} id '{record.id}' (first at line {line})")
            else:
                first[record.id] = path
        return set(first)

    def record(self, cls: type[Any], item: Any, path: PathKey) -> Any:
        if not isinstance(item, dict):
            self.problem(path, f"expected a mapping, found {_type_name(item)}")
            return None
        schema = specs(cls)
        known = {spec[0] for spec in schema}
        for key in item:
            if key not in known:
                self.problem((*path, key), f"unknown field; expected one of {', '.join(sorted(known))}")
        values: dict[str, Any] = {}
        ok = True
        for fname, type_, required, _ in schema:
            if fname not in item or item[fname] is None:
                if required:
                    self.problem(path, f"'{fname}' is required")
                    ok = False
                continue
            value = self.value(type_, item[fname], (*path, fname))
            if value is _BAD:
                ok = False
            else:
                values[fname] = value
        if not ok:
            return None
        if cls is Statistic:
            ok = self.check_statistic(item, path)
        return cls(**values) if ok else None

    def value(self, type_: str, value: Any, path: PathKey) -> Any:
        if type_ in ("text", "ref", "date"):
            if not isinstance(value, str):
                self.problem(path, f"must be text, found {_type_name(value)}")
                return _BAD
            if not value.strip():
                self.problem(path, "must not be empty")
                return _BAD
            if type_ == "date":
                try:
                    parse_date(value)
                except ValueError as error:
                    self.problem(path, str(error))
                    return _BAD
            return value
        if type_ in ("texts", "refs", "sections"):
            if not isinstance(value, list):
                self.problem(path, f"must be a list, found {_type_name(value)}")
                return _BAD
            if type_ == "sections" and not value:
                self.problem(path, "must cite at least one section")
                return _BAD
            items = [self.value("text", v, (*path, i)) for i, v in enumerate(value)]
            return _BAD if _BAD in items else tuple(items)
        if type_ in ("number", "integer"):
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                self.problem(path, f"must be a number, found {_type_name(value)}")
                return _BAD
            if type_ == "integer" and not isinstance(value, int):
                self.problem(path, "must be a whole number")
                return _BAD
            return value
        if type_ == "roles":
            if not isinstance(value, list):
                self.problem(path, f"must be a list, found {_type_name(value)}")
                return _BAD
            roles = [self.record(Role, v, (*path, i)) for i, v in enumerate(value)]
            return _BAD if None in roles else tuple(roles)
        raise AssertionError(f"unknown field type {type_}")

    def check_statistic(self, item: dict[str, Any], path: PathKey) -> bool:
        derived = bool(item.get("derived_from"))
        if derived and item.get("stated") is not None:
            self.problem(path, "a derived figure has no 'stated' wording; the article does not state it")
            return False
        if derived and not item.get("formula"):
            self.problem(path, "a derived figure needs a 'formula' saying how it was computed")
            return False
        if not derived and item.get("stated") is None:
            self.problem(path, "a figure needs 'stated' (the article's wording) or 'derived_from' and 'formula'")
            return False
        return True

    def check_references(
        self,
        data: dict[str, Any],
        collections: dict[str, list[Record]],
        kinds: dict[str, str],
        section_ids: set[str],
    ) -> None:
        for key, cls in COLLECTIONS.items():
            raw_items = data.get(key)
            if not isinstance(raw_items, list):
                continue
            for i, item in enumerate(raw_items):
                if isinstance(item, dict):
                    self.check_item_refs(cls, item, (key, i), kinds, section_ids)

    def check_item_refs(
        self, cls: type[Any], item: dict[str, Any], path: PathKey, kinds: dict[str, str], section_ids: set[str]
    ) -> None:
        for fname, type_, _, allowed in specs(cls):
            value = item.get(fname)
            if value is None:
                continue
            if type_ == "roles" and isinstance(value, list):
                for j, role in enumerate(value):
                    if isinstance(role, dict):
                        self.check_item_refs(Role, role, (*path, fname, j), kinds, section_ids)
                continue
            targets = value if isinstance(value, list) else [value]
            for j, target in enumerate(targets):
                where = (*path, fname, j) if isinstance(value, list) else (*path, fname)
                if not isinstance(target, str):
                    continue
                if type_ == "sections" and target not in section_ids:
                    self.problem(where, f"unknown section '{target}'")
                elif type_ in ("ref", "refs"):
                    kind = kinds.get(target)
                    if kind is None:
                        self.problem(where, f"unknown id '{target}' (expected one of: {', '.join(allowed)})")
                    elif kind not in allowed:
                        self.problem(where, f"'{target}' is in {kind}; expected one of: {', '.join(allowed)}")


_BAD = object()
