from harness.plantest.secrets import secret_values


def test_no_auth_token_or_password_anywhere_in_the_plan(planned):
    for name, raw in planned.raw.items():
        assert secret_values(raw) == [], name
        group = planned.plans[name].values()["aws_elasticache_replication_group.this"]
        assert group.get("auth_token") is None


def test_encrypted_at_rest_and_in_transit_with_iam_users(planned):
    values = planned.plans["prod"].values()
    group = values["aws_elasticache_replication_group.this"]
    assert group["at_rest_encryption_enabled"] == "true"  # a string in provider 5.x
    assert group["transit_encryption_enabled"] is True
    assert group["transit_encryption_mode"] == "required"
    assert values["aws_elasticache_user.app"]["authentication_mode"][0]["type"] == "iam"
    assert values["aws_elasticache_user.default"]["access_string"].startswith("off")


def test_one_node_in_dev_and_multi_az_failover_in_prod(planned):
    dev = planned.plans["dev"].values()["aws_elasticache_replication_group.this"]
    assert (dev["num_cache_clusters"], dev["multi_az_enabled"], dev["automatic_failover_enabled"]) == (
        1,
        False,
        False,
    )
    prod = planned.plans["prod"].values()["aws_elasticache_replication_group.this"]
    assert (prod["num_cache_clusters"], prod["multi_az_enabled"], prod["automatic_failover_enabled"]) == (
        3,
        True,
        True,
    )
    assert prod["parameter_group_name"] == "default.redis7"
    assert dev["parameter_group_name"] == "default.valkey8"


def test_only_the_application_reaches_the_cache_port(planned):
    values = planned.plans["dev"].values()
    rules = [v for a, v in values.items() if a.startswith("aws_vpc_security_group_ingress_rule.")]
    assert [(r["from_port"], r["referenced_security_group_id"], r.get("cidr_ipv4")) for r in rules] == [
        (6379, "sg-0app0000000000001", None)
    ]
    assert not any(a.startswith("aws_vpc_security_group_egress_rule.") for a in values)
