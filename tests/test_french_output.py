"""Every output in the chosen language (issue 11, item 3): the choice of language, French dates and
numbers, JSON and CSV keys that do not change with the language, Québec typography, and a walk of
every command in French over the bundled dataset that fails on any English word milafacts itself
writes, so that a missing entry in `lang.FRENCH` is caught.

The French golden files (`tests/golden/*.fr.*`, on the fixture's invented French) are checked with
the English ones in tests/test_formats.py.
"""

from __future__ import annotations

import contextlib
import csv
import inspect
import io
import json
import re
from collections.abc import Iterator
from typing import Any

import pytest

from conftest import FIXTURES, run
from milafacts import lang, query, views
from milafacts.errors import ExitCode, NotFound, UsageError
from milafacts.model import Dataset, Statistic, format_date
from milafacts.render import to_table

RENDER = str(FIXTURES / "render.yaml")
MISSING = "/nonexistent/facts.yaml"
NBSP = "\u00a0"
LOCALE = ("MILAFACTS_LANG", "LC_ALL", "LC_MESSAGES", "LANG")


@pytest.fixture(autouse=True)
def no_language_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in LOCALE:
        monkeypatch.delenv(name, raising=False)


def ok(*args: str, env: dict[str, str] | None = None) -> str:
    result = run(*args, env={"COLUMNS": "100", "NO_COLOR": "1", **(env or {})})
    assert result.exit_code == ExitCode.OK, result.output
    return result.stdout


def lang_of(*args: str, env: dict[str, str] | None = None) -> str:
    """The language a run answered in, as its JSON says."""
    document = json.loads(ok("--data", RENDER, *args, "-f", "json", env=env))
    return str(document["lang"])


# --- the choice of language ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("option", "environ", "chosen"),
    [
        (None, {}, "en"),
        ("fr", {}, "fr"),
        ("FR", {}, "fr"),
        ("en", {"MILAFACTS_LANG": "fr", "LANG": "fr_CA.UTF-8"}, "en"),  # the option beats both
        ("fr", {"MILAFACTS_LANG": "en", "LANG": "en_CA.UTF-8"}, "fr"),
        (None, {"MILAFACTS_LANG": "en", "LANG": "fr_CA.UTF-8"}, "en"),  # the variable beats the locale
        (None, {"MILAFACTS_LANG": "fr", "LANG": "en_US.UTF-8"}, "fr"),
        (None, {"MILAFACTS_LANG": "", "LANG": "fr_CA.UTF-8"}, "fr"),  # empty is unset
        (None, {"LANG": "fr_CA.UTF-8"}, "fr"),
        (None, {"LANG": "fr"}, "fr"),
        (None, {"LANG": "en_CA.UTF-8"}, "en"),
        (None, {"LC_ALL": "C", "LANG": "fr_CA.UTF-8"}, "en"),  # the first locale variable set decides
        (None, {"LC_MESSAGES": "fr_FR.UTF-8", "LANG": "en_US.UTF-8"}, "fr"),
        (None, {"LC_ALL": "fr_BE.UTF-8", "LC_MESSAGES": "en_US.UTF-8"}, "fr"),
        (None, {"LC_ALL": "", "LANG": "fr_CA.UTF-8"}, "fr"),  # empty is unset
    ],
)
def test_choose_option_beats_variable_beats_locale(option: str | None, environ: dict[str, str], chosen: str) -> None:
    assert lang.choose(option, environ) == chosen


@pytest.mark.parametrize(
    ("option", "environ"), [("de", {}), ("", {}), ("french", {}), (None, {"MILAFACTS_LANG": "es"})]
)
def test_choose_refuses_a_language_it_does_not_speak(option: str | None, environ: dict[str, str]) -> None:
    with pytest.raises(UsageError, match="choose one of en, fr"):
        lang.choose(option, environ)


