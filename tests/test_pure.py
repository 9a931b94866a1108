"""The pure functions under the CLI: dates, records, name resolution, search, months."""

from __future__ import annotations

from typing import Any

import pytest

from milafacts import query, search
from milafacts.errors import NotFound, UsageError
from milafacts.model import Country, Dataset, FrozenError, format_date, parse_date


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("2025", "2025"),
        ("2025-11", "November 2025"),
        ("2025-12-08", "December 8, 2025"),
        ("2025-12-08/2025-12-10", "December 8-10, 2025"),
        ("2025-11/2025-12", "November 2025 to December 2025"),
        ("2024-02-29", "February 29, 2024"),
    ],
)
def test_format_date(value: str, shown: str) -> None:
    assert format_date(value) == shown


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("2025-13", "no such month"),
        ("2025-00", "no such month"),
        ("2025-02-29", "no such day"),
        ("2100-02-29", "no such day"),
        ("2025-04-31", "no such day"),
        ("25-11", "use YYYY"),
        ("2025-12-10/2025-12-08", "ends before it starts"),
        ("2025/2026/2027", "at most one '/'"),
        ("november", "use YYYY"),
    ],
)
def test_parse_date_rejects(value: str, problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        parse_date(value)


def test_dates_sort_vaguer_first() -> None:
    assert parse_date("2025")[0] < parse_date("2025-01")[0] < parse_date("2025-01-01")[0] < parse_date("2026")[0]


def test_records_are_immutable_and_checked() -> None:
    italy = Country(id="italy", name="Italy", kind="country", sections=("italy",))
    assert italy.aliases == () and italy.summary is None
    with pytest.raises(FrozenError):
        italy.name = "Italia"  # type: ignore[misc]
    with pytest.raises(TypeError, match="needs kind"):
        Country(id="x", name="X", sections=("s",))
    with pytest.raises(TypeError, match="no field"):
        Country(id="x", name="X", kind="country", sections=("s",), colour="green")
    assert "Country(id='italy'" in repr(italy)


@pytest.mark.parametrize(
    ("name", "expected"),
    [("U.A.E.", "uae"), ("the emirates", "uae"), ("  ITALY ", "italy"), ("Montreal", "montreal")],
)
def test_resolve(dataset: Dataset, name: str, expected: str) -> None:
    assert query.resolve(dataset, "countries", name).id == expected


def test_resolve_miss_carries_suggestions(dataset: Dataset) -> None:
    with pytest.raises(NotFound) as caught:
        query.resolve(dataset, "people", "bengo")
    assert caught.value.suggestions[0] == "Yoshua Bengio"


@pytest.mark.parametrize("name", ["", "   ", "...", "x" * 201])
def test_resolve_rejects_unusable_names(dataset: Dataset, name: str) -> None:
    with pytest.raises(UsageError):
        query.resolve(dataset, "countries", name)


def test_fold_and_normalize() -> None:
    assert query.fold("Valérie PÅL") == "valerie pal"
    assert query.normalize("Canada’s  U.K.") == "canadas uk"


def test_search_is_case_and_accent_insensitive(dataset: Dataset) -> None:
    hits = {h.record.id for h in search.search(dataset, "REGIS").hits}
    assert "catherine-regis" in hits
    assert [h.record.id for h in search.search(dataset, "montréal").hits] == [
        h.record.id for h in search.search(dataset, "montreal").hits
    ]


def test_spans_map_back_to_the_original_text() -> None:
    text = "Pål Jonson and PAL"
    assert [text[a:b] for a, b in search.spans(text, {"pal"})] == ["Pål", "PAL"]


def test_profile_of_a_country_links_people_events_and_agreements(dataset: Dataset) -> None:
    germany = query.resolve(dataset, "countries", "germany")
    links = {r.id for r in query.profile(dataset, germany).links}
    direct = {"wildberger", "germany-delegation", "canada-germany-joint-statement"}
    # One step further through the joint statement: the alliance it launched.
    assert direct | {"canada-germany-digital-alliance"} <= links and "germany" not in links


def test_timeline_orders_dated_records_and_puts_undated_last(dataset: Dataset) -> None:
    records = query.timeline(dataset)
    dates = [query.date_key(r) for r in records]
    assert dates == sorted(dates)
    assert query.date_of(records[-1]) is None and query.date_of(records[0]) is not None
    assert [r.id for r in query.timeline(dataset, month=12)][:1] == ["g7-finale"]


def test_link_counts(dataset: Dataset) -> None:
    counts = {r.id: n for r, n in query.link_counts(dataset, "countries")}
    assert counts["sweden"] > counts["spain"] >= 1


def test_person_countries_include_fellowship_home(dataset: Dataset) -> None:
    zhuk = query.resolve(dataset, "people", "zhuk")
    # Home Spain; her role at Mila does not make her Montréal's (issue 9).
    assert query.person_countries(dataset, zhuk) == {"spain"}


@pytest.mark.parametrize(
    ("typed", "month"),
    [
        ("novembre", 11),
        ("nov.", 11),
        ("Nov", 11),
        ("déc.", 12),
        ("decembre", 12),
        ("DÉCEMBRE", 12),
        ("janv.", 1),
        ("févr.", 2),
        ("avril", 4),
        ("mai", 5),
        ("juil.", 7),
        ("août", 8),
        ("aout", 8),
        ("sept.", 9),
        ("12", 12),
    ],
)
def test_months_in_french_and_english(typed: str, month: int) -> None:  # issue 11
    from milafacts.query import parse_month

    assert parse_month(typed) == month


@pytest.mark.parametrize("typed", ["smarch", "no", "13", "0", "", "ju."])
def test_unknown_months_are_usage_errors(typed: str) -> None:
    from milafacts.errors import UsageError
    from milafacts.query import parse_month

    with pytest.raises(UsageError, match="novembre"):
        parse_month(typed)


def test_not_found_speaks_both_languages_with_names_in_each(dataset: Dataset) -> None:  # issue 11
    with pytest.raises(NotFound) as caught:
        query.resolve(dataset, "countries", "swden")
    assert caught.value.text("en") == "no country matches 'swden'; did you mean 'Sweden'?"
    assert (
        caught.value.text("fr")
        == "aucun pays ne correspond à «\u00a0swden\u00a0»\u00a0; vouliez-vous dire «\u00a0Suède\u00a0»\u00a0?"
    )


@pytest.mark.parametrize(
    ("call", "french"),
    [
        (lambda ds: query.resolve(ds, "countries", "  "), "le nom cherché est vide"),
        (lambda ds: query.parse_month("smarch"), "mois inconnu"),
        (lambda ds: search.check_query("..."), "n'a aucun mot"),
        (lambda ds: search.check_query("x" * 501), "le texte cherché compte 501 caractères"),
    ],
)
def test_usage_errors_have_their_french(dataset: Dataset, call: Any, french: str) -> None:  # issue 11
    with pytest.raises(UsageError) as caught:
        call(dataset)
    assert french in caught.value.text("fr")
    assert caught.value.text("en") == caught.value.message and french not in caught.value.message
