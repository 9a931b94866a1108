"""`validate --source`: the dataset checked against the article it was curated from.

The fixtures are a made-up article (tests/fixtures/source/article.txt), a dataset curated from it that
passes (clean.yaml), a copy with one flaw of each kind (flawed.yaml), and clean.yaml with French beside
its English (tests/fixtures/sourcecheck-fr.yaml).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import FIXTURES, run
from milafacts.errors import DatasetError, ExitCode, UsageError
from milafacts.load import bundled_path
from milafacts.model import Dataset
from milafacts.sourcecheck import SourceReport, check_source, read_article, words

SOURCE = FIXTURES / "source"
ARTICLE = SOURCE / "article.txt"
CLEAN = SOURCE / "clean.yaml"
FLAWED = SOURCE / "flawed.yaml"
FRENCH = FIXTURES / "sourcecheck-fr.yaml"
# The article the bundled dataset is curated from lives beside the repository, not in it (README).
REAL_ARTICLE = Path(__file__).resolve().parents[2] / "shared" / "source" / "mila-2025-year-in-review.txt"


def article() -> str:
    return ARTICLE.read_text(encoding="utf-8")


def line_of(path: Path, text: str) -> int:
    """The line of `path` holding `text` (which must be there once)."""
    lines = [n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line]
    assert len(lines) == 1, (text, lines)
    return lines[0]


def messages(report: SourceReport) -> list[str]:
    return [str(problem) for problem in report.findings]


def edited(tmp_path: Path, old: str, new: str, source: Path = CLEAN) -> Path:
    """A copy of a fixture dataset with one piece of text replaced."""
    text = source.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path = tmp_path / source.name
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


# --- the pure function ---------------------------------------------------------------------------


def test_the_clean_pair_has_no_findings_and_nothing_uncovered() -> None:
    # Passes only through the folding: `Neptune's` is `Neptune’s`, 1200 is `1,200`, 2 is `two`, and the
    # range 2026-03-02/2026-03-03 is "March 2 to 3" with 2026 elsewhere.
    report = check_source(CLEAN, article())
    assert messages(report) == []
    assert report.uncovered == []
    assert report.clean


def test_an_invented_name_is_reported_on_its_line() -> None:
    line = line_of(FLAWED, "name: Ivo Marsh")
    assert f"{FLAWED}:{line}: people[2].name: 'Ivo Marsh' is not in the article" in messages(
        check_source(FLAWED, article())
    )


def test_an_invented_number_in_a_text_is_reported_on_its_line() -> None:
    line = line_of(FLAWED, "75 of its members")
    assert f"{FLAWED}:{line}: organizations[1].summary: the number 75 is not in the article" in messages(
        check_source(FLAWED, article())
    )


def test_a_stated_figure_must_be_worded_as_the_article_words_it() -> None:
    line = line_of(FLAWED, "stated: a full 40%")
    expected = f"{FLAWED}:{line}: statistics[1].stated: 'a full 40%' is not worded so in the article"
    assert expected in messages(check_source(FLAWED, article()))


def test_a_statistic_value_not_in_the_article_is_reported(tmp_path: Path) -> None:
    path = edited(tmp_path, "value: 1200", "value: 1300")
    line = line_of(path, "value: 1300")
    assert messages(check_source(path, article())) == [
        f"{path}:{line}: statistics[0].value: 1300 is not in the article"
    ]


def test_a_wrong_date_is_reported_on_its_line() -> None:
    line = line_of(FLAWED, 'date: "2026-03-02/2026-03-04"')
    expected = (
        f"{FLAWED}:{line}: events[0].date: '2026-03-02/2026-03-04' (March 2-4, 2026): the article has no 'March 2 to 4'"
    )
    assert expected in messages(check_source(FLAWED, article()))


@pytest.mark.parametrize("wording", ["March 2–3", "March 2nd to 3rd", "2 to 3 March", "March 2 and March 3"])
def test_a_date_range_matches_however_the_article_writes_it(wording: str) -> None:
    assert check_source(CLEAN, article().replace("March 2 to 3", wording)).findings == []


def test_a_range_the_article_gives_only_half_of_is_reported() -> None:
    messages_ = messages(check_source(CLEAN, article().replace("March 2 to 3", "March 2")))
    assert [m.split(": ", 1)[1] for m in messages_] == [
        "events[0].date: '2026-03-02/2026-03-03' (March 2-3, 2026): the article has no 'March 2 to 3'"
    ]


def test_a_month_the_article_never_names_is_reported(tmp_path: Path) -> None:
    path = edited(tmp_path, 'published: "2026-03"', 'published: "2026-04"')
    assert messages(check_source(path, article())) == [
        f"{path}:{line_of(path, 'published')}: source.published: '2026-04' (April 2026): the article has no 'April'"
    ]


def test_a_copied_run_of_six_words_is_reported_on_its_line() -> None:
    line = line_of(FLAWED, "plans to build a second tidal observatory")
    expected = (
        f"{FLAWED}:{line}: organizations[0].summary: copies 7 words of the article: "
        f'"plans to build a second tidal observatory"'
    )
    assert expected in messages(check_source(FLAWED, article()))


def test_the_flawed_dataset_has_exactly_its_five_flaws() -> None:
    report = check_source(FLAWED, article())
    assert len(report.findings) == 5, messages(report)
    assert [p.line for p in report.findings] == sorted(p.line or 0 for p in report.findings)


def test_names_in_a_summary_are_not_counted_as_copied_words(tmp_path: Path) -> None:
    # The ministers' meeting summary repeats the event's name, nine words of the article: not a copy
    # while it is the name of a record, a copy once the record is named otherwise.
    assert check_source(CLEAN, article()).findings == []
    path = edited(tmp_path, "name: Tidal Energy and Ocean Science Ministers' Meeting", "name: Ocean gathering")
    line = line_of(path, "summary: Acme Lab hosted the Tidal Energy")
    assert messages(check_source(path, article())) == [
        f"{path}:{line}: events[1].summary: copies 9 words of the article: "
        f'"hosted the Tidal Energy and Ocean Science Ministers\' Meeting"'
    ]


def test_a_record_with_an_inferred_note_is_exempt_for_its_date(tmp_path: Path) -> None:
    # The harbour tour's date (May) is not in the article; its `inferred` note says so.
    assert check_source(CLEAN, article()).findings == []
    note = "The article implies a tour of the harbour after the summit; the month is this fixture's guess."
    path = edited(tmp_path, f"    inferred: {note}\n", "")
    line = line_of(path, 'date: "2026-05"')
    assert messages(check_source(path, article())) == [
        f"{path}:{line}: events[2].date: '2026-05' (May 2026): the article has no 'May'"
    ]


def test_an_inferred_note_exempts_its_own_records_name_not_the_names_it_links(tmp_path: Path) -> None:
    # Lemuria is not in the article: exempt by its own `inferred` note, not by the inferred role that
    # links to it (a note on a link says the link is implied, not that the place is).
    assert check_source(CLEAN, article()).findings == []
    path = edited(tmp_path, "    inferred: The article never names it; only an inferred role points at it.\n", "")
    assert messages(check_source(path, article())) == [
        f"{path}:{line_of(path, 'name: Lemuria')}: countries[1].name: 'Lemuria' is not in the article"
    ]


def test_a_derived_statistic_is_exempt_for_its_value_and_formula(tmp_path: Path) -> None:
    # 60 and 100 are in the derived share's value and formula only: exempt there, not in its context.
    assert check_source(CLEAN, article()).findings == []
    path = edited(
        tmp_path,
        "context: Not stated in the article; computed from the share it gives.",
        "context: 100% - 40% = 60%",
    )
    line = line_of(path, "context: 100% - 40% = 60%")
    assert messages(check_source(path, article())) == [
        f"{path}:{line}: statistics[3].context: the number 100 is not in the article",
        f"{path}:{line}: statistics[3].context: the number 60 is not in the article",
    ]


def test_coverage_lists_the_article_names_and_numbers_the_dataset_misses() -> None:
    # `Accompanied` starts a sentence and is taken for a common word; Ada Quill is in the dataset, and
    # what is left of the name, `Summit Director`, has each of its words there.
    longer = article() + "Accompanied by Summit Director Ada Quill, the Marlow Foundry counted 17 boats.\n"
    report = check_source(CLEAN, longer)
    assert report.findings == []
    assert report.uncovered == ["17", "Marlow Foundry"]


def test_a_multi_word_name_is_missing_even_when_its_words_are_not() -> None:
    # `Harbour` and `Lab` are both in the dataset, but not `Harbour Lab`.
    report = check_source(CLEAN, article() + "Then the Harbour Lab opened.\n")
    assert report.uncovered == ["Harbour Lab"]


def test_folding_ignores_case_accents_apostrophes_hyphens_and_thousands_separators() -> None:
    def keys(text: str) -> list[str]:
        return [w.word for w in words(text)]

    assert keys("Neptune’s Guild") == keys("neptune's guild") == keys("NEPTUNEʼS GUILD") == ["neptune", "'s", "guild"]
    assert keys("Zoë Lind") == keys("zoe lind")
    assert keys("80-plus") == keys("80 plus")
    assert keys("over 1,500") == keys("over 1500") == ["over", "1500"]


def test_a_broken_dataset_raises_the_loader_problems(tmp_path: Path) -> None:
    path = edited(tmp_path, "kind: conference", "kind: [conference")
    with pytest.raises(DatasetError):
        check_source(path, article())


def test_an_unreadable_article_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="no such file"):
        read_article(tmp_path / "missing.txt")
    (tmp_path / "latin1.txt").write_bytes(b"caf\xe9")
    with pytest.raises(UsageError, match="not UTF-8"):
        read_article(tmp_path / "latin1.txt")


# --- the French text -----------------------------------------------------------------------------


def test_the_french_fixture_has_no_findings_and_nothing_uncovered() -> None:
    # Passes only if French numbers are read the French way (`1 200` with a no-break space is 1200,
    # `40 %` is 40), French names (Atlantide, Lémurie) are not looked for in the article, and the
    # derived figures' French formulas (`100 % - 40 % = 60 %`, `60 % / 40 % = 1,5`) are exempt.
    report = check_source(FRENCH, article())
    assert messages(report) == []
    assert report.uncovered == []


def test_a_french_number_not_in_the_article_is_reported_on_its_line(tmp_path: Path) -> None:
    # The audit's case: a date and a count the article does not give, in French only.
    path = edited(
        tmp_path,
        "summary: Une île dont le labo a ouvert ses portes aux visiteurs.",
        "summary: Une île dont le labo a ouvert ses portes le 14 mars à plus de 95 visiteurs.",
        FRENCH,
    )
    line = line_of(path, "le 14 mars")
    report = check_source(path, article())
    assert messages(report) == [
        f"{path}:{line}: countries[0].fr.summary: the number 14 is not in the article",
        f"{path}:{line}: countries[0].fr.summary: the number 95 is not in the article",
    ]
    assert [p.text("fr") for p in report.findings] == [
        f"{path}:{line}: countries[0].fr.summary\u00a0: le nombre 14 n'est pas dans l'article",
        f"{path}:{line}: countries[0].fr.summary\u00a0: le nombre 95 n'est pas dans l'article",
    ]


@pytest.mark.parametrize(
    ("old", "new", "where"),
    [
        # The header and the sections, a role's title and note, one of a list, a statistic's French
        # wording, a French name's number, and a record whose `inferred` note exempts its English name
        # and date only (as in English, not the numbers of its text).
        ('title: "Atlantis Digest : une année en mer"', "title: Atlantis Digest 77", "source.fr.title"),
        ("heading: La seule section", "heading: La section 77", "sections[0].fr.heading"),
        ("- title: Directrice", "- title: Directrice 77", "people[0].fr.roles[0].title"),
        ("cette donnée de test le suppose.", "77 fois.", "people[1].fr.roles[1].inferred"),
        ("topics: [marées, courants]", "topics: [marées, 77 courants]", "events[0].fr.topics[1]"),
        ('stated: "plus de 1\\u00a0200"', "stated: plus de 77", "statistics[0].fr.stated"),
        ("name: Visite du port", "name: Visite du port 77", "events[2].fr.name"),
        (
            "summary: Une région que l'article ne nomme jamais.",
            "summary: Région de 77 îles.",
            "countries[1].fr.summary",
        ),
    ],
)
def test_every_french_value_has_its_numbers_checked(tmp_path: Path, old: str, new: str, where: str) -> None:
    path = edited(tmp_path, old, new, FRENCH)
    line = line_of(path, "77")
    assert messages(check_source(path, article())) == [f"{path}:{line}: {where}: the number 77 is not in the article"]


@pytest.mark.parametrize("space", [" ", "\u00a0", "\u202f"], ids=["space", "no-break", "narrow-no-break"])
def test_french_thousands_set_apart_by_a_space_are_one_number(tmp_path: Path, space: str) -> None:
    # `1 200` is the article's 1,200 however the thousands are set apart; `1 300` is one number not in
    # it (not 1 and 300).
    path = edited(tmp_path, "plus de 1 200 personnes", f"plus de 1{space}200 personnes", FRENCH)
    assert messages(check_source(path, article())) == []
    path = edited(tmp_path, "plus de 1 200 personnes", f"plus de 1{space}300 personnes", FRENCH)
    line = line_of(path, "300 personnes")
    assert messages(check_source(path, article())) == [
        f"{path}:{line}: organizations[0].fr.summary: the number 1{space}300 is not in the article"
    ]


def test_a_french_decimal_comma_is_a_decimal(tmp_path: Path) -> None:
    # `2,5` is the article's 2.5 (not 2 and 5); `2,6` is not in it.
    longer = article() + "Tides rose 2.5 metres.\n"
    path = edited(tmp_path, "A conclu 2 ententes avec le labo.", "Marées de 2,5 mètres.", FRENCH)
    assert messages(check_source(path, longer)) == []
    path = edited(tmp_path, "A conclu 2 ententes avec le labo.", "Marées de 2,6 mètres.", FRENCH)
    line = line_of(path, "2,6")
    assert messages(check_source(path, longer)) == [
        f"{path}:{line}: organizations[1].fr.summary: the number 2,6 is not in the article"
    ]


def test_a_derived_statistics_french_formula_is_exempt_like_its_english(tmp_path: Path) -> None:
    # 60 and 1,5 (1.5) are in the derived ratio's formula, exempt in French as in English; the same
    # text in its French context is not.
    assert check_source(FRENCH, article()).findings == []
    path = edited(
        tmp_path,
        "context: L'article ne le dit pas ; calculé d'après les deux parts.",
        "context: 60 % / 40 % = 1,5",
        FRENCH,
    )
    line = line_of(path, "context: 60 % / 40 % = 1,5")
    assert messages(check_source(path, article())) == [
        f"{path}:{line}: statistics[4].fr.context: the number 60 is not in the article",
        f"{path}:{line}: statistics[4].fr.context: the number 1,5 is not in the article",
    ]


def test_only_a_derived_statistics_french_formula_is_exempt(tmp_path: Path) -> None:
    # A stated figure's formula is checked, in French as in English.
    path = edited(tmp_path, "    unit: people\n", "    unit: people\n    formula: counted at the summit\n", FRENCH)
    path = edited(tmp_path, "      unit: personnes\n", "      unit: personnes\n      formula: 77 au sommet\n", path)
    line = line_of(path, "formula: 77 au sommet")
    assert messages(check_source(path, article())) == [
        f"{path}:{line}: statistics[0].fr.formula: the number 77 is not in the article"
    ]


def test_french_number_folding() -> None:
    def keys(text: str, *, french: bool) -> list[str]:
        return [w.word for w in words(text, french=french)]

    for space in (" ", "\u00a0", "\u202f"):
        assert keys(f"plus de 1{space}500", french=True) == ["plus", "de", "1500"]
        assert keys(f"12{space}345{space}678,50", french=True) == ["12345678.5"]
    assert keys("39,3 %", french=True) == keys("39.3%", french=False) == ["39.3", "%"]
    assert keys("30\u00a0% de 131", french=True) == ["30", "%", "de", "131"]
    assert keys("en 2025 300 membres", french=True) == ["en", "2025", "300", "membres"]  # 2025 is no group
    assert keys("1 500", french=False) == ["1", "500"]  # English is unchanged


@pytest.mark.skipif(not REAL_ARTICLE.is_file(), reason=f"the article is not at {REAL_ARTICLE}")
def test_the_bundled_dataset_and_its_french_are_clean_against_the_article() -> None:
    report = check_source(None, REAL_ARTICLE.read_text(encoding="utf-8"))
    assert messages(report) == []
    assert report.uncovered == []


@pytest.mark.skipif(not REAL_ARTICLE.is_file(), reason=f"the article is not at {REAL_ARTICLE}")
def test_the_audits_french_edit_of_the_bundled_dataset_is_reported(tmp_path: Path, dataset: Dataset) -> None:
    # Sweden's French summary given a day and a count the article does not state: passed before the
    # French was checked, while the same edit in English was reported.
    sweden = f"countries[{[c.id for c in dataset.countries].index('sweden')}].fr.summary"
    path = edited(
        tmp_path,
        "ont visité Mila en novembre, avec une délégation d'affaires de plus de 80 membres",
        "ont visité Mila le 14 novembre, avec une délégation d'affaires de plus de 95 membres",
        bundled_path(),
    )
    result = run("--no-cache", "validate", str(path), "--source", str(REAL_ARTICLE))
    assert result.exit_code == ExitCode.DATASET
    line = line_of(path, "le 14 novembre")
    assert result.stdout.splitlines() == [
        f"{path}:{line}: {sweden}: the number 14 is not in the article",
        f"{path}:{line}: {sweden}: the number 95 is not in the article",
    ]


# --- through the command line --------------------------------------------------------------------


def test_cli_clean_pair_exits_0() -> None:
    result = run("--no-cache", "validate", str(CLEAN), "--source", str(ARTICLE))
    assert result.exit_code == ExitCode.OK, result.output
    # The fixture has no French: the warnings come before the verdict, which is the last line.
    *warnings, verdict = result.stdout.splitlines()
    assert all(": warning: no French for " in line for line in warnings)
    assert verdict.startswith(f"ok: no problems found; every name, number and date is in {ARTICLE}; ")


def test_cli_reports_every_finding_as_file_line_what_and_exits_4() -> None:
    result = run("--no-cache", "validate", str(FLAWED), "--source", str(ARTICLE))
    assert result.exit_code == ExitCode.DATASET
    out = result.stdout.splitlines()
    assert out == [str(p) for p in check_source(FLAWED, article()).findings]
    assert f"{FLAWED}:{line_of(FLAWED, 'name: Ivo Marsh')}: people[2].name: 'Ivo Marsh' is not in the article" in out
    assert len(result.stderr.splitlines()) == 1
    assert "5 finding(s)" in result.stderr


def test_cli_without_source_is_unchanged() -> None:
    result = run("--no-cache", "validate", str(FLAWED))
    assert result.exit_code == ExitCode.OK
    assert result.stdout.splitlines()[-1].startswith("ok: no problems found; ")
    assert "every name, number and date" not in result.stdout


def test_cli_lists_what_the_dataset_misses_and_exits_4(tmp_path: Path) -> None:
    longer = tmp_path / "longer.txt"
    longer.write_text(article() + "The Marlow Foundry counted 17 boats.\n", encoding="utf-8")
    result = run("--no-cache", "validate", str(CLEAN), "--source", str(longer))
    assert result.exit_code == ExitCode.DATASET
    assert result.stdout == "not in the dataset (2):\n  17\n  Marlow Foundry\n"
    assert "0 finding(s), 2 not in the dataset" in result.stderr


def test_cli_missing_article_exits_2_with_one_line_on_stderr(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.txt"
    result = run("--no-cache", "validate", str(CLEAN), "--source", str(missing))
    assert result.exit_code == ExitCode.USAGE
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"milafacts: error: cannot read the article {missing}: no such file (see 'milafacts validate -h')"
    ]


def test_cli_a_broken_dataset_is_reported_as_without_source(tmp_path: Path) -> None:
    path = edited(tmp_path, "kind: conference", "kind: [conference")
    plain = run("--no-cache", "validate", str(path))
    checked = run("--no-cache", "validate", str(path), "--source", str(ARTICLE))
    assert checked.exit_code == plain.exit_code == ExitCode.DATASET
    assert checked.stdout == plain.stdout
