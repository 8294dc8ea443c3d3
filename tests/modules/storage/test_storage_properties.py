import json

from harness.plantest.config import deferred_statements, module_resources, references


def _statements(policy: str) -> dict[str, dict]:
    return {s.get("Sid", ""): s for s in json.loads(policy)["Statement"]}


def test_cloudfront_reads_the_frontend_prefix_only_and_tls_is_required(planned):
    policy = planned.plans["prod"].values()["module.bucket.aws_s3_bucket_policy.this"]["policy"]
    statements = _statements(policy)
    read = statements["CloudFrontReadsFrontendOnly"]
    assert read["Resource"] == "arn:aws:s3:::mealprep-prod-storage-123456789012/frontend/*"
    assert read["Action"] == "s3:GetObject"
    assert read["Principal"] == {"Service": "cloudfront.amazonaws.com"}
    assert (
        read["Condition"]["StringEquals"]["aws:SourceArn"]
        == "arn:aws:cloudfront::123456789012:distribution/E2EXAMPLE123"
    )
    deny = statements["DenyInsecureTransport"]
    assert deny["Effect"] == "Deny" and deny["Condition"]["Bool"]["aws:SecureTransport"] == "false"
    assert "uploads" not in policy


def test_only_that_distribution_decrypts_and_the_key_waits_for_it_not_the_bucket(planned):
    """SSE-KMS objects reach CloudFront only if the key lets that distribution decrypt. The policy
    is its own resource, so the key (and the bucket encryption, function and roles that name it)
    need not wait for the distribution, which waits for the ALB."""
    values = planned.plans["prod"].values()
    decrypt = _statements(values["module.key.aws_kms_key_policy.this[0]"]["policy"])["Service0"]
    assert decrypt["Principal"] == {"Service": "cloudfront.amazonaws.com"}
    assert decrypt["Action"] == "kms:Decrypt"
    assert decrypt["Condition"] == {
        "StringEquals": {"aws:SourceArn": "arn:aws:cloudfront::123456789012:distribution/E2EXAMPLE123"}
    }
    key_call = planned.raw["prod"]["configuration"]["root_module"]["module_calls"]["s_prod"]["module"][
        "module_calls"
    ]["key"]
    naming_the_distribution = [
        name
        for name, expression in key_call["expressions"].items()
        if "var.cloudfront_distribution_arns" in expression.get("references", [])
    ]
    assert naming_the_distribution == ["service_principals_after_create"]


def test_bucket_is_private_encrypted_and_named_as_the_seed(planned):
    values = planned.plans["dev"].values()
    assert values["module.bucket.aws_s3_bucket.this"]["bucket"] == "mealprep-dev-storage-123456789012"
    block = values["module.bucket.aws_s3_bucket_public_access_block.this"]
    assert all(
        block[k]
        for k in ("block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets")
    )
    assert (
        values["module.bucket.aws_s3_bucket_ownership_controls.this"]["rule"][0]["object_ownership"]
        == "BucketOwnerEnforced"
    )
    sse = values["module.bucket.aws_s3_bucket_server_side_encryption_configuration.this"]["rule"][0]
    assert sse["bucket_key_enabled"] is True
    assert sse["apply_server_side_encryption_by_default"][0]["sse_algorithm"] == "aws:kms"
    assert (
        values["module.bucket.aws_s3_bucket_versioning.this"]["versioning_configuration"][0]["status"]
        == "Suspended"
    )
    prod = planned.plans["prod"].values()
    assert (
        prod["module.bucket.aws_s3_bucket_versioning.this"]["versioning_configuration"][0]["status"]
        == "Enabled"
    )


def test_lifecycle_keeps_the_front_end_and_uploads(planned):
    rules = {
        r["id"]: r
        for r in planned.plans["prod"].values()["aws_s3_bucket_lifecycle_configuration.this"]["rule"]
    }
    assert rules["expire-noncurrent-versions"]["noncurrent_version_expiration"][0]["noncurrent_days"] == 30
    assert rules["expire-noncurrent-versions"]["expiration"] == []
    assert (
        rules["expire-noncurrent-versions"]["abort_incomplete_multipart_upload"][0]["days_after_initiation"]
        == 7
    )
    assert rules["expire-scratch"]["filter"][0]["prefix"] == "scratch/"
    assert rules["expire-scratch"]["expiration"][0]["days"] == 90
    assert rules["uploads-intelligent-tiering"]["transition"][0]["storage_class"] == "INTELLIGENT_TIERING"
    expiring = [r["id"] for r in rules.values() if r["expiration"]]
    assert expiring == ["expire-scratch"], "only the scratch prefix may expire current objects"


def test_replication_in_prod_only_to_the_dr_region(planned):
    assert "aws_s3_bucket_replication_configuration" not in planned.plans["dev"].counts()
    plan = planned.plans["prod"]
    values = plan.values()
    rule = values["aws_s3_bucket_replication_configuration.this[0]"]["rule"][0]
    assert rule["filter"][0]["prefix"] == "backups/"
    assert rule["destination"][0]["storage_class"] == "STANDARD_IA"
    assert rule["destination"][0]["bucket"] == "arn:aws:s3:::mealprep-prod-backup-replica-123456789012"
    assert (
        values["module.replica[0].aws_s3_bucket.this"]["bucket"]
        == "mealprep-prod-backup-replica-123456789012"
    )
    replica = module_resources(planned.raw["prod"], "s_prod")["module.replica.aws_s3_bucket.this"]
    assert replica["provider_config_key"] == "aws.dr"


def test_replication_role_is_scoped_to_the_backups_prefix(planned):
    statements = {
        s["sid"]: s
        for s in deferred_statements(planned.plans["prod"], "data.aws_iam_policy_document.replication[0]")
    }
    assert set(statements) == {
        "ReadReplicationConfiguration",
        "ReadSourceVersions",
        "WriteReplicas",
        "DecryptSource",
        "EncryptReplica",
    }
    assert statements["ReadSourceVersions"]["resources"] == [
        "arn:aws:s3:::mealprep-prod-storage-123456789012/backups/*"
    ]
    assert statements["WriteReplicas"]["resources"] == [
        "arn:aws:s3:::mealprep-prod-backup-replica-123456789012/backups/*"
    ]
    assert statements["WriteReplicas"]["actions"] == [
        "s3:ReplicateDelete",
        "s3:ReplicateObject",
        "s3:ReplicateTags",
    ]
    resources = module_resources(planned.raw["prod"], "s_prod")
    assert (
        references(resources["aws_s3_bucket_replication_configuration.this"], "role")[0]
        == "aws_iam_role.replication[0].arn"
    )
