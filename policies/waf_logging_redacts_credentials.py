"""CKV_MP_14 (MEDIUM): WAF request logs redact the `authorization` and `cookie` headers.

Rationale: WAF logs every request it sees; without redaction they hold bearer tokens and
session cookies, readable by anyone who can read the log group, for as long as it is kept.
"""

from typing import Any

from checkov.common.bridgecrew.severities import BcSeverities, Severities
from checkov.common.models.enums import CheckCategories, CheckResult
from checkov.terraform.checks.resource.base_resource_check import BaseResourceCheck
from policy_support import as_list, value

CREDENTIAL_HEADERS = {"authorization", "cookie"}


def _redacted_headers(conf: dict[str, Any]) -> set[str]:
    names = set()
    for field in as_list(conf.get("redacted_fields")):
        for header in as_list(field.get("single_header") if isinstance(field, dict) else None):
            name = value(header, "name") if isinstance(header, dict) else None
            if isinstance(name, str):
                names.add(name.lower())
    return names


class WafLoggingRedactsCredentials(BaseResourceCheck):
    def __init__(self) -> None:
        super().__init__(
            name="WAF logging redacts the authorization and cookie headers",
            id="CKV_MP_14",
            categories=(CheckCategories.LOGGING,),
            supported_resources=("aws_wafv2_web_acl_logging_configuration",),
            guideline="policies/README.md#ckv_mp_14",
        )
        self.severity = Severities[BcSeverities.MEDIUM]

    def scan_resource_conf(self, conf: dict[str, Any]) -> CheckResult:
        missing = sorted(CREDENTIAL_HEADERS - _redacted_headers(conf))
        self.details = [f"not redacted: {', '.join(missing)}"] if missing else []
        return CheckResult.FAILED if missing else CheckResult.PASSED


check = WafLoggingRedactsCredentials()
