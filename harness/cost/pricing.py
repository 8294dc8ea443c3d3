"""One pricing rule per billable resource type: what a resource's plan values and the env's
usage make of the catalog's prices. A type that is neither here nor in cost/free.yaml is an
error, never a silent zero."""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from harness.cost.catalog import Catalog, Price
from harness.errors import HarnessError

HOURS = 730  # a month, as AWS's pricing pages count it


@dataclass(frozen=True)
class Component:
    name: str
    quantity: float  # in the price's unit, per month
    price: Price
    hourly: bool = False  # a per-hour price: the quantity is hours of the month

    @property
    def monthly(self) -> float:
        return self.quantity * self.price.usd

    @property
    def per_hour(self) -> float | None:
        return self.monthly / HOURS if self.hourly else None


@dataclass
class Context:
    """What a rule may read besides the resource: prices, usage, and the rest of the plan."""

    catalog: Catalog
    usage: dict[str, float]
    region: str
    primary_region: str
    resources: list[tuple[str, str, dict[str, Any]]]  # (address, type, values) of the whole plan
    az_count: int
    counts: dict[str, int] = field(default_factory=dict)

    def price(self, key: str, region: str | None = None) -> Price:
        return self.catalog.price(region or self.region, key)

    def hourly(self, name: str, key: str, units: float = 1) -> Component:
        return Component(name, units * HOURS, self.price(key), hourly=True)

    def of_type(self, kind: str) -> list[dict[str, Any]]:
        return [values for _, t, values in self.resources if t == kind]


Rule = Callable[[Context, dict[str, Any]], list[Component]]


def _aurora_cluster(ctx: Context, v: dict[str, Any]) -> list[Component]:
    u = ctx.usage
    found = [
        Component("storage", u["database_storage_gb"], ctx.price("aurora.storage")),
        Component("I/O requests", u["database_io_million"], ctx.price("aurora.io")),
    ]
    if v.get("manage_master_user_password"):
        found.append(Component("RDS-managed master secret", 1, ctx.price("secretsmanager.secret")))
    scaling = v.get("serverlessv2_scaling_configuration") or []
    if scaling:
        found.append(
            ctx.hourly("Serverless v2 minimum ACUs", "aurora.serverless-v2", scaling[0]["min_capacity"])
        )
    return found


def _aurora_instance(ctx: Context, v: dict[str, Any]) -> list[Component]:
    if v["instance_class"] == "db.serverless":
        return []  # ACUs are priced on the cluster
    return [ctx.hourly(f"instance {v['instance_class']}", f"aurora.instance.{v['instance_class']}")]


def _task_size(ctx: Context, service: dict[str, Any]) -> tuple[float, float]:
    for definition in ctx.of_type("aws_ecs_task_definition"):
        if definition.get("family") == service["name"]:
            return int(definition["cpu"]) / 1024, int(definition["memory"]) / 1024
    raise HarnessError(f"no task definition of family {service['name']} in the plan to price its tasks.", 1)


def _ecs_service(ctx: Context, v: dict[str, Any]) -> list[Component]:
    vcpu, memory_gb = _task_size(ctx, v)
    tasks = int(v.get("desired_count") or 0)
    strategy = v.get("capacity_provider_strategy") or [
        {"capacity_provider": "FARGATE", "base": 0, "weight": 1}
    ]
    base = sum(int(s.get("base") or 0) for s in strategy if s["capacity_provider"] == "FARGATE")
    weights = {s["capacity_provider"]: int(s.get("weight") or 0) for s in strategy}
    rest = max(0, tasks - base)
    spot_share = weights.get("FARGATE_SPOT", 0) / (sum(weights.values()) or 1)
    spot = rest * spot_share
    on_demand = tasks - spot
    hours = ctx.usage["api_hours_per_month"]
    found = []
    for label, count, prefix in (("", on_demand, "fargate"), (" on Spot", spot, "fargate-spot")):
        if count > 0:
            found += [
                Component(
                    f"{count:g} task(s){label}: {vcpu:g} vCPU",
                    count * vcpu * hours,
                    ctx.price(f"{prefix}.vcpu"),
                ),
                Component(
                    f"{count:g} task(s){label}: {memory_gb:g} GB",
                    count * memory_gb * hours,
                    ctx.price(f"{prefix}.memory"),
                ),
            ]
    found += _traces(ctx)
    return found