def test_the_locale_gives_french_and_lc_all_c_gives_english() -> None:
    assert lang_of("stats", env={"LANG": "fr_CA.UTF-8"}) == "fr"
    assert lang_of("stats", env={"LANG": "fr_CA.UTF-8", "LC_ALL": "C"}) == "en"
    assert lang_of("stats") == "en"


def test_the_option_beats_the_variable_which_beats_the_locale() -> None:
    assert lang_of("stats", env={"MILAFACTS_LANG": "fr"}) == "fr"
    assert lang_of("stats", env={"MILAFACTS_LANG": "en", "LANG": "fr_CA.UTF-8"}) == "en"
    assert lang_of("--lang", "en", "stats", env={"MILAFACTS_LANG": "fr", "LANG": "fr_CA.UTF-8"}) == "en"
    assert lang_of("--lang", "fr", "stats", env={"MILAFACTS_LANG": "en"}) == "fr"


@pytest.mark.parametrize(
    ("args", "chosen"),
    [
        (["--lang", "fr", "stats"], "fr"),
        (["stats", "--lang", "fr"], "fr"),
        (["--lang=fr", "country", "atlantis"], "fr"),
        (["country", "--lang", "fr", "atlantis"], "fr"),
        (["--lang", "en", "stats", "--lang", "fr"], "fr"),  # given on both sides, the command's wins
        (["--lang", "fr", "stats", "--lang", "en"], "en"),
    ],
)
def test_lang_before_or_after_the_command(args: list[str], chosen: str) -> None:
    assert lang_of(*args) == chosen


@pytest.mark.parametrize(
    ("args", "env", "where"),
    [
        (["--lang", "de", "stats"], {}, "--lang='de'"),
        (["stats", "--lang", "klingon"], {}, "--lang='klingon'"),
        (["stats", "--lang", ""], {}, "--lang=''"),
        (["stats"], {"MILAFACTS_LANG": "english"}, "MILAFACTS_LANG='english'"),
        (["validate"], {"MILAFACTS_LANG": "xx"}, "MILAFACTS_LANG='xx'"),
        (["search", "tides"], {"MILAFACTS_LANG": "xx"}, "MILAFACTS_LANG='xx'"),
    ],
)
def test_a_bad_language_is_a_usage_error_before_any_dataset_is_read(
    args: list[str], env: dict[str, str], where: str
) -> None:
    # The dataset is missing (exit 4 if it were read): the language is checked first.
    result = run("--data", MISSING, *args, env=env)
    assert result.exit_code == ExitCode.USAGE, result.output
    assert result.stderr.startswith(f"milafacts: error: {where} is not a language")
    assert "choose one of en, fr" in result.stderr and result.stderr.count("\n") == 1


def test_lang_is_a_documented_global_option() -> None:
    assert "--lang" in run("--help", env={"COLUMNS": "200"}).stdout
    assert "--lang" in run("stats", "--help", env={"COLUMNS": "200"}).stdout


# --- dates and numbers (pure) ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "french", "english"),
    [
        ("2025-12-08/2025-12-10", "8 au 10 décembre 2025", "December 8-10, 2025"),
        ("2025-12", "décembre 2025", "December 2025"),
        ("2025", "2025", "2025"),
        ("2025-05-01", "1er mai 2025", "May 1, 2025"),
        ("2025-08-15", "15 août 2025", "August 15, 2025"),
        ("2025-05-01/2025-05-03", "1er au 3 mai 2025", "May 1-3, 2025"),
        ("2025-04-28/2025-05-01", "28 avril 2025 au 1er mai 2025", "April 28, 2025 to May 1, 2025"),
        ("2025-11/2025-12", "novembre 2025 au décembre 2025", "November 2025 to December 2025"),
    ],
)
def test_dates_in_french_and_english(value: str, french: str, english: str) -> None:
    assert format_date(value, lang="fr") == french
    assert format_date(value, "en") == format_date(value) == english


