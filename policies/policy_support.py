"""Helpers shared by the project's checkov policies (loaded by checkov, not by the harness).

checkov hands a check each attribute as a one-element list; a plan scan sees values,
an HCL scan may see unrendered expressions such as "${var.tags}".
"""

import json
from typing import Any

# checkov adds these to every block it parses.
_POSITION_KEYS = ("start_line", "end_line")


def value(conf: dict[str, Any], key: str) -> Any:
    found = conf.get(key)
    if isinstance(found, list):
        return found[0] if found else None
    return found


def resolved_tags(conf: dict[str, Any]) -> dict[str, Any] | None:
    """The tags a resource ends up with: `tags_all` in a plan (provider default_tags
    included), `tags` in HCL. None when the scan cannot know them."""
    for key in ("tags_all", "tags"):
        tags = value(conf, key)
        if isinstance(tags, dict):
            return {k: v for k, v in tags.items() if not k.startswith("__") and k not in _POSITION_KEYS}
    return None


def as_list(item: Any) -> list[Any]:
    if item is None:
        return []
    return item if isinstance(item, list) else [item]


def policy_statements(conf: dict[str, Any], key: str = "policy") -> list[dict[str, Any]] | None:
    """The statements of a JSON policy attribute; None when the scan sees only an expression
    (resolved at apply) rather than the document."""
    document = value(conf, key)
    if isinstance(document, str):
        try:
            document = json.loads(document)
        except ValueError:
            return None
    if not isinstance(document, dict):
        return None
    return [s for s in as_list(document.get("Statement")) if isinstance(s, dict)]


def _strings(item: Any) -> list[str]:
    """Every string in a (possibly nested) list, as checkov hands HCL values over."""
    if isinstance(item, list):
        return [s for element in item for s in _strings(element)]
    return [] if item is None else [str(item)]


def _hcl_statement(block: dict[str, Any]) -> dict[str, Any]:
    conditions = []
    for condition in as_list(block.get("condition")):
        if isinstance(condition, dict):
            conditions.append(
                (value(condition, "test"), value(condition, "variable"), _strings(condition.get("values")))
            )
    return {
        "effect": str(value(block, "effect") or "Allow"),
        "actions": _strings(block.get("actions")),
        "not_actions": _strings(block.get("not_actions")),
        "resources": _strings(block.get("resources")),
        "not_resources": _strings(block.get("not_resources")),
        "principals": bool(block.get("principals") or block.get("not_principals")),
        "principal_text": str(block.get("principals")),
        "conditions": conditions,
        "sid": str(value(block, "sid") or "(no sid)"),
    }


def _json_statement(statement: dict[str, Any]) -> dict[str, Any]:
    conditions = []
    for test, keys in (statement.get("Condition") or {}).items():
        for variable, values in (keys or {}).items():
            conditions.append((test, variable, _strings(as_list(values))))
    return {
        "effect": str(statement.get("Effect", "Allow")),
        "actions": _strings(as_list(statement.get("Action"))),
        "not_actions": _strings(as_list(statement.get("NotAction"))),
        "resources": _strings(as_list(statement.get("Resource"))),
        "not_resources": _strings(as_list(statement.get("NotResource"))),
        "principals": bool(statement.get("Principal") or statement.get("NotPrincipal")),
        "principal_text": str(statement.get("Principal")),
        "conditions": conditions,
        "sid": str(statement.get("Sid") or "(no sid)"),
    }


def document_statements(conf: dict[str, Any]) -> list[dict[str, Any]] | None:
    """The statements of an `aws_iam_policy_document` data block, one shape for every check."""
    blocks = conf.get("statement")
    if not isinstance(blocks, list):
        return None
    return [_hcl_statement(b) for b in blocks if isinstance(b, dict)]


def json_statements(conf: dict[str, Any], key: str = "policy") -> list[dict[str, Any]] | None:
    """The statements of a JSON policy attribute in the same shape; None when not yet rendered."""
    found = policy_statements(conf, key)
    return None if found is None else [_json_statement(s) for s in found]


def grants(statement: dict[str, Any], action: str) -> bool:
    """Whether an Allow statement's actions cover `action` (wildcards included)."""
    import fnmatch

    if statement["effect"] != "Allow":
        return False
    if statement["not_actions"]:
        return not any(fnmatch.fnmatchcase(action.lower(), p.lower()) for p in statement["not_actions"])
    return any(fnmatch.fnmatchcase(action.lower(), p.lower()) for p in statement["actions"])


def statement_checks(
    *, id: str, name: str, severity: str, category: Any, evaluate: Any, json_attributes: dict[str, str]
) -> tuple[Any, Any]:
    """One rule over IAM statements, as two checkov checks: the `aws_iam_policy_document` data
    blocks (HCL and plans) and the JSON policy attributes of `json_attributes` (resource type to
    attribute). `evaluate(statements)` returns None when the rule does not apply (UNKNOWN),
    else the list of problems (FAILED when not empty)."""
    from checkov.common.bridgecrew.severities import Severities
    from checkov.common.models.enums import CheckResult
    from checkov.terraform.checks.data.base_check import BaseDataCheck
    from checkov.terraform.checks.resource.base_resource_check import BaseResourceCheck

    def decide(check: Any, statements: list[dict[str, Any]] | None) -> Any:
        if statements is None:
            return CheckResult.UNKNOWN
        problems = evaluate(statements)
        if problems is None:
            return CheckResult.UNKNOWN
        check.details = problems
        return CheckResult.FAILED if problems else CheckResult.PASSED

    check_id = id
    guideline = f"policies/README.md#{check_id.lower()}"

    class DocumentCheck(BaseDataCheck):  # type: ignore[misc]
        def __init__(self) -> None:
            super().__init__(
                name=name,
                id=check_id,
                categories=(category,),
                supported_data=("aws_iam_policy_document",),
                guideline=guideline,
            )
            self.severity = Severities[severity]

        def scan_data_conf(self, conf: dict[str, Any]) -> Any:
            return decide(self, document_statements(conf))

    class JsonCheck(BaseResourceCheck):  # type: ignore[misc]
        def __init__(self) -> None:
            super().__init__(
                name=name,
                id=check_id,
                categories=(category,),
                supported_resources=tuple(json_attributes),
                guideline=guideline,
            )
            self.severity = Severities[severity]

        def scan_resource_conf(self, conf: dict[str, Any]) -> Any:
            attribute = json_attributes.get(self.entity_type, "policy")
            return decide(self, json_statements(conf, attribute))

    return DocumentCheck(), JsonCheck()
