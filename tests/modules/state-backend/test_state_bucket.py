def test_state_bucket_is_versioned_encrypted_and_keeps_history(planned):
    values = planned.plans["minimal"].values()
    assert (
        values["module.bucket.aws_s3_bucket_versioning.this"]["versioning_configuration"][0]["status"]
        == "Enabled"
    )
    assert values["module.bucket.aws_s3_bucket.this"]["force_destroy"] is False
    rule = values["aws_s3_bucket_lifecycle_configuration.this"]["rule"][0]
    assert rule["noncurrent_version_expiration"][0]["noncurrent_days"] == 90
    assert rule["expiration"] == []
    assert values["module.key.aws_kms_key.this"]["enable_key_rotation"] is True
