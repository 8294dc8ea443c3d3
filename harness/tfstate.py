"""The env's resources as Terraform recorded them: what verify checks, found without a hand-kept list.

The stored state (`terraform state pull`), or `terraform show -json` of it (a plan's prior
state), flattened over child modules to managed resources. A resource added to any module
later is in here after its first apply, so every check that walks a kind covers it without
new code.
"""

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class StateResource:
    address: str
    type: str
    values: dict[str, Any]

    @property
    def region(self) -> str | None:
        """From the ARN (a provider alias leaves no other trace in the state); None if it has none."""
        arn = str(self.values.get("arn") or "")
        parts = arn.split(":")
        return parts[3] or None if len(parts) > 4 and parts[0] == "arn" else None

    @property
    def label(self) -> str:
        """The address with the AWS name, as a finding names the resource."""
        for field in ("bucket", "alarm_name", "name", "key_id", "id"):
            if self.values.get(field):
                return f"{self.address} ({self.values[field]})"
        return self.address

    def named(self, name: object) -> str:
        return f"{self.address} ({name})"


@dataclass(frozen=True)
class State:
    resources: tuple[StateResource, ...] = ()

    @classmethod
    def parse(cls, shown: dict[str, Any]) -> "State":
        root = (shown.get("values") or {}).get("root_module") or {}
        return cls(tuple(_walk(root)))

    @classmethod
    def from_pulled(cls, pulled: dict[str, Any]) -> "State":
        """From `terraform state pull` (the stored state, format 4): the same resources as
        `show -json` gives, without loading the provider (2.5 s of CPU on every read)."""
        found = []
        for resource in pulled.get("resources") or []:
            if resource.get("mode") != "managed":
                continue
            prefix = f"{resource['module']}." if resource.get("module") else ""
            for instance in resource.get("instances") or []:
                if instance.get("deposed"):
                    continue  # an object waiting to be destroyed, not the resource
                address = f"{prefix}{resource['type']}.{resource['name']}{_key(instance.get('index_key'))}"
                found.append(
                    StateResource(address, str(resource["type"]), dict(instance.get("attributes") or {}))
                )
        return cls(tuple(found))

    def of(self, resource_type: str) -> list[StateResource]:
        return [r for r in self.resources if r.type == resource_type]

    def first(self, resource_type: str, **match: Any) -> StateResource | None:
        """The first resource of the type whose values hold every `match` pair."""
        return next(
            (r for r in self.of(resource_type) if all(r.values.get(k) == v for k, v in match.items())),
            None,
        )


def _walk(module: dict[str, Any]) -> Iterator[StateResource]:
    for item in module.get("resources") or []:
        if item.get("mode") == "managed":
            yield StateResource(str(item["address"]), str(item["type"]), dict(item.get("values") or {}))
    for child in module.get("child_modules") or []:
        yield from _walk(child)


def pulled_outputs(pulled: dict[str, Any]) -> dict[str, Any]:
    """The root module's outputs of a pulled state, as `terraform output -json` gives their values."""
    return {name: item.get("value") for name, item in (pulled.get("outputs") or {}).items()}


def _key(index: Any) -> str:
    if index is None:
        return ""
    return f"[{json.dumps(index)}]" if isinstance(index, str) else f"[{index}]"
