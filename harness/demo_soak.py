"""`make demo-soak`: run `make demo` several times in a row, as new users would, and count clean runs.

Each run is a fresh process with its own emulator, exactly `mealprep-infra demo`. A run is
clean when it exits 0, prints its finish line, and leaves no emulator behind. A run that
outlives `timeout` is killed and counted as hung. The report names each run's outcome, its
time and, for a failure, the error line; it goes to build/reports/demo-soak.json.
"""

import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from rich.console import Console

from harness import paths
from harness.emulator import Emulator
from harness.errors import HarnessError

FINISHED = "demo finished in"


@dataclass(frozen=True)
class Run:
    number: int
    outcome: str  # clean, failed, hung, emulator-left-running
    seconds: float
    detail: str


def _last_error(output: str) -> str:
    lines = [line.strip() for line in output.splitlines() if line.strip()]
    errors = [line for line in lines if line.startswith("error:")]
    return (errors or lines or ["no output"])[-1][:300]


def _one(number: int, timeout: float, logs: Path) -> Run:
    state = logs / f"state-{number}"
    environ = {**os.environ, "MEALPREP_STATE_DIR": str(state)}
    log = logs / f"run-{number}.log"
    started = time.monotonic()
    with log.open("w") as sink:
        process = subprocess.Popen(
            [sys.executable, "-m", "harness", "demo"],
            cwd=paths.REPO_ROOT,
            env=environ,
            stdout=sink,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        try:
            code = process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait()
            code = None
    seconds = time.monotonic() - started
    output = log.read_text()
    left = Emulator(state_dir=state)
    if left.status() is not None:
        left.stop()
        return Run(number, "emulator-left-running", seconds, f"the run left its emulator up (log: {log})")
    if code is None:
        return Run(number, "hung", seconds, f"killed after {timeout:.0f} s: {_last_error(output)}")
    if code != 0 or FINISHED not in output:
        return Run(number, "failed", seconds, f"exit {code}: {_last_error(output)}")
    return Run(number, "clean", seconds, "")


def run_soak(console: Console, runs: int, timeout: float) -> list[Run]:
    logs = paths.build_dir("demo-soak")
    results: list[Run] = []
    for number in range(1, runs + 1):
        console.print(f"demo run {number} of {runs} …", highlight=False)
        result = _one(number, timeout, logs)
        results.append(result)
        console.print(
            f"   {result.outcome} in {result.seconds / 60:.1f} min {result.detail}", highlight=False
        )
    clean = sum(r.outcome == "clean" for r in results)
    report = paths.build_dir("reports") / "demo-soak.json"
    report.write_text(
        json.dumps({"runs": runs, "clean": clean, "results": [asdict(r) for r in results]}, indent=2)
    )
    console.print(f"{clean} of {runs} demo runs finished cleanly (report: {report}, logs: {logs})")
    if clean < runs:
        raise HarnessError(f"{runs - clean} of {runs} demo runs did not finish cleanly.", exit_code=1)
    return results
