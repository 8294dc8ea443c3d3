"""The declared-settings kinds: each resource as its configuration said, a break named."""

from harness.tfstate import State, StateResource
from harness.verify import declared
from harness.verify.context import Context
from harness.verify.model import Status

from . import contract_sample


def _context(target, resources: list[StateResource]) -> Context:
    return Context(env="dev", target=target, outputs=contract_sample.outputs(), state=State(tuple(resources)))


def test_each_kind_passes_as_declared_then_fails_by_name_when_changed_by_hand(emulator):
    s3, ecr, ec2 = emulator.client("s3"), emulator.client("ecr"), emulator.client("ec2")
    guardduty, events, sns = emulator.client("guardduty"), emulator.client("events"), emulator.client("sns")
    secrets, kms, logs = emulator.client("secretsmanager"), emulator.client("kms"), emulator.client("logs")
    key = kms.create_key()["KeyMetadata"]["Arn"]
    s3.create_bucket(
        Bucket="declared-logs", CreateBucketConfiguration={"LocationConstraint": emulator.region}
    )
    s3.put_bucket_versioning(Bucket="declared-logs", VersioningConfiguration={"Status": "Enabled"})
    ecr.create_repository(
        repositoryName="declared-api",
        imageTagMutability="IMMUTABLE",
        imageScanningConfiguration={"scanOnPush": True},
        encryptionConfiguration={"encryptionType": "KMS", "kmsKey": key},
    )
    vpc = ec2.create_vpc(CidrBlock="10.4.0.0/16")["Vpc"]["VpcId"]
    logs.create_log_group(logGroupName="/vpc/flow")
    flow = ec2.create_flow_logs(
        ResourceIds=[vpc],
        ResourceType="VPC",
        TrafficType="ALL",
        LogDestinationType="cloud-watch-logs",
        LogGroupName="/vpc/flow",
        DeliverLogsPermissionArn="arn:aws:iam::123456789012:role/flow",
    )["FlowLogIds"][0]
    detector = guardduty.create_detector(Enable=True)["DetectorId"]
    events.put_rule(Name="findings", EventPattern='{"source": ["aws.guardduty"]}', State="ENABLED")
    topic = sns.create_topic(Name="alerts", Attributes={"KmsMasterKeyId": key})["TopicArn"]
    secret = secrets.create_secret(Name="app", KmsKeyId=key, SecretString="{}")["ARN"]
    state = [
        StateResource(
            "module.logs.aws_s3_bucket_versioning.this",
            "aws_s3_bucket_versioning",
            {"bucket": "declared-logs", "versioning_configuration": [{"status": "Enabled"}]},
        ),
        StateResource(
            "module.registry.aws_ecr_repository.this",
            "aws_ecr_repository",
            {
                "name": "declared-api",
                "image_tag_mutability": "IMMUTABLE",
                "image_scanning_configuration": [{"scan_on_push": True}],
                "encryption_configuration": [{"kms_key": key}],
            },
        ),
        StateResource("module.network.aws_flow_log.this[0]", "aws_flow_log", {"id": flow}),
        StateResource(
            "module.guardduty[0].aws_guardduty_detector.this", "aws_guardduty_detector", {"id": detector}
        ),
        StateResource(
            "module.guardduty[0].aws_cloudwatch_event_rule.findings[0]",
            "aws_cloudwatch_event_rule",
            {"name": "findings", "state": "ENABLED"},
        ),
        StateResource(
            "module.monitoring.aws_sns_topic.alerts",
            "aws_sns_topic",
            {"arn": topic, "kms_master_key_id": key},
        ),
        StateResource(
            "module.secrets.aws_secretsmanager_secret.app",
            "aws_secretsmanager_secret",
            {"arn": secret, "kms_key_id": key},
        ),
    ]
    context = _context(emulator, state)
    passing = declared.resources(context)
    assert [(c.id, c.status) for c in passing if c.status is not Status.PASS] == []
    assert len(passing) == 7

    s3.put_bucket_versioning(Bucket="declared-logs", VersioningConfiguration={"Status": "Suspended"})
    ecr.put_image_tag_mutability(repositoryName="declared-api", imageTagMutability="MUTABLE")
    ec2.delete_flow_logs(FlowLogIds=[flow])
    guardduty.update_detector(DetectorId=detector, Enable=False)
    events.disable_rule(Name="findings")
    sns.set_topic_attributes(TopicArn=topic, AttributeName="KmsMasterKeyId", AttributeValue="")
    failing = {c.id: c for c in declared.resources(context) if c.status is Status.FAIL}
    assert sorted(failing) == [
        "ecr.repository.as-declared",
        "events.rule.state",
        "guardduty.detector.enabled",
        "network.flow-logs.active",
        "s3.bucket.versioning",
        "sns.topic.kms-key",
    ]
    assert failing["network.flow-logs.active"].resource.startswith("module.network.aws_flow_log.this[0]")
    assert failing["ecr.repository.as-declared"].observed.startswith("tags MUTABLE")
