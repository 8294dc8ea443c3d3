from typing import Any

from harness.verify.context import Context
from harness.verify.model import Check, CheckFunction, compare


def _cluster(ctx: Context) -> dict[str, Any]:
    cluster_id = ctx.resources.db_cluster_id
    return dict(
        ctx.once(
            "db-cluster",
            lambda: ctx.client("rds").describe_db_clusters(DBClusterIdentifier=cluster_id)["DBClusters"][0],
        )
    )


def available(ctx: Context) -> Check:
    return compare(
        "database.cluster.available", ctx.resources.db_cluster_id, "available", _cluster(ctx)["Status"]
    )


def encrypted(ctx: Context) -> Check:
    cluster = _cluster(ctx)
    observed = cluster.get("KmsKeyId") if cluster.get("StorageEncrypted") else "not encrypted"
    return compare(
        "database.cluster.encrypted", ctx.resources.db_cluster_id, ctx.resources.db_kms_key_arn, observed
    )


def deletion_protection(ctx: Context) -> Check:
    return compare(
        "database.cluster.deletion-protection",
        ctx.resources.db_cluster_id,
        ctx.expected.db_deletion_protection,
        bool(_cluster(ctx).get("DeletionProtection")),
    )


def backup_retention(ctx: Context) -> Check:
    return compare(
        "database.cluster.backup-retention",
        ctx.resources.db_cluster_id,
        ctx.expected.db_backup_retention,
        _cluster(ctx).get("BackupRetentionPeriod"),
    )


def force_ssl(ctx: Context) -> Check:
    group = _cluster(ctx).get("DBClusterParameterGroup", ctx.resources.db_parameter_group)
    rds = ctx.client("rds")
    parameters = rds.describe_db_cluster_parameters(DBClusterParameterGroupName=group, Source="user")[
        "Parameters"
    ]
    value = next(
        (p.get("ParameterValue") for p in parameters if p["ParameterName"] == "rds.force_ssl"), "unset"
    )
    return compare("database.parameters.force-ssl", group, "1", value)


def instances(ctx: Context) -> Check:
    rds = ctx.client("rds")

    def instance_class(identifier: str) -> str:
        found = rds.describe_db_instances(DBInstanceIdentifier=identifier)["DBInstances"]
        return str(found[0]["DBInstanceClass"])

    members = [m["DBInstanceIdentifier"] for m in _cluster(ctx).get("DBClusterMembers", [])]
    classes = sorted(instance_class(m) for m in members)
    expected = [ctx.expected.db_instance_class] * int(ctx.expected.db_instance_count)
    return compare("database.instances", ctx.resources.db_cluster_id, expected, classes)


def managed_secret(ctx: Context) -> Check:
    secret = (_cluster(ctx).get("MasterUserSecret") or {}).get("SecretArn", "none")
    return compare(
        "database.master-secret.rds-managed",
        ctx.resources.db_cluster_id,
        ctx.outputs.db_master_secret_arn,
        secret,
    )


CHECKS: list[CheckFunction] = [
    available,
    encrypted,
    deletion_protection,
    backup_retention,
    force_ssl,
    instances,
    managed_secret,
]
