from typing import Any

from harness import images
from harness.verify.context import Context
from harness.verify.model import Check, CheckFunction, compare, not_applicable


def _service(ctx: Context) -> dict[str, Any]:
    cluster, name = ctx.outputs.cluster_name, ctx.outputs.service_name
    services = ctx.once(
        "ecs-service",
        lambda: ctx.client("ecs").describe_services(cluster=cluster, services=[name])["services"],
    )
    return dict(services[0]) if services else {"status": "MISSING"}


def cluster_active(ctx: Context) -> Check:
    cluster = ctx.outputs.cluster_name
    found = ctx.client("ecs").describe_clusters(clusters=[cluster])["clusters"]
    return compare("service.cluster.active", cluster, "ACTIVE", found[0]["status"] if found else "MISSING")


def desired_count(ctx: Context) -> Check:
    return compare(
        "service.desired-count",
        ctx.outputs.service_name,
        ctx.expected.api_desired_count,
        _service(ctx).get("desiredCount"),
    )


def steady_state(ctx: Context) -> Check:
    """The seed's `aws ecs wait services-stable`, bounded to ten minutes."""
    from botocore.exceptions import WaiterError

    cluster, name = ctx.outputs.cluster_name, ctx.outputs.service_name
    if why := ctx.target.lacks("containers"):
        return not_applicable("service.steady-state", name, why)
    waited = "stable"
    try:
        ctx.client("ecs").get_waiter("services_stable").wait(
            cluster=cluster, services=[name], WaiterConfig={"Delay": 15, "MaxAttempts": 40}
        )
    except WaiterError as error:
        reason = error.last_response.get("failures") or "deployments still rolling"
        waited = f"not stable after 10 minutes ({reason})"
    service = ctx.client("ecs").describe_services(cluster=cluster, services=[name])["services"][0]
    observed = f"running {service.get('runningCount')} of {service.get('desiredCount')}, {waited}"
    expected = f"running {service.get('desiredCount')} of {service.get('desiredCount')}, stable"
    return compare("service.steady-state", name, expected, observed)


def task_definition(ctx: Context) -> Check:
    arn = _service(ctx).get("taskDefinition", ctx.resources.task_family)
    definition = ctx.client("ecs").describe_task_definition(taskDefinition=arn)["taskDefinition"]
    api: dict[str, Any] = next(
        (c for c in definition["containerDefinitions"] if c["name"] == ctx.resources.container_name), {}
    )
    log = api.get("logConfiguration") or {}
    observed = {
        "cpu": definition.get("cpu"),
        "memory": definition.get("memory"),
        "log": f"{log.get('logDriver')}:{(log.get('options') or {}).get('awslogs-group')}",
        "containers": sorted(c["name"] for c in definition["containerDefinitions"]),
    }
    expected = {
        "cpu": str(ctx.expected.api_cpu),
        "memory": str(ctx.expected.api_memory),
        "log": f"awslogs:{ctx.resources.log_group_name}",
        "containers": sorted(ctx.expected.api_containers),  # the API and the X-Ray daemon
    }
    return compare("service.task-definition", arn, expected, observed)


def image_in_registry(ctx: Context) -> Check:
    """What runs is the project's image, pinned by digest (deploy-app's release), not a tag or
    an image from anywhere else."""
    arn = _service(ctx).get("taskDefinition", ctx.resources.task_family)
    definition = ctx.client("ecs").describe_task_definition(taskDefinition=arn)["taskDefinition"]
    image = next(
        (c["image"] for c in definition["containerDefinitions"] if c["name"] == ctx.resources.container_name),
        "none",
    )
    registry = ctx.resources.registry_url
    return compare(
        "service.image.in-registry",
        arn,
        f"{registry}@sha256:…",
        f"{registry}@sha256:…" if images.in_registry(image, registry) else image,
    )


def autoscaling(ctx: Context) -> Check:
    resource_id = f"service/{ctx.outputs.cluster_name}/{ctx.outputs.service_name}"
    scaling = ctx.client("application-autoscaling")
    targets = scaling.describe_scalable_targets(ServiceNamespace="ecs", ResourceIds=[resource_id])[
        "ScalableTargets"
    ]
    policies = scaling.describe_scaling_policies(ServiceNamespace="ecs", ResourceId=resource_id)[
        "ScalingPolicies"
    ]
    metrics = sorted(
        p["TargetTrackingScalingPolicyConfiguration"]["PredefinedMetricSpecification"]["PredefinedMetricType"]
        for p in policies
        if p.get("TargetTrackingScalingPolicyConfiguration")
    )
    observed = {
        "min": targets[0]["MinCapacity"] if targets else None,
        "max": targets[0]["MaxCapacity"] if targets else None,
        "policies": metrics,
    }
    expected = {
        "min": ctx.expected.api_min_capacity,
        "max": ctx.expected.api_max_capacity,
        "policies": [
            "ALBRequestCountPerTarget",
            "ECSServiceAverageCPUUtilization",
            "ECSServiceAverageMemoryUtilization",
        ],
    }
    return compare("service.autoscaling", resource_id, expected, observed)


def listeners(ctx: Context) -> Check:
    alb = ctx.resources.alb_arn
    found = ctx.client("elbv2").describe_listeners(LoadBalancerArn=alb)["Listeners"]
    observed = sorted(f"{item['Protocol']}:{item['Port']}" for item in found)
    expected = sorted(ctx.expected.alb_listeners)
    return compare("service.alb.listeners", alb, expected, observed)


def targets_healthy(ctx: Context) -> Check:
    group = ctx.resources.target_group_arn
    if why := ctx.target.lacks("containers"):
        return not_applicable("service.targets.healthy", group, why)
    health = ctx.client("elbv2").describe_target_health(TargetGroupArn=group)["TargetHealthDescriptions"]
    states = sorted(h["TargetHealth"]["State"] for h in health)
    healthy = len(states) > 0 and all(s == "healthy" for s in states)
    return compare(
        "service.targets.healthy",
        group,
        "all healthy",
        "all healthy" if healthy else ", ".join(states) or "none",
    )


def xray_sampling_rules(ctx: Context) -> Check:
    """The API's sampling rules as code: /api/* and everything else, ahead of AWS's default."""
    prefix = f"mealprep-{ctx.expected.environment}"
    if why := ctx.target.lacks("xray_sampling_rules"):
        return not_applicable("service.xray-sampling-rules", prefix, why)
    pages = ctx.client("xray").get_paginator("get_sampling_rules").paginate()
    rules = {
        r["SamplingRule"]["RuleName"]: r["SamplingRule"].get("URLPath")
        for page in pages
        for r in page.get("SamplingRuleRecords", [])
    }
    observed = {name: rules.get(name, "missing") for name in (f"{prefix}-api", f"{prefix}-default")}
    expected = {f"{prefix}-api": "/api/*", f"{prefix}-default": "*"}
    return compare("service.xray-sampling-rules", prefix, expected, observed)


CHECKS: list[CheckFunction] = [
    cluster_active,
    desired_count,
    steady_state,
    task_definition,
    xray_sampling_rules,
    image_in_registry,
    autoscaling,
    listeners,
    targets_healthy,
]
