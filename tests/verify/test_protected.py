"""The state-driven checks: every resource of a kind, each failure named by address and AWS name."""

import json

import pytest

from harness.tfstate import State, StateResource
from harness.verify import protected
from harness.verify.context import Context
from harness.verify.model import Status

from . import contract_sample

TOPIC = "arn:aws:sns:us-west-2:123456789012:alerts"


def _context(target, *resources: StateResource) -> Context:
    return Context(
        env="dev",
        target=target,
        outputs=contract_sample.outputs(alert_topic_arn=TOPIC),
        state=State(tuple(resources)),
    )


def _by_id(checks):
    found: dict[str, list] = {}
    for check in checks:
        found.setdefault(check.id, []).append(check)
    return found


def _tls_policy(bucket: str, *extra: dict) -> str:
    deny = {
        "Sid": "DenyPlainHttp",
        "Effect": "Deny",
        "Principal": "*",
        "Action": "s3:*",
        "Resource": [f"arn:aws:s3:::{bucket}", f"arn:aws:s3:::{bucket}/*"],
        "Condition": {"Bool": {"aws:SecureTransport": "false"}},
    }
    return json.dumps({"Version": "2012-10-17", "Statement": [deny, *extra]})


@pytest.fixture(scope="module")
def buckets(emulator):
    s3 = emulator.client("s3")
    key = emulator.client("kms").create_key()["KeyMetadata"]["Arn"]
    made = []
    for name in ("protected-a", "protected-b"):
        s3.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": emulator.region})
        s3.put_public_access_block(
            Bucket=name,
            PublicAccessBlockConfiguration={
                k: True
                for k in ("BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets")
            },
        )
        s3.put_bucket_encryption(
            Bucket=name,
            ServerSideEncryptionConfiguration={
                "Rules": [
                    {"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": key}}
                ]
            },
        )
        s3.put_bucket_policy(Bucket=name, Policy=_tls_policy(name))
        made += [
            StateResource(f'module.m["{name}"].aws_s3_bucket.this', "aws_s3_bucket", {"bucket": name}),
            StateResource(
                f'module.m["{name}"].aws_s3_bucket_server_side_encryption_configuration.this',
                "aws_s3_bucket_server_side_encryption_configuration",
                {
                    "bucket": name,
                    "rule": [
                        {
                            "apply_server_side_encryption_by_default": [
                                {"sse_algorithm": "aws:kms", "kms_master_key_id": key}
                            ]
                        }
                    ],
                },
            ),
        ]
    return made


def test_every_bucket_passing_is_one_row_and_a_break_next_door_is_named(emulator, buckets):
    context = _context(emulator, *buckets)
    rows = _by_id(protected.buckets(context))
    assert {i: [(c.status, c.observed) for c in r] for i, r in rows.items()} == {
        check_id: [(Status.PASS, "all 2")]
        for check_id in (
            "s3.bucket.public-access-blocked",
            "s3.bucket.encrypted",
            "s3.bucket.tls-only",
            "s3.bucket.no-public-grant",
        )
    }
    s3 = emulator.client("s3")
    public = {
        "Sid": "Everyone",
        "Effect": "Allow",
        "Principal": {"AWS": "*"},
        "Action": "s3:GetObject",
        "Resource": "*",
    }
    s3.put_bucket_policy(Bucket="protected-b", Policy=_tls_policy("protected-b", public))
    s3.delete_public_access_block(Bucket="protected-b")
    s3.delete_bucket_encryption(Bucket="protected-b")
    rows = _by_id(protected.buckets(context))
    for check_id in ("s3.bucket.public-access-blocked", "s3.bucket.encrypted", "s3.bucket.no-public-grant"):
        [finding] = rows[check_id]
        assert finding.status is Status.FAIL, finding
        assert finding.resource.startswith('module.m["protected-b"].aws_s3_bucket.this'), finding
    assert "Everyone" in rows["s3.bucket.no-public-grant"][0].observed
    assert rows["s3.bucket.tls-only"][0].status is Status.PASS
    s3.put_bucket_policy(
        Bucket="protected-b", Policy=json.dumps({"Version": "2012-10-17", "Statement": [public]})
    )
    [tls] = _by_id(protected.buckets(context))["s3.bucket.tls-only"]
    assert (tls.status, tls.observed) == (Status.FAIL, "no such deny")


def test_a_kind_absent_from_the_state_is_not_applicable_with_the_reason(emulator):
    [row] = protected.trails(_context(emulator))[:1]
    assert row.status is Status.NOT_APPLICABLE
    assert row.reason == "no aws_cloudtrail in dev's state"


def test_keys_must_be_enabled_and_rotating(emulator):
    kms = emulator.client("kms")
    keys = []
    for _ in range(2):
        meta = kms.create_key()["KeyMetadata"]
        kms.enable_key_rotation(KeyId=meta["KeyId"])
        keys.append(
            StateResource(
                f"module.k{len(keys)}.aws_kms_key.this",
                "aws_kms_key",
                {"key_id": meta["KeyId"], "arn": meta["Arn"]},
            )
        )
    context = _context(emulator, *keys)
    assert [c.status for c in protected.keys(context)] == [Status.PASS, Status.PASS]
    kms.disable_key_rotation(KeyId=keys[0].values["key_id"])
    kms.schedule_key_deletion(KeyId=keys[1].values["key_id"], PendingWindowInDays=7)
    rows = _by_id(protected.keys(context))
    assert [(c.resource, c.observed) for c in rows["kms.key.rotation"]] == [(keys[0].label, "False")]
    assert [(c.resource, c.observed) for c in rows["kms.key.enabled"]] == [(keys[1].label, "PendingDeletion")]


