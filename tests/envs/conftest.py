import re
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


INDEX = re.compile(r"\[[^\]]*\]")


def differences(left: dict[str, dict[str, Any]], right: dict[str, dict[str, Any]]) -> set[tuple[str, str]]:
    """(resource without index, attribute) pairs that differ between two plans' values;
    attribute `*` where the resource exists on one side only."""
    found = set()
    for address in set(left) | set(right):
        resource = INDEX.sub("", address)
        if address not in left or address not in right:
            found.add((resource, "*"))
            continue
        for attribute in set(left[address]) | set(right[address]):
            if left[address].get(attribute) != right[address].get(attribute):
                found.add((resource, attribute))
    return found
