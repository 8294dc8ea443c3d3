"""What the emulator does not hand back as it was given, so that a re-plan shows it as drift.

moto stores only part of some resources. After an apply, a second plan against it
reports those attributes as changes although nothing changed. This table names each such
(resource type, attribute) pair; the demo's idempotency check accepts drift inside it,
reports it, and fails on any other change. Against AWS the table is never used.
The table itself is part of the one declaration of emulator gaps (harness/emulator_gaps.py).
"""

import re
from dataclasses import dataclass
from typing import Any

from harness.emulator_gaps import UNSTORED

# (resource type, attribute pattern) pairs the emulator does not store; declared in emulator_gaps.
KNOWN: dict[str, tuple[str, ...]] = {item.resource_type: item.patterns for item in UNSTORED}


@dataclass(frozen=True)
class Drift:
    address: str
    path: str

    def __str__(self) -> str:
        return f"{self.address}: {self.path}"


def _flatten(value: Any, path: str, out: dict[str, Any]) -> None:
    if isinstance(value, dict):
        for key, child in value.items():
            _flatten(child, f"{path}.{key}" if path else key, out)
    elif isinstance(value, list) and value:
        for index, child in enumerate(value):
            _flatten(child, f"{path}[{index}]", out)
    else:
        out[path] = None if value == [] else value  # an empty list and null mean the same to AWS


def drift(raw_plan: dict[str, Any], key: str = "resource_changes") -> list[Drift]:
    """Every changed leaf attribute of every resource a plan would update or replace (`key`
    resource_changes), or that changed outside Terraform (`key` resource_drift)."""
    found = []
    for change in raw_plan.get(key, []):
        detail = change["change"]
        if detail["actions"] in (["no-op"], ["read"]):
            continue
        if detail["actions"] == ["delete"]:
            found.append(Drift(change["address"], "(the whole resource: deleted)"))
            continue
        before: dict[str, Any] = {}
        after: dict[str, Any] = {}
        _flatten(detail.get("before") or {}, "", before)
        _flatten(detail.get("after") or {}, "", after)
        paths = sorted(
            p
            for p in set(before) | set(after)
            if before.get(p) != after.get(p) and not p.startswith("tags_all")
        )
        found += [Drift(change["address"], p) for p in paths] or [Drift(change["address"], "tags_all")]
    return found


def is_known(resource_type: str, item: Drift) -> bool:
    return any(re.fullmatch(pattern, item.path) for pattern in KNOWN.get(resource_type, ()))


def split(raw_plan: dict[str, Any], key: str = "resource_changes") -> tuple[list[Drift], list[Drift]]:
    """(known emulator drift, everything else)."""
    types = {c["address"]: c["type"] for c in raw_plan.get(key, [])}
    known: list[Drift] = []
    other: list[Drift] = []
    for item in drift(raw_plan, key):
        (known if is_known(types[item.address], item) else other).append(item)
    return known, other
