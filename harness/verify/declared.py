"""More protected kinds from the state, each compared with what its configuration declared:
bucket versioning, the registry's tag immutability, scanning and key, flow logs, GuardDuty,
event rules, and the keys of topics and secrets. Same shape as harness/verify/protected.py."""

from typing import Any

from harness.tfstate import StateResource
from harness.verify.context import Context
from harness.verify.model import Check, CheckFunction, compare
from harness.verify.protected import client_for, each


def _versioning(ctx: Context, item: StateResource) -> Check:
    bucket = item.values["bucket"]
    declared = (item.values.get("versioning_configuration") or [{}])[0].get("status")
    live = client_for(ctx, "s3", item).get_bucket_versioning(Bucket=bucket).get("Status") or "never enabled"
    return compare("s3.bucket.versioning", item.named(bucket), declared, live)


def _repository(ctx: Context, item: StateResource) -> Check:
    name = item.values["name"]
    found = client_for(ctx, "ecr", item).describe_repositories(repositoryNames=[name])["repositories"][0]

    def shape(mutability: Any, scan: Any, key: Any) -> str:
        return f"tags {mutability}, scan on push {bool(scan)}, key {key or '-'}"

    declared = shape(
        item.values.get("image_tag_mutability"),
        (item.values.get("image_scanning_configuration") or [{}])[0].get("scan_on_push"),
        (item.values.get("encryption_configuration") or [{}])[0].get("kms_key"),
    )
    observed = shape(
        found.get("imageTagMutability"),
        found.get("imageScanningConfiguration", {}).get("scanOnPush"),
        found.get("encryptionConfiguration", {}).get("kmsKey"),
    )
    return compare("ecr.repository.as-declared", item.named(name), declared, observed)


def _flow_log(ctx: Context, item: StateResource) -> Check:
    flow = item.values["id"]
    found = client_for(ctx, "ec2", item).describe_flow_logs(FlowLogIds=[flow])["FlowLogs"]
    observed = found[0].get("FlowLogStatus", "?") if found else "missing"
    return compare("network.flow-logs.active", item.label, "ACTIVE", observed)


def _detector(ctx: Context, item: StateResource) -> Check:
    found = client_for(ctx, "guardduty", item).get_detector(DetectorId=item.values["id"])
    return compare("guardduty.detector.enabled", item.label, "ENABLED", found.get("Status"))


def _event_rule(ctx: Context, item: StateResource) -> Check:
    found = client_for(ctx, "events", item).describe_rule(Name=item.values["name"])
    return compare("events.rule.state", item.label, item.values.get("state") or "ENABLED", found.get("State"))


def _topic_key(ctx: Context, item: StateResource) -> Check:
    attributes = client_for(ctx, "sns", item).get_topic_attributes(TopicArn=item.values["arn"])["Attributes"]
    declared = item.values.get("kms_master_key_id") or "none"
    return compare("sns.topic.kms-key", item.label, declared, attributes.get("KmsMasterKeyId") or "none")


def _secret_key(ctx: Context, item: StateResource) -> Check:
    found = client_for(ctx, "secretsmanager", item).describe_secret(SecretId=item.values["arn"])
    declared = item.values.get("kms_key_id") or "aws/secretsmanager"
    return compare(
        "secrets.secret.kms-key", item.label, declared, found.get("KmsKeyId") or "aws/secretsmanager"
    )


def resources(ctx: Context) -> list[Check]:
    return [
        *each(ctx, "s3.bucket.versioning", "bucket versioning", "aws_s3_bucket_versioning", _versioning),
        *each(ctx, "ecr.repository.as-declared", "repository", "aws_ecr_repository", _repository),
        *each(ctx, "network.flow-logs.active", "flow log", "aws_flow_log", _flow_log),
        *each(ctx, "guardduty.detector.enabled", "detector", "aws_guardduty_detector", _detector),
        *each(ctx, "events.rule.state", "event rule", "aws_cloudwatch_event_rule", _event_rule),
        *each(ctx, "sns.topic.kms-key", "topic", "aws_sns_topic", _topic_key),
        *each(ctx, "secrets.secret.kms-key", "secret", "aws_secretsmanager_secret", _secret_key),
    ]


CHECKS: list[CheckFunction] = [resources]
