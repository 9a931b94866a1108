"""The language of the answers: which one (`choose`), and the words milafacts itself says in each.

The dataset carries its own French beside its English (`fr:` in each record, `Frozen.tr`); this
module holds the rest: the words of titles, headers, notes and dates. English is the text itself;
French comes from `FRENCH`, keyed by the English, so a missing entry shows in English rather than
failing (and a test walks every view to find any). Québec usage (OQLF): a space before : ; ? ! and
%, « guillemets », `1 500`, `8 au 10 décembre 2025`.

Core module: no typer, no Rich.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from milafacts.errors import UsageError

LANGS = ("en", "fr")
NBSP = "\u00a0"  # before : ; % and inside « », where OQLF puts a space that must not break a line


def choose(option: str | None, environ: Mapping[str, str] = os.environ) -> str:
    """`--lang` if given, else `MILAFACTS_LANG`, else the locale (`LC_ALL`, `LC_MESSAGES`, `LANG`,
    the first set: `fr_*` means French), else English. A value that is not a language we speak is a
    usage error listing the choices: a typo must not silently give the other language."""
    for value, where in ((option, "--lang"), (environ.get("MILAFACTS_LANG"), "MILAFACTS_LANG")):
        if value is None:
            continue
        chosen = value.strip().lower()
        if chosen not in LANGS:
            raise UsageError(f"{where}={value!r} is not a language milafacts speaks; choose one of {', '.join(LANGS)}")
        return chosen
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        locale = environ.get(name)
        if locale:  # POSIX: the first one set decides, even if it is not French
            return "fr" if locale.lower().startswith("fr") else "en"
    return "en"


MONTHS_FR = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)


def t(text: str, lang: str) -> str:
    """`text` in `lang`: itself in English, its entry in `FRENCH` in French (itself when none)."""
    return FRENCH.get(text, text) if lang == "fr" else text


def number(value: int, lang: str) -> str:
    """A whole number as the language writes it: `1500` in English (as the article does), `1 500`."""
    if lang != "fr" or abs(value) < 1000:
        return str(value)
    return f"{value:,}".replace(",", NBSP)


# English -> French for what milafacts itself says. Filled by the views' and messages' owners.
FRENCH: dict[str, str] = {}
