import json


def test_private_encrypted_tls_only_and_extra_statements_merged(planned):
    values = planned.plans["logs"].values()
    statements = {s["Sid"]: s for s in json.loads(values["aws_s3_bucket_policy.this"]["policy"])["Statement"]}
    assert set(statements) == {"Extra", "DenyInsecureTransport"}
    assert sorted(statements["DenyInsecureTransport"]["Resource"]) == [
        "arn:aws:s3:::mealprep-test-logs",
        "arn:aws:s3:::mealprep-test-logs/*",
    ]
    sse = values["aws_s3_bucket_server_side_encryption_configuration.this"]["rule"][0]
    assert sse["apply_server_side_encryption_by_default"][0]["sse_algorithm"] == "AES256"
    assert sse["bucket_key_enabled"] is False
    minimal = planned.plans["minimal"].values()
    block = minimal["aws_s3_bucket_public_access_block.this"]
    assert all(
        block[k] is True
        for k in ("block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets")
    )
    assert (
        minimal["aws_s3_bucket_ownership_controls.this"]["rule"][0]["object_ownership"]
        == "BucketOwnerEnforced"
    )
    assert minimal["aws_s3_bucket_versioning.this"]["versioning_configuration"][0]["status"] == "Enabled"
