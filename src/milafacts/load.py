"""Read a dataset file, check it, and build the model. Raw YAML values never leave this module.

The YAML is read event by event rather than with `yaml.safe_load`, so that the loader can:
- give every value its line (errors read `file:line: what is wrong`);
- refuse what PyYAML would silently accept: duplicate keys (it keeps the last), YAML 1.1 booleans
  where text was meant (`no`, `on`, `off`), anchors and aliases (alias bombs), tags of any kind;
- cap nesting depth and file size, so a hostile file cannot hang or exhaust the process, and read
  regular files only (a FIFO or a device would block the read forever or never end).
The event parser is libyaml's when PyYAML was built with it, the pure-Python one otherwise.

`validate` and every command see the same problems in the same order: `parse` and `build` each return
theirs in file order, and `parse` runs the schema checks itself when the YAML already has problems,
so a caller that stops at `parse`'s problems (the loader does) still reports all of them.
"""

from __future__ import annotations

import gc
import os
import stat
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from milafacts import cache as _cache
from milafacts.errors import DatasetError, Problem
from milafacts.model import (
    BAD,
    COLLECTIONS,
    SCHEMA_VERSION,
    Dataset,
    Named,
    PathKey,
    Record,
    Records,
    Section,
    Sections,
    Source,
    Synonyms,
    french_gaps,
    french_mismatches,
    specs,
    type_name,
)
from milafacts.store import EagerStore
from milafacts.text import NBSP, grouped

# Far above any curated dataset (the bundled one is about 0.1 MiB) and above a 100,000-record one
# (about 40 MiB, bench/scale.py), yet a cap: the whole file is read into memory before parsing.
MAX_BYTES = 128 * 1024 * 1024
MAX_DEPTH = 32
_At = tuple[str, int]  # a record's place: its collection and index (`people`, 3)
_YAML11_BOOLEANS = {"yes", "no", "on", "off", "y", "n"}

# Progress is shown on a terminal from the size at which reading and checking takes about a second.
# Measured with bench/scale.py's synthetic() on 2 shared cores (AMD EPYC, Python 3.11), parse + checks:
#   libyaml:     1,000 records (295 KB) 0.08 s; 10,000 (3.0 MB) 0.82 s; 30,000 (9.1 MB) 2.5 s;
#                100,000 (30.5 MB) 9.8 s (7.8 s parse, 2.0 s checks): about 3.5 MB/s;
#   pure Python: 1,000 records 0.48 s; 3,000 (891 KB) 1.45 s: about 0.6 MB/s.
_PROGRESS_BYTES = 3 * 1024 * 1024  # about 0.9 s with libyaml
_PROGRESS_BYTES_PURE = 512 * 1024  # about 0.85 s with PyYAML's pure-Python parser
# The checks see values, not bytes: a synthetic file holds one value per 20 bytes (the bundled one,
# one per 26), so 150,000 values is the 3 MiB file above; checking them takes about 0.2 s, and
# 100,000 records (1.5 million values) 2 s.
_PROGRESS_VALUES = 150_000


def bundled_path() -> Path:
    """The dataset shipped inside the package. Installed on disk (a wheel), it is the file beside
    this module, which is what `importlib.resources.files` gives for such a package, without its
    imports (zipfile, tempfile: 2.5-3 ms, paid by every lookup, measured beside typer and Rich).
    Anything else goes through `importlib.resources`: a source checkout, whose package has no data/
    (the repository's `data/facts.yaml` is the copy), or a zipped package, whose dataset has no file
    to stat for the parse cache and is extracted once into the cache folder."""
    beside = Path(__file__).resolve().parent / "data" / "facts.yaml"
    if beside.is_file():
        return beside
    from importlib.resources import files

    packaged = files("milafacts").joinpath("data").joinpath("facts.yaml")
    if isinstance(packaged, Path):
        return packaged if packaged.is_file() else packaged.parent.parent.parent.parent / "data" / "facts.yaml"
    return _extracted(packaged.read_bytes())


def _extracted(data: bytes) -> Path:
    """The bundled dataset of a zipped package, as a file in the cache folder named by its digest."""
    import hashlib

    from milafacts import cache

    folder = cache.directory()
    target = folder / f"bundled-{hashlib.blake2b(data, digest_size=16).hexdigest()}.yaml"
    if not target.is_file():
        folder.mkdir(parents=True, exist_ok=True)
        partial = target.with_suffix(f".{os.getpid()}.part")
        partial.write_bytes(data)
        partial.replace(target)
    return target


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
    dataset, _, _, problems = _examined(raw, name)
    if problems or dataset is None:
        raise DatasetError(problems or [Problem(name, None, "no data", "aucune donnée")])
    return dataset


