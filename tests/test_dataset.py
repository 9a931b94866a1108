"""The bundled dataset against itself and against what the article says (read by hand)."""

from __future__ import annotations

import pytest

from milafacts import query
from milafacts.model import COLLECTIONS, Dataset, Person, Role, Statistic, specs


def test_every_record_cites_a_known_section(dataset: Dataset) -> None:
    section_ids = {s.id for s in dataset.sections}
    for record in dataset.records():
        assert record.sections, f"{record.id} cites no section"
        assert set(record.sections) <= section_ids, record.id
        for name, type_, _, _ in specs(type(record)):
            if type_ == "roles":
                for role in getattr(record, name):
                    assert isinstance(role, Role) and role.sections, record.id


def test_every_reference_resolves_to_the_right_kind(dataset: Dataset) -> None:
    kinds = {r.id: name for name, cls in COLLECTIONS.items() for r in getattr(dataset, name)}
    checked = 0
    for record in dataset.records():
        for target in record.targets():
            assert target in kinds, f"{record.id} -> {target}"
            checked += 1
    assert checked > 100


def test_ids_are_unique_across_the_dataset(dataset: Dataset) -> None:
    ids = [r.id for r in dataset.records()]
    assert len(ids) == len(set(ids))


def test_header_names_the_source(dataset: Dataset) -> None:
    assert dataset.schema_version == 1
    assert dataset.source.publisher == "Mila"
    assert dataset.source.published == "2025-12"


def test_section_headings_are_the_article_s(dataset: Dataset) -> None:
    headings = [s.heading for s in dataset.sections]
    for expected in [
        "Mila’s Scientific Leadership on the World Stage",
        "International Highlights: A Year of High-Level Exchanges",
        "Bringing the World to Montréal",
        "Bridging Policy and Practice",
        "Hosting the G7 Finale",
        "Looking Ahead",
        "Italy: Human-Centric AI and Supercomputing",
    ]:
        assert expected in headings


COUNTRIES = [
    "Canada", "France", "Italy", "Vatican", "South Korea", "United Arab Emirates", "Sweden", "Spain",
    "Belgium", "Germany", "United Kingdom", "Japan", "European Union", "Montréal", "Europe",
]  # fmt: skip


def test_countries_and_places(dataset: Dataset) -> None:
    assert sorted(c.name for c in dataset.countries) == sorted(COUNTRIES)


PEOPLE = {
    "Mark Carney": "Prime Minister",
    "Evan Solomon": "Minister responsible for AI and digital innovation",
    "Hugo Larochelle": "Scientific Director",
    "Yoshua Bengio": "Founder",
    "Valérie Pisano": "President and CEO",
    "Ebba Busch": "Deputy Prime Minister",
    "Pål Jonson": "Minister for Defence",
    "Marcus Wallenberg": "Chair",
    "Wildberger": "Minister",
    "Murray": "Minister",
    "Horiuchi": "State Minister",
    "Je Myung Ryu": "Vice Minister",
}


@pytest.mark.parametrize(("name", "title"), PEOPLE.items())
def test_people_are_spelled_and_titled_as_in_the_article(dataset: Dataset, name: str, title: str) -> None:
    person = query.resolve(dataset, "people", name)
    assert isinstance(person, Person)
    assert person.name == name
    assert title in [r.title for r in person.roles]


def test_everyone_named_in_the_article_is_there(dataset: Dataset) -> None:
    names = {p.name for p in dataset.people}
    assert {
        "Elena Fersman", "Sam Ramadori", "Joelle Pineau", "Alesia Zhuk", "Catherine Régis",
        "Laurent Charlin", "Maartje Nugteren", "Damiano Fornasiere", "Matt McDermott",
    } <= names  # fmt: skip


def test_the_unnamed_royals_are_not_given_names(dataset: Dataset) -> None:
    king = query.resolve(dataset, "people", "king of sweden")
    assert king.name == "King of Sweden"
    assert "does not give his name" in (king.summary or "")


def statistic(dataset: Dataset, record_id: str) -> Statistic:
    record = dataset.get(record_id)
    assert isinstance(record, Statistic)
    return record


@pytest.mark.parametrize(
    ("record_id", "stated", "value"),
    [
        ("community-size", "over 1500", 1500),
        ("industry-partnerships", "131", 131),
        ("partnerships-outside-canada-share", "a full 30%", 30),
        ("safety-report-experts", "nearly 100", 100),
        ("safety-report-countries", "30", 30),
        ("swedish-delegation-size", "80-plus", 80),
        ("eu-mou-count", "two", 2),
    ],
)
def test_stated_figures_keep_their_qualifier(dataset: Dataset, record_id: str, stated: str, value: int) -> None:
    figure = statistic(dataset, record_id)
    assert (figure.stated, figure.value, figure.derived) == (stated, value, False)


def test_derived_figures_are_marked_and_computed_from_stated_ones(dataset: Dataset) -> None:
    share = statistic(dataset, "partnerships-outside-canada-share").value
    total = statistic(dataset, "industry-partnerships").value
    derived = statistic(dataset, "partnerships-outside-canada-count")
    assert derived.derived and derived.stated is None and derived.formula
    assert share is not None and total is not None
    assert derived.value == pytest.approx(share / 100 * total)
    assert derived.display == "about 39 (derived: 30% of 131 = 39.3)"
    for figure in dataset.statistics:
        assert figure.derived == (figure.stated is None)


def test_derived_counts_match_the_records_they_count(dataset: Dataset) -> None:
    agreements = statistic(dataset, "g7-margin-agreements")
    counted = [dataset.get(i) for i in agreements.derived_from]
    assert agreements.value == sum(getattr(a, "count", 1) for a in counted)
    for record_id in ("g7-finale-named-delegations", "highlighted-fellows"):
        figure = statistic(dataset, record_id)
        assert figure.value == len(figure.derived_from)


def test_fellows_are_the_two_highlighted_examples(dataset: Dataset) -> None:
    fellows = {dataset.name_of(f.person): f for f in dataset.fellows}
    assert set(fellows) == {"Alesia Zhuk", "Maartje Nugteren"}
    zhuk, nugteren = fellows["Alesia Zhuk"], fellows["Maartje Nugteren"]
    assert (zhuk.home_country, zhuk.background) == ("spain", "legal researcher")
    assert set(zhuk.collaborators) == {"catherine-regis", "laurent-charlin"}
    assert (nugteren.home_country, nugteren.background) == ("belgium", "policy professional")
    assert set(nugteren.collaborators) == {"damiano-fornasiere", "matt-mcdermott"}
    programme = dataset.get("ai-policy-fellowship")
    assert "examples" in (getattr(programme, "summary", "") or "")


def test_agreements(dataset: Dataset) -> None:
    by_id = {a.id: a for a in dataset.agreements}
    assert (by_id["eu-mous"].count, by_id["eu-mous"].parties) == (2, ("canada", "eu"))
    assert by_id["uk-mou"].subjects == ("national digital public infrastructure",)
    assert set(by_id["canada-germany-joint-statement"].subjects) == {
        "AI",
        "quantum",
        "digital infrastructure",
        "talent mobility",
    }
    assert set(by_id["tii-research-partnerships"].subjects) == {
        "large language models",
        "sustainable energy",
        "robotics",
        "quantum technologies",
        "AI safety",
    }


def test_dates_as_the_article_gives_them(dataset: Dataset) -> None:
    events = {e.id: e for e in dataset.events}
    assert events["swedish-royal-visit"].date == "2025-11"
    assert events["g7-finale"].date == "2025-12-08/2025-12-10"
    assert events["neurips"].date is None  # the article gives no date for it
