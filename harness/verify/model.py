"""Checks are data: an id, the resource read, what was expected, what was seen, a result."""

import enum
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from harness.verify.context import Context


class Status(enum.StrEnum):
    PASS = "pass"
    FAIL = "fail"
    WARN = "warn"
    NOT_APPLICABLE = "n/a"


@dataclass(frozen=True)
class Check:
    id: str
    resource: str
    expected: str
    observed: str
    status: Status
    reason: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "status": self.status.value}


def compare(check_id: str, resource: str, expected: Any, observed: Any, reason: str = "") -> Check:
    status = Status.PASS if expected == observed else Status.FAIL
    return Check(check_id, resource, str(expected), str(observed), status, reason)


def not_applicable(check_id: str, resource: str, reason: str) -> Check:
    return Check(check_id, resource, "-", "-", Status.NOT_APPLICABLE, reason)


def failed(check_id: str, resource: str, expected: str, reason: str) -> Check:
    return Check(check_id, resource, expected, "error", Status.FAIL, reason)


CheckFunction = Callable[["Context"], "Check | list[Check]"]
