"""Property-based tests over the CLI: whatever comes in, the exit code is documented, stderr holds no
traceback, and stdout is valid in the requested format. Example counts are fixed and bounded."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import run
from milafacts.errors import ExitCode
from milafacts.load import bundled_path

DOCUMENTED = {code.value for code in ExitCode}
# Deterministic (derandomize, no example database): the same examples on every run and in CI, so a
# failure found once is not replayed forever from .hypothesis/ nor missed by the next run.
BOUNDED = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
# Text a user could type: any printable or control character except NUL and surrogates (not valid in argv).
TYPED = st.text(st.characters(exclude_categories=["Cs"], exclude_characters="\x00"), max_size=60)
FORMATS = ["table", "json", "csv", "markdown"]


def check_output(code: int, stdout: str, stderr: str, fmt: str) -> None:
    assert code in DOCUMENTED, (code, stderr)
    assert "Traceback" not in stderr and "Traceback" not in stdout
    if code != 0:
        assert stdout == "" and stderr.startswith("milafacts: error: ") and stderr.count("\n") == 1
        return
    if fmt == "json":
        document = json.loads(stdout)
        assert document["count"] == len(document["results"])
    elif fmt == "csv":
        rows = list(csv.reader(io.StringIO(stdout)))
        assert rows and all(len(row) == len(rows[0]) for row in rows)
    elif fmt == "markdown":
        assert stdout.startswith("**") and "| --- |" in stdout.replace("|---", "| ---")


@BOUNDED
@given(name=TYPED, command=st.sampled_from(["country", "person", "org"]), fmt=st.sampled_from(FORMATS))
def test_any_name(name: str, command: str, fmt: str) -> None:
    result = run(command, "--format", fmt, "--", name)
    check_output(result.exit_code, result.stdout, result.stderr, fmt)
    assert result.exit_code in (ExitCode.OK, ExitCode.USAGE, ExitCode.NOT_FOUND)


@BOUNDED
@given(text=TYPED, fmt=st.sampled_from(FORMATS))
def test_any_search(text: str, fmt: str) -> None:
    result = run("search", "--format", fmt, "--", text)
    check_output(result.exit_code, result.stdout, result.stderr, fmt)
    assert result.exit_code in (ExitCode.OK, ExitCode.USAGE, ExitCode.NOT_FOUND)


OPTIONS = st.lists(
    st.sampled_from(
        ["--format", "-f", "json", "csv", "markdown", "table", "xml", "--sources", "--month", "november", "--role",
         "minister", "--country", "sweden", "--bogus", "-h", "--version", "italy", "bengio", "tii",
         "robotics", "--no-cache", "--data"]
    ),
    max_size=6,
)  # fmt: skip
COMMANDS = ["country", "countries", "fellows", "stats", "people", "person", "orgs", "org", "timeline", "agreements",
            "search", "show", "sources", "validate", "nonsense"]  # fmt: skip


@BOUNDED
@given(command=st.sampled_from(COMMANDS), options=OPTIONS)
def test_any_option_combination(command: str, options: list[str]) -> None:
    # --export is left out: it writes files, and is tested on its own.
    args = [command, *options]
    result = run(*args, env={"COLUMNS": "80"})
    if result.stdout.lstrip().startswith("Usage:"):
        # Help, whatever --format says; only when -h was given (and not taken as --role's or --data's value).
        assert "-h" in args and (result.exit_code, result.stderr) == (ExitCode.OK, "")
        return
    if command == "validate":  # validate lists problems on stdout, then fails
        assert result.exit_code in DOCUMENTED and "Traceback" not in result.output
        assert result.exit_code != ExitCode.OK or result.stdout.startswith("ok: ")
        return
    fmt = next((args[i + 1] for i, a in enumerate(args[:-1]) if a in ("--format", "-f")), "table")
    check_output(result.exit_code, result.stdout, result.stderr, fmt if fmt in FORMATS else "table")


@BOUNDED
@given(fmt=st.sampled_from(FORMATS), place=st.sampled_from([0, 1, 3, 4]), short=st.booleans())
def test_help_wins_over_any_format(fmt: str, place: int, short: bool) -> None:
    # `country --format json -h` prints the help, not JSON, wherever -h comes (but as --format's value).
    args = ["country", "--format", fmt, "italy"]
    args.insert(place, "-h" if short else "--help")
    result = run(*args)
    if place == 0:  # `milafacts -h country ...`: the group's help
        assert "Commands" in result.stdout
    assert result.exit_code == ExitCode.OK and result.stdout.lstrip().startswith("Usage: milafacts")


BUNDLED = bundled_path().read_bytes()


@BOUNDED
@given(
    edits=st.lists(
        st.tuples(st.integers(0, len(BUNDLED) - 1), st.integers(1, 40), st.binary(max_size=8)), min_size=1, max_size=4
    ),
    command=st.sampled_from([["stats", "-f", "json"], ["country", "italy", "-f", "csv"], ["search", "mila"]]),
)
def test_corrupted_copies_of_the_dataset(
    edits: list[tuple[int, int, bytes]], command: list[str], tmp_path_factory: object
) -> None:
    data = bytearray(BUNDLED)
    for at, length, replacement in edits:
        data[at : at + length] = replacement
    path = Path(str(tmp_path_factory.mktemp("corrupt"))) / "facts.yaml"  # type: ignore[attr-defined]
    path.write_bytes(bytes(data))
    result = run("--data", str(path), "--no-cache", *command)
    fmt = command[command.index("-f") + 1] if "-f" in command else "table"
    check_output(result.exit_code, result.stdout, result.stderr, fmt)
    assert result.exit_code in (ExitCode.OK, ExitCode.NOT_FOUND, ExitCode.DATASET)
    checked = run("validate", str(path))
    assert checked.exit_code in (ExitCode.OK, ExitCode.DATASET)
    assert "Traceback" not in checked.stderr