def test_log_groups_keep_their_declared_retention(emulator):
    logs = emulator.client("logs")
    logs.create_log_group(logGroupName="/mealprep/a")
    logs.put_retention_policy(logGroupName="/mealprep/a", retentionInDays=30)
    group = StateResource(
        "module.l.aws_cloudwatch_log_group.a",
        "aws_cloudwatch_log_group",
        {"name": "/mealprep/a", "retention_in_days": 30, "kms_key_id": ""},
    )
    gone = StateResource(
        "module.l.aws_cloudwatch_log_group.b",
        "aws_cloudwatch_log_group",
        {"name": "/mealprep/b", "retention_in_days": 30, "kms_key_id": ""},
    )
    context = _context(emulator, group)
    assert [c.status for c in protected.log_groups(context)] == [Status.PASS, Status.PASS]
    logs.put_retention_policy(logGroupName="/mealprep/a", retentionInDays=1)
    rows = _by_id(protected.log_groups(_context(emulator, group, gone)))
    assert [(c.resource, c.expected, c.observed) for c in rows["logs.group.retention"]] == [
        (group.label, "30", "1"),
        (gone.label, "readable", "AWS answered ResourceNotFoundException"),
    ]


def test_an_alarm_that_pages_no_one_or_is_gone_fails_by_name(emulator):
    cloudwatch = emulator.client("cloudwatch")
    alarm = {
        "MetricName": "Errors",
        "Namespace": "MealPrep",
        "Statistic": "Sum",
        "Period": 60,
        "EvaluationPeriods": 1,
        "Threshold": 1.0,
        "ComparisonOperator": "GreaterThanThreshold",
    }
    cloudwatch.put_metric_alarm(AlarmName="paging", AlarmActions=[TOPIC], **alarm)
    cloudwatch.put_metric_alarm(AlarmName="silent", AlarmActions=[], **alarm)

    def state(name: str) -> StateResource:
        arn = f"arn:aws:cloudwatch:us-west-2:123456789012:alarm:{name}"
        return StateResource(
            f'aws_cloudwatch_metric_alarm.this["{name}"]',
            "aws_cloudwatch_metric_alarm",
            {"alarm_name": name, "arn": arn},
        )

    rows = protected.alarms(_context(emulator, state("paging"), state("silent"), state("deleted")))
    routed = [c for c in rows if c.id == "monitoring.alarms.notify-topic"]
    assert [(c.resource, c.observed) for c in routed] == [
        ('aws_cloudwatch_metric_alarm.this["silent"] (silent)', "actions none"),
        ('aws_cloudwatch_metric_alarm.this["deleted"] (deleted)', "missing"),
    ]


def test_a_trail_that_stops_logging_or_narrows_to_one_region_fails(emulator):
    s3 = emulator.client("s3")
    s3.create_bucket(Bucket="trail-logs", CreateBucketConfiguration={"LocationConstraint": emulator.region})
    cloudtrail = emulator.client("cloudtrail")
    arn = cloudtrail.create_trail(
        Name="audit", S3BucketName="trail-logs", IsMultiRegionTrail=True, EnableLogFileValidation=True
    )["TrailARN"]
    cloudtrail.start_logging(Name=arn)
    trail = StateResource("module.audit.aws_cloudtrail.this", "aws_cloudtrail", {"name": "audit", "arn": arn})
    context = _context(emulator, trail)
    assert [c.status for c in protected.trails(context)] == [Status.PASS] * 3
    cloudtrail.update_trail(Name=arn, IsMultiRegionTrail=False)
    cloudtrail.stop_logging(Name=arn)
    failed = sorted(c.id for c in protected.trails(context) if c.status is Status.FAIL)
    assert failed == ["audit.trail.logging", "audit.trail.multi-region"]


def test_backup_rules_must_match_what_the_state_declares(emulator):
    backup = emulator.client("backup")
    backup.create_backup_vault(BackupVaultName="vault")
    plan = backup.create_backup_plan(
        BackupPlan={
            "BackupPlanName": "daily",
            "Rules": [
                {
                    "RuleName": "daily",
                    "TargetBackupVaultName": "vault",
                    "ScheduleExpression": "cron(0 5 * * ? *)",
                    "Lifecycle": {"DeleteAfterDays": 7},
                }
            ],
        }
    )["BackupPlanId"]

    def declared(days: int) -> StateResource:
        rule = {
            "rule_name": "daily",
            "target_vault_name": "vault",
            "schedule": "cron(0 5 * * ? *)",
            "lifecycle": [{"delete_after": days}],
            "copy_action": [],
        }
        return StateResource(
            "module.backup.aws_backup_plan.this",
            "aws_backup_plan",
            {"id": plan, "name": "daily", "rule": [rule]},
        )

    [row] = [c for c in protected.backups(_context(emulator, declared(7))) if c.id == "backup.plan.rules"]
    assert row.status is Status.PASS
    [row] = [c for c in protected.backups(_context(emulator, declared(30))) if c.id == "backup.plan.rules"]
    assert (
        row.status is Status.FAIL
        and "delete after 7 d" in row.observed
        and "delete after 30 d" in row.expected
    )
