"""`validate` and the loader are one code path: for any broken file, the problems a command refuses the
dataset for are the problems `validate` lists, the same ones in the same order (issue 10, item 1).

Checked on the fixtures, on the broken and hostile files of test_bad_datasets, and on a few hundred
files damaged at random (seeded, so a failure names a file that can be rebuilt)."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from test_bad_datasets import BROKEN, HOSTILE

from conftest import FIXTURES, run
from milafacts.errors import DatasetError, ExitCode
from milafacts.load import bundled_path, check, load

MINI = (FIXTURES / "mini.yaml").read_text(encoding="utf-8")
BUNDLED = bundled_path().read_text(encoding="utf-8")

# Values that break a field in every way the checks know: YAML 1.1 booleans, wrong types, empty
# text, bad dates, unknown references, characters that do not show, broken syntax.
VALUES = [
    "no", "on", '""', "12", "1.5", "true", "[lemuria]", "{a: 1}", "~", '"2025-13-40"', '"2025-02-30"',
    "lemuria", '"x\\ey"', '"a\\u200bb"', "[", "&anchor x", "*alias", "!!python/none x", "Italy", "only",
]  # fmt: skip


def damage(text: str, rng: random.Random) -> str:
    """One to three random edits of a dataset's lines."""
    lines = text.splitlines()
    for _ in range(rng.randint(1, 3)):
        i = rng.randrange(len(lines))
        line = lines[i]
        how = rng.randrange(7)
        if how == 0:
            del lines[i]  # a required field or a whole record goes
        elif how == 1:
            lines.insert(i, line)  # a duplicate key, or a duplicate list item
        elif how == 2 and ": " in line:
            key = line.split(": ", 1)[0]
            lines[i] = f"{key}: {rng.choice(VALUES)}"
        elif how == 3:
            ids = [j for j, ln in enumerate(lines) if ln.lstrip().startswith("- id: ")]
            if len(ids) >= 2:
                a, b = rng.sample(ids, 2)
                lines[a] = lines[a].split("- id: ")[0] + "- id: " + lines[b].split("- id: ")[1]  # a duplicate id
        elif how == 4:
            lines[i] = re.sub(r"\[([a-z0-9-]+)", r"[\1-gone", line)  # a dangling reference
        elif how == 5:
            lines[i] = "  " + line  # structure
        else:
            del lines[i:]  # a truncated file
            if not lines:
                lines = ["schema_version: 1"]
    return "\n".join(lines) + "\n"


def loader_report(path: Path) -> list[str]:
    try:
        load(path, cache=False)
    except DatasetError as error:
        return [str(p) for p in error.problems]
    return []


def validate_report(path: Path) -> list[str]:
    return [str(p) for p in check(path)]


CASES = [(f"mini-{seed}", MINI, seed) for seed in range(200)] + [
    (f"bundled-{seed}", BUNDLED, seed) for seed in range(60)
]


@pytest.mark.parametrize(("name", "text", "seed"), CASES, ids=[c[0] for c in CASES])
def test_loader_and_validate_agree_on_damaged_files(name: str, text: str, seed: int, tmp_path: Path) -> None:
    path = tmp_path / "facts.yaml"
    path.write_text(damage(text, random.Random(seed)), encoding="utf-8")
    assert loader_report(path) == validate_report(path)
    lines = [p.line or 0 for p in check(path)]
    assert lines == sorted(lines), "in file order"


def test_the_damage_is_mostly_damage(tmp_path: Path) -> None:
    # The comparison above proves little if most damaged files still load.
    broken = 0
    for seed in range(200):
        path = tmp_path / f"{seed}.yaml"
        path.write_text(damage(MINI, random.Random(seed)), encoding="utf-8")
        broken += bool(validate_report(path))
    assert broken >= 150


FILES = [*sorted((FIXTURES / "bad").glob("*.yaml"))]


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_loader_and_validate_agree_on_the_fixtures(path: Path) -> None:
    assert loader_report(path) == validate_report(path) != []


@pytest.mark.parametrize("case", BROKEN + HOSTILE, ids=[c[0] for c in BROKEN + HOSTILE])
def test_loader_and_validate_agree_on_the_known_bad_files(case: tuple[object, ...], tmp_path: Path) -> None:
    path = tmp_path / "facts.yaml"
    content = case[1]
    path.write_bytes(content if isinstance(content, bytes) else str(content).encode("utf-8"))
    assert loader_report(path) == validate_report(path) != []


def test_a_yaml_problem_does_not_hide_the_others(tmp_path: Path) -> None:
    # The file of the issue: `stats` reported the boolean alone, `validate` three problems.
    text = (
        MINI.replace("kind: conference", "kind: no")
        .replace("countries: [atlantis]", "countries: [lemuria]")
        .replace("value: 12", "value: twelve")
    )
    path = tmp_path / "facts.yaml"
    path.write_text(text, encoding="utf-8")
    validated = run("validate", str(path))
    listed = validated.stdout.splitlines()
    assert len(listed) == 3 and validated.exit_code == ExitCode.DATASET
    refused = run("--data", str(path), "stats")
    assert refused.exit_code == ExitCode.DATASET
    assert refused.stderr == f"milafacts: error: {listed[0]} (and 2 more problem(s); run 'milafacts validate')\n"


@pytest.mark.parametrize("seed", range(0, 200, 10))
def test_the_commands_and_validate_agree_through_the_cli(seed: int, tmp_path: Path) -> None:
    path = tmp_path / "facts.yaml"
    path.write_text(damage(MINI, random.Random(seed)), encoding="utf-8")
    validated = run("validate", str(path))
    refused = run("--data", str(path), "stats")
    listed = validated.stdout.splitlines()
    if validated.exit_code == 0:
        assert refused.exit_code == 0
        return
    assert validated.exit_code == refused.exit_code == ExitCode.DATASET
    more = f" (and {len(listed) - 1} more problem(s); run 'milafacts validate')" if len(listed) > 1 else ""
    assert refused.stderr == f"milafacts: error: {' '.join(listed[0].split())}{more}\n"
