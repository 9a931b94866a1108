"""Shared timing helpers: run commands interleaved, many rounds, and report medians and ratios.

Interleaving (A B C A B C ...) rather than blocks (A A A B B B ...) spreads the noise of a shared
machine evenly over every command, so the ratios between them stay meaningful even when absolute
times wander.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path


def milafacts_command() -> list[str]:
    """The installed console script, as a user runs it; `python -m milafacts` if there is none."""
    script = Path(sys.executable).parent / "milafacts"
    return [str(script)] if script.exists() else [sys.executable, "-m", "milafacts"]


def run_once(argv: Sequence[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, capture_output=True, env=env, check=True)
    return time.perf_counter() - start


def interleaved(
    commands: dict[str, Sequence[str]],
    rounds: int,
    env: dict[str, str] | None = None,
    envs: dict[str, dict[str, str]] | None = None,
    before_each: dict[str, object] | None = None,
) -> dict[str, list[float]]:
    base = {**os.environ, **(env or {})}
    times: dict[str, list[float]] = {name: [] for name in commands}
    for name, argv in commands.items():  # warm-up: file cache, parse cache, .pyc files
        subprocess.run(argv, capture_output=True, env={**base, **(envs or {}).get(name, {})})
    for _ in range(rounds):
        for name, argv in commands.items():
            hook = (before_each or {}).get(name)
            if callable(hook):
                hook()
            times[name].append(run_once(argv, {**base, **(envs or {}).get(name, {})}))
    return times


def report(times: dict[str, list[float]], ratios: Sequence[tuple[str, str, float | None]]) -> bool:
    """Print medians, then each ratio against its target; True when every target is met."""
    medians = {name: statistics.median(values) for name, values in times.items()}
    width = max(map(len, medians))
    print(f"{'command':<{width}}  median     (n={len(next(iter(times.values())))})")
    for name, value in medians.items():
        print(f"{name:<{width}}  {value * 1000:7.1f} ms")
    print()
    ok = True
    for a, b, target in ratios:
        ratio = medians[a] / medians[b]
        verdict = "" if target is None else ("  ok" if ratio <= target else f"  OVER target {target}")
        ok &= target is None or ratio <= target
        print(f"{a}  /  {b}  =  {ratio:.2f}" + (f"  (target <= {target})" if target else "") + verdict)
    return ok
