"""Profiles: links followed one step further through events and agreements, how each row is linked,
profiles of records of any kind, inferred notes, and the `people` filters that must agree with them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from milafacts import query, views
from milafacts.cli import app
from milafacts.load import bundled_path, load
from milafacts.model import COLLECTIONS, Dataset, Record

runner = CliRunner()


@pytest.fixture(scope="module")
def ds() -> Dataset:
    return load(cache=False)


def invoke(*args: str) -> str:
    result = runner.invoke(app, list(args), env={"COLUMNS": "400"}, prog_name="milafacts")
    assert result.exit_code == 0, result.output
    return result.stdout


def document(*args: str) -> dict[str, Any]:
    parsed: dict[str, Any] = json.loads(invoke(*args, "--format", "json"))
    return parsed


def rows_by_id(doc: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The linked rows of a profile by id (the record's own row and a person's role rows left out)."""
    subject = doc["subject"]["id"]
    return {row["id"]: row for row in doc["results"] if row["id"] != subject}


def linked_ids(dataset: Dataset, record_id: str) -> list[str]:
    return [r.id for r in query.profile(dataset, dataset.get(record_id)).links]


# --- one step further ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("country", "expected"),
    [
        # the panel points at Sweden; its panelists and their organizations only at the panel
        ("sweden", {"sweden-panel", "marcus-wallenberg", "elena-fersman", "joelle-pineau", "cohere"}),
        # the G7 finale week was held in Montréal; the delegations were part of it
        ("montreal", {"g7-finale", "germany-delegation", "uk-delegation", "japan-delegation", "korea-delegation"}),
        # Canada hosted the finale (its delegations) and is party to the joint statement (the alliance it launched)
        ("canada", {"germany-delegation", "korea-delegation", "canada-germany-digital-alliance"}),
        ("germany", {"canada-germany-joint-statement", "canada-germany-digital-alliance", "evan-solomon"}),
        ("uae", {"uae-mission", "mark-carney", "tii-research-partnerships"}),
        pytest.param(
            "montreal",
            {"swedish-royal-visit"},
        ),
        pytest.param(
            "canada",
            {"sme-ai-adoption-blueprint", "national-ai-institutes-report"},
        ),
    ],
)
def test_country_profiles_reach_records_linked_to_their_events_and_agreements(country: str, expected: set[str]) -> None:
    assert expected <= set(rows_by_id(document("country", country)))


def _neighbours(dataset: Dataset, record: Record) -> set[str]:
    return record.targets() | {r.id for r in dataset.referring(record.id)}


@pytest.mark.parametrize("collection", ["countries", "people", "organizations", "events", "agreements", "fellows"])
def test_a_profile_is_the_direct_links_plus_those_of_linked_events_and_agreements(ds: Dataset, collection: str) -> None:
    # The rule, computed independently: both directions, one step further through events and agreements only.
    for record in getattr(ds, collection):
        direct = _neighbours(ds, record)
        wanted = set(direct)
        for hub_id in direct:
            hub = ds.get(hub_id)
            if hub.KIND in ("event", "agreement"):
                wanted |= _neighbours(ds, hub)
        wanted.discard(record.id)
        ids = linked_ids(ds, record.id)
        assert len(ids) == len(set(ids)), f"{record.id} lists a record twice"
        assert set(ids) == wanted, record.id


def test_no_duplicates_and_the_existing_order(ds: Dataset) -> None:
    doc = document("country", "canada")
    ids = [row["id"] for row in doc["results"]]
    assert len(ids) == len(set(ids)) and "canada" not in ids[1:]
    # grouped by kind in the dataset's order, then by date
    order = {cls.KIND: i for i, cls in enumerate(COLLECTIONS.values())}
    keys = [(order[r.KIND], query.date_key(r)) for r in query.profile(ds, ds.get("canada")).links]
    assert keys == sorted(keys) and len({kind for kind, _ in keys}) >= 5


def test_the_cached_store_gives_the_same_profile(ds: Dataset) -> None:
    load(bundled_path(), cache=True)
    cached = load(bundled_path(), cache=True)  # reads the cache the first load wrote
    for record_id in ("sweden", "montreal", "canada", "sweden-panel", "fellow-alesia-zhuk"):
        assert linked_ids(cached, record_id) == linked_ids(ds, record_id)
    assert "marcus-wallenberg" in linked_ids(cached, "sweden")  # through the panel


# --- how each row is linked ------------------------------------------------------------------------


def test_each_row_says_how_it_is_linked() -> None:
    doc = document("country", "sweden")
    rows = rows_by_id(doc)
    wallenberg = rows["marcus-wallenberg"]
    assert wallenberg["link"] == "took part in Panel on Canada-Sweden collaboration"
    assert wallenberg["via_id"] == "sweden-panel"
    assert rows["cohere"]["link"] == "involved in Panel on Canada-Sweden collaboration"
    # direct links name the profile's own record
    assert rows["sweden-panel"] == {**rows["sweden-panel"], "link": "concerns Sweden", "via_id": None}
    assert rows["ebba-busch"]["link"] == "role in Sweden"
    assert all(row["link"] for row in rows.values())
    # the record's own row is not linked to itself
    assert doc["results"][0]["id"] == "sweden" and doc["results"][0]["link"] is None


