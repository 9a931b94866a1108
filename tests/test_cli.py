"""The three core lookups and the global options, through the real CLI."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import FIXTURES, run
from milafacts import __version__
from milafacts.errors import ExitCode


def ok(*args: str) -> str:
    # Wide enough that no cell wraps, so a fact reads as one string; narrow widths are tested apart.
    result = run(*args, env={"COLUMNS": "400"})
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    return result.stdout


def country_json(name: str) -> dict[str, object]:
    document: dict[str, object] = json.loads(ok("country", name, "--format", "json"))
    return document


def result_ids(document: dict[str, object]) -> set[str]:
    results = document["results"]
    assert isinstance(results, list)
    return {r["id"] for r in results}


def test_italy_has_the_vatican_working_group_and_leonardo() -> None:
    out = ok("country", "italy")
    assert "Working group on AI and humankind, with the Vatican" in out
    assert "Leonardo supercomputer" in out
    assert {"vatican-working-group", "leonardo-ecosystem", "leonardo-supercomputer"} <= result_ids(
        country_json("italy")
    )


def test_sweden_has_the_royal_visit_delegation_ministers_and_panel() -> None:
    document = country_json("sweden")
    ids = result_ids(document)
    assert {"swedish-royal-visit", "swedish-business-delegation", "sweden-panel"} <= ids
    assert {"ebba-busch", "pal-jonson", "king-of-sweden", "queen-of-sweden"} <= ids
    results = {r["id"]: r for r in document["results"]}  # type: ignore[attr-defined]
    assert results["swedish-royal-visit"]["date"] == "November 2025"
    assert "80" in results["swedish-business-delegation"]["details"]
    out = ok("country", "sweden")
    for text in ("Ebba Busch", "Pål Jonson", "Deputy Prime Minister", "Minister for Defence", "Panel"):
        assert text in out


def test_uae_has_tii_and_its_research_areas() -> None:
    out = ok("country", "uae")
    assert "Technology Innovation Institute" in out
    for area in ("large language models", "sustainable energy", "robotics", "quantum technologies", "AI safety"):
        assert area in out
    assert "tii-research-partnerships" in result_ids(country_json("uae"))


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("ITALY", "italy"),
        ("italy", "italy"),
        ("uae", "uae"),
        ("United Arab Emirates", "uae"),
        ("emirates", "uae"),
        ("korea", "south-korea"),
        ("South Korea", "south-korea"),
        ("uk", "uk"),
        ("U.K.", "uk"),
        ("montreal", "montreal"),
        ("MONTRÉAL", "montreal"),
        ("eu", "eu"),
        ("vatican", "vatican"),
    ],
)
def test_country_names_resolve_through_case_accents_and_aliases(typed: str, expected: str) -> None:
    subject = country_json(typed)["subject"]
    assert isinstance(subject, dict) and subject["id"] == expected


def test_country_name_may_be_several_words_unquoted() -> None:
    assert ok("country", "united", "arab", "emirates") == ok("country", "uae")


@pytest.mark.parametrize(("typed", "suggestion"), [("itly", "Italy"), ("swden", "Sweden"), ("germny", "Germany")])
def test_unknown_country_suggests_the_closest_name(typed: str, suggestion: str) -> None:
    result = run("country", typed)
    assert result.exit_code == ExitCode.NOT_FOUND
    assert result.stdout == ""
    assert result.stderr.strip() == f"milafacts: error: no country matches '{typed}'; did you mean '{suggestion}'?"


def test_unknown_name_without_any_close_match() -> None:
    result = run("country", "atlantis")
    assert result.exit_code == ExitCode.NOT_FOUND
    assert result.stderr.strip() == "milafacts: error: no country matches 'atlantis'"


def test_fellows_shows_both_fellows_with_collaborators() -> None:
    out = ok("fellows")
    for text in (
        "Dr. Alesia Zhuk",
        "Spain",
        "legal researcher",
        "Dr. Catherine Régis",
        "Dr. Laurent Charlin",
        "Maartje Nugteren",
        "Belgium",
        "policy professional",
        "Dr. Damiano Fornasiere",
        "Dr. Matt McDermott",
        "examples",
    ):
        assert text in out
    document = json.loads(ok("fellows", "-f", "json"))
    assert [r["name"] for r in document["results"]] == ["Dr. Alesia Zhuk", "Maartje Nugteren"]
    assert document["results"][0]["collaborator_ids"] == ["catherine-regis", "laurent-charlin"]
    assert document["results"][1]["home_country_id"] == "belgium"


def test_stats_shows_every_figure_with_its_qualifier(dataset: object) -> None:
    out = ok("stats")
    for text in ("over 1500", "131", "a full 30%", "nearly 100", "80-plus", "dozens", "(derived)", "30% of 131"):
        assert text in out
    document = json.loads(ok("stats", "--format", "json"))
    figures = {r["id"]: r for r in document["results"]}
    assert figures["community-size"]["figure"] == "over 1500"
    assert figures["partnerships-outside-canada-count"]["derived"] is True
    assert figures["industry-partnerships"]["derived"] is False
    assert len(figures) == len(dataset.statistics)  # type: ignore[attr-defined]


def test_json_carries_names_ids_and_sections() -> None:
    document = country_json("italy")
    title = "Mila's 2025 year in review: how Canadian AI went global"
    assert document["source"] == {
        "title": title,
        "title_is_ours": True,
        "publisher": "Mila",
        "date": "2025-12",
        "file": "mila-2025-year-in-review.txt",
        "citation": f"{title} (title ours: the article has none, Mila, December 2025)",
    }
    for row in document["results"]:  # type: ignore[attr-defined]
        assert row["id"] and row["name"] and row["sections"]
        assert len(row["section_ids"]) == len(row["sections"])
    assert document["results"][0]["section_ids"] == ["italy"]


def test_table_caption_cites_the_section() -> None:
    out = " ".join(ok("country", "italy").split())
    assert "Source: Mila's 2025 year in review" in out
    assert "Italy: Human-Centric AI and Supercomputing" in out


def test_version_and_help() -> None:
    assert ok("--version") == f"milafacts {__version__}\n"
    assert "Usage" in ok("-h") and "country" in ok("--help")
    assert "Example: milafacts country italy" in " ".join(ok("country", "-h").split())


def test_no_arguments_prints_the_help_once() -> None:
    # `milafacts` alone is `milafacts --help`: the whole help, once, and success.
    result = run()
    assert result.exit_code == ExitCode.OK
    assert result.stdout == run("--help").stdout
    assert result.stdout.count("Usage:") == 1 and "country" in result.stdout
    assert result.stderr == ""


@pytest.mark.parametrize(
    "command",
    [[sys.executable, "-m", "milafacts"], [str(Path(sys.executable).with_name("milafacts"))]],
    ids=["python -m milafacts", "milafacts"],
)
def test_no_arguments_prints_the_help_once_in_a_real_process(command: list[str]) -> None:
    done = subprocess.run(command, capture_output=True, text=True, timeout=60)
    assert (done.returncode, done.stderr) == (ExitCode.OK, "")
    assert done.stdout.count("Usage:") == 1 and "country" in done.stdout


def test_every_citation_says_the_title_is_ours() -> None:
    # Issue 9, item 8: the article has no title; ours must never pass for the article's own.
    for args in (["stats", "-f", "json"], ["country", "italy", "-f", "json"]):
        source = json.loads(run(*args).stdout)["source"]
        assert "(title ours: the article has none, Mila, December 2025)" in source["citation"]
        assert source["title_is_ours"] is True
    subject = json.loads(run("sources", "-f", "json").stdout)["subject"]
    assert subject["title_is_ours"] is True and subject["title_note"]
    assert "title ours" in run("fellows", env={"COLUMNS": "300"}).stdout
    # A dataset whose title is the source's own is cited without the remark.
    assert "title ours" not in run("--data", str(FIXTURES / "mini.yaml"), "stats", "-f", "json").stdout


def test_control_characters_in_an_error_reach_the_terminal_escaped(tmp_path: Path) -> None:
    # A name typed (or pasted) with an OSC sequence that would retitle the window, and a dataset
    # whose dangling reference carries an ESC: both come back in the one error line, escaped.
    typed = run("country", "\x1b]0;pwned\x07")
    assert typed.exit_code == ExitCode.NOT_FOUND
    assert "\x1b" not in typed.stderr and "\x07" not in typed.stderr
    assert "\\x1b]0;pwned\\x07" in typed.stderr
    broken = tmp_path / "broken.yaml"
    text = (FIXTURES / "mini.yaml").read_text(encoding="utf-8")
    broken.write_text(text.replace("countries: [atlantis]", 'countries: ["atl\\e[31mantis"]', 1), encoding="utf-8")
    result = run("--data", str(broken), "stats")
    assert result.exit_code == ExitCode.DATASET, result.stderr
    assert "\x1b" not in result.stderr and "\\x1b[31m" in result.stderr
