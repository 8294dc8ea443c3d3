"""The uploads pipeline (modules/uploads): the function as planned, wired to the bucket, watched."""

from typing import Any

from harness.verify.context import Context
from harness.verify.model import Check, CheckFunction, compare

ID = "functions.image-moderation"


def _notified_prefixes(ctx: Context, function_arn: str) -> list[str]:
    """Prefixes whose created objects the storage bucket sends to the function."""
    found = ctx.client("s3").get_bucket_notification_configuration(Bucket=ctx.resources.storage_bucket)
    prefixes = []
    for item in found.get("LambdaFunctionConfigurations", []):
        creates = any(e.startswith("s3:ObjectCreated:") for e in item.get("Events", []))
        if item.get("LambdaFunctionArn") != function_arn or not creates:
            continue
        rules = item.get("Filter", {}).get("Key", {}).get("FilterRules", [])
        prefixes += [r["Value"] for r in rules if r.get("Name", "").lower() == "prefix"] or [""]
    return sorted(prefixes)


def configured(ctx: Context) -> Check:
    """Runtime, tracing, dead letters, the code that was planned, the private subnets, a
    concurrency cap, and the bucket's notification on uploads/ (and nothing wider)."""
    want = ctx.expected.uploads
    lam = ctx.client("lambda")
    config: dict[str, Any] = lam.get_function_configuration(FunctionName=want.name)
    reserved = lam.get_function_concurrency(FunctionName=want.name).get("ReservedConcurrentExecutions")
    observed = {
        "runtime": config.get("Runtime"),
        "tracing": (config.get("TracingConfig") or {}).get("Mode"),
        "dead letters": str((config.get("DeadLetterConfig") or {}).get("TargetArn", "none")).rsplit(":", 1)[
            -1
        ],
        "code": config.get("CodeSha256"),
        "subnets": sorted((config.get("VpcConfig") or {}).get("SubnetIds") or []),
        "concurrency capped": reserved is not None,
        "notified on": _notified_prefixes(ctx, config["FunctionArn"]),
    }
    expected = {
        "runtime": want.runtime,
        "tracing": "Active",
        "dead letters": want.dead_letter_queue,
        "code": want.code_sha256,
        "subnets": sorted(ctx.resources.private_subnet_ids),
        "concurrency capped": True,
        "notified on": [want.uploads_prefix],
    }
    return compare(f"{ID}.configured", want.name, expected, observed)


def alarms(ctx: Context) -> Check:
    """An alarm on the function's errors and one on its dead-letter queue; that they page the
    alert topic is monitoring.alarms.notify-topic (every alarm in the state)."""
    want = ctx.expected.uploads
    watched = {
        "function-image_moderation-errors": ("AWS/Lambda", "Errors", {"FunctionName": want.name}),
        "function-image_moderation-dead-letters": (
            "AWS/SQS",
            "ApproximateNumberOfMessagesVisible",
            {"QueueName": want.dead_letter_queue},
        ),
    }
    names = {key: ctx.resources.alarm_names.get(key) for key in watched}
    found = ctx.client("cloudwatch").describe_alarms(AlarmNames=[n for n in names.values() if n])
    by_name = {a["AlarmName"]: a for a in found["MetricAlarms"]}
    observed: dict[str, Any] = {}
    for key, name in names.items():
        alarm = by_name.get(name or "")
        observed[key] = (
            "missing"
            if alarm is None
            else (
                alarm.get("Namespace"),
                alarm.get("MetricName"),
                {d["Name"]: d["Value"] for d in alarm.get("Dimensions", [])},
            )
        )
    return compare(f"{ID}.alarms", want.name, watched, observed)


CHECKS: list[CheckFunction] = [configured, alarms]
