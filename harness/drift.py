"""`mealprep-infra drift`: what changed outside Terraform, by resource and attribute, plus verify.

A refresh-only plan reads every resource and reports, without changing anything, what no
longer matches the state (`resource_drift`). Three kinds of difference are told apart:
- owned elsewhere by design: attributes the modules hand to another owner with
  `ignore_changes` (the running release is deploy-app's, the desired count autoscaling's), and
  a key's policy where an aws_kms_key_policy applies it;
- known emulator drift: attributes the emulator does not store (harness/emulator_gaps.py),
  never used against AWS;
- everything else: drift, which fails the run.
Verify runs too, so a change that Terraform does not model (a listener added by hand, a key
disabled) is found as well.
"""

import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from harness import emulator_drift, paths
from harness.emulator_drift import Drift
from harness.tfstate import State
from harness.verify.model import Check, Status

if TYPE_CHECKING:
    from harness.deployment import Deployment

# (resource type, attribute pattern) -> its owner; each is an `ignore_changes` of a module, and
# tests/harness/test_drift.py fails when the two disagree.
OWNED_ELSEWHERE: dict[tuple[str, str], str] = {
    ("aws_ecs_service", "task_definition"): "deploy-app rolls the release",
    ("aws_ecs_service", "desired_count"): "application autoscaling sets it",
    ("aws_secretsmanager_secret_version", r"version_stages(\[\d+\])?"): "`secrets set` adds versions",
}


# A key whose policy is applied by an aws_kms_key_policy (modules/kms, separate_policy): the key's
# own `policy` follows that resource, whose `policy` reports a change to the document itself.
KEY_POLICY_OWNER = "its aws_kms_key_policy applies it (modules/kms, separate_policy)"


def owner(
    resource_type: str, item: Drift, keys_with_policy_resource: frozenset[str] = frozenset()
) -> str | None:
    if resource_type == "aws_kms_key" and item.path == "policy" and item.address in keys_with_policy_resource:
        return KEY_POLICY_OWNER
    return next(
        (
            who
            for (kind, pattern), who in OWNED_ELSEWHERE.items()
            if kind == resource_type and re.fullmatch(pattern, item.path)
        ),
        None,
    )


def keys_with_policy_resource(raw: dict[str, Any]) -> frozenset[str]:
    """Addresses of the keys an aws_kms_key_policy of the (refreshed) state applies a policy to."""
    state = State.parse(raw.get("prior_state") or {})
    managed = {r.values.get("key_id") for r in state.of("aws_kms_key_policy")}
    return frozenset(r.address for r in state.of("aws_kms_key") if r.values.get("key_id") in managed)


@dataclass(frozen=True)
class DriftReport:
    env: str
    target: str
    changed: list[Drift] = field(default_factory=list)
    emulator: list[Drift] = field(default_factory=list)
    owned: list[tuple[Drift, str]] = field(default_factory=list)
    checks: list[Check] = field(default_factory=list)

    @property
    def failed(self) -> list[Check]:
        return [c for c in self.checks if c.status is Status.FAIL]

    @property
    def drifted(self) -> bool:
        return bool(self.changed or self.failed)

    def summary(self) -> str:
        if not self.drifted:
            return f"{self.env} on {self.target}: no drift"
        return (
            f"{self.env} on {self.target} has drifted: {len(self.changed)} attributes changed outside "
            f"Terraform, {len(self.failed)} checks failed"
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "environment": self.env,
            "target": self.target,
            "drifted": self.drifted,
            "changed": [{"resource": d.address, "attribute": d.path} for d in self.changed],
            "emulator": [{"resource": d.address, "attribute": d.path} for d in self.emulator],
            "owned_elsewhere": [
                {"resource": d.address, "attribute": d.path, "owner": o} for d, o in self.owned
            ],
            "failed_checks": [c.as_dict() for c in self.failed],
        }

    def markdown(self) -> str:
        """For the workflow's job summary and the issue it opens."""
        lines = [f"### Drift: {self.env}", "", self.summary() + "."]
        if self.changed:
            lines += ["", "| resource | attribute changed outside Terraform |", "| --- | --- |"]
            lines += [f"| `{d.address}` | `{d.path}` |" for d in self.changed]
        if self.failed:
            lines += ["", "| check | resource | expected | observed |", "| --- | --- | --- | --- |"]
            lines += [f"| `{c.id}` | `{c.resource}` | {c.expected} | {c.observed} |" for c in self.failed]
        if self.owned:
            lines += ["", f"Owned elsewhere by design (not drift): {len(self.owned)} attributes."]
        return "\n".join(lines) + "\n"


def configured(raw: dict[str, Any]) -> dict[str, set[str]]:
    """Per resource (address without instance keys), the attributes its configuration sets."""
    found: dict[str, set[str]] = {}

    def walk(module: dict[str, Any], prefix: str) -> None:
        for resource in module.get("resources") or []:
            found[prefix + resource["address"]] = set(resource.get("expressions") or {})
        for name, call in (module.get("module_calls") or {}).items():
            walk(call.get("module") or {}, f"{prefix}module.{name}.")

    walk((raw.get("configuration") or {}).get("root_module") or {}, "")
    return found


def _unkeyed(address: str) -> str:
    return re.sub(r"\[[^\]]*\]", "", address)


def _root(path: str) -> str:
    return re.split(r"[.\[]", path, maxsplit=1)[0]


def classify(
    raw: dict[str, Any], on_emulator: bool
) -> tuple[list[Drift], list[Drift], list[tuple[Drift, str]]]:
    """(drift, known emulator drift, owned elsewhere) of a refresh-only plan.

    Only attributes the configuration sets count. Computed ones move when another resource
    acts on this one (a bucket's lifecycle rules, a group's rules, a route table's routes,
    `tags_all`), and that resource reports its own drift."""
    types = {c["address"]: c["type"] for c in raw.get("resource_drift", [])}
    settings = configured(raw)
    changed: list[Drift] = []
    emulator: list[Drift] = []
    owned: list[tuple[Drift, str]] = []
    policed = keys_with_policy_resource(raw)
    for item in emulator_drift.drift(raw, "resource_drift"):
        kind = types[item.address]
        whole = item.path.startswith("(")
        if not whole and _root(item.path) not in settings.get(_unkeyed(item.address), set()):
            continue
        if who := owner(kind, item, policed):
            owned.append((item, who))
        elif on_emulator and emulator_drift.is_known(kind, item):
            emulator.append(item)
        else:
            changed.append(item)
    return changed, emulator, owned


def detect(deployment: "Deployment") -> DriftReport:
    raw = deployment.refresh_plan()
    changed, emulator, owned = classify(raw, deployment.target.is_emulator)
    checks = deployment.verify(read_only=True)
    return DriftReport(deployment.env, deployment.target.name, changed, emulator, owned, checks)


def write(report: DriftReport) -> Path:
    """build/reports/drift-ENV.json, and .md for the issue the nightly workflow opens on drift."""
    path = paths.build_dir("reports") / f"drift-{report.env}.json"
    path.write_text(json.dumps(report.as_dict(), indent=2))
    path.with_suffix(".md").write_text(report.markdown())
    if summary := os.environ.get("GITHUB_STEP_SUMMARY"):
        with open(summary, "a", encoding="utf-8") as sink:
            sink.write(report.markdown())
    return path
