"""Break the code on purpose, one mutation at a time, and demand that a test turns red.

Each mutation of tests/mutations/mutations.yaml is applied to a scratch copy of the
repository, and the plan tests run against that copy (sharing the plan cache, so only what
the mutation touches is planned again). A mutation that leaves every test green is a hole in
the suite; `make mutate` fails unless every one is caught.
"""

import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from harness import paths
from harness.errors import HarnessError

MUTATIONS = paths.REPO_ROOT / "tests" / "mutations" / "mutations.yaml"
DEFAULT_TESTS = ("tests/modules", "tests/envs", "tests/properties")
# Applying bootstrap takes a minute; only mutations that name it run it.
SLOW_TESTS = ("tests/envs/test_bootstrap_iam.py",)
COPIED = ("modules", "envs", "functions", "cost", "harness", "policies", "tests", "pyproject.toml")
PYTEST_FAILED, PYTEST_INTERRUPTED = 1, 2
_RED = re.compile(r"\b\d+ (failed|errors?)\b")


@dataclass(frozen=True)
class Mutation:
    id: str
    why: str
    file: str
    find: str
    replace: str
    tests: tuple[str, ...] = DEFAULT_TESTS


@dataclass(frozen=True)
class Outcome:
    mutation: Mutation
    caught: bool
    seconds: float
    detail: str


def load(path: Path = MUTATIONS) -> list[Mutation]:
    entries = yaml.safe_load(path.read_text()) or []
    found: list[Mutation] = []
    for entry in entries:
        if not isinstance(entry, dict) or not {"id", "why", "file", "find", "replace"} <= set(entry):
            raise HarnessError(f"{path}: each mutation needs id, why, file, find and replace: {entry!r}")
        found.append(
            Mutation(
                entry["id"],
                entry["why"],
                entry["file"],
                entry["find"],
                entry["replace"],
                tuple(entry.get("tests") or DEFAULT_TESTS),
            )
        )
    ids = [m.id for m in found]
    if len(ids) != len(set(ids)):
        raise HarnessError(f"{path}: mutation ids must be unique")
    return found


def apply(mutation: Mutation, root: Path) -> None:
    target = root / mutation.file
    if not target.is_file():
        raise HarnessError(f"mutation {mutation.id}: {mutation.file} does not exist")
    text = target.read_text()
    count = text.count(mutation.find)
    if count != 1:
        raise HarnessError(
            f"mutation {mutation.id}: its text occurs {count} times in {mutation.file}, "
            "not once; update tests/mutations/mutations.yaml"
        )
    target.write_text(text.replace(mutation.find, mutation.replace))


def _copy(scratch: Path) -> None:
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir(parents=True)
    ignore = shutil.ignore_patterns("__pycache__", ".terraform", "*.tfstate*")
    for name in COPIED:
        source = paths.REPO_ROOT / name
        if source.is_dir():
            shutil.copytree(source, scratch / name, ignore=ignore, symlinks=True)
        else:
            shutil.copy2(source, scratch / name)


def _selection(mutation: Mutation) -> list[str]:
    deselect = [f"--deselect={t}" for t in SLOW_TESTS if t not in mutation.tests]
    return [*mutation.tests, *deselect]


def run_one(mutation: Mutation, scratch: Path) -> Outcome:
    _copy(scratch)
    if mutation.find:
        apply(mutation, scratch)
    env = {**os.environ, "MEALPREP_CACHE_DIR": str(paths.cache_dir()), "MEALPREP_PLANTEST_CACHE": "1"}
    started = time.monotonic()
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-x",
            "-n",
            "2",
            "--dist",
            "loadfile",
            "-m",
            "not e2e",
            "-p",
            "no:cacheprovider",
            *_selection(mutation),
        ],
        cwd=scratch,
        env=env,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=1800,
    )
    seconds = time.monotonic() - started
    lines = [line for line in result.stdout.splitlines() if line.startswith(("FAILED", "ERROR"))]
    summary = (result.stdout.strip().splitlines() or [""])[-1]
    # -x under xdist ends a red run as "interrupted" (exit 2); what counts is a failed test.
    red = bool(lines) and bool(_RED.search(summary))
    if result.returncode == 0 and not red:
        return Outcome(mutation, False, seconds, summary)
    if result.returncode in (PYTEST_FAILED, PYTEST_INTERRUPTED) and red:
        return Outcome(mutation, True, seconds, lines[0])
    raise HarnessError(
        f"mutation {mutation.id}: pytest could not run (exit {result.returncode}): "
        f"{summary or result.stderr.strip()[-300:]}",
        1,
    )


BASELINE = Mutation(
    "baseline",
    "the unmutated copy: green before anything counts as caught",
    "pyproject.toml",
    "",
    "",
    DEFAULT_TESTS,
)


def run_all(
    only: tuple[str, ...] = (), progress: Callable[[Outcome], None] = lambda _: None
) -> list[Outcome]:
    mutations = load()
    unknown = set(only) - {m.id for m in mutations}
    if unknown:
        raise HarnessError(f"no mutation named {', '.join(sorted(unknown))}; see {MUTATIONS.name}")
    scratch = paths.cache_dir("mutate") / "repo"
    try:
        baseline = run_one(BASELINE, scratch)
        if baseline.caught:
            raise HarnessError(
                f"the plan tests are red without any mutation ({baseline.detail}); fix the suite first.", 1
            )
        outcomes = []
        for mutation in mutations:
            if not only or mutation.id in only:
                outcomes.append(run_one(mutation, scratch))
                progress(outcomes[-1])
        return outcomes
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def as_report(outcomes: list[Outcome]) -> dict[str, Any]:
    return {
        "caught": sum(o.caught for o in outcomes),
        "total": len(outcomes),
        "mutations": [
            {
                "id": o.mutation.id,
                "why": o.mutation.why,
                "caught": o.caught,
                "seconds": round(o.seconds, 1),
                "by": o.detail,
            }
            for o in outcomes
        ],
    }
