"""Every protected resource of each kind, found in the env's Terraform state and checked live.

The other suites check what the outputs name; these walk the state, so a bucket, key, log
group, alarm or trail added by a later change is covered with no new code, and a break next
to the named resources (the trail's bucket, another module's key) is found. A kind whose
every resource passes is one row ("3 of 3"); each resource that does not is a row of its own,
named by its address and its AWS name.
"""

import json
from collections.abc import Callable, Iterable
from typing import Any

from botocore.exceptions import ClientError

from harness.tfstate import StateResource
from harness.verify.context import Context
from harness.verify.model import Check, CheckFunction, Status, compare, not_applicable

# What AWS answers when the thing read is gone or in no state to answer (a key pending
# deletion): a failed check naming it and the answer, not a crash.
_REFUSED = frozenset(
    {
        "NoSuchBucket",
        "NoSuchBucketPolicy",
        "NoSuchPublicAccessBlockConfiguration",
        "ServerSideEncryptionConfigurationNotFoundError",
        "NotFoundException",
        "ResourceNotFoundException",
        "WAFNonexistentItemException",
        "TrailNotFoundException",
        "LoadBalancerNotFound",
        "ListenerNotFound",
        "KMSInvalidStateException",
        "RepositoryNotFoundException",
        "InvalidFlowLogId.NotFound",
        "BadRequestException",
        "DisabledException",
    }
)
WORLD = {"0.0.0.0/0", "::/0"}

Judge = Callable[[Context, StateResource], Check]


def each(ctx: Context, check_id: str, kind: str, resource_type: str, judge: Judge) -> list[Check]:
    """`judge` on every resource of the type; one summary row when all pass."""
    found = ctx.state.of(resource_type)
    if not found:
        return [not_applicable(check_id, kind, f"no {resource_type} in {ctx.env}'s state")]
    results = [_judged(ctx, check_id, item, judge) for item in found]
    unhappy = [c for c in results if c.status is not Status.PASS]
    if not unhappy:
        return [Check(check_id, f"every {kind}", f"all {len(results)}", f"all {len(results)}", Status.PASS)]
    return unhappy


def _judged(ctx: Context, check_id: str, item: StateResource, judge: Judge) -> Check:
    try:
        return judge(ctx, item)
    except ClientError as error:
        code = str(error.response.get("Error", {}).get("Code", ""))
        if code not in _REFUSED:
            raise
        return Check(check_id, item.label, "readable", f"AWS answered {code}", Status.FAIL)


def client_for(ctx: Context, service: str, item: StateResource) -> Any:
    return ctx.client(service, region=item.region)


def _principals(statement: dict[str, Any]) -> set[str]:
    principal = statement.get("Principal")
    if isinstance(principal, str):
        return {principal}
    values: set[str] = set()
    for value in (principal or {}).values():
        values.update([value] if isinstance(value, str) else value)
    return values


def _bucket_policy(ctx: Context, item: StateResource) -> list[dict[str, Any]]:
    raw = client_for(ctx, "s3", item).get_bucket_policy(Bucket=item.values["bucket"])["Policy"]
    statements = json.loads(raw).get("Statement", [])
    return [statements] if isinstance(statements, dict) else list(statements)


# S3 ------------------------------------------------------------------------------------------


def _public_access_blocked(ctx: Context, item: StateResource) -> Check:
    name = item.values["bucket"]
    block = client_for(ctx, "s3", item).get_public_access_block(Bucket=name)
    settings = block["PublicAccessBlockConfiguration"]
    return compare(
        "s3.bucket.public-access-blocked",
        item.named(name),
        True,
        len(settings) == 4 and all(settings.values()),
    )


def _encrypted(ctx: Context, item: StateResource) -> Check:
    name = item.values["bucket"]
    declared = ctx.state.first("aws_s3_bucket_server_side_encryption_configuration", bucket=name)
    expected = "any"
    if declared is not None:
        default = declared.values["rule"][0]["apply_server_side_encryption_by_default"][0]
        expected = f"{default['sse_algorithm']}:{default.get('kms_master_key_id') or '-'}"
    rules = client_for(ctx, "s3", item).get_bucket_encryption(Bucket=name)[
        "ServerSideEncryptionConfiguration"
    ]["Rules"]
    live = rules[0]["ApplyServerSideEncryptionByDefault"] if rules else {}
    observed = f"{live.get('SSEAlgorithm')}:{live.get('KMSMasterKeyID') or '-'}"
    if expected == "any":
        return compare("s3.bucket.encrypted", item.named(name), "encrypted", "encrypted" if rules else "none")
    return compare("s3.bucket.encrypted", item.named(name), expected, observed)


