"""The bundled dataset against itself and against what the article says (read by hand)."""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from milafacts import query
from milafacts.load import bundled_path
from milafacts.model import COLLECTIONS, Dataset, Person, Role, Statistic, specs

# --- invariants of the file, checked on its plain YAML -----------------------------------------------
# Not through the loader, which refuses a file that breaks them: through it these tests could never
# fail. Each check returns what breaks its rule; a broken copy of the bundled data shows each can.

Plain = dict[str, Any]


def _records(data: Plain) -> Iterator[tuple[str, Plain]]:
    for key in COLLECTIONS:
        for item in data.get(key) or ():
            yield key, item


def uncited(data: Plain) -> list[str]:
    """Records and roles that cite no section, or a section the file does not have."""
    sections = {s["id"] for s in data["sections"]}
    found = []
    for _, item in _records(data):
        for cited in [item, *item.get("roles", ())]:
            if not cited.get("sections") or not set(cited["sections"]) <= sections:
                found.append(item["id"])
    return found


def dangling(data: Plain) -> list[str]:
    """References that name no record of the kind the field takes."""
    kinds = {item["id"]: key for key, item in _records(data)}
    found = []
    for key, item in _records(data):
        cls = COLLECTIONS[key]
        for holder, spec in [(item, cls), *((role, Role) for role in item.get("roles", ()))]:
            for name, type_, _, targets in specs(spec):
                value = holder.get(name)
                ids = [value] if type_ == "ref" and value else list(value or ()) if type_ == "refs" else []
                found += [f"{item['id']}.{name} -> {i}" for i in ids if kinds.get(i) not in targets]
    return found


def duplicate_ids(data: Plain) -> list[str]:
    ids = [item["id"] for _, item in _records(data)]
    return sorted({i for i in ids if ids.count(i) > 1})


@pytest.fixture(scope="module")
def plain() -> Plain:
    data: Plain = yaml.safe_load(bundled_path().read_text(encoding="utf-8"))
    return data


@pytest.mark.parametrize("check", [uncited, dangling, duplicate_ids])
def test_the_bundled_file_keeps_its_invariants(plain: Plain, check: Callable[[Plain], list[str]]) -> None:
    assert check(plain) == []


def _cite_nothing(data: Plain) -> None:
    data["events"][0]["sections"] = []


def _cite_a_record(data: Plain) -> None:
    data["people"][0]["roles"][0]["sections"] = ["mila"]


def _point_nowhere(data: Plain) -> None:
    data["events"][0]["countries"] = ["atlantis"]


def _point_at_the_wrong_kind(data: Plain) -> None:
    data["agreements"][0]["parties"] = [data["people"][0]["id"]]


def _reuse_an_id(data: Plain) -> None:
    data["people"][1]["id"] = data["countries"][0]["id"]


@pytest.mark.parametrize(
    ("check", "breakage"),
    [
        (uncited, _cite_nothing),
        (uncited, _cite_a_record),
        (dangling, _point_nowhere),
        (dangling, _point_at_the_wrong_kind),
        (duplicate_ids, _reuse_an_id),
    ],
)
def test_each_invariant_check_catches_a_broken_copy(
    plain: Plain, check: Callable[[Plain], list[str]], breakage: Callable[[Plain], None]
) -> None:
    broken = copy.deepcopy(plain)
    breakage(broken)
    assert check(broken)


def test_the_loaded_dataset_resolves_every_link(dataset: Dataset) -> None:
    # The model's view of the same rule: every target of every record is a record (> 100 links).
    targets = [t for record in dataset.records() for t in record.targets()]
    assert len(targets) > 100
    for target in targets:
        dataset.get(target)


def test_section_ids_are_a_namespace_of_their_own(dataset: Dataset) -> None:  # issue 10, item 5
    # Record ids are unique across every record collection; section ids among sections, and only
    # `sections` (and a section's `parent`) name them, so a section may share a record's id.
    section_ids = [s.id for s in dataset.sections]
    assert len(section_ids) == len(set(section_ids))
    assert {"france", "italy", "uae"} <= set(section_ids) & {r.id for r in dataset.records()}


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


# --- issue 9 (dataset part) and issue 8: corrections pinned --------------------------------------

