from harness.plantest.config import module_resources, references
from harness.plantest.secrets import secret_values


def test_no_password_or_token_anywhere_in_the_plan(planned):
    for name, raw in planned.raw.items():
        assert secret_values(raw) == [], name
        cluster = planned.plans[name].values()["aws_rds_cluster.this"]
        assert cluster["manage_master_user_password"] is True
        assert cluster.get("master_password") is None


def test_storage_insights_secret_and_logs_share_the_rotating_key(planned):
    resources = module_resources(planned.raw["prod"], "s_prod")
    cluster = resources["aws_rds_cluster.this"]
    for attribute in ("kms_key_id", "performance_insights_kms_key_id", "master_user_secret_kms_key_id"):
        assert "module.key.key_arn" in references(cluster, attribute), attribute
    assert "module.key.key_arn" in references(resources["aws_cloudwatch_log_group.postgresql"], "kms_key_id")
    assert planned.plans["prod"].values()["module.key.aws_kms_key.this"]["enable_key_rotation"] is True


def test_only_the_application_reaches_postgres_and_nothing_leaves(planned):
    values = planned.plans["prod"].values()
    rules = [v for a, v in values.items() if a.startswith("aws_vpc_security_group_ingress_rule.")]
    assert rules == [
        {
            **rules[0],
            "from_port": 5432,
            "to_port": 5432,
            "ip_protocol": "tcp",
            "referenced_security_group_id": "sg-0app0000000000001",
        }
    ]
    assert rules[0].get("cidr_ipv4") is None and rules[0].get("cidr_ipv6") is None
    assert not any(a.startswith("aws_vpc_security_group_egress_rule.") for a in values)
    assert values["aws_security_group.this"].get("egress") in (None, "__unknown__", [])


def test_seed_tuning_is_in_the_cluster_parameter_group(planned):
    group = planned.plans["dev"].values()["aws_rds_cluster_parameter_group.this"]
    parameters = {p["name"]: p["value"] for p in group["parameter"]}
    assert parameters == {
        "rds.force_ssl": "1",
        "shared_preload_libraries": "pg_stat_statements",
        "pg_stat_statements.track": "all",
        "log_min_duration_statement": "1000",
        "log_statement": "ddl",  # seed: mod, which logs every modifying statement with its values
    }
    assert group["family"] == "aurora-postgresql16"


def test_serverless_uses_the_serverless_class_and_its_family(planned):
    values = planned.plans["serverless"].values()
    assert values["aws_rds_cluster_instance.this[0]"]["instance_class"] == "db.serverless"
    assert values["aws_rds_cluster.this"]["serverlessv2_scaling_configuration"] == [
        {
            "min_capacity": 0.5,
            "max_capacity": 8,
            "seconds_until_auto_pause": values["aws_rds_cluster.this"]["serverlessv2_scaling_configuration"][
                0
            ].get("seconds_until_auto_pause"),
        }
    ]
    assert values["aws_rds_cluster_parameter_group.this"]["family"] == "aurora-postgresql15"
