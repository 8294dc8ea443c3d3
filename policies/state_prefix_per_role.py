"""CKV_MP_12 (CRITICAL): no identity policy writes Terraform state outside one environment's
prefix; a role that serves several environments writes only lock objects (`*.tflock`).

Rationale: whoever writes an environment's state decides what Terraform does there next. A
deploy role writes its own environment's prefix (`<bucket>/<env>/...`) and nothing else; the
pull-request plan role takes locks and never writes state.
"""

import re
from typing import Any

from checkov.common.bridgecrew.severities import BcSeverities
from checkov.common.models.enums import CheckCategories
from policy_support import grants, statement_checks

WRITES = ("s3:PutObject", "s3:DeleteObject", "s3:DeleteObjectVersion")
# A state bucket: named *tfstate*, or referred to as the state bucket in HCL.
STATE = re.compile(r"tfstate|state[._]bucket")
# <bucket>/<one literal segment or reference>/... : one environment's prefix.
ONE_PREFIX = re.compile(r"^(?:[^/]*(?:tfstate[^/]*|\}))/(?!\*)([^/*]+|\$\{[^}]+\})/")


def _problems(statements: list[dict[str, Any]]) -> list[str] | None:
    found = []
    seen = False
    for statement in statements:
        if statement["principals"] or not any(grants(statement, a) for a in WRITES):
            continue
        if statement["not_resources"]:  # Allow + NotResource: everything that is not listed
            excluded = any(STATE.search(r) and r.endswith("/*") for r in statement["not_resources"])
            state = [] if excluded else ["everything but " + ", ".join(statement["not_resources"])]
        else:
            state = [r for r in statement["resources"] if STATE.search(r) or r == "*"]
        if not state:
            continue
        seen = True
        locks = [r for r in state if r.endswith(".tflock")]
        prefixes = {m.group(1) for r in state if r not in locks and (m := ONE_PREFIX.match(r))}
        outside = [r for r in state if r not in locks and not ONE_PREFIX.match(r)]
        if outside:
            found.append(f"{statement['sid']}: writes state outside one environment's prefix: {outside}")
        if len(prefixes) > 1:
            found.append(f"{statement['sid']}: writes the state of several environments: {sorted(prefixes)}")
    return found if seen else None


document_check, policy_check = statement_checks(
    id="CKV_MP_12",
    name="A role writes one environment's state prefix at most, otherwise lock objects only",
    severity=BcSeverities.CRITICAL,
    category=CheckCategories.IAM,
    evaluate=_problems,
    json_attributes={"aws_iam_policy": "policy", "aws_iam_role_policy": "policy"},
)
