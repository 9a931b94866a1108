"""Ranked search in people's own words: one text analysis for records and queries, BM25F over a positional index.

Analysis (`tokens`), the same for the index and the query: words are folded (case, accents), apostrophes
split off (`Mila’s` -> `mila`, `d'entente` -> `entente`), hyphenated words kept whole and in parts (`G-7`
-> `g7`, `g`, `7`), digit groups joined (`1,500` -> `1500`). Each word is indexed as itself and as its
English and French Snowball stems (PyStemmer), marked as such, so an exact match can outrank a stemmed one.

The index (`build_index`) is an SQLite database of plain tables: one posting per word or stem of each
record's fields (field group, position), each record's length per group, the stems of every indexed and
synonym word, and the dataset's synonym phrases, analysed once, so a query analyses only its own words.

Ranking: every content word of the query is one *term*; a term is found as the word, its stems, its
synonyms (the dataset's `synonyms` groups, phrases kept together) and, when the index has no such word
or stem, its typo corrections (Meilisearch's rule: one typo from 5 letters, two from 9). Each way counts
with a factor (exact 1, synonym 0.9, stem 0.7, typo 0.5). A term is scored with BM25F: its occurrences
in each field group, weighted by the group and normalised by the group's length, are summed and then
saturated, and its rarity (IDF) counts every way of finding it together, so a rare spelling of a common
term is no stronger than the term. A record's score is the sum over terms, multiplied by the share of
terms it matched squared, and by how much of the query its own name says; a record lacking a word that a
linked record has gets a share of that record's score for it. Question words that say what kind of answer
is wanted (`how many`, `combien`, `when`, `quand`, `who`, `qui`) favour figures, dated events and people.

Core module: no typer, no Rich. `sqlite3` and `Stemmer` are imported only by the commands that search.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from milafacts import query
from milafacts.errors import NotFound, UsageError
from milafacts.model import (
    COLLECTIONS,
    Dataset,
    Event,
    Fellow,
    Initiative,
    Person,
    Record,
    Role,
    Statistic,
    format_date,
)
from milafacts.text import NBSP, QUOTES, fold, normalize

if TYPE_CHECKING:
    import sqlite3

    from milafacts.progress import Progress

MAX_QUERY = 500  # characters; a pasted paragraph is not a question
MAX_TERMS = 24  # content words searched; longer queries keep their first 24

# --- analysis ----------------------------------------------------------------------------------

# A word: letters or digits, with inner hyphens, apostrophes, and digit separators (1,500 / 1.5).
# The separators as an alternation rather than a class: the same matches, compiled in a third of the time
# (a class with non-ASCII characters inside a repeated group costs the compiler about 0.3 ms per process).
_WORD = r"[^\W_]+(?:(?:-|‐|‑|'|’|ʼ|(?<=\d)[,.](?=\d))[^\W_]+)*"
_APOSTROPHES = "'’ʼ"
_HYPHENS = "-‐‑"
_ELISIONS = {"l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu"}

STOPWORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "of",
        "in",
        "on",
        "at",
        "to",
        "for",
        "with",
        "by",
        "from",
        "about",
        "as",
        "into",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "do",
        "does",
        "did",
        "has",
        "have",
        "had",
        "how",
        "many",
        "much",
        "who",
        "whom",
        "whose",
        "what",
        "which",
        "when",
        "where",
        "why",
        "that",
        "this",
        "these",
        "those",
        "it",
        "its",
        "they",
        "them",
        "their",
        "he",
        "she",
        "his",
        "her",
        "him",
        "there",
        "here",
        "i",
        "me",
        "my",
        "we",
        "our",
        "you",
        "your",
        "any",
        "all",
        "some",
        "can",
        "could",
        "will",
        "would",
        "should",
        "tell",
        "show",
        "list",
        "give",
        "find",
        "get",
        "know",
        "about",
        "did",
        "also",
        "than",
        "then",
        "so",
        "not",
        "no",
        "yes",
        "le",
        "la",
        "les",
        "un",
        "une",
        "des",
        "de",
        "du",
        "au",
        "aux",
        "et",
        "ou",
        "en",
        "dans",
        "sur",
        "pour",
        "par",
        "avec",
        "sans",
        "qui",
        "que",
        "quoi",
        "quel",
        "quelle",
        "quels",
        "quelles",
        "combien",
        "comment",
        "quand",
        "est",
        "sont",
        "ont",
        "ete",
        "etait",
        "ce",
        "cet",
        "cette",
        "ces",
        "il",
        "elle",
        "ils",
        "elles",
        "son",
        "sa",
        "ses",
        "leur",
        "leurs",
        "se",
        "ne",
        "pas",
        "y",
        "plus",
        "tres",
    ]
)

# Words that say what kind of answer is wanted, and the kinds they favour (by how much).
# Words that say what kind of answer is wanted, and the kinds they favour (by how much). `how many` asks
# for a figure outright, and BM25F's saturation brings the figure and the thing it counts close together
# (`how many experts worked on the AI safety report`: the report says as much as the figure), so it
# weighs more than `when` and `who`, which other kinds of answer may also satisfy.
_INTENTS: tuple[tuple[tuple[str, ...], tuple[type[Record], ...], float], ...] = (
    (
        ("how many", "how much", "combien", "number of", "nombre de", "what share", "percentage", "pourcentage"),
        (Statistic,),
        2.0,
    ),
    (("when", "quand", "what date", "quelle date"), (Event, Initiative), 1.3),
    (("who", "qui"), (Person, Fellow), 1.3),
)

EXACT, SYNONYM, STEM, TYPO = 1.0, 0.9, 0.7, 0.5
# A word found only in a record's French (see `_french`) counts this much of one found in its
# English: a French question finds French words in French text alike in every record, so its ranking
# is unchanged, while an English question that meets a French word by chance (`finale`, in `étape
# finale`) is not led astray by it. On the tune set 0.3 and 0.5 rank alike, 0.6 to 1.0 one question worse.
FRENCH = 0.5
_STEMMED, _IN_FRENCH = 1, 2  # the bits of a posting's `stem` column

# Field groups, best first: names and aliases; labels, figures, roles and dates; topics, subjects and
# keywords; the names of the records a record links to; summaries and other prose. Per group, its BM25F
# weight and length normalisation (b): an alias list is long because a place has many spellings, not
# because it is about many things, so names are normalised less.
GROUPS = ("name", "label", "topic", "link", "body")
WEIGHTS = (10.0, 5.0, 3.0, 2.0, 1.0)
B = (0.5, 0.75, 0.75, 0.75, 0.75)
K1 = 1.2
_FIELD_GROUP = {
    "name": 0,
    "aliases": 0,
    "label": 1,
    "stated": 1,
    "unit": 1,
    "role": 0,  # a person is called by a role as much as by a name: the Prime Minister
    "role at": 1,
    "date": 1,
    "kind": 1,
    "keywords": 2,
    "topics": 2,
    "subjects": 2,
    "background": 2,
    "focus": 2,
    "link": 3,
}
_BODY = len(GROUPS) - 1
_TEXT_FIELDS = ("summary", "context", "date_note", "formula")
_GAP = 16  # positions left between two values of one group, so that no phrase spans two of them
NEAR = 2  # a phrase's words may stand this many positions further apart than in the phrase itself


class Token:
    """One word of a text: where it stands in the original, and the forms it is indexed and matched as."""

    __slots__ = ("end", "start", "words")

    def __init__(self, start: int, end: int, words: tuple[str, ...]) -> None:
        self.start = start
        self.end = end
        self.words = words  # folded forms: the word, then its parts when hyphenated


class _Patterns:
    """Compiled on first use: every command imports this module, only searching uses the patterns."""

    word: re.Pattern[str] | None = None

    @classmethod
    def words(cls) -> re.Pattern[str]:
        if cls.word is None:
            cls.word = re.compile(_WORD)
        return cls.word


def tokens(text: str) -> Iterator[Token]:
    for match in _Patterns.words().finditer(text):
        words = _forms(match.group())
        if words:
            yield Token(match.start(), match.end(), words)


_FORMS: dict[str, tuple[str, ...]] = {}  # raw word -> its forms: texts repeat their words


def _forms(raw: str) -> tuple[str, ...]:
    found = _FORMS.get(raw)
    if found is None:
        found = _FORMS[raw] = _analyse(raw)
    return found


def _analyse(raw: str) -> tuple[str, ...]:
    word = fold(raw)
    if word.isalpha() and word.isascii():  # most words: nothing to split or join
        return (word,)
    for mark in _APOSTROPHES[1:]:
        word = word.replace(mark, "'")
    if "'" in word:
        parts = word.split("'")
        if parts[0] in _ELISIONS and len(parts) > 1:  # l'entente, d'entente, qu'il
            parts = parts[1:]
        if len(parts) > 1 and parts[-1] in ("s", ""):  # Mila's, ministers'
            parts = parts[:-1]
        word = "".join(parts)
    if "," in word or "." in word:
        word = _join_digit_groups(word)
    # Plain string operations rather than regular expressions: compiling one costs more than a query.
    pieces = [p for p in word.replace("‐", "-").replace("‑", "-").split("-") if p]
    joined = "".join(pieces)
    if not joined:
        return ()
    return (joined, *pieces) if len(pieces) > 1 else (joined,)


def _join_digit_groups(word: str) -> str:
    """`1,500` -> `1500`, `1.500.000` -> `1500000`; `1.5` stays: a separator after a digit goes when
    exactly three digits follow it, then no other letter or digit."""
    kept = []
    for i, c in enumerate(word):
        if c in ",." and i and word[i - 1].isdecimal():
            group, after = word[i + 1 : i + 4], word[i + 4 : i + 5]
            if len(group) == 3 and group.isdecimal() and not (after.isalnum() or after == "_"):
                continue
        kept.append(c)
    return "".join(kept)


def words(text: str) -> list[str]:
    """The folded words of a text, hyphenated ones whole (`G-7` -> `g7`): what a query is made of."""
    return [token.words[0] for token in tokens(text)]


class _Stemmers:
    """English and French Snowball stemmers, made on first use (the import costs about 1 ms), and a
    per-process memo of stems, filled in bulk from the index, which stores the stems of its words."""

    _made: Any = None
    _seen: dict[str, tuple[str, ...]] = {}  # noqa: RUF012 - a per-process memo, shared on purpose
    index: sqlite3.Connection | None = None  # the index last searched: it knows its words' stems

    @classmethod
    def stems(cls, word: str) -> tuple[str, ...]:
        found = cls._seen.get(word)
        if found is not None:
            return found
        if cls._made is None:
            import Stemmer  # type: ignore[import-not-found]  # PyStemmer ships no type information

            cls._made = (Stemmer.Stemmer("english"), Stemmer.Stemmer("french"))
        english, french = cls._made
        first, second = english.stemWord(word), french.stemWord(word)
        found = cls._seen[word] = (first,) if first == second else (first, second)
        return found

    @classmethod
    def preload(cls, words: Iterable[str], db: sqlite3.Connection | None = None) -> None:
        """Read the stems of the words the index knows, in one query, so they need no stemmer."""
        db = db if db is not None else cls.index
        missing = [w for w in set(words) if w not in cls._seen]
        if db is None or not missing:
            return
        for chunk in range(0, len(missing), 500):
            part = missing[chunk : chunk + 500]
            sql = f"SELECT word, forms FROM stems WHERE word IN ({', '.join('?' * len(part))})"
            for word, forms in db.execute(sql, part):
                cls._seen[word] = tuple(forms.split(" "))


stems = _Stemmers.stems


# --- documents: what each record is indexed as --------------------------------------------------


def fields(dataset: Dataset, record: Record, links: bool = True) -> Iterator[tuple[str, str, bool]]:
    """(field, text, is_french) for each text of a record that search looks in, shown as the matching
    text of a hit: the English, then the French (`_french`), then the names of linked records
    (`links=False` leaves them out: they are never shown)."""
    for field, text in _english(dataset, record):
        yield field, text, False
    for field, text in _french(record):
        yield field, text, True
    if links:
        for target in _linked(dataset, record):
            yield "link", target, False


def _english(dataset: Dataset, record: Record) -> Iterator[tuple[str, str]]:
    values = record.__dict__
    if isinstance(record, Fellow):
        yield "name", query.title(dataset, record)
    yield "kind", record.KIND  # what the record is: `agreement with the UK` wants an agreement
    for name in ("name", "aliases", "label", "kind", "keywords", "topics", "subjects", "background", "focus"):
        yield from _each(name, values.get(name))
    if isinstance(record, Statistic):
        yield "stated", record.display
        yield from _each("unit", record.unit)
    if isinstance(record, Person):
        for role in record.roles:
            yield from _each("role", role.title)
            yield from _each("role at", _places(dataset, role))
    date = values.get("date")
    if date:
        yield "date", format_date(date)
    for name in _TEXT_FIELDS:
        yield from _each(name, values.get(name))


def _french(record: Record) -> Iterator[tuple[str, str]]:
    """The record's French, where it says something the English does not, under the same field
    names (so weighted alike): a French reader types what the French output shows (`clôture du G7`,
    `délégation d'affaires suédoise`), not only the names and synonyms that bridge to the English.
    The index keeps only the French words the English of the same group lacks (`build_index`)."""
    french = record.fr or {}
    english = record.__dict__
    for name in ("name", "label", "topics", "subjects", "background", "focus", "unit", *_TEXT_FIELDS):
        value = french.get(name)
        if value is not None and value != english.get(name):
            yield from _each(name, tuple(value) if isinstance(value, list) else value)
    if isinstance(record, Statistic) and "stated" in french:
        yield "stated", record.display_in("fr")
    if isinstance(record, Person):
        for index in range(len(record.roles)):
            yield from _each("role", query.role_french(record, index).get("title"))
    date = english.get("date")
    if date:
        yield "date", format_date(date, "fr")


def _places(dataset: Dataset, role: Role) -> str | None:
    """Where a role is held, as people ask for it: `Canada's AI minister`, `Mila's scientific director`."""
    return ", ".join(dataset.name_of(t) for t in (role.organization, role.country) if t) or None


def _linked(dataset: Dataset, record: Record) -> list[str]:
    """The names of the records this one links to (anchor text): a mission to the UAE with Mila is
    about the UAE and Mila even where its own words say neither. Links already named in its roles, and
    a fellow's own person, are not repeated."""
    targets = record.targets()
    if isinstance(record, Person):
        targets -= {t for role in record.roles for t in (role.organization, role.country) if t}
    if isinstance(record, Fellow):
        targets.discard(record.person)
    return [query.title(dataset, dataset.get(t)) for t in sorted(targets)]


