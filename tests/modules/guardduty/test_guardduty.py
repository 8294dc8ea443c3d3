import json


def test_the_detector_is_on_and_findings_reach_the_alert_topic(planned):
    values = planned.plans["with-alerts"].values()
    assert values["aws_guardduty_detector.this"]["enable"] is True
    rule = values["aws_cloudwatch_event_rule.findings[0]"]
    pattern = json.loads(rule["event_pattern"])
    assert pattern["source"] == ["aws.guardduty"]
    assert pattern["detail"]["severity"] == [{"numeric": [">=", 4]}]
    target = values["aws_cloudwatch_event_target.findings[0]"]
    assert target["arn"] == "arn:aws:sns:us-west-2:123456789012:mealprep-prod-alerts"


def test_without_a_topic_only_the_detector(planned):
    assert planned.plans["detector-only"].counts() == {"aws_guardduty_detector": 1}
