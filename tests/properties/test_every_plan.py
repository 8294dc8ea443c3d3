"""Properties that hold in every plan: each scenario of every module, and both environments.

An inventory only checks what it writes down. These read every resource by its type, not
its address, so a rule added next to the ones the inventories name is caught too: IAM
statements (rendered JSON policies, and the statements of policy documents deferred to
apply), security-group rules of every kind, prod's data-protection switches, the WAF on the
distribution.
"""

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from harness.plan import UNKNOWN, Plan

MODULE_TESTS = Path(__file__).resolve().parents[1] / "modules"
SPECS = sorted(MODULE_TESTS.glob("*/tftest.yaml"))
WORLD = {"0.0.0.0/0", "::/0"}
DATA_PORTS = {5432: "PostgreSQL", 6379: "Redis/Valkey"}

# Actions AWS offers on no resource type (service authorization reference): `*` is the
# narrowest resource they take. Each entry says who needs it.
STAR_RESOURCE_ALLOWED = {
    "ecr:GetAuthorizationToken": "execution role: registry login for a private image",
    "xray:PutTraceSegments": "task role and functions: the X-Ray daemon sends traces",
    "xray:PutTelemetryRecords": "task role and functions: the X-Ray daemon's telemetry",
    "xray:GetSamplingRules": "task role: the X-Ray daemon reads sampling rules",
    "xray:GetSamplingTargets": "task role: the X-Ray daemon reads sampling targets",
    "ssmmessages:CreateControlChannel": "task role: ECS Exec (dev only)",
    "ssmmessages:CreateDataChannel": "task role: ECS Exec (dev only)",
    "ssmmessages:OpenControlChannel": "task role: ECS Exec (dev only)",
    "ssmmessages:OpenDataChannel": "task role: ECS Exec (dev only)",
    "logs:DescribeLogGroups": "task role: the ECS agent finds the exec session log group",
    "rekognition:DetectLabels": "image moderation function: labels of clean uploads",
    "rekognition:DetectModerationLabels": "image moderation function: flags uploads",
    "ec2:DescribeNetworkInterfaces": "functions in a VPC: Lambda finds their interfaces",
    "ec2:DescribeSubnets": "functions in a VPC: Lambda reads their subnets",
}

# Ingress from the whole internet that a scenario asks for on purpose.
PUBLIC_INGRESS_ALLOWED = {
    (
        "service",
        "external-deploys",
        "aws_vpc_security_group_ingress_rule.alb",
    ): "a scenario of an internet-facing ALB (cloudfront_only = false), the documented CKV_MP_4 exception",
}


@dataclass(frozen=True)
class Source:
    """One plan: a module scenario or an environment."""

    module: str
    scenario: str
    plan: Plan

    def __str__(self) -> str:
        return f"{self.module}/{self.scenario}"


@pytest.fixture(scope="module")
def sources(spec_result, envs) -> list[Source]:
    found = []
    for path in SPECS:
        result = spec_result(path)
        for scenario, plan in result.plans.items():
            found.append(Source(path.parent.name, scenario, plan))
        assert not result.failures, result.failures
    for name, planned in envs.items():
        found.append(Source("envs", name, planned.plan))
    return found


def test_every_module_and_env_is_covered(sources):
    modules = {s.module for s in sources}
    assert modules == {p.parent.name for p in SPECS} | {"envs"}
    assert len(sources) >= 40


# ---------------------------------------------------------------- IAM


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _from_json(document: Any) -> list[dict[str, Any]]:
    parsed = json.loads(document)
    return [
        {
            "effect": s.get("Effect", "Allow"),
            "actions": _as_list(s.get("Action")),
            "not_actions": _as_list(s.get("NotAction")),
            "resources": _as_list(s.get("Resource")),
            "not_resources": _as_list(s.get("NotResource")),
            "principals": "Principal" in s,
            "sid": s.get("Sid", ""),
        }
        for s in _as_list(parsed.get("Statement"))
    ]


def _from_document(statements: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            "effect": s.get("effect") or "Allow",
            "actions": _as_list(s.get("actions")),
            "not_actions": _as_list(s.get("not_actions")),
            "resources": _as_list(s.get("resources")),
            "not_resources": _as_list(s.get("not_resources")),
            "principals": bool(s.get("principals")),
            "sid": s.get("sid") or "",
        }
        for s in statements
    ]


def statements(plan: Plan) -> list[tuple[str, dict[str, Any]]]:
    """Every IAM statement of the plan: rendered JSON policies, and the statements of policy
    documents that Terraform reads only at apply time."""
    found = []
    for resource in plan.resources:
        if resource.mode == "data" and resource.type == "aws_iam_policy_document":
            found += [(resource.address, s) for s in _from_document(resource.values.get("statement") or [])]
        elif resource.mode == "managed" and resource.remains:
            for attribute in ("policy", "assume_role_policy"):
                document = resource.values.get(attribute)
                if isinstance(document, str) and document not in ("", UNKNOWN):
                    found += [(f"{resource.address}.{attribute}", s) for s in _from_json(document)]
    return found


