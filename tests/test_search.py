"""Ranked search: text analysis, the ranking rules on a fixture, typos, synonyms, hostile queries, the CLI."""

from __future__ import annotations

import contextlib
import json
import sys
from pathlib import Path

import pytest

from conftest import FIXTURES, run
from milafacts import search as engine
from milafacts.errors import ExitCode, NotFound
from milafacts.load import load
from milafacts.model import Dataset

FIXTURE = FIXTURES / "search.yaml"


@pytest.fixture(scope="module")
def small() -> Dataset:
    return load(FIXTURE, cache=False)


def ids(dataset: Dataset, text: str, limit: int = 10) -> list[str]:
    return [hit.record.id for hit in engine.search(dataset, text, limit).hits]


def score(dataset: Dataset, text: str, record_id: str) -> float:
    return next(h.score for h in engine.search(dataset, text, 50).hits if h.record.id == record_id)


# --- analysis -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "same_as"),
    [
        ("G-7", "G7"),
        ("Ministers' Meeting", "Ministers’ Meeting"),
        ("ministersʼ meeting", "MINISTERS MEETING"),
        ("1,500", "1500"),
        ("Suède", "suede"),
        ("Mila’s", "mila"),
        ("protocole d'entente", "protocole entente"),
        ("Canada-Germany", "canadagermany"),
    ],
)
def test_analysis_folds_case_accents_apostrophes_hyphens_and_numbers(typed: str, same_as: str) -> None:
    assert engine.words(typed) == engine.words(same_as)


def test_hyphenated_words_are_indexed_whole_and_in_parts() -> None:
    (token,) = engine.tokens("multi-agent")
    assert token.words == ("multiagent", "multi", "agent")
    assert (token.start, token.end) == (0, len("multi-agent"))


def test_english_and_french_snowball_stems() -> None:
    assert "research" in engine.stems("researchers")
    assert "chercheur" in engine.stems("chercheurs")
    assert engine.stems("panelists") == engine.stems("panelist")


@pytest.mark.parametrize(
    ("a", "b", "distance"),
    [("robtics", "robotics", 1), ("bengo", "bengio", 1), ("roboitcs", "robotics", 1), ("abc", "xyz", 3)],
)
def test_edit_distance_counts_a_swap_as_one_typo(a: str, b: str, distance: int) -> None:
    assert engine.edit_distance(a, b, limit=3) == distance


# --- ranking rules, on the fixture ------------------------------------------------------------------


def test_exact_words_rank_above_stemmed_ones(small: Dataset) -> None:
    found = ids(small, "robotics")
    assert found.index("exact-robotics") < found.index("stemmed-robotic")


def test_names_rank_above_summaries(small: Dataset) -> None:
    assert ids(small, "robotics")[0] == "robotics-lab"


def test_a_record_matching_more_words_ranks_higher(small: Dataset) -> None:
    # Both talks say "tides"; only one is linked to Atlantis, which matches the other word.
    found = ids(small, "tides atlantis")
    assert found.index("tides-in-atlantis") < found.index("tides-talk")


def test_links_count_for_words_a_record_lacks(small: Dataset) -> None:
    linked = score(small, "tides atlantis", "tides-in-atlantis")
    alone = score(small, "tides atlantis", "tides-talk")
    assert linked > alone
    # Without the link, the two talks score alike on "tides".
    assert score(small, "tides", "tides-in-atlantis") == pytest.approx(score(small, "tides", "tides-talk"), rel=0.2)


def test_links_count_both_ways(small: Dataset) -> None:
    # Atlantis lacks `tides`, but a talk on tides links to it: the country gets a share of that too.
    assert score(small, "tides atlantis", "atlantis") > score(small, "atlantis qqqqqqqq", "atlantis")


def test_typo_corrections_rank_below_exact_matches(small: Dataset) -> None:
    results = engine.search(small, "robtics")
    assert results.corrections == [("robtics", "robotics")]
    assert score(small, "robtics", "exact-robotics") < score(small, "robotics", "exact-robotics")


