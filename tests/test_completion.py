"""Shell completion of names, through the protocol the shell scripts speak (env vars in, lines out).

`query.complete` offers, for each record one of whose spellings starts like what was typed, those
spellings and the record's English and French names (lower-cased when typed in lower case and the
lower-cased spelling starts with exactly what was typed). Through the command line, typer's
`autocompletion=` wrapper (typer 0.28) then keeps only the candidates that start with exactly what
was typed, before any shell sees them: the tests of the command line expect that subset.
"""

from __future__ import annotations

import json

import pytest

from conftest import FIXTURES, run
from milafacts import query
from milafacts.model import Dataset
from milafacts.text import fold


def complete_bash(line: str, env: dict[str, str] | None = None) -> list[str]:
    words = line.split(" ")
    result = run(
        env={
            "_MILAFACTS_COMPLETE": "complete_bash",
            "COMP_WORDS": line,
            "COMP_CWORD": str(len(words) - 1),
            **(env or {}),
        }
    )
    assert result.exit_code == 0, result.output
    return [line for line in result.stdout.splitlines() if line]


def test_country_completes_from_the_dataset() -> None:
    # Only the candidates that start with exactly what was typed, case included, get through typer.
    assert complete_bash("milafacts country sw") == ["sweden", "swedish"]
    assert complete_bash("milafacts country Sw") == ["Sweden"]
    assert complete_bash("milafacts country S") == ["South Korea", "Sweden", "Suède", "Spain"]


def test_completion_matches_aliases_and_accents() -> None:
    assert complete_bash("milafacts country uk") == ["uk"]
    assert complete_bash("milafacts country montr") == ["montréal", "montreal"]
    # The alias `montreal` in the case typed; never the typed text glued to another spelling's rest.
    assert complete_bash("milafacts country Montre") == ["Montreal"]


def test_person_and_org_complete() -> None:
    assert complete_bash("milafacts person Val") == ["Valérie Pisano", "Valerie Pisano"]
    assert complete_bash("milafacts org Te") == ["Technology Innovation Institute"]


def test_completion_follows_the_data_option() -> None:
    assert complete_bash(f"milafacts --data {FIXTURES / 'mini.yaml'} country A") == ["Atlantis"]


def test_completion_of_a_broken_dataset_offers_nothing() -> None:
    assert complete_bash("milafacts country a", env={"MILAFACTS_DATA": "/nonexistent.yaml"}) == []


def test_zsh_protocol() -> None:
    result = run(env={"_MILAFACTS_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": "milafacts country Ital"})
    assert result.exit_code == 0
    assert "Italy" in result.stdout


def test_completion_follows_the_data_option_after_the_command() -> None:
    assert complete_bash(f"milafacts country --data {FIXTURES / 'mini.yaml'} A") == ["Atlantis"]
    assert complete_bash(f"milafacts people --data {FIXTURES / 'mini.yaml'} --country A") == ["Atlantis"]


def test_french_names_complete_in_either_language() -> None:  # issue 11
    # French and English both complete, each to a spelling that resolves to the same record.
    assert complete_bash("milafacts country su") == ["suède", "suede"]
    assert complete_bash("milafacts country sw") == ["sweden", "swedish"]
    assert complete_bash("milafacts country Roy") == ["Royaume-Uni"]
    assert complete_bash("milafacts country Émir") == ["Émirats arabes unis"]
    assert complete_bash("milafacts country All") == ["Allemagne"]


# --- the rule (`query.complete`) -------------------------------------------------------------------

COMMAND = {"countries": "country", "organizations": "org", "people": "person"}


@pytest.mark.parametrize(
    ("collection", "typed", "offered"),
    [
        # A matching spelling, then the record's name in the other language, whatever was typed.
        ("countries", "su", ["suède", "suede", "Sweden"]),
        ("countries", "sw", ["sweden", "swedish", "Suède"]),
        ("countries", "It", ["Italy", "italia", "italian", "Italie"]),
        ("countries", "Es", ["espana", "Espagne", "Spain"]),
        ("countries", "All", ["Allemagne", "Germany"]),
        ("countries", "uk", ["uk", "United Kingdom", "Royaume-Uni"]),
        # Real spellings only: no `Éurope`, `Éspana`, `Éuropean Union` made of the typed `É`.
        ("countries", "Émir",
         ["emirates", "emirati", "Émirats arabes unis", "emirats arabes unis", "United Arab Emirates"]),
        ("organizations", "oc", ["ocde", "OECD"]),  # not `ocDE`
        ("organizations", "OC", ["OCDE", "OECD"]),
        ("organizations", "on", ["onu", "UN"]),  # not `onU`
        ("people", "ro", ["roi de suède", "King of Sweden"]),
    ],
)  # fmt: skip
def test_the_completion_rule(dataset: Dataset, collection: str, typed: str, offered: list[str]) -> None:
    assert query.complete(dataset, collection, typed) == offered


