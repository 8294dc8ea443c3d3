from typing import Any

from harness.verify.context import Context
from harness.verify.model import Check, CheckFunction, compare


def _distribution(ctx: Context) -> dict[str, Any]:
    distribution_id = ctx.outputs.distribution_id
    return dict(
        ctx.once(
            "distribution",
            lambda: ctx.client("cloudfront").get_distribution(Id=distribution_id)["Distribution"],
        )
    )


def deployed(ctx: Context) -> Check:
    distribution = _distribution(ctx)
    observed = f"{distribution.get('Status')}, enabled={distribution['DistributionConfig'].get('Enabled')}"
    return compare(
        "edge.distribution.deployed", ctx.outputs.distribution_id, "Deployed, enabled=True", observed
    )


def web_acl(ctx: Context) -> Check:
    return compare(
        "edge.distribution.web-acl",
        ctx.outputs.distribution_id,
        ctx.resources.web_acl_arn,
        _distribution(ctx)["DistributionConfig"].get("WebACLId") or "none",
    )


def https_redirect(ctx: Context) -> Check:
    config = _distribution(ctx)["DistributionConfig"]
    behaviours = [config["DefaultCacheBehavior"], *(config.get("CacheBehaviors", {}).get("Items") or [])]
    policies = sorted({b.get("ViewerProtocolPolicy") for b in behaviours})
    return compare(
        "edge.distribution.https-only", ctx.outputs.distribution_id, ["redirect-to-https"], policies
    )


def waf_rule_groups(ctx: Context) -> Check:
    arn = ctx.resources.web_acl_arn
    name = ctx.resources.web_acl_name
    acl_id = arn.rsplit("/", 1)[-1]
    waf = ctx.client("wafv2", region="us-east-1")
    acl = waf.get_web_acl(Name=name, Scope="CLOUDFRONT", Id=acl_id)["WebACL"]
    groups = sorted(
        r["Statement"]["ManagedRuleGroupStatement"]["Name"]
        for r in acl.get("Rules", [])
        if "ManagedRuleGroupStatement" in r.get("Statement", {})
    )
    return compare("edge.waf.managed-rule-groups", name, sorted(ctx.expected.managed_rule_groups), groups)


CHECKS: list[CheckFunction] = [deployed, web_acl, https_redirect, waf_rule_groups]