@pytest.mark.parametrize(("word", "budget"), [("robt", 0), ("robotcs", 1), ("robotcis", 1), ("laboratry", 1)])
def test_typo_budget_grows_with_word_length(small: Dataset, word: str, budget: int) -> None:
    if budget == 0:
        with pytest.raises(NotFound):
            engine.search(small, word)
    else:
        assert engine.search(small, word).corrections


def test_synonyms_find_words_the_data_does_not_use(small: Dataset) -> None:
    assert ids(small, "protocole d'entente")[0] == "atlantis-mou"
    assert ids(small, "memorandum of understanding")[0] == "atlantis-mou"
    assert ids(small, "combien de chercheurs")[0] == "researchers"


def test_french_text_is_searched_without_counting_twice_what_the_english_says(small: Dataset) -> None:
    results = engine.search(small, "clôture de la saison")
    assert results.hits[0].record.id == "lagoon-closing" and not results.unmatched
    hit = engine.search(small, "clôture").hits[0]
    assert (hit.record.id, hit.field, hit.text) == ("lagoon-closing", "name", "Clôture Lagoon")
    # `Lagoon` is in both its names: once in the index, so the twin without French scores the same.
    sql = "SELECT count(*) FROM postings JOIN docs USING (doc) WHERE rid = ? AND form = 'lagoon' AND stem & 1 = 0"
    assert small.index().execute(sql, ["lagoon-closing"]).fetchone() == (2,)  # name and French summary
    assert score(small, "lagoon", "lagoon-closing") == pytest.approx(score(small, "lagoon", "lagoon-closing-twin"))


def test_a_french_match_is_shown_in_the_language_of_the_output() -> None:
    # JSON's `match` is the text as it matched; a table or CSV shows it in the output's language.
    data = ["--data", str(FIXTURE)]
    found = json.loads(run(*data, "search", "clôture", "-f", "json").stdout)["results"][0]
    assert (found["id"], found["field"], found["match"]) == ("lagoon-closing", "name", "Clôture Lagoon")
    english = run(*data, "search", "clôture", "-f", "csv", "--fields", "id,context").stdout.splitlines()[1]
    french = run(*data, "--lang", "fr", "search", "clôture", "-f", "csv", "--fields", "id,context").stdout
    assert english == "lagoon-closing,name: Lagoon closing"
    assert "lagoon-closing,nom\u00a0: Clôture Lagoon" in french


def test_a_word_found_only_in_the_french_counts_less_than_in_the_english(small: Dataset) -> None:
    postings = engine._Postings(small.index())
    assert {quality for quality, _ in postings.places("cloture").values()} == {engine.FRENCH}
    assert {quality for quality, _ in postings.places("closing").values()} == {engine.EXACT}


def test_stopwords_are_ignored_unless_alone(small: Dataset) -> None:
    assert ids(small, "what are the tides")[:2] == ids(small, "tides")[:2]
    assert engine.search(small, "the").hits  # a query of stopwords only still searches them


def test_a_query_that_is_a_name_puts_that_record_first(small: Dataset) -> None:
    assert ids(small, "atlantide")[0] == "atlantis"


def test_question_words_favour_the_kind_of_answer(small: Dataset) -> None:
    assert ids(small, "how many researchers")[0] == "researchers"


def test_analysis_is_the_same_for_records_and_queries(small: Dataset) -> None:
    for query in ("G7", "g-7", "multi agent", "multi-agent", "1500", "ministers' meeting"):
        assert ids(small, query)[0] == "multi-agent-talk", query


def test_hits_carry_the_matched_words_and_text(small: Dataset) -> None:
    hit = engine.search(small, "robotic arms").hits[0]
    assert hit.record.id == "stemmed-robotic"
    assert hit.field == "summary" and "robotic arms" in hit.text
    spans = engine.spans(hit.text, engine.match_forms(hit.matched))
    assert [hit.text[a:b] for a, b in spans] == ["robotic", "arms"]


