"""A plan that can leave the runner: what a review needs, nothing that could hold a secret.

Terraform's plan JSON carries every attribute value in clear, sensitive ones included (they
are only flagged), plus the prior state, the variables and the configuration. A pull
request's artifacts can be downloaded by anyone who can read the repository, so what the PR
workflow uploads is this: each change's address, type and actions, the names of the
attributes that change, and the outputs' actions. No value of any kind.
"""

from typing import Any

PLAN_KEYS = ("format_version", "terraform_version")
RESOURCE_KEYS = ("address", "module_address", "mode", "type", "name", "index", "provider_name")


def changed_attributes(change: dict[str, Any]) -> list[str]:
    """Top-level attribute names whose planned value differs from the current one, or is unknown."""
    before = change.get("before") or {}
    after = change.get("after") or {}
    unknown = change.get("after_unknown") or {}
    if not isinstance(before, dict) or not isinstance(after, dict):
        return []
    names = set(before) | set(after) | {k for k, v in unknown.items() if v}
    return sorted(n for n in names if before.get(n) != after.get(n) or unknown.get(n))


def redact(raw: dict[str, Any]) -> dict[str, Any]:
    redacted: dict[str, Any] = {k: raw[k] for k in PLAN_KEYS if k in raw}
    redacted["resource_changes"] = [
        {**{k: change[k] for k in RESOURCE_KEYS if k in change},
         "change": {"actions": list(change.get("change", {}).get("actions", [])),
                    "changed_attributes": changed_attributes(change.get("change", {}))}}
        for change in raw.get("resource_changes", [])
    ]
    outputs = raw.get("output_changes", {})
    redacted["output_changes"] = {name: {"actions": list(change.get("actions", []))}
                                  for name, change in outputs.items()}
    return redacted
