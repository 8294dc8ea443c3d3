import json


def test_rotation_alias_and_a_policy_scoped_by_the_callers_conditions(planned):
    values = planned.plans["with-service"].values()
    key = values["aws_kms_key.this"]
    assert key["enable_key_rotation"] is True and key["deletion_window_in_days"] == 7
    assert values["aws_kms_alias.this"]["name"] == "alias/mealprep-test-logs"
    statements = {s["Sid"]: s for s in json.loads(key["policy"])["Statement"]}
    assert statements["AccountAdministration"]["Principal"] == {"AWS": "arn:aws:iam::123456789012:root"}
    service = statements["Service0"]
    assert service["Principal"] == {"Service": "logs.us-west-2.amazonaws.com"}
    assert service["Condition"] == {
        "ArnLike": {
            "kms:EncryptionContext:aws:logs:arn": "arn:aws:logs:us-west-2:123456789012:log-group:/ecs/x"
        }
    }
    assert "kms:*" not in json.dumps(service)
    minimal = json.loads(planned.plans["minimal"].values()["aws_kms_key.this"]["policy"])["Statement"]
    assert [s["Sid"] for s in minimal] == ["AccountAdministration"]
