"""A plan that can leave the runner: what a review needs, nothing that could hold a secret.

Terraform's plan JSON carries every attribute value in clear, sensitive ones included (they
are only flagged), plus the prior state, the variables and the configuration. A pull
request's artifacts can be downloaded by anyone who can read the repository, so what the PR
workflow uploads is this: each change's address, type and actions, the names of the
attributes that change, and the outputs' actions. No value of any kind.
"""

from typing import Any

from harness.plan import changed_attributes

PLAN_KEYS = ("format_version", "terraform_version")
RESOURCE_KEYS = ("address", "module_address", "mode", "type", "name", "index", "provider_name")


def redact(raw: dict[str, Any]) -> dict[str, Any]:
    redacted: dict[str, Any] = {k: raw[k] for k in PLAN_KEYS if k in raw}
    redacted["resource_changes"] = [
        {
            **{k: change[k] for k in RESOURCE_KEYS if k in change},
            "change": {
                "actions": list(change.get("change", {}).get("actions", [])),
                "changed_attributes": changed_attributes(change.get("change", {})),
                "replace_paths": [
                    path[:1]
                    for path in change.get("change", {}).get("replace_paths") or []
                    if isinstance(path, list) and path and isinstance(path[0], str)
                ],
            },
        }
        for change in raw.get("resource_changes", [])
    ]
    outputs = raw.get("output_changes", {})
    redacted["output_changes"] = {
        name: {"actions": list(change.get("actions", []))} for name, change in outputs.items()
    }
    return redacted


MASK = "(sensitive value)"


def _sensitive_leaves(value: Any, flags: Any, out: set[str]) -> None:
    if flags is True:
        if isinstance(value, dict | list):
            _sensitive_leaves(value, _all(value), out)
        elif value is not None and not isinstance(value, bool):
            out.add(str(value))
    elif isinstance(flags, dict) and isinstance(value, dict):
        for key, flag in flags.items():
            _sensitive_leaves(value.get(key), flag, out)
    elif isinstance(flags, list) and isinstance(value, list):
        for item, flag in zip(value, flags, strict=False):
            _sensitive_leaves(item, flag, out)


def _all(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: True for key in value}
    return [True] * len(value)


def sensitive_values(raw: dict[str, Any]) -> set[str]:
    """Every value the plan marks sensitive: in changes, outputs and the prior state."""
    found: set[str] = set()
    for change in raw.get("resource_changes", []):
        detail = change.get("change", {})
        _sensitive_leaves(detail.get("before"), detail.get("before_sensitive"), found)
        _sensitive_leaves(detail.get("after"), detail.get("after_sensitive"), found)
    for change in raw.get("output_changes", {}).values():
        _sensitive_leaves(change.get("before"), change.get("before_sensitive"), found)
        _sensitive_leaves(change.get("after"), change.get("after_sensitive"), found)
    modules = [(raw.get("prior_state") or {}).get("values", {}).get("root_module") or {}]
    while modules:
        module = modules.pop()
        modules += module.get("child_modules", [])
        for resource in module.get("resources", []):
            _sensitive_leaves(resource.get("values"), resource.get("sensitive_values"), found)
    return {value for value in found if len(value) >= 6}


def scrub_text(text: str, raw: dict[str, Any]) -> str:
    """`terraform show` masks a sensitive attribute, but not the same value where it flows into an
    attribute that is not marked (an origin secret in a listener rule): mask it everywhere."""
    for value in sorted(sensitive_values(raw), key=len, reverse=True):
        text = text.replace(value, MASK)
    return text