def _tls_only(ctx: Context, item: StateResource) -> Check:
    def denies_plain_http(statement: dict[str, Any]) -> bool:
        condition = (statement.get("Condition") or {}).get("Bool") or {}
        value = condition.get("aws:SecureTransport")
        values = {str(v).lower() for v in (value if isinstance(value, list) else [value])}
        return statement.get("Effect") == "Deny" and "*" in _principals(statement) and values == {"false"}

    name = item.values["bucket"]
    found = any(denies_plain_http(s) for s in _bucket_policy(ctx, item))
    return compare(
        "s3.bucket.tls-only",
        item.named(name),
        "denies aws:SecureTransport=false",
        "denies aws:SecureTransport=false" if found else "no such deny",
    )


def _no_public_grant(ctx: Context, item: StateResource) -> Check:
    name = item.values["bucket"]
    grants = [
        str(s.get("Sid") or s.get("Action"))
        for s in _bucket_policy(ctx, item)
        if s.get("Effect") == "Allow" and "*" in _principals(s)
    ]
    return compare(
        "s3.bucket.no-public-grant",
        item.named(name),
        "no Allow to *",
        "no Allow to *" if not grants else f"Allow to * in {', '.join(grants)}",
    )


def buckets(ctx: Context) -> list[Check]:
    return [
        *each(ctx, "s3.bucket.public-access-blocked", "bucket", "aws_s3_bucket", _public_access_blocked),
        *each(ctx, "s3.bucket.encrypted", "bucket", "aws_s3_bucket", _encrypted),
        *each(ctx, "s3.bucket.tls-only", "bucket", "aws_s3_bucket", _tls_only),
        *each(ctx, "s3.bucket.no-public-grant", "bucket", "aws_s3_bucket", _no_public_grant),
    ]


# KMS and logs --------------------------------------------------------------------------------


def _key_enabled(ctx: Context, item: StateResource) -> Check:
    key = item.values["key_id"]
    state = client_for(ctx, "kms", item).describe_key(KeyId=key)["KeyMetadata"]["KeyState"]
    return compare("kms.key.enabled", item.named(key), "Enabled", state)


def _key_rotation(ctx: Context, item: StateResource) -> Check:
    key = item.values["key_id"]
    on = client_for(ctx, "kms", item).get_key_rotation_status(KeyId=key)["KeyRotationEnabled"]
    return compare("kms.key.rotation", item.named(key), True, bool(on))


def keys(ctx: Context) -> list[Check]:
    return [
        *each(ctx, "kms.key.enabled", "KMS key", "aws_kms_key", _key_enabled),
        *each(ctx, "kms.key.rotation", "KMS key", "aws_kms_key", _key_rotation),
    ]


def _log_group(ctx: Context, item: StateResource) -> dict[str, Any]:
    name = item.values["name"]
    groups = client_for(ctx, "logs", item).describe_log_groups(logGroupNamePrefix=name)["logGroups"]
    found = next((g for g in groups if g["logGroupName"] == name), None)
    if found is None:
        raise ClientError({"Error": {"Code": "ResourceNotFoundException"}}, "DescribeLogGroups")
    return dict(found)


def _log_retention(ctx: Context, item: StateResource) -> Check:
    declared = item.values.get("retention_in_days") or "never expires"
    live = _log_group(ctx, item).get("retentionInDays") or "never expires"
    return compare("logs.group.retention", item.named(item.values["name"]), declared, live)


def _log_key(ctx: Context, item: StateResource) -> Check:
    declared = item.values.get("kms_key_id") or "none"
    live = _log_group(ctx, item).get("kmsKeyId") or "none"
    return compare("logs.group.kms-key", item.named(item.values["name"]), declared, live)


def log_groups(ctx: Context) -> list[Check]:
    return [
        *each(ctx, "logs.group.retention", "log group", "aws_cloudwatch_log_group", _log_retention),
        *each(ctx, "logs.group.kms-key", "log group", "aws_cloudwatch_log_group", _log_key),
    ]


