"""The e2e run's observations, recorded by the content of everything that shapes them.

Applying dev to the emulator takes minutes. Each test gathers its observations from the live
emulator (verify results, re-plan changes, results after a fault) and asserts on them; the
observations are stored under a digest of the modules, envs, harness, these tests, the pinned
dependencies, terraform and the provider. A rerun with identical inputs asserts on the
recorded observations without applying again, the way the plan tests reuse cached plans.
`make e2e` (MEALPREP_E2E_CACHE=0) always runs live and records afresh.
"""

import contextlib
import json
import os
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

import pytest

from harness import fingerprint, paths

_INPUTS = ("modules", "envs", "tests/e2e", "pyproject.toml")
_SUFFIXES = frozenset({".tf", ".tfvars", ".hcl", ".py", ".toml", ".json", ".yaml"})


def inputs_digest() -> str:
    """The Terraform code and these tests, plus the environment that runs them (the harness
    package, terraform, the selected provider, lock files, moto and the AWS SDK)."""
    return fingerprint.repo_digest(_INPUTS, _SUFFIXES)[:20]


class Recorder:
    """Runs an observation against the live deployment, or returns the recorded one."""

    def __init__(self, folder: Path, live: Callable[[], Any], reuse: bool) -> None:
        self.folder = folder
        self.live = live
        self.reuse = reuse
        self.replayed: list[str] = []
        self.observed: set[str] = set()

    def __call__(self, name: str, observe: Callable[[Any], Any]) -> Any:
        record = self.folder / f"{name}.json"
        if self.reuse and record.exists():
            self.replayed.append(name)
            return json.loads(record.read_text())
        # One observation per name: a second would overwrite the first with a later moment's
        # (after the faults), and a replay would then assert on the wrong one.
        assert name not in self.observed, f"observation {name!r} is recorded twice in one run"
        self.observed.add(name)
        value = observe(self.live())
        scratch = record.with_suffix(".tmp")
        scratch.write_text(json.dumps(value, indent=1, sort_keys=True))
        scratch.replace(record)
        return value


def _xdist_siblings() -> list[int]:
    """The other pytest-xdist workers: the controller's children, this one left out."""
    if "PYTEST_XDIST_WORKER" not in os.environ:
        return []
    controller = os.getppid()
    found: set[int] = set()
    for task in Path(f"/proc/{controller}/task").glob("*"):
        with contextlib.suppress(OSError):
            found |= {int(pid) for pid in (task / "children").read_text().split()}
    return sorted(found - {os.getpid()})


def _favour_the_live_run() -> None:
    """The live run is the suite's long pole. It mostly waits on the provider's fixed delays, but
    needs the CPU in bursts (terraform loading the provider, walking 190 resources), which the
    other workers' plans take from it on 2 cores: an apply's first resource started 12 s in
    instead of 2.5 s. The siblings go to nice 10 (their later children inherit it); what they
    check is unchanged, and they get every cycle the live run leaves idle."""
    for pid in _xdist_siblings():
        with contextlib.suppress(OSError):
            os.setpriority(os.PRIO_PROCESS, pid, 10)


@pytest.fixture(scope="module")
def recorded(request, deployment: Callable[[], AbstractContextManager[Any]]) -> Iterator[Recorder]:
    """`deployment` (defined by the test module) applies on first use and tears down at the end."""
    folder = paths.cache_dir("e2e", inputs_digest())
    reuse = os.environ.get("MEALPREP_E2E_CACHE", "1") != "0"
    with contextlib.ExitStack() as stack:
        live: list[Any] = []

        def applied() -> Any:
            if not live:
                _favour_the_live_run()
                live.append(stack.enter_context(deployment()))
            return live[0]

        recorder = Recorder(folder, applied, reuse)
        yield recorder
    if recorder.replayed:
        reporter = request.config.pluginmanager.get_plugin("terminalreporter")
        if reporter is not None:
            reporter.write_line(
                f"e2e: {len(recorder.replayed)} observations replayed from "
                f"{folder.relative_to(paths.REPO_ROOT)} (inputs unchanged; "
                "`make e2e` runs live)"
            )
