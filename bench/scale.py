"""Lookups and search on large synthetic datasets, against the same commands on the bundled one.

    python bench/scale.py [--rounds N] [--cold-rounds N] [--sizes 1000,10000,100000]

Builds valid datasets of the project's own schema (every reference resolves, `milafacts validate`
passes) in a temporary folder, then times, interleaved in one run:
- a warm-cache `country` lookup, `show` and `search` on each size, against the same commands on the
  bundled dataset;
- on the largest size, a cold first run (empty cache, so parse + write the cache) against the same
  with `--no-cache` (its own, fewer rounds: at 100,000 records each run takes seconds);
and reports peak memory (max RSS) of warm lookups and of a `--no-cache` lookup on the largest size.
Targets (issue 8): warm <= 1.5 x bundled, cold <= 1.2 x no-cache, warm peak memory < 100 MiB.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _timing import interleaved, milafacts_command, report

WORDS = [
    "collaboration", "research", "partnership", "delegation", "ministers", "innovation", "governance",
    "policy", "summit", "computing", "language", "models", "energy", "quantum", "safety", "talent",
    "mobility", "infrastructure", "ecosystem", "dialogue", "exchange", "startup", "investment",
    "education", "law", "minerals", "courts", "agents",
]  # fmt: skip


def synthetic(size: int, seed: int = 2025) -> str:
    """YAML text of a valid dataset with about `size` records, references included.

    As in the bundled dataset, exactly six records mention `robotics` and `Country 0` has a handful of
    links (Italy has three), so a lookup prints about as much at every size and the timing measures
    the scan of the data, not the printing of a longer table.
    """
    rng = random.Random(seed)
    n_countries, n_orgs = max(size // 20, 3), max(size // 10, 3)
    n_people, n_agreements = size // 4, size // 10
    n_events = size - n_countries - n_orgs - n_people - n_agreements

    def words(k: int) -> str:
        return " ".join(rng.choice(WORDS) for _ in range(k))

    def pick(prefix: str, n: int, k: int, extra: str = "") -> str:
        # Index 0 is kept out of random picks; see the docstring.
        chosen = [f"{prefix}-{i}" for i in rng.sample(range(1, n), k)]
        return "[" + ", ".join(chosen + ([extra] if extra else [])) + "]"

    robotics = set(rng.sample(range(n_events), 6))
    out = [
        "schema_version: 1",
        "source:",
        f"  title: Synthetic dataset of {size} records",
        "  publisher: milafacts benchmarks",
        '  published: "2026-01"',
        "sections:",
        *(f"  - id: s{i}\n    heading: Section {i}" for i in range(5)),
        "countries:",
    ]
    for i in range(n_countries):
        out.append(
            f"  - id: country-{i}\n    name: Country {i}\n    kind: country\n    aliases: [c{i}]\n"
            f"    summary: {words(12)}\n    sections: [s{i % 5}]"
        )
    out.append("organizations:")
    for i in range(n_orgs):
        out.append(
            f"  - id: org-{i}\n    name: Organization {i}\n    country: country-{rng.randrange(1, n_countries)}\n"
            f"    summary: {words(10)}\n    sections: [s{i % 5}]"
        )
    out.append("people:")
    for i in range(n_people):
        out.append(
            f"  - id: person-{i}\n    name: Person Number{i}\n    aliases: [number{i}]\n    roles:\n"
            f"      - title: Minister of {rng.choice(WORDS)}\n        organization: org-{rng.randrange(n_orgs)}\n"
            f"        country: country-{rng.randrange(1, n_countries)}\n        sections: [s{i % 5}]\n"
            f"    summary: {words(10)}\n    sections: [s{i % 5}]"
        )
    out.append("events:")
    for i in range(n_events):
        summary = words(14) + (" robotics" if i in robotics else "")
        out.append(
            f"  - id: event-{i}\n    name: Event {i}\n    kind: visit\n"
            f'    date: "2025-{rng.randrange(1, 13):02d}"\n'
            f"    countries: {pick('country', n_countries, 2, 'country-0' if i < 3 else '')}\n"
            f"    people: {pick('person', n_people, 2)}\n"
            f"    topics: [{rng.choice(WORDS)}, {rng.choice(WORDS)}]\n"
            f"    summary: {summary}\n    sections: [s{i % 5}]"
        )
    out.append("agreements:")
    for i in range(n_agreements):
        out.append(
            f"  - id: agreement-{i}\n    name: Agreement {i}\n    kind: MOU\n"
            f"    parties: {pick('country', n_countries, 2)}\n    subjects: [{rng.choice(WORDS)}]\n"
            f"    sections: [s{i % 5}]"
        )
    return "\n".join(out) + "\n"


def cache_racy_seconds() -> float:
    """How long the cache waits before it trusts a file's stat (see milafacts.cache.RACY_NS)."""
    from milafacts import cache

    return cache.RACY_NS / 1e9 + 0.5