def _examined(raw: bytes, name: str) -> tuple[Dataset | None, Any, dict[PathKey, int], list[Problem]]:
    """The one path of the loader and of `validate`: `parse`, then `build` when `parse` found nothing
    (when it did, it has already run `build`'s checks), so both report the same problems in the
    same order; tests/test_validate_same_report.py compares them on hundreds of files."""
    data, lines, problems = parse(raw, name)
    dataset = None
    if not problems:
        dataset, problems = build(data, lines, name)
    return dataset, data, lines, problems


def check(path: str | os.PathLike[str] | None = None) -> list[Problem]:
    """Every problem with a dataset, in file order; empty when it is clean."""
    file = Path(path) if path is not None else bundled_path()
    try:
        raw = read_bytes(file)
    except DatasetError as error:
        return error.problems
    return checked(raw, str(file))[2]


def untranslated(path: str | os.PathLike[str] | None = None) -> list[Problem]:
    """What lacks its French, one line per record, section or header (`validate` lists these as
    warnings): a dataset without French still loads, and answers in English where French is missing.
    Nothing for a dataset with problems: those come first."""
    file = Path(path) if path is not None else bundled_path()
    try:
        data, lines, problems = checked(read_bytes(file), str(file))
    except DatasetError:
        return []
    if problems or not isinstance(data, dict):
        return []
    items: list[tuple[type[Any], Any, PathKey]] = [(Source, data.get("source"), ("source",))]
    items += [(Section, item, ("sections", i)) for i, item in enumerate(data.get("sections") or [])]
    for key, cls in COLLECTIONS.items():
        items += [(cls, item, (key, i)) for i, item in enumerate(data.get(key) or [])]
    found = []
    for cls, item, where in items:
        gaps = french_gaps(cls, item) if isinstance(item, dict) else []
        if gaps:
            listed = ", ".join(gaps)
            found.append(
                problem_at(
                    str(file),
                    lines,
                    where,
                    f"warning: no French for {listed} (fr:)",
                    f"avertissement{NBSP}: pas de français pour {listed} (fr:)",
                )
            )
    return found


def checked(raw: bytes, name: str) -> tuple[Any, dict[PathKey, int], list[Problem]]:
    """A dataset's plain values, their lines, and every problem the loader finds in it, in file order:
    what `validate` and `validate --source` report, by the loader's own path (`_examined`)."""
    _, data, lines, problems = _examined(raw, name)
    return data, lines, problems


def _in_file_order(problems: list[Problem]) -> list[Problem]:
    # Stable: problems on one line keep the order they were found in. File-wide ones (no line) first.
    return sorted(problems, key=lambda p: p.line or 0)


# O_NONBLOCK: opening a FIFO for reading otherwise waits for a writer, forever if none comes; on a
# regular file it changes nothing. O_NOCTTY: a terminal device named as a dataset must not become
# the process's controlling terminal before it is refused. (Neither exists on Windows.)
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)


def read_bytes(file: Path) -> bytes:
    """The bytes of a dataset file: a regular file of at most MAX_BYTES, or a `DatasetError`."""
    name = str(file)
    try:
        # Checked before opening (a FIFO, a device, a socket is refused without touching it) and again
        # on what was opened, so a file swapped for a FIFO between the two calls is refused too.
        _regular_file(name, os.stat(file))
        handle = open(os.open(file, _OPEN_FLAGS), "rb")  # noqa: SIM115 (closed just below)
        with handle:
            info = os.fstat(handle.fileno())
            _regular_file(name, info)
            if info.st_size > MAX_BYTES:
                raise DatasetError(
                    [
                        Problem(
                            name,
                            None,
                            f"file is {info.st_size:,} bytes; the limit is {MAX_BYTES:,}",
                            f"le fichier fait {grouped(info.st_size)} octets{NBSP}; "
                            f"la limite est de {grouped(MAX_BYTES)}",
                        )
                    ]
                )
            # Read one byte past the cap: a file can grow between stat and read.
            raw = handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise DatasetError([Problem(name, None, "no such file", "fichier introuvable")]) from None
    except IsADirectoryError:
        raise DatasetError([_directory(name)]) from None
    except OSError as error:
        why = error.strerror or error  # the system's words, in English
        raise DatasetError([Problem(name, None, f"cannot read: {why}", f"lecture impossible{NBSP}: {why}")]) from None
    except ValueError:  # a NUL byte in the path (possible from Python, not from a shell)
        raise DatasetError(
            [
                Problem(
                    name,
                    None,
                    "cannot read: the path contains a NUL byte",
                    f"lecture impossible{NBSP}: le chemin contient un octet NUL",
                )
            ]
        ) from None
    if len(raw) > MAX_BYTES:
        raise DatasetError(
            [
                Problem(
                    name,
                    None,
                    f"file is over the {MAX_BYTES:,} byte limit",
                    f"le fichier dépasse la limite de {grouped(MAX_BYTES)} octets",
                )
            ]
        )
    return raw