def _each(name: str, value: Any) -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield name, value
    elif isinstance(value, tuple):
        for item in value:
            if isinstance(item, str):
                yield name, item


INDEX_FORMAT = 4  # in the index file's name (cache.py): an index of another layout is never opened
_SCHEMA = (
    "CREATE TABLE docs (doc INTEGER PRIMARY KEY, rid TEXT NOT NULL, "
    + ", ".join(f"l{g} INTEGER" for g in range(len(GROUPS)))
    + ")",
    # One row per word or stem at a position of a record's field group; `stem` has bit 1 for a stem
    # and bit 2 for a form found only in the record's French (`_STEMMED`, `_IN_FRENCH`);
    # `field` numbers the record's `fields()`, to show where it matched without analysing it again.
    "CREATE TABLE postings (form TEXT, stem INTEGER, doc INTEGER, grp INTEGER, pos INTEGER, field INTEGER,"
    " PRIMARY KEY (form, stem, doc, grp, pos)) WITHOUT ROWID",
    "CREATE TABLE vocab (word TEXT PRIMARY KEY) WITHOUT ROWID",  # exact words, for typo tolerance
    "CREATE TABLE stems (word TEXT PRIMARY KEY, forms TEXT NOT NULL) WITHOUT ROWID",
    # Synonym phrases as their content words (space-separated), found by their first word.
    "CREATE TABLE phrases (first TEXT NOT NULL, words TEXT NOT NULL, grp INTEGER NOT NULL, label TEXT NOT NULL)",
    "CREATE INDEX phrases_by_first ON phrases (first)",
    "CREATE INDEX phrases_by_group ON phrases (grp)",
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value REAL NOT NULL) WITHOUT ROWID",
)