def test_a_capital_typed_offers_no_invented_spelling(dataset: Dataset) -> None:
    offered = query.complete(dataset, "countries", "É")
    assert not {"Éurope", "Éspana", "Éuropean Union"} & set(offered)
    spellings = {s for record in dataset.countries for s in record.names}
    assert set(offered) <= spellings
    assert offered[:2] == ["Europe", "european"] and "Union européenne" in offered


def prefixes(dataset: Dataset, collection: str) -> list[str]:
    """What a user may type: the first one to three characters of every spelling, as spelled and
    in lower case."""
    found = {}
    for record in getattr(dataset, collection):
        for spelling in record.names:
            for n in (1, 2, 3):
                for typed in (spelling[:n], spelling[:n].lower()):
                    found.setdefault(typed, None)
    return list(found)


@pytest.mark.parametrize("collection", COMMAND)
def test_every_completion_is_a_real_spelling_in_order_and_once(dataset: Dataset, collection: str) -> None:
    records = getattr(dataset, collection)
    real = {s for record in records for s in (*record.names, query.title(dataset, record))}
    for typed in prefixes(dataset, collection):
        offered = query.complete(dataset, collection, typed)
        assert len({o.casefold() for o in offered}) == len(offered), (typed, offered)
        expected: list[str] = []  # casefolded, in order: each record's matching spellings, then its names
        for record in records:
            matching = [s for s in record.names if fold(s).startswith(fold(typed))]
            if matching:
                names = [query.title(dataset, record), query.title(dataset, record, "fr")]
                for spelling in (*matching, *names):
                    if spelling.casefold() not in expected:
                        expected.append(spelling.casefold())
        assert [o.casefold() for o in offered] == expected, typed
        for spelling in offered:
            # A spelling of the dataset's as it is, or in another case only to start as typed.
            assert spelling in real or (spelling.startswith(typed) and spelling.casefold() in expected), (
                typed,
                spelling,
            )


@pytest.mark.parametrize(
    ("collection", "typed"),
    [
        ("countries", "su"),
        ("countries", "It"),
        ("countries", "Es"),
        ("countries", "É"),
        ("countries", "e"),
        ("organizations", "oc"),
        ("organizations", "on"),
        ("organizations", "g"),
        ("people", "ro"),
        ("people", "dr"),
        ("people", "Val"),
    ],
)
def test_every_offered_spelling_resolves_with_the_same_command(dataset: Dataset, collection: str, typed: str) -> None:
    offered = query.complete(dataset, collection, typed)
    assert offered
    for spelling in offered:
        record = query.resolve(dataset, collection, spelling)
        assert any(fold(s).startswith(fold(typed)) for s in record.names), (typed, spelling, record.id)
        result = run(COMMAND[collection], spelling, "-f", "json")
        assert result.exit_code == 0, (spelling, result.output)
        assert json.loads(result.stdout)["subject"]["id"] == record.id, spelling


def test_the_command_line_offers_what_starts_with_what_was_typed(dataset: Dataset) -> None:
    # The defects: `It` gave only `Italy`, `Es` the made-up `Espana`, `É` the made-up `Éurope`,
    # `Éspana` and `Éuropean Union`, `oc` and `on` the made-up `ocDE` and `onU`.
    assert complete_bash("milafacts country It") == ["Italy", "Italie"]
    assert complete_bash("milafacts country Es") == ["Espagne"]
    assert complete_bash("milafacts country É") == ["Émirats arabes unis"]
    assert complete_bash("milafacts org oc") == ["ocde"]
    assert complete_bash("milafacts org on") == ["onu"]
    assert complete_bash("milafacts people --country su") == ["suède", "suede"]
    for line, collection in (("country e", "countries"), ("person dr", "people"), ("org g", "organizations")):
        typed = line.split(" ")[-1]
        wanted = [c for c in query.complete(dataset, collection, typed) if c.startswith(typed)]
        assert complete_bash(f"milafacts {line}") == wanted
