"""The offline estimate: hand-checked arithmetic, no silent zero, regions, usage, and the budget gate."""

import json

import pytest

from harness.cost.catalog import Catalog
from harness.cost.estimate import estimate
from harness.cost.report import markdown
from harness.cost.usage import REQUIRED, load
from harness.errors import HarnessError

USAGE = {name: 0.0 for name in REQUIRED} | {"nat_gb": 10, "alb_lcu": 1}


def _plan(*resources: tuple[str, str, dict], budget: float = 200, providers: dict | None = None) -> dict:
    """A plan JSON as terraform shows it, cut to what the estimate reads."""
    return {
        "variables": {"region": {"value": "us-west-2"}, "budget_limit_usd": {"value": budget}},
        "configuration": {
            "provider_config": {
                "aws": {"name": "aws", "expressions": {"region": {"references": ["var.region"]}}},
                "aws.dr": {
                    "name": "aws",
                    "alias": "dr",
                    "expressions": {"region": {"constant_value": "us-east-2"}},
                },
            },
            "root_module": {
                "resources": [
                    {"address": a.split("[")[0], "provider_config_key": (providers or {}).get(a, "aws")}
                    for a, _, _ in resources
                ]
            },
        },
        "resource_changes": [
            {"address": a, "type": t, "mode": "managed", "change": {"actions": ["create"], "after": v}}
            for a, t, v in resources
        ],
    }


TINY = (
    ("aws_nat_gateway.this[0]", "aws_nat_gateway", {}),
    ("aws_eip.nat[0]", "aws_eip", {}),
    ("aws_kms_key.this", "aws_kms_key", {}),
    ("aws_lb.this", "aws_lb", {}),
    ("aws_rds_cluster_instance.this[0]", "aws_rds_cluster_instance", {"instance_class": "db.t4g.medium"}),
    ("aws_cloudwatch_metric_alarm.cpu", "aws_cloudwatch_metric_alarm", {}),
    ("aws_vpc.this", "aws_vpc", {}),
    ("aws_iam_role.task", "aws_iam_role", {}),
)


def test_a_tiny_plan_costs_what_the_list_prices_say_by_hand():
    priced = estimate(_plan(*TINY), "dev", usage=USAGE)
    by_address = {line.address: round(line.monthly, 4) for line in priced.lines}
    assert by_address == {
        "aws_nat_gateway.this[0]": 33.30,  # 730 h x 0.045 + 10 GB x 0.045
        "aws_eip.nat[0]": 3.65,  # 730 h x 0.005
        "aws_kms_key.this": 1.00,
        "aws_lb.this": 22.265,  # 730 h x 0.0225 + 730 LCU-h x 0.008
        "aws_rds_cluster_instance.this[0]": 53.29,  # 730 h x 0.073
        "aws_cloudwatch_metric_alarm.cpu": 0.10,
    }
    assert round(priced.monthly, 3) == 113.605
    assert {address for address, _ in priced.free} == {"aws_vpc.this", "aws_iam_role.task"}
    assert round(priced.share_of_budget or 0, 4) == round(113.605 / 200, 4)
    nat = next(line for line in priced.lines if line.type == "aws_nat_gateway")
    assert round(nat.hourly, 4) == 0.045  # the hourly part only; data is per GB


def test_a_type_neither_priced_nor_free_fails_naming_it():
    plan = _plan(*TINY, ("aws_instance.bastion", "aws_instance", {"instance_type": "t3.micro"}))
    with pytest.raises(HarnessError, match="neither priced nor listed as free: aws_instance"):
        estimate(plan, "dev", usage=USAGE)


def test_a_resource_is_priced_in_the_region_of_its_provider():
    key = ("aws_kms_key.dr", "aws_kms_key", {})
    priced = estimate(_plan(key, providers={"aws_kms_key.dr": "aws.dr"}), "prod", usage=USAGE)
    assert [(line.address, line.region) for line in priced.lines] == [("aws_kms_key.dr", "us-east-2")]
    assert priced.lines[0].components[0].price.region == "us-east-2"
    instance = ("aws_rds_cluster_instance.dr", "aws_rds_cluster_instance", {"instance_class": "db.x2g.large"})
    with pytest.raises(HarnessError, match=r"no price aurora\.instance\.db\.x2g\.large for us-east-2"):
        estimate(_plan(instance, providers={"aws_rds_cluster_instance.dr": "aws.dr"}), "prod", usage=USAGE)


