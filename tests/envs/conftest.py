from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from harness.plan import Plan

ENVS = Path(__file__).resolve().parents[2] / "envs"


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
        raw = planner.plan_root(ENVS / name)
        planned[name] = PlannedEnv(name, raw, Plan.from_json(raw))
    return planned