@pytest.mark.parametrize(
    ("value", "french"),
    [
        (0, "0"),
        (39, "39"),
        (999, "999"),
        (1500, f"1{NBSP}500"),
        (1234567, f"1{NBSP}234{NBSP}567"),
        (-2500, f"-2{NBSP}500"),
    ],
)
def test_numbers_in_french(value: int, french: str) -> None:
    assert lang.number(value, "fr") == french
    assert lang.number(value, "en") == str(value)  # as the article writes them: `1500`


def figure(**values: Any) -> Statistic:
    return Statistic(id="x", sections=("s",), label="Things", **values)


def test_derived_figures_in_french() -> None:
    whole = figure(value=1500, derived_from=("y",), formula="f", fr={"formula": "g"})
    assert whole.display_in("fr") == f"1{NBSP}500 (calculé)"
    assert whole.display_in("en") == whole.display == "1500 (derived)"
    part = figure(value=39.3, derived_from=("y",), formula="30% of 131 = 39.3", fr={"formula": "30 % de 131 = 39,3"})
    assert part.display_in("fr") == f"environ 39 (calculé{NBSP}: 30 % de 131 = 39,3)"
    assert part.display == "about 39 (derived: 30% of 131 = 39.3)"
    # French keeps the unit with its number, before the mark.
    assert whole.display_in("fr", unit="accords") == f"1{NBSP}500 accords (calculé)"
    assert whole.display_in("en", unit="agreements") == "1500 (derived) agreements"


def test_stated_figures_keep_the_datasets_own_french() -> None:
    stated = figure(value=1500, stated="over 1500", fr={"stated": f"plus de 1{NBSP}500"})
    assert stated.display_in("fr") == f"plus de 1{NBSP}500"
    assert figure(value=3, stated="three").display_in("fr") == "three"  # no French: the English


def test_counts_milafacts_writes_are_french_numbers() -> None:
    from milafacts.render import cell

    assert cell(1500, lang="fr", spelled=True) == f"1{NBSP}500"
    assert cell(1500, lang="fr") == "1500"  # CSV keeps the digits a spreadsheet reads
    assert cell(True, lang="fr") == "oui" and cell(False) == "no"


# --- keys that do not change with the language ---------------------------------------------------

FIXTURE_COMMANDS = {
    "country": ["country", "atlantis"],
    "countries": ["countries"],
    "fellows": ["fellows"],
    "stats": ["stats"],
    "people": ["people"],
    "person": ["person", "ada"],
    "orgs": ["orgs"],
    "org": ["org", "acme"],
    "timeline": ["timeline"],
    "timeline-month": ["timeline", "--month", "march"],
    "agreements": ["agreements"],
    "search": ["search", "tides"],
    "show": ["show", "partnership"],
    "sources": ["sources"],
}
BUNDLED_COMMANDS = {
    "country": ["country", "sweden"],
    "countries": ["countries"],
    "fellows": ["fellows"],
    "stats": ["stats"],
    "people": ["people"],
    "people-country": ["people", "--country", "sweden"],
    "person": ["person", "ebba", "busch"],
    "person-fellow": ["person", "zhuk"],
    "orgs": ["orgs"],
    "org": ["org", "tii"],
    "timeline": ["timeline"],
    "timeline-month": ["timeline", "--month", "12"],
    "agreements": ["agreements"],
    "search": ["search", "how", "many", "researchers"],
    "search-typo": ["search", "robtics", "korea"],
    "show-event": ["show", "g7", "finale"],
    "show-figure": ["show", "partnerships-outside-canada-count"],
    "show-agreement": ["show", "eu-mous"],
    "show-fellow": ["show", "fellow-alesia-zhuk"],
    "show-initiative": ["show", "ai-policy-fellowship"],
    "sources": ["sources"],
}


