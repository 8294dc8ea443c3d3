from harness.deploy import stateful_destroys
from harness.plan import Plan


def _change(address, kind, actions):
    return {"address": address, "type": kind, "mode": "managed",
            "change": {"actions": actions, "before": {}, "after": None if actions == ["delete"] else {}}}


def test_destroying_or_replacing_stateful_resources_is_flagged_and_nothing_else():
    plan = Plan.from_json({"resource_changes": [
        _change("module.database.aws_rds_cluster.this", "aws_rds_cluster", ["delete", "create"]),
        _change("module.storage.module.bucket.aws_s3_bucket.this", "aws_s3_bucket", ["delete"]),
        _change("module.network.aws_route.private_nat[0]", "aws_route", ["delete"]),
        _change("module.secrets.aws_secretsmanager_secret.app", "aws_secretsmanager_secret", ["update"]),
    ]})
    assert stateful_destroys(plan) == [
        "module.database.aws_rds_cluster.this", "module.storage.module.bucket.aws_s3_bucket.this"]
