"""Start-up of real commands against the floor of their stack, measured side by side.

    python bench/startup.py [--rounds N]

Times, interleaved in one run: `milafacts country italy` (table, piped), `milafacts stats --format
json`, `milafacts search how many researchers` (table and JSON), the French `--lang fr country
italie` (the same record as the English lookup), `--lang fr stats --format json`, `--help` and
`country --help`, and the
baselines `python -c "import typer"` and `python -c "import typer, rich.console, rich.table"`;
prints medians and the ratios the project targets (lookups <= 1.2 in either language; search
<= 1.25 against typer and Rich, <= 1.2 against typer for JSON; help <= 1.3 against typer and Rich).
"""

from __future__ import annotations

import argparse
import sys

from _timing import interleaved, milafacts_command, report


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args()
    tool = milafacts_command()
    commands = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "import typer": [sys.executable, "-c", "import typer"],
        "import typer+rich": [sys.executable, "-c", "import typer, rich.console, rich.table"],
        "country italy (table)": [*tool, "country", "italy"],
        "stats --format json": [*tool, "stats", "--format", "json"],
        "search (table)": [*tool, "search", "how", "many", "researchers"],
        "search --format json": [*tool, "search", "how", "many", "researchers", "--format", "json"],
        "fr: country italie (table)": [*tool, "--lang", "fr", "country", "italie"],
        "fr: stats --format json": [*tool, "--lang", "fr", "stats", "--format", "json"],
        "--help": [*tool, "--help"],
        "country --help": [*tool, "country", "--help"],
    }
    times = interleaved(commands, args.rounds, env={"COLUMNS": "100"})
    ok = report(
        times,
        [
            ("country italy (table)", "import typer+rich", 1.2),
            ("stats --format json", "import typer", 1.2),
            ("search (table)", "import typer+rich", 1.25),
            ("search --format json", "import typer", 1.2),
            # French lookups meet the same targets as English ones (issue 11).
            ("fr: country italie (table)", "import typer+rich", 1.2),
            ("fr: stats --format json", "import typer", 1.2),
            # Help at lookup speed (issue 12): it must not import what help never shows.
            ("--help", "import typer+rich", 1.3),
            ("country --help", "import typer+rich", 1.3),
            ("import typer", "python -c pass", None),
        ],
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
