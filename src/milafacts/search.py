"""Ranked search in people's own words: one text analysis for records and queries, SQLite FTS5 for BM25.

Analysis (`analyse`), the same for the index and the query: words are folded (case, accents), apostrophes
split off (`Mila’s` -> `mila`, `d'entente` -> `entente`), hyphenated words kept whole and in parts (`G-7`
-> `g7`, `g`, `7`), digit groups joined (`1,500` -> `1500`). Each word is indexed as itself and as its
English and French Snowball stems (PyStemmer), in separate columns, so an exact match can outrank a
stemmed one.

Ranking: every content word of the query is one *term*; each term is looked up in FTS5 as the word, its
stems, its synonyms (the dataset's `synonyms` groups) and, when the index has no such word, its typo
corrections (Meilisearch's rule: one typo from 5 letters, two from 9). A term's score in a record is
the best of those, each FTS5 `bm25()` with field weights times a factor (exact 1, synonym 0.9, stem
0.7, typo 0.5). A record's score is the sum over terms, multiplied by the share of terms it matched
squared (matching more of the query beats matching one word strongly), plus a share of the scores of
its linked records for the terms it lacks itself. Question words that say what kind of answer is wanted
(`how many`, `combien`, `when`, `quand`, `who`, `qui`) favour figures, dated events and people.

Core module: no typer, no Rich. `sqlite3` and `Stemmer` are imported only by the commands that search.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator, Sequence
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
    Statistic,
    format_date,
)
from milafacts.text import fold, normalize

if TYPE_CHECKING:
    import sqlite3

MAX_QUERY = 500  # characters; a pasted paragraph is not a question
MAX_TERMS = 24  # content words searched; longer queries keep their first 24

# --- analysis ----------------------------------------------------------------------------------

# A word: letters or digits, with inner hyphens, apostrophes, and digit separators (1,500 / 1.5).
_WORD = r"[^\W_]+(?:(?:[-‐‑'’ʼ]|(?<=\d)[,.](?=\d))[^\W_]+)*"
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
_INTENTS: tuple[tuple[tuple[str, ...], tuple[type[Record], ...], float], ...] = (
    (("how many", "how much", "combien", "number of", "nombre de", "what share", "percentage"), (Statistic,), 1.6),
    (("when", "quand", "what date", "quelle date"), (Event, Initiative), 1.3),
    (("who", "qui"), (Person, Fellow), 1.3),
)

EXACT, SYNONYM, STEM, TYPO = 1.0, 0.9, 0.7, 0.5

# Field groups, best first: names and aliases, then labels, figures, roles and dates, then topics and
# subjects, then summaries. Weights for FTS5's bm25(), per column.
GROUPS = ("name", "label", "topic", "body")
WEIGHTS = (10.0, 5.0, 3.0, 1.0)
_FIELD_GROUP = {
    "name": 0,
    "aliases": 0,
    "label": 1,
    "stated": 1,
    "unit": 1,
    "role": 1,
    "date": 1,
    "kind": 1,
    "keywords": 2,
    "topics": 2,
    "subjects": 2,
    "background": 2,
    "focus": 2,
}
_TEXT_FIELDS = ("summary", "context", "date_note", "formula")


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


def _forms(raw: str) -> tuple[str, ...]:
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
    if any(c.isdigit() for c in word):
        word = re.sub(r"(?<=\d)[,.](?=\d{3}\b)", "", word)  # 1,500 -> 1500 (1.5 stays)
    pieces = [p for p in re.split(r"[-‐‑]", word) if p]
    joined = "".join(pieces)
    if not joined:
        return ()
    return (joined, *pieces) if len(pieces) > 1 else (joined,)


def words(text: str) -> list[str]:
    """The folded words of a text, hyphenated ones whole (`G-7` -> `g7`): what a query is made of."""
    return [token.words[0] for token in tokens(text)]


class _Stemmers:
    """English and French Snowball stemmers, made on first use (the import costs about 1 ms)."""

    _made: Any = None
    _seen: dict[str, tuple[str, ...]] = {}  # noqa: RUF012 - a per-process memo, shared on purpose

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


stems = _Stemmers.stems


# --- documents: what each record is indexed as --------------------------------------------------


def fields(dataset: Dataset, record: Record) -> Iterator[tuple[str, str]]:
    """(field, text) pairs of a record that search looks in, shown as the matching text of a hit."""
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
    date = values.get("date")
    if date:
        yield "date", format_date(date)
    for name in _TEXT_FIELDS:
        yield from _each(name, values.get(name))


def _each(name: str, value: Any) -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield name, value
    elif isinstance(value, tuple):
        for item in value:
            if isinstance(item, str):
                yield name, item


def document(dataset: Dataset, record: Record) -> tuple[str, ...]:
    """The FTS5 row of a record: per field group, its exact words, then its stems."""
    exact: list[list[str]] = [[] for _ in GROUPS]
    stemmed: list[list[str]] = [[] for _ in GROUPS]
    for field, text in fields(dataset, record):
        group = _FIELD_GROUP.get(field, 3)
        for token in tokens(text):
            exact[group].extend(token.words)
            for word in token.words:
                stemmed[group].extend(stems(word))
    return (*(" ".join(w) for w in exact), *(" ".join(w) for w in stemmed))


_COLUMNS = (*GROUPS, *(f"{g}_s" for g in GROUPS))


def build_index(dataset: Dataset) -> sqlite3.Connection:
    """An in-memory FTS5 index of every record, its rows numbered in dataset order."""
    import sqlite3

    db = sqlite3.connect(":memory:")
    columns = ", ".join(_COLUMNS)
    # The text is already analysed: FTS5 only splits it on spaces (`ascii` would fold nothing else).
    db.execute(f"CREATE VIRTUAL TABLE docs USING fts5(rid UNINDEXED, {columns}, tokenize='ascii', detail='full')")
    db.execute("CREATE VIRTUAL TABLE vocab USING fts5vocab(docs, 'col')")
    rows = ((record.id, *document(dataset, record)) for key in COLLECTIONS for record in getattr(dataset, key))
    db.executemany(f"INSERT INTO docs (rid, {columns}) VALUES (?{', ?' * len(_COLUMNS)})", rows)
    db.commit()
    return db


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
    __slots__ = ("intents", "terms", "text")

    def __init__(self, text: str, terms: list[Term], intents: list[tuple[tuple[type[Record], ...], float]]) -> None:
        self.text = text
        self.terms = terms
        self.intents = intents

    @property
    def corrections(self) -> list[tuple[str, str]]:
        """(typed, searched instead) for each word the index did not have."""
        return [(t.typed, t.corrected) for t in self.terms if t.corrected]


def check_query(text: str) -> str:
    """The query text, or a usage error: checked before any dataset is read."""
    if len(text) > MAX_QUERY:
        raise UsageError(f"the search text is {len(text)} characters long; the limit is {MAX_QUERY}")
    if not words(text):
        raise UsageError("the search text has no words; give words such as 'robotics' or 'how many researchers'")
    return text


def _phrases(dataset: Dataset) -> list[tuple[tuple[str, ...], int]]:
    """Every synonym phrase as its content words, with the number of its group."""
    found = []
    for number, group in enumerate(dataset.synonyms):
        for term in group.terms:
            content = tuple(w for w in words(term) if w not in STOPWORDS) or tuple(words(term))
            if content:
                found.append((content, number))
    found.sort(key=lambda pair: -len(pair[0]))  # longest phrase first
    return found


def parse_query(dataset: Dataset, db: sqlite3.Connection, text: str) -> Query:
    typed = words(text)
    folded = " " + " ".join(typed) + " "
    intents = [(kinds, boost) for cues, kinds, boost in _INTENTS if any(f" {fold(c)} " in folded for c in cues)]
    content = [w for w in typed if w not in STOPWORDS] or typed  # stopwords count when alone
    content = list(dict.fromkeys(content))[:MAX_TERMS]
    phrases = _phrases(dataset)
    vocabulary = _Vocabulary(db)
    terms: list[Term] = []
    i = 0
    while i < len(content):
        matched = next(
            ((phrase, group) for phrase, group in phrases if tuple(content[i : i + len(phrase)]) == phrase), None
        )
        if matched is not None:
            phrase, group = matched
            terms.append(_synonym_term(dataset, phrase, group))
            i += len(phrase)
            continue
        terms.append(_word_term(content[i], vocabulary))
        i += 1
    return Query(text, terms, intents)


def _synonym_term(dataset: Dataset, phrase: tuple[str, ...], group: int) -> Term:
    alternatives = [Alternative(phrase, EXACT, " ".join(phrase))]
    for other in dataset.synonyms[group].terms:
        content = tuple(w for w in words(other) if w not in STOPWORDS) or tuple(words(other))
        if content and content != phrase:
            alternatives.append(Alternative(content, SYNONYM, other))
    return Term(" ".join(phrase), alternatives)


def _word_term(word: str, vocabulary: _Vocabulary) -> Term:
    alternatives = [Alternative((word,), EXACT, word)]
    if vocabulary.has(word):
        return Term(word, alternatives)
    corrections = vocabulary.near(word)
    if not corrections:
        return Term(word, alternatives)
    alternatives += [Alternative((c,), TYPO, c) for c in corrections]
    return Term(word, alternatives, corrected=corrections[0])


class _Vocabulary:
    """The index's words (FTS5's own vocabulary table), for typo tolerance."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db
        self._exact: set[str] | None = None

    def has(self, word: str) -> bool:
        """Whether the index holds the word itself or one of its stems (an indexed lookup, no scan)."""
        forms = (word, *stems(word))
        marks = ", ".join("?" * len(forms))
        return self.db.execute(f"SELECT 1 FROM vocab WHERE term IN ({marks}) LIMIT 1", forms).fetchone() is not None

    def words(self) -> set[str]:
        """Every exact word of the index: read only when a query word is not among them."""
        if self._exact is None:
            rows = self.db.execute("SELECT DISTINCT term FROM vocab WHERE col NOT LIKE '%\\_s' ESCAPE '\\'")
            self._exact = {term for (term,) in rows}
        return self._exact

    def near(self, word: str) -> list[str]:
        """Index words within the typo budget of `word`, closest (then alphabetical) first."""
        budget = 2 if len(word) >= 9 else 1 if len(word) >= 5 else 0
        if not budget or word.isdigit():
            return []
        exact = self.words()
        found = []
        for candidate in exact:
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


