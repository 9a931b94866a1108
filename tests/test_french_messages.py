"""Issue 11, item 3: `validate`'s report and every error message in French in a French session.

Each problem carries its French beside its English (`Problem.french`), written at the place that
finds it; the command line prints the one the session speaks. English output stays what it was.
"""

from __future__ import annotations

import ast
import os
import re
from pathlib import Path

import pytest
from test_bad_datasets import BROKEN, HOSTILE, MINI, mutate, write

from conftest import FIXTURES, run
from milafacts import load as loader
from milafacts import sourcecheck
from milafacts.errors import DatasetError, ExitCode, Problem, UsageError
from milafacts.load import check, untranslated
from milafacts.sourcecheck import check_source, read_article

N = "\u00a0"
FR_PREFIX = f"milafacts{N}: erreur{N}: "
SRC = Path(loader.__file__).parent
ARTICLE = FIXTURES / "source" / "article.txt"
FLAWED = FIXTURES / "source" / "flawed.yaml"
CLEAN = FIXTURES / "source" / "clean.yaml"

# Words of the English messages: none may be left in a French line.
ENGLISH = (
    "is required", "unknown id", "unknown field", "unknown section", "unknown top-level", "must be", "must not",
    "duplicate", "problem(s) found", "more problem", "no problems found", "warning: no French", "not a regular file",
    "no such file", "is empty; give", "expected a mapping", "expected one of", "already names", "contains U+",
    "at character", "bad date", "no such day", "no such month", "the range ends", "is read as", "quote it",
    "not allowed", "plain text", "invalid YAML", "more than one", "nested deeper", "the file is empty",
    "not a text file", "not UTF-8", "cannot read", "cannot write", "is a directory", "a derived figure",
    "a figure needs", "French for",
    "not a translated field", "like the English", "without their French", "is not in the article", "worded so",
    "copies", "the article has no", "not in the dataset", "finding(s)", "checked against", "error:", "(see '",
    "must cite", "whole number", "writes the table view", "is not a yes or no", "line ",
)  # fmt: skip


def english_in(text: str) -> list[str]:
    return [phrase for phrase in ENGLISH if phrase in text]


def said(line: str, path: Path | str) -> str:
    """A report line less its location (`file:line: `): paths hold test names such as `duplicate`."""
    assert line.startswith(f"{path}:"), line
    return re.sub(r"^:\d+: |^: ", "", line[len(str(path)) :])


def typeset(message: str) -> list[str]:
    """What breaks Québec typography in a French message: a `:` `;` `?` `!` without the no-break space
    before it, guillemets without theirs inside. Quoted text and the key `(fr:)` are the dataset's."""
    bare = re.sub(f"«{N}.*?{N}»", "«»", message).replace("(fr:)", "")
    wrong = [m.group() for m in re.finditer(f"[^{N}][:;?!]", bare)]
    wrong += [m.group() for m in re.finditer(f"«[^{N}»]|[^{N}«]»", message)]
    return wrong


def problems_of(path: Path) -> list[Problem]:
    found = check(path)
    assert found, path
    return found


def assert_french(problems: list[Problem]) -> None:
    """Each problem has its own French, a sentence of its own (not the English again), typeset."""
    for problem in problems:
        assert problem.french, problem
        assert problem.french != problem.message, problem
        assert not english_in(problem.french), (problem.french, english_in(problem.french))
        assert not typeset(problem.french), (problem.french, typeset(problem.french))


# --- every broken dataset, through the command line ----------------------------------------------

CASES = [(name, text) for name, text, *_ in BROKEN] + [(name, content) for name, content, _ in HOSTILE]
CASES += [(path.stem, path.read_bytes()) for path in sorted((FIXTURES / "bad").glob("*.yaml"))]