def test_a_rare_spelling_is_no_stronger_than_its_synonyms(small: Dataset) -> None:
    # BM25F counts a term's rarity once for all its spellings: `uae` (one record) is as rare as
    # `emirates` (three), so a name saying `Emirates` scores close to the name saying `UAE` (x0.9).
    assert score(small, "uae", "emirates-mission") > 0.8 * score(small, "uae", "uae")


def test_how_a_word_was_found_scales_its_score_not_its_count(small: Dataset) -> None:
    # Both names hold `robotics`, one as the word, one by its stem (`Robotic day`): a stem is a weaker
    # match, however strong the place where it stands (a name's weight saturates, the stem's 0.7 not).
    exact, stemmed = score(small, "robotics", "robotics-lab"), score(small, "robotics", "robotic-day")
    assert stemmed == pytest.approx(engine.STEM * exact, rel=0.1)


def test_a_role_is_found_with_where_it_is_held(small: Dataset) -> None:
    hit = engine.search(small, "minister of atlantis").hits[0]
    assert hit.record.id == "ada-example"
    assert hit.matched == ["minister", "atlantis"]  # Atlantis found in the role itself, not through a link


def test_a_role_title_counts_as_a_name(small: Dataset) -> None:
    # A person is called by a role (`the Minister`) as an event is by its name (`Minister day`).
    assert score(small, "minister", "ada-example") > 0.8 * score(small, "minister", "minister-day")


def test_the_names_of_linked_records_are_searched_as_anchor_text(small: Dataset) -> None:
    hit = next(h for h in engine.search(small, "tides atlantis").hits if h.record.id == "tides-in-atlantis")
    assert hit.matched == ["tides", "atlantis"]  # its link to Atlantis says so, though its text does not
    assert hit.field == "summary"  # shown where its own text matched, never the linked record's name


def test_a_word_that_is_only_a_stem_of_the_index_is_corrected(small: Dataset) -> None:
    # `fornasier` is the stem of `Fornasiere`, but not a word of the index, nor are its own stems.
    results = engine.search(small, "Fornasier")
    assert results.corrections == [("fornasier", "fornasiere")]
    assert results.hits[0].record.id == "fornasiere-institute"


@pytest.mark.parametrize(
    ("text", "kind"), [("pourcentage de chercheurs", "Statistic"), ("how many days", "Statistic"), ("qui", "Person")]
)
def test_question_cues_in_both_languages(small: Dataset, text: str, kind: str) -> None:
    parsed = engine.parse_query(small, small.index(), text)
    assert kind in {k.__name__ for kinds, _ in parsed.intents for k in kinds}


def test_spans_find_words_whose_stem_changes_their_ending() -> None:
    # Only words beginning as a form less its last two letters are stemmed: `dying` -> `die`.
    text = "happy days, dying tides, une chercheuse heureuse"
    forms = {"happi", "die", "tide", "heureux"}
    assert [text[a:b] for a, b in engine.spans(text, forms)] == ["happy", "dying", "tides", "heureuse"]


def test_the_index_carries_the_synonym_phrases_and_stems(small: Dataset) -> None:
    db = engine.build_index(small)
    phrases = {row[0] for row in db.execute("SELECT words FROM phrases")}
    assert {"memorandum understanding", "protocole entente", "uae"} <= phrases
    assert dict(db.execute("SELECT word, forms FROM stems"))["researchers"] == "research researcher"


@pytest.mark.parametrize(
    "hostile",
    [
        '"robotics',
        "robotics*",
        "-robotics",
        "robotics:",
        "(robotics OR tides)",
        "robotics AND NEAR tides",
        "NOT",
        "{name}: robotics",
        'a"b',
        "^robotics",
    ],
)
def test_query_language_is_plain_text(small: Dataset, hostile: str) -> None:
    with contextlib.suppress(NotFound):  # a clean "nothing matches" is fine; an engine error is not
        engine.search(small, hostile)


def test_empty_and_overlong_queries_are_usage_errors() -> None:
    for text in ("", "   ", "!!! ???", "word " * 1000):
        with pytest.raises(Exception) as caught:
            engine.check_query(text)
        assert getattr(caught.value, "code", None) == ExitCode.USAGE


# --- the bundled dataset, through the CLI -----------------------------------------------------------