JOINT_STATEMENT = "Joint statement launching the Canada-Germany Digital Alliance"


@pytest.mark.parametrize(
    ("command", "record_id", "link"),
    [
        (("country", "montreal"), "germany-delegation", "part of G7 finale at Mila"),
        (("country", "montreal"), "mila", "based in Montréal"),
        (("country", "germany"), "canada-germany-digital-alliance", f"linked to {JOINT_STATEMENT}"),
        (("country", "germany"), "evan-solomon", f"signed {JOINT_STATEMENT}"),
        (("country", "germany"), "canada-germany-joint-statement", "with Germany as a party"),
        (("country", "uae"), "mark-carney", "took part in Mission to the United Arab Emirates"),
        (("person", "marcus", "wallenberg"), "swedish-royal-visit", "includes Panel on Canada-Sweden collaboration"),
        (("person", "marcus", "wallenberg"), "sweden-panel", "involves Marcus Wallenberg"),
        (("org", "tii"), "tii-research-partnerships", "with Technology Innovation Institute as a party"),
    ],
)
def test_link_vocabulary(command: tuple[str, ...], record_id: str, link: str) -> None:
    assert rows_by_id(document(*command))[record_id]["link"] == link


def test_the_table_has_a_how_linked_column_and_timeline_keeps_its_own(ds: Dataset) -> None:
    out = invoke("country", "sweden")
    assert "How linked" in out
    assert "took part in Panel on Canada-Sweden collaboration" in out
    assert [c.key for c in views.profile(ds, query.profile(ds, ds.get("sweden"))).columns] == [
        "kind",
        "name",
        "date",
        "link",
        "details",
    ]
    assert "link" not in [c.key for c in views.timeline(ds, query.timeline(ds), None).columns]
    header = invoke("country", "sweden", "--format", "csv").splitlines()[0]
    assert "link" in header.split(",")


# --- profiles of any kind --------------------------------------------------------------------------


def test_profile_of_an_event(ds: Dataset) -> None:
    view = views.profile(ds, query.profile(ds, ds.get("sweden-panel")))
    assert view.title == "Panel on Canada-Sweden collaboration: event"
    rows = {row["id"]: row for row in view.rows[1:]}
    assert rows["swedish-royal-visit"]["link"] == "includes Panel on Canada-Sweden collaboration"  # what it names
    assert rows["marcus-wallenberg"]["link"] == "took part in Panel on Canada-Sweden collaboration"
    # one step further, through the royal visit it is part of
    assert rows["swedish-business-delegation"]["link"] == "part of Visit of the King and Queen of Sweden"
    assert rows["king-of-sweden"]["via_id"] == "swedish-royal-visit"


def test_profile_of_a_statistic_shows_its_figure(ds: Dataset) -> None:
    view = views.profile(ds, query.profile(ds, ds.get("community-size")))
    assert view.title == "Researchers and staff in Mila's community: statistic"
    assert view.rows[0]["details"] == "over 1500 researchers and staff"
    assert view.subject is not None and view.subject["summary"] is None and view.subject["aliases"] == []
    derived = views.profile(ds, query.profile(ds, ds.get("g7-finale-named-delegations")))
    rows = {row["id"]: row for row in derived.rows[1:]}
    assert rows["germany-delegation"]["link"] == "counted in Delegations named for the G7 finale"
    assert rows["germany"]["via_id"] == "germany-delegation"


def test_profile_of_a_fellow_is_named_after_the_person(ds: Dataset) -> None:
    view = views.profile(ds, query.profile(ds, ds.get("fellow-alesia-zhuk")))
    assert view.title == "Dr. Alesia Zhuk: fellow"
    assert view.rows[0]["name"] == "Dr. Alesia Zhuk"
    rows = {row["id"]: row for row in view.rows[1:]}
    assert rows["spain"]["link"] == "home country of Dr. Alesia Zhuk"
    assert rows["catherine-regis"]["link"] == "collaborator of Dr. Alesia Zhuk"
    assert rows["alesia-zhuk"]["link"] == "holds the fellowship"
    assert rows["ai-policy-fellowship"]["link"] == "programme of fellow Dr. Alesia Zhuk"


def test_profile_titles_say_the_kind_of_other_records(ds: Dataset) -> None:
    titles = {
        record_id: views.profile(ds, query.profile(ds, ds.get(record_id))).title
        for record_id in ("canada-germany-digital-alliance", "tii-research-partnerships", "italy", "tii")
    }
    assert titles == {
        "canada-germany-digital-alliance": "Canada-Germany Digital Alliance: initiative",
        "tii-research-partnerships": "Research partnerships between Mila and TII: agreement",
        "italy": "Italy: what the dataset knows",
        "tii": "Technology Innovation Institute: profile",
    }


def test_every_record_has_a_profile(ds: Dataset) -> None:
    for record in ds.records():
        view = views.profile(ds, query.profile(ds, record))
        assert view.rows[0]["id"] == record.id and view.title.startswith(query.title(ds, record))