def shape(value: Any) -> Any:
    """A JSON value's keys, all the way down, without its values (a list of records is one shape per
    record; any other list, such as a row's matched spans, is a value)."""
    if isinstance(value, dict):
        return {key: shape(item) for key, item in value.items()}
    if isinstance(value, list) and value and all(isinstance(item, dict) for item in value):
        return [shape(item) for item in value]
    return None


@pytest.mark.parametrize(
    ("data", "name"), [*(("fixture", n) for n in FIXTURE_COMMANDS), *(("bundled", n) for n in BUNDLED_COMMANDS)]
)
def test_json_and_csv_keys_are_the_same_in_both_languages(data: str, name: str) -> None:
    commands = FIXTURE_COMMANDS if data == "fixture" else BUNDLED_COMMANDS
    where = ["--data", RENDER] if data == "fixture" else []
    english = json.loads(ok(*where, *commands[name], "-f", "json"))
    french = json.loads(ok(*where, "--lang", "fr", *commands[name], "-f", "json"))
    assert (english["lang"], french["lang"]) == ("en", "fr")
    assert shape({**english, "lang": None}) == shape({**french, "lang": None})
    assert [r["id"] for r in english["results"]] == [r["id"] for r in french["results"]]
    assert english["title"] != french["title"]  # and the values did change
    headers = [
        next(csv.reader(io.StringIO(ok(*where, *language, *commands[name], "-f", "csv"))))
        for language in ([], ["--lang", "fr"])
    ]
    assert headers[0] == headers[1]


# --- nothing in English that milafacts writes ------------------------------------------------------

# What milafacts itself writes in English (titles, headers, notes, link words, marks, kinds), as
# whole words. `Date`, `Section`, `Parties`, `Source` and the like are French too and so are not
# listed: their catalog entries are checked by `test_every_english_text_milafacts_writes_has_its_french`.
# Nor is `visit`: the dataset's aliases (`royal visit`), which a search hit may show, have no French.
ENGLISH_UI = [
    "Kind",
    "Name",
    "Details",
    "How linked",
    "Source:",
    "undated",
    "(derived)",
    "derived:",
    "inferred:",
    "title ours",
    "what the dataset knows",
    ": profile",
    "Headline figures",
    "Figures marked",
    "Derived how",
    "What",
    "Context",
    "Timeline",
    "Agreements",
    "Entered into by",
    "Subjects",
    "Summary",
    "Linked facts",
    "Countries and places",
    "Organizations",
    "People",
    "Roles",
    "Home country",
    "Background",
    "Collaborators",
    "Fellow",
    "highlighted in the article",
    "Record",
    "Answer",
    "Where it matched",
    "Records citing it",
    "Source section",
    "No results",
    "sections:",
    "concerns",
    "concerned by",
    "took part in",
    "involves",
    "based in",
    "party to",
    "signed by",
    "derived from",
    "counted in",
    "part of",
    "linked to",
    "focus:",
    "between",
    "about",
    "summary:",
    "label:",
    "statistic",
    "organization",
    "agreement",
    "event",
    "person",
    "country",
    "joint statement",
    "research partnership",
    "MOUs",
    "delegation",
]
_ENGLISH = re.compile("|".join(rf"(?<![\w-]){re.escape(word)}(?![\w-])" for word in ENGLISH_UI))


def english_words(text: str) -> list[str]:
    return sorted(set(_ENGLISH.findall(text)))


@pytest.mark.parametrize("fmt", ["table", "json", "csv", "markdown"])
@pytest.mark.parametrize("name", BUNDLED_COMMANDS)
def test_french_output_of_every_command_has_no_english_ui_words(name: str, fmt: str) -> None:
    args = BUNDLED_COMMANDS[name]
    sources = ["--sources"] if args[0] != "sources" else []  # the table's column of cited sections
    out = ok("--lang", "fr", *args, "-f", fmt, *sources, env={"COLUMNS": "300"}) if fmt != "json" else ""
    if fmt == "json":
        document = json.loads(ok("--lang", "fr", *args, "-f", "json"))
        # Keys stay English by design, and so do the dataset's own words a search matched (`match`)
        # and the names of the fields they are in (`field`), and the codes a script compares
        # (`precision`: day, month, year, undated): only the values that are shown count.
        skip = {"field", "match", "terms", "published", "file", "aliases", "precision"}
        out = "\n".join(strings(document, skip=skip))
    if fmt == "csv":
        out = out.split("\n", 1)[1]  # the header row is the keys
    assert english_words(out) == [], out