_NOT_REGULAR = (
    (stat.S_ISFIFO, "a FIFO", "un tube nommé (FIFO)"),
    (stat.S_ISSOCK, "a socket", "une socket"),
    (stat.S_ISCHR, "a character device", "un périphérique caractère"),
    (stat.S_ISBLK, "a block device", "un périphérique bloc"),
)


def _regular_file(name: str, info: os.stat_result) -> None:
    mode = info.st_mode
    if stat.S_ISREG(mode):
        return
    if stat.S_ISDIR(mode):
        raise DatasetError([_directory(name)])
    what, quoi = next(((en, fr) for test, en, fr in _NOT_REGULAR if test(mode)), ("not a file", "pas un fichier"))
    raise DatasetError(
        [
            Problem(
                name,
                None,
                f"not a regular file ({what}); a dataset is a regular file",
                f"pas un fichier ordinaire ({quoi}){NBSP}; un jeu de données est un fichier ordinaire",
            )
        ]
    )


def _directory(name: str) -> Problem:
    return Problem(
        name, None, "is a directory, not a dataset file", "est un dossier, et non un fichier de jeu de données"
    )


# --- YAML events -> plain values with lines ----------------------------------------------------


def parse(raw: bytes, name: str) -> tuple[Any, dict[PathKey, int], list[Problem]]:
    """Plain Python values, the line of every value (by path), and the problems met on the way, in
    file order. When there are any and the values could be read, they include the schema checks'
    (`build`'s): the file is unusable anyway, and its report must be complete whoever stops here."""
    data, lines, problems = _read_yaml(raw, name)
    if problems and data is not None:
        problems += build(data, lines, name)[1]
    return data, lines, _in_file_order(problems)


