"""What every check reads: the env's outputs and state, the target, and its boto3 clients.

Retries are botocore's alone (adaptive mode, up to 8 retries: throttling, transient and connection
errors; harness/targets.py); nothing here retries on top of them."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from harness.outputs_contract import EnvOutputs, Expected, Resources
from harness.targets import Target
from harness.tfstate import State


@dataclass
class Context:
    env: str
    target: Target
    outputs: EnvOutputs
    state: State = field(default_factory=State)
    read_only: bool = False
    _clients: dict[tuple[str, str], Any] = field(default_factory=dict)
    _memo: dict[str, Any] = field(default_factory=dict)

    def once(self, key: str, read: Callable[[], Any]) -> Any:
        """A describe call several checks share, made once per run."""
        if key not in self._memo:
            self._memo[key] = read()
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
