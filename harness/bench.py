"""`make bench`: the plan-test suite timed three ways in one run, reported as ratios."""

import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console
from rich.table import Table

from harness import paths
from harness.errors import HarnessError


@dataclass(frozen=True)
class Way:
    label: str
    batch: bool
    warm: bool


WAYS = (
    Way("one plan per scenario (no cache)", batch=False, warm=False),
    Way("batched, cold cache", batch=True, warm=False),
    Way("batched, warm cache", batch=True, warm=True),
)


def spec_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("tftest.yaml") if ".terraform" not in p.parts)


def _run(specs: list[Path], way: Way, cache: Path, log: Path) -> float:
    env = {
        **os.environ,
        "MEALPREP_CACHE_DIR": str(cache),
        "MEALPREP_PLANTEST_LOG": str(log),
        "MEALPREP_PLANTEST_BATCH": "1" if way.batch else "0",
        "MEALPREP_PLANTEST_CACHE": "1" if way.batch else "0",
    }
    command = [
        sys.executable,
        "-m",
        "pytest",
        "-q",
        "-p",
        "no:cacheprovider",
        "-n",
        "auto",
        "--dist",
        "loadfile",
        *map(str, specs),
    ]
    started = time.monotonic()
    result = subprocess.run(command, env=env, cwd=paths.REPO_ROOT, capture_output=True, text=True)
    elapsed = time.monotonic() - started
    if result.returncode != 0:
        tail = result.stdout.strip().splitlines()[-1:] or ["no output"]
        raise HarnessError(f"bench: the plan-test suite failed ({way.label}): {tail[0]}", exit_code=1)
    return elapsed


def _plans(log: Path) -> int:
    if not log.exists():
        return 0
    return sum(1 for line in log.read_text().splitlines() if json.loads(line).get("event") == "plan")


def run_bench(console: Console, rounds: int = 1, root: Path | None = None) -> dict[str, float]:
    specs = spec_files(root or paths.REPO_ROOT / "tests")
    if not specs:
        raise HarnessError("bench: no tftest.yaml found under tests/.")
    from harness.plantest import spec as spec_module

    scenarios = sum(len(spec_module.load(p).scenarios) for p in specs)
    timings: dict[str, float] = {}
    plans: dict[str, int] = {}
    for _ in range(rounds):
        with tempfile.TemporaryDirectory(prefix="mealprep-bench-") as scratch:
            cache = Path(scratch) / "cache"
            for way in WAYS:
                if not way.warm:
                    cache = Path(tempfile.mkdtemp(dir=scratch))
                log = Path(scratch) / f"{len(timings)}-{way.batch}-{way.warm}.log"
                elapsed = _run(specs, way, cache, log)
                timings[way.label] = min(timings.get(way.label, elapsed), elapsed)
                plans[way.label] = _plans(log)
    baseline = timings[WAYS[0].label]
    table = Table(title=f"plan tests: {len(specs)} specs, {scenarios} scenarios (best of {rounds})")
    for column in ("way", "wall time", "terraform plans", "speed-up vs per-scenario"):
        table.add_column(column)
    for way in WAYS:
        seconds = timings[way.label]
        table.add_row(way.label, f"{seconds:.1f} s", str(plans[way.label]), f"{baseline / seconds:.1f}x")
    console.print(table)
    return timings
