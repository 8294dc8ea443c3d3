"""CKV_MP_10 (CRITICAL): a role trusted by GitHub's OIDC provider names the environment and the
branch in the token's subject, or is the pull-request plan role.

Rationale: with `sub = repo:OWNER/NAME:environment:prod` alone, any job on any branch that
declares `environment: prod` gets the prod role. The subject must carry the environment with
the default branch and the workflow (`...:environment:ENV:ref:refs/heads/BRANCH:job_workflow_ref:...`,
matched exactly), or be a pull request's (read-only plan role). No wildcard may stand for the
environment or the branch.
"""

import re
from typing import Any

from checkov.common.bridgecrew.severities import BcSeverities
from checkov.common.models.enums import CheckCategories
from policy_support import statement_checks

GITHUB = "token.actions.githubusercontent.com"
WILD_PIN = re.compile(r":environment:\*|refs/heads/\*|:ref:\*|job_workflow_ref:\*")


def _is_github_trust(statement: dict[str, Any]) -> bool:
    actions = {a.lower() for a in statement["actions"]}
    web_identity = bool(actions & {"sts:assumerolewithwebidentity", "sts:*", "*"})
    mentions = GITHUB in statement["principal_text"] or any(
        GITHUB in str(variable) for _, variable, _ in statement["conditions"]
    )
    return statement["effect"] == "Allow" and web_identity and mentions


def _problems(statements: list[dict[str, Any]]) -> list[str] | None:
    trusts = [s for s in statements if _is_github_trust(s)]
    if not trusts:
        return None
    found = []
    for statement in trusts:
        subjects = [
            (str(test), values)
            for test, variable, values in statement["conditions"]
            if str(variable).endswith(f"{GITHUB}:sub")
        ]
        if not subjects:
            found.append(f"{statement['sid']}: no condition on {GITHUB}:sub")
            continue
        for test, values in subjects:
            for subject in values:
                pull_request = ":pull_request:" in subject
                pinned = ":environment:" in subject and ":ref:refs/heads/" in subject
                where = f"{statement['sid']}: subject {subject!r}"
                if not (pinned or pull_request) or ":job_workflow_ref:" not in subject:
                    found.append(f"{where} does not pin environment, branch and workflow")
                elif WILD_PIN.search(subject):
                    found.append(f"{where} has a wildcard for the environment or branch")
                elif pinned and test != "StringEquals":
                    found.append(f"{where} must be matched with StringEquals, not {test}")
    return found


document_check, role_check = statement_checks(
    id="CKV_MP_10",
    name="GitHub OIDC trust pins environment, default branch and workflow (or is the PR plan role)",
    severity=BcSeverities.CRITICAL,
    category=CheckCategories.IAM,
    evaluate=_problems,
    json_attributes={"aws_iam_role": "assume_role_policy"},
)