_WEIGHT_ARGS = ", ".join(str(w) for w in (*WEIGHTS, *WEIGHTS))


def _fts(words: Sequence[str], stemmed: bool, groups: Sequence[str] = GROUPS) -> str:
    """An FTS5 expression for words near each other in one column set; quoted, so never query syntax."""
    columns = " ".join(f"{g}_s" if stemmed else g for g in groups)
    if stemmed and len(words) == 1:
        either = " OR ".join(_quoted(s) for s in stems(words[0]))
        return f"{{{columns}}} : ({either})"
    if len(words) == 1:
        return f"{{{columns}}} : {_quoted(words[0])}"
    # NEAR takes plain phrases only: for stems, those of English, the usual spelling of the index.
    phrases = " ".join(_quoted(stems(w)[0] if stemmed else w) for w in words)
    return f"{{{columns}}} : NEAR({phrases}, {12 if stemmed else 6})"


def _quoted(word: str) -> str:
    # Analysed words hold no quote character, but a dataset may: FTS5 escapes one by doubling it.
    return '"' + word.replace('"', '""') + '"'


def _term_scores(db: sqlite3.Connection, term: Term) -> tuple[dict[str, tuple[float, str]], set[str]]:
    """Each matching record id -> (best score of the term in it, the form that scored it); and the ids
    of records whose name or alias holds the term."""
    best: dict[str, tuple[float, str]] = {}
    sql = f"SELECT rid, -bm25(docs, 0, {_WEIGHT_ARGS}) FROM docs WHERE docs MATCH ?"
    for alternative in term.alternatives:
        for stemmed in (False, True):
            factor = alternative.factor * (STEM if stemmed else 1.0)
            for rid, score in db.execute(sql, (_fts(alternative.words, stemmed),)):
                value = score * factor
                if value > best.get(rid, (0.0, ""))[0]:
                    best[rid] = (value, alternative.label)
    in_names: set[str] = set()
    for alternative in term.alternatives:
        for stemmed in (False, True):
            expression = _fts(alternative.words, stemmed, groups=GROUPS[:1])
            in_names.update(rid for (rid,) in db.execute("SELECT rid FROM docs WHERE docs MATCH ?", (expression,)))
    return best, in_names


