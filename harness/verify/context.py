"""What every check reads: the env's outputs, the target, and retrying boto3 clients."""

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from harness.errors import HarnessError
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

# Parts of the stack that envs/emulator.tfvars switches off, with the reason a check gives.
_GAP = "not implemented by the emulator (envs/emulator.tfvars)"
FEATURE_REASONS = {
    "cache": f"ElastiCache user groups are {_GAP}",
    "budget": f"Budgets tags and notifications are {_GAP}",
    "backup_selection": f"AWS Backup selections are {_GAP}",
    "backup_notifications": f"AWS Backup vault notifications are {_GAP}",
    "cloudfront_headers": f"CloudFront response-headers policies are {_GAP}",
}


@dataclass
class Context:
    env: str
    target: Target
    outputs: dict[str, Any]
    attempts: int = 5
    _clients: dict[tuple[str, str], Any] = field(default_factory=dict)
    _memo: dict[str, Any] = field(default_factory=dict)

    def once(self, key: str, read: Callable[[], Any]) -> Any:
        """A describe call several checks share, made once per run."""
        if key not in self._memo:
            self._memo[key] = self.call(read)
        return self._memo[key]

    @property
    def resources(self) -> dict[str, Any]:
        return dict(self.outputs.get("resources") or {})

    @property
    def expected(self) -> dict[str, Any]:
        return dict(self.outputs.get("expected") or {})

    def resource(self, name: str) -> Any:
        value = self.resources.get(name)
        if value in (None, "", []):
            raise HarnessError(f"terraform output resources.{name} is missing; was the env applied?", 1)
        return value

    def feature(self, name: str) -> bool:
        return bool((self.expected.get("features") or {}).get(name, True))

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