# --- inferred notes --------------------------------------------------------------------------------

PANEL_NOTE = "the article implies the panel was held at the lab"
ROLE_NOTE = "the article gives her role and not the country"
# A dataset of its own, so the bundled data may gain or lose notes without touching these tests.
INFERRED_DATA = f"""\
schema_version: 1
source: {{title: A test digest, publisher: Test Publisher, published: "2026-06"}}
sections:
  - {{id: only, heading: The only section}}
countries:
  - {{id: atlantis, name: Atlantis, kind: country, summary: A place of this fixture., sections: [only]}}
people:
  - id: ada
    name: Ada Quill
    roles:
      - {{title: Minister, country: atlantis, inferred: {ROLE_NOTE}, sections: [only]}}
    sections: [only]
events:
  - id: panel
    name: Atlantis panel
    kind: panel
    countries: [atlantis]
    people: [ada]
    summary: A panel on tides.
    inferred: {PANEL_NOTE}
    sections: [only]
  - {{id: summit, name: Summit, kind: conference, countries: [atlantis], summary: A meeting., sections: [only]}}
"""


@pytest.fixture
def inferred_data(tmp_path: Path) -> Path:
    path = tmp_path / "facts.yaml"
    path.write_text(INFERRED_DATA, encoding="utf-8")
    return path


def test_rows_and_subject_carry_inferred_notes(inferred_data: Path) -> None:
    rows = rows_by_id(document("--data", str(inferred_data), "country", "atlantis"))
    assert rows["panel"]["inferred"] == PANEL_NOTE
    assert rows["panel"]["details"] == f"A panel on tides. (inferred: {PANEL_NOTE})"
    assert rows["summit"]["inferred"] is None and rows["summit"]["details"] == "A meeting."
    assert f"(inferred: {PANEL_NOTE})" in invoke("--data", str(inferred_data), "country", "atlantis")
    dataset = load(inferred_data, cache=False)
    panel = views.profile(dataset, query.profile(dataset, dataset.get("panel")))
    assert panel.subject is not None and panel.subject["inferred"] == PANEL_NOTE
    assert panel.rows[0]["details"] == f"A panel on tides. (inferred: {PANEL_NOTE})"
    ada = document("--data", str(inferred_data), "person", "ada", "quill")
    assert ada["subject"]["inferred"] is None
    role = next(row for row in ada["results"] if row["kind"] == "role")
    assert role["inferred"] == ROLE_NOTE and role["details"] == f"(inferred: {ROLE_NOTE})"


# --- people: countries and roles -------------------------------------------------------------------


def test_a_role_at_an_organization_does_not_place_a_person(ds: Dataset) -> None:
    assert query.person_countries(ds, ds.get("alesia-zhuk")) == {"spain"}  # type: ignore[arg-type]
    assert query.person_countries(ds, ds.get("yoshua-bengio")) == set()  # type: ignore[arg-type]
    ids = {row["id"] for row in document("people", "--country", "montreal")["results"]}
    assert not ids & {"alesia-zhuk", "maartje-nugteren", "valerie-pisano", "yoshua-bengio"}
    assert {row["id"] for row in document("people", "--country", "spain")["results"]} == {"alesia-zhuk"}


def test_people_of_a_country_are_in_its_profile(ds: Dataset) -> None:
    for country in ds.countries:
        people = {p.id for p in query.people(ds, country=country)}
        assert people <= set(linked_ids(ds, country.id)), country.id
    listed = {row["id"] for row in document("people", "--country", "sweden")["results"]}
    assert listed and listed <= set(rows_by_id(document("country", "sweden")))


def test_people_by_role_policy_fellow_lists_the_fellows_not_their_collaborators() -> None:
    ids = [row["id"] for row in document("people", "--role", "policy fellow")["results"]]
    assert ids == ["alesia-zhuk", "maartje-nugteren"]


def test_people_by_role_match_whole_titles_or_their_start_or_end(ds: Dataset) -> None:
    fellows = {"alesia-zhuk", "maartje-nugteren"}
    ministers = {"mark-carney", "evan-solomon", "ebba-busch", "pal-jonson", "wildberger", "murray", "horiuchi"}
    cases = {
        "policy fellow": fellows,
        "Fellow": fellows,
        "AI Policy Fellow": fellows,
        "minister": ministers | {"je-myung-ryu"},
        "collaborator": {"catherine-regis", "laurent-charlin", "damiano-fornasiere", "matt-mcdermott"},
        "ceo": {"valerie-pisano"},
        "policy": set(),  # inside a title, neither its start nor its end
        "inister": set(),  # not a whole word
    }
    found = {role: {p.id for p in query.people(ds, role=role)} for role in cases}
    assert found == cases


def test_role_matches() -> None:
    assert query.role_matches("AI Policy Fellow", "policy fellow")
    assert query.role_matches("Minister for Defence", "MINISTER")
    assert query.role_matches("Deputy Prime Minister", "prime minister")
    assert not query.role_matches("Collaborator of AI Policy Fellow Dr. Alesia Zhuk", "policy fellow")
    assert not query.role_matches(None, "fellow")
