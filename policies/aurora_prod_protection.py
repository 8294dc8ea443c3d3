"""CKV_MP_2 (CRITICAL): a prod Aurora cluster has deletion protection, backup retention of
at least 30 days and a final snapshot.

Rationale: the seed's production data guarantees; a destroy or a bad apply must not lose data.
The environment is read from the Environment tag; clusters of other environments pass.
"""

from typing import Any

from checkov.common.bridgecrew.severities import BcSeverities, Severities
from checkov.common.models.enums import CheckCategories, CheckResult
from checkov.terraform.checks.resource.base_resource_check import BaseResourceCheck
from policy_support import resolved_tags, value

MIN_RETENTION_DAYS = 30


class AuroraProdProtection(BaseResourceCheck):
    def __init__(self) -> None:
        super().__init__(
            name="Prod Aurora has deletion protection, >= 30 days of backups and a final snapshot",
            id="CKV_MP_2",
            categories=(CheckCategories.BACKUP_AND_RECOVERY,),
            supported_resources=("aws_rds_cluster",),
            guideline="policies/README.md#ckv_mp_2",
        )
        self.severity = Severities[BcSeverities.CRITICAL]

    def scan_resource_conf(self, conf: dict[str, Any]) -> CheckResult:
        tags = resolved_tags(conf)
        if tags is None or "Environment" not in tags:
            return CheckResult.UNKNOWN
        if tags["Environment"] != "prod":
            return CheckResult.PASSED
        problems = []
        if value(conf, "deletion_protection") is not True:
            problems.append("deletion_protection is not true")
        retention = value(conf, "backup_retention_period")
        if not isinstance(retention, int) or retention < MIN_RETENTION_DAYS:
            problems.append(f"backup_retention_period {retention} < {MIN_RETENTION_DAYS}")
        if value(conf, "skip_final_snapshot") is not False:
            problems.append("skip_final_snapshot is not false")
        if not value(conf, "final_snapshot_identifier"):
            problems.append("final_snapshot_identifier is not set")
        self.details = problems
        return CheckResult.FAILED if problems else CheckResult.PASSED


check = AuroraProdProtection()