def strings(value: Any, skip: set[str], key: str = "") -> Iterator[str]:
    """Every string value of a JSON document, except under the keys in `skip` and the ids."""
    if key in skip or key == "id" or key.endswith(("_id", "_ids")):
        return
    if isinstance(value, dict):
        for k, item in value.items():
            yield from strings(item, skip, k)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item, skip, key)
    elif isinstance(value, str):
        yield value


def every_view(dataset: Dataset, language: str) -> Iterator[views.View]:
    """Every view of every command on `dataset`: a profile of every record, every listing, and
    searches that reach every field a hit can match in."""
    from milafacts import search as engine

    for record in dataset.records():
        yield views.profile(dataset, query.profile(dataset, record), lang=language)
    yield views.counted(dataset, "countries", "Countries and places", lang=language)
    yield views.counted(dataset, "organizations", "Organizations", lang=language)
    yield views.fellows(dataset, lang=language)
    yield views.statistics(dataset, lang=language)
    yield views.people(dataset, query.people(dataset), lang=language)
    yield views.people(dataset, [], lang=language)
    yield views.agreements(dataset, lang=language)
    yield views.sources(dataset, lang=language)
    yield views.timeline(dataset, query.timeline(dataset), None, lang=language)
    for month in range(1, 13):
        yield views.timeline(dataset, query.timeline(dataset, month), month, lang=language)
    # (The query is echoed in the title as typed: these hold no English word of milafacts' own.)
    for words in (
        "robotics",
        "how many researchers",
        "december",
        "mou",
        "prime minister",
        "royal",
        "over 1500",
        "collaborator",
        "defence sweden",
        "tides",
        "legal researcher",
        "30% of 131",
        "no date",
        "mila",
    ):
        with contextlib.suppress(NotFound):  # the fixture has no robotics
            yield views.search(dataset, engine.search(dataset, words, 50), lang=language)


def view_text(view: views.View) -> str:
    from milafacts.render import caption, to_csv, to_markdown

    shown = [view.title, caption(view), *view.notes, *(c.header for c in view.columns)]
    shown += [str(row.get(c.key) or "") for row in view.rows for c in view.columns]
    return "\n".join([*shown, to_markdown(view, sources=True), to_csv(view).split("\n", 1)[1]])


def test_every_view_of_the_bundled_dataset_has_no_english_ui_words(dataset: Dataset) -> None:
    found = {}
    for view in every_view(dataset, "fr"):
        words = english_words(view_text(view))
        if words:
            found[view.title] = words
    assert found == {}


def test_the_english_ui_words_are_found_in_english(dataset: Dataset) -> None:
    # The control: the same walk in English finds the words, so the French walk proves something.
    found: set[str] = set()
    for view in every_view(dataset, "en"):
        found.update(english_words(view_text(view)))
    assert {"Kind", "Name", "Details", "How linked", "Source:", "undated", "(derived)", "inferred:"} <= found


class Recording(dict[str, str]):
    """`lang.FRENCH` that remembers every English text asked for that it has no French for."""

    def __init__(self, entries: dict[str, str]) -> None:
        super().__init__(entries)
        self.missing: set[str] = set()

    def get(self, key: str, default: Any = None) -> Any:
        if key not in self:
            self.missing.add(key)
        return super().get(key, default)


