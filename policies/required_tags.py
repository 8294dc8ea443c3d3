"""CKV_MP_1 (HIGH): every taggable resource carries Project, Environment and CostCenter.

Rationale: cost allocation (the budget filters on them) and ownership of every resource.
"""

from typing import Any

from checkov.common.bridgecrew.severities import BcSeverities, Severities
from checkov.common.models.enums import CheckCategories, CheckResult
from checkov.terraform.checks.resource.base_resource_check import BaseResourceCheck
from policy_support import resolved_tags

REQUIRED = ("Project", "Environment", "CostCenter")


class RequiredTags(BaseResourceCheck):
    def __init__(self) -> None:
        super().__init__(
            name="Taggable resources carry Project, Environment and CostCenter tags",
            id="CKV_MP_1",
            categories=(CheckCategories.CONVENTION,),
            supported_resources=("aws_*",),
            guideline="policies/README.md#ckv_mp_1",
        )
        self.severity = Severities[BcSeverities.HIGH]

    def scan_resource_conf(self, conf: dict[str, Any]) -> CheckResult:
        tags = resolved_tags(conf)
        if tags is None:
            # Not taggable, or the tags are an expression only a plan resolves.
            return CheckResult.UNKNOWN
        missing = [key for key in REQUIRED if not tags.get(key)]
        self.details = [f"missing tag {key}" for key in missing]
        return CheckResult.FAILED if missing else CheckResult.PASSED


check = RequiredTags()
