"""What the emulator does not hand back as it was given, so that a re-plan shows it as drift.

moto stores only part of some resources. After an apply, a second plan against it
reports those attributes as changes although nothing changed. This table names each such
(resource type, attribute) pair; the demo's idempotency check accepts drift inside it,
reports it, and fails on any other change. Against AWS the table is never used.
"""

import re
from dataclasses import dataclass
from typing import Any

KNOWN: dict[str, tuple[str, ...]] = {
    # RDS: Performance Insights settings and the serverless v1 block are not stored.
    "aws_rds_cluster": (r"performance_insights_.*", r"scaling_configuration.*"),
    "aws_rds_cluster_instance": (r"performance_insights_.*",),
    # VPC security group rules: descriptions are dropped.
    "aws_vpc_security_group_ingress_rule": (r"description",),
    "aws_vpc_security_group_egress_rule": (r"description",),
    # CloudFront: legacy forwarded_values are invented, origins come back reordered,
    # ssl_support_method is dropped for the default certificate.
    "aws_cloudfront_distribution": (r"(default|ordered)_cache_behavior\[\d+\]\.forwarded_values.*",
                                    r"origin\[\d+\]\.origin_access_control_id",
                                    r"viewer_certificate\[0\]\.ssl_support_method"),
    # ECS: capacity provider strategies, exec, managed tags and grace periods are not
    # stored, and the launch type defaults to EC2.
    "aws_ecs_service": (r"availability_zone_rebalancing", r"capacity_provider_strategy.*",
                        r"deployment_controller.*", r"enable_ecs_managed_tags", r"enable_execute_command",
                        r"health_check_grace_period_seconds", r"id", r"launch_type", r"platform_version"),
    # AWS Backup: tags are not returned.
    "aws_backup_plan": (),
    "aws_backup_vault": (),
}


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
        out[path] = value


def drift(raw_plan: dict[str, Any]) -> list[Drift]:
    """Every changed leaf attribute of every resource a plan would update or replace."""
    found = []
    for change in raw_plan.get("resource_changes", []):
        detail = change["change"]
        if detail["actions"] in (["no-op"], ["read"]):
            continue
        before: dict[str, Any] = {}
        after: dict[str, Any] = {}
        _flatten(detail.get("before") or {}, "", before)
        _flatten(detail.get("after") or {}, "", after)
        paths = sorted(p for p in set(before) | set(after)
                       if before.get(p) != after.get(p) and not p.startswith("tags_all"))
        found += [Drift(change["address"], p) for p in paths] or [Drift(change["address"], "tags_all")]
    return found


def is_known(resource_type: str, item: Drift) -> bool:
    if item.path == "tags_all" and resource_type in ("aws_backup_plan", "aws_backup_vault"):
        return True
    return any(re.fullmatch(pattern, item.path) for pattern in KNOWN.get(resource_type, ()))


def split(raw_plan: dict[str, Any]) -> tuple[list[Drift], list[Drift]]:
    """(known emulator drift, everything else)."""
    types = {c["address"]: c["type"] for c in raw_plan.get("resource_changes", [])}
    known: list[Drift] = []
    other: list[Drift] = []
    for item in drift(raw_plan):
        (known if is_known(types[item.address], item) else other).append(item)
    return known, other
