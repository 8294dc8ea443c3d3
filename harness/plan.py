"""A typed view of `terraform show -json` output."""

import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from harness.errors import HarnessError

UNKNOWN = "__unknown__"
CHANGING = ("create", "update", "delete")


def with_unknowns(after: Any, unknown: Any) -> Any:
    """Merge a planned value with its `after_unknown` twin; unknown leaves become UNKNOWN."""
    if unknown is True:
        return UNKNOWN
    if isinstance(after, dict) and isinstance(unknown, dict):
        merged = dict(after)
        for key, flag in unknown.items():
            merged[key] = with_unknowns(after.get(key), flag)
        return merged
    if isinstance(after, list) and isinstance(unknown, list):
        return [
            with_unknowns(after[i] if i < len(after) else None, unknown[i]) if i < len(unknown) else after[i]
            for i in range(max(len(after), len(unknown)))
        ]
    return after


def changed_attributes(change: dict[str, Any]) -> list[str]:
    """Top-level attribute names whose planned value differs from the current one, or is unknown."""
    before = change.get("before") or {}
    after = change.get("after") or {}
    unknown = change.get("after_unknown") or {}
    if not isinstance(before, dict) or not isinstance(after, dict) or not isinstance(unknown, dict):
        return []
    names = set(before) | set(after) | {k for k, v in unknown.items() if v}
    return sorted(n for n in names if n != "tags_all" and (before.get(n) != after.get(n) or unknown.get(n)))


@dataclass(frozen=True)
class ResourceChange:
    address: str
    type: str
    mode: str
    actions: tuple[str, ...]
    values: dict[str, Any]
    changed: tuple[str, ...] = ()
    forces_replacement: tuple[str, ...] = ()

    @property
    def action(self) -> str:
        """create, update, replace, delete, or no-op/read."""
        if set(self.actions) == {"delete", "create"}:
            return "replace"
        return self.actions[0] if len(self.actions) == 1 else "/".join(self.actions)

    @property
    def is_destroyed(self) -> bool:
        return "delete" in self.actions

    @property
    def remains(self) -> bool:
        """Still exists after the apply (created, updated, replaced or untouched)."""
        return self.actions != ("delete",)


@dataclass(frozen=True)
class Plan:
    resources: tuple[ResourceChange, ...]
    outputs: dict[str, Any]

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> "Plan":
        resources = []
        for change in raw.get("resource_changes", []):
            detail = change.get("change", {})
            after = detail.get("after")
            if after is None:
                after = detail.get("before") or {}
            resources.append(
                ResourceChange(
                    address=change["address"],
                    type=change["type"],
                    mode=change.get("mode", "managed"),
                    actions=tuple(detail.get("actions", [])),
                    values=with_unknowns(after, detail.get("after_unknown") or {}),
                    changed=tuple(detail.get("changed_attributes") or changed_attributes(detail)),
                    forces_replacement=tuple(
                        sorted(
                            {
                                str(p[0])
                                for p in detail.get("replace_paths") or []
                                if isinstance(p, list) and p
                            }
                        )
                    ),
                )
            )
        outputs = {
            name: with_unknowns(change.get("after"), change.get("after_unknown"))
            for name, change in raw.get("output_changes", {}).items()
        }
        return cls(resources=tuple(resources), outputs=outputs)

    def managed(self) -> list[ResourceChange]:
        return [r for r in self.resources if r.mode == "managed"]

    def values(self) -> dict[str, dict[str, Any]]:
        return {r.address: r.values for r in self.managed() if r.remains}

    def counts(self) -> dict[str, int]:
        counts = Counter(r.type for r in self.managed() if r.remains)
        return dict(sorted(counts.items()))

    def one(self, address: str) -> ResourceChange:
        for resource in self.resources:
            if resource.address == address:
                return resource
        raise KeyError(f"no resource {address} in the plan")

    def scoped(self, module: str) -> "Plan":
        """The part of the plan under `module.<name>`, with that prefix stripped."""
        prefix = f"module.{module}."
        resources = tuple(
            ResourceChange(
                r.address[len(prefix) :], r.type, r.mode, r.actions, r.values, r.changed, r.forces_replacement
            )
            for r in self.resources
            if r.address.startswith(prefix)
        )
        outputs = self.outputs.get(module)
        return Plan(resources=resources, outputs=outputs if isinstance(outputs, dict) else {})

    def action_summary(self) -> dict[str, Counter[str]]:
        """Resource counts by action (create, update, replace, delete) and type."""
        summary: dict[str, Counter[str]] = {k: Counter() for k in ("create", "update", "replace", "delete")}
        for r in self.managed():
            if r.actions in (("delete", "create"), ("create", "delete")):
                summary["replace"][r.type] += 1
            elif r.actions == ("create",):
                summary["create"][r.type] += 1
            elif r.actions == ("update",):
                summary["update"][r.type] += 1
            elif r.actions == ("delete",):
                summary["delete"][r.type] += 1
        return summary

    def change_steps(self) -> int:
        """How many resource operations an apply of this plan performs (a replacement is two)."""
        return sum(len([a for a in r.actions if a in CHANGING]) for r in self.managed())

    def changes(self) -> list[ResourceChange]:
        """Every resource an apply changes: destroys and replacements first, then updates, then creates."""
        order = {"delete": 0, "replace": 1, "update": 2, "create": 3}
        changing = [r for r in self.managed() if r.action in order]
        return sorted(changing, key=lambda r: (order[r.action], r.address))

    def destroyed(self) -> list[ResourceChange]:
        return [r for r in self.managed() if r.is_destroyed]


_CHANGE_FIELDS = ("address", "type", "change")


def read_plan_json(path: Path) -> dict[str, Any]:
    """`terraform show -json` of a plan, read from `path`; anything else is one line naming the file."""
    again = "run `make plan ENV=<env>` again"
    try:
        raw = json.loads(path.read_bytes())
    except (ValueError, UnicodeDecodeError) as exc:
        where = f" at line {exc.lineno}" if isinstance(exc, json.JSONDecodeError) else ""
        raise HarnessError(f"{path} is not JSON (truncated or corrupt{where}); {again}.", 1) from None
    if not isinstance(raw, dict) or "format_version" not in raw:
        raise HarnessError(f"{path} is not a terraform plan in JSON (no format_version); {again}.", 1)
    changes = raw.get("resource_changes")
    if not isinstance(changes, list):
        raise HarnessError(f"{path} has no resource_changes list, so it is no plan of an env; {again}.", 1)
    for index, change in enumerate(changes):
        missing = [f for f in _CHANGE_FIELDS if not isinstance(change, dict) or f not in change]
        if missing:
            raise HarnessError(f"{path}: resource_changes[{index}] has no {', '.join(missing)}; {again}.", 1)
    return raw
