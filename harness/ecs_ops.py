"""The seed's pipeline and troubleshooting steps for the API service, as harness operations."""

import shlex
import time
from dataclasses import dataclass
from typing import Any

from harness.errors import HarnessError
from harness.outputs_contract import EnvOutputs
from harness.targets import Target

_REGISTER_KEYS = (
    "family",
    "taskRoleArn",
    "executionRoleArn",
    "networkMode",
    "containerDefinitions",
    "volumes",
    "requiresCompatibilities",
    "cpu",
    "memory",
    "runtimePlatform",
)


@dataclass(frozen=True)
class ApiService:
    cluster: str
    name: str
    container: str
    subnets: list[str]
    security_group: str
    log_group: str
    target_group: str
    migration_task: str | None = None

    @classmethod
    def from_outputs(cls, outputs: dict[str, Any]) -> "ApiService":
        parsed = EnvOutputs.parse(outputs)
        resources = parsed.resources
        return cls(
            cluster=parsed.cluster_name,
            name=parsed.service_name,
            container=resources.container_name,
            subnets=list(resources.private_subnet_ids),
            security_group=resources.tasks_security_group,
            log_group=resources.log_group_name,
            target_group=resources.target_group_arn,
            migration_task=resources.migration_task,
        )


def _current_task_definition(ecs: Any, service: ApiService) -> str:
    found = ecs.describe_services(cluster=service.cluster, services=[service.name])["services"]
    if not found:
        raise HarnessError(f"service {service.name} not found in cluster {service.cluster}.", 1)
    return str(found[0]["taskDefinition"])


def deploy_app(target: Target, service: ApiService, image: str, wait_seconds: int = 600) -> str:
    """A revision with the new image, the service rolled onto it, a bounded wait, rollback on failure."""
    from botocore.exceptions import WaiterError

    ecs = target.client("ecs")
    current = _current_task_definition(ecs, service)
    definition = ecs.describe_task_definition(taskDefinition=current)["taskDefinition"]
    containers = definition["containerDefinitions"]
    if not any(c["name"] == service.container for c in containers):
        raise HarnessError(f"task definition {current} has no container {service.container}.", 1)
    for container in containers:
        if container["name"] == service.container:
            container["image"] = image
    revision = ecs.register_task_definition(**{k: definition[k] for k in _REGISTER_KEYS if k in definition})
    new = str(revision["taskDefinition"]["taskDefinitionArn"])
    ecs.update_service(
        cluster=service.cluster, service=service.name, taskDefinition=new, forceNewDeployment=True
    )
    if target.lacks("containers"):
        return new
    try:
        ecs.get_waiter("services_stable").wait(
            cluster=service.cluster,
            services=[service.name],
            WaiterConfig={"Delay": 15, "MaxAttempts": max(1, wait_seconds // 15)},
        )
    except WaiterError as error:
        ecs.update_service(cluster=service.cluster, service=service.name, taskDefinition=current)
        raise HarnessError(
            f"{service.name} did not become stable on {new} within {wait_seconds}s ({error}); "
            f"rolled back to {current}.",
            1,
        ) from error
    return new


def migrate(target: Target, service: ApiService, command: str, wait_seconds: int = 900) -> int:
    """Run the migration as a one-off task of the migration task definition (the only one with
    the master user's password; the API connects as its own IAM-authenticated role); its exit code."""
    if why := target.lacks("containers"):
        raise HarnessError(f"migrate runs a container, and {why}.", 2)
    if not service.migration_task:
        raise HarnessError("terraform output resources.migration_task is missing; apply the env first.", 1)
    ecs = target.client("ecs")
    task = ecs.run_task(
        cluster=service.cluster,
        taskDefinition=service.migration_task,
        launchType="FARGATE",
        count=1,
        startedBy="mealprep-infra-migrate",
        networkConfiguration={
            "awsvpcConfiguration": {
                "subnets": service.subnets,
                "securityGroups": [service.security_group],
                "assignPublicIp": "DISABLED",
            }
        },
        overrides={"containerOverrides": [{"name": service.container, "command": shlex.split(command)}]},
    )["tasks"][0]["taskArn"]
    deadline = time.monotonic() + wait_seconds
    while time.monotonic() < deadline:
        described = ecs.describe_tasks(cluster=service.cluster, tasks=[task])["tasks"][0]
        if described["lastStatus"] == "STOPPED":
            container = next(c for c in described["containers"] if c["name"] == service.container)
            if "exitCode" not in container:
                raise HarnessError(
                    f"migration task stopped without an exit code: {described.get('stoppedReason')}", 1
                )
            return int(container["exitCode"])
        time.sleep(10)
    raise HarnessError(f"migration task {task} did not stop within {wait_seconds}s.", 1)


def troubleshoot(target: Target, service: ApiService, db_cluster: str | None) -> dict[str, list[str]]:
    """The seed's troubleshooting: service events, stopped tasks, targets, database, ERROR lines."""
    ecs = target.client("ecs")
    report: dict[str, list[str]] = {}
    found = ecs.describe_services(cluster=service.cluster, services=[service.name])["services"]
    report["service events"] = [
        f"{e['createdAt']}: {e['message']}" for e in (found[0].get("events", [])[:10] if found else [])
    ]
    stopped = ecs.list_tasks(cluster=service.cluster, serviceName=service.name, desiredStatus="STOPPED")[
        "taskArns"
    ]
    tasks = ecs.describe_tasks(cluster=service.cluster, tasks=stopped[:10])["tasks"] if stopped else []
    report["stopped tasks"] = [
        f"{t['taskArn'].rsplit('/', 1)[-1]}: {t.get('stoppedReason', '?')}" for t in tasks
    ]
    health = target.client("elbv2").describe_target_health(TargetGroupArn=service.target_group)
    report["targets"] = [
        f"{h['Target']['Id']}:{h['Target'].get('Port')} {h['TargetHealth']['State']} "
        f"{h['TargetHealth'].get('Reason', '')}".strip()
        for h in health["TargetHealthDescriptions"]
    ]
    if db_cluster:
        clusters = target.client("rds").describe_db_clusters(DBClusterIdentifier=db_cluster)["DBClusters"]
        report["database"] = [f"{c['DBClusterIdentifier']}: {c['Status']}" for c in clusters]
    since = int((time.time() - 3600) * 1000)
    events = target.client("logs").filter_log_events(
        logGroupName=service.log_group, filterPattern="ERROR", startTime=since, limit=20
    )["events"]
    report["ERROR lines (last hour)"] = [e["message"].rstrip() for e in events]
    return report
