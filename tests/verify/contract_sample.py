"""Complete outputs for a verify Context: every contract field present, placeholders where a test
does not care, and the values a test names."""

import dataclasses
import types
from typing import Any, Union, get_args, get_origin, get_type_hints

from harness.outputs_contract import EnvOutputs


def _placeholder(name: str, hint: Any) -> Any:
    if get_origin(hint) in (Union, types.UnionType) and type(None) in get_args(hint):
        return None
    origin = get_origin(hint) or hint
    return {str: f"unset-{name}", list: [], dict: {}, int: 0, bool: False, float: 0.0}[origin]


def _filled(kind: type, given: dict[str, Any]) -> dict[str, Any]:
    hints = get_type_hints(kind)
    return {
        f.name: _filled(hints[f.name], given.get(f.name, {}))
        if dataclasses.is_dataclass(hints[f.name])
        else given.get(f.name, _placeholder(f.name, hints[f.name]))
        for f in dataclasses.fields(kind)
    }


def outputs(
    resources: dict[str, Any] | None = None, expected: dict[str, Any] | None = None, **top: Any
) -> EnvOutputs:
    return EnvOutputs.parse(
        _filled(EnvOutputs, {**top, "resources": resources or {}, "expected": expected or {}})
    )
