"""`make bench`: in one run, the plan tests three ways, a cold `make test` by phase and
`make demo` by phase, each reported as ratios against its baseline in the same run.

- Plan tests: one plan per scenario (the baseline), batched with a cold cache, batched warm.
- `make test` with an empty cache: wall time, and per phase (plan scenarios, env plans and
  the other unit tests, the end-to-end run split into its steps) the summed test time and its
  share of the wall time; the terraform plans the plan tests ran.
- `make demo`: its phases (plan, apply, deliver, verify, re-plan, destroy) as shares of the
  whole, and the ten slowest resources of its apply and of its destroy.
"""

import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from rich.console import Console
from rich.table import Table

from harness import paths
from harness.errors import HarnessError

PARTS = ("plan-tests", "test", "demo")


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

# `make test`'s own pytest command line (Makefile), so the bench times what developers run.
PYTEST = ("-m", "pytest", "-n", "auto", "--dist", "loadfile", "-p", "no:cacheprovider")


def spec_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("tftest.yaml") if ".terraform" not in p.parts)


def _timed(
    arguments: list[str], env: dict[str, str] | None = None
) -> tuple[subprocess.CompletedProcess[str], float]:
    """`python ARGUMENTS` in the repository, its output captured, and its wall time."""
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, *arguments],
        env=env,
        cwd=paths.REPO_ROOT,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
    )
    return result, time.monotonic() - started


def _pytest(arguments: list[str], env: dict[str, str], what: str) -> float:
    result, elapsed = _timed([*PYTEST, *arguments], env)
    if result.returncode != 0:
        lines = result.stdout.strip().splitlines()
        failed = [line.split(" - ")[0] for line in lines if line.startswith(("FAILED ", "ERROR "))]
        tail = lines[-1:] or ["no output"]
        named = f" ({'; '.join(failed[:5])})" if failed else ""
        raise HarnessError(f"bench: {what} failed: {tail[0]}{named}", exit_code=1)
    return elapsed


def _plans(log: Path) -> int:
    if not log.exists():
        return 0
    return sum(1 for line in log.read_text().splitlines() if json.loads(line).get("event") == "plan")


def _environment(cache: Path, log: Path, **flags: str) -> dict[str, str]:
    return {**os.environ, "MEALPREP_CACHE_DIR": str(cache), "MEALPREP_PLANTEST_LOG": str(log), **flags}


def plan_tests(console: Console, scratch: Path, rounds: int) -> dict[str, float]:
    specs = spec_files(paths.REPO_ROOT / "tests")
    if not specs:
        raise HarnessError("bench: no tftest.yaml found under tests/.")
    from harness.plantest import spec as spec_module

    scenarios = sum(len(spec_module.load(p).scenarios) for p in specs)
    timings: dict[str, float] = {}
    plans: dict[str, int] = {}
    for round_number in range(rounds):
        cache = scratch  # replaced before the first way, which is never warm
        for way in WAYS:
            if not way.warm:
                cache = Path(tempfile.mkdtemp(dir=scratch))
            log = scratch / f"{round_number}-{way.batch}-{way.warm}.log"
            flags = {"MEALPREP_PLANTEST_BATCH": "1" if way.batch else "0"}
            flags["MEALPREP_PLANTEST_CACHE"] = "1" if way.batch else "0"
            elapsed = _pytest(list(map(str, specs)), _environment(cache, log, **flags), way.label)
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


# The end-to-end run's steps, by the test that takes them (tests/e2e/test_dev_on_the_emulator.py).
E2E_STEPS: tuple[tuple[str, Callable[[str], bool]], ...] = (
    ("e2e: plan, apply, deliver, first verify", lambda n: n.startswith("test_verification_passes")),
    ("e2e: verify catches 27 faults", lambda n: n.startswith("test_verify_catches_each_fault")),
    ("e2e: re-plan", lambda n: "replan" in n or "a_plan_leaves" in n),
    ("e2e: drift (CLI, twice)", lambda n: n.startswith("test_drift")),
    ("e2e: restore drill (CLI)", lambda n: "restore_drill" in n),
    ("e2e: destroy and what is left", lambda n: n.startswith("test_destroy")),
    ("e2e: the rest", lambda n: True),
)


def _phase(path: str, name: str) -> str:
    if path.endswith("tftest.yaml"):
        return "plan scenarios (tftest.yaml)"
    if path.startswith("tests/e2e"):
        return next(label for label, match in E2E_STEPS if match(name))
    if path.startswith(("tests/envs", "tests/properties")):
        return "env plans and properties over every plan"
    return "unit, module and policy tests"


