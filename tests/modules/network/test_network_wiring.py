from harness.plantest.config import module_resources, references, referrers


def test_database_tier_has_no_route_out(planned):
    raw = planned.raw["minimal"]
    assert referrers(raw, "s_minimal", "aws_route_table.database") == [
        ("aws_route_table_association.database", "route_table_id")
    ]
    table = module_resources(raw, "s_minimal")["aws_route_table.database"]
    assert "route" not in table.get("expressions", {}), "no inline routes on the isolated tier"
    endpoint = module_resources(raw, "s_minimal")["aws_vpc_endpoint.s3"]
    assert references(endpoint, "route_table_ids") == ["aws_route_table.private"]


def test_private_tier_leaves_through_nat_and_public_through_the_gateway(planned):
    resources = module_resources(planned.raw["minimal"], "s_minimal")
    private = resources["aws_route.private_nat"]
    assert "aws_route_table.private" in references(private, "route_table_id")
    assert "aws_nat_gateway.this" in references(private, "nat_gateway_id")
    public = resources["aws_route.public_internet"]
    assert references(public, "gateway_id")[0] == "aws_internet_gateway.this.id"
    nat = resources["aws_nat_gateway.this"]
    assert "aws_subnet.public" in references(nat, "subnet_id")


def test_nat_gateway_count_follows_the_mode(planned):
    assert planned.plans["minimal"].counts()["aws_nat_gateway"] == 3
    assert planned.plans["single-nat"].counts()["aws_nat_gateway"] == 1
    assert planned.plans["single-nat"].counts()["aws_route"] == 4  # 3 private + 1 public


def test_flow_logs_are_encrypted_with_the_modules_own_rotating_key(planned):
    plan = planned.plans["minimal"]
    assert plan.values()["module.flow_logs_key[0].aws_kms_key.this"]["enable_key_rotation"] is True
    group = module_resources(planned.raw["minimal"], "s_minimal")["aws_cloudwatch_log_group.flow_logs"]
    assert "module.flow_logs_key[0].key_arn" in references(group, "kms_key_id")
    assert "aws_flow_log" not in planned.plans["no-flow-logs"].counts()