@pytest.mark.parametrize("data", ["bundled", "fixture"])
def test_every_english_text_milafacts_writes_has_its_french(
    data: str, dataset: Dataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    from milafacts.load import load
    from milafacts.render import Format, render

    catalog = Recording(lang.FRENCH)
    monkeypatch.setattr(lang, "FRENCH", catalog)
    walked = dataset if data == "bundled" else load(FIXTURES / "render.yaml", cache=False)
    for view in every_view(walked, "fr"):
        for fmt in Format:
            render(view, fmt, sources=True)
    table = to_table(views.people(walked, [], lang="fr"))
    from rich.console import Console

    Console(file=io.StringIO(), width=30).print(table)  # the records form, and "No results."
    assert catalog.missing == set()


# --- Québec typography -----------------------------------------------------------------------------


def test_no_break_spaces_where_quebec_puts_them() -> None:
    # The fixture's French has its no-break spaces: any plain space before : ; % or inside « » in the
    # French output is one milafacts wrote itself.
    for args in FIXTURE_COMMANDS.values():
        for fmt in ("table", "markdown", "csv", "json"):
            out = ok("--data", RENDER, "--lang", "fr", *args, "-f", fmt, env={"COLUMNS": "300"})
            assert re.findall(r".{0,20} [:;%»]|« .{0,20}", out) == [], (args, fmt)
            assert NBSP + ":" in out or fmt == "csv"


@pytest.mark.parametrize("width", range(20, 141, 8))
def test_a_line_never_breaks_at_a_no_break_space(width: int) -> None:
    # Records (the fixture, narrow) and tables (the bundled dataset's inferred notes and figures).
    runs = [["--data", RENDER, *args] for args in (["country", "atlantis"], ["agreements"], ["search", "tides"])]
    runs += [["person", "busch"], ["stats"], ["timeline", "--month", "11"]]
    for args in runs:
        out = ok("--lang", "fr", *args, env={"COLUMNS": str(width)})
        assert NBSP in out
        for line in out.splitlines():
            assert not re.match(r"\s*[:;»%]", line), (width, args, line)
            assert not line.rstrip().endswith("«"), (width, args, line)


# --- the views -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "function",
    [
        views.profile,
        views.fellows,
        views.statistics,
        views.people,
        views.counted,
        views.timeline,
        views.agreements,
        views.search,
        views.sources,
    ],
    ids=lambda f: f.__name__,
)
def test_every_view_takes_its_language_as_a_keyword(function: Any) -> None:
    parameter = inspect.signature(function).parameters["lang"]
    assert parameter.kind is inspect.Parameter.KEYWORD_ONLY and parameter.default == "en"


def test_a_view_knows_its_language(dataset: Dataset) -> None:
    assert views.statistics(dataset).lang == "en"
    assert views.statistics(dataset, lang="fr").lang == "fr"


def test_french_records_read_in_french() -> None:
    out = ok("--lang", "fr", "country", "suède", env={"COLUMNS": "300"})
    assert out.startswith(f"Suède{NBSP}: ce qu'en dit le jeu de données") or f"Suède{NBSP}: ce qu" in out
    assert "Visite du roi et de la reine de Suède" in out and "vice-première ministre, Suède" in out
    assert f"Source{NBSP}: Bilan 2025 de Mila" in out and f"titre de notre cru{NBSP}: l'article n'en a pas" in out
    assert "novembre 2025" in out and "(inféré" in out
    stats = json.loads(ok("--lang", "fr", "stats", "-f", "json"))
    figures = {r["id"]: r["figure"] for r in stats["results"]}
    derived = figures["partnerships-outside-canada-count"]
    assert derived.startswith(f"environ 39 (calculé{NBSP}: 30") and derived.endswith("de 131 = 39,3)")
    assert figures["g7-finale-days"] == "3 (calculé)"
    fellows = ok("--lang", "fr", "fellows", env={"COLUMNS": "300"})
    assert "la cohorte est plus nombreuse" in fellows and "Espagne" in fellows
    timeline = json.loads(ok("--lang", "fr", "timeline", "--month", "12", "-f", "json"))
    assert timeline["title"] == f"Chronologie{NBSP}: décembre"
    assert {r["date"] for r in timeline["results"]} >= {"8 au 10 décembre 2025"}