def iam_problems(plan: Plan) -> list[str]:
    problems = []
    for where, statement in statements(plan):
        if statement["effect"] != "Allow" or statement["principals"]:
            continue  # resource policies (key, bucket, topic, trust) name their principals
        sid = f"{where} {statement['sid']}".strip()
        if statement["not_actions"]:
            problems.append(f"{sid}: Allow with NotAction {statement['not_actions']}")
        wildcards = [a for a in statement["actions"] if a == "*" or str(a).endswith(":*")]
        if wildcards:
            problems.append(f"{sid}: wildcard actions {wildcards}")
        everything = "*" in statement["resources"] or bool(statement["not_resources"])
        broad = [a for a in statement["actions"] if a not in STAR_RESOURCE_ALLOWED]
        if everything and broad:
            problems.append(f"{sid}: every resource for {broad}")
    return problems


def test_no_iam_statement_allows_every_action_or_every_resource(sources):
    problems = {str(s): iam_problems(s.plan) for s in sources}
    assert {k: v for k, v in problems.items() if v} == {}
    assert sum(len(statements(s.plan)) for s in sources) > 200, "the statements were found"


# ---------------------------------------------------------------- network


@dataclass(frozen=True)
class Rule:
    address: str
    direction: str
    cidrs: tuple[str, ...]
    protocol: str
    from_port: int | None
    to_port: int | None

    def covers(self, port: int) -> bool:
        if self.protocol in ("-1", "all"):
            return True
        if self.from_port is None or self.to_port is None:
            return False
        return self.from_port <= port <= self.to_port


def _port(value: Any) -> int | None:
    return value if isinstance(value, int) else None


def rules(plan: Plan) -> list[Rule]:
    """Security-group rules of every kind: inline blocks, aws_security_group_rule, and the
    per-rule ingress and egress resources."""
    found = []
    for resource in plan.managed():
        if not resource.remains:
            continue
        values = resource.values
        if resource.type == "aws_security_group":
            for direction in ("ingress", "egress"):
                blocks = values.get(direction)
                for block in blocks if isinstance(blocks, list) else []:
                    found.append(
                        Rule(
                            resource.address,
                            direction,
                            tuple(
                                _as_list(block.get("cidr_blocks")) + _as_list(block.get("ipv6_cidr_blocks"))
                            ),
                            str(block.get("protocol")),
                            _port(block.get("from_port")),
                            _port(block.get("to_port")),
                        )
                    )
        elif resource.type == "aws_security_group_rule":
            found.append(
                Rule(
                    resource.address,
                    str(values.get("type")),
                    tuple(_as_list(values.get("cidr_blocks")) + _as_list(values.get("ipv6_cidr_blocks"))),
                    str(values.get("protocol")),
                    _port(values.get("from_port")),
                    _port(values.get("to_port")),
                )
            )
        elif resource.type in ("aws_vpc_security_group_ingress_rule", "aws_vpc_security_group_egress_rule"):
            found.append(
                Rule(
                    resource.address,
                    resource.type.split("_")[-2],
                    tuple(c for c in (values.get("cidr_ipv4"), values.get("cidr_ipv6")) if c),
                    str(values.get("ip_protocol")),
                    _port(values.get("from_port")),
                    _port(values.get("to_port")),
                )
            )
    return found


def test_no_ingress_from_the_world_but_the_listed_public_ones(sources):
    opened = [
        f"{s}: {r.address}"
        for s in sources
        for r in rules(s.plan)
        if r.direction == "ingress"
        and WORLD & set(r.cidrs)
        and (s.module, s.scenario, r.address.split("[")[0]) not in PUBLIC_INGRESS_ALLOWED
    ]
    assert opened == []
    assert any(r.direction == "ingress" for s in sources for r in rules(s.plan)), "rules were found"


def test_no_egress_to_the_world_on_database_or_cache_ports(sources):
    leaks = [
        f"{s}: {r.address} reaches the world on {name}"
        for s in sources
        for r in rules(s.plan)
        for port, name in DATA_PORTS.items()
        if r.direction == "egress" and WORLD & set(r.cidrs) and r.covers(port)
    ]
    assert leaks == []


# ---------------------------------------------------------------- prod and the edge


def test_prods_data_protection_holds_everywhere_it_is_wired(envs):
    values = envs["prod"].plan.values()
    by_type: dict[str, dict[str, dict[str, Any]]] = {}
    for address, resource in values.items():
        by_type.setdefault(envs["prod"].plan.one(address).type, {})[address] = resource
    assert by_type["aws_lb"] and all(
        v["enable_deletion_protection"] is True for v in by_type["aws_lb"].values()
    )
    assert [a for a, v in by_type["aws_s3_bucket"].items() if v["force_destroy"] is not False] == []
    for cluster in by_type["aws_rds_cluster"].values():
        assert cluster["deletion_protection"] is True and cluster["skip_final_snapshot"] is False
        assert cluster["final_snapshot_identifier"]
    assert all(s["recovery_window_in_days"] >= 7 for s in by_type["aws_secretsmanager_secret"].values())


def test_the_waf_is_attached_to_every_distribution(sources):
    distributions = [
        (str(s), r.values)
        for s in sources
        for r in s.plan.managed()
        if r.type == "aws_cloudfront_distribution" and r.remains
    ]
    assert len(distributions) >= 4
    assert [where for where, values in distributions if values.get("web_acl_id") in (None, "")] == []
