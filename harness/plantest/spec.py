"""Load a tftest.yaml: the module under test, shared tfvars, and named scenarios."""

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import hcl2
import yaml
from hcl2 import SerializationOptions

from harness.errors import HarnessError

_HCL = SerializationOptions(strip_string_quotes=True, explicit_blocks=False)
_NAME = re.compile(r"^[a-z0-9_-]+$")


@dataclass(frozen=True)
class Scenario:
    name: str
    tfvars: dict[str, Any]
    inventory: Path | None = None
    error: str | None = None

    @property
    def module_name(self) -> str:
        return "s_" + self.name.replace("-", "_")


@dataclass(frozen=True)
class Spec:
    path: Path
    module: Path
    providers: dict[str, str]
    scenarios: tuple[Scenario, ...]

    def scenario(self, name: str) -> Scenario:
        for scenario in self.scenarios:
            if scenario.name == name:
                return scenario
        raise HarnessError(f"{self.path}: no scenario named '{name}'.")


def read_tfvars(path: Path) -> dict[str, Any]:
    text = path.read_text()
    json_file = path.suffix == ".json"
    data = yaml.safe_load(text) if json_file else hcl2.loads(text, serialization_options=_HCL)
    if not isinstance(data, dict):
        raise HarnessError(f"{path}: a tfvars file must hold a map of variables.")
    return data


def _tfvars(value: Any, base: Path, where: str) -> dict[str, Any]:
    """Inline map, one tfvars file name, or a list of them (later files win)."""
    if value is None:
        return {}
    if isinstance(value, dict):
        return dict(value)
    files = [value] if isinstance(value, str) else value
    if not isinstance(files, list) or not all(isinstance(f, str) for f in files):
        raise HarnessError(f"{where}: tfvars must be a map, a file name or a list of file names.")
    merged: dict[str, Any] = {}
    for name in files:
        path = base / name
        if not path.is_file():
            raise HarnessError(f"{where}: tfvars file {path} does not exist.")
        merged.update(read_tfvars(path))
    return merged


def load(path: Path) -> Spec:
    path = path.resolve()
    raw = yaml.safe_load(path.read_text()) or {}
    base = path.parent
    if "module" not in raw:
        raise HarnessError(f"{path}: 'module' (the module folder, relative to this file) is required.")
    module = (base / raw["module"]).resolve()
    if not module.is_dir():
        raise HarnessError(f"{path}: module folder {module} does not exist.")
    common = _tfvars(raw.get("common_tfvars"), base, f"{path}: common_tfvars")
    scenarios = []
    for name, body in (raw.get("tests") or {}).items():
        body = body or {}
        where = f"{path}: tests.{name}"
        if not _NAME.match(str(name)):
            raise HarnessError(f"{where}: scenario names use lowercase letters, digits, - and _.")
        tfvars = {**common, **_tfvars(body.get("tfvars"), base, where)}
        error = body.get("error")
        inventory = None
        if error is None:
            inventory = base / body.get("inventory", f"{name}.yaml")
            if "inventory" in body and not inventory.is_file():
                raise HarnessError(f"{where}: inventory {inventory} does not exist.")
        scenarios.append(
            Scenario(
                name=str(name),
                tfvars=tfvars,
                inventory=inventory,
                error=str(error) if error is not None else None,
            )
        )
    if not scenarios:
        raise HarnessError(f"{path}: 'tests' names no scenario.")
    providers = {str(k): str(v) for k, v in (raw.get("providers") or {}).items()}
    return Spec(path=path, module=module, providers=providers, scenarios=tuple(scenarios))