LINK_SHARE = 0.3
NAME_SHARE = 0.5


def rank(dataset: Dataset, db: sqlite3.Connection, parsed: Query) -> list[tuple[Record, float, list[str]]]:
    """Records matching the query, best first, each with its score and the query forms it matched."""
    looked_up = [_term_scores(db, term) for term in parsed.terms]
    per_term = [_saturated(scores) for scores, _ in looked_up]
    candidates: dict[str, None] = {}
    for scores in per_term:
        candidates.update(dict.fromkeys(scores))
    n_terms = len(parsed.terms)
    ranked = []
    order = {rid: i for i, rid in enumerate(candidates)}
    for rid in candidates:
        record = dataset.get(rid)
        total, matched = 0.0, []
        neighbours: list[str] | None = None
        hit_terms = 0.0
        for scores in per_term:
            if rid in scores:
                value, form = scores[rid]
                total += value
                matched.append(form)
                hit_terms += 1
            elif n_terms > 1:
                if neighbours is None:
                    neighbours = _neighbours(dataset, record)
                linked = max((scores[n][0] for n in neighbours if n in scores), default=0.0)
                if linked:
                    total += LINK_SHARE * linked
                    hit_terms += LINK_SHARE
        total *= (hit_terms / n_terms) ** 2
        # The more of the query a record's own name says, the more it is the record asked about:
        # `UAE mission` is the mission (both words in its name), not the UAE (one).
        total *= 1 + NAME_SHARE * sum(rid in in_names for _, in_names in looked_up) / n_terms
        for kinds, boost in parsed.intents:
            if isinstance(record, kinds):
                total *= boost
        ranked.append((record, total, matched))
    # A query that is a record's whole name or alias (`mila`, `what is the G7`, `Suède`) is a lookup:
    # that record comes first, however common the word is in everyone else's summaries.
    named = _named(dataset, parsed)
    ranked.sort(key=lambda item: (item[0].id not in named, -item[1], order[item[0].id]))
    return ranked


