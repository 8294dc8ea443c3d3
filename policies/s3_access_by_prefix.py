"""CKV_MP_13 (HIGH): identity policies reach S3 objects only under named prefixes, never a whole
bucket's objects (`<bucket>/*`).

Rationale: the storage bucket holds what every viewer is served (`frontend/`), backups and user
uploads side by side. The API writes `uploads/` and `scratch/`; a role that can write
`<bucket>/*` can replace the frontend every user loads, or delete the backups.
"""

from typing import Any

from checkov.common.bridgecrew.severities import BcSeverities
from checkov.common.models.enums import CheckCategories
from policy_support import grants, statement_checks

OBJECT_ACTIONS = ("s3:GetObject", "s3:PutObject", "s3:DeleteObject")


def whole_bucket(resource: str) -> bool:
    if resource == "*":
        return True
    if not resource.endswith("*"):
        return False
    body = resource[:-1]
    if ":s3:::" in body:
        path = body.split(":s3:::", 1)[1]
        return "/" not in path or path.split("/", 1)[1] == ""
    if body.startswith("${") and "}" in body:  # a bucket ARN by reference: ${var.bucket_arn}/*
        return body[body.index("}") + 1 :].strip("/") == ""
    return False


def _problems(statements: list[dict[str, Any]]) -> list[str] | None:
    found = []
    seen = False
    for statement in statements:
        if statement["principals"] or not any(grants(statement, a) for a in OBJECT_ACTIONS):
            continue
        seen = True
        broad = [r for r in statement["resources"] if whole_bucket(r)]
        if statement["not_resources"]:  # Allow + NotResource: every bucket not listed
            broad.append("everything but " + ", ".join(statement["not_resources"]))
        if broad:
            found.append(f"{statement['sid']}: object access to whole buckets {broad}; name the prefixes")
    return found if seen else None


document_check, policy_check = statement_checks(
    id="CKV_MP_13",
    name="S3 object access only under named prefixes, never <bucket>/*",
    severity=BcSeverities.HIGH,
    category=CheckCategories.IAM,
    evaluate=_problems,
    json_attributes={"aws_iam_policy": "policy", "aws_iam_role_policy": "policy"},
)
