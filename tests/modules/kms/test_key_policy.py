import json

from harness.plan import UNKNOWN
from harness.plantest.config import module_resources


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


def test_a_separate_policy_is_the_whole_policy_and_the_key_keeps_none_of_its_own(planned):
    """The key starts with AWS's default key policy; the full one is a resource of its own that
    can wait for what it names. Both set at once would fight over the same document."""
    values = planned.plans["separate-policy"].values()
    assert values["aws_kms_key.this"]["policy"] == UNKNOWN  # AWS's default until the policy lands
    statements = {
        s["Sid"]: s for s in json.loads(values["aws_kms_key_policy.this[0]"]["policy"])["Statement"]
    }
    assert statements["AccountAdministration"]["Principal"] == {"AWS": "arn:aws:iam::123456789012:root"}
    assert statements["Service0"]["Condition"] == {
        "StringEquals": {"aws:SourceArn": "arn:aws:cloudfront::123456789012:distribution/E2EXAMPLE123"}
    }
    assert "aws_kms_key_policy.this[0]" not in planned.plans["with-service"].values()


def test_the_key_never_refers_to_the_principals_added_after_it(planned):
    """A reference is a wait: if the key, or the document its policy comes from, named the
    after-create principals, it would wait for what they name (the distribution, the ALB)."""
    raw = planned.raw["separate-policy"]
    key = module_resources(raw, "s_separate_policy")["aws_kms_key.this"]
    references = {
        r for e in key["expressions"].values() if isinstance(e, dict) for r in e.get("references", [])
    }
    assert "data.aws_iam_policy_document.this.json" in references
    assert not {r for r in references if "after_create" in r}
    # Dynamic blocks do not show as references: what the key's document renders tells instead.
    documents = {
        r["address"]: json.loads(r["values"]["json"])
        for m in raw["prior_state"]["values"]["root_module"]["child_modules"]
        for r in m.get("resources", [])
        if r["type"] == "aws_iam_policy_document"
    }
    at_create = documents["module.s_separate_policy.data.aws_iam_policy_document.this"]["Statement"]
    full = documents["module.s_separate_policy.data.aws_iam_policy_document.after_create[0]"]["Statement"]
    assert [s["Sid"] for s in at_create] == ["AccountAdministration"]
    assert [s["Sid"] for s in full] == ["AccountAdministration", "Service0"]