def search_json(*words: str) -> list[dict[str, object]]:
    result = run("search", *words, "--format", "json")
    assert result.exit_code == 0, result.output
    rows: list[dict[str, object]] = json.loads(result.stdout)["results"]
    return rows


def test_unquoted_words_in_any_order() -> None:
    assert search_json("how", "many", "researchers")[0]["id"] == "community-size"
    assert search_json("korea", "robotics")[0]["id"] == search_json("robotics", "korea")[0]["id"] == "south-korea-visit"


def test_json_results_are_in_rank_order_with_the_answer() -> None:
    rows = search_json("how many researchers")
    first = rows[0]
    assert [r["rank"] for r in rows] == list(range(1, len(rows) + 1))
    scores = [float(str(r["score"])) for r in rows]
    assert scores == sorted(scores, reverse=True)
    assert first["headline"] == "over 1500 researchers and staff"
    assert first["kind"] == "statistic" and first["sections"] == ["Looking Ahead"]
    assert "researchers" in first["terms"]  # type: ignore[operator]
    assert {"match", "field"} <= first.keys()


def test_an_event_hit_leads_with_its_date() -> None:
    row = next(r for r in search_json("g7", "finale") if r["id"] == "g7-finale")
    assert row["headline"] == "December 8-10, 2025"


def test_limit() -> None:
    assert len(search_json("mila", "--limit", "3")) == 3
    assert run("search", "mila", "--limit", "0").exit_code == ExitCode.USAGE


def test_a_typo_is_corrected_and_said_on_stderr() -> None:
    result = run("search", "robtics", "--format", "json")
    assert result.exit_code == 0
    assert result.stderr.strip() == "milafacts: no 'robtics' in the dataset; searched for 'robotics' instead"
    assert json.loads(result.stdout)["count"] > 0


def test_a_french_word_that_is_an_english_stem_is_a_typo_target_too() -> None:
    # `institut` (Mila's French summary) is indexed through the English stem of `institute` only;
    # it must still be in the vocabulary a typo is corrected to.
    result = run("search", "instiut", "--format", "json")
    assert result.exit_code == 0, result.output
    assert result.stderr.strip() == "milafacts: no 'instiut' in the dataset; searched for 'institut' instead"


def test_a_hyphenated_word_the_index_lacks_whole_is_searched_as_its_parts() -> None:
    # `Canada-Allemagne` is in no record whole (`G-7` is, as `g7`): its parts are searched instead,
    # as `Canada-Germany` = `Canada Germany`, and nothing is said to be missing.
    result = run("search", "alliance", "numérique", "Canada-Allemagne", "--format", "json")
    assert result.exit_code == 0 and result.stderr == ""
    assert json.loads(result.stdout)["results"][0]["id"] == "canada-germany-digital-alliance"
    assert [hit["id"] for hit in json.loads(run("search", "G-7", "-f", "json").stdout)["results"][:1]] == ["g7"]


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (
            ["search", "partnerships", "with", "xyzzyq"],
            "milafacts: nothing in the dataset matches 'xyzzyq'; these results match the other words",
        ),
        (
            ["--lang", "fr", "search", "partenariats", "xyzzyq"],
            "milafacts\u00a0: rien dans le jeu de données ne "
            "correspond à «\u00a0xyzzyq\u00a0»\u00a0; ces résultats correspondent aux autres mots",
        ),
    ],
)
def test_a_word_nothing_has_is_said_on_stderr_and_the_rest_answered(args: list[str], said: str) -> None:
    # `partnership with China`: the article says nothing of China; answering with partnerships in
    # general, silently, would read as if they were China's.
    result = run(*args, "--format", "json")
    assert result.exit_code == 0
    assert result.stderr == said + "\n"
    assert json.loads(result.stdout)["count"] > 0
    assert run(*args[:-1], "--format", "json").stderr == ""  # the other words alone: nothing to say


def test_no_match_is_one_line_on_stderr_and_exit_3() -> None:
    result = run("search", "xyzzyq")
    assert result.exit_code == ExitCode.NOT_FOUND
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and "no record matches 'xyzzyq'" in result.stderr