def _traces(ctx: Context) -> list[Component]:
    """X-Ray traces of the API: each rule records its reservoir (per second), then a share."""
    rules = [r for r in ctx.of_type("aws_xray_sampling_rule") if r.get("url_path") == "/api/*"]
    if not rules:
        return []
    requests = ctx.usage["requests_million"] * ctx.usage["api_share"] * 1e6
    reservoir = float(rules[0]["reservoir_size"]) * ctx.usage["api_hours_per_month"] * 3600
    traced = min(requests, reservoir) + float(rules[0]["fixed_rate"]) * max(0.0, requests - reservoir)
    return [Component("X-Ray traces recorded (/api/* rule)", traced / 1e6, ctx.price("xray.traces"))]


def _nat(ctx: Context, v: dict[str, Any]) -> list[Component]:
    share = ctx.usage["nat_gb"] / max(1, ctx.counts.get("aws_nat_gateway", 1))
    return [ctx.hourly("gateway", "nat.hour"), Component("data processed", share, ctx.price("nat.data"))]


def _vpc_endpoint(ctx: Context, v: dict[str, Any]) -> list[Component]:
    if v.get("vpc_endpoint_type") != "Interface":
        return []  # gateway endpoints (S3) are free
    return [ctx.hourly(f"interface endpoint in {ctx.az_count} AZs", "endpoint.interface.hour", ctx.az_count)]


def _cache(ctx: Context, v: dict[str, Any]) -> list[Component]:
    nodes = int(v.get("num_cache_clusters") or 0) or (1 + int(v.get("replicas_per_node_group") or 0)) * int(
        v.get("num_node_groups") or 1
    )
    key = f"elasticache.{v['engine']}.{v['node_type']}"
    return [ctx.hourly(f"{nodes} x {v['node_type']} ({v['engine']})", key, nodes)]


_BUCKET_USAGE = (
    (re.compile(r"-storage-"), "storage_gb", "s3.standard"),
    (re.compile(r"-backup-replica-"), "replica_gb", "s3.standard-ia"),
    (re.compile(r"-audit-"), "audit_gb", "s3.standard"),
    (re.compile(r"-edge-logs-"), "edge_logs_gb", "s3.standard"),
)


def _bucket(ctx: Context, v: dict[str, Any]) -> list[Component]:
    name = str(v.get("bucket"))
    for pattern, usage, key in _BUCKET_USAGE:
        if pattern.search(name):
            found = [Component(f"{key.split('.', 1)[1]} storage", ctx.usage[usage], ctx.price(key))]
            if usage == "storage_gb":
                found.append(
                    Component(
                        "PUT-class requests", ctx.usage["storage_requests_thousand"], ctx.price("s3.put")
                    )
                )
            return found
    raise HarnessError(
        f"bucket {name}: no usage says how much it holds (harness/cost/pricing.py _BUCKET_USAGE).", 1
    )


def _replication(ctx: Context, v: dict[str, Any]) -> list[Component]:
    return [
        Component(
            "replicated to the DR region", ctx.usage["replica_gb"], ctx.price("data-transfer.inter-region")
        )
    ]


def _distribution(ctx: Context, v: dict[str, Any]) -> list[Component]:
    u = ctx.usage
    return [
        Component("data to viewers", u["cloudfront_gb"], ctx.price("cloudfront.data-out")),
        Component("HTTPS requests", u["requests_million"] * 100, ctx.price("cloudfront.https-requests")),
    ]


def _cloudfront_function(ctx: Context, v: dict[str, Any]) -> list[Component]:
    front_end = ctx.usage["requests_million"] * (1 - ctx.usage["api_share"])
    return [Component("invocations (front-end requests)", front_end, ctx.price("cloudfront.functions"))]


def _web_acl(ctx: Context, v: dict[str, Any]) -> list[Component]:
    rules = len(v.get("rule") or [])
    return [
        Component("web ACL", 1, ctx.price("waf.web-acl")),
        Component(f"{rules} rules (a managed group counts as one)", rules, ctx.price("waf.rule")),
        Component("requests inspected", ctx.usage["requests_million"], ctx.price("waf.requests")),
    ]


def _log_group(ctx: Context, v: dict[str, Any]) -> list[Component]:
    share = ctx.usage["log_ingest_gb"] / max(1, ctx.counts.get("aws_cloudwatch_log_group", 1))
    kept_months = float(v.get("retention_in_days") or 0) / 30
    return [
        Component("ingestion (an even share of log_ingest_gb)", share, ctx.price("logs.ingest")),
        Component(
            f"storage ({v.get('retention_in_days')} days kept)",
            share * kept_months,
            ctx.price("logs.storage"),
        ),
    ]


