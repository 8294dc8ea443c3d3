"""CKV_MP_5 (HIGH): identity policies allow no `*` action and no `*` resource, except for
the actions AWS offers without resource-level permissions (listed below).

Rationale: least privilege; a wildcard outlives the need it was written for. Statements with
principals are resource policies (key, bucket, secret policies), whose `*` resource means the
resource the policy is attached to; they are left to the built-in checks.
"""

from typing import Any

from checkov.common.bridgecrew.severities import BcSeverities, Severities
from checkov.common.models.enums import CheckCategories, CheckResult
from checkov.terraform.checks.data.base_check import BaseDataCheck
from checkov.terraform.checks.resource.base_resource_check import BaseResourceCheck
from policy_support import as_list, policy_statements

# Actions with no resource types in the AWS service authorization reference: `*` is the
# narrowest resource they accept. Keep this list short and say who needs each one.
RESOURCE_WILDCARD_ALLOWED = frozenset({
    "ecr:GetAuthorizationToken",  # registry login for a private image
    "xray:PutTraceSegments", "xray:PutTelemetryRecords",  # tracing
    "xray:GetSamplingRules", "xray:GetSamplingTargets",
    "ssmmessages:CreateControlChannel", "ssmmessages:CreateDataChannel",  # ECS Exec
    "ssmmessages:OpenControlChannel", "ssmmessages:OpenDataChannel",
    "rekognition:DetectLabels", "rekognition:DetectModerationLabels", "rekognition:DetectText",
    "cloudwatch:PutMetricData",  # custom metrics (a namespace condition narrows it)
})


def _problems(statements: list[dict[str, Any]]) -> list[str]:
    found = []
    for statement in statements:
        if statement.get("principals") or statement.get("Principal") or statement.get("NotPrincipal"):
            continue
        if str(statement.get("effect", statement.get("Effect", "Allow"))) != "Allow":
            continue
        sid = statement.get("sid") or statement.get("Sid") or "(no sid)"
        actions = [str(a) for a in as_list(statement.get("actions", statement.get("Action")))]
        resources = [str(r) for r in as_list(statement.get("resources", statement.get("Resource")))]
        if statement.get("not_actions") or statement.get("NotAction"):
            found.append(f"{sid}: Allow with NotAction")
        wild = [a for a in actions if a == "*" or a.endswith(":*")]
        if wild:
            found.append(f"{sid}: wildcard actions {wild}")
        if "*" in resources:
            broad = [a for a in actions if a not in RESOURCE_WILDCARD_ALLOWED]
            if broad:
                found.append(f"{sid}: resource * for {broad}")
    return found


def _flatten(block: dict[str, Any]) -> dict[str, Any]:
    """An HCL statement block has every attribute as a one-element list."""
    flat = {}
    for key, item in block.items():
        flat[key] = item[0] if isinstance(item, list) and len(item) == 1 and key != "principals" else item
    return flat


def _result(check: Any, statements: list[dict[str, Any]] | None) -> CheckResult:
    if statements is None:
        return CheckResult.UNKNOWN
    problems = _problems(statements)
    check.details = problems
    return CheckResult.FAILED if problems else CheckResult.PASSED


class IdentityPolicyDocument(BaseDataCheck):
    def __init__(self) -> None:
        super().__init__(
            name="IAM policies allow no * action, and * resources only for actions without resource types",
            id="CKV_MP_5",
            categories=(CheckCategories.IAM,),
            supported_data=("aws_iam_policy_document",),
            guideline="policies/README.md#ckv_mp_5",
        )
        self.severity = Severities[BcSeverities.HIGH]

    def scan_data_conf(self, conf: dict[str, Any]) -> CheckResult:
        blocks = conf.get("statement")
        if not isinstance(blocks, list):
            return CheckResult.UNKNOWN
        return _result(self, [_flatten(b) for b in blocks if isinstance(b, dict)])


class IdentityPolicyJson(BaseResourceCheck):
    def __init__(self) -> None:
        super().__init__(
            name="IAM policies allow no * action, and * resources only for actions without resource types",
            id="CKV_MP_5",
            categories=(CheckCategories.IAM,),
            supported_resources=("aws_iam_policy", "aws_iam_role_policy", "aws_iam_user_policy",
                                 "aws_iam_group_policy"),
            guideline="policies/README.md#ckv_mp_5",
        )
        self.severity = Severities[BcSeverities.HIGH]

    def scan_resource_conf(self, conf: dict[str, Any]) -> CheckResult:
        return _result(self, policy_statements(conf))

data_check = IdentityPolicyDocument()
resource_check = IdentityPolicyJson()
