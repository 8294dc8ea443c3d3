"""The restore drill against resources made in the emulator: RTO and RPO reported, nothing left."""

import dataclasses

import pytest

from harness import restore_drill
from harness.restore_drill import run_drill

from . import contract_sample


@pytest.fixture(scope="module")
def source(emulator) -> dict:
    ec2, rds = emulator.client("ec2"), emulator.client("rds")
    vpc = ec2.create_vpc(CidrBlock="10.6.0.0/16")["Vpc"]["VpcId"]
    subnets = [
        ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.6.{i}.0/24", AvailabilityZone=f"us-west-2{z}")["Subnet"][
            "SubnetId"
        ]
        for i, z in enumerate("ab")
    ]
    group = ec2.create_security_group(GroupName="db", Description="db", VpcId=vpc)["GroupId"]
    key = emulator.client("kms").create_key()["KeyMetadata"]["Arn"]
    rds.create_db_subnet_group(
        DBSubnetGroupName="drill-db", DBSubnetGroupDescription="isolated", SubnetIds=subnets
    )
    rds.create_db_cluster_parameter_group(
        DBClusterParameterGroupName="drill-params",
        DBParameterGroupFamily="aurora-postgresql16",
        Description="p",
    )
    rds.create_db_cluster(
        DBClusterIdentifier="drill-source",
        Engine="aurora-postgresql",
        EngineVersion="16.4",
        MasterUsername="mealprep",
        MasterUserPassword="not-a-real-password-1",
        DBSubnetGroupName="drill-db",
        VpcSecurityGroupIds=[group],
        StorageEncrypted=True,
        KmsKeyId=key,
        DBClusterParameterGroupName="drill-params",
        BackupRetentionPeriod=7,
    )
    rds.create_db_instance(
        DBInstanceIdentifier="drill-source-1",
        DBClusterIdentifier="drill-source",
        Engine="aurora-postgresql",
        DBInstanceClass="db.t4g.medium",
    )
    s3 = emulator.client("s3")
    s3.create_bucket(
        Bucket="drill-storage", CreateBucketConfiguration={"LocationConstraint": emulator.region}
    )
    s3.put_bucket_versioning(Bucket="drill-storage", VersioningConfiguration={"Status": "Enabled"})
    s3.put_object(Bucket="drill-storage", Key="uploads/meal.jpg", Body=b"a user's photo")
    return dataclasses.asdict(
        contract_sample.outputs({"db_cluster_id": "drill-source", "storage_bucket": "drill-storage"})
    )


def _drill_clusters(emulator) -> list[str]:
    return [
        c["DBClusterIdentifier"]
        for c in emulator.client("rds").describe_db_clusters()["DBClusters"]
        if "-drill-" in c["DBClusterIdentifier"]
    ]


def test_the_latest_snapshot_restores_with_the_sources_key_and_subnets_and_is_deleted(emulator, source):
    report = run_drill("prod", emulator, source, timeout=60, pause=0.1)
    assert report.error is None, report.error
    assert report.passed
    assert report.checks == {
        "available": True,
        "encrypted with the source's key": True,
        "source's parameter group": True,
        "isolated subnets (source's subnet group)": True,
        "not publicly reachable": True,
    }
    assert report.recovery_point.startswith("rds:drill-source")
    assert report.rpo_seconds is not None and report.rpo_seconds >= 0
    assert report.rto_seconds is not None and report.rto_seconds >= 0
    assert report.temporary_cluster.startswith("drill-source-drill-")
    assert report.cleaned_up and _drill_clusters(emulator) == []
    # The previous version of a probe object came back; the bucket's own objects are untouched.
    assert report.s3_object["restored"] is True
    s3 = emulator.client("s3")
    keys = [v["Key"] for v in s3.list_object_versions(Bucket="drill-storage").get("Versions", [])]
    assert keys == ["uploads/meal.jpg"]


def test_a_failure_after_the_restore_still_deletes_the_temporary_cluster(emulator, source, monkeypatch):
    def broken(*_args):
        raise RuntimeError("the check could not run")

    monkeypatch.setattr(restore_drill, "_checks", broken)
    report = run_drill("prod", emulator, source, timeout=60, pause=0.1)
    assert not report.passed
    assert report.error == "RuntimeError: the check could not run"
    assert report.cleaned_up and _drill_clusters(emulator) == []


def test_a_cluster_without_a_snapshot_fails_in_one_line_and_makes_nothing(emulator, source):
    outputs = {**source, "resources": {**source["resources"], "db_cluster_id": "no-such-cluster"}}
    report = run_drill("prod", emulator, outputs, timeout=60, pause=0.1)
    assert not report.passed
    assert report.error is not None and report.error.startswith("AWS answered DBClusterNotFoundFault")
    assert _drill_clusters(emulator) == []


def test_the_restore_names_key_parameter_group_subnets_and_groups_as_aws_would_default_them_otherwise():
    """AWS restores into the default parameter group and the default VPC's security group unless
    told; moto copies the source's. So the request itself is checked here."""
    calls: dict[str, dict] = {}

    class Recorder:
        def __getattr__(self, name):
            return lambda **kwargs: calls.setdefault(name, kwargs)

    source = {
        "Engine": "aurora-postgresql",
        "EngineVersion": "16.4",
        "DBSubnetGroup": "mealprep-prod-database",
        "VpcSecurityGroups": [{"VpcSecurityGroupId": "sg-db"}],
        "KmsKeyId": "arn:aws:kms:us-west-2:123456789012:key/db",
        "DBClusterParameterGroup": "mealprep-prod-aurora-pg16",
        "ServerlessV2ScalingConfiguration": {"MinCapacity": 0.5, "MaxCapacity": 4},
    }
    restore_drill._restore(
        Recorder(), source, {"DBClusterSnapshotIdentifier": "rds:x"}, "tmp", "db.r6g.large"
    )
    restore = calls["restore_db_cluster_from_snapshot"]
    assert {
        k: restore[k]
        for k in ("DBSubnetGroupName", "VpcSecurityGroupIds", "KmsKeyId", "DBClusterParameterGroupName")
    } == {
        "DBSubnetGroupName": "mealprep-prod-database",
        "VpcSecurityGroupIds": ["sg-db"],
        "KmsKeyId": "arn:aws:kms:us-west-2:123456789012:key/db",
        "DBClusterParameterGroupName": "mealprep-prod-aurora-pg16",
    }
    assert (
        restore["DeletionProtection"] is False
        and restore["ServerlessV2ScalingConfiguration"]["MaxCapacity"] == 4
    )
    assert calls["create_db_instance"]["PubliclyAccessible"] is False
    assert calls["create_db_instance"]["DBInstanceClass"] == "db.r6g.large"
