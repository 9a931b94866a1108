"""Bad user input: a clear one-line message on stderr and a documented exit code."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import run
from milafacts.errors import ExitCode


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["country", ""], ExitCode.USAGE, "the country name is empty"),
        (["country", "   "], ExitCode.USAGE, "the country name is empty"),
        (["person", "x" * 1000], ExitCode.USAGE, "the person name is 1000 characters long; the limit is 200"),
        (["search", ""], ExitCode.USAGE, "the search text has no words"),
        (["search", "y" * 501], ExitCode.USAGE, "the search text is 501 characters long; the limit is 500"),
        (["contry", "italy"], ExitCode.USAGE, "No such command 'contry'. Did you mean 'country', 'countries'?"),
        (["country", "italy", "--formt", "json"], ExitCode.USAGE, "No such option: --formt"),
        (
            ["country", "italy", "-f", "xml"],
            ExitCode.USAGE,
            "'xml' is not one of 'table', 'json', 'ndjson', 'csv', 'tsv', 'markdown'",
        ),
        (["country"], ExitCode.USAGE, "Missing argument"),
        (["timeline", "--month", "smarch"], ExitCode.USAGE, "unknown month 'smarch'"),
        (["timeline", "--month", "13"], ExitCode.USAGE, "unknown month '13'"),
        (["people", "--country", "narnia"], ExitCode.NOT_FOUND, "no country matches 'narnia'"),
        (["org", "acme"], ExitCode.NOT_FOUND, "no organization matches 'acme'"),
        (["person", "sweden"], ExitCode.NOT_FOUND, "Sweden is a country: milafacts country sweden"),
        (["person", "sweden king"], ExitCode.NOT_FOUND, "did you mean 'King of Sweden'?"),
        (["country", "ital\x1b[31my"], ExitCode.NOT_FOUND, "no country matches 'ital\\x1b[31my'"),
        (["country", "it\x00aly"], ExitCode.NOT_FOUND, "no country matches 'it\\x00aly'"),
    ],
)
def test_bad_input_gets_one_clear_line(args: list[str], code: ExitCode, message: str) -> None:
    result = run(*args)
    assert result.exit_code == code, result.output
    assert result.stdout == ""
    assert result.stderr.startswith("milafacts: error: ")
    assert message in result.stderr
    assert result.stderr.count("\n") == 1
    assert "\x1b" not in result.stderr  # control characters in input are shown escaped, never sent raw


def test_usage_errors_point_at_help() -> None:
    assert run("country", "-f", "xml", "italy").stderr.endswith("(see 'milafacts country -h')\n")


@pytest.mark.parametrize(
    ("args", "command"),
    [
        (["timeline", "--month", "smarch"], "timeline"),
        (["search", "?!"], "search"),
        (["stats", "--export", "out.txt"], "stats"),
        (["validate", "--source", "/nonexistent/article.txt"], "validate"),
        (["countries", "--data", ""], "countries"),
        (["--data", "", "fellows"], "fellows"),
    ],
)
def test_our_own_usage_errors_point_at_the_command_help(args: list[str], command: str) -> None:
    # Like the parser's: the hint names the command that was running.
    result = run(*args)
    assert result.exit_code == ExitCode.USAGE
    assert result.stderr.endswith(f"(see 'milafacts {command} -h')\n")
    assert result.stderr.count("(see ") == 1


BROKEN = ["--data", "/nonexistent/facts.yaml"]  # reading it would be a dataset error (exit 4)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["timeline", "--month", "smarch"], "unknown month 'smarch'"),
        (["country", ""], "the country name is empty"),
        (["person", "x" * 1000], "the person name is 1000 characters long"),
        (["org", "  "], "the organization name is empty"),
        (["show", ""], "the record name is empty"),
        (["search", ""], "the search text has no words"),
        (["people", "--country", ""], "the country name is empty"),
        (["stats", "--export", "out.txt"], "--export out.txt has an unknown extension '.txt'"),
        (["country", "italy", "-f", "csv", "--export", "-"], "--export - writes an HTML page to standard output"),
    ],
)
@pytest.mark.parametrize("where", ["option", "env"])
def test_user_input_is_checked_before_the_dataset_is_read(
    args: list[str], message: str, where: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run(*BROKEN, *args) if where == "option" else run(*args, env={"MILAFACTS_DATA": BROKEN[1]})
    assert result.exit_code == ExitCode.USAGE, result.stderr
    assert message in result.stderr and result.stderr.count("\n") == 1
    assert list(tmp_path.iterdir()) == []  # no export written either


@pytest.mark.parametrize("month", ["november", "Nov", "11", "NOVEMBER"])
def test_month_spellings(month: str) -> None:
    result = run("timeline", "--month", month, "-f", "csv")
    assert result.exit_code == 0
    assert "swedish-royal-visit" in result.stdout and "g7-finale" not in result.stdout


def test_first_name_alone_resolves_when_unique() -> None:
    assert run("person", "valerie", "-f", "csv").stdout == run("person", "Valérie Pisano", "-f", "csv").stdout