def _read_yaml(raw: bytes, name: str) -> tuple[Any, dict[PathKey, int], list[Problem]]:
    import yaml

    problems: list[Problem] = []
    if b"\x00" in raw:
        return (
            None,
            {},
            [
                Problem(
                    name,
                    None,
                    "not a text file (contains NUL bytes)",
                    "pas un fichier texte (il contient des octets NUL)",
                )
            ],
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        return (
            None,
            {},
            [Problem(name, None, f"not UTF-8 text (byte {error.start})", f"pas du texte UTF-8 (octet {error.start})")],
        )
    libyaml = getattr(yaml, "CSafeLoader", None)
    loader = (libyaml or yaml.SafeLoader)(text)
    builder = _Builder(name, loader, problems)
    from milafacts import progress as _progress  # here, not above: a cached lookup never parses

    shown = None
    if _progress.wanted(len(raw), _PROGRESS_BYTES if libyaml is not None else _PROGRESS_BYTES_PURE):
        shown = _progress.Progress(f"Reading {Path(name).name}", len(text))
        builder.progress = shown.update
    try:
        data = builder.run()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else None
        what = error.problem or error.context or "invalid YAML"
        # PyYAML's own words (`while parsing a flow sequence`), in English in either language.
        return None, {}, [Problem(name, line, f"invalid YAML: {what}", f"YAML invalide{NBSP}: {what}")]
    except yaml.reader.ReaderError as error:
        line = text[: error.position].count("\n") + 1
        char = error.character
        code = char if isinstance(char, int) else ord(char[:1] or "\0")
        return (
            None,
            {},
            [
                Problem(
                    name,
                    line,
                    f"invalid YAML: control character U+{code:04X} is not allowed",
                    f"YAML invalide{NBSP}: le caractère de contrôle U+{code:04X} n'est pas permis",
                )
            ],
        )
    except yaml.YAMLError as error:
        what = " ".join(str(error).split())
        return None, {}, [Problem(name, None, f"invalid YAML: {what}", f"YAML invalide{NBSP}: {what}")]
    except _Stop:
        return None, {}, problems
    finally:
        loader.dispose()
        if shown is not None:
            shown.close()
    if data is None and not problems:
        problems.append(
            Problem(
                name,
                1,
                "the file is empty; expected a mapping with 'schema_version', 'source', ...",
                f"le fichier est vide{NBSP}; il doit contenir un dictionnaire avec «{NBSP}schema_version{NBSP}», "
                f"«{NBSP}source{NBSP}», ...",
            )
        )
    return data, builder.lines, problems


class _Stop(Exception):
    """Raised when reading further would be unsafe (too deep, aliases)."""


class _Builder:
    def __init__(self, name: str, loader: Any, problems: list[Problem]) -> None:
        self.name = name
        self.loader = loader
        self.problems = problems
        self.lines: dict[PathKey, int] = {}
        # Told how far the parser has read (in characters), when progress is shown.
        self.progress: Callable[[int], None] | None = None

    def problem(self, line: int, message: str, french: str) -> None:
        self.problems.append(Problem(self.name, line, message, french))

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
                    self.problem(
                        line,
                        "more than one YAML document; a dataset is a single mapping",
                        f"plus d'un document YAML{NBSP}; un jeu de données est un seul dictionnaire",
                    )
                    raise _Stop
                continue
            if isinstance(event, (yaml.StreamStartEvent, yaml.StreamEndEvent, yaml.DocumentEndEvent)):
                continue
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
                self.problem(
                    line,
                    "anchors and aliases (&, *) are not allowed; write the value out",
                    f"les ancres et les alias YAML (&, *) ne sont pas permis{NBSP}; écrivez la valeur en entier",
                )
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
                        self.problem(line, "a mapping key must be plain text", "une clé doit être du texte simple")
                        raise _Stop
                    path = self._attach(stack[-1], value, line)
                else:
                    path = ()
                    self.lines[path] = line
                if len(stack) >= MAX_DEPTH:
                    self.problem(
                        line, f"nested deeper than {MAX_DEPTH} levels", f"imbrication de plus de {MAX_DEPTH} niveaux"
                    )
                    raise _Stop
                stack.append([value, path, _NO_KEY, 0])
                continue
            # A scalar.
            value = self._scalar(event, line)
            if not stack:
                if value is not None:
                    self.problem(
                        line,
                        f"expected a mapping at the top of the file, found {type_name(value)}",
                        f"le fichier doit contenir un dictionnaire, et non {type_name(value, 'fr')}",
                    )
                    raise _Stop
                continue
            top = stack[-1]
            if self._is_key_slot(top):
                if not isinstance(value, str):
                    self.problem(
                        line,
                        f"mapping key {event.value!r} must be text",
                        f"la clé «{NBSP}{event.value}{NBSP}» doit être du texte",
                    )
                    value = str(event.value)
                if value in top[0]:
                    first = self.lines.get((*top[1], value))
                    self.problem(
                        line,
                        f"duplicate key '{value}' (first at line {first})",
                        f"clé «{NBSP}{value}{NBSP}» en double (déjà à la ligne {first})",
                    )
                    value = _Duplicate(value)
                top[2], top[3] = value, line
            else:
                self._attach(top, value, line)
        return result

    def _events(self) -> Iterator[Any]:
        loader = self.loader
        progress = self.progress
        if progress is None:
            while loader.check_event():
                yield loader.get_event()
            return
        # A large file: report the position every 4,096 events (about 44 KB of YAML, 70 reports per
        # 3 MB), costing nothing measurable next to the parse itself.
        count = 0
        while loader.check_event():
            event = loader.get_event()
            count += 1
            if not count & 4095:
                progress(event.start_mark.index)
            yield event

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
            self.problem(
                line,
                f"YAML tag {tag!r} is not allowed (the loader only reads plain data)",
                f"l'étiquette YAML «{NBSP}{tag}{NBSP}» n'est pas permise (le chargeur ne lit que des données simples)",
            )
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
                self.problem(
                    line,
                    f"'{value}' is read as a YAML 1.1 boolean; quote it if you meant text",
                    f"«{NBSP}{value}{NBSP}» se lit comme un booléen YAML 1.1{NBSP}; "
                    "mettez-le entre guillemets si c'est du texte",
                )
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


# --- plain values -> model ---------------------------------------------------------------------

_TOP_LEVEL = {"schema_version", "source", "sections", "synonyms", *COLLECTIONS}
_NAMED = {key for key, cls in COLLECTIONS.items() if issubclass(cls, Named)}  # the collections with names


def build(data: Any, lines: dict[PathKey, int], name: str) -> tuple[Dataset | None, list[Problem]]:
    """Check plain values against the schema in `model` and build the dataset (None if not usable);
    the problems come in file order."""
    checker = _Checker(name, lines)
    from milafacts import progress as _progress  # here, not above: a cached lookup never checks

    shown = None
    if isinstance(data, dict) and _progress.wanted(len(lines), _PROGRESS_VALUES):
        counts = {key: len(v) for key, v in data.items() if key in COLLECTIONS and isinstance(v, list)}
        items = sum(counts.values())
        named = sum(n for key, n in counts.items() if key in _NAMED)
        # Four passes: every record's own checks, every record's references, names, then aliases.
        shown = _progress.Progress(f"Checking {items:,} records", 2 * items + 2 * named)
        checker.progress = shown.update
    try:
        dataset = checker.dataset(data)
    finally:
        if shown is not None:
            shown.close()
    return dataset, _in_file_order(checker.problems)


def problem_at(name: str, lines: dict[PathKey, int], path: PathKey, message: str, french: str | None = None) -> Problem:
    """A problem at a value: its line (or its nearest parent's), and its path (`people[3].name`);
    `french`, the same in French."""
    line = None
    probe = path
    while line is None and probe:
        line = lines.get(probe)
        probe = probe[:-1]
    where = ".".join(str(p) if isinstance(p, str) else f"[{p}]" for p in path).replace(".[", "[")
    if where:
        message = f"{where}: {message}"
        french = f"{where}{NBSP}: {french}" if french else None
    return Problem(name, line or lines.get(()), message, french)


class _Checker:
    """The schema checks. Ids are collected from the file as written, not from the records that passed
    their own checks: a record with a bad date still exists for the records pointing at it, and for
    the duplicate id check (one real problem, not a cascade of false "unknown id" and none hidden)."""

    def __init__(self, name: str, lines: dict[PathKey, int]) -> None:
        self.name = name
        self.lines = lines
        self.problems: list[Problem] = []
        # Told how many records have been through a pass, when progress is shown.
        self.progress: Callable[[int], None] | None = None
        self._done = 0
        self.also: dict[str, list[str]] = {}  # id -> collections of its duplicates (see declared_ids)

    def problem(self, path: PathKey, message: str, french: str) -> None:
        self.problems.append(problem_at(self.name, self.lines, path, message, french))

    def dataset(self, data: Any) -> Dataset | None:
        if not isinstance(data, dict):
            self.problem(
                (),
                f"expected a mapping at the top of the file, found {type_name(data)}",
                f"le fichier doit contenir un dictionnaire, et non {type_name(data, 'fr')}",
            )
            return None
        for key in data:
            if key not in _TOP_LEVEL:
                listed = ", ".join(sorted(_TOP_LEVEL))
                self.problem(
                    (key,),
                    f"unknown top-level key; expected one of {listed}",
                    f"clé de premier niveau inconnue{NBSP}; clés permises{NBSP}: {listed}",
                )
        version = data.get("schema_version")
        if version != SCHEMA_VERSION:
            self.problem(
                ("schema_version",),
                f"schema_version must be {SCHEMA_VERSION}, found {version!r}",
                f"schema_version doit valoir {SCHEMA_VERSION}, et non "
                f"{'une valeur vide' if version is None else repr(version)}",
            )
        source = self.record(Source, data.get("source"), ("source",))
        # Two namespaces: section ids are unique among sections and only `sections` and `parent` name
        # them; record ids are unique across every record collection, and references name them.
        # A section and a record may share an id (the bundled dataset's `italy` is both).
        section_ids = self.declared_ids(data, ("sections",), "section")
        sections = [s for s, _ in self.built(Section, data, "sections", required=True)]
        given = data.get("sections")
        for i, item in enumerate(given if isinstance(given, list) else ()):
            parent = item.get("parent") if isinstance(item, dict) else None
            if isinstance(parent, str) and parent not in section_ids:
                self.problem(
                    ("sections", i, "parent"),
                    f"unknown section '{parent}'",
                    f"section «{NBSP}{parent}{NBSP}» inconnue",
                )
        synonyms = [group for group, _ in self.built(Synonyms, data, "synonyms", required=False)]
        located = {key: self.built(cls, data, key, required=False) for key, cls in COLLECTIONS.items()}
        collections = {key: [r for r, _ in pairs] for key, pairs in located.items()}
        declared = self.declared_ids(data, tuple(COLLECTIONS), "record")
        self.check_references(data, collections, declared, set(section_ids))
        self.check_names(data, declared)
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
                self.problem(
                    (key,) if key in data else (),
                    f"'{key}' is required and must be a list",
                    f"«{NBSP}{key}{NBSP}» est obligatoire et doit être une liste",
                )
            return []
        if not isinstance(value, list):
            self.problem(
                (key,),
                f"must be a list, found {type_name(value)}",
                f"doit être une liste, et non {type_name(value, 'fr')}",
            )
            return []
        located = [(self.record(cls, item, (key, i)), (key, i)) for i, item in self._counted(value)]
        return [(record, path) for record, path in located if record is not None]

    def _counted(self, items: list[Any]) -> Iterator[tuple[int, Any]]:
        """`enumerate(items)`, telling the progress display every 1,000 records when one is shown."""
        if self.progress is None:
            yield from enumerate(items)
            return
        for i, item in enumerate(items):
            self._done += 1
            if not self._done % 1000:
                self.progress(self._done)
            yield i, item

    def declared_ids(self, data: dict[str, Any], keys: tuple[str, ...], what: str) -> dict[str, _At]:
        """Every id the file declares under `keys` (well-formed ones: text, not blank), to where it is
        first declared, whether or not its record passed its own checks. Duplicates are reported,
        and the collections of later ones kept in `also`: a reference to a duplicated id is checked
        against all of its records, so the duplicate is the one problem, not also a wrong kind."""
        first: dict[str, _At] = {}
        for key in keys:
            items = data.get(key)
            if not isinstance(items, list):
                continue
            for i, item in enumerate(items):
                record_id = item.get("id") if isinstance(item, dict) else None
                if not isinstance(record_id, str) or not record_id.strip():
                    continue  # the record's own checks report it
                at = first.get(record_id)
                if at is None:
                    first[record_id] = (key, i)
                    continue
                line = self.lines.get((*at, "id"))
                self.problem(
                    (key, i, "id"),
                    f"duplicate {what} id '{record_id}' (first at line {line})",
                    f"identifiant de {'section' if what == 'section' else 'fiche'} «{NBSP}{record_id}{NBSP}» "
                    f"en double (déjà à la ligne {line})",
                )
                if what == "record":
                    self.also.setdefault(record_id, []).append(key)
        return first

    def record(self, cls: type[Any], item: Any, path: PathKey) -> Any:
        if not isinstance(item, dict):
            self.problem(
                path,
                f"expected a mapping, found {type_name(item)}",
                f"doit être un dictionnaire, et non {type_name(item, 'fr')}",
            )
            return None
        schema = specs(cls)
        known = {spec[0] for spec in schema}
        for key in item:
            if key not in known:
                listed = ", ".join(sorted(known))
                self.problem(
                    (*path, key),
                    f"unknown field; expected one of {listed}",
                    f"champ inconnu{NBSP}; champs permis{NBSP}: {listed}",
                )
        values: dict[str, Any] = {}
        ok = True
        for fname, field in cls.FIELDS.items():
            if fname not in item or item[fname] is None:
                if field.required:
                    self.problem(path, f"'{fname}' is required", f"«{NBSP}{fname}{NBSP}» est obligatoire")
                    ok = False
                continue
            value = field.kind.check(item[fname], self, (*path, fname))
            if value is BAD:
                ok = False
            else:
                values[fname] = value
        for where, message, french in french_mismatches(cls, values):
            self.problem((*path, *where), message, french)
            ok = False
        if issubclass(cls, Named) and not self.plain_spellings(values, path):
            ok = False
        if not ok:
            return None
        broken = cls.rules(values)  # the class's own rules across its fields
        for message, french in broken:
            self.problem(path, message, french)
        return None if broken else cls(**values)

    def plain_spellings(self, values: dict[str, Any], path: PathKey) -> bool:
        """Whether a record's name, aliases and honorific are free of characters that do not show:
        control characters (C0, DEL, C1; tabs and line breaks included), zero-width characters and
        bidi controls. They make spellings that look the same not match (`Italy`, and `Italy` with a
        U+200B inside), reorder or hide text on a terminal, or (ESC) drive the terminal itself."""
        aliases: tuple[str, ...] = values.get("aliases", ())
        # isprintable() is False for every character of _UNSEEN (and for a few harmless ones, such as
        # the no-break space): one C-level test of all the spellings at once, and the search below
        # only for a record that fails it.
        if "".join((values.get("name", ""), values.get("honorific", ""), *aliases)).isprintable():
            return True
        import re

        ok = True
        located = [("name", None), ("honorific", None), *(("aliases", j) for j in range(len(aliases)))]
        for fname, j in located:
            spelling = values.get(fname) if j is None else aliases[j]
            found = re.search(_UNSEEN, spelling) if isinstance(spelling, str) else None
            if found is not None:
                self.problem(
                    (*path, fname) if j is None else (*path, fname, j),
                    f"contains {_describe(found.group())} at character {found.start() + 1}; "
                    "names and aliases must be plain text",
                    f"contient {_describe(found.group(), 'fr')} au caractère {found.start() + 1}{NBSP}; "
                    "les noms et les alias doivent être du texte simple",
                )
                ok = False
        return ok

    def check_names(self, data: dict[str, Any], declared: dict[str, _At]) -> None:
        """Every spelling a user may type for a record (name, alias, honorific + name) names that
        record only, once normalized as lookups normalize it (`text.normalize`: case, accents and
        punctuation ignored), and is no other record's id. Across all collections, not per
        collection: `show` takes an id, else looks the name up in every collection and takes the
        first, and a name given to the wrong command is pointed to the right one; each must find
        one record. Names are registered before aliases, so an alias that repeats another record's
        name is the one reported, wherever it is in the file."""
        from milafacts.text import fold, normalize

        # Spelling -> its record. The record's place is one tuple shared by all its spellings: at
        # 100,000 records a tuple per spelling would hold another 20 MB until the checks end. The
        # check costs 0.4 s there (130,000 spellings; half of it is `normalize`), 4% of a cold load.
        first: dict[str, _At] = {}
        named = [(key, items) for key, items in data.items() if key in _NAMED and isinstance(items, list)]
        for aliases in (False, True):
            for key, items in named:
                for i, item in self._counted(items):
                    if not isinstance(item, dict):
                        continue
                    record: _At = (key, i)
                    for spelling, where in _spellings(item, record, aliases=aliases):
                        normal = normalize(spelling)
                        if not normal:
                            continue
                        # `show` tries the text as an id first: `summit` typed for an alias `Summit`,
                        # or `g7-finale` for an alias `G7-finale` (an id's only character that
                        # normalizing drops is the hyphen).
                        owner = declared.get(normal)
                        if owner is None and "-" in spelling:
                            owner = declared.get(fold(spelling).strip())
                        if owner is None or owner == record:
                            owner = first.setdefault(normal, record)
                        if owner != record:
                            shown = _escaped(spelling)
                            self.problem(
                                where,
                                f"'{shown}' already names {self._who(data, owner, normal)} once case, "
                                "accents and punctuation are ignored; a name or alias must name one record",
                                f"«{NBSP}{shown}{NBSP}» désigne déjà {self._who(data, owner, normal, 'fr')} si l'on "
                                f"ignore la casse, les accents et la ponctuation{NBSP}; un nom ou un alias ne doit "
                                "désigner qu'une seule fiche",
                            )

    def _who(self, data: dict[str, Any], at: _At, normal: str, lang: str = "en") -> str:
        """A record as a problem names it: `'italy' (line 12)`, the line of its spelling that
        normalizes to `normal`, else of its id (`'summit' (line 9, its id)`); in French
        `« italy » (ligne 12)`, `« summit » (ligne 9, son identifiant)`."""
        from milafacts.text import normalize

        fr = lang == "fr"
        item = data[at[0]][at[1]]
        record_id = item.get("id")
        if isinstance(record_id, str) and record_id.strip():
            who = f"«{NBSP}{record_id}{NBSP}»" if fr else f"'{record_id}'"
        else:
            who = f"{at[0]}[{at[1]}]"
        line = "ligne" if fr else "line"
        for aliases in (False, True):
            for spelling, where in _spellings(item, at, aliases=aliases):
                if normalize(spelling) == normal:
                    return f"{who} ({line} {self.lines.get(where)})"
        return f"{who} ({line} {self.lines.get((*at, 'id'))}, {'son identifiant' if fr else 'its id'})"

    def check_references(
        self,
        data: dict[str, Any],
        collections: dict[str, list[Record]],
        declared: dict[str, _At],
        section_ids: set[str],
    ) -> None:
        for key, cls in COLLECTIONS.items():
            raw_items = data.get(key)
            if not isinstance(raw_items, list):
                continue
            for i, item in self._counted(raw_items):
                if isinstance(item, dict):
                    self.check_item_refs(cls, item, (key, i), declared, section_ids)

    def check_item_refs(
        self,
        cls: type[Any],
        item: dict[str, Any],
        path: PathKey,
        declared: dict[str, _At],
        section_ids: set[str],
    ) -> None:
        for fname, field in cls.FIELDS.items():
            value = item.get(fname)
            if value is None:
                continue
            kind, allowed = field.kind, field.refs
            if isinstance(kind, Records):
                if isinstance(value, list):
                    for j, nested in enumerate(value):
                        if isinstance(nested, dict):
                            self.check_item_refs(kind.cls, nested, (*path, fname, j), declared, section_ids)
                continue
            targets = value if isinstance(value, list) else [value]
            for j, target in enumerate(targets):
                where = (*path, fname, j) if isinstance(value, list) else (*path, fname)
                if not isinstance(target, str):
                    continue
                if isinstance(kind, Sections) and target not in section_ids:
                    self.problem(where, f"unknown section '{target}'", f"section «{NBSP}{target}{NBSP}» inconnue")
                elif kind.links:
                    at = declared.get(target)
                    if at is None:
                        listed = ", ".join(allowed)
                        self.problem(
                            where,
                            f"unknown id '{target}' (expected one of: {listed})",
                            f"identifiant «{NBSP}{target}{NBSP}» inconnu (attendu dans{NBSP}: {listed})",
                        )
                    elif at[0] not in allowed and not any(kind in allowed for kind in self.also.get(target, ())):
                        listed = ", ".join(allowed)
                        self.problem(
                            where,
                            f"'{target}' is in {at[0]}; expected one of: {listed}",
                            f"«{NBSP}{target}{NBSP}» est dans {at[0]}{NBSP}; attendu dans{NBSP}: {listed}",
                        )


# Characters a name or alias must not contain (see `plain_spellings`): C0 controls (tab and line
# breaks included), DEL and C1; zero-width space, non-joiner and joiner, word joiner, and U+FEFF
# (zero-width no-break space, a stray byte order mark); and the bidi controls: Arabic letter mark,
# left-to-right and right-to-left marks, embeddings and overrides (U+202A..U+202E) and isolates
# (U+2066..U+2069). A pattern string, compiled by re's cache on the first spelling that needs it.
_UNSEEN = "[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]"
_ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"


def _describe(char: str, lang: str = "en") -> str:
    """`U+001B (a control character)`, `U+200B ZERO WIDTH SPACE (a zero-width character)`; in French
    `U+001B (un caractère de contrôle)` (Unicode's names of characters are English in both)."""
    fr = lang == "fr"
    code = f"U+{ord(char):04X}"
    if char == "\t":
        return f"{code} ({'une tabulation' if fr else 'a tab'})"
    if ord(char) < 0xA0:
        return f"{code} ({'un caractère de contrôle' if fr else 'a control character'})"
    import unicodedata

    if char in _ZERO_WIDTH:
        what = "un caractère sans chasse" if fr else "a zero-width character"
    else:
        what = "un contrôle bidirectionnel" if fr else "a bidi control"
    return f"{code} {unicodedata.name(char, '')} ({what})".replace("  (", " (")


def _escaped(text: str) -> str:
    """Text to quote in a problem, its unseen characters written out: `Atl<U+200B>antis`. A message
    is printed on a terminal, where ESC would start a control sequence."""
    if text.isprintable():
        return text
    import re

    return re.sub(_UNSEEN, lambda found: f"<U+{ord(found.group()):04X}>", text)


def _spellings(item: dict[str, Any], record: _At, *, aliases: bool) -> Iterator[tuple[str, PathKey]]:
    """A raw named record's name, or its other spellings as `Named.names` gives them (aliases, then
    honorific + name for a person, then its French name), each with its path; what is not text is
    the record's own checks'."""
    name = item.get("name")
    if not aliases:
        if isinstance(name, str):
            yield name, (*record, "name")
        return
    others = item.get("aliases")
    if isinstance(others, list):
        for j, alias in enumerate(others):
            if isinstance(alias, str):
                yield alias, (*record, "aliases", j)
    honorific = item.get("honorific")
    if isinstance(name, str) and isinstance(honorific, str) and record[0] == "people":
        yield f"{honorific} {name}", (*record, "honorific")
    french = item.get("fr")
    if isinstance(french, dict) and isinstance(french.get("name"), str):
        yield french["name"], (*record, "fr", "name")
