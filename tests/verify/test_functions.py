"""The uploads pipeline's checks: pass as built, and fail naming what a hand change broke."""

import io
import json
import zipfile

from harness.tfstate import State
from harness.verify import functions
from harness.verify.context import Context
from harness.verify.model import Status

from . import contract_sample

NAME = "mealprep-dev-image-moderation"


def _zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("handler.py", "def handler(event, context):\n    return {}\n")
    return buffer.getvalue()


def _pipeline(emulator, tag: str) -> dict:
    """The pipeline as modules/uploads builds it, named `tag` so tests share one emulator."""
    iam, lam, sqs = emulator.client("iam"), emulator.client("lambda"), emulator.client("sqs")
    s3, ec2, cloudwatch = emulator.client("s3"), emulator.client("ec2"), emulator.client("cloudwatch")
    role = iam.create_role(
        RoleName=f"fn-role-{tag}",
        AssumeRolePolicyDocument=json.dumps(
            {
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Principal": {"Service": "lambda.amazonaws.com"},
                        "Action": "sts:AssumeRole",
                    }
                ]
            }
        ),
    )["Role"]["Arn"]
    name = f"{NAME}-{tag}"
    queue = sqs.create_queue(QueueName=f"{name}-dlq")["QueueUrl"]
    queue_arn = sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["QueueArn"])["Attributes"][
        "QueueArn"
    ]
    vpc = ec2.create_vpc(CidrBlock="10.7.0.0/16")["Vpc"]["VpcId"]
    subnets = [
        ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.7.{i}.0/24")["Subnet"]["SubnetId"] for i in range(2)
    ]
    group = ec2.create_security_group(GroupName="fn", Description="fn", VpcId=vpc)["GroupId"]
    created = lam.create_function(
        FunctionName=name,
        Runtime="python3.12",
        Role=role,
        Handler="handler.handler",
        Code={"ZipFile": _zip()},
        TracingConfig={"Mode": "Active"},
        DeadLetterConfig={"TargetArn": queue_arn},
        VpcConfig={"SubnetIds": subnets, "SecurityGroupIds": [group]},
    )
    lam.put_function_concurrency(FunctionName=name, ReservedConcurrentExecutions=2)
    bucket = f"fn-storage-{tag}"
    s3.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": emulator.region})
    notify(s3, bucket, created["FunctionArn"], "uploads/")
    for key, namespace, metric, dimension in (
        ("errors", "AWS/Lambda", "Errors", {"Name": "FunctionName", "Value": name}),
        (
            "dead-letters",
            "AWS/SQS",
            "ApproximateNumberOfMessagesVisible",
            {"Name": "QueueName", "Value": f"{name}-dlq"},
        ),
    ):
        cloudwatch.put_metric_alarm(
            AlarmName=f"{name}-{key}",
            Namespace=namespace,
            MetricName=metric,
            Dimensions=[dimension],
            Statistic="Sum",
            Period=300,
            EvaluationPeriods=1,
            Threshold=0,
            ComparisonOperator="GreaterThanThreshold",
        )
    return {
        "name": name,
        "bucket": bucket,
        "arn": created["FunctionArn"],
        "code": created["CodeSha256"],
        "subnets": subnets,
    }


def notify(s3, bucket: str, function_arn: str, prefix: str | None) -> None:
    """Created objects under `prefix` (None: anywhere in the bucket) invoke the function."""
    wiring = {"LambdaFunctionArn": function_arn, "Events": ["s3:ObjectCreated:*"]}
    if prefix is not None:
        wiring["Filter"] = {"Key": {"FilterRules": [{"Name": "prefix", "Value": prefix}]}}
    s3.put_bucket_notification_configuration(
        Bucket=bucket, NotificationConfiguration={"LambdaFunctionConfigurations": [wiring]}
    )


def _context(emulator, built: dict) -> Context:
    outputs = contract_sample.outputs(
        resources={
            "storage_bucket": built["bucket"],
            "private_subnet_ids": built["subnets"],
            "alarm_names": {
                "function-image_moderation-errors": f"{built['name']}-errors",
                "function-image_moderation-dead-letters": f"{built['name']}-dead-letters",
            },
        },
        expected={
            "uploads": {
                "name": built["name"],
                "runtime": "python3.12",
                "code_sha256": built["code"],
                "dead_letter_queue": f"{built['name']}-dlq",
                "uploads_prefix": "uploads/",
                "quarantine_prefix": "quarantine/",
            }
        },
    )
    return Context(env="dev", target=emulator, outputs=outputs, state=State(()))


def test_the_pipeline_passes_as_built_then_each_hand_change_fails_by_name(emulator):
    built = _pipeline(emulator, "hand")
    ctx = _context(emulator, built)
    assert functions.configured(ctx).status is Status.PASS, functions.configured(ctx)
    assert functions.alarms(ctx).status is Status.PASS, functions.alarms(ctx)

    # The notification widened to the whole bucket: every object would be checked (and moved).
    notify(emulator.client("s3"), built["bucket"], built["arn"], None)
    widened = functions.configured(ctx)
    assert widened.status is Status.FAIL
    assert widened.id == "functions.image-moderation.configured" and widened.resource == built["name"]
    assert "'notified on': ['']" in widened.observed
    notify(emulator.client("s3"), built["bucket"], built["arn"], "uploads/")
    assert functions.configured(ctx).status is Status.PASS

    # Failed events no longer kept: nothing would show that an upload was never checked.
    emulator.client("lambda").update_function_configuration(FunctionName=built["name"], DeadLetterConfig={})
    lost = functions.configured(ctx)
    assert lost.status is Status.FAIL and "'dead letters': 'none'" in lost.observed

    emulator.client("cloudwatch").delete_alarms(AlarmNames=[f"{built['name']}-dead-letters"])
    silenced = functions.alarms(ctx)
    assert silenced.status is Status.FAIL and "missing" in str(silenced.observed)


def test_code_other_than_the_planned_package_fails(emulator):
    built = _pipeline(emulator, "code")
    ctx = _context(emulator, {**built, "code": "A" * 43 + "="})
    result = functions.configured(ctx)
    assert result.status is Status.FAIL and built["code"] in str(result.observed)
