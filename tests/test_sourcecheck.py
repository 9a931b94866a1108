"""`validate --source`: the dataset checked against the article it was curated from.

The fixtures are a made-up article (tests/fixtures/source/article.txt), a dataset curated from it that
passes (clean.yaml), and a copy with one flaw of each kind (flawed.yaml).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import FIXTURES, run
from milafacts.errors import DatasetError, ExitCode, UsageError
from milafacts.sourcecheck import SourceReport, check_source, read_article, words

SOURCE = FIXTURES / "source"
ARTICLE = SOURCE / "article.txt"
CLEAN = SOURCE / "clean.yaml"
FLAWED = SOURCE / "flawed.yaml"


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