def _named(dataset: Dataset, parsed: Query) -> set[str]:
    spelling = normalize(" ".join(term.corrected or term.typed for term in parsed.terms))
    return {found for key in COLLECTIONS if (found := dataset.lookup(key, spelling))}


def _saturated(scores: dict[str, tuple[float, str]]) -> dict[str, tuple[float, str]]:
    """A term's scores scaled so its best record scores the log of its raw score: one
    word matching a record's name very strongly (`uae` in the UAE's aliases) cannot outweigh two words
    matching another record well, while a rare word still counts more than a common one."""
    top = max((value for value, _ in scores.values()), default=0.0)
    if top <= 0:
        return scores
    scale = math.log1p(top) / top
    return {rid: (value * scale, form) for rid, (value, form) in scores.items()}


def _neighbours(dataset: Dataset, record: Record) -> list[str]:
    return [*record.targets(), *(r.id for r in dataset.referring(record.id))]


class Results:
    """A search's answer: hits in rank order, and what was searched instead of what was typed."""

    __slots__ = ("hits", "query")

    def __init__(self, query: Query, hits: list[Hit]) -> None:
        self.query = query
        self.hits = hits

    @property
    def corrections(self) -> list[tuple[str, str]]:
        return self.query.corrections


def search(dataset: Dataset, text: str, limit: int = 10) -> Results:
    """Rank the dataset's records for `text`; `NotFound` with suggestions when nothing matches."""
    check_query(text)
    db = dataset.index()
    parsed = parse_query(dataset, db, text)
    ranked = rank(dataset, db, parsed)
    if not ranked:
        raise NotFound("record", text, _suggestions(db, parsed))
    hits = []
    for record, score, matched in ranked[:limit]:
        field, value = best_field(dataset, record, matched)
        hits.append(Hit(record, score, matched, field, value))
    return Results(parsed, hits)


def _suggestions(db: sqlite3.Connection, parsed: Query) -> tuple[str, ...]:
    import difflib

    vocabulary = sorted(_Vocabulary(db).words())
    found: list[str] = []
    for term in parsed.terms:
        if len(term.typed) >= 3:  # a word begun: `robo` -> `robotics`
            found += [word for word in vocabulary if word.startswith(term.typed)][:2]
        found += difflib.get_close_matches(term.typed, vocabulary, n=2, cutoff=0.7)
    return tuple(dict.fromkeys(found))[:3]


# --- what a hit shows --------------------------------------------------------------------------


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
    return [(token.start, token.end) for token in tokens(text) if any(_matches(w, forms) for w in token.words)]


def _matches(word: str, forms: set[str]) -> bool:
    return word in forms or any(s in forms for s in stems(word))


def best_field(dataset: Dataset, record: Record, matched: list[str]) -> tuple[str, str]:
    """The record's field showing the most matched words (summaries over names on a tie, as they say
    more); the first field when the record matched only through its links."""
    forms = match_forms(matched)
    best: tuple[int, int, str, str] | None = None
    for field, value in fields(dataset, record):
        count = len({w for token in tokens(value) for w in token.words if _matches(w, forms)})
        prefer = 1 if field in _TEXT_FIELDS else 0
        if best is None or (count, prefer) > (best[0], best[1]):
            best = (count, prefer, field, value)
    return (best[2], best[3]) if best else ("", "")
