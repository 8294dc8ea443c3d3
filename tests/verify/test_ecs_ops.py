"""deploy-app, migrate and doctor ENV against an ECS service made in the emulator."""

import pytest

from harness.ecs_ops import (
    ApiService,
    deploy_app,
    migrate,
    migration_command,
    register_with_image,
    troubleshoot,
)
from harness.errors import HarnessError


@pytest.fixture(scope="module")
def service(emulator) -> ApiService:
    ec2 = emulator.client("ec2")
    vpc = ec2.create_vpc(CidrBlock="10.7.0.0/16")["Vpc"]["VpcId"]
    subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.7.3.0/24")["Subnet"]["SubnetId"]
    group = ec2.create_security_group(GroupName="tasks", Description="tasks", VpcId=vpc)["GroupId"]
    target_group = emulator.client("elbv2").create_target_group(
        Name="ops-api", Protocol="HTTP", Port=80, VpcId=vpc, TargetType="ip"
    )["TargetGroups"][0]["TargetGroupArn"]
    emulator.client("logs").create_log_group(logGroupName="/ecs/ops-api")
    ecs = emulator.client("ecs")
    ecs.create_cluster(clusterName="ops-cluster")
    definition = ecs.register_task_definition(
        family="ops-api",
        networkMode="awsvpc",
        requiresCompatibilities=["FARGATE"],
        cpu="512",
        memory="1024",
        containerDefinitions=[
            {"name": "mealprep-api", "image": "mealprep/api:1.0", "essential": True},
            {"name": "xray-daemon", "image": "public.ecr.aws/xray/aws-xray-daemon:3.3.14"},
        ],
    )["taskDefinition"]["taskDefinitionArn"]
    ecs.create_service(
        cluster="ops-cluster",
        serviceName="ops-api",
        taskDefinition=definition,
        desiredCount=1,
        launchType="FARGATE",
    )
    return ApiService(
        cluster="ops-cluster",
        name="ops-api",
        container="mealprep-api",
        subnets=[subnet],
        security_group=group,
        log_group="/ecs/ops-api",
        target_group=target_group,
        template=definition,
    )


def test_deploy_app_rolls_the_service_onto_a_revision_with_only_the_image_changed(emulator, service):
    revision = deploy_app(emulator, service, "mealprep/api:2.0")
    ecs = emulator.client("ecs")
    assert (
        ecs.describe_services(cluster="ops-cluster", services=["ops-api"])["services"][0]["taskDefinition"]
        == revision
    )
    containers = {
        c["name"]: c["image"]
        for c in ecs.describe_task_definition(taskDefinition=revision)["taskDefinition"][
            "containerDefinitions"
        ]
    }
    assert containers == {
        "mealprep-api": "mealprep/api:2.0",
        "xray-daemon": "public.ecr.aws/xray/aws-xray-daemon:3.3.14",
    }
    assert revision.endswith(":2")


def test_each_release_is_built_from_terraforms_template_not_from_whatever_runs(emulator, service):
    ecs = emulator.client("ecs")
    hand_made = register_with_image(ecs, service.template, "mealprep-api", "mealprep/api:hand")
    definition = ecs.describe_task_definition(taskDefinition=hand_made)["taskDefinition"]
    definition["containerDefinitions"][0]["environment"] = [{"name": "CHANGED_BY_HAND", "value": "1"}]
    edited = ecs.register_task_definition(
        **{
            k: definition[k]
            for k in (
                "family",
                "networkMode",
                "requiresCompatibilities",
                "cpu",
                "memory",
                "containerDefinitions",
            )
        }
    )["taskDefinition"]["taskDefinitionArn"]
    ecs.update_service(cluster="ops-cluster", service="ops-api", taskDefinition=edited)
    release = deploy_app(emulator, service, "mealprep/api:3.0")
    api = ecs.describe_task_definition(taskDefinition=release)["taskDefinition"]["containerDefinitions"][0]
    assert api["image"] == "mealprep/api:3.0" and not api.get("environment")


def test_deploy_app_refuses_a_task_definition_without_the_api_container(emulator, service):
    stranger = ApiService(**{**service.__dict__, "container": "web"})
    with pytest.raises(HarnessError, match="has no container web"):
        deploy_app(emulator, stranger, "mealprep/api:3.0")


def test_migrate_says_why_it_cannot_run_on_the_emulator(emulator, service):
    with pytest.raises(HarnessError, match="the emulator runs no containers") as raised:
        migrate(emulator, service, "mealprep/migrate:1.0", migration_command("./efbundle --verbose"))
    assert raised.value.exit_code == 2


def test_troubleshooting_reads_every_section(emulator, service):
    report = troubleshoot(emulator, service, db_cluster=None)
    assert list(report) == ["service events", "stopped tasks", "targets", "ERROR lines (last hour)"]
    assert report["stopped tasks"] == [] and report["ERROR lines (last hour)"] == []


def test_troubleshooting_a_half_deleted_env_says_what_is_gone_section_by_section(emulator, service):
    gone = ApiService(
        **{
            **service.__dict__,
            "cluster": "deleted-cluster",
            "target_group": service.target_group.replace("ops-api", "gone-api"),
            "log_group": "/ecs/deleted",
        }
    )
    report = troubleshoot(emulator, gone, db_cluster="deleted-db")
    assert list(report) == [
        "service events",
        "stopped tasks",
        "targets",
        "database",
        "ERROR lines (last hour)",
    ]
    for section in ("stopped tasks", "targets", "database", "ERROR lines (last hour)"):
        [line] = report[section]
        assert line.startswith("AWS answered ") and "\n" not in line, (section, line)
    assert "DBClusterNotFoundFault" in report["database"][0]


def test_missing_outputs_are_one_clear_error():
    with pytest.raises(HarnessError, match=r"terraform outputs missing: api_endpoint, .*cluster_name"):
        ApiService.from_outputs({"resources": {}})
