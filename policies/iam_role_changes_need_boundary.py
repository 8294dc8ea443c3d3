"""CKV_MP_11 (CRITICAL): an identity policy that lets its holder create or change IAM roles
does so only with the permissions boundary attached (`iam:PermissionsBoundary` condition).

Rationale: a principal that can create a role, or put a policy on one, without a boundary can
write itself an administrator's role and use it. With the condition, every role it makes is
capped by the boundary, which denies IAM, the state bucket and other environments.
"""

from typing import Any

from checkov.common.bridgecrew.severities import BcSeverities
from checkov.common.models.enums import CheckCategories
from policy_support import grants, statement_checks

# The role actions that accept the iam:PermissionsBoundary condition key.
ROLE_CHANGES = (
    "iam:CreateRole",
    "iam:PutRolePolicy",
    "iam:AttachRolePolicy",
    "iam:DetachRolePolicy",
    "iam:DeleteRolePolicy",
    "iam:PutRolePermissionsBoundary",
)


def _problems(statements: list[dict[str, Any]]) -> list[str] | None:
    relevant = [s for s in statements if not s["principals"] and any(grants(s, a) for a in ROLE_CHANGES)]
    if not relevant:
        return None
    found = []
    for statement in relevant:
        bounded = any(
            str(variable) == "iam:PermissionsBoundary" and str(test) in ("StringEquals", "ArnEquals")
            for test, variable, _ in statement["conditions"]
        )
        if not bounded:
            actions = [a for a in ROLE_CHANGES if grants(statement, a)]
            found.append(f"{statement['sid']}: {actions} without an iam:PermissionsBoundary condition")
    return found


document_check, policy_check = statement_checks(
    id="CKV_MP_11",
    name="IAM role create/modify actions require the permissions boundary",
    severity=BcSeverities.CRITICAL,
    category=CheckCategories.IAM,
    evaluate=_problems,
    json_attributes={
        "aws_iam_policy": "policy",
        "aws_iam_role_policy": "policy",
        "aws_iam_user_policy": "policy",
        "aws_iam_group_policy": "policy",
    },
)
