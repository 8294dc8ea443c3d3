"""The one declaration of what the local emulator (moto server) cannot do, and why.

Everything the harness does differently on the emulator derives from this file:
- the variable file an emulator apply loads (`features.<switch> = false`, see `variables`);
- the reason a verify check gives when it is not applicable (`reason`, `Target.lacks`);
- the drift a re-plan may show without failing (`UNSTORED`, used by emulator_drift);
- the list `make demo` prints.
tests/harness/test_emulator_gaps.py, the env plan tests and the e2e run fail if any of them
disagrees with it. Against AWS nothing here applies.
"""

import json
from dataclasses import dataclass
from pathlib import Path

from harness.errors import HarnessError


@dataclass(frozen=True)
class Gap:
    """A part of the stack the emulator lacks. A gap with a `feature` is switched off in the
    emulator's variable file; one without is a behaviour (moto accepts the calls but does nothing)."""

    name: str
    reason: str
    checks: tuple[str, ...]
    feature: bool = True


@dataclass(frozen=True)
class Unstored:
    """Attributes moto does not hand back as given, so that a re-plan shows them as changes."""

    resource_type: str
    patterns: tuple[str, ...]
    reason: str


GAPS: tuple[Gap, ...] = (
    Gap(
        "cache",
        "ElastiCache CreateUserGroup is not implemented by the emulator (the apply would retry "
        "for many minutes)",
        ("cache.available",),
    ),
    Gap(
        "budget",
        "Budgets ListTagsForResource and notification subscribers are not implemented by the emulator",
        ("budget.limit",),
    ),
    Gap(
        "backup_selection",
        "AWS Backup CreateBackupSelection is not implemented by the emulator",
        ("backup.selection",),
    ),
    Gap("backup_notifications", "AWS Backup vault notifications answer 404 on the emulator", ()),
    Gap("cloudfront_headers", "CloudFront response-headers policies answer 404 on the emulator", ()),
    Gap(
        "cloudfront_vpc_origin",
        "CloudFront VPC origins (CreateVpcOrigin) answer 404 on the emulator; the "
        "distribution names the internal ALB as a plain origin there",
        (),
    ),
    Gap(
        "cloudfront_functions",
        "CloudFront PublishFunction answers 404 on the emulator, so the SPA routing function is left out",
        (),
    ),
    Gap(
        "xray_sampling_rules",
        "X-Ray sampling rules (CreateSamplingRule) are not implemented by the emulator; the "
        "API's sidecar and trace permissions are applied, the rules are in the plan tests",
        ("service.xray-sampling-rules",),
    ),
    Gap(
        "cloudfront_deployed",
        "the emulator has no edge locations: a distribution is deployed when it is created, so "
        "terraform does not wait for the deployment (at least 30 s, minutes on AWS)",
        (),
    ),
    Gap(
        "containers",
        "the emulator runs no containers",
        ("service.steady-state", "service.targets.healthy"),
        feature=False,
    ),
    Gap(
        "traffic",
        "the emulator serves no CloudFront or ALB traffic",
        ("smoke.api-health", "smoke.frontend"),
        feature=False,
    ),
)

UNSTORED: tuple[Unstored, ...] = (
    Unstored(
        "aws_rds_cluster",
        (r"performance_insights_.*", r"scaling_configuration.*"),
        "Performance Insights settings and the serverless v1 block are not stored",
    ),
    Unstored(
        "aws_rds_cluster_instance",
        (r"performance_insights_.*",),
        "Performance Insights settings are not stored",
    ),
    Unstored("aws_vpc_security_group_ingress_rule", (r"description",), "rule descriptions are dropped"),
    Unstored("aws_vpc_security_group_egress_rule", (r"description",), "rule descriptions are dropped"),
    Unstored(
        "aws_cloudfront_distribution",
        (
            r"(default|ordered)_cache_behavior\[\d+\]\.forwarded_values.*",
            r"origin\[\d+\]\.origin_access_control_id",
            r"viewer_certificate\[0\]\.ssl_support_method",
        ),
        "legacy forwarded_values are invented, origins come back reordered, and ssl_support_method "
        "is dropped for the default certificate",
    ),
    Unstored(
        "aws_ecs_service",
        (r"deployment_controller.*", r"platform_version"),
        "the deployment controller and platform version come back as values the provider does not "
        "send (the service's other settings are kept by a shim in harness/emulator_server.py)",
    ),
    Unstored("aws_backup_plan", (r"tags_all",), "tags are not returned"),
    Unstored("aws_backup_vault", (r"tags_all",), "tags are not returned"),
)


def gap(name: str) -> Gap:
    for item in GAPS:
        if item.name == name:
            return item
    raise HarnessError(f"no emulator gap named '{name}'; declared: {', '.join(g.name for g in GAPS)}.")


def reason(name: str) -> str:
    return gap(name).reason


def switched_off() -> tuple[Gap, ...]:
    return tuple(g for g in GAPS if g.feature)


def not_applicable_checks() -> dict[str, str]:
    """Every verify check the emulator cannot answer, with its reason."""
    return {check: g.reason for g in GAPS for check in g.checks}


def variables() -> dict[str, dict[str, bool]]:
    """The emulator's variable set: every switchable gap turned off."""
    return {"features": {g.name: False for g in switched_off()}}


def write_var_file(folder: Path) -> Path:
    """The variables as a file terraform loads after the env's own terraform.tfvars."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "emulator.tfvars.json"
    path.write_text(json.dumps(variables(), indent=2, sort_keys=True) + "\n")
    return path