# Progress is shown on a terminal from the size at which building the index takes about a second:
# 2,000 records 0.31 s, 5,000 0.79 s, 10,000 1.63 s (bench/scale.py's synthetic(), 2 shared cores).
_PROGRESS_RECORDS = 6_000


def build_index(dataset: Dataset) -> sqlite3.Connection:
    """An in-memory index of every record, its docs numbered from 1 in dataset order."""
    import sqlite3

    from milafacts import progress

    total = sum(len(getattr(dataset, key)) for key in COLLECTIONS)
    shown = (
        progress.Progress(f"Indexing {total:,} records", total) if progress.wanted(total, _PROGRESS_RECORDS) else None
    )
    try:
        return _build_index(dataset, sqlite3.connect(":memory:"), shown)
    finally:
        if shown is not None:
            shown.close()


def _build_index(dataset: Dataset, db: sqlite3.Connection, shown: Progress | None) -> sqlite3.Connection:

    for statement in _SCHEMA:
        db.execute(statement)
    docs: list[tuple[Any, ...]] = []
    known: set[str] = set()

    def postings() -> Iterator[tuple[str, int, int, int, int, int]]:
        """Streamed, so that a large dataset's postings are never all in memory at once."""
        doc = 0
        for key in COLLECTIONS:
            for record in getattr(dataset, key):
                doc += 1
                if shown is not None and not doc % 1000:
                    shown.update(doc)
                sizes = [0] * len(GROUPS)
                start = [0] * len(GROUPS)
                # A record's French says again what its English says, in other words but also in
                # the same ones: the names (`G7`, `Alesia Zhuk`) and the words both languages share
                # once folded (`délégation`). Counted twice, they would make a translated record
                # twice as much about them; so its French adds only the words and stems its English
                # lacks in the same group, and a group's length is its English's: a translation is
                # the same text again, not more of it.
                english: list[set[str]] = [set() for _ in GROUPS]
                for number, (field, text, french) in enumerate(fields(dataset, record)):
                    group = _FIELD_GROUP.get(field, _BODY)
                    seen = english[group]
                    pos = start[group]
                    for token in tokens(text):
                        for word in token.words:
                            language = _IN_FRENCH if french else 0
                            forms = [(word, language), *((stem, language | _STEMMED) for stem in stems(word))]
                            for form, stem in forms:
                                if not stem & _STEMMED:  # a typo may be corrected to it, either language
                                    known.add(form)
                                if french and form in seen:
                                    continue
                                if not french:
                                    seen.add(form)
                                yield form, stem, doc, group, pos, number
                        if not french:
                            sizes[group] += 1
                        pos += 1
                    start[group] = pos + _GAP
                docs.append((doc, record.id, *sizes))

    db.executemany("INSERT OR IGNORE INTO postings VALUES (?, ?, ?, ?, ?, ?)", postings())
    db.executemany(f"INSERT INTO docs VALUES (?, ?{', ?' * len(GROUPS)})", docs)
    db.executemany("INSERT INTO vocab VALUES (?)", ((w,) for w in sorted(known)))
    phrases = []
    for number, synonyms in enumerate(dataset.synonyms):
        for term in synonyms.terms:
            content = _content(term)
            if content:
                phrases.append((content[0], " ".join(content), number, term))
                known.update(content)
    db.executemany("INSERT INTO phrases VALUES (?, ?, ?, ?)", phrases)
    db.executemany("INSERT INTO stems VALUES (?, ?)", ((w, " ".join(stems(w))) for w in sorted(known)))
    averages = [sum(d[2 + g] for d in docs) / max(len(docs), 1) for g in range(len(GROUPS))]
    meta = [("docs", float(len(docs))), *((f"avg{g}", max(a, 1.0)) for g, a in enumerate(averages))]
    db.executemany("INSERT INTO meta VALUES (?, ?)", meta)
    db.commit()
    return db


