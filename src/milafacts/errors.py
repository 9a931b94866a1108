"""The one domain exception and the exit codes it maps to.

Core modules raise `MilafactsError` (or a subclass); only the CLI turns it into a message on stderr
and an exit code, so library callers get a normal exception.
"""

from __future__ import annotations

from enum import IntEnum

NBSP = "\u00a0"  # Québec typography: a no-break space before ; ? and inside « »
QUOTES = ("«\u00a0", "\u00a0»")


class ExitCode(IntEnum):
    OK = 0
    ERROR = 1
    USAGE = 2
    NOT_FOUND = 3
    DATASET = 4
    OUTPUT = 5


class MilafactsError(Exception):
    """`message` in English; `french`, when the raiser gave one, what a French session is told."""

    code: ExitCode = ExitCode.ERROR

    def __init__(self, message: str, *, french: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.french = french

    def text(self, lang: str) -> str:
        """The message in `lang`; English where no French was given (a dataset's problems, for now)."""
        return self.french if lang == "fr" and self.french else self.message


class NotFound(MilafactsError):
    """A name the dataset does not know; carries the closest names it does know."""

    code = ExitCode.NOT_FOUND

    def __init__(
        self,
        kind: str,
        name: str,
        suggestions: tuple[str, ...] = (),
        message: str | None = None,
        *,
        french: str | None = None,
        french_suggestions: tuple[str, ...] | None = None,
    ) -> None:
        hint = f"; did you mean {_or_list(suggestions)}?" if suggestions else ""
        if message is None and french is None:
            near = suggestions if french_suggestions is None else french_suggestions
            indice = f"{NBSP}; vouliez-vous dire {_or_list(near, 'ou', QUOTES)}{NBSP}?" if near else ""
            french = f"{_NONE_FR.get(kind, kind)} ne correspond à {QUOTES[0]}{name}{QUOTES[1]}{indice}"
        super().__init__(message or f"no {kind} matches {name!r}{hint}", french=french)
        self.kind = kind
        self.name = name
        self.suggestions = suggestions


# "No <kind>" in French, by the kind a lookup names (the negation agrees with the noun's gender).
_NONE_FR = {
    "country": "aucun pays",
    "person": "aucune personne",
    "organization": "aucune organisation",
    "record": "aucune fiche",
}


class UsageError(MilafactsError):
    code = ExitCode.USAGE


class OutputError(MilafactsError):
    code = ExitCode.OUTPUT


class Problem:
    """One thing wrong with a dataset, located as `file:line`."""

    __slots__ = ("file", "line", "message")

    def __init__(self, file: str, line: int | None, message: str) -> None:
        self.file = file
        self.line = line
        self.message = message

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.message}"

    def __repr__(self) -> str:
        return f"Problem({str(self)!r})"


class DatasetError(MilafactsError):
    """The dataset cannot be used; `problems` lists everything found wrong."""

    code = ExitCode.DATASET

    def __init__(self, problems: list[Problem], summary: str | None = None) -> None:
        more = f" (and {len(problems) - 1} more problem(s); run 'milafacts validate')" if len(problems) > 1 else ""
        super().__init__(summary or f"{problems[0]}{more}")
        self.problems = problems


def _or_list(items: tuple[str, ...], word: str = "or", quotes: tuple[str, str] = ("'", "'")) -> str:
    quoted = [f"{quotes[0]}{item}{quotes[1]}" for item in items]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + f" {word} {quoted[-1]}"
