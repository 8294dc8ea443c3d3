"""dev applied to the emulator: verify passes, a re-plan is clean, and verify catches faults.

Part of `make test`. Applying takes about three minutes; the observations are recorded by the
digest of their inputs (see conftest.py), so an unchanged rerun replays them.
"""

import contextlib
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from harness import emulator_gaps, images
from harness.deployment import Deployment
from harness.emulator import Emulator
from harness.verify.model import Check, Status

pytestmark = pytest.mark.e2e


RELEASE = "1.0.0"
SPA = Path(__file__).resolve().parents[1] / "fixtures" / "spa"


@dataclass
class Applied:
    deployment: Deployment
    outputs: dict[str, Any]
    destroyed: bool = False
    pushed: str = ""
    pinned: str = ""

    def verify(self) -> dict[str, Check]:
        return {c.id: c for c in self.deployment.verify(self.outputs)}

    def client(self, service: str, region: str | None = None) -> Any:
        return self.deployment.target.client(service, region=region)


@contextlib.contextmanager
def applied_dev(state: Path) -> Iterator[Applied]:
    previous = os.environ.get("MEALPREP_STATE_DIR")
    os.environ["MEALPREP_STATE_DIR"] = str(state)
    emulator = Emulator(state)
    try:
        deployment = Deployment.open("dev", "emulator", emulator=emulator)
        planned = deployment.plan()
        deployment.guard(planned)
        deployment.apply(planned)
        applied = Applied(deployment, deployment.outputs())
        # The pipeline, as CI runs it: push, deploy-app by tag, deploy-frontend.
        registry = applied.outputs["resources"]["registry_name"]
        applied.pushed = images.push_manifest(applied.client("ecr"), registry, RELEASE)
        applied.pinned, _ = deployment.deploy_image(RELEASE)
        deployment.publish_frontend(SPA, prune=True)
        yield applied
        if not applied.destroyed:  # the teardown test did not run (a -k selection): clean up
            _destroy(applied)
    finally:
        emulator.stop()
        if previous is None:
            os.environ.pop("MEALPREP_STATE_DIR", None)
        else:
            os.environ["MEALPREP_STATE_DIR"] = previous


@pytest.fixture(scope="module")
def deployment(tmp_path_factory) -> Callable[[], contextlib.AbstractContextManager[Applied]]:
    return lambda: applied_dev(tmp_path_factory.mktemp("state"))


def _checks(applied: Applied) -> dict[str, dict[str, str]]:
    return {check_id: check.as_dict() for check_id, check in applied.verify().items()}


def test_verification_passes_with_reasons_for_what_the_emulator_cannot_answer(recorded):
    checks = recorded("verify-after-apply", _checks)
    assert [i for i, c in checks.items() if c["status"] == Status.FAIL] == []
    not_applicable = {i: c["reason"] for i, c in checks.items() if c["status"] == Status.NOT_APPLICABLE}
    assert checks["service.image.in-registry"]["status"] == Status.PASS
    assert checks["frontend.index-published"]["status"] == Status.PASS
    # Exactly what harness/emulator_gaps.py declares, with its reasons; plus dev's own choice.
    assert not_applicable == {
        **emulator_gaps.not_applicable_checks(),
        "storage.replication": "dev does not replicate",
    }
    assert checks["secrets.app-secret.bedrockApiKey"]["status"] == Status.WARN
    assert checks["database.instances"]["observed"] == "['db.t4g.medium']"
    assert checks["network.nat.count"]["observed"] == "1"


def _release(applied: Applied) -> dict[str, Any]:
    from harness.ecs_ops import ApiService, running_image

    service = ApiService.from_outputs(applied.outputs)
    s3 = applied.client("s3")
    bucket = applied.outputs["resources"]["storage_bucket"]
    heads = {
        key: s3.head_object(Bucket=bucket, Key=key)
        for key in ("frontend/index.html", "frontend/assets/index-3f9a1c2b.js")
    }
    invalidations = applied.client("cloudfront").list_invalidations(
        DistributionId=applied.outputs["distribution_id"]
    )
    return {
        "registry": service.registry_url,
        "pushed": applied.pushed,
        "pinned": applied.pinned,
        "running": running_image(applied.client("ecs"), service),
        "cache_control": {key: head.get("CacheControl") for key, head in heads.items()},
        "invalidations": invalidations["InvalidationList"].get("Quantity", 0),
    }