def _content(text: str) -> tuple[str, ...]:
    """A synonym's content words (`memorandum of understanding` -> memorandum, understanding)."""
    found = words(text)
    return tuple(w for w in found if w not in STOPWORDS) or tuple(found)


# --- queries -----------------------------------------------------------------------------------


class Alternative:
    """One way a term may be found: words that must all occur near each other, and how much it counts."""

    __slots__ = ("factor", "label", "words")

    def __init__(self, words: tuple[str, ...], factor: float, label: str) -> None:
        self.words = words
        self.factor = factor
        self.label = label


class Term:
    """One content word (or synonym phrase) of the query, with every way it may be found."""

    __slots__ = ("alternatives", "corrected", "typed")

    def __init__(self, typed: str, alternatives: list[Alternative], corrected: str | None = None) -> None:
        self.typed = typed
        self.alternatives = alternatives
        self.corrected = corrected


class Query:
    __slots__ = ("intents", "postings", "terms", "text", "unmatched")

    def __init__(self, text: str, terms: list[Term], intents: list[tuple[tuple[type[Record], ...], float]]) -> None:
        self.text = text
        self.terms = terms
        self.intents = intents
        self.postings: _Postings | None = None  # what the index holds for the terms, once read
        self.unmatched: list[str] = []  # words no record has in any form, once ranked

    @property
    def corrections(self) -> list[tuple[str, str]]:
        """(typed, searched instead) for each word the index did not have."""
        return [(t.typed, t.corrected) for t in self.terms if t.corrected]


