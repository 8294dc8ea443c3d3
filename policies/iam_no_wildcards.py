"""CKV_MP_5 (HIGH): identity policies allow no `*` action and no `*` resource, except for
the actions AWS offers without resource-level permissions (listed below).

Rationale: least privilege; a wildcard outlives the need it was written for. Statements with
principals are resource policies (key, bucket, secret policies), whose `*` resource means the
resource the policy is attached to; they are left to the built-in checks.
"""

from typing import Any

from checkov.common.bridgecrew.severities import BcSeverities
from checkov.common.models.enums import CheckCategories
from policy_support import statement_checks

# Actions with no resource types in the AWS service authorization reference: `*` is the
# narrowest resource they accept. Keep this list short and say who needs each one.
RESOURCE_WILDCARD_ALLOWED = frozenset(
    {
        "ecr:GetAuthorizationToken",  # registry login for a private image
        "xray:PutTraceSegments",
        "xray:PutTelemetryRecords",  # tracing
        "xray:GetSamplingRules",
        "xray:GetSamplingTargets",
        "ssmmessages:CreateControlChannel",
        "ssmmessages:CreateDataChannel",  # ECS Exec
        "ssmmessages:OpenControlChannel",
        "ssmmessages:OpenDataChannel",
        "rekognition:DetectLabels",
        "rekognition:DetectModerationLabels",  # the image moderation function
        "ec2:DescribeNetworkInterfaces",
        "ec2:DescribeSubnets",  # a function in a VPC
        "cloudwatch:PutMetricData",  # custom metrics (a namespace condition narrows it)
    }
)


def _problems(statements: list[dict[str, Any]]) -> list[str]:
    found = []
    for statement in statements:
        if statement["principals"] or statement["effect"] != "Allow":
            continue
        sid, actions = statement["sid"], statement["actions"]
        if statement["not_actions"]:
            found.append(f"{sid}: Allow with NotAction")
        wild = [a for a in actions if a == "*" or a.endswith(":*")]
        if wild:
            found.append(f"{sid}: wildcard actions {wild}")
        if "*" in statement["resources"]:
            broad = [a for a in actions if a not in RESOURCE_WILDCARD_ALLOWED]
            if broad:
                found.append(f"{sid}: resource * for {broad}")
    return found


data_check, resource_check = statement_checks(
    id="CKV_MP_5",
    name="IAM policies allow no * action, and * resources only for actions without resource types",
    severity=BcSeverities.HIGH,
    category=CheckCategories.IAM,
    evaluate=_problems,
    json_attributes={
        "aws_iam_policy": "policy",
        "aws_iam_role_policy": "policy",
        "aws_iam_user_policy": "policy",
        "aws_iam_group_policy": "policy",
    },
)