def test_deploy_app_runs_the_pushed_tag_by_digest_and_the_front_end_is_published(recorded):
    release = recorded("release", _release)
    assert release["pinned"] == f"{release['registry']}@{release['pushed']}"
    assert release["running"] == release["pinned"], "the service runs the image by digest"
    assert release["cache_control"] == {
        "frontend/index.html": "no-cache",
        "frontend/assets/index-3f9a1c2b.js": "public, max-age=31536000, immutable",
    }
    assert release["invalidations"] >= 1


def test_a_replan_changes_nothing_beyond_known_emulator_drift(recorded):
    other = recorded(
        "replan-unexplained-changes", lambda applied: [str(o) for o in applied.deployment.replan().changes]
    )
    assert other == []


def test_after_deploy_app_a_plan_leaves_the_service_and_its_task_definition_alone(recorded):
    touched = recorded(
        "replan-touched-addresses",
        lambda applied: sorted(
            {d.address for d in (lambda r: r.known_drift + r.changes)(applied.deployment.replan())}
        ),
    )
    api = [
        a
        for a in touched
        if a.startswith(("module.service.aws_ecs_service.", "module.service.aws_ecs_task_definition."))
    ]
    assert api == [], "Terraform would roll deploy-app's release back"


def _cluster(applied) -> str:
    return applied.outputs["resources"]["db_cluster_id"]


def _destroy(applied: Applied) -> None:
    applied.destroyed = True
    # Undo the one fault that would block the destroy.
    applied.client("rds").modify_db_cluster(
        DBClusterIdentifier=_cluster(applied), DeletionProtection=False, ApplyImmediately=True
    )
    applied.deployment.destroy()


def _left_behind(applied: Applied) -> list[str]:
    """What of dev still exists in the emulator after the destroy."""
    left = [
        f"vpc {v['VpcId']}"
        for v in applied.client("ec2").describe_vpcs(
            Filters=[{"Name": "tag:Environment", "Values": ["dev"]}]
        )["Vpcs"]
    ]
    left += [
        f"db cluster {c['DBClusterIdentifier']}"
        for c in applied.client("rds").describe_db_clusters()["DBClusters"]
    ]
    # A deleted cluster stays listed as INACTIVE for a while, on AWS as in the emulator.
    arns = applied.client("ecs").list_clusters()["clusterArns"]
    clusters = applied.client("ecs").describe_clusters(clusters=arns)["clusters"] if arns else []
    left += [f"ecs cluster {c['clusterName']}" for c in clusters if c["status"] != "INACTIVE"]
    left += [
        f"bucket {b['Name']}"
        for b in applied.client("s3").list_buckets()["Buckets"]
        if b["Name"].startswith("mealprep-dev-")
    ]
    left += [
        f"log group {g['logGroupName']}"
        for g in applied.client("logs").describe_log_groups()["logGroups"]
        if "mealprep-dev" in g["logGroupName"]
    ]
    left += [
        f"role {r['RoleName']}"
        for r in applied.client("iam").list_roles()["Roles"]
        if r["RoleName"].startswith("mealprep-dev-")
    ]
    left += [
        f"alarm {a['AlarmName']}" for a in applied.client("cloudwatch").describe_alarms()["MetricAlarms"]
    ]
    left += [f"detector {d}" for d in applied.client("guardduty").list_detectors()["DetectorIds"]]
    return sorted(left)


def _teardown(applied: Applied) -> dict[str, Any]:
    try:
        _destroy(applied)
    except Exception as error:  # recorded, then asserted: a broken destroy must stay red on replay
        return {
            "destroyed": False,
            "error": f"{type(error).__name__}: {getattr(error, 'message', error)}",
            "left": _left_behind(applied),
        }
    return {"destroyed": True, "error": None, "left": _left_behind(applied)}