def test_fargate_spot_takes_the_tasks_beyond_the_on_demand_base():
    definition = (
        "aws_ecs_task_definition.api",
        "aws_ecs_task_definition",
        {"family": "api", "cpu": "1024", "memory": "2048"},
    )
    service = (
        "aws_ecs_service.api",
        "aws_ecs_service",
        {
            "name": "api",
            "desired_count": 3,
            "capacity_provider_strategy": [
                {"capacity_provider": "FARGATE", "base": 1, "weight": 0},
                {"capacity_provider": "FARGATE_SPOT", "base": 0, "weight": 1},
            ],
        },
    )
    priced = estimate(_plan(definition, service), "prod", usage=USAGE | {"api_hours_per_month": 100})
    [line] = priced.lines
    # 1 task on demand: 100 h x (1 x 0.04048 + 2 x 0.004445); 2 on Spot: 100 h x 2 x (0.01337 + 2 x 0.00147)
    assert round(line.monthly, 4) == round(100 * (0.04048 + 2 * 0.004445) + 200 * (0.01337 + 2 * 0.00147), 4)


def test_the_usage_file_is_checked_in_one_line(tmp_path):
    path = tmp_path / "usage.yaml"
    path.write_text("requests_million: 1\n")
    with pytest.raises(HarnessError, match="lacks api_share"):
        load("dev", path)
    path.write_text("\n".join(f"{k}: 1" for k in REQUIRED) + "\nrequests_milion: 2\n")
    with pytest.raises(HarnessError, match="unknown usage requests_milion"):
        load("dev", path)
    path.write_text("\n".join(f"{k}: {-1 if k == 'nat_gb' else 1}" for k in REQUIRED) + "\n")
    with pytest.raises(HarnessError, match="nat_gb must be numbers, 0 or more"):
        load("dev", path)


def test_every_price_carries_unit_date_and_source_and_a_comma_cannot_split_one(tmp_path):
    catalog = Catalog.load()
    assert {region for region, _ in catalog.prices} == {"us-west-2", "us-east-2", "us-east-1"}
    assert all(
        p.unit and p.taken and p.source.startswith("https://aws.amazon.com/") for p in catalog.prices.values()
    )
    (tmp_path / "prices").mkdir()
    (tmp_path / "free.yaml").write_text("free: {}\n")
    (tmp_path / "prices" / "us-west-2.yaml").write_text(
        "region: us-west-2\nprices:\n  s3.put: {usd: 0.005, unit: 1,000 requests, taken: 2026-11-26, source: x}\n"
    )
    with pytest.raises(HarnessError, match="unknown fields"):
        Catalog.load(tmp_path)


@pytest.mark.parametrize("env", ["dev", "prod"])
def test_every_resource_of_each_env_is_priced_or_free_and_the_env_fits_its_budget(envs, env):
    priced = estimate(envs[env].raw, env)
    assert priced.budget_usd == {"dev": 200.0, "prod": 1000.0}[env]  # the seed's budgets
    assert 0 < priced.monthly < priced.budget_usd
    if env == "prod":  # right-sized so that the seed's 80 % alert does not fire every month
        assert (priced.share_of_budget or 1) < 0.8


def test_the_pull_request_table_shows_each_resource_whose_cost_changed():
    base = {
        "env": "prod",
        "monthly_usd": 100.0,
        "budget_usd": 1000,
        "resources": [{"address": "a", "monthly_usd": 60.0}, {"address": "b", "monthly_usd": 40.0}],
    }
    head = {
        "env": "prod",
        "monthly_usd": 130.0,
        "budget_usd": 1000,
        "resources": [{"address": "a", "monthly_usd": 60.0}, {"address": "c", "monthly_usd": 70.0}],
    }
    text = markdown(head, base)
    assert (
        text.splitlines()[0]
        == "**prod**: $130.00 a month (+$30.00 against the base branch, $100.00); 13% of the $1,000.00 budget"
    )
    assert "| `b` | $40.00 | $0.00 | -$40.00 |" in text and "| `c` | $0.00 | $70.00 | +$70.00 |" in text
    assert "`a`" not in text
    assert json.dumps(markdown(head, head)).count("No resource") == 1
