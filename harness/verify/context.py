"""What every check reads: the env's outputs, the target, and retrying boto3 clients."""

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from harness.outputs_contract import EnvOutputs, Expected, Resources
from harness.targets import Target

T = TypeVar("T")
_RETRYABLE = (
    "Throttling",
    "ThrottlingException",
    "RequestLimitExceeded",
    "TooManyRequestsException",
    "ServiceUnavailable",
    "InternalError",
)


@dataclass
class Context:
    env: str
    target: Target
    outputs: EnvOutputs
    attempts: int = 5
    _clients: dict[tuple[str, str], Any] = field(default_factory=dict)
    _memo: dict[str, Any] = field(default_factory=dict)

    def once(self, key: str, read: Callable[[], Any]) -> Any:
        """A describe call several checks share, made once per run."""
        if key not in self._memo:
            self._memo[key] = self.call(read)
        return self._memo[key]

    @property
    def resources(self) -> Resources:
        return self.outputs.resources

    @property
    def expected(self) -> Expected:
        return self.outputs.expected

    def switched_off(self, feature: str) -> str | None:
        """Why a part of the stack is absent from this env (`features.<name> = false`), or None."""
        if self.expected.features.get(feature, True):
            return None
        return self.target.lacks(feature) or f"features.{feature} is false in {self.env}"

    def client(self, service: str, region: str | None = None) -> Any:
        key = (service, region or self.target.region)
        if key not in self._clients:
            self._clients[key] = self.target.client(service, region=region)
        return self._clients[key]

    def call(self, action: Callable[[], T]) -> T:
        """Run a read with bounded retries for throttling and eventual consistency."""
        from botocore.exceptions import ClientError, EndpointConnectionError

        for attempt in range(self.attempts):
            try:
                return action()
            except ClientError as exc:
                code = exc.response.get("Error", {}).get("Code", "")
                if code not in _RETRYABLE or attempt == self.attempts - 1:
                    raise
            except EndpointConnectionError:
                if attempt == self.attempts - 1:
                    raise
            time.sleep(min(8.0, 0.5 * 2**attempt))
        raise AssertionError("unreachable")
