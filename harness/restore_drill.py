"""`mealprep-infra restore-drill`: prove that the database backups restore, and measure RTO and RPO.

Restore the cluster's latest snapshot (automated or manual) into a temporary cluster in the
same isolated subnets, with the same KMS key, parameter group and security groups; add one
instance of the writer's class; wait, bounded, until it is available; check it; delete it,
whatever happened. RTO is the time from the restore call to an available instance; RPO is the
recovery point's age when the drill started. Where the storage bucket keeps versions (prod),
one probe object is also restored from its previous version. A JSON report records it all.
"""

import json
import math
import secrets
import time
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from harness import paths
from harness.errors import HarnessError, aws_error_line
from harness.outputs_contract import EnvOutputs
from harness.targets import Target

PROBE_PREFIX = "restore-drill/"
DRILL_TAG = {"Key": "mealprep:restore-drill", "Value": "temporary"}


@dataclass
class DrillReport:
    env: str
    source_cluster: str
    started_at: str
    recovery_point: str = ""
    recovery_point_time: str = ""
    rpo_seconds: float | None = None
    temporary_cluster: str = ""
    rto_seconds: float | None = None
    checks: dict[str, bool] = field(default_factory=dict)
    s3_object: dict[str, Any] = field(default_factory=dict)
    cleaned_up: bool = False
    error: str | None = None

    @property
    def passed(self) -> bool:
        s3_ok = self.s3_object.get("restored", True) is not False
        return (
            self.error is None
            and self.cleaned_up
            and bool(self.checks)
            and all(self.checks.values())
            and s3_ok
        )


def _latest_snapshot(rds: Any, cluster: str) -> dict[str, Any]:
    snapshots = [
        s
        for s in rds.describe_db_cluster_snapshots(DBClusterIdentifier=cluster)["DBClusterSnapshots"]
        if s.get("Status") == "available" and s.get("DBClusterIdentifier") == cluster
    ]
    if not snapshots:
        raise HarnessError(f"{cluster} has no available snapshot to restore; is its backup retention on?", 1)
    return max(snapshots, key=lambda s: s["SnapshotCreateTime"])


def _wait(rds: Any, waiter: str, what: str, timeout: float, pause: float, **identifier: str) -> None:
    """RDS's own waiter, bounded: `timeout` seconds, polled every `pause`."""
    from botocore.exceptions import WaiterError

    attempts = max(1, math.ceil(timeout / pause))
    try:
        rds.get_waiter(waiter).wait(**identifier, WaiterConfig={"Delay": pause, "MaxAttempts": attempts})
    except WaiterError as error:
        answer = (error.last_response or {}).get("Error", {}).get("Code") or "still waiting"
        raise HarnessError(f"{what} not within {timeout:.0f} s ({answer}).", 1) from None


def _restore(
    rds: Any, source: dict[str, Any], snapshot: dict[str, Any], temporary: str, instance_class: str
) -> None:
    options: dict[str, Any] = {
        "DBClusterIdentifier": temporary,
        "SnapshotIdentifier": snapshot["DBClusterSnapshotIdentifier"],
        "Engine": source["Engine"],
        "EngineVersion": source["EngineVersion"],
        "DBSubnetGroupName": source["DBSubnetGroup"],
        "VpcSecurityGroupIds": [g["VpcSecurityGroupId"] for g in source.get("VpcSecurityGroups", [])],
        "KmsKeyId": source["KmsKeyId"],
        "DBClusterParameterGroupName": source["DBClusterParameterGroup"],
        "DeletionProtection": False,
        "Tags": [DRILL_TAG],
    }
    if scaling := source.get("ServerlessV2ScalingConfiguration"):
        options["ServerlessV2ScalingConfiguration"] = scaling
    rds.restore_db_cluster_from_snapshot(**options)
    rds.create_db_instance(
        DBInstanceIdentifier=f"{temporary}-1",
        DBClusterIdentifier=temporary,
        Engine=source["Engine"],
        DBInstanceClass=instance_class,
        PubliclyAccessible=False,
        Tags=[DRILL_TAG],
    )


def _checks(rds: Any, source: dict[str, Any], temporary: str) -> dict[str, bool]:
    restored = rds.describe_db_clusters(DBClusterIdentifier=temporary)["DBClusters"][0]
    return {
        "available": restored.get("Status") == "available",
        "encrypted with the source's key": bool(restored.get("StorageEncrypted"))
        and restored.get("KmsKeyId") == source["KmsKeyId"],
        "source's parameter group": restored.get("DBClusterParameterGroup")
        == source["DBClusterParameterGroup"],
        "isolated subnets (source's subnet group)": restored.get("DBSubnetGroup") == source["DBSubnetGroup"],
        "not publicly reachable": not any(
            rds.describe_db_instances(DBInstanceIdentifier=m["DBInstanceIdentifier"])["DBInstances"][0].get(
                "PubliclyAccessible"
            )
            for m in restored.get("DBClusterMembers", [])
        ),
    }


