import json

from harness.plantest.config import module_resources, references


def test_trail_is_multi_region_validated_and_encrypted(planned):
    trail = planned.plans["minimal"].values()["aws_cloudtrail.this"]
    assert trail["is_multi_region_trail"] is True
    assert trail["enable_log_file_validation"] is True
    assert trail["include_global_service_events"] is True
    assert trail["enable_logging"] is True
    resources = module_resources(planned.raw["minimal"], "s_minimal")
    assert "module.key.key_arn" in references(resources["aws_cloudtrail.this"], "kms_key_id")


def test_bucket_admits_only_this_trail(planned):
    policy = json.loads(
        planned.plans["minimal"].values()["module.bucket.aws_s3_bucket_policy.this"]["policy"]
    )
    statements = {s["Sid"]: s for s in policy["Statement"]}
    write = statements["CloudTrailWrite"]
    assert write["Resource"] == "arn:aws:s3:::mealprep-dev-audit-123456789012/AWSLogs/123456789012/*"
    assert (
        write["Condition"]["StringEquals"]["aws:SourceArn"]
        == "arn:aws:cloudtrail:us-west-2:123456789012:trail/mealprep-dev-trail"
    )
    assert "DenyInsecureTransport" in statements


def test_cloudwatch_delivery_is_optional(planned):
    assert "aws_cloudwatch_log_group" not in planned.plans["minimal"].counts()
    group = planned.plans["with-cloudwatch"].values()["aws_cloudwatch_log_group.trail[0]"]
    assert group["retention_in_days"] == 365
    rule = planned.plans["with-cloudwatch"].values()["aws_s3_bucket_lifecycle_configuration.this"]["rule"][0]
    assert rule["expiration"][0]["days"] == 2557
