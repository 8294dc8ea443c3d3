"""CKV_MP_4 (HIGH): no security group admits the whole internet (0.0.0.0/0 or ::/0).

Rationale: the only public entry is CloudFront with its WAF; the ALB admits CloudFront's
origin-facing prefix list only. An internet-facing ALB that carries its own regional WAF is
the one accepted exception: suppress this rule on its ingress rule with
`#checkov:skip=CKV_MP_4:<the aws_wafv2_web_acl_association that protects it>`.
"""

from typing import Any

from checkov.common.bridgecrew.severities import BcSeverities, Severities
from checkov.common.models.enums import CheckCategories, CheckResult
from checkov.terraform.checks.resource.base_resource_check import BaseResourceCheck
from policy_support import as_list, value

WORLD = {"0.0.0.0/0", "::/0"}


def _open(cidrs: Any) -> bool:
    return any(cidr in WORLD for cidr in as_list(cidrs))


class PublicIngressOnlyViaCloudFront(BaseResourceCheck):
    def __init__(self) -> None:
        super().__init__(
            name="No security group admits 0.0.0.0/0 or ::/0: public traffic enters through CloudFront",
            id="CKV_MP_4",
            categories=(CheckCategories.NETWORKING,),
            supported_resources=(
                "aws_vpc_security_group_ingress_rule",
                "aws_security_group_rule",
                "aws_security_group",
            ),
            guideline="policies/README.md#ckv_mp_4",
        )
        self.severity = Severities[BcSeverities.HIGH]

    def scan_resource_conf(self, conf: dict[str, Any]) -> CheckResult:
        if self.entity_type == "aws_vpc_security_group_ingress_rule":
            open_rules = [conf] if _open(value(conf, "cidr_ipv4")) or _open(value(conf, "cidr_ipv6")) else []
        elif self.entity_type == "aws_security_group_rule":
            ingress = value(conf, "type") == "ingress"
            world = _open(value(conf, "cidr_blocks")) or _open(value(conf, "ipv6_cidr_blocks"))
            open_rules = [conf] if ingress and world else []
        else:
            open_rules = [
                rule
                for rule in as_list(conf.get("ingress"))
                if isinstance(rule, dict)
                and (_open(value(rule, "cidr_blocks")) or _open(value(rule, "ipv6_cidr_blocks")))
            ]
        return CheckResult.FAILED if open_rules else CheckResult.PASSED


check = PublicIngressOnlyViaCloudFront()
