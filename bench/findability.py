"""How often search puts an answering record first, or in the first three, for questions people ask.

    python bench/findability.py [--misses] [--set tune|holdout|fresh]

Reads bench/findability.yaml (questions written from the article before the engine was tuned, in
English and French, with typos, plurals and abbreviations; a third kept aside as `holdout`) and runs
each through `milafacts.search.search` on the bundled dataset. Prints hit@1 and hit@3 per set, and
with --misses every question whose answer is not in the first three. Questions with no answer
(`answers: []`) count as hits when search finds nothing.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

import yaml

from milafacts.errors import NotFound
from milafacts.load import load
from milafacts.search import search

# The first set was written before the engine was tuned (a third kept aside as `holdout`); the
# second (`fresh`) was written later by someone who never ran the engine nor saw the first set,
# once the holdout had been looked at, so that one set stays unseen by whoever tunes.
QUESTIONS = [Path(__file__).with_name(name) for name in ("findability.yaml", "findability-fresh.yaml")]
SETS = ("tune", "holdout", "fresh")


def questions() -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for path in QUESTIONS:
        found += yaml.safe_load(path.read_text(encoding="utf-8"))["questions"]
    return found


def ranks(dataset: Any, items: list[dict[str, Any]]) -> list[tuple[dict[str, Any], int | None, list[str]]]:
    """Each question with the rank (1-based) of its first answering record, None if not in the top 10."""
    out = []
    for item in items:
        try:
            ids = [hit.record.id for hit in search(dataset, item["q"], limit=10).hits]
        except NotFound:
            ids = []
        answers = item["answers"]
        if not answers:
            out.append((item, 1 if not ids else None, ids))
            continue
        rank = next((i + 1 for i, rid in enumerate(ids) if rid in answers), None)
        out.append((item, rank, ids))
    return out


def scores(results: list[tuple[dict[str, Any], int | None, list[str]]]) -> tuple[float, float]:
    n = len(results) or 1
    at1 = sum(1 for _, rank, _ in results if rank == 1) / n
    at3 = sum(1 for _, rank, _ in results if rank is not None and rank <= 3) / n
    return at1, at3


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true", help="list questions not answered in the top 3")
    parser.add_argument("--set", choices=SETS, help="only this half")
    args = parser.parse_args()
    dataset = load(cache=False)
    items = [q for q in questions() if args.set in (None, q["set"])]
    results = ranks(dataset, items)
    for name in (*SETS, "all"):
        part = [r for r in results if name == "all" or r[0]["set"] == name]
        if part:
            at1, at3 = scores(part)
            print(f"{name:8} n={len(part):3}  hit@1 {at1:.3f}  hit@3 {at3:.3f}")
    for lang in ("en", "fr"):
        part = [r for r in results if r[0]["lang"] == lang]
        if part:
            at1, at3 = scores(part)
            print(f"{lang:8} n={len(part):3}  hit@1 {at1:.3f}  hit@3 {at3:.3f}")
    if args.misses:
        for item, rank, ids in results:
            if rank is None or rank > 3:
                print(f"MISS [{item['set']}] {item['q']!r}: want {item['answers']}, got {ids[:3]}")
            elif rank > 1:
                print(f"2/3  [{item['set']}] {item['q']!r}: want {item['answers']}, got {ids[:3]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
