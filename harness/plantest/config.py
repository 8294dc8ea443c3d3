"""Read the `configuration` part of plan JSON: which resource refers to which.

Inventories assert values; these helpers assert wiring that only shows as references
(a route table with no route to the internet, a policy attached to the right role).
"""

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from harness.plan import Plan


def module_resources(raw: dict[str, Any], module: str) -> dict[str, dict[str, Any]]:
    """Resource configurations of `module.<module>` and its children, by relative address."""
    call = raw["configuration"]["root_module"]["module_calls"][module]
    found: dict[str, dict[str, Any]] = {}

    def walk(block: dict[str, Any], prefix: str) -> None:
        for resource in block.get("resources", []):
            found[prefix + resource["address"]] = resource
        for name, child in block.get("module_calls", {}).items():
            walk(child["module"], f"{prefix}module.{name}.")

    walk(call["module"], "")
    return found


def references(resource: dict[str, Any], attribute: str) -> list[str]:
    expression = resource.get("expressions", {}).get(attribute, {})
    return list(expression.get("references", [])) if isinstance(expression, dict) else []


def referrers(raw: dict[str, Any], module: str, target: str) -> list[tuple[str, str]]:
    """Every (resource address, attribute) in the module whose expression names `target`."""
    hits = []
    for address, resource in module_resources(raw, module).items():
        for attribute, expression in resource.get("expressions", {}).items():
            refs = expression.get("references", []) if isinstance(expression, dict) else []
            if target in refs:
                hits.append((address, attribute))
    return hits


def deferred_statements(plan: "Plan", address: str) -> list[dict[str, Any]]:
    """Statements of an `aws_iam_policy_document` whose JSON is unknown until apply.

    Such a data source is read during apply, so the plan carries its inputs (actions,
    resources, conditions) in `resource_changes` instead of the rendered JSON.
    """
    resource = plan.one(address)
    statements = resource.values.get("statement")
    if not isinstance(statements, list):
        raise KeyError(f"{address} has no deferred statements in the plan")
    return statements