def test_errors_and_notes_in_french_where_milafacts_has_their_french() -> None:
    missing = run("--lang", "fr", "country", "atlantide")
    assert missing.exit_code == ExitCode.NOT_FOUND
    assert missing.stderr.startswith(f"milafacts{NBSP}: erreur{NBSP}: aucun pays ne correspond")
    assert run("country", "atlantide").stderr.startswith("milafacts: error: no country matches")
    # A mistake in the input, found before any dataset is read, is told in French too.
    for args in (["--lang", "fr", "timeline", "--month", "smarch"], ["timeline", "--month", "smarch", "--lang", "fr"]):
        early = run(*args)
        assert early.exit_code == ExitCode.USAGE
        assert early.stderr.startswith(f"milafacts{NBSP}: erreur{NBSP}: ")
        assert early.stderr.endswith(f"(voir «{NBSP}milafacts timeline -h{NBSP}»)\n") and early.stderr.count("\n") == 1
    corrected = run("--lang", "fr", "search", "robtics", "-f", "json")
    said = f"«{NBSP}robtics{NBSP}» n'est pas dans le jeu de données{NBSP}; recherche faite avec «{NBSP}robotics{NBSP}»"
    assert corrected.stderr == f"milafacts{NBSP}: {said}\n"  # the errors' French spacing, notes too


# --- French role titles as input -------------------------------------------------------------------


def people_ids(*args: str) -> list[str]:
    return [row["id"] for row in json.loads(ok(*args, "-f", "json"))["results"]]


MINISTERS = [
    "mark-carney",
    "evan-solomon",
    "ebba-busch",
    "pal-jonson",
    "wildberger",
    "murray",
    "horiuchi",
    "je-myung-ryu",
]


@pytest.mark.parametrize("language", [[], ["--lang", "fr"]])
def test_people_by_a_french_role_title_in_either_language(language: list[str]) -> None:
    assert people_ids(*language, "people", "--role", "premier ministre") == ["mark-carney"]
    assert people_ids(*language, "people", "--role", "Premier Ministre") == ["mark-carney"]
    assert people_ids(*language, "people", "--role", "ministre") == MINISTERS
    assert people_ids(*language, "people", "--role", "vice-première ministre") == ["ebba-busch"]
    assert people_ids(*language, "people", "--role", "reine") == ["queen-of-sweden"]
    # English still works, and finds what the French finds.
    assert people_ids(*language, "people", "--role", "prime minister") == ["mark-carney", "ebba-busch"]
    assert people_ids(*language, "people", "--role", "minister") == MINISTERS
    assert people_ids(*language, "people", "--role", "ministr") == []  # whole words only, in French too


def test_the_french_table_shows_the_title_it_was_asked_for() -> None:
    out = ok("--lang", "fr", "people", "--role", "premier ministre", env={"COLUMNS": "300"})
    assert "Mark Carney" in out and "premier ministre" in out


def test_the_role_filter_reads_each_roles_french(dataset: Dataset) -> None:
    carney = next(p for p in dataset.people if p.id == "mark-carney")
    assert query.role_titles(carney) == ["Prime Minister", "premier ministre"]
    assert [p.id for p in query.people(dataset, "premier ministre")] == ["mark-carney"]
    assert [p.id for p in query.people(dataset, "Prime Minister")] == ["mark-carney", "ebba-busch"]


# --- French section headings are ours ----------------------------------------------------------------

HEADINGS_OURS = f"intitulés de section{NBSP}: notre traduction des intitulés anglais de l'article"