@pytest.mark.parametrize(("name", "content"), CASES, ids=[c[0] for c in CASES])
def test_validate_reports_every_problem_in_french(name: str, content: str | bytes, tmp_path: Path) -> None:
    path = write(tmp_path, content)
    english = run("validate", str(path))
    french = run("--lang", "fr", "validate", str(path))
    assert french.exit_code == english.exit_code == ExitCode.DATASET
    # The English run is the English of each problem, exactly; the French one, line for line, its French.
    problems = check(path)
    assert english.stdout.splitlines() == [str(p) for p in problems]
    assert french.stdout.splitlines() == [p.text("fr") for p in problems]
    assert_french(problems)
    for en, fr in zip(english.stdout.splitlines(), french.stdout.splitlines(), strict=True):
        location = en[: len(en) - len(said(en, path))]
        assert fr.startswith(location) and fr != en
        assert not english_in(said(fr, path)), fr
    count = len(problems)
    assert english.stderr == f"milafacts: error: {count} problem(s) found\n"
    plural = "s" if count > 1 else ""
    assert french.stderr == f"{FR_PREFIX}{count} problème{plural} trouvé{plural}\n"


@pytest.mark.parametrize(("name", "content"), CASES, ids=[c[0] for c in CASES])
def test_commands_refuse_a_broken_dataset_in_one_french_line(name: str, content: str | bytes, tmp_path: Path) -> None:
    path = write(tmp_path, content)
    result = run("--lang", "fr", "--data", str(path), "stats")
    assert result.exit_code == ExitCode.DATASET
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and result.stderr.startswith(f"{FR_PREFIX}{path}:")
    message = said(result.stderr[len(FR_PREFIX) :].rstrip("\n"), path)
    assert not english_in(message), message
    others = len(check(path)) - 1
    if others:
        s = "s" if others > 1 else ""
        assert message.endswith(f" (et {others} autre{s} problème{s}{N}; lancez «{N}milafacts validate{N}»)")
    # English is unchanged: the first problem's English and the count of the others.
    english = run("--data", str(path), "stats")
    first = str(check(path)[0])
    more = f" (and {others} more problem(s); run 'milafacts validate')" if others else ""
    assert english.stderr == f"milafacts: error: {first}{more}\n"


def test_a_french_locale_or_milafacts_lang_chooses_french_too(tmp_path: Path) -> None:
    path = write(tmp_path, mutate("value: 12", "value: twelve"))
    for env in ({"MILAFACTS_LANG": "fr"}, {"LANG": "fr_CA.UTF-8"}):
        result = run("validate", str(path), env=env)
        assert "doit être un nombre, et non du texte" in result.stdout
        assert result.stderr == f"{FR_PREFIX}1 problème trouvé\n"


# --- every place that finds a problem says it in French ------------------------------------------

AGREEMENT = "agreements:\n  - id: pact\n    name: Pact\n    kind: MOU\n    parties: [acme]\n    sections: [only]\n"
ROLE = "      - title: Director\n        organization: acme\n        sections: [only]\n"
INVISIBLE = (FIXTURES / "bad" / "invisible.yaml").read_text(encoding="utf-8")
HEADING = "    heading: The only section\n"


def event_fr(french: str) -> str:
    """MINI with `fr: french` on its event."""
    return mutate("    topics: [tides]\n", f"    topics: [tides]\n    fr: {french}\n")


def person_fr(roles: str) -> str:
    """MINI with a French `roles` on its person."""
    return mutate("    sections: [only]\nevents", f"    sections: [only]\n    fr:\n      roles: [{roles}]\nevents")


def q(text: str) -> str:
    return f"«{N}{text}{N}»"


