"""dev applied to the emulator: verify passes, a re-plan is clean, and verify catches faults.

Applying takes about three minutes, so this module is marked `e2e` and runs with `make e2e`
(which CI runs after `make test`).
"""

import os
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from harness import deploy, emulator_drift
from harness.emulator import Emulator
from harness.targets import Target
from harness.verify.model import Check, Status
from harness.verify.runner import verify

pytestmark = pytest.mark.e2e


@dataclass
class Applied:
    target: Target
    outputs: dict[str, Any]

    def verify(self) -> dict[str, Check]:
        return {c.id: c for c in verify("dev", self.target, self.outputs)}

    def client(self, service: str, region: str | None = None) -> Any:
        return self.target.client(service, region=region)


@pytest.fixture(scope="module")
def applied(tmp_path_factory) -> Iterator[Applied]:
    state = tmp_path_factory.mktemp("state")
    previous = os.environ.get("MEALPREP_STATE_DIR")
    os.environ["MEALPREP_STATE_DIR"] = str(state)
    emulator = Emulator(state)
    try:
        planned = deploy.plan_env("dev", "emulator", stream=False, for_apply=True)
        deploy.apply_planned(planned, stream=False)
        applied = Applied(planned.target, deploy.outputs("dev", planned.target))
        yield applied
        # Undo the one fault that would block the destroy.
        applied.client("rds").modify_db_cluster(DBClusterIdentifier=_cluster(applied), DeletionProtection=False,
                                                ApplyImmediately=True)
        deploy.destroy_env("dev", planned.target, stream=False)
    finally:
        emulator.stop()
        if previous is None:
            os.environ.pop("MEALPREP_STATE_DIR", None)
        else:
            os.environ["MEALPREP_STATE_DIR"] = previous


def test_verification_passes_with_reasons_for_what_the_emulator_cannot_answer(applied):
    checks = applied.verify()
    assert [c.id for c in checks.values() if c.status is Status.FAIL] == []
    not_applicable = {c.id for c in checks.values() if c.status is Status.NOT_APPLICABLE}
    assert {"service.steady-state", "service.targets.healthy", "smoke.api-health", "cache.available"} <= not_applicable
    assert all(checks[i].reason for i in not_applicable)
    assert checks["secrets.app-secret.bedrockApiKey"].status is Status.WARN
    assert checks["database.instances"].observed == "['db.t4g.medium']"
    assert checks["network.nat.count"].observed == "1"


def test_a_replan_changes_nothing_beyond_known_emulator_drift(applied):
    _known, other = emulator_drift.split(deploy.replan("dev", applied.target))
    assert [str(o) for o in other] == []


def _cluster(applied) -> str:
    return applied.outputs["resources"]["db_cluster_id"]


FAULTS = {
    "database.cluster.deletion-protection": lambda a: a.client("rds").modify_db_cluster(
        DBClusterIdentifier=_cluster(a), DeletionProtection=True, ApplyImmediately=True),
    "database.cluster.backup-retention": lambda a: a.client("rds").modify_db_cluster(
        DBClusterIdentifier=_cluster(a), BackupRetentionPeriod=1, ApplyImmediately=True),
    "storage.public-access-blocked": lambda a: a.client("s3").delete_public_access_block(
        Bucket=a.outputs["resources"]["storage_bucket"]),
    "storage.encrypted": lambda a: a.client("s3").delete_bucket_encryption(
        Bucket=a.outputs["resources"]["storage_bucket"]),
    "monitoring.alarms.exist": lambda a: a.client("cloudwatch").delete_alarms(
        AlarmNames=[a.outputs["resources"]["alarm_names"]["db-cpu"]]),
    "service.desired-count": lambda a: a.client("ecs").update_service(
        cluster=a.outputs["cluster_name"], service=a.outputs["service_name"], desiredCount=3),
    "network.security-groups.no-world-ingress": lambda a: a.client("ec2").authorize_security_group_ingress(
        GroupId=a.outputs["resources"]["tasks_security_group"], IpPermissions=[
            {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}]),
    "network.nat.count": lambda a: a.client("ec2").delete_nat_gateway(
        NatGatewayId=a.outputs["resources"]["nat_gateway_ids"][0]),
    "audit.trail.logging": lambda a: a.client("cloudtrail").stop_logging(Name=a.outputs["resources"]["trail_name"]),
    "service.autoscaling": lambda a: a.client("application-autoscaling").register_scalable_target(
        ServiceNamespace="ecs", ScalableDimension="ecs:service:DesiredCount",
        ResourceId=f"service/{a.outputs['cluster_name']}/{a.outputs['service_name']}", MinCapacity=1, MaxCapacity=7),
    "secrets.app-secret": lambda a: a.client("secretsmanager").delete_secret(
        SecretId=a.outputs["app_secret_arn"], ForceDeleteWithoutRecovery=True),
}


@pytest.mark.parametrize("check_id", list(FAULTS))
def test_verify_catches_each_fault_by_its_check_id(applied, check_id):
    before = applied.verify()
    if check_id in before:
        assert before[check_id].status is Status.PASS, f"{check_id} failed before the fault"
    FAULTS[check_id](applied)
    after = applied.verify()
    assert check_id in after, sorted(after)
    assert after[check_id].status is Status.FAIL, after[check_id]