# Alarms and the topic they page --------------------------------------------------------------


def _alarm_routed(ctx: Context, item: StateResource) -> Check:
    name = item.values["alarm_name"]
    found = client_for(ctx, "cloudwatch", item).describe_alarms(AlarmNames=[name])["MetricAlarms"]
    where = item.named(name)
    if not found:
        return Check("monitoring.alarms.notify-topic", where, "exists", "missing", Status.FAIL)
    topic = ctx.outputs.alert_topic_arn
    regional = {t.values["arn"] for t in ctx.state.of("aws_sns_topic") if t.region == item.region}
    # An alarm pages a topic in its own region: the env's alert topic, or its regional twin.
    wanted = {topic} if item.region in (None, ctx.target.region) else regional
    actions = set(found[0].get("AlarmActions", []))
    return compare(
        "monitoring.alarms.notify-topic",
        where,
        "the alert topic",
        "the alert topic" if actions & wanted else f"actions {sorted(actions) or 'none'}",
    )


def _subscribed(ctx: Context, item: StateResource) -> Check:
    topic = item.values["topic_arn"]
    wanted = f"{item.values['protocol']}:{item.values['endpoint']}"
    live = client_for(ctx, "sns", item).list_subscriptions_by_topic(TopicArn=topic)["Subscriptions"]
    endpoints = {f"{s['Protocol']}:{s['Endpoint']}" for s in live}
    return compare(
        "monitoring.topic.subscriptions",
        f"{item.address} ({topic.rsplit(':', 1)[-1]})",
        wanted,
        wanted if wanted in endpoints else f"not subscribed ({len(endpoints)} others)",
    )


def alarms(ctx: Context) -> list[Check]:
    return [
        *each(ctx, "monitoring.alarms.notify-topic", "alarm", "aws_cloudwatch_metric_alarm", _alarm_routed),
        *each(
            ctx, "monitoring.topic.subscriptions", "subscription", "aws_sns_topic_subscription", _subscribed
        ),
    ]


# WAF and the trail ---------------------------------------------------------------------------


def _waf_rules(ctx: Context, item: StateResource) -> Check:
    values = item.values
    acl = (
        client_for(ctx, "wafv2", item).get_web_acl(
            Name=values["name"], Scope=values["scope"], Id=values["id"]
        )
    )["WebACL"]
    declared = sorted(rule["name"] for rule in values.get("rule") or [])
    live = sorted(rule["Name"] for rule in acl.get("Rules", []))
    return compare("edge.waf.rules", item.named(values["name"]), declared, live)


def _waf_logging(ctx: Context, item: StateResource) -> Check:
    arn = item.values["arn"]
    declared = ctx.state.first("aws_wafv2_web_acl_logging_configuration", resource_arn=arn)
    expected = sorted(declared.values["log_destination_configs"]) if declared else "a log destination"
    configuration = client_for(ctx, "wafv2", item).get_logging_configuration(ResourceArn=arn)[
        "LoggingConfiguration"
    ]
    live = sorted(configuration.get("LogDestinationConfigs", []))
    if declared is None:
        return compare(
            "edge.waf.logging", item.named(item.values["name"]), expected, expected if live else "off"
        )
    return compare("edge.waf.logging", item.named(item.values["name"]), expected, live)


def web_acls(ctx: Context) -> list[Check]:
    return [
        *each(ctx, "edge.waf.rules", "web ACL", "aws_wafv2_web_acl", _waf_rules),
        *each(ctx, "edge.waf.logging", "web ACL", "aws_wafv2_web_acl", _waf_logging),
    ]


def _trail(ctx: Context, item: StateResource) -> dict[str, Any]:
    arn = item.values["arn"]
    found = client_for(ctx, "cloudtrail", item).describe_trails(trailNameList=[arn])["trailList"]
    if not found:
        raise ClientError({"Error": {"Code": "TrailNotFoundException"}}, "DescribeTrails")
    return dict(found[0])


def _trail_logging(ctx: Context, item: StateResource) -> Check:
    status = client_for(ctx, "cloudtrail", item).get_trail_status(Name=item.values["arn"])
    return compare(
        "audit.trail.logging", item.named(item.values["name"]), True, bool(status.get("IsLogging"))
    )


def _trail_multi_region(ctx: Context, item: StateResource) -> Check:
    observed = bool(_trail(ctx, item).get("IsMultiRegionTrail"))
    return compare("audit.trail.multi-region", item.named(item.values["name"]), True, observed)


