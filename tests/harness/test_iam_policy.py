"""The IAM evaluator the security tests lean on: each rule of AWS's evaluation it implements."""

import pytest

from harness.iam_policy import Request, decide

BUCKET = "arn:aws:s3:::b"


def allow(action, resource, **extra):
    return {"Statement": [{"Effect": "Allow", "Action": action, "Resource": resource, **extra}]}


def deny(action, resource, **extra):
    return {"Statement": [{"Effect": "Deny", "Action": action, "Resource": resource, **extra}]}


def test_nothing_is_allowed_by_default_and_an_allow_allows():
    assert decide(Request("s3:GetObject", f"{BUCKET}/k"), []) == "implicit-deny"
    assert decide(Request("s3:GetObject", f"{BUCKET}/k"), [allow("s3:Get*", f"{BUCKET}/*")]) == "allowed"
    assert (
        decide(Request("s3:PutObject", f"{BUCKET}/k"), [allow("s3:Get*", f"{BUCKET}/*")]) == "implicit-deny"
    )


def test_an_explicit_deny_anywhere_wins():
    policies = [allow("*", "*"), deny("s3:DeleteObject", f"{BUCKET}/*")]
    assert decide(Request("s3:DeleteObject", f"{BUCKET}/k"), policies) == "explicit-deny"
    assert decide(Request("S3:deleteobject", f"{BUCKET}/k"), policies) == "explicit-deny", (
        "actions ignore case"
    )


def test_not_action_and_not_resource():
    guard = {"Statement": [{"Effect": "Deny", "NotAction": ["kms:Decrypt"], "Resource": "*"}]}
    assert decide(Request("kms:Decrypt", "k"), [allow("kms:*", "*"), guard]) == "allowed"
    assert decide(Request("kms:ScheduleKeyDeletion", "k"), [allow("kms:*", "*"), guard]) == "explicit-deny"
    locks = {"Statement": [{"Effect": "Deny", "Action": "s3:PutObject", "NotResource": f"{BUCKET}/*.tflock"}]}
    assert decide(Request("s3:PutObject", f"{BUCKET}/dev/x.tflock"), [allow("s3:*", "*"), locks]) == "allowed"
    assert decide(Request("s3:PutObject", f"{BUCKET}/dev/x"), [allow("s3:*", "*"), locks]) == "explicit-deny"


def test_resource_wildcards_are_case_sensitive_and_literal_otherwise():
    assert (
        decide(Request("s3:GetObject", "arn:aws:s3:::B/k"), [allow("s3:*", "arn:aws:s3:::b/*")])
        == "implicit-deny"
    )
    assert (
        decide(Request("s3:GetObject", "arn:aws:s3:::b[1]/k"), [allow("s3:*", "arn:aws:s3:::b[1]/*")])
        == "allowed"
    )


@pytest.mark.parametrize(
    ("operator", "present", "expected"),
    [
        ("StringEquals", None, False),
        ("StringNotEquals", None, True),
        ("StringEqualsIfExists", None, True),
        ("StringEquals", "dev", True),
        ("StringNotEquals", "dev", False),
        ("StringLike", "de*", None),
    ],
)
def test_conditions_on_a_missing_or_present_key(operator, present, expected):
    policy = allow("ec2:*", "*", Condition={operator: {"aws:ResourceTag/Environment": "dev"}})
    context = {} if present is None else {"aws:ResourceTag/Environment": present}
    result = decide(Request("ec2:DeleteVpc", "v", context), [policy])
    if expected is None:  # a literal pattern in the context is just a value
        assert result == "implicit-deny"
    else:
        assert (result == "allowed") is expected


def test_arn_and_null_conditions():
    policy = deny("s3:*", "*", Condition={"ArnNotEquals": {"aws:PrincipalArn": ["arn:aws:iam::1:role/ci-*"]}})
    ok = {"aws:PrincipalArn": "arn:aws:iam::1:role/ci-plan"}
    assert decide(Request("s3:GetObject", "x", ok), [allow("*", "*"), policy]) == "allowed"
    assert (
        decide(
            Request("s3:GetObject", "x", {"aws:PrincipalArn": "arn:aws:iam::1:role/other"}),
            [allow("*", "*"), policy],
        )
        == "explicit-deny"
    )
    tagged = allow("ec2:RunInstances", "*", Condition={"Null": {"aws:RequestTag/Environment": "false"}})
    assert (
        decide(Request("ec2:RunInstances", "i", {"aws:RequestTag/Environment": "dev"}), [tagged]) == "allowed"
    )
    assert decide(Request("ec2:RunInstances", "i"), [tagged]) == "implicit-deny"


def test_a_boundary_must_allow_too():
    boundary = allow("s3:*", "*")
    assert decide(Request("s3:GetObject", "x"), [allow("*", "*")], boundary=boundary) == "allowed"
    assert decide(Request("iam:CreateRole", "r"), [allow("*", "*")], boundary=boundary) == "implicit-deny"
    assert decide(Request("s3:GetObject", "x"), [], boundary=boundary) == "implicit-deny"


def test_resource_policies_apply_to_the_principals_they_name():
    named = {
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"AWS": "arn:aws:iam::1:role/a"},
                "Action": "s3:GetObject",
                "Resource": "*",
            }
        ]
    }
    assert (
        decide(
            Request("s3:GetObject", "x", {"aws:PrincipalArn": "arn:aws:iam::1:role/a"}),
            [],
            resource_policies=[named],
        )
        == "allowed"
    )
    assert (
        decide(
            Request("s3:GetObject", "x", {"aws:PrincipalArn": "arn:aws:iam::1:role/b"}),
            [],
            resource_policies=[named],
        )
        == "implicit-deny"
    )


def test_an_operator_it_does_not_know_is_an_error_not_a_pass():
    policy = allow("s3:*", "*", Condition={"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}})
    with pytest.raises(ValueError, match="IpAddress"):
        decide(Request("s3:GetObject", "x", {"aws:SourceIp": "10.1.1.1"}), [policy])
