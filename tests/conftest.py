import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from harness import functions
from harness.emulator import Emulator
from harness.plan import Plan
from harness.targets import Target, emulator_target

pytest_plugins = ["pytester"]


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """Two workers more than cores: the end-to-end run holds one and the bootstrap apply
    another, and both mostly wait on the provider's fixed delays (a load balancer's two 30 s
    waits, an S3 lifecycle's 55 s) while the rest of the suite needs every core."""
    return (os.cpu_count() or 1) + 2


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The end-to-end run first, so that its chain (minutes) starts at once on its worker and
    the rest of the suite fills the others around it."""
    items.sort(key=lambda item: item.get_closest_marker("e2e") is None)


ENVS = Path(__file__).resolve().parents[1] / "envs"


@pytest.fixture(scope="module")
def emulator(tmp_path_factory) -> Target:
    """A private emulator per test module; each test module sees only what it creates."""
    state = tmp_path_factory.mktemp("emulator")
    server = Emulator(state, owned=True)
    running = server.start()
    yield emulator_target(running.url)
    server.stop()


@dataclass(frozen=True)
class PlannedEnv:
    name: str
    raw: dict[str, Any]
    plan: Plan


@pytest.fixture(scope="session")
def envs(planner) -> dict[str, PlannedEnv]:
    """dev and prod planned with their own terraform.tfvars, against the plan-test emulator."""
    planned = {}
    for name in ("dev", "prod"):
        raw = planner.plan_root(ENVS / name, (functions.var_file(),))
        planned[name] = PlannedEnv(name, raw, Plan.from_json(raw))
    return planned