def test_a_near_miss_suggests_terms() -> None:
    result = run("search", "robo")  # 4 letters: no typo budget, but close to words of the dataset
    assert result.exit_code == ExitCode.NOT_FOUND
    assert "did you mean 'robotics'" in result.stderr


@pytest.mark.parametrize("words", [["--", "-robotics"], ['"g7'], ["(mila", "OR", "tii)"], ["NEAR:*"]])
def test_query_syntax_never_reaches_the_engine(words: list[str]) -> None:
    result = run("search", *words)
    assert result.exit_code in (ExitCode.OK, ExitCode.NOT_FOUND), result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("words", "same_as"),
    [
        (["robotics", "-korea"], ["robotics", "korea"]),  # not `No such option: -k`
        (["G7", "-finale"], ["G7", "finale"]),  # not `-f inale`, an unknown format
        (["partenariat", "-non-européen", "-n", "3"], ["partenariat", "non-européen", "--limit", "3"]),
        (["--limit=3", "robotics", "-korea"], ["robotics", "korea", "-n", "3"]),
    ],
)
def test_a_word_starting_with_a_dash_is_a_word(words: list[str], same_as: list[str]) -> None:
    def answer(args: list[str]) -> list[object]:
        result = run("search", *args, "-f", "json")
        assert result.exit_code == 0, result.output
        return [row["id"] for row in json.loads(result.stdout)["results"]]

    assert answer(words) == answer(same_as)


def test_an_option_missing_its_value_is_still_said() -> None:
    result = run("search", "robotics", "-n")
    assert result.exit_code == ExitCode.USAGE and "'-n' requires an argument" in result.stderr


def test_search_works_the_same_from_the_cache() -> None:
    fresh = run("--no-cache", "search", "panel royal visit", "-f", "json").stdout
    cold = run("search", "panel royal visit", "-f", "json").stdout
    warm = run("search", "panel royal visit", "-f", "json").stdout
    assert fresh == cold == warm


def test_the_first_search_saves_the_index_beside_the_cache_entry() -> None:
    from milafacts import cache
    from milafacts.load import bundled_path

    index = cache.index_path(bundled_path().read_bytes())
    run("country", "italy")  # a lookup writes the parsed records, and indexes nothing
    assert cache.entry(bundled_path().read_bytes()).is_file() and not index.exists()
    run("search", "robotics")
    assert index.read_bytes()[:16] == b"SQLite format 3\x00"


def test_a_search_that_parses_saves_the_index_too(monkeypatch: pytest.MonkeyPatch) -> None:
    # An empty cache: the run parses, caches the records and builds the index; it must save the
    # index then, or the next search builds it again (about 20 s at 100,000 records).
    from milafacts import cache, search
    from milafacts.load import bundled_path

    index = cache.index_path(bundled_path().read_bytes())
    assert not cache.entry(bundled_path().read_bytes()).exists()
    first = run("search", "robotics", "-f", "json").stdout
    assert index.read_bytes()[:16] == b"SQLite format 3\x00"
    built = []
    monkeypatch.setattr(search, "build_index", lambda dataset: built.append(dataset))
    assert run("search", "robotics", "-f", "json").stdout == first and built == []


def test_a_damaged_index_file_is_rebuilt() -> None:
    from milafacts import cache
    from milafacts.load import bundled_path

    expected = run("search", "robotics", "-f", "json").stdout
    run("search", "robotics")
    index = cache.index_path(bundled_path().read_bytes())
    index.write_bytes(b"not a database" * 100)
    assert run("search", "robotics", "-f", "json").stdout == expected


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        (["robotics", "korea"], "south-korea-visit"),
        (["Ministers'", "Meeting"], "g7-ministers-meeting"),
        (["Ministers’", "Meeting"], "g7-ministers-meeting"),
        (["1,500"], "community-size"),
        (["Bengo"], "yoshua-bengio"),
        (["what", "is", "Mila"], "mila"),
        # French names and words, as the French output shows them; a hyphenated synonym stays whole.
        (["clôture", "du", "G7"], "g7-finale"),
        (["délégation", "d'affaires", "suédoise"], "swedish-business-delegation"),
        (["président-directeur", "général"], "valerie-pisano"),
        # The CEO's title says neither: the synonyms carry these words to it.
        (["who", "leads", "Mila"], "valerie-pisano"),
        (["qui", "dirige", "Mila"], "valerie-pisano"),
    ],
)
def test_questions_people_ask(words: list[str], expected: str) -> None:
    assert search_json(*words)[0]["id"] == expected