# (what, the broken dataset, French the report must hold)
SITES = [
    # the kinds' own checks (model.py)
    ("required field", mutate("    name: Ada Quill\n", ""), f"people[0]{N}: {q('name')} est obligatoire"),
    ("not text", mutate("name: Acme Lab", "name: [Acme]"), f"name{N}: doit être du texte, et non une liste"),
    ("empty text", mutate("name: Acme Lab", 'name: " "'), f"name{N}: ne doit pas être vide"),
    ("texts not a list", mutate("topics: [tides]", "topics: tides"),
     f"topics{N}: doit être une liste, et non du texte"),
    ("no section", mutate("    sections: [only]\norganizations", "    sections: []\norganizations"),
     "doit citer au moins une section"),
    ("not a number", mutate("value: 12", "value: twelve"), f"value{N}: doit être un nombre, et non du texte"),
    ("not a whole number", MINI + AGREEMENT.replace("kind: MOU", "kind: MOU\n    count: 1.5"),
     f"count{N}: doit être un nombre entier"),
    ("roles not a list", mutate(f"    roles:\n{ROLE}", "    roles: Director\n"),
     f"roles{N}: doit être une liste, et non du texte"),
    ("date with two slashes", mutate('"2026-03-02"', '"2026-03-02/2026-03-03/2026-03-04"'),
     "au plus une barre oblique"),
    ("date range backwards", mutate('"2026-03-02"', '"2026-03-04/2026-03-02"'), "la période finit avant de commencer"),
    ("date badly written", mutate('"2026-03-02"', '"March 2"'), f"date {q('March 2')} invalide{N}: écrivez AAAA"),
    ("no such month", mutate('"2026-03-02"', '"2026-13"'), "ce mois n'existe pas"),
    ("no such day", mutate('"2026-03-02"', '"2026-02-30"'), "ce jour n'existe pas"),
    ("French not a mapping", event_fr("marées"),
     "doit être un dictionnaire qui donne le texte français de chaque champ, et non du texte"),
    ("French role with an unknown field", person_fr("{title: Directrice, x: y}"),
     f"champ inconnu{N}: x{N}; le français d'un rôle a title et inferred"),
    ("French for an untranslated field", event_fr("{kind: congrès}"),
     f"fr.kind{N}: ce champ ne se traduit pas"),
    ("French without English", event_fr("{date_note: vers mars}"),
     f"du français pour {q('date_note')}, qui n'a pas d'anglais ici"),
    ("French of another shape", event_fr("{topics: marées}"),
     "doit être une liste de 1, comme l'anglais"),
    ("French for a role's missing note", person_fr("{title: Directrice, inferred: déduit}"),
     f"du français pour {q('inferred')}, que ce rôle n'a pas en anglais"),
    # the loader's schema checks (load.py)
    ("unknown top-level key", MINI + "extras: 1\n",
     f"extras{N}: clé de premier niveau inconnue{N}; clés permises{N}: "),
    ("schema version", mutate("schema_version: 1", "schema_version: 2"), "schema_version doit valoir 1, et non 2"),
    ("no schema version", mutate("schema_version: 1\n", ""), "schema_version doit valoir 1, et non une valeur vide"),
    ("unknown parent section", mutate(HEADING, f"{HEADING}    parent: nowhere\n"),
     f"sections[0].parent{N}: section {q('nowhere')} inconnue"),
    ("no sections", mutate("sections:\n  - id: only\n    heading: The only section\n", ""),
     f"{q('sections')} est obligatoire et doit être une liste"),
    ("sections not a list", mutate("sections:\n  - id: only\n    heading: The only section\n", "sections: 3\n"),
     f"sections{N}: doit être une liste, et non un nombre"),
    ("duplicate section id", mutate(HEADING, f"{HEADING}  - id: only\n    heading: Again\n"),
     f"identifiant de section {q('only')} en double (déjà à la ligne 8)"),
    ("duplicate record id", mutate("  - id: acme", "  - id: ada"),
     f"identifiant de fiche {q('ada')} en double (déjà à la ligne "),
    ("record not a mapping", mutate("  - id: staff\n", "  - staff\n  - id: staff\n"),
     f"statistics[0]{N}: doit être un dictionnaire, et non du texte"),
    ("unknown field", mutate("    summary: A one-day", "    sumary: A one-day"),
     f"champ inconnu{N}; champs permis{N}: "),
    ("a control character in a name", INVISIBLE,
     f"contient U+001B (un caractère de contrôle) au caractère 9{N}; "
     "les noms et les alias doivent être du texte simple"),
    ("a tab in an alias", INVISIBLE, "U+0009 (une tabulation)"),
    ("a zero-width character", INVISIBLE, "U+200B ZERO WIDTH SPACE (un caractère sans chasse)"),
    ("a bidi control", INVISIBLE, "U+202E RIGHT-TO-LEFT OVERRIDE (un contrôle bidirectionnel)"),
    ("an alias naming another record", mutate("aliases: [atl]", "aliases: [atl, ACME LAB]"),
     f"{q('ACME LAB')} désigne déjà {q('acme')} (ligne 19) si l'on ignore la casse, les accents et la ponctuation{N}; "
     "un nom ou un alias ne doit désigner qu'une seule fiche"),
    ("an alias that is another record's id", mutate("aliases: [atl]", "aliases: [atl, SUMMIT]"),
     f"{q('SUMMIT')} désigne déjà {q('summit')} (ligne 31, son identifiant)"),
    ("stated and derived", mutate("    stated: exactly 12\n", "    stated: exactly 12\n    derived_from: [summit]\n"),
     f"un chiffre calculé n'a pas de libellé {q('stated')}{N}; l'article ne l'énonce pas"),
    ("derived without formula", mutate("    stated: exactly 12\n", "    derived_from: [summit]\n"),
     f"un chiffre calculé doit avoir une {q('formula')} qui dit comment il a été obtenu"),
    ("neither stated nor derived", mutate("    stated: exactly 12\n", ""),
     f"un chiffre doit avoir {q('stated')} (le libellé de l'article) ou bien {q('derived_from')} et {q('formula')}"),
    ("unknown section", mutate("sections: [only]\norganizations", "sections: [elsewhere]\norganizations"),
     f"countries[0].sections[0]{N}: section {q('elsewhere')} inconnue"),
    ("unknown id", mutate("countries: [atlantis]", "countries: [lemuria]"),
     f"identifiant {q('lemuria')} inconnu (attendu dans{N}: countries)"),
    ("wrong kind of reference", mutate("people: [ada]", "people: [acme]"),
     f"{q('acme')} est dans organizations{N}; attendu dans{N}: people"),
    # the YAML reader (load.py)
    ("empty file", b"", f"le fichier est vide{N}; il doit contenir un dictionnaire avec {q('schema_version')}"),
    ("NUL bytes", b"a: \x00\n", "pas un fichier texte (il contient des octets NUL)"),
    ("not UTF-8", b"a: caf\xe9\n", "pas du texte UTF-8 (octet 6)"),
    ("invalid YAML", b"schema_version: 1\nsource: [unclosed\n", f"YAML invalide{N}: "),
    ("control character", b"schema_version: 1\nsource: \x01\n",
     f"YAML invalide{N}: le caractère de contrôle U+0001 n'est pas permis"),
    ("two documents", b"a: 1\n---\na: 2\n", f"plus d'un document YAML{N}; un jeu de données est un seul dictionnaire"),
    ("an anchor", b"a: &x 1\nb: *x\n",
     f"les ancres et les alias YAML (&, *) ne sont pas permis{N}; écrivez la valeur en entier"),
    ("a complex key", b"? [a, b]\n: c\n", "une clé doit être du texte simple"),
    ("nested too deep", b"a: " + b"[" * 40 + b"]" * 40 + b"\n", "imbrication de plus de 32 niveaux"),
    ("a scalar at the top", b"hello\n", "le fichier doit contenir un dictionnaire, et non du texte"),
    ("a list at the top", b"- a\n- b\n", "le fichier doit contenir un dictionnaire, et non une liste"),
    ("a key that is not text", b"1: x\n", f"la clé {q('1')} doit être du texte"),
    ("a duplicate key", mutate("    kind: country\n", "    kind: country\n    kind: region\n"),
     f"clé {q('kind')} en double (déjà à la ligne 13)"),
    ("a tag", b"schema_version: !shout 1\n", f"l'étiquette YAML {q('!shout')} n'est pas permise"),
    ("a YAML 1.1 boolean", mutate("kind: conference", "kind: no"),
     f"{q('no')} se lit comme un booléen YAML 1.1{N}; mettez-le entre guillemets si c'est du texte"),
]  # fmt: skip


