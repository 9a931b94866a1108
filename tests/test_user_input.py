"""Bad user input: a clear one-line message on stderr and a documented exit code."""

from __future__ import annotations

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
        (["country", "italy", "-f", "xml"], ExitCode.USAGE, "'xml' is not one of 'table', 'json', 'csv', 'markdown'"),
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


@pytest.mark.parametrize("month", ["november", "Nov", "11", "NOVEMBER"])
def test_month_spellings(month: str) -> None:
    result = run("timeline", "--month", month, "-f", "csv")
    assert result.exit_code == 0
    assert "swedish-royal-visit" in result.stdout and "g7-finale" not in result.stdout


def test_first_name_alone_resolves_when_unique() -> None:
    assert run("person", "valerie", "-f", "csv").stdout == run("person", "Valérie Pisano", "-f", "csv").stdout
