"""The seed's pipeline and troubleshooting steps for the API service, as harness operations."""

import shlex
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from harness.errors import HarnessError, aws_error_line
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
    template: str = ""
    registry_url: str = ""
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
            template=resources.task_template_arn,
            registry_url=resources.registry_url,
            migration_task=resources.migration_task,
        )


def running_task_definition(ecs: Any, service: ApiService) -> str:
    found = ecs.describe_services(cluster=service.cluster, services=[service.name])["services"]
    if not found:
        raise HarnessError(f"service {service.name} not found in cluster {service.cluster}.", 1)
    return str(found[0]["taskDefinition"])


def running_image(ecs: Any, service: ApiService) -> str:
    definition = ecs.describe_task_definition(taskDefinition=running_task_definition(ecs, service))
    return str(_container(definition["taskDefinition"], service.container)["image"])


def _container(definition: dict[str, Any], name: str) -> dict[str, Any]:
    for container in definition["containerDefinitions"]:
        if container["name"] == name:
            return dict(container)
    raise HarnessError(f"task definition {definition.get('taskDefinitionArn')} has no container {name}.", 1)


def register_with_image(ecs: Any, template: str, container: str, image: str) -> str:
    """A new revision of the template's family, identical but for the container's image."""
    definition = ecs.describe_task_definition(taskDefinition=template)["taskDefinition"]
    _container(definition, container)
    for item in definition["containerDefinitions"]:
        if item["name"] == container:
            item["image"] = image
    revision = ecs.register_task_definition(**{k: definition[k] for k in _REGISTER_KEYS if k in definition})
    return str(revision["taskDefinition"]["taskDefinitionArn"])


def deploy_app(target: Target, service: ApiService, image: str, wait_seconds: int = 600) -> str:
    """A revision of Terraform's template with `image` (already pinned), the service rolled onto
    it, a bounded wait, and a rollback to the revision that ran before if it does not settle."""
    from botocore.exceptions import WaiterError

    ecs = target.client("ecs")
    previous = running_task_definition(ecs, service)
    new = register_with_image(ecs, service.template, service.container, image)
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
        ecs.update_service(cluster=service.cluster, service=service.name, taskDefinition=previous)
        raise HarnessError(
            f"{service.name} did not become stable on {new} within {wait_seconds}s ({error}); "
            f"rolled back to {previous}.",
            1,
        ) from error
    return new


def migration_command(command: str) -> list[str]:
    """The command as arguments; empty, whitespace-only or unparsable is a one-line error."""
    if not command.strip():
        raise HarnessError("--command is empty; give the migration's command line, e.g. './efbundle'.", 2)
    try:
        arguments = shlex.split(command)
    except ValueError as error:
        raise HarnessError(f"--command {command!r} does not parse as a command line: {error}.", 2) from None
    return arguments


def migrate(
    target: Target, service: ApiService, image: str, arguments: list[str], wait_seconds: int = 900
) -> int:
    """Run the migration image (pinned) as a one-off task of the migration family (the only one
    with the master user's password; the API connects as its own IAM-authenticated role)."""
    from botocore.exceptions import WaiterError

    if why := target.lacks("containers"):
        raise HarnessError(f"migrate runs a container, and {why}.", 2)
    if not service.migration_task:
        raise HarnessError("terraform output resources.migration_task is missing; apply the env first.", 1)
    ecs = target.client("ecs")
    definition = register_with_image(ecs, service.migration_task, service.container, image)
    task = ecs.run_task(
        cluster=service.cluster,
        taskDefinition=definition,
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
        overrides={"containerOverrides": [{"name": service.container, "command": arguments}]},
    )["tasks"][0]["taskArn"]
    try:
        ecs.get_waiter("tasks_stopped").wait(
            cluster=service.cluster,
            tasks=[task],
            WaiterConfig={"Delay": 10, "MaxAttempts": max(1, wait_seconds // 10)},
        )
    except WaiterError:
        raise HarnessError(f"migration task {task} did not stop within {wait_seconds}s.", 1) from None
    described = ecs.describe_tasks(cluster=service.cluster, tasks=[task])["tasks"][0]
    container = next(c for c in described["containers"] if c["name"] == service.container)
    if "exitCode" not in container:
        raise HarnessError(
            f"migration task stopped without an exit code: {described.get('stoppedReason')}", 1
        )
    return int(container["exitCode"])


def troubleshoot(target: Target, service: ApiService, db_cluster: str | None) -> dict[str, list[str]]:
    """The seed's troubleshooting: service events, stopped tasks, targets, database, ERROR lines.
    Each section stands alone: one whose resource is gone says what AWS answered, and the rest
    still report (the env may be half deleted, which is when this is run)."""
    ecs = target.client("ecs")
    report: dict[str, list[str]] = {}

    def section(name: str, read: Callable[[], list[str]]) -> None:
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            report[name] = read()
        except (ClientError, BotoCoreError) as error:
            report[name] = [aws_error_line(error) or str(error)]

    def events() -> list[str]:
        found = ecs.describe_services(cluster=service.cluster, services=[service.name])
        missing = [f"{f.get('arn')}: {f.get('reason')}" for f in found.get("failures", [])]
        services = found["services"]
        return missing + [
            f"{e['createdAt']}: {e['message']}"
            for e in (services[0].get("events", [])[:10] if services else [])
        ]

    def stopped() -> list[str]:
        arns = ecs.list_tasks(cluster=service.cluster, serviceName=service.name, desiredStatus="STOPPED")[
            "taskArns"
        ]
        tasks = ecs.describe_tasks(cluster=service.cluster, tasks=arns[:10])["tasks"] if arns else []
        return [f"{t['taskArn'].rsplit('/', 1)[-1]}: {t.get('stoppedReason', '?')}" for t in tasks]

    def targets() -> list[str]:
        health = target.client("elbv2").describe_target_health(TargetGroupArn=service.target_group)
        return [
            f"{h['Target']['Id']}:{h['Target'].get('Port')} {h['TargetHealth']['State']} "
            f"{h['TargetHealth'].get('Reason', '')}".strip()
            for h in health["TargetHealthDescriptions"]
        ]

    def database() -> list[str]:
        clusters = target.client("rds").describe_db_clusters(DBClusterIdentifier=db_cluster)["DBClusters"]
        return [f"{c['DBClusterIdentifier']}: {c['Status']}" for c in clusters]

    def errors() -> list[str]:
        since = int((time.time() - 3600) * 1000)
        found = target.client("logs").filter_log_events(
            logGroupName=service.log_group, filterPattern="ERROR", startTime=since, limit=20
        )["events"]
        return [e["message"].rstrip() for e in found]

    section("service events", events)
    section("stopped tasks", stopped)
    section("targets", targets)
    if db_cluster:
        section("database", database)
    section("ERROR lines (last hour)", errors)
    return report
