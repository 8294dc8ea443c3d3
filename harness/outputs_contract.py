"""The contract between envs/common/outputs.tf and the harness, as types.

Verification, the app delivery commands and `doctor` read an applied env's outputs through
`EnvOutputs.parse`; a missing or mistyped field is one line naming it, before any AWS call.
tests/envs/test_outputs_contract.py checks, from the plans, that both envs provide every
field declared here, so a renamed output fails a plan test instead of the live e2e run.
"""

import dataclasses
import types
from dataclasses import dataclass
from typing import Any, Union, get_args, get_origin, get_type_hints

from harness.errors import HarnessError


@dataclass(frozen=True)
class Resources:
    region: str
    dr_region: str
    vpc_id: str
    public_subnet_ids: list[str]
    private_subnet_ids: list[str]
    database_subnet_ids: list[str]
    nat_gateway_ids: list[str]
    db_cluster_id: str
    db_kms_key_arn: str
    db_parameter_group: str
    db_security_group: str
    cache_group_id: str | None
    alb_arn: str
    target_group_arn: str
    task_family: str
    task_template_arn: str
    registry_url: str
    registry_name: str
    migration_task: str
    container_name: str
    log_group_name: str
    tasks_security_group: str
    alb_security_group: str
    web_acl_arn: str
    web_acl_name: str
    storage_bucket: str
    storage_kms_key_arn: str
    secret_name: str
    backup_vault: str
    backup_plan_id: str
    budget_name: str | None
    alarm_names: dict[str, str]
    trail_name: str


@dataclass(frozen=True)
class Uploads:
    """The uploads pipeline's function (modules/uploads)."""

    name: str
    runtime: str
    code_sha256: str
    dead_letter_queue: str
    uploads_prefix: str
    quarantine_prefix: str


@dataclass(frozen=True)
class Expected:
    environment: str
    az_count: int
    nat_gateways: int
    db_instance_count: int
    db_instance_class: str
    db_backup_retention: int
    db_deletion_protection: bool
    api_cpu: int
    api_memory: int
    api_desired_count: int
    api_min_capacity: int
    api_max_capacity: int
    alb_listeners: list[str]
    log_retention_days: int
    storage_versioning: bool
    storage_replication: bool
    backup_retention_days: int
    cross_region_copy: bool
    budget_limit_usd: float
    features: dict[str, bool]
    managed_rule_groups: list[str]
    secret_keys: list[str]
    secret_placeholders: dict[str, str]
    api_containers: list[str]
    uploads: Uploads


@dataclass(frozen=True)
class EnvOutputs:
    api_endpoint: str
    frontend_url: str
    database_endpoint: str
    database_cluster_name: str
    service_name: str
    cluster_name: str
    alert_topic_arn: str
    app_secret_arn: str
    db_master_secret_arn: str
    distribution_id: str
    resources: Resources
    expected: Expected

    @classmethod
    def parse(cls, raw: dict[str, Any]) -> "EnvOutputs":
        parsed: EnvOutputs = _parse(cls, raw, "")
        return parsed


def field_names(kind: type) -> list[str]:
    return [f.name for f in dataclasses.fields(kind)]


def _accepts(hint: Any, value: Any) -> bool:
    origin = get_origin(hint)
    if origin in (Union, types.UnionType):
        return any(_accepts(option, value) for option in get_args(hint))
    if hint is type(None):
        return value is None
    if hint is float:
        return isinstance(value, int | float) and not isinstance(value, bool)
    if hint is int:
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, origin or hint)


def _parse(kind: Any, raw: Any, where: str) -> Any:
    if not isinstance(raw, dict):
        raise HarnessError(f"terraform output {where or 'set'} is not an object; was the env applied?", 1)
    hints = get_type_hints(kind)
    missing = [name for name in field_names(kind) if name not in raw]
    if missing:
        names = ", ".join(f"{where}{name}" for name in missing)
        raise HarnessError(f"terraform outputs missing: {names}; was the env applied with this code?", 1)
    values = {}
    for name in field_names(kind):
        hint, value = hints[name], raw[name]
        if dataclasses.is_dataclass(hint):
            values[name] = _parse(hint, value, f"{where}{name}.")
        elif not _accepts(hint, value):
            raise HarnessError(f"terraform output {where}{name} is {value!r}, not a {hint}.", 1)
        else:
            values[name] = value
    return kind(**values)
