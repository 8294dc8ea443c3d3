from harness.emulator_drift import split


def _change(address, kind, before, after, actions=("update",)):
    return {
        "address": address,
        "type": kind,
        "change": {"actions": list(actions), "before": before, "after": after},
    }


def test_only_listed_attributes_count_as_emulator_drift():
    plan = {
        "resource_changes": [
            _change(
                "module.a.aws_vpc_security_group_ingress_rule.x",
                "aws_vpc_security_group_ingress_rule",
                {"description": None, "from_port": 443},
                {"description": "HTTPS", "from_port": 443},
            ),
            _change(
                "module.d.aws_rds_cluster.this",
                "aws_rds_cluster",
                {"performance_insights_enabled": False, "deletion_protection": False},
                {"performance_insights_enabled": True, "deletion_protection": True},
            ),
            _change(
                "module.b.aws_backup_vault.this",
                "aws_backup_vault",
                {"tags_all": {}},
                {"tags_all": {"A": "b"}},
            ),
            _change(
                "module.s.aws_s3_bucket.this", "aws_s3_bucket", {"tags_all": {}}, {"tags_all": {"A": "b"}}
            ),
            _change("module.n.aws_vpc.this", "aws_vpc", {}, {}, actions=("no-op",)),
        ]
    }
    known, other = split(plan)
    assert [str(k) for k in known] == [
        "module.a.aws_vpc_security_group_ingress_rule.x: description",
        "module.d.aws_rds_cluster.this: performance_insights_enabled",
        "module.b.aws_backup_vault.this: tags_all",
    ]
    assert [str(o) for o in other] == [
        "module.d.aws_rds_cluster.this: deletion_protection",
        "module.s.aws_s3_bucket.this: tags_all",
    ]