def _trail(ctx: Context, v: dict[str, Any]) -> list[Component]:
    selectors = (v.get("event_selector") or []) + (v.get("advanced_event_selector") or [])
    if not selectors:
        return []  # the first copy of management events is free
    return [
        Component(
            "S3 data events", ctx.usage["trail_data_events_million"], ctx.price("cloudtrail.data-events")
        )
    ]


def _vault(ctx: Context, v: dict[str, Any]) -> list[Component]:
    found = [Component("recovery points", ctx.usage["backup_gb"], ctx.price("backup.aurora"))]
    if ctx.region != ctx.primary_region:
        transfer = ctx.price("data-transfer.inter-region", ctx.primary_region)
        found.append(Component("copies from the primary region", ctx.usage["backup_gb"], transfer))
    return found


def _detector(ctx: Context, v: dict[str, Any]) -> list[Component]:
    u = ctx.usage
    return [
        Component(
            "CloudTrail events analysed",
            u["guardduty_cloudtrail_events_million"],
            ctx.price("guardduty.cloudtrail-events"),
        ),
        Component(
            "flow and DNS logs analysed",
            u["guardduty_flow_and_dns_gb"],
            ctx.price("guardduty.flow-and-dns-logs"),
        ),
        Component(
            "S3 data events analysed", u["guardduty_s3_events_million"], ctx.price("guardduty.s3-events")
        ),
    ]


def _function(ctx: Context, v: dict[str, Any]) -> list[Component]:
    uploads = ctx.usage["uploads_per_month"]
    seconds = uploads * ctx.usage["function_ms_per_upload"] / 1000
    found = [
        Component("requests", uploads / 1e6, ctx.price("lambda.requests")),
        Component(
            f"duration at {v['memory_size']} MB",
            seconds * v["memory_size"] / 1024,
            ctx.price("lambda.duration"),
        ),
    ]
    variables = ((v.get("environment") or [{}])[0] or {}).get("variables") or {}
    if "MODERATION_MIN_CONFIDENCE" in variables:  # the moderation function: two Rekognition calls an image
        found.append(
            Component(
                "Rekognition images (moderation and labels)", uploads * 2, ctx.price("rekognition.image")
            )
        )
    return found


def _topic(ctx: Context, v: dict[str, Any]) -> list[Component]:
    alerts = ctx.usage["alerts_per_month"]
    return [
        Component("publishes", alerts / 1e6, ctx.price("sns.publish")),
        Component("email notifications", alerts / 1e5, ctx.price("sns.email")),
    ]


RULES: dict[str, Rule] = {
    "aws_rds_cluster": _aurora_cluster,
    "aws_rds_cluster_instance": _aurora_instance,
    "aws_ecs_service": _ecs_service,
    "aws_nat_gateway": _nat,
    "aws_eip": lambda ctx, v: [ctx.hourly("public IPv4 address", "public-ipv4.hour")],
    "aws_lb": lambda ctx, v: [
        ctx.hourly("load balancer", "alb.hour"),
        ctx.hourly("LCUs", "alb.lcu", ctx.usage["alb_lcu"]),
    ],
    "aws_vpc_endpoint": _vpc_endpoint,
    "aws_elasticache_replication_group": _cache,
    "aws_s3_bucket": _bucket,
    "aws_s3_bucket_replication_configuration": _replication,
    "aws_cloudfront_distribution": _distribution,
    "aws_cloudfront_function": _cloudfront_function,
    "aws_wafv2_web_acl": _web_acl,
    "aws_secretsmanager_secret": lambda ctx, v: [Component("secret", 1, ctx.price("secretsmanager.secret"))],
    "aws_kms_key": lambda ctx, v: [Component("key", 1, ctx.price("kms.key"))],
    "aws_cloudwatch_log_group": _log_group,
    "aws_cloudwatch_metric_alarm": lambda ctx, v: [Component("alarm", 1, ctx.price("cloudwatch.alarm"))],
    "aws_cloudwatch_dashboard": lambda ctx, v: [Component("dashboard", 1, ctx.price("cloudwatch.dashboard"))],
    "aws_cloudtrail": _trail,
    "aws_backup_vault": _vault,
    "aws_ecr_repository": lambda ctx, v: [
        Component("image storage", ctx.usage["ecr_gb"], ctx.price("ecr.storage"))
    ],
    "aws_guardduty_detector": _detector,
    "aws_lambda_function": _function,
    "aws_sqs_queue": lambda ctx, v: [Component("requests (dead letters only)", 0, ctx.price("sqs.requests"))],
    "aws_sns_topic": _topic,
}