from milafacts.load import load  # noqa: E402
from milafacts.model import Agreement, Event, Initiative, Record  # noqa: E402
from milafacts.text import fold, normalize  # noqa: E402


@pytest.fixture(scope="module")
def curated() -> Dataset:
    return load(cache=False)


def _get(ds: Dataset, record_id: str) -> Record:
    return ds.get(record_id)


def _summary(ds: Dataset, record_id: str) -> str:
    return getattr(_get(ds, record_id), "summary", None) or ""


def test_tii_research_partnerships_are_plural_and_uncounted(curated: Dataset) -> None:  # item 1
    tii = _get(curated, "tii-research-partnerships")
    assert isinstance(tii, Agreement)
    assert tii.count is None  # the article gives no number
    assert tii.name == "Research partnerships between Mila and TII"
    assert "Research partnerships" in (tii.summary or "")
    assert "does not say how many" in (tii.summary or "")
    assert "partnerships" in _get(curated, "tii-research-areas").label  # type: ignore[attr-defined]
    assert "research partnerships" in _summary(curated, "uae")


def test_mila_went_to_the_uae_alongside_carney_who_did_not_lead_it(curated: Dataset) -> None:  # item 2
    for record_id in ("mark-carney", "uae", "uae-mission"):
        text = _summary(curated, record_id)
        assert "alongside" in text, record_id
        assert " led " not in text and "Carney's mission" not in text, record_id


def test_g7_presidency_gives_no_span_and_no_carney(curated: Dataset) -> None:  # item 4
    presidency = _get(curated, "g7-presidency")
    assert isinstance(presidency, Event)
    assert "mark-carney" not in presidency.people
    assert "evan-solomon" not in presidency.people
    assert presidency.date is None and "December 2025" in (presidency.date_note or "")
    for record in curated.records():
        text = fold(getattr(record, "summary", None) or "")
        for claim in ("presidency in 2025", "2025 presidency", "led the g7", "through 2025", "g7 year"):
            assert claim not in text, (record.id, claim)
    # the agreements were made "on the margins of the G7", which the article never ties to the presidency
    for agreement in curated.agreements:
        assert agreement.event != "g7-presidency", agreement.id
    assert "wrapping up in December 2025" in _summary(curated, "g7")
    assert "wraps up its G7 presidency" in _summary(curated, "canada")


def test_g7_ministers_meeting_did_not_put_ai_at_the_centre(curated: Dataset) -> None:  # item 5
    meeting = _get(curated, "g7-ministers-meeting")
    assert isinstance(meeting, Event)
    summary = meeting.summary or ""
    assert "putting" not in summary and "at the centre" not in summary
    assert summary.startswith("Montréal hosted it") and "moved to the fore" in summary
    assert "societal impact" in meeting.keywords
    assert meeting.part_of is None  # the article names it beside the presidency, not as part of it


def test_canada_and_sweden_share_a_responsibility_and_the_visit_was_industry_driven(curated: Dataset) -> None:  # item 6
    for record_id in ("canada", "sweden", "swedish-royal-visit"):
        summary = _summary(curated, record_id)
        assert "share a responsibility" in summary, record_id
        assert "set out a common path" not in summary and "charting" not in summary, record_id
        assert "shared responsibility" in _get(curated, record_id).keywords, record_id
    delegation = _get(curated, "swedish-business-delegation")
    assert "made the royal visit about industry" not in _summary(curated, "swedish-business-delegation")
    assert "took part in the royal visit" in _summary(curated, "swedish-business-delegation")
    for record_id in ("swedish-business-delegation", "swedish-royal-visit"):
        assert "industry-driven" in _get(curated, record_id).keywords
    assert delegation.inferred


def test_ai_governance_is_what_the_fellows_strengthen_not_a_topic(curated: Dataset) -> None:  # item 7
    fellowship = _get(curated, "ai-policy-fellowship")
    assert isinstance(fellowship, Initiative)
    assert fellowship.topics == ("law", "education", "critical minerals")
    assert "how AI is governed worldwide" in (fellowship.summary or "")
    assert "inaugural" in fellowship.keywords


def test_the_source_title_is_marked_as_ours(curated: Dataset) -> None:  # item 8
    note = curated.source.title_note or ""
    assert "ours" in note and "no title of its own" in note
    assert "Canadian AI Going Global" in (curated.source.note or "")