@pytest.mark.parametrize(("what", "content", "expected"), SITES, ids=[s[0] for s in SITES])
def test_every_problem_site_has_its_french(what: str, content: str | bytes, expected: str, tmp_path: Path) -> None:
    problems = problems_of(write(tmp_path, content))
    assert_french(problems)
    assert any(expected in p.text("fr") for p in problems), [p.text("fr") for p in problems]


def test_files_that_are_not_datasets_are_refused_in_french(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def french(path: str | Path) -> str:
        (problem,) = problems_of(Path(path))
        assert_french([problem])
        return problem.text("fr")

    assert french(tmp_path / "missing.yaml") == f"{tmp_path / 'missing.yaml'}: fichier introuvable"
    assert french(tmp_path).endswith(": est un dossier, et non un fichier de jeu de données")
    fifo = tmp_path / "fifo.yaml"
    os.mkfifo(fifo)
    assert french(fifo).endswith(
        f": pas un fichier ordinaire (un tube nommé (FIFO)){N}; un jeu de données est un fichier ordinaire"
    )
    assert "(un périphérique caractère)" in french("/dev/null")
    assert french("a\0b").endswith(f": lecture impossible{N}: le chemin contient un octet NUL")
    big = write(tmp_path, MINI)
    monkeypatch.setattr(loader, "MAX_BYTES", 100)
    assert f"octets{N}; la limite est de 100" in french(big)
    monkeypatch.setattr(loader, "MAX_BYTES", 10_000_000)

    def refused(*_: object) -> int:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "open", refused)
    assert french(big).endswith(f": lecture impossible{N}: Permission denied")