def check_query(text: str) -> str:
    """The query text, or a usage error: checked before any dataset is read."""
    if len(text) > MAX_QUERY:
        raise UsageError(
            f"the search text is {len(text)} characters long; the limit is {MAX_QUERY}",
            french=f"le texte cherché compte {len(text)} caractères{NBSP}; la limite est de {MAX_QUERY}",
        )
    if not words(text):
        raise UsageError(
            "the search text has no words; give words such as 'robotics' or 'how many researchers'",
            french=f"le texte cherché n'a aucun mot{NBSP}; donnez des mots comme "
            f"{QUOTES[0]}combien de chercheurs{QUOTES[1]}",
        )
    return text


def parse_query(dataset: Dataset, db: sqlite3.Connection, text: str) -> Query:
    postings = _Postings(db)
    typed = _query_words(text, postings)
    folded = " " + " ".join(typed) + " "
    intents = [(kinds, boost) for cues, kinds, boost in _INTENTS if any(f" {fold(c)} " in folded for c in cues)]
    content = [w for w in typed if w not in STOPWORDS] or typed  # stopwords count when alone
    content = list(dict.fromkeys(content))[:MAX_TERMS]
    if not content:
        return Query(text, [], intents)
    starting = _phrases_from(db, content)
    spans: list[tuple[int, int, int]] = []  # (start, end, synonym group or -1) of each term
    i = 0
    while i < len(content):
        found = (
            (len(phrase), group)
            for phrase, group in starting.get(content[i], ())
            if tuple(content[i : i + len(phrase)]) == phrase
        )
        n, group = next(found, (1, -1))
        spans.append((i, i + n, group))
        i += n
    members = _group_members(db, {group for _, _, group in spans if group >= 0})
    terms = []
    for start, end, group in spans:
        phrase = tuple(content[start:end])
        alternatives = [Alternative(phrase, EXACT, " ".join(phrase))]
        alternatives += [Alternative(w, SYNONYM, label) for w, label in members.get(group, ()) if w != phrase]
        terms.append(Term(" ".join(phrase), alternatives))
    _Stemmers.preload((w for t in terms for a in t.alternatives for w in a.words), db)
    postings.read({w for t in terms for a in t.alternatives for w in a.words})
    vocabulary = _Vocabulary(db)
    for term in terms:
        (first,) = term.alternatives[:1]
        if len(term.alternatives) == 1 and len(first.words) == 1 and not postings.has(first.words[0]):
            corrections = vocabulary.near(first.words[0])
            if corrections:
                term.alternatives += [Alternative((c,), TYPO, c) for c in corrections]
                term.corrected = corrections[0]
                postings.read(corrections)
    parsed = Query(text, terms, intents)
    parsed.postings = postings
    return parsed


def _query_words(text: str, postings: _Postings) -> list[str]:
    """The query's folded words. A hyphenated word is one word (`G-7` -> `g7`, as the index holds
    it) unless neither the index nor a synonym phrase holds it whole: then its parts are words of
    their own, so that `Canada-Allemagne` is `Canada Allemagne`, as `multi-agent` is `multi agent`,
    while `président-directeur général` stays the synonym it is."""
    found: list[str] = []
    for token in tokens(text):
        whole, parts = token.words[0], token.words[1:]
        kept = not parts or postings.has(whole) or bool(_phrases_from(postings.db, [whole]))
        found += [whole] if kept else parts
    return found


def _phrases_from(db: sqlite3.Connection, content: list[str]) -> dict[str, list[tuple[tuple[str, ...], int]]]:
    """Synonym phrases starting with a query word: first word -> (phrase, group), longest first."""
    found: dict[str, list[tuple[tuple[str, ...], int]]] = {}
    marks = ", ".join("?" * len(content))
    for first, text, group in db.execute(f"SELECT first, words, grp FROM phrases WHERE first IN ({marks})", content):
        found.setdefault(first, []).append((tuple(text.split(" ")), group))
    for options in found.values():
        options.sort(key=lambda option: (-len(option[0]), option[1]))
    return found