ROLE_INFERENCES = {"ebba-busch": "sweden", "pal-jonson": "sweden", "je-myung-ryu": "south-korea", "horiuchi": "japan"}
RECORD_INFERENCES = [
    "korea-delegation", "swedish-business-delegation", "larochelle-appointment", "france-visits", "vivatech",
    "leonardo-ecosystem", "all-in", "swedish-royal-visit", "sweden-panel", "g7-finale", "germany-delegation",
    "uk-delegation", "japan-delegation", "japan", "mila", "montreal", "tii", "hosted-delegations",
]  # fmt: skip
UNDATED_IN_THE_YEAR = ["vatican-working-group", "leonardo-ecosystem", "south-korea-visit", "uae-mission", "all-in"]
DATED_BY_THE_ARTICLE = {"hosted-delegations": "Throughout 2025", "ai-policy-fellowship": "2025 also marked"}


@pytest.mark.parametrize(("person_id", "country"), ROLE_INFERENCES.items())
def test_inferred_role_countries_are_marked(curated: Dataset, person_id: str, country: str) -> None:  # item 9
    person = _get(curated, person_id)
    assert isinstance(person, Person)
    roles = [r for r in person.roles if r.country == country]
    assert roles and all(r.inferred for r in roles)


@pytest.mark.parametrize("record_id", RECORD_INFERENCES)
def test_inferred_records_are_marked(curated: Dataset, record_id: str) -> None:  # item 9
    assert _get(curated, record_id).inferred


def test_korea_and_the_business_delegation_inferences_say_what_they_infer(curated: Dataset) -> None:  # item 9
    assert "Korean" in (_get(curated, "korea-delegation").inferred or "")
    assert "Swedish" in (_get(curated, "swedish-business-delegation").inferred or "")


@pytest.mark.parametrize("record_id", UNDATED_IN_THE_YEAR)
def test_events_the_article_does_not_date_carry_no_date(curated: Dataset, record_id: str) -> None:  # item 9
    event = _get(curated, record_id)
    assert isinstance(event, Event)
    assert event.date is None and "no date" in (event.date_note or "")


def test_every_bare_year_is_stated_or_marked_inferred(curated: Dataset) -> None:  # item 9
    for record in curated.records():
        date = getattr(record, "date", None)
        if date == "2025" and record.id not in DATED_BY_THE_ARTICLE:
            assert record.inferred, record.id
    for record_id in DATED_BY_THE_ARTICLE:
        assert getattr(curated.get(record_id), "date", None) == "2025"


def test_the_missing_claims_are_there(curated: Dataset) -> None:  # item 11
    calls = _get(curated, "calls-for-international-dialogue")
    assert isinstance(calls, Event) and set(calls.people) == {"mark-carney", "evan-solomon"}
    for record_id in ("mark-carney", "evan-solomon"):
        assert "renewed international dialogue" in _summary(curated, record_id)
    assert "central voice in dialogues" in _summary(curated, "valerie-pisano")
    assert "Canadian momentum" in _summary(curated, "vivatech")
    assert "forward-looking conversations" in _summary(curated, "g7-finale")
    assert "bridges" in _summary(curated, "hugo-larochelle") and "forefront" in _summary(curated, "hugo-larochelle")
    assert "Canadian AI Going Global" in _summary(curated, "mila")
    assert "Canadian AI Going Global" in _get(curated, "canada").keywords


KEYWORDS = [
    "multi-agent interaction", "human-centric", "supercomputing", "middle powers", "cooperation", "stakeholders",
    "co-organized", "largest", "inaugural", "revolving door", "industry-driven", "responsible AI", "societal impact",
    "Their Majesties", "historic milestone", "value-driven", "cutting edge", "shared responsibility", "culmination",
    "future-focused",
]  # fmt: skip


@pytest.mark.parametrize("term", KEYWORDS)
def test_article_terms_are_findable(curated: Dataset, term: str) -> None:  # item 12
    needle = fold(term)
    assert any(needle in fold(value) for r in curated.records() for value in _words(r)), term