@pytest.mark.parametrize("words", [["clôture", "du", "G7"], ["président-directeur", "général"]])
def test_french_words_of_the_dataset_are_never_said_to_match_nothing(words: list[str]) -> None:
    result = run("search", *words)
    assert result.exit_code == 0 and result.stderr == ""


def test_table_marks_the_matched_words_on_a_terminal() -> None:
    result = run("search", "pal", env={"FORCE_COLOR": "1", "TERM": "xterm-256color", "COLUMNS": "200"})
    assert result.exit_code == 0
    # Accent-insensitive: "pal" finds and marks "Pål".
    assert "\x1b[1;7mPål\x1b[0m" in result.stdout


# --- show ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("words", "record_id"),
    [
        (["vivatech"], "vivatech"),
        (["g7", "finale"], "g7-finale"),
        (["sme", "blueprint"], "sme-ai-adoption-blueprint"),
        (["community-size"], "community-size"),
        (["fellow-alesia-zhuk"], "fellow-alesia-zhuk"),
        (["european", "union"], "eu"),
        # A statistic by its label, the name search and `stats` show it by, in either language.
        (["Industry", "partnerships"], "industry-partnerships"),
        (["partenariats", "avec", "l'industrie"], "industry-partnerships"),
    ],
)
def test_show_finds_any_record_by_name_alias_or_id(words: list[str], record_id: str) -> None:
    for _ in ("parsed", "from the cache"):  # the parse's names, then the cached file's
        result = run("show", *words, "--format", "json")
        assert result.exit_code == 0, result.output
        assert json.loads(result.stdout)["subject"]["id"] == record_id


def test_honorifics_resolve() -> None:
    result = run("person", "Dr.", "Alesia", "Zhuk", "-f", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["subject"]["id"] == "alesia-zhuk"


def test_a_name_given_to_the_wrong_command_says_where_it_lives() -> None:
    result = run("org", "eu")
    assert result.exit_code == ExitCode.NOT_FOUND
    assert result.stderr.strip() == "milafacts: error: European Union is a country: milafacts country eu"


def test_show_unknown_is_not_found_with_suggestions() -> None:
    result = run("show", "vivatek")
    assert result.exit_code == ExitCode.NOT_FOUND
    assert "VivaTech" in result.stderr


# --- findability on the bundled dataset -----------------------------------------------------------


@pytest.mark.parametrize("name", ["tune", "holdout", "fresh", "blind"])
def test_findability_does_not_fall(dataset: Dataset, name: str) -> None:
    sys.path.insert(0, str(Path(__file__).parent.parent / "bench"))
    import findability

    results = findability.ranks(dataset, [q for q in findability.questions() if q["set"] == name])
    at1, at3 = findability.scores(results)
    # Measured with bench/findability.py when these floors were set; raise them when search improves.
    floor1, floor3, floor_honest = FLOORS[name]
    assert at1 >= floor1 and at3 >= floor3, (at1, at3)
    assert findability.honest(results)[1] >= floor_honest


# hit@1 and hit@3 over the questions that have an answer, and how many of those without one got an
# honest answer, per set, as `python bench/findability.py` printed them (2026-11-28): the 153+2
# tuning questions, the 75+2 kept aside, and two sets written later without running the engine
# (57+3, 71+4), each measured before any tuning on it.
FLOORS = {
    "tune": (0.941, 0.986, 0),
    "holdout": (0.946, 0.973, 1),
    "fresh": (0.982, 1.0, 3),
    "blind": (0.943, 1.0, 4),
}
