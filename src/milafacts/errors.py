"""The one domain exception and the exit codes it maps to.

Core modules raise `MilafactsError` (or a subclass); only the CLI turns it into a message on stderr
and an exit code, so library callers get a normal exception.
"""

from __future__ import annotations

from enum import IntEnum

from milafacts.text import NBSP, QUOTES, grouped


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
        """The message in `lang`; English where no French was given."""
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
    """The user's input is wrong (a name, an option, an environment variable), told before any dataset is read."""

    code = ExitCode.USAGE


class OutputError(MilafactsError):
    """Standard output or an export file could not be written."""

    code = ExitCode.OUTPUT


class Problem:
    """One thing wrong with a dataset, located as `file:line`: `message` in English and, when the
    finder gave one, `french` (`text` picks; `str` is the English)."""

    __slots__ = ("file", "french", "line", "message")

    def __init__(self, file: str, line: int | None, message: str, french: str | None = None) -> None:
        self.file = file
        self.line = line
        self.message = message
        self.french = french

    def text(self, lang: str) -> str:
        """`file:line: what is wrong` in `lang` (English where no French was given). The location
        keeps the compilers' `file:line:` in both languages, so editors and scripts still parse it."""
        where = f"{self.file}:{self.line}" if self.line else self.file
        said = self.french if lang == "fr" and self.french else self.message
        return f"{where}: {said}"

    def __str__(self) -> str:
        return self.text("en")

    def __repr__(self) -> str:
        return f"Problem({str(self)!r})"


class DatasetError(MilafactsError):
    """The dataset cannot be used; `problems` lists everything found wrong. In French when its first
    problem has its French (`summary` then needs `french_summary`)."""

    code = ExitCode.DATASET

    def __init__(
        self, problems: list[Problem], summary: str | None = None, *, french_summary: str | None = None
    ) -> None:
        more = f" (and {len(problems) - 1} more problem(s); run 'milafacts validate')" if len(problems) > 1 else ""
        french = french_summary
        if summary is None and problems[0].french:
            others = len(problems) - 1
            s = "s" if others > 1 else ""
            suite = (
                f" (et {grouped(others)} autre{s} problème{s}{NBSP}; lancez {QUOTES[0]}milafacts validate{QUOTES[1]})"
                if others
                else ""
            )
            french = f"{problems[0].text('fr')}{suite}"
        super().__init__(summary or f"{problems[0]}{more}", french=french)
        self.problems = problems


def _or_list(items: tuple[str, ...], word: str = "or", quotes: tuple[str, str] = ("'", "'")) -> str:
    quoted = [f"{quotes[0]}{item}{quotes[1]}" for item in items]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + f" {word} {quoted[-1]}"