def _trail_validation(ctx: Context, item: StateResource) -> Check:
    observed = bool(_trail(ctx, item).get("LogFileValidationEnabled"))
    return compare("audit.trail.log-file-validation", item.named(item.values["name"]), True, observed)


def trails(ctx: Context) -> list[Check]:
    return [
        *each(ctx, "audit.trail.logging", "trail", "aws_cloudtrail", _trail_logging),
        *each(ctx, "audit.trail.multi-region", "trail", "aws_cloudtrail", _trail_multi_region),
        *each(ctx, "audit.trail.log-file-validation", "trail", "aws_cloudtrail", _trail_validation),
    ]


# Backup and listeners ------------------------------------------------------------------------


def _rule_signatures(rules: Iterable[dict[str, Any]], key: Callable[[dict[str, Any], str], Any]) -> list[str]:
    return sorted(
        f"{key(r, 'name')}: {key(r, 'schedule')} -> {key(r, 'vault')}, delete after {key(r, 'delete')} d, "
        f"{key(r, 'copies')} copies"
        for r in rules
    )


def _declared_rule(rule: dict[str, Any], field: str) -> Any:
    lifecycle = (rule.get("lifecycle") or [{}])[0]
    return {
        "name": rule.get("rule_name"),
        "schedule": rule.get("schedule"),
        "vault": rule.get("target_vault_name"),
        "delete": lifecycle.get("delete_after"),
        "copies": len(rule.get("copy_action") or []),
    }[field]


def _live_rule(rule: dict[str, Any], field: str) -> Any:
    return {
        "name": rule.get("RuleName"),
        "schedule": rule.get("ScheduleExpression"),
        "vault": rule.get("TargetBackupVaultName"),
        "delete": (rule.get("Lifecycle") or {}).get("DeleteAfterDays"),
        "copies": len(rule.get("CopyActions") or []),
    }[field]


def _backup_rules(ctx: Context, item: StateResource) -> Check:
    plan = client_for(ctx, "backup", item).get_backup_plan(BackupPlanId=item.values["id"])
    return compare(
        "backup.plan.rules",
        item.named(item.values["name"]),
        _rule_signatures(item.values.get("rule") or [], _declared_rule),
        _rule_signatures(plan["BackupPlan"]["Rules"], _live_rule),
    )


def _backup_selection(ctx: Context, item: StateResource) -> Check:
    values = item.values
    found = (
        client_for(ctx, "backup", item).get_backup_selection(
            BackupPlanId=values["plan_id"], SelectionId=values["id"]
        )
    )["BackupSelection"]
    return compare(
        "backup.selection",
        item.named(values["name"]),
        sorted(values.get("resources") or []),
        sorted(found.get("Resources") or []),
    )


def backups(ctx: Context) -> list[Check]:
    checks = each(ctx, "backup.plan.rules", "backup plan", "aws_backup_plan", _backup_rules)
    if why := ctx.switched_off("backup_selection"):
        return [*checks, not_applicable("backup.selection", ctx.resources.backup_plan_id, why)]
    if not ctx.state.of("aws_backup_selection"):
        plan = ctx.resources.backup_plan_id
        return [*checks, Check("backup.selection", plan, "a selection", "none in the state", Status.FAIL)]
    return [*checks, *each(ctx, "backup.selection", "selection", "aws_backup_selection", _backup_selection)]


def _listeners(ctx: Context, item: StateResource) -> Check:
    arn = item.values["arn"]
    declared = sorted(
        f"{listener.values['protocol']}:{listener.values['port']}"
        for listener in ctx.state.of("aws_lb_listener")
        if listener.values.get("load_balancer_arn") == arn
    )
    live = client_for(ctx, "elbv2", item).describe_listeners(LoadBalancerArn=arn)["Listeners"]
    observed = sorted(f"{listener['Protocol']}:{listener['Port']}" for listener in live)
    return compare("elb.listeners.as-declared", item.named(item.values["name"]), declared, observed)


def load_balancers(ctx: Context) -> list[Check]:
    return each(ctx, "elb.listeners.as-declared", "load balancer", "aws_lb", _listeners)


CHECKS: list[CheckFunction] = [buckets, keys, log_groups, alarms, web_acls, trails, backups, load_balancers]
