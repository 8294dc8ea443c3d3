import json

from harness.plantest.config import module_resources, references


def _alarms(plan) -> dict[str, dict]:
    return {
        a.split('"')[1]: v
        for a, v in plan.values().items()
        if a.startswith("aws_cloudwatch_metric_alarm.this[")
    }


def test_seed_alarms(planned):
    alarms = _alarms(planned.plans["full"])
    five_xx = alarms["alb-target-5xx"]
    assert (five_xx["metric_name"], five_xx["statistic"], five_xx["period"]) == (
        "HTTPCode_Target_5XX_Count",
        "Sum",
        300,
    )
    assert (five_xx["threshold"], five_xx["evaluation_periods"], five_xx["treat_missing_data"]) == (
        10,
        2,
        "notBreaching",
    )
    assert five_xx["dimensions"] == {"LoadBalancer": "app/mealprep-prod-api/0123456789abcdef"}
    db = alarms["db-cpu"]
    assert (db["namespace"], db["metric_name"], db["threshold"], db["evaluation_periods"]) == (
        "AWS/RDS",
        "CPUUtilization",
        80,
        3,
    )
    assert db["dimensions"] == {"DBClusterIdentifier": "mealprep-prod-cluster"}


def test_beyond_the_seed_and_every_alarm_notifies_the_topic(planned):
    alarms = _alarms(planned.plans["full"])
    assert set(alarms) == {
        "alb-target-5xx",
        "alb-response-time",
        "alb-unhealthy-hosts",
        "ecs-cpu",
        "ecs-memory",
        "db-cpu",
        "db-connections",
        "db-freeable-memory",
        "cache-cpu-0",
        "cache-cpu-1",
        "cache-evictions-0",
        "cache-evictions-1",
        "api-errors",
    }
    resources = module_resources(planned.raw["full"], "s_full")
    alarm = resources["aws_cloudwatch_metric_alarm.this"]
    assert "aws_sns_topic.alerts.arn" in references(alarm, "alarm_actions")
    assert "aws_sns_topic.alerts.arn" in references(alarm, "ok_actions")
    assert _alarms(planned.plans["topic-only"]) == {}


def test_error_lines_are_counted_from_the_api_log(planned):
    metric_filter = planned.plans["full"].values()["aws_cloudwatch_log_metric_filter.api_errors[0]"]
    assert (metric_filter["pattern"], metric_filter["log_group_name"]) == ("ERROR", "/ecs/mealprep-prod-api")


def test_topic_is_encrypted_and_services_may_publish(planned):
    values = planned.plans["full"].values()
    assert values['aws_sns_topic_subscription.email["admin@mealprep.com"]']["protocol"] == "email"
    resources = module_resources(planned.raw["full"], "s_full")
    assert "module.key.key_arn" in references(resources["aws_sns_topic.alerts"], "kms_master_key_id")


def test_dashboard_dimensions_come_from_inputs(planned):
    body = json.loads(planned.plans["full"].values()["aws_cloudwatch_dashboard.this[0]"]["dashboard_body"])
    titles = [w["properties"]["title"] for w in body["widgets"]]
    assert titles == ["API Performance", "Database Performance", "API Service", "CloudFront"]
    api = body["widgets"][0]["properties"]["metrics"]
    assert [m[1] for m in api] == ["TargetResponseTime", "RequestCount"]
    assert api[0][3] == "app/mealprep-prod-api/0123456789abcdef"
    assert body["widgets"][1]["properties"]["metrics"][0][3] == "mealprep-prod-cluster"
