"""Decide whether IAM policies allow a request, the way AWS evaluates them.

moto stores policies but enforces none of them, so what a role can really do on an account is
answered here: an explicit Deny in any policy wins, then an Allow in an identity (or resource)
policy, and a permissions boundary must allow the action too. Statements may use Action or
NotAction, Resource or NotResource, and the condition operators this stack writes
(String*, Arn*, Bool, Null, each with IfExists, and ForAnyValue:/ForAllValues: prefixes).
Unknown operators raise: a check that cannot be decided must not look like a pass.
"""

import fnmatch
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

Context = Mapping[str, str | list[str]]


@dataclass(frozen=True)
class Request:
    action: str
    resource: str
    context: Context = field(default_factory=dict)


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _glob(pattern: str, value: str, case_sensitive: bool) -> bool:
    pattern = pattern.replace("[", "[[]")  # IAM knows only * and ?
    if not case_sensitive:
        return fnmatch.fnmatchcase(value.lower(), pattern.lower())
    return fnmatch.fnmatchcase(value, pattern)


def _action_matches(patterns: Iterable[str], action: str) -> bool:
    return any(_glob(p, action, case_sensitive=False) for p in patterns)


def _resource_matches(patterns: Iterable[str], resource: str) -> bool:
    return any(_glob(p, resource, case_sensitive=True) for p in patterns)


_BASE_OPERATORS: dict[str, Callable[[str, str], bool]] = {
    "StringEquals": lambda p, v: p == v,
    "StringEqualsIgnoreCase": lambda p, v: p.lower() == v.lower(),
    "StringLike": lambda p, v: _glob(p, v, case_sensitive=True),
    "ArnEquals": lambda p, v: _glob(p, v, case_sensitive=True),
    "ArnLike": lambda p, v: _glob(p, v, case_sensitive=True),
    "Bool": lambda p, v: p.lower() == v.lower(),
}
_NEGATED = {
    "StringNotEquals": "StringEquals",
    "StringNotEqualsIgnoreCase": "StringEqualsIgnoreCase",
    "StringNotLike": "StringLike",
    "ArnNotEquals": "ArnEquals",
    "ArnNotLike": "ArnLike",
}


def _condition_holds(operator: str, key: str, expected: list[str], context: Context) -> bool:
    qualifier = ""
    if ":" in operator:
        qualifier, operator = operator.split(":", 1)
    if_exists = operator.endswith("IfExists")
    operator = operator.removesuffix("IfExists")
    present = key in context
    values = [str(v) for v in _as_list(context.get(key))]
    if operator == "Null":
        return (not present) == (str(expected[0]).lower() == "true")
    if not present:
        # A missing key: negated operators hold, others do not; IfExists makes any of them hold.
        return if_exists or operator in _NEGATED
    negated = operator in _NEGATED
    base = _BASE_OPERATORS.get(_NEGATED.get(operator, operator))
    if base is None:
        raise ValueError(f"condition operator {operator} is not supported by this evaluator")

    def matches(value: str) -> bool:
        return any(base(str(pattern), value) for pattern in expected)

    if qualifier == "ForAllValues":
        result = all(matches(v) for v in values)
    else:  # single-valued keys and ForAnyValue
        result = any(matches(v) for v in values)
    return not result if negated else result


def _principal_applies(statement: Mapping[str, Any], request: Request) -> bool:
    """Resource-policy statements name who they are for; identity statements have no Principal."""
    if "Principal" not in statement:
        return True
    principal = statement["Principal"]
    if principal == "*":
        return True
    if not isinstance(principal, Mapping):
        return False
    callers = {
        "AWS": request.context.get("aws:PrincipalArn"),
        "Federated": request.context.get("aws:FederatedProvider"),
        "Service": request.context.get("aws:PrincipalServiceName"),
    }
    return any(p in ("*", callers.get(kind)) for kind, named in principal.items() for p in _as_list(named))


def _listed(
    statement: Mapping[str, Any], key: str, value: str, match: Callable[[Iterable[str], str], bool]
) -> bool:
    """Whether `value` is covered by the statement's Action/Resource (or not by NotAction/NotResource)."""
    if key in statement:
        return match(_as_list(statement[key]), value)
    if f"Not{key}" in statement:
        return not match(_as_list(statement[f"Not{key}"]), value)
    return True


def _statement_applies(statement: Mapping[str, Any], request: Request) -> bool:
    if not (
        _principal_applies(statement, request)
        and _listed(statement, "Action", request.action, _action_matches)
        and _listed(statement, "Resource", request.resource, _resource_matches)
    ):
        return False
    return all(
        _condition_holds(operator, key, [str(e) for e in _as_list(expected)], request.context)
        for operator, keys in (statement.get("Condition") or {}).items()
        for key, expected in keys.items()
    )


def statements(document: str | Mapping[str, Any]) -> list[dict[str, Any]]:
    parsed = json.loads(document) if isinstance(document, str) else dict(document)
    return [dict(s) for s in _as_list(parsed.get("Statement"))]


def effects(documents: Iterable[str | Mapping[str, Any]], request: Request) -> set[str]:
    """The effects (Allow, Deny) of every statement of `documents` that applies to `request`."""
    return {
        str(s.get("Effect", "Allow"))
        for d in documents
        for s in statements(d)
        if _statement_applies(s, request)
    }


def decide(
    request: Request,
    identity: Iterable[str | Mapping[str, Any]],
    boundary: str | Mapping[str, Any] | None = None,
    resource_policies: Iterable[str | Mapping[str, Any]] = (),
) -> str:
    """'allowed', 'explicit-deny' or 'implicit-deny' for a request by one principal."""
    identity = list(identity)
    resource_policies = list(resource_policies)
    everything = identity + resource_policies + ([boundary] if boundary is not None else [])
    if "Deny" in effects(everything, request):
        return "explicit-deny"
    if boundary is not None and "Allow" not in effects([boundary], request):
        return "implicit-deny"
    if "Allow" in effects(identity + resource_policies, request):
        return "allowed"
    return "implicit-deny"
