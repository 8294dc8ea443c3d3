def test_limits_filters_and_alerts_follow_the_seed(planned):
    for scenario, limit in (("dev", "200.00"), ("prod", "1000.00")):
        budget = planned.plans[scenario].values()["aws_budgets_budget.this"]
        assert (budget["limit_amount"], budget["limit_unit"], budget["time_unit"], budget["budget_type"]) == (
            limit,
            "USD",
            "MONTHLY",
            "COST",
        )
        assert budget["cost_filter"] == [{"name": "TagKeyValue", "values": [f"user:Environment${scenario}"]}]
        alerts = {
            (n["notification_type"], n["threshold"], n["comparison_operator"]) for n in budget["notification"]
        }
        assert alerts == {("ACTUAL", 80, "GREATER_THAN"), ("FORECASTED", 100, "GREATER_THAN")}
        assert budget["account_id"] == "123456789012"
    dev = planned.plans["dev"].values()["aws_budgets_budget.this"]["notification"][0]
    assert dev["subscriber_sns_topic_arns"] == ["arn:aws:sns:us-west-2:123456789012:mealprep-dev-alerts"]
    assert dev["subscriber_email_addresses"] == ["admin@mealprep.com"]


def test_the_emulator_set_drops_notifications_only(planned):
    budget = planned.plans["emulator"].values()["aws_budgets_budget.this"]
    assert budget["notification"] == []
    assert budget["limit_amount"] == "200.00"


def test_cost_allocation_tags_only_where_asked(planned):
    assert planned.plans["prod"].counts()["aws_ce_cost_allocation_tag"] == 3
    assert "aws_ce_cost_allocation_tag" not in planned.plans["dev"].counts()