def test_french_gaps_are_french_warnings(tmp_path: Path) -> None:
    path = FIXTURES / "mini.yaml"
    warnings = untranslated(path)
    assert warnings and all(w.french for w in warnings)
    assert warnings[0].text("fr") == f"{path}:3: source{N}: avertissement{N}: pas de français pour title (fr:)"
    assert str(warnings[0]) == f"{path}:3: source: warning: no French for title (fr:)"
    result = run("--lang", "fr", "validate", str(path))
    assert result.exit_code == ExitCode.OK
    *lines, verdict = result.stdout.splitlines()
    assert lines == [w.text("fr") for w in warnings]
    assert verdict == f"ok{N}: aucun problème trouvé{N}; 6 sans leur français (avertissements ci-dessus)"
    assert not any(english_in(said(line, path)) for line in lines)
    assert run("--lang", "fr", "validate").stdout == f"ok{N}: aucun problème trouvé\n"
    english = run("validate", str(path)).stdout.splitlines()
    assert english[:-1] == [str(w) for w in warnings]
    assert english[-1] == "ok: no problems found; 6 without their French (warnings above)"


def test_more_than_fifty_gaps_are_counted_in_french(tmp_path: Path) -> None:
    extra = "".join(
        f"  - id: land-{i}\n    name: Land {i}\n    kind: country\n    summary: Land {i}.\n    sections: [only]\n"
        for i in range(50)
    )
    path = write(tmp_path, mutate("organizations:\n", extra + "organizations:\n"))
    total = len(untranslated(path))
    french = run("--lang", "fr", "validate", str(path)).stdout.splitlines()
    assert french[-2] == f"... et {total - 50} autres sans leur français"
    assert french[-1].endswith(f"{N}; {total} sans leur français (avertissements ci-dessus)")
    english = run("validate", str(path)).stdout.splitlines()
    assert english[-2] == f"... and {total - 50} more without their French"


# --- validate --source ----------------------------------------------------------------------------


def test_source_findings_are_french() -> None:
    report = check_source(FLAWED, ARTICLE.read_text(encoding="utf-8"))
    assert_french(report.findings)
    french = "\n".join(p.text("fr") for p in report.findings)
    for expected in (
        f"reprend 7 mots de l'article{N}: «{N}plans to build a second tidal observatory{N}»",
        "le nombre 75 n'est pas dans l'article",
        f"people[2].name{N}: {q('Ivo Marsh')} n'est pas dans l'article",
        f"{q('2026-03-02/2026-03-04')} (2 au 4 mars 2026){N}: l'article n'a pas {q('March 2 to 4')}",
        f"{q('a full 40%')} n'est pas formulé ainsi dans l'article",
    ):
        assert expected in french, expected
    result = run("--lang", "fr", "--no-cache", "validate", str(FLAWED), "--source", str(ARTICLE))
    assert result.exit_code == ExitCode.DATASET
    assert result.stdout.splitlines() == [p.text("fr") for p in report.findings]
    assert result.stderr == f"{FR_PREFIX}vérifié d'après {ARTICLE}{N}: 5 constats, 0 absent du jeu de données\n"


def test_a_statistic_value_not_in_the_article_is_french(tmp_path: Path) -> None:
    path = tmp_path / "clean.yaml"
    path.write_text(CLEAN.read_text(encoding="utf-8").replace("value: 1200", "value: 1300"), encoding="utf-8")
    (finding,) = check_source(path, ARTICLE.read_text(encoding="utf-8")).findings
    assert_french([finding])
    assert finding.text("fr").endswith(f"statistics[0].value{N}: 1300 n'est pas dans l'article")