def _group_members(db: sqlite3.Connection, groups: set[int]) -> dict[int, list[tuple[tuple[str, ...], str]]]:
    """Every phrase of these synonym groups, as (content words, as written), in the dataset's order."""
    found: dict[int, list[tuple[tuple[str, ...], str]]] = {}
    if groups:
        marks = ", ".join("?" * len(groups))
        sql = f"SELECT grp, words, label FROM phrases WHERE grp IN ({marks}) ORDER BY rowid"
        for group, text, label in db.execute(sql, sorted(groups)):
            found.setdefault(group, []).append((tuple(text.split(" ")), label))
    return found


class _Postings:
    """What the index holds for some words: their exact and stemmed occurrences, read once per word."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db
        self.read_words: set[str] = set()
        # form -> [(stem, doc, group, position, field)]
        self.rows: dict[str, list[tuple[int, int, int, int, int]]] = {}

    def read(self, words: Iterable[str]) -> None:
        new = [w for w in dict.fromkeys(words) if w not in self.read_words]
        if not new:
            return
        self.read_words.update(new)
        _Stemmers.preload(new, self.db)
        forms = sorted({*new, *(s for w in new for s in stems(w))} - self.rows.keys())
        for form in forms:
            self.rows[form] = []
        for chunk in range(0, len(forms), 500):
            part = forms[chunk : chunk + 500]
            sql = f"SELECT form, stem, doc, grp, pos, field FROM postings WHERE form IN ({', '.join('?' * len(part))})"
            for form, *row in self.db.execute(sql, part):
                self.rows[form].append((row[0], row[1], row[2], row[3], row[4]))

    def has(self, word: str) -> bool:
        """Whether the index holds the word itself, or one of its stems as the stem of a word."""
        self.read([word])
        return any(not r[0] & _STEMMED for r in self.rows[word]) or any(
            r[0] & _STEMMED for s in stems(word) for r in self.rows[s]
        )

    def places(self, word: str) -> dict[tuple[int, int, int], tuple[float, int]]:
        """(doc, group, position) -> (how well the word matches there: 1 exact, STEM stemmed, either
        times FRENCH when found in the French only; field)."""
        self.read([word])
        found: dict[tuple[int, int, int], tuple[float, int]] = {}
        for s in stems(word):
            for how, doc, group, pos, field in self.rows[s]:
                if how & _STEMMED:
                    found[doc, group, pos] = (STEM * (FRENCH if how & _IN_FRENCH else 1.0), field)
        for how, doc, group, pos, field in self.rows[word]:
            if not how & _STEMMED:
                found[doc, group, pos] = (FRENCH if how & _IN_FRENCH else EXACT, field)
        return found


class _Vocabulary:
    """The index's exact words, for typo tolerance: read only when a query word is not among them."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db
        self._exact: list[str] | None = None

    def words(self) -> list[str]:
        if self._exact is None:
            self._exact = [word for (word,) in self.db.execute("SELECT word FROM vocab")]
        return self._exact

    def near(self, word: str) -> list[str]:
        """Index words within the typo budget of `word`, closest (then alphabetical) first."""
        budget = 2 if len(word) >= 9 else 1 if len(word) >= 5 else 0
        if not budget or word.isdigit():
            return []
        found = []
        for candidate in self.words():
            if abs(len(candidate) - len(word)) <= budget and not candidate.isdigit():
                distance = edit_distance(word, candidate, budget)
                if distance <= budget:
                    found.append((distance, candidate))
        return [c for _, c in sorted(found)[:3]]


def edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance (a swap of neighbours is one typo), capped at `limit + 1`."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


# --- ranking -----------------------------------------------------------------------------------


class Hit:
    """A record search found: its rank score, the query words it matched, and its best matching text."""

    __slots__ = ("field", "matched", "record", "score", "text")

    def __init__(self, record: Record, score: float, matched: list[str], field: str, text: str) -> None:
        self.record = record
        self.score = score
        self.matched = matched
        self.field = field
        self.text = text


class _Found:
    """One term in one record: where it occurs, per field group (position -> weight, field)."""

    __slots__ = ("groups", "label", "weight")

    def __init__(self) -> None:
        self.groups: dict[int, dict[int, tuple[float, int]]] = {}
        self.weight = 0.0  # the best single occurrence, to name the form that matched
        self.label = ""


def _occurrences(term: Term, postings: _Postings) -> dict[int, _Found]:
    """Every record where some way of finding the term occurs: a phrase where all its words stand near
    each other in one field group. Where several ways meet at one position, the best one counts."""
    found: dict[int, _Found] = {}
    for alternative in term.alternatives:
        places = [postings.places(w) for w in alternative.words]
        first, rest = places[0], places[1:]
        window = len(alternative.words) - 1 + NEAR
        for (doc, group, pos), (weight, field) in first.items():
            for other in rest:
                near = [
                    other[doc, group, p][0] for p in range(pos - window, pos + window + 1) if (doc, group, p) in other
                ]
                if not near:
                    break
                weight = min(weight, max(near))
            else:
                value = weight * alternative.factor
                entry = found.get(doc)
                if entry is None:
                    entry = found[doc] = _Found()
                at = entry.groups.setdefault(group, {})
                if value > at.get(pos, (0.0, 0))[0]:
                    at[pos] = (value, field)
                if value > entry.weight:
                    entry.weight, entry.label = value, alternative.label
    return found