def _clean_up(rds: Any, temporary: str, timeout: float, pause: float) -> bool:
    from botocore.exceptions import ClientError

    instance = f"{temporary}-1"
    try:
        rds.delete_db_instance(DBInstanceIdentifier=instance, SkipFinalSnapshot=True)
    except ClientError as error:
        if error.response.get("Error", {}).get("Code") != "DBInstanceNotFound":
            raise
    deleted = f"the drill's instance {instance} deleted"
    _wait(rds, "db_instance_deleted", deleted, timeout, pause, DBInstanceIdentifier=instance)
    try:
        rds.delete_db_cluster(DBClusterIdentifier=temporary, SkipFinalSnapshot=True)
    except ClientError as error:
        if error.response.get("Error", {}).get("Code") != "DBClusterNotFoundFault":
            raise
    gone = f"the drill's cluster {temporary} deleted"
    _wait(rds, "db_cluster_deleted", gone, timeout, pause, DBClusterIdentifier=temporary)
    return True


def _restore_object(s3: Any, bucket: str, stamp: str) -> dict[str, Any]:
    """Write a probe twice, restore its first version over the second, read it back, remove every
    version of it. Touches no object but the probe."""
    versioned = s3.get_bucket_versioning(Bucket=bucket).get("Status") == "Enabled"
    if not versioned:
        return {"bucket": bucket, "skipped": "the bucket keeps no versions in this env"}
    key = f"{PROBE_PREFIX}probe-{stamp}"
    first = s3.put_object(Bucket=bucket, Key=key, Body=b"version 1")["VersionId"]
    s3.put_object(Bucket=bucket, Key=key, Body=b"version 2")
    try:
        s3.copy_object(Bucket=bucket, Key=key, CopySource={"Bucket": bucket, "Key": key, "VersionId": first})
        restored = s3.get_object(Bucket=bucket, Key=key)["Body"].read() == b"version 1"
    finally:
        versions = s3.list_object_versions(Bucket=bucket, Prefix=key)
        for item in [*versions.get("Versions", []), *versions.get("DeleteMarkers", [])]:
            if item["Key"] == key:
                s3.delete_object(Bucket=bucket, Key=key, VersionId=item["VersionId"])
    return {"bucket": bucket, "key": key, "from_version": first, "restored": restored}


def run_drill(
    env: str, target: Target, outputs: dict[str, Any], timeout: float = 3600, pause: float = 30
) -> DrillReport:
    contract = EnvOutputs.parse(outputs)
    source_id = contract.resources.db_cluster_id
    rds = target.client("rds")
    now = datetime.now(UTC)
    stamp = now.strftime("%Y%m%d%H%M%S")
    report = DrillReport(env=env, source_cluster=source_id, started_at=now.isoformat())
    # Unique even for two drills in one second (a rerun while the last one's cluster is still
    # being deleted would otherwise meet DBClusterAlreadyExists); at most 63 characters.
    report.temporary_cluster = f"{source_id[:36]}-drill-{stamp}-{secrets.token_hex(2)}"
    restore_called = False
    try:
        source = rds.describe_db_clusters(DBClusterIdentifier=source_id)["DBClusters"][0]
        writer = next(m for m in source["DBClusterMembers"] if m.get("IsClusterWriter"))
        instance_class = rds.describe_db_instances(DBInstanceIdentifier=writer["DBInstanceIdentifier"])[
            "DBInstances"
        ][0]["DBInstanceClass"]
        snapshot = _latest_snapshot(rds, source_id)
        taken = snapshot["SnapshotCreateTime"]
        report.recovery_point = snapshot["DBClusterSnapshotIdentifier"]
        report.recovery_point_time = taken.isoformat()
        report.rpo_seconds = round((now - taken).total_seconds(), 1)
        started = time.monotonic()
        restore_called = True
        _restore(rds, source, snapshot, report.temporary_cluster, instance_class)
        instance = f"{report.temporary_cluster}-1"
        available = f"the drill's instance {instance} available"
        _wait(rds, "db_instance_available", available, timeout, pause, DBInstanceIdentifier=instance)
        report.rto_seconds = round(time.monotonic() - started, 1)
        report.checks = _checks(rds, source, report.temporary_cluster)
        report.s3_object = _restore_object(target.client("s3"), contract.resources.storage_bucket, stamp)
    except Exception as error:
        report.error = (
            aws_error_line(error) or getattr(error, "message", None) or f"{type(error).__name__}: {error}"
        )
    finally:
        if restore_called:
            try:
                report.cleaned_up = _clean_up(rds, report.temporary_cluster, timeout, pause)
            except Exception as error:
                line = aws_error_line(error) or getattr(error, "message", None) or str(error)
                report.error = (report.error + "; " if report.error else "") + f"clean-up failed: {line}"
        else:
            report.cleaned_up = True  # nothing was made
    return report


def write(report: DrillReport) -> Path:
    path = paths.build_dir("reports") / f"restore-drill-{report.env}.json"
    path.write_text(json.dumps({**asdict(report), "passed": report.passed}, indent=2, default=str))
    return path