def test_french_headings_are_marked_as_ours_in_json() -> None:
    french = json.loads(ok("--lang", "fr", "sources", "-f", "json"))
    english = json.loads(ok("sources", "-f", "json"))
    assert [row["heading_is_ours"] for row in french["results"]] == [True] * len(french["results"])
    assert [row["heading_is_ours"] for row in english["results"]] == [False] * len(english["results"])
    assert list(french["results"][0]) == list(english["results"][0])  # same keys, in the same order
    assert list(french["results"][0])[:3] == ["id", "heading", "heading_is_ours"]
    assert "notes" not in french and "notes" not in english
    assert HEADINGS_OURS not in json.dumps(french, ensure_ascii=False)  # the caption's; JSON has the field


def test_french_headings_are_marked_as_ours_in_csv() -> None:
    fields = ["--fields", "id,heading,heading_is_ours"]
    french = list(csv.reader(io.StringIO(ok("--lang", "fr", "sources", "-f", "csv", *fields))))
    english = list(csv.reader(io.StringIO(ok("sources", "-f", "csv", *fields))))
    assert french[0] == english[0] == ["id", "heading", "heading_is_ours"]
    assert french[2] == ["scientific-leadership", "Le leadership scientifique de Mila sur la scène mondiale", "oui"]
    assert english[2] == ["scientific-leadership", "Mila’s Scientific Leadership on the World Stage", "no"]


@pytest.mark.parametrize("fmt", ["table", "markdown"])
def test_french_headings_are_marked_as_ours_in_the_caption(fmt: str) -> None:
    french = ok("--lang", "fr", "sources", "-f", fmt, env={"COLUMNS": "1000"})
    assert f"décembre 2025){NBSP}; {HEADINGS_OURS}{NBSP}; sections{NBSP}: " in french
    english = ok("sources", "-f", fmt, env={"COLUMNS": "1000"})
    assert "translation" not in english and "December 2025); sections: " in english
    # Only `sources` says it: elsewhere the caption cites the source as it always has.
    assert HEADINGS_OURS not in ok("--lang", "fr", "stats", "-f", fmt, env={"COLUMNS": "1000"})


def test_a_heading_without_its_french_is_not_marked() -> None:
    # The mini fixture's one section has no French: French output shows the article's own heading.
    mini = ["--data", str(FIXTURES / "mini.yaml"), "--lang", "fr", "sources"]
    rows = json.loads(ok(*mini, "-f", "json"))["results"]
    assert [(row["heading"], row["heading_is_ours"]) for row in rows] == [("The only section", False)]
    assert "intitulés" not in ok(*mini, "-f", "markdown")


# --- a figure in words with its unit ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "figure", "said"),
    [("en", "dozens", "dozens of delegations"), ("fr", "des dizaines", "des dizaines de délégations")],
)
def test_a_figure_in_words_reads_with_its_unit(language: str, figure: str, said: str) -> None:
    lang_ = ["--lang", language]
    stats = {r["id"]: r for r in json.loads(ok(*lang_, "stats", "-f", "json"))["results"]}
    row = stats["hosted-delegations-count"]
    assert (row["figure"], row["stated"], row["value"], row["qualifier"]) == (figure, figure, None, None)
    table = ok(*lang_, "stats", env={"COLUMNS": "300"})
    assert re.search(rf"^\s+{figure}\s{{2,}}\S", table, re.MULTILINE), table  # the figure alone, in its column
    hits = list(csv.DictReader(io.StringIO(ok(*lang_, "search", "how", "many", "delegations", "-f", "csv"))))
    assert {h["id"]: h["headline"] for h in hits}["hosted-delegations-count"] == said
    profile = json.loads(ok(*lang_, "show", "hosted-delegations-count", "-f", "json"))
    assert profile["results"][0]["details"] == said
    assert said in ok(*lang_, "show", "hosted-delegations-count", env={"COLUMNS": "300"})