class _Stats:
    """The index's size and average field group lengths, for BM25F."""

    def __init__(self, db: sqlite3.Connection) -> None:
        meta = dict(db.execute("SELECT key, value FROM meta"))
        self.docs = meta["docs"]
        self.average = [meta[f"avg{g}"] for g in range(len(GROUPS))]


def _bm25f(found: dict[int, _Found], lengths: dict[int, tuple[Any, ...]], stats: _Stats) -> dict[int, float]:
    """BM25F: per record, the term's occurrences in each field group, weighted by the group and normalised
    by its length against the average, summed and then saturated (k1), times the term's IDF. The IDF
    counts every record where any way of finding the term occurs: `uae` is no rarer than `emirates`.

    How a term was found (exact, synonym, stem, typo) says how sure the match is, not how often the term
    occurs: it scales the saturated score rather than the counts, so a stem in a name (`research
    partnerships` for `researchers`) cannot pass for the word itself in a label. With occurrences of
    several qualities, each quality counts the occurrences at least as good, and the best result wins."""
    df = len(found)
    idf = math.log(1 + (stats.docs - df + 0.5) / (df + 0.5))
    scores = {}
    for doc, entry in found.items():
        row = lengths[doc]
        norms = {g: WEIGHTS[g] / (1 - B[g] + B[g] * row[2 + g] / stats.average[g]) for g in entry.groups}
        best = 0.0
        for quality in {value for at in entry.groups.values() for value, _ in at.values()}:
            weighted = sum(
                norms[g] * sum(1 for value, _ in at.values() if value >= quality) for g, at in entry.groups.items()
            )
            best = max(best, quality * weighted * (K1 + 1) / (K1 + weighted))
        scores[doc] = idf * best
    return scores


def _lengths(db: sqlite3.Connection, docs: set[int]) -> dict[int, tuple[Any, ...]]:
    """doc -> (doc, record id, length of each field group), for these docs only."""
    found: dict[int, tuple[Any, ...]] = {}
    wanted = sorted(docs)
    for chunk in range(0, len(wanted), 500):
        part = wanted[chunk : chunk + 500]
        for row in db.execute(f"SELECT * FROM docs WHERE doc IN ({', '.join('?' * len(part))})", part):
            found[row[0]] = row
    return found


LINK_SHARE = 0.3
NAME_SHARE = 0.5


class _Ranked:
    __slots__ = ("found", "matched", "record", "score")

    def __init__(self, record: Record, score: float, matched: list[str], found: list[_Found]) -> None:
        self.record = record
        self.score = score
        self.matched = matched
        self.found = found  # where each matched term occurs in the record

    def fields(self) -> dict[int, int]:
        """Field number -> how many of the query's terms were found there."""
        where: dict[int, set[int]] = {}
        for t, entry in enumerate(self.found):
            for at in entry.groups.values():
                for _, field in at.values():
                    where.setdefault(field, set()).add(t)
        return {field: len(terms) for field, terms in where.items()}


def rank(dataset: Dataset, db: sqlite3.Connection, parsed: Query) -> list[tuple[Record, float, list[str]]]:
    """Records matching the query, best first, each with its score and the query forms it matched."""
    return [(r.record, r.score, r.matched) for r in _rank(dataset, db, parsed)]


def _rank(dataset: Dataset, db: sqlite3.Connection, parsed: Query) -> list[_Ranked]:
    postings = parsed.postings if parsed.postings is not None and parsed.postings.db is db else _Postings(db)
    found = [_occurrences(term, postings) for term in parsed.terms]
    parsed.unmatched = [term.typed for term, per_doc in zip(parsed.terms, found, strict=True) if not per_doc]
    candidates: dict[int, None] = {}
    for per_doc in found:
        candidates.update(dict.fromkeys(per_doc))
    if not candidates:
        return []
    lengths = _lengths(db, set(candidates))
    stats = _Stats(db)
    per_term = [_bm25f(per_doc, lengths, stats) for per_doc in found]
    by_id = {lengths[doc][1]: doc for doc in candidates}
    records = {doc: dataset.get(lengths[doc][1]) for doc in candidates}
    targets = {doc: [by_id[t] for t in record.targets() if t in by_id] for doc, record in records.items()}
    n_terms = len(parsed.terms)
    # What each term scores in the records linking to a record: pushed along the links once, rather
    # than asking every candidate for the records that refer to it.
    pushed: list[dict[int, float]] = [{} for _ in per_term] if n_terms > 1 else []
    for scores, into in zip(per_term, pushed, strict=False):
        for doc, value in scores.items():
            for target in targets[doc]:
                if value > into.get(target, 0.0):
                    into[target] = value
    ranked = []
    for doc, record in records.items():
        total, matched, hit_terms, in_name = 0.0, [], 0.0, 0
        entries = []
        for t, (scores, per_doc) in enumerate(zip(per_term, found, strict=True)):
            if doc in scores:
                entry = per_doc[doc]
                entries.append(entry)
                total += scores[doc]
                matched.append(entry.label)
                hit_terms += 1
                in_name += 0 in entry.groups
            elif n_terms > 1:
                # A record lacking a word that a record it links to (or that links to it) has: the
                # tides talk linked to Atlantis is partly about Atlantis.
                linked = max((scores[n] for n in targets[doc] if n in scores), default=0.0)
                linked = max(linked, pushed[t].get(doc, 0.0))
                if linked:
                    total += LINK_SHARE * linked
                    hit_terms += LINK_SHARE
        total *= (hit_terms / n_terms) ** 2
        # The more of the query a record's own name says, the more it is the record asked about:
        # `UAE mission` is the mission (both words in its name), not the UAE (one).
        total *= 1 + NAME_SHARE * in_name / n_terms
        for kinds, boost in parsed.intents:
            if isinstance(record, kinds):
                total *= boost
        ranked.append(_Ranked(record, total, matched, entries))
    # A query that is a record's whole name or alias (`mila`, `what is the G7`, `Suède`) is a lookup:
    # that record comes first, however common the word is in everyone else's summaries.
    named = _named(dataset, parsed)
    order = {doc: i for i, doc in enumerate(candidates)}
    ranked.sort(key=lambda r: (r.record.id not in named, -r.score, order[by_id[r.record.id]]))
    return ranked


