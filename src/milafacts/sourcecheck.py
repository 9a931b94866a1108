"""A curator's check of a dataset against the article it was curated from.

`check_source` compares the dataset's plain values (as `load.parse` reads them, with their lines) with
the article's text and reports, as `file:line: what`:

1. names, numbers and dates the article does not contain: the `name` of every person, organization
   and country or place; every statistic's `stated` wording and (unless derived) `value`, and every
   number written in digits in any text field (a derived statistic's `formula` excepted); every `date`
   and `source.published`. A record with an `inferred` note is exempt for its date and, when it is a
   person, organization or place, its name; names are checked on their own records only, so a link
   never needs the linked name in the article (and an `inferred` note elsewhere never exempts it);
2. runs of six or more words of the article copied into a free-text field (`summary`, `context`, ...),
   once the dataset's names, aliases, keywords, topics, subjects, titles and headings are taken out;
3. in the French (each `fr`: the header's, the sections', the records' and their roles'), every number
   written in digits that the article does not contain, read the French way (`1 500`, with a space, a
   no-break space or a narrow no-break space, is 1500; `39,3` is 39.3), a derived statistic's French
   `formula` excepted as its English is. French names (`Suède`, `OCDE`) are established translations,
   not the article's words, and are not looked for in it; nor is French checked for copies.

and lists the article's capitalised names and its numbers that no value of the dataset mentions.

Text is compared word by word, folded: case and accents (`text.fold`), apostrophes (’ ' ʼ alike, a
possessive 's a word of its own), hyphens and spacing, punctuation ignored; `1,500` is `1500`.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

from milafacts.errors import DatasetError, Problem, UsageError
from milafacts.load import MAX_BYTES, bundled_path, checked, problem_at, read_bytes
from milafacts.model import (
    COLLECTIONS,
    MONTHS,
    Date,
    Kind,
    Number,
    PathKey,
    Records,
    Section,
    Source,
    Synonyms,
    format_date,
    parse_date,
)
from milafacts.text import NBSP, fold, grouped

COPY_WORDS = 6
"""A run of this many consecutive words of the article in a free-text field is a copy."""

FREE_TEXT = frozenset(
    ("summary", "context", "label", "note", "date_note", "background", "focus", "title_note", "formula")
)
"""Fields written in the curator's own words, where a copy of the article is reported."""

NAMED = ("people", "organizations", "countries")
"""Collections whose records' `name` must be spelled as the article spells it."""

# Words that start sentences without naming anything: never a name on their own, nor the first word
# of one (`Their Majesties` is `Majesties`).
STOPWORDS = frozenset(
    ("a", "after", "all", "also", "although", "an", "and", "as", "at", "before", "both", "but", "by", "complementing",
     "during", "each", "every", "finally", "for", "from", "having", "he", "her", "here", "his", "however", "i", "if",
     "in", "into", "it", "its", "just", "many", "most", "now", "of", "on", "or", "our", "she", "since", "so", "some",
     "such", "take", "that", "the", "their", "then", "there", "these", "they", "this", "those", "though",
     "throughout", "to", "under", "we", "what", "when", "where", "which", "while", "who", "with", "yet", "you")
)  # fmt: skip

_WORD = r"%|[^\W_]+(?:['’‘ʼ`][^\W_]+)*"
_TOKEN = r"\d{1,3}(?:,\d{3})+(?!\d)|\d+(?:\.\d+)?|" + _WORD
# French sets thousands apart with a space, a no-break space or a narrow no-break space (`1 500`), and
# writes a decimal comma (`39,3`).
_FRENCH_GROUP = " \u00a0\u202f"
_FRENCH_TOKEN = rf"\d{{1,3}}(?:[{_FRENCH_GROUP}]\d{{3}})+(?:,\d+)?(?!\d)|\d+(?:[,.]\d+)?|" + _WORD
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'"})
_ABBREVIATIONS = frozenset(("dr", "mr", "mrs", "ms", "prof", "st", "jr", "sr", "no", "vs"))
_ONES = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
         "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty")  # fmt: skip
