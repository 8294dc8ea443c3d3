"""Match a planned scenario against an expected inventory (a subset), and write inventories."""

import re
from pathlib import Path
from typing import Any

import yaml

from harness.errors import HarnessError
from harness.plan import UNKNOWN, Plan

SECTIONS = ("values", "counts", "outputs")


def _show(value: Any) -> str:
    return (
        repr(value)
        if not isinstance(value, (dict, list))
        else yaml.safe_dump(value, default_flow_style=True, width=200).strip()
    )


def subset_diff(expected: Any, actual: Any, where: str) -> list[str]:
    """Lines naming every place where `actual` does not contain `expected`.

    Maps match as subsets (extra keys in the plan are fine); lists must have the same
    length and match element by element; UNKNOWN matches values known only after apply.
    """
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return [f"{where}: expected a map, got {_show(actual)}"]
        lines: list[str] = []
        for key, value in expected.items():
            if key not in actual:
                lines.append(f"{where}.{key}: expected {_show(value)}, attribute absent")
            else:
                lines += subset_diff(value, actual[key], f"{where}.{key}")
        return lines
    if isinstance(expected, list):
        if not isinstance(actual, list):
            return [f"{where}: expected a list, got {_show(actual)}"]
        if len(expected) != len(actual):
            return [f"{where}: expected {len(expected)} items, got {len(actual)}: {_show(actual)}"]
        lines = []
        for index, (want, got) in enumerate(zip(expected, actual, strict=True)):
            lines += subset_diff(want, got, f"{where}[{index}]")
        return lines
    if expected == UNKNOWN:
        return [] if actual == UNKNOWN else [f"{where}: expected unknown until apply, got {_show(actual)}"]
    if type(expected) is bool or type(actual) is bool:
        same = type(expected) is type(actual) and expected == actual
    else:
        same = expected == actual
    return [] if same else [f"{where}: expected {_show(expected)}, got {_show(actual)}"]


def diff(inventory: dict[str, Any], plan: Plan) -> list[str]:
    unknown = set(inventory) - set(SECTIONS)
    if unknown:
        return [f"inventory has unknown sections {sorted(unknown)}; use {', '.join(SECTIONS)}"]
    # An inventory that is easy to under-specify passes whatever the plan holds.
    if not inventory.get("values"):
        return ["inventory has no values: it would assert nothing (regenerate it, then trim)"]
    if "counts" not in inventory:
        return ["inventory has no counts: the exact set of resource types is part of every inventory"]
    lines: list[str] = []
    values = plan.values()
    for address, expected in (inventory.get("values") or {}).items():
        if address not in values:
            planned = ", ".join(sorted(values)) or "nothing"
            lines.append(f"values: {address} is not in the plan (planned: {planned})")
            continue
        lines += subset_diff(expected, values[address], f"values: {address}")
    counts = plan.counts()
    expected_counts = inventory.get("counts") or {}
    for resource_type in sorted(set(counts) | set(expected_counts)):
        got, expected_count = counts.get(resource_type, 0), expected_counts.get(resource_type)
        if expected_count is None:
            lines.append(f"counts: {resource_type}: {got} planned, not in the inventory (an unexpected type)")
        elif got != expected_count:
            lines.append(f"counts: {resource_type}: expected {expected_count}, got {got}")
    lines += subset_diff(inventory.get("outputs") or {}, plan.outputs, "outputs")
    return lines


def _recorded(value: Any) -> Any:
    """Every value as planned: a null stays null and a value known only after apply is written
    as the UNKNOWN marker, so both are asserted rather than silently dropped. `tags_all` is left
    to the tag tests (it repeats the provider's default tags on every resource)."""
    if isinstance(value, dict):
        return {k: _recorded(v) for k, v in value.items() if k != "tags_all"}
    if isinstance(value, list):
        return [_recorded(v) for v in value]
    return value


_INDEX = re.compile(r"\[[^\]]*\]")


def configured(raw: dict[str, Any], module: str | None = None) -> dict[str, set[str]]:
    """Per resource (instance keys dropped, relative to `module.<module>` when given): the
    top-level arguments its configuration sets, from the plan's `configuration` section."""
    found: dict[str, set[str]] = {}
    pending = [((raw.get("configuration") or {}).get("root_module") or {}, "")]
    while pending:
        block, prefix = pending.pop()
        for resource in block.get("resources", []):
            if resource.get("mode") == "managed":
                found[prefix + resource["address"]] = set(resource.get("expressions") or {})
        for name, call in (block.get("module_calls") or {}).items():
            pending.append((call.get("module") or {}, f"{prefix}module.{name}."))
    if module is None:
        return found
    strip = f"module.{module}."
    return {address[len(strip) :]: keys for address, keys in found.items() if address.startswith(strip)}


def _trimmed(address: str, values: dict[str, Any], arguments: dict[str, set[str]] | None) -> dict[str, Any]:
    """What the code decides: the arguments it sets, and every block it writes (a `dynamic`
    block is absent from the configuration's expressions). Provider defaults and computed
    attributes are left out, so a provider upgrade that adds or changes them churns nothing."""
    if arguments is None:
        return values
    keys = arguments.get(_INDEX.sub("", address))
    if keys is None:
        return values

    def is_block(value: Any) -> bool:
        return isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)

    return {k: v for k, v in values.items() if k in keys or is_block(v)}


def render(plan: Plan, arguments: dict[str, set[str]] | None = None) -> str:
    """An inventory of the plan: with `arguments` (see `configured`), only what the code sets."""
    document = {
        "values": {
            address: _recorded(_trimmed(address, values, arguments))
            for address, values in plan.values().items()
        },
        "counts": plan.counts(),
        "outputs": plan.outputs,
    }
    return yaml.safe_dump(document, sort_keys=True, width=100)


def load(path: Path) -> dict[str, Any]:
    if not path.is_file():
        raise HarnessError(f"inventory {path} does not exist.")
    data = yaml.safe_load(path.read_text()) or {}
    if not isinstance(data, dict):
        raise HarnessError(f"inventory {path} must be a map with {', '.join(SECTIONS)}.")
    return data
