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