def _run_external_image(applied: Applied) -> None:
    """A service switched by hand to an image outside the project's registry."""
    from harness.ecs_ops import ApiService, register_with_image

    service = ApiService.from_outputs(applied.outputs)
    ecs = applied.client("ecs")
    revision = register_with_image(ecs, service.template, service.container, "docker.io/mealprep/api:latest")
    ecs.update_service(cluster=service.cluster, service=service.name, taskDefinition=revision)


FAULTS = {
    "database.cluster.deletion-protection": lambda a: a.client("rds").modify_db_cluster(
        DBClusterIdentifier=_cluster(a), DeletionProtection=True, ApplyImmediately=True
    ),
    "database.cluster.backup-retention": lambda a: a.client("rds").modify_db_cluster(
        DBClusterIdentifier=_cluster(a), BackupRetentionPeriod=1, ApplyImmediately=True
    ),
    "storage.public-access-blocked": lambda a: a.client("s3").delete_public_access_block(
        Bucket=a.outputs["resources"]["storage_bucket"]
    ),
    "storage.encrypted": lambda a: a.client("s3").delete_bucket_encryption(
        Bucket=a.outputs["resources"]["storage_bucket"]
    ),
    "monitoring.alarms.exist": lambda a: a.client("cloudwatch").delete_alarms(
        AlarmNames=[a.outputs["resources"]["alarm_names"]["db-cpu"]]
    ),
    "service.desired-count": lambda a: a.client("ecs").update_service(
        cluster=a.outputs["cluster_name"], service=a.outputs["service_name"], desiredCount=3
    ),
    "network.security-groups.no-world-ingress": lambda a: a.client("ec2").authorize_security_group_ingress(
        GroupId=a.outputs["resources"]["tasks_security_group"],
        IpPermissions=[
            {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}
        ],
    ),
    "network.nat.count": lambda a: a.client("ec2").delete_nat_gateway(
        NatGatewayId=a.outputs["resources"]["nat_gateway_ids"][0]
    ),
    "audit.trail.logging": lambda a: a.client("cloudtrail").stop_logging(
        Name=a.outputs["resources"]["trail_name"]
    ),
    "service.autoscaling": lambda a: a.client("application-autoscaling").register_scalable_target(
        ServiceNamespace="ecs",
        ScalableDimension="ecs:service:DesiredCount",
        ResourceId=f"service/{a.outputs['cluster_name']}/{a.outputs['service_name']}",
        MinCapacity=1,
        MaxCapacity=7,
    ),
    "service.image.in-registry": lambda a: _run_external_image(a),
    "frontend.index-published": lambda a: a.client("s3").delete_object(
        Bucket=a.outputs["resources"]["storage_bucket"], Key="frontend/index.html"
    ),
    "secrets.app-secret.exists": lambda a: a.client("secretsmanager").delete_secret(
        SecretId=a.outputs["app_secret_arn"], ForceDeleteWithoutRecovery=True
    ),
}


def _fault(check_id: str) -> Callable[[Applied], dict[str, Any]]:
    def observe(applied: Applied) -> dict[str, Any]:
        before = _checks(applied)
        FAULTS[check_id](applied)
        return {"before": before.get(check_id), "after": _checks(applied)}

    return observe


@pytest.mark.parametrize("check_id", list(FAULTS))
def test_verify_catches_each_fault_by_its_check_id(recorded, check_id):
    observed = recorded(f"fault-{check_id}", _fault(check_id))
    if observed["before"] is not None:
        assert observed["before"]["status"] == Status.PASS, f"{check_id} failed before the fault"
    after = observed["after"]
    assert check_id in after, sorted(after)
    assert after[check_id]["status"] == Status.FAIL, after[check_id]


def test_no_check_suite_crashed(recorded):
    checks = recorded("verify-after-apply", _checks)
    assert [i for i in checks if i.endswith(".crashed")] == []
    assert not any(check_id.endswith(".crashed") for check_id in FAULTS), "a fault must target a real check"


# Last in the file: pytest runs a module's tests in order, and this one destroys dev.
def test_destroy_succeeds_and_leaves_nothing_behind(recorded):
    observed = recorded("teardown", _teardown)
    assert observed["error"] is None, observed["error"]
    assert observed["destroyed"] is True
    assert observed["left"] == []