def _named(dataset: Dataset, parsed: Query) -> set[str]:
    spelling = normalize(" ".join(term.corrected or term.typed for term in parsed.terms))
    return {found for key in COLLECTIONS if (found := dataset.lookup(key, spelling))}


class Results:
    """A search's answer: hits in rank order, and what was searched instead of what was typed."""

    __slots__ = ("hits", "query")

    def __init__(self, query: Query, hits: list[Hit]) -> None:
        self.query = query
        self.hits = hits

    @property
    def corrections(self) -> list[tuple[str, str]]:
        return self.query.corrections

    @property
    def unmatched(self) -> list[str]:
        """The query's words that no record has, in any form: the hits match the others only."""
        return self.query.unmatched


def search(dataset: Dataset, text: str, limit: int = 10) -> Results:
    """Rank the dataset's records for `text`; `NotFound` with suggestions when nothing matches."""
    check_query(text)
    db = dataset.index()
    _Stemmers.index = db
    parsed = parse_query(dataset, db, text)
    ranked = _rank(dataset, db, parsed)
    if not ranked:
        raise NotFound("record", text, _suggestions(db, parsed))
    hits = [Hit(r.record, r.score, r.matched, *_best_field(dataset, r)) for r in ranked[:limit]]
    return Results(parsed, hits)


def _suggestions(db: sqlite3.Connection, parsed: Query) -> tuple[str, ...]:
    import difflib

    vocabulary = _Vocabulary(db).words()
    found: list[str] = []
    for term in parsed.terms:
        if len(term.typed) >= 3:  # a word begun: `robo` -> `robotics`
            found += [word for word in vocabulary if word.startswith(term.typed)][:2]
        found += difflib.get_close_matches(term.typed, vocabulary, n=2, cutoff=0.7)
    return tuple(dict.fromkeys(found))[:3]


# --- what a hit shows --------------------------------------------------------------------------


def _best_field(dataset: Dataset, ranked: _Ranked) -> tuple[str, str]:
    """The record's field where the most query terms were found (on a tie, summaries over names, as they
    say more, and anything over the bare kind; never a linked record's name); its first text field when
    it matched only through links.
    Read from the postings: the record's text is not analysed again."""
    best: tuple[int, int, str, str] | None = None
    where = ranked.fields()
    for number, (field, value, _) in enumerate(fields(dataset, ranked.record, links=False)):
        key = (where.get(number, 0), 2 if field in _TEXT_FIELDS else 0 if field == "kind" else 1)
        if best is None or key > best[:2]:
            best = (*key, field, value)
    return (best[2], best[3]) if best else ("", "")


def match_forms(matched: Iterable[str]) -> set[str]:
    """Every word and stem a hit's matched query forms stand for, to find them in the record's text."""
    forms: set[str] = set()
    for label in matched:
        for word in words(label):
            forms.add(word)
            forms.update(stems(word))
    return forms


def spans(text: str, forms: set[str]) -> list[tuple[int, int]]:
    """Where words matching `forms` (as words or stems) stand in `text`, as spans of the original."""
    found = [(match.start(), match.end(), _forms(match.group())) for match in _Patterns.words().finditer(text)]
    # A Snowball stem is its word less a suffix, with at most its last two letters changed (`happy` ->
    # `happi`, `dying` -> `die`, `heureuse` -> `heureux`): only a word that begins as some form does,
    # less that form's last two letters, can have a stem among the forms. Only those need stems, and
    # the index knows the stems of its own words, so the stemmer is rarely needed at all.
    prefixes = tuple({form[: max(len(form) - 2, 1)] for form in forms})
    unsure = [w for _, _, words in found for w in words if w not in forms and w.startswith(prefixes)]
    if unsure:
        _Stemmers.preload(unsure)
    marked = []
    for start, end, words in found:
        for word in words:
            if word in forms or (word.startswith(prefixes) and not forms.isdisjoint(stems(word))):
                marked.append((start, end))
                break
    return marked