def peak_rss_mib(argv: list[str], env: dict[str, str]) -> float:
    """Max resident set size of one run of a command, in MiB (Linux reports KiB).

    Measured from a small launcher process: a child forked from this one would count the pages it
    shares with this process (which has held a 30 MB dataset text) in its own maximum."""
    launcher = (
        "import resource, subprocess, sys\n"
        "done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\n"
        "print(done.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    )
    out = subprocess.run([sys.executable, "-c", launcher, *argv], capture_output=True, text=True, env=env, check=True)
    code, kib = out.stdout.split()
    if code != "0":
        raise SystemExit(f"{' '.join(argv)} failed")
    return int(kib) / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--cold-rounds", type=int, default=3)
    parser.add_argument("--sizes", default="1000,10000,100000")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    tool = milafacts_command()
    work = Path(tempfile.mkdtemp(prefix="milafacts-bench-"))
    warm_cache = work / "warm-cache"
    cold_cache = work / "cold-cache"
    env = {**os.environ, "XDG_CACHE_HOME": str(warm_cache), "COLUMNS": "100"}
    env.pop("MILAFACTS_NO_CACHE", None)
    try:
        datasets = {}
        for size in sizes:
            path = work / f"synthetic-{size}.yaml"
            path.write_text(synthetic(size), encoding="utf-8")
            check = subprocess.run([*tool, "validate", str(path)], capture_output=True, text=True, env=env)
            if check.returncode != 0:
                raise SystemExit(f"synthetic dataset of {size} is invalid:\n{check.stdout[:2000]}")
            datasets[size] = path
        commands: dict[str, list[str]] = {
            "bundled country": [*tool, "country", "italy"],
            "bundled show": [*tool, "show", "vivatech"],
            "bundled search": [*tool, "search", "robotics"],
        }
        for size, path in datasets.items():
            commands[f"{size} country warm"] = [*tool, "--data", str(path), "country", "country 0"]
            commands[f"{size} show warm"] = [*tool, "--data", str(path), "show", "event 5"]
            commands[f"{size} search warm"] = [*tool, "--data", str(path), "search", "robotics"]
        for argv in commands.values():  # fill the cache (and the search index) before timing
            subprocess.run(argv, capture_output=True, env=env, check=True)
        time.sleep(cache_racy_seconds())  # so that fresh cache files are vouched for by their stat
        times = interleaved(commands, args.rounds, env=env)
        ratios: list[tuple[str, str, float | None]] = []
        for size in sizes:
            for what in ("country", "show", "search"):
                ratios.append((f"{size} {what} warm", f"bundled {what}", 1.5))
        ok = report(times, ratios)

        largest = datasets[max(sizes)]
        cold = {
            "cold (empty cache)": [*tool, "--data", str(largest), "country", "country 0"],
            "no cache": [*tool, "--data", str(largest), "--no-cache", "country", "country 0"],
        }

        def empty_cold_cache() -> None:
            shutil.rmtree(cold_cache, ignore_errors=True)

        print()
        cold_times = interleaved(
            cold,
            args.cold_rounds,
            env=env,
            envs={"cold (empty cache)": {"XDG_CACHE_HOME": str(cold_cache)}},
            before_each={"cold (empty cache)": empty_cold_cache},
        )
        ok &= report(cold_times, [("cold (empty cache)", "no cache", 1.2)])
        print()
        for what in ("country", "show", "search"):
            peak = peak_rss_mib(commands[f"{max(sizes)} {what} warm"], env)
            print(f"peak memory, {max(sizes)} records, warm {what}: {peak:.1f} MiB (target < 100)")
            ok &= peak < 100
        peak = peak_rss_mib(cold["no cache"], env)
        print(f"peak memory, {max(sizes)} records, --no-cache lookup: {peak:.1f} MiB (no target: a parse)")
        return 0 if ok else 1
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
