"""CKV_MP_7 (HIGH): every S3 bucket policy denies requests that do not use TLS.

Rationale: presigned URLs and CloudFront both use HTTPS; a plain-HTTP request to a bucket is
never legitimate. A policy the scan cannot read (an expression resolved only at apply) is
not judged; the plan of each env resolves most of them.
"""

from typing import Any

from checkov.common.bridgecrew.severities import BcSeverities, Severities
from checkov.common.models.enums import CheckCategories, CheckResult
from checkov.terraform.checks.resource.base_resource_check import BaseResourceCheck
from policy_support import as_list, policy_statements


def denies_plain_http(statement: dict[str, Any]) -> bool:
    if statement.get("Effect") != "Deny":
        return False
    condition = statement.get("Condition") or {}
    secure = (condition.get("Bool") or {}).get("aws:SecureTransport")
    return [str(v).lower() for v in as_list(secure)] == ["false"]


class S3DenyInsecureTransport(BaseResourceCheck):
    def __init__(self) -> None:
        super().__init__(
            name="S3 bucket policies deny requests without TLS (aws:SecureTransport = false)",
            id="CKV_MP_7",
            categories=(CheckCategories.ENCRYPTION,),
            supported_resources=("aws_s3_bucket_policy",),
            guideline="policies/README.md#ckv_mp_7",
        )
        self.severity = Severities[BcSeverities.HIGH]

    def scan_resource_conf(self, conf: dict[str, Any]) -> CheckResult:
        statements = policy_statements(conf)
        if statements is None:
            return CheckResult.UNKNOWN
        return CheckResult.PASSED if any(map(denies_plain_http, statements)) else CheckResult.FAILED


check = S3DenyInsecureTransport()