def _words(record: Record) -> list[str]:
    """Every text of a record (its own fields and its roles' titles), as search sees them."""
    found: list[str] = []
    for name, value in record.__dict__.items():
        if name == "id":
            continue
        items = value if isinstance(value, tuple) else (value,)
        for item in items:
            if isinstance(item, str):
                found.append(item)
            elif isinstance(item, Role) and item.title:
                found.append(item.title)
    return found


FRENCH = {
    "sweden": ["Suède", "suede"], "italy": ["Italie"], "uae": ["Émirats arabes unis", "emirats arabes unis", "EAU"],
    "uk": ["Royaume-Uni", "R.-U."], "south-korea": ["Corée du Sud", "coree du sud"], "germany": ["Allemagne"],
    "japan": ["Japon"], "spain": ["Espagne"], "belgium": ["Belgique"], "eu": ["Union européenne", "UE"],
    "vatican": ["le Vatican", "Cité du Vatican"], "oecd": ["OCDE"], "un": ["ONU", "Nations unies"],
    "g7": ["groupe des Sept"],
}  # fmt: skip


@pytest.mark.parametrize(("record_id", "names"), FRENCH.items())
def test_french_names_are_aliases(curated: Dataset, record_id: str, names: list[str]) -> None:  # item 13
    aliases = _get(curated, record_id).aliases  # type: ignore[attr-defined]
    assert set(names) <= set(aliases)


def test_no_name_or_alias_names_two_records(curated: Dataset) -> None:  # item 13; issue 10, item 4
    seen: dict[str, str] = {}
    ids = {r.id for r in curated.records()}
    for record in curated.records():
        for spelling in record.names:
            key = normalize(spelling)
            assert seen.setdefault(key, record.id) == record.id, (spelling, record.id, seen[key])
            assert key not in ids or key == record.id, (spelling, record.id)  # `show` takes ids first


def test_synonym_groups(curated: Dataset) -> None:  # item 14
    assert 30 <= len(curated.synonyms) <= 60
    owner: dict[str, int] = {}
    for i, group in enumerate(curated.synonyms):
        assert len(group.terms) >= 2
        for term in group.terms:
            assert not any(c.isdigit() for c in term) or term == "G7", term  # vocabulary, no figures
            assert owner.setdefault(normalize(term), i) == i, f"{term!r} is in two groups"
    groups = [{normalize(t) for t in g.terms} for g in curated.synonyms]
    for expected in (["MOU", "protocole d'entente"], ["UAE", "EAU"], ["AI", "IA"], ["Sweden", "Suède"]):
        assert any({normalize(t) for t in expected} <= g for g in groups), expected


# --- French (issue 11) ---------------------------------------------------------------------------


def test_every_record_section_and_the_header_have_their_french() -> None:
    from milafacts.load import untranslated

    assert untranslated(bundled_path()) == []


def test_validate_warns_of_missing_french_and_still_passes(tmp_path: Path) -> None:
    from conftest import run

    text = bundled_path().read_text(encoding="utf-8")
    # Drop the French of the first country: its summary is then untranslated.
    start = text.index("\n    fr:\n", text.index("\ncountries:\n"))
    end = text.index("\n  - id:", start)
    partial = tmp_path / "partial.yaml"
    partial.write_text(text[:start] + text[end:], encoding="utf-8")
    result = run("--no-cache", "validate", str(partial))
    assert result.exit_code == 0
    warning, verdict = result.stdout.splitlines()
    assert ": countries[0]: warning: no French for " in warning and "summary" in warning
    assert verdict == "ok: no problems found; 1 without their French (warnings above)"


def test_french_that_does_not_fit_the_english_is_a_problem(tmp_path: Path) -> None:
    from milafacts.load import check

    text = bundled_path().read_text(encoding="utf-8")
    broken = tmp_path / "broken.yaml"
    # A French field the record does not translate, beside the first country's French.
    broken.write_text(text.replace("\n    fr:\n", "\n    fr:\n      keywords: [mot]\n", 1), encoding="utf-8")
    (problem,) = check(broken)
    assert "fr.keywords: not a translated field" in str(problem)


def test_a_french_name_is_a_spelling_of_its_record(dataset: Dataset) -> None:
    record = query.resolve_any(dataset, "Visite de Yoshua Bengio en Corée du Sud")
    assert record.id == "south-korea-visit"