def _by_phase(junit: Path) -> dict[str, tuple[float, int]]:
    phases: dict[str, tuple[float, int]] = {}
    for case in ElementTree.parse(junit).iter("testcase"):
        path = case.get("file") or case.get("classname", "").replace(".", "/")
        phase = _phase(path, case.get("name", ""))
        seconds, count = phases.get(phase, (0.0, 0))
        phases[phase] = (seconds + float(case.get("time") or 0), count + 1)
    return phases


def cold_test(console: Console, scratch: Path) -> float:
    cache, log, junit = scratch / "test-cache", scratch / "test-plans.log", scratch / "test.xml"
    env = _environment(cache, log, MEALPREP_PLANTEST_CACHE="1", MEALPREP_E2E_CACHE="0")
    started = time.monotonic()
    subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider"],
        env=env,
        cwd=paths.REPO_ROOT,
        capture_output=True,
        stdin=subprocess.DEVNULL,
    )
    collection = time.monotonic() - started
    wall = _pytest([f"--junitxml={junit}", "-o", "junit_family=xunit1"], env, "make test (cold)")
    phases = _by_phase(junit)
    table = Table(title=f"make test, cold cache: {wall:.0f} s wall on {os.cpu_count()} cores")
    for column in ("phase", "tests", "test time (summed)", "share of the wall time"):
        table.add_column(column)
    table.add_row(
        "pytest start-up and collection (alone)", "-", f"{collection:.1f} s", f"{collection / wall:.0%}"
    )
    for phase, (seconds, count) in sorted(phases.items(), key=lambda item: -item[1][0]):
        table.add_row(phase, str(count), f"{seconds:.1f} s", f"{seconds / wall:.0%}")
    events = [json.loads(line) for line in log.read_text().splitlines()] if log.exists() else []
    ran = [e for e in events if e.get("event") == "plan"]
    shared = [e for e in ran if e.get("spec") == "suite"]
    table.add_row(
        "terraform plans run by plan tests",
        str(len(ran)),
        f"{sum(e['seconds'] for e in ran):.1f} s",
        f"{len(shared)} shared roots, {len(ran) - len(shared)} alone",
    )
    console.print(table)
    console.print(
        "   (tests run on pytest-xdist workers side by side: summed test times exceed the wall time)"
    )
    return wall


def slowest(log: Path, count: int = 10) -> list[tuple[str, int]]:
    """The resources that took longest in an apply or destroy log (terraform's `-json` UI)."""
    found: list[tuple[str, int]] = []
    for line in log.read_text().splitlines() if log.exists() else []:
        try:
            message = json.loads(line)
        except ValueError:
            continue
        if isinstance(message, dict) and message.get("type") == "apply_complete":
            hook = message.get("hook") or {}
            found.append((hook.get("resource", {}).get("addr", "?"), int(hook.get("elapsed_seconds") or 0)))
    return sorted(found, key=lambda item: -item[1])[:count]


def demo(console: Console) -> float:
    result, wall = _timed(["-m", "harness", "demo"])
    if result.returncode != 0:
        tail = (result.stderr.strip() or result.stdout.strip()).splitlines()[-1:] or ["no output"]
        raise HarnessError(f"bench: make demo failed: {tail[0]}", exit_code=1)
    phases: dict[str, Any] = json.loads((paths.build_dir("reports") / "demo-phases.json").read_text())
    table = Table(title=f"make demo: {wall:.0f} s wall (process start to exit)")
    for column in ("phase", "time", "share"):
        table.add_column(column)
    for phase, seconds in phases.items():
        table.add_row(phase, f"{seconds:.1f} s", f"{seconds / wall:.0%}")
    console.print(table)
    for verb, name in (("apply", "apply.log"), ("destroy", "destroy.log")):
        table = Table(title=f"the ten slowest resources of the demo's {verb}")
        table.add_column("resource")
        table.add_column("seconds")
        for address, seconds in slowest(paths.build_dir("dev") / name):
            table.add_row(address, str(seconds))
        console.print(table)
    return wall


def run_bench(console: Console, rounds: int = 1, parts: tuple[str, ...] = PARTS) -> dict[str, float]:
    unknown = sorted(set(parts) - set(PARTS))
    if unknown:
        raise HarnessError(f"bench: unknown part {', '.join(unknown)}; parts: {', '.join(PARTS)}.")
    timings: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="mealprep-bench-") as folder:
        scratch = Path(folder)
        if "plan-tests" in parts:
            timings.update(plan_tests(console, scratch, rounds))
        if "test" in parts:
            timings["make test (cold)"] = cold_test(console, scratch)
        if "demo" in parts:
            timings["make demo"] = demo(console)
    return timings
