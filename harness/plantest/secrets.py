"""Find secret-bearing values in plan JSON: a password or token that Terraform would store."""

import re
from typing import Any

# Attributes that carry a secret when they hold a value. Write-only twins (`*_wo`) are
# always null in plans and state, which is the point of them.
SECRET_ATTRIBUTE = re.compile(
    r"(^|_)(password|secret_string|secret_binary|auth_token|private_key|secret_access_key)$"
)


def _walk(value: Any, path: str, found: list[tuple[str, str]]) -> None:
    if isinstance(value, dict):
        for key, child in value.items():
            where = f"{path}.{key}" if path else str(key)
            if SECRET_ATTRIBUTE.search(str(key)) and isinstance(child, str) and child:
                found.append((where, child))
            else:
                _walk(child, where, found)
    elif isinstance(value, list):
        for index, child in enumerate(value):
            _walk(child, f"{path}[{index}]", found)


def secret_values(raw: dict[str, Any]) -> list[tuple[str, str]]:
    """(where, value) for every secret-named attribute that holds a string, anywhere in the plan."""
    found: list[tuple[str, str]] = []
    for change in raw.get("resource_changes", []):
        detail = change.get("change", {})
        for side in ("before", "after"):
            _walk(detail.get(side), f"{change['address']}({side})", found)
    _walk(raw.get("planned_values"), "planned_values", found)
    _walk(raw.get("prior_state"), "prior_state", found)
    _walk(raw.get("variables"), "variables", found)
    _walk(raw.get("configuration"), "configuration", found)
    return found
