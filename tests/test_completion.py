"""Shell completion of names, through the protocol the shell scripts speak (env vars in, lines out)."""

from __future__ import annotations

from conftest import FIXTURES, run


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
    # The shell keeps only candidates that start with what was typed, case included.
    assert complete_bash("milafacts country sw") == ["sweden"]
    assert complete_bash("milafacts country Sw") == ["Sweden"]
    assert complete_bash("milafacts country S") == ["South Korea", "Sweden", "Spain"]


def test_completion_matches_aliases_and_accents() -> None:
    assert complete_bash("milafacts country uk") == ["uk"]
    assert complete_bash("milafacts country montr") == ["montréal"]
    assert complete_bash("milafacts country Montre") == ["Montreal"]


def test_person_and_org_complete() -> None:
    assert complete_bash("milafacts person Val") == ["Valérie Pisano"]
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
    # The shell keeps candidates that start with what was typed: French and English both complete,
    # each to a spelling that resolves to the same record.
    assert complete_bash("milafacts country su") == ["suède"]
    assert complete_bash("milafacts country sw") == ["sweden"]
    assert complete_bash("milafacts country Roy") == ["Royaume-Uni"]
    assert complete_bash("milafacts country Émir") == ["Émirats arabes unis"]
    assert complete_bash("milafacts country All") == ["Allemagne"]