_TENS = ("thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_NUMBER_WORDS = dict(enumerate(_ONES)) | {10 * n: word for n, word in enumerate(_TENS, 3)}
"""Numbers the article may write in words (`two MOUs`)."""
_COMMON_ENDINGS = ("ing", "ed", "ly")
"""A capitalised word starting a sentence with one of these endings is taken for a common word
(`Accompanied by`, `Finally`), unless the article also capitalises it mid-sentence."""
_ORDINALS = frozenset(("st", "nd", "rd", "th"))
_NOT_WORDS = ("id", "file", "parent")  # text fields holding ids and file names, not words
_RANGE_WORDS = ("", "to", "through", "until", "till", "and")


class SourceReport(NamedTuple):
    """What `check_source` found: findings located in the dataset, and article names and numbers the
    dataset never mentions (in the article's spelling, sorted)."""

    findings: list[Problem]
    uncovered: list[str]

    @property
    def clean(self) -> bool:
        return not self.findings and not self.uncovered


def read_article(path: str | os.PathLike[str]) -> str:
    """The article's text; `UsageError` (a bad command-line argument) when it cannot be read."""
    name = str(path)
    try:
        with Path(path).open("rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise _unreadable(name, "no such file", "fichier introuvable") from None
    except IsADirectoryError:
        raise _unreadable(name, "it is a directory", "c'est un dossier") from None
    except OSError as error:
        why = str(error.strerror or error)  # the system's words, in English
        raise _unreadable(name, why, why) from None
    if len(raw) > MAX_BYTES:
        raise _unreadable(
            name, f"over the {MAX_BYTES:,} byte limit", f"il dépasse la limite de {grouped(MAX_BYTES)} octets"
        )
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise _unreadable(
            name, f"not UTF-8 text (byte {error.start})", f"ce n'est pas du texte UTF-8 (octet {error.start})"
        ) from None


def _unreadable(name: str, why: str, pourquoi: str) -> UsageError:
    return UsageError(
        f"cannot read the article {name}: {why}", french=f"impossible de lire l'article {name}{NBSP}: {pourquoi}"
    )


def check_source(dataset_path: str | os.PathLike[str] | None, article: str) -> SourceReport:
    """Check the dataset at `dataset_path` (the bundled one when None) against the article's text.

    Raises `DatasetError` when the dataset itself does not pass `load.check`'s checks.
    """
    file = Path(dataset_path) if dataset_path is not None else bundled_path()
    name = str(file)
    data, lines, problems = checked(read_bytes(file), name)
    if problems:
        raise DatasetError(problems)
    return _Check(name, data, lines, _Text(article)).run()


# --- words ---------------------------------------------------------------------------------------


class _Word(NamedTuple):
    word: str  # folded; a number in plain digits
    start: int  # where it is in the original text
    end: int


def _number(digits: str, *, french: bool = False) -> str:
    """`1,500` -> `1500`, `08` -> `8`, `39.30` -> `39.3`; in French, `1 500` -> `1500`, `39,3` -> `39.3`."""
    if french:
        digits = re.sub(f"[{_FRENCH_GROUP}]", "", digits).replace(",", ".")
    whole, _, part = digits.replace(",", "").partition(".")
    whole, part = whole.lstrip("0") or "0", part.rstrip("0")
    return f"{whole}.{part}" if part else whole


def _is_number(word: str) -> bool:
    return word[:1].isdigit()


def words(text: str, *, french: bool = False) -> list[_Word]:
    """The words of a text, folded, with where each is in it; numbers written the French way when
    `french` (`1 500`, `39,3`)."""
    found: list[_Word] = []
    for match in re.finditer(_FRENCH_TOKEN if french else _TOKEN, text):
        raw, start, end = match.group(), match.start(), match.end()
        if raw[0].isdigit():
            found.append(_Word(_number(raw, french=french), start, end))
            continue
        if raw.lower() in _ORDINALS and found and _is_number(found[-1].word) and found[-1].end == start:
            continue  # `8th` is 8
        word = fold(raw).translate(_APOSTROPHES)
        lead = len(word) - len(word.lstrip("'"))
        word, start = word.lstrip("'"), start + lead
        trail = len(word) - len(word.rstrip("'"))
        word, end = word.rstrip("'"), end - trail
        if not word:
            continue
        if word.endswith("'s") and len(word) > 2:  # a possessive: `Germany’s` names Germany
            found.append(_Word(word[:-2], start, end - 2))
            found.append(_Word("'s", end - 2, end))
        else:
            found.append(_Word(word, start, end))
    return found


def _keys(text: str) -> tuple[str, ...]:
    return tuple(w.word for w in words(text))


class _Text:
    """Folded words of a text, for phrase look-ups."""

    def __init__(self, text: str, *, grams: bool = True) -> None:
        self.text = text
        self.words = words(text)
        self.joined = " " + " ".join(w.word for w in self.words) + " "
        self.numbers = {w.word for w in self.words if _is_number(w.word)}
        plain = [w.word for w in self.words if w.word != "%"] if grams else []
        self.grams = {tuple(plain[i : i + COPY_WORDS]) for i in range(len(plain) - COPY_WORDS + 1)}

    def has(self, phrase: tuple[str, ...] | list[str]) -> bool:
        return bool(phrase) and f" {' '.join(phrase)} " in self.joined

    def has_number(self, number: str) -> bool:
        if number in self.numbers:
            return True
        word = _NUMBER_WORDS.get(int(number)) if number.isdigit() else None
        return word is not None and self.has([word])


def _shown(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


# --- the dataset's values ------------------------------------------------------------------------


def _fields(cls: type[Any], item: dict[str, Any], path: PathKey) -> Iterator[tuple[PathKey, str, Kind, Any]]:
    """(path, field, kind, value) of every value of a record, its nested records' (roles') included."""
    for name, field in cls.FIELDS.items():
        value = item.get(name)
        if value is None:
            continue
        if isinstance(field.kind, Records):
            for j, nested in enumerate(value):
                yield from _fields(field.kind.cls, nested, (*path, name, j))
        elif isinstance(value, list):
            for j, element in enumerate(value):
                yield (*path, name, j), name, field.kind, element
        else:
            yield (*path, name), name, field.kind, value


def _french(cls: type[Any], item: dict[str, Any], path: PathKey) -> Iterator[tuple[PathKey, str, str]]:
    """(path, field, French text) of every French value of a record (its `fr`), its nested records'
    (`roles`: a `title` and `inferred` each) included."""
    french = item.get("fr")
    if not isinstance(french, dict):
        return
    for name, value in french.items():
        field = cls.FIELDS.get(name)
        where: PathKey = (*path, "fr", name)
        if field is not None and isinstance(field.kind, Records) and isinstance(value, list):
            for j, nested in enumerate(value):
                for key, text in nested.items() if isinstance(nested, dict) else ():
                    if isinstance(text, str):
                        yield (*where, j, key), key, text
        elif isinstance(value, list):
            for j, element in enumerate(value):
                if isinstance(element, str):
                    yield (*where, j), name, element
        elif isinstance(value, str):
            yield where, name, value


def _everything(data: dict[str, Any]) -> Iterator[tuple[PathKey, str, Kind, Any]]:
    """Every value of the dataset, the header's included."""
    yield from _fields(Source, data["source"], ("source",))
    for key, cls in (("sections", Section), ("synonyms", Synonyms)):
        for i, item in enumerate(data.get(key) or []):
            yield from _fields(cls, item, (key, i))
    for key, record_cls in COLLECTIONS.items():
        for i, item in enumerate(data.get(key) or []):
            yield from _fields(record_cls, item, (key, i))


def _is_words(name: str, kind: Kind) -> bool:
    """Whether a value is text or a figure a reader sees (not an id, a reference or a file name)."""
    return (kind.words or isinstance(kind, Number)) and name not in _NOT_WORDS


def _is_prose(name: str, kind: Kind) -> bool:
    """Whether a value is words the curator wrote (text, or one of a list of texts): not a date,
    a figure, an id, a reference or a file name."""
    return kind.words and not isinstance(kind, (Date, Records)) and name not in _NOT_WORDS


class _Check:
    def __init__(self, name: str, data: dict[str, Any], lines: dict[PathKey, int], article: _Text) -> None:
        self.name = name
        self.data = data
        self.lines = lines
        self.article = article
        self.findings: list[Problem] = []
        self.protected = self._protected()

    def run(self) -> SourceReport:
        self.header()
        for key, cls in COLLECTIONS.items():
            for i, item in enumerate(self.data.get(key) or []):
                self.record(key, cls, item, (key, i))
        self.findings.sort(key=lambda p: p.line or 0)
        return SourceReport(self.findings, self.coverage())

    def report(self, path: PathKey, message: str, french: str) -> None:
        self.findings.append(problem_at(self.name, self.lines, path, message, french))

    # --- the checks ---------------------------------------------------------------------------

    def header(self) -> None:
        source = self.data["source"]
        if source.get("published"):
            self.date(("source", "published"), source["published"])
        for key, cls in (("source", Source), ("sections", Section), ("synonyms", Synonyms)):
            items = [(source, ("source",))] if key == "source" else self._items(key)
            for item, path in items:
                for fpath, fname, kind, value in _fields(cls, item, path):
                    self.text(fpath, fname, kind, value, formula_exempt=False)
                self.french(cls, item, path, formula_exempt=False)

    def _items(self, key: str) -> list[tuple[dict[str, Any], PathKey]]:
        return [(item, (key, i)) for i, item in enumerate(self.data.get(key) or [])]

    def record(self, key: str, cls: type[Any], item: dict[str, Any], path: PathKey) -> None:
        # An `inferred` note on the record (not on one of its roles, nor on a record linking to it)
        # says the article only implies it: its date, and its name when it is a person, organization
        # or place (`Japan`, from "Japanese"), need not be in the article.
        inferred = bool(item.get("inferred"))
        derived = key == "statistics" and bool(item.get("derived_from"))
        if key in NAMED and not inferred and not self.article.has(_keys(item["name"])):
            self.report(
                (*path, "name"),
                f"{item['name']!r} is not in the article",
                f"«{NBSP}{item['name']}{NBSP}» n'est pas dans l'article",
            )
        for fpath, fname, kind, value in _fields(cls, item, path):
            if isinstance(kind, Date):
                if not inferred:
                    self.date(fpath, value)
            elif key == "statistics" and fname == "stated":
                if not self.article.has(_keys(value)):
                    self.report(
                        fpath,
                        f"{value!r} is not worded so in the article",
                        f"«{NBSP}{value}{NBSP}» n'est pas formulé ainsi dans l'article",
                    )
            elif key == "statistics" and fname == "value":
                if not derived and not self.article.has_number(_number(_shown(value))):
                    self.report(
                        fpath, f"{_shown(value)} is not in the article", f"{_shown(value)} n'est pas dans l'article"
                    )
            else:
                self.text(fpath, fname, kind, value, formula_exempt=derived)
        self.french(cls, item, path, formula_exempt=derived)

    def text(self, path: PathKey, fname: str, kind: Kind, value: Any, *, formula_exempt: bool) -> None:
        if not _is_prose(fname, kind) or not isinstance(value, str):
            return
        found = words(value)
        if not (formula_exempt and fname == "formula"):
            self.numbers(path, value, found)
        if fname in FREE_TEXT:
            for run in self.copies(found):
                copied = value[found[run[0]].start : found[run[-1]].end]
                quoted = " ".join(copied.split())
                self.report(
                    path,
                    f'copies {len(run)} words of the article: "{quoted}"',
                    f"reprend {len(run)} mots de l'article{NBSP}: «{NBSP}{quoted}{NBSP}»",
                )

    def french(self, cls: type[Any], item: dict[str, Any], path: PathKey, *, formula_exempt: bool) -> None:
        """The numbers of a record's French, checked as its English's are (a derived statistic's
        `formula` exempt in both), read the French way (`1 500`, `39,3`). French names are not looked
        for in the article (`Suède`, `OCDE` are established translations), nor French dates, nor
        copies: the article is in English."""
        for fpath, fname, value in _french(cls, item, path):
            if not (formula_exempt and fname == "formula"):
                self.numbers(fpath, value, words(value, french=True))

    def numbers(self, path: PathKey, value: str, found: list[_Word]) -> None:
        """Report each number of a text (its words `found`) that the article does not have, once."""
        seen: set[str] = set()
        for word in found:
            if _is_number(word.word) and word.word not in seen and not self.article.has_number(word.word):
                seen.add(word.word)
                number = value[word.start : word.end]
                self.report(
                    path,
                    f"the number {number} is not in the article",
                    f"le nombre {number} n'est pas dans l'article",
                )

    def date(self, path: PathKey, value: str) -> None:
        missing = self.missing_date(value)
        if missing:
            # What is missing is in the article's language (English): `December 8 to 10`.
            self.report(
                path,
                f"{value!r} ({format_date(value)}): the article has no {missing!r}",
                f"«{NBSP}{value}{NBSP}» ({format_date(value, 'fr')}){NBSP}: l'article n'a pas «{NBSP}{missing}{NBSP}»",
            )

    def missing_date(self, value: str) -> str | None:
        """The part of a date the article does not write, or None when it writes it all."""
        start, end = parse_date(value)
        for year in sorted({start[0], end[0]}):
            if str(year) not in self.article.numbers:
                return str(year)
        (_, month, day), (_, end_month, end_day) = start, end
        if start != end and (start[0], month) == (end[0], end_month) and day and end_day:
            name = MONTHS[month - 1].lower()
            a, b = str(day), str(end_day)
            for joiner in _RANGE_WORDS:
                middle = [joiner] if joiner else []
                for phrase in ([name, a, *middle, b], [a, *middle, b, name], [name, a, *middle, name, b]):
                    if self.article.has(phrase):
                        return None
            return f"{MONTHS[month - 1]} {day} to {end_day}"
        for _, m, d in dict.fromkeys((start, end)):
            if m and not self.article.has([MONTHS[m - 1].lower()]):
                return MONTHS[m - 1]
            if d and not (
                self.article.has([MONTHS[m - 1].lower(), str(d)]) or self.article.has([str(d), MONTHS[m - 1].lower()])
            ):
                return f"{MONTHS[m - 1]} {d}"
        return None

    def copies(self, found: list[_Word]) -> list[list[int]]:
        """Runs (indexes into `found`) of COPY_WORDS or more words that are the article's, after the
        dataset's names, titles and subjects are taken out of the text."""
        keys = [w.word for w in found]
        removed = [False] * len(keys)
        for i, key in enumerate(keys):
            for phrase in self.protected.get(key, ()):
                if tuple(keys[i : i + len(phrase)]) == phrase:
                    removed[i : i + len(phrase)] = [True] * len(phrase)
                    break
        runs: list[list[int]] = []
        segment: list[int] = []
        for i in [*range(len(keys)), -1]:
            if i >= 0 and keys[i] == "%":
                continue  # a sign, not a word: neither counted nor a break
            if i >= 0 and not removed[i]:
                segment.append(i)
                continue
            covered: list[int] = []
            for j in range(len(segment) - COPY_WORDS + 1):
                window = segment[j : j + COPY_WORDS]
                if tuple(keys[k] for k in window) in self.article.grams:
                    if covered and window[0] <= covered[-1]:
                        covered.extend(k for k in window if k > covered[-1])
                    else:
                        if covered:
                            runs.append(covered)
                        covered = list(window)
            if covered:
                runs.append(covered)
            segment = []
        return runs

    # --- what the copy check leaves out, and the coverage list ----------------------------------

    def _protected(self) -> dict[str, list[tuple[str, ...]]]:
        """Names, aliases, keywords, topics, subjects, titles, headings and synonyms, by first word,
        longest first: taken out of free text before it is compared with the article."""
        phrases: set[tuple[str, ...]] = set()
        wanted = ("name", "aliases", "keywords", "topics", "subjects", "title", "heading", "terms")
        for item in self.data.get("people") or []:
            if item.get("honorific"):
                phrases.add(_keys(f"{item['honorific']} {item['name']}"))
        for _, fname, _, value in _everything(self.data):
            if fname in wanted and isinstance(value, str):
                phrases.add(_keys(value))
        by_first: dict[str, list[tuple[str, ...]]] = {}
        for phrase in sorted(phrases, key=len, reverse=True):
            if phrase:
                by_first.setdefault(phrase[0], []).append(phrase)
        return by_first

    def coverage(self) -> list[str]:
        """The article's names and numbers that no value of the dataset mentions."""
        values = [_shown(v) for _, fname, kind, v in _everything(self.data) if _is_words(fname, kind)]
        dataset = _Text("\n".join(values), grams=False)
        dataset.joined = " " + " | ".join(" ".join(_keys(v)) for v in values) + " "  # no phrase spans two values
        missing: dict[str, str] = {}
        for number in self.article.words:
            if _is_number(number.word) and number.word not in dataset.numbers:
                missing.setdefault(number.word, self.article.text[number.start : number.end])
        for run in _names(self.article):
            for part in _uncovered(run, dataset):
                text = self.article.text[part[0].start : part[-1].end]
                missing.setdefault(" ".join(w.word for w in part), " ".join(text.split()))
        return sorted(missing.values(), key=lambda s: (fold(s), s))


def _names(article: _Text) -> Iterator[list[_Word]]:
    """Runs of capitalised words of the article that may be names: words joined by a space or a
    hyphen, less any stop words they start with, and less a common word starting a sentence (one the
    article also writes in lower case, and never capitalised mid-sentence)."""
    text, found = article.text, article.words
    capitalised = [text[w.start].isupper() and not _is_number(w.word) for w in found]
    initial = []
    for i, w in enumerate(found):
        gap = text[found[i - 1].end : w.start] if i else "\n"
        after_abbreviation = i > 0 and found[i - 1].word in _ABBREVIATIONS and gap.strip() == "."
        initial.append(not after_abbreviation and ("\n" in gap or any(c in gap for c in ".!?:•")))
    lower = {w.word for w, cap in zip(found, capitalised, strict=True) if not cap}
    mid = {w.word for w, cap, first in zip(found, capitalised, initial, strict=True) if cap and not first}

    def skipped(i: int) -> bool:
        word = found[i].word
        common = word in lower or word.endswith(_COMMON_ENDINGS)
        return word in STOPWORDS or (initial[i] and common and word not in mid)

    runs: list[list[int]] = []
    for i, w in enumerate(found):
        if not capitalised[i]:
            continue
        if runs and runs[-1][-1] == i - 1 and text[found[i - 1].end : w.start] in (" ", "-"):
            runs[-1].append(i)
        else:
            runs.append([i])
    for run in runs:
        while run and skipped(run[0]):
            run = run[1:]
        if run:
            yield [found[k] for k in run]


def _uncovered(run: list[_Word], dataset: _Text, *, whole: bool = True) -> list[list[_Word]]:
    """The parts of a run of capitalised words that the dataset does not mention.

    A run the dataset has as a phrase is covered. Otherwise its longest part of two or more words that
    the dataset has is taken out (`Deputy Prime Minister` from `Deputy Prime Minister Ebba Busch`) and
    what is left on each side is looked at again: left over, it is covered when the dataset has each
    of its words (`Mila Founder`); a run with nothing taken out is missing as a whole
    (`Wallenberg Investments`, even when the dataset has `Wallenberg` and `investments` apart)."""
    keys = [w.word for w in run]
    if not run or dataset.has(keys):
        return []
    for length in range(len(run) - 1, 1, -1):
        for i in range(len(run) - length + 1):
            if dataset.has(keys[i : i + length]):
                left = _uncovered(run[:i], dataset, whole=False)
                return left + _uncovered(run[i + length :], dataset, whole=False)
    if whole or not all(dataset.has([key]) for key in keys):
        return [run]
    return []
