from harness.plan import UNKNOWN, Plan
from harness.plantest.inventory import diff, render, subset_diff


def test_maps_match_as_subsets():
    assert subset_diff({"a": 1}, {"a": 1, "b": 2}, "x") == []
    assert subset_diff({"a": {"b": 1}}, {"a": {"b": 2}}, "x") == ["x.a.b: expected 1, got 2"]
    assert subset_diff({"c": 1}, {"a": 1}, "x") == ["x.c: expected 1, attribute absent"]


def test_lists_must_match_in_length_and_order():
    assert subset_diff([{"a": 1}], [{"a": 1, "z": 0}], "x") == []
    assert subset_diff([1, 2], [1], "x") == ["x: expected 2 items, got 1: [1]"]
    assert subset_diff([1, 2], [2, 1], "x") == ["x[0]: expected 1, got 2", "x[1]: expected 2, got 1"]


def test_booleans_are_not_numbers_and_unknown_is_explicit():
    assert subset_diff(True, 1, "x") == ["x: expected True, got 1"]
    assert subset_diff(1, 1.0, "x") == []
    assert subset_diff(UNKNOWN, "known", "x") == ["x: expected unknown until apply, got 'known'"]
    assert subset_diff("v", UNKNOWN, "x") == [f"x: expected 'v', got '{UNKNOWN}'"]


def _plan() -> Plan:
    return Plan.from_json(
        {
            "resource_changes": [
                {
                    "address": "aws_s3_bucket.this",
                    "type": "aws_s3_bucket",
                    "mode": "managed",
                    "change": {
                        "actions": ["create"],
                        "after": {"bucket": "b", "arn": None},
                        "after_unknown": {"arn": True},
                    },
                },
                {
                    "address": "aws_s3_bucket.old",
                    "type": "aws_s3_bucket",
                    "mode": "managed",
                    "change": {"actions": ["delete"], "before": {"bucket": "old"}, "after": None},
                },
            ],
            "output_changes": {"name": {"after": "b", "after_unknown": False}},
        }
    )


def test_inventory_diff_covers_values_counts_and_outputs():
    plan = _plan()
    assert plan.counts() == {"aws_s3_bucket": 1}
    assert (
        diff(
            {
                "values": {"aws_s3_bucket.this": {"bucket": "b", "arn": UNKNOWN}},
                "counts": {"aws_s3_bucket": 1},
                "outputs": {"name": "b"},
            },
            plan,
        )
        == []
    )
    assert diff(
        {"values": {"aws_s3_bucket.old": {}}, "counts": {"aws_s3_bucket": 2}, "outputs": {"name": "c"}}, plan
    ) == [
        "values: aws_s3_bucket.old is not in the plan (planned: aws_s3_bucket.this)",
        "counts: aws_s3_bucket: expected 2, got 1",
        "outputs.name: expected 'c', got 'b'",
    ]
    assert diff({"value": {}}, plan) == [
        "inventory has unknown sections ['value']; use values, counts, outputs"
    ]


def test_render_round_trips_through_diff():
    import yaml

    plan = _plan()
    assert diff(yaml.safe_load(render(plan)), plan) == []


def test_an_empty_inventory_or_one_without_counts_fails():
    plan = _plan()
    assert diff({}, plan) == ["inventory has no values: it would assert nothing (regenerate it, then trim)"]
    assert diff({"counts": {"aws_s3_bucket": 1}}, plan) == [
        "inventory has no values: it would assert nothing (regenerate it, then trim)"
    ]
    assert diff({"values": {"aws_s3_bucket.this": {"bucket": "b"}}}, plan) == [
        "inventory has no counts: the exact set of resource types is part of every inventory"
    ]


def test_counts_are_the_exact_set_of_types():
    plan = Plan.from_json(
        {
            "resource_changes": [
                {
                    "address": "aws_s3_bucket.this",
                    "type": "aws_s3_bucket",
                    "mode": "managed",
                    "change": {"actions": ["create"], "after": {"bucket": "b"}},
                },
                {
                    "address": "aws_security_group_rule.ssh",
                    "type": "aws_security_group_rule",
                    "mode": "managed",
                    "change": {"actions": ["create"], "after": {"cidr_blocks": ["0.0.0.0/0"]}},
                },
            ]
        }
    )
    assert diff(
        {"values": {"aws_s3_bucket.this": {"bucket": "b"}}, "counts": {"aws_s3_bucket": 1}}, plan
    ) == ["counts: aws_security_group_rule: 1 planned, not in the inventory (an unexpected type)"]


def test_render_records_nulls_and_unknowns_instead_of_dropping_them():
    import yaml

    rendered = yaml.safe_load(render(_plan()))
    assert rendered["values"]["aws_s3_bucket.this"] == {"bucket": "b", "arn": UNKNOWN}
    with_null = Plan.from_json(
        {
            "resource_changes": [
                {
                    "address": "aws_vpc_security_group_ingress_rule.alb",
                    "type": "aws_vpc_security_group_ingress_rule",
                    "mode": "managed",
                    "change": {"actions": ["create"], "after": {"cidr_ipv4": None, "from_port": 80}},
                }
            ]
        }
    )
    recorded = yaml.safe_load(render(with_null))["values"]["aws_vpc_security_group_ingress_rule.alb"]
    assert recorded == {"cidr_ipv4": None, "from_port": 80}
    opened = Plan.from_json(
        {
            "resource_changes": [
                {
                    "address": "aws_vpc_security_group_ingress_rule.alb",
                    "type": "aws_vpc_security_group_ingress_rule",
                    "mode": "managed",
                    "change": {"actions": ["create"], "after": {"cidr_ipv4": "0.0.0.0/0", "from_port": 80}},
                }
            ]
        }
    )
    assert diff(yaml.safe_load(render(with_null)), opened) == [
        "values: aws_vpc_security_group_ingress_rule.alb.cidr_ipv4: expected None, got '0.0.0.0/0'"
    ]