def test_what_the_dataset_leaves_out_is_listed_in_french(tmp_path: Path) -> None:
    longer = tmp_path / "longer.txt"
    longer.write_text(ARTICLE.read_text(encoding="utf-8") + "The Marlow Foundry counted 17 boats.\n", encoding="utf-8")
    result = run("--lang", "fr", "--no-cache", "validate", str(CLEAN), "--source", str(longer))
    assert result.exit_code == ExitCode.DATASET
    assert result.stdout == f"absent du jeu de données (2){N}:\n  17\n  Marlow Foundry\n"
    assert result.stderr == f"{FR_PREFIX}vérifié d'après {longer}{N}: 0 constat, 2 absents du jeu de données\n"


def test_a_clean_source_check_says_so_in_french() -> None:
    result = run("--lang", "fr", "--no-cache", "validate", str(CLEAN), "--source", str(ARTICLE))
    assert result.exit_code == ExitCode.OK
    assert result.stdout.splitlines()[-1].startswith(
        f"ok{N}: aucun problème trouvé{N}; chaque nom, nombre et date se trouve dans {ARTICLE}{N}; "
    )


def test_an_unreadable_article_is_french(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def french(path: Path) -> str:
        with pytest.raises(UsageError) as caught:
            read_article(path)
        assert caught.value.french and not english_in(caught.value.french)
        return caught.value.french

    assert (
        french(tmp_path / "missing.txt")
        == f"impossible de lire l'article {tmp_path / 'missing.txt'}{N}: fichier introuvable"
    )
    assert french(tmp_path).endswith(f"{N}: c'est un dossier")
    (tmp_path / "latin1.txt").write_bytes(b"caf\xe9")
    assert french(tmp_path / "latin1.txt").endswith(f"{N}: ce n'est pas du texte UTF-8 (octet 3)")
    monkeypatch.setattr(sourcecheck, "MAX_BYTES", 2)
    assert french(tmp_path / "latin1.txt").endswith(f"{N}: il dépasse la limite de 2 octets")
    result = run("--lang", "fr", "validate", "--source", str(tmp_path / "missing.txt"))
    assert result.exit_code == ExitCode.USAGE
    assert result.stderr.startswith(f"{FR_PREFIX}impossible de lire l'article ")


# --- usage errors of the command line and the environment ----------------------------------------


@pytest.mark.parametrize(
    ("args", "env", "code", "expected"),
    [
        (["--data", "", "stats"], {}, ExitCode.USAGE,
         f"--data est vide{N}; donnez le chemin d'un fichier de jeu de données"),
        (["stats"], {"MILAFACTS_DATA": ""}, ExitCode.USAGE, f"MILAFACTS_DATA est vide{N}; donnez le chemin"),
        (["validate", ""], {}, ExitCode.USAGE, f"PATH est vide{N}; donnez le chemin"),
        (["stats", "--export", "x.txt"], {}, ExitCode.USAGE,
         f"--export x.txt a une extension inconnue, «{N}.txt{N}»{N}; l'extension choisit le format{N}: .csv, "),
        (["stats", "--export", "/nonexistent-dir/x.svg"], {}, ExitCode.OUTPUT,
         f"impossible d'écrire /nonexistent-dir/x.svg{N}: dossier introuvable"),
        (["stats"], {"MILAFACTS_NO_CACHE": "maybe"}, ExitCode.USAGE,
         f"MILAFACTS_NO_CACHE='maybe' n'est ni un oui ni un non{N}; donnez une de ces valeurs pour désactiver"),
    ],
    ids=["--data", "MILAFACTS_DATA", "validate PATH", "--export .txt", "--export unwritable", "MILAFACTS_NO_CACHE"],
)  # fmt: skip
def test_usage_errors_are_french(args: list[str], env: dict[str, str], code: int, expected: str) -> None:
    result = run("--lang", "fr", *args, env=env)
    assert result.exit_code == code
    assert result.stderr.startswith(f"{FR_PREFIX}{expected}"), result.stderr
    assert result.stderr.count("\n") == 1 and not english_in(result.stderr), result.stderr
    english = run(*args, env=env)
    assert english.exit_code == code and english.stderr.startswith("milafacts: error: ")


# --- the pieces ---------------------------------------------------------------------------------


def test_problem_text_keeps_the_location_and_str_stays_english() -> None:
    problem = Problem("f.yaml", 3, "people[0]: 'name' is required", f"people[0]{N}: {q('name')} est obligatoire")
    assert str(problem) == problem.text("en") == "f.yaml:3: people[0]: 'name' is required"
    assert problem.text("fr") == f"f.yaml:3: people[0]{N}: {q('name')} est obligatoire"
    assert Problem("f.yaml", None, "no such file").text("fr") == "f.yaml: no such file"  # no French: English


def test_a_dataset_error_without_the_first_problems_french_stays_english() -> None:
    # One language per line: a French frame around an English problem would be neither.
    error = DatasetError([Problem("f.yaml", 1, "odd"), Problem("f.yaml", 2, "odder", "plus étrange")])
    assert error.text("fr") == error.text("en") == "f.yaml:1: odd (and 1 more problem(s); run 'milafacts validate')"
    many = DatasetError([Problem("f", 1, "a", "à")] * 1501)
    assert many.text("fr") == f"f:1: à (et 1{N}500 autres problèmes{N}; lancez «{N}milafacts validate{N}»)"


def test_every_problem_site_passes_french() -> None:
    """Structural: each call that makes a problem gives its French, so a new check cannot forget it
    (mypy also refuses a `problem` or `report` call without it)."""
    wanted = {"problem": 3, "report": 3, "Problem": 4, "problem_at": 5}
    missing = []
    for module in ("load.py", "model.py", "sourcecheck.py"):
        tree = ast.parse((SRC / module).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if name in wanted and len(node.args) + len(node.keywords) < wanted[name]:
                missing.append(f"{module}:{node.lineno}: {ast.unparse(node)[:80]}")
    assert missing == []


# --- a name given to the wrong command -------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "english", "french"),
    [
        (["org", "eu"], "European Union is a country: milafacts country eu",
         f"Union européenne est un pays{N}: milafacts country eu"),
        (["country", "tii"], "Technology Innovation Institute is an organization: milafacts org tii",
         f"Technology Innovation Institute est une organisation{N}: milafacts org tii"),
        (["org", "Roi de Suède"], "King of Sweden is a person: milafacts person roi de suede",
         f"Roi de Suède est une personne{N}: milafacts person roi de suede"),
        (["country", "g7", "finale"], "G7 finale at Mila is an event: milafacts show g7 finale",
         f"Clôture du G7 à Mila est un événement{N}: milafacts show g7 finale"),
        # A place says what kind of place it is, not `a country` (Montréal, Europe, the Vatican).
        (["org", "montreal"], "Montréal is a city: milafacts country montreal",
         f"Montréal est une ville{N}: milafacts country montreal"),
        (["person", "europe"], "Europe is a region: milafacts country europe",
         f"Europe est une région{N}: milafacts country europe"),
        (["person", "vatican"], "Vatican is a place: milafacts country vatican",
         f"Vatican est un lieu{N}: milafacts country vatican"),
    ],
)  # fmt: skip
def test_a_name_given_to_the_wrong_command_is_told_in_french(args: list[str], english: str, french: str) -> None:
    result = run("--lang", "fr", *args)
    assert result.exit_code == ExitCode.NOT_FOUND
    assert result.stderr == f"{FR_PREFIX}{french}\n"
    assert not typeset(french) and not english_in(french)
    # English is unchanged.
    result = run(*args)
    assert result.exit_code == ExitCode.NOT_FOUND
    assert result.stderr == f"milafacts: error: {english}\n"


def test_every_kind_says_what_it_is_in_french() -> None:
    # Whichever collection the name is found in, its kind has its French (with the article that agrees).
    from milafacts.lang import IS_A_FR
    from milafacts.model import COLLECTIONS

    assert {cls.KIND for cls in COLLECTIONS.values()} <= set(IS_A_FR)
    for said in IS_A_FR.values():
        assert said.startswith("est ") and not english_in(said)


def test_resolve_carries_the_french_of_a_name_given_to_the_wrong_command(dataset: object) -> None:
    from milafacts import query
    from milafacts.errors import NotFound
    from milafacts.model import Dataset

    assert isinstance(dataset, Dataset)
    with pytest.raises(NotFound) as caught:
        query.resolve(dataset, "organizations", "EU")
    assert caught.value.text("en") == "European Union is a country: milafacts country eu"
    assert caught.value.text("fr") == f"Union européenne est un pays{N}: milafacts country eu"
