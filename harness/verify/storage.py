from botocore.exceptions import ClientError

from harness.verify.context import Context
from harness.verify.model import Check, CheckFunction, Status, compare, not_applicable

# What S3 answers when the setting (or the bucket) is gone: the check fails, it does not crash.
_ABSENT = (
    "NoSuchBucket",
    "NoSuchPublicAccessBlockConfiguration",
    "ServerSideEncryptionConfigurationNotFoundError",
)


def _absent(check_id: str, bucket: str, expected: str, error: ClientError) -> Check:
    code = str(error.response.get("Error", {}).get("Code", ""))
    if code not in _ABSENT:
        raise error
    return Check(check_id, bucket, expected, code, Status.FAIL, f"S3 answered {code}")


def versioning(ctx: Context) -> Check:
    bucket = ctx.resources.storage_bucket
    status = ctx.client("s3").get_bucket_versioning(Bucket=bucket).get("Status", "Off")
    return compare(
        "storage.versioning",
        bucket,
        "Enabled" if ctx.expected.storage_versioning else "not Enabled",
        status if status == "Enabled" else "not Enabled",
    )


def replication(ctx: Context) -> Check:
    bucket = ctx.resources.storage_bucket
    if not ctx.expected.storage_replication:
        return not_applicable("storage.replication", bucket, f"{ctx.env} does not replicate")
    rules = ctx.client("s3").get_bucket_replication(Bucket=bucket)["ReplicationConfiguration"]["Rules"]
    observed = sorted(
        f"{r.get('Filter', {}).get('Prefix')}->{r['Destination'].get('StorageClass')}"
        for r in rules
        if r.get("Status") == "Enabled"
    )
    return compare("storage.replication", bucket, ["backups/->STANDARD_IA"], observed)


def frontend_published(ctx: Context) -> Check:
    """The front end's entry point is in the bucket as deploy-frontend puts it: HTML, never cached
    stale (every other file it names is fingerprinted and immutable)."""
    from harness.frontend import NO_CACHE, PREFIX

    bucket = ctx.resources.storage_bucket
    key = f"{PREFIX}index.html"
    where = f"s3://{bucket}/{key}"
    expected = f"text/html, Cache-Control {NO_CACHE}"
    try:
        head = ctx.client("s3").head_object(Bucket=bucket, Key=key)
    except ClientError as error:
        code = str(error.response.get("Error", {}).get("Code", ""))
        if code not in ("404", "NoSuchKey", "NoSuchBucket"):
            raise
        return Check(
            "frontend.index-published",
            where,
            expected,
            "missing",
            Status.FAIL,
            f"no {key}: run `mealprep-infra deploy-frontend {ctx.env} --dist <build>`",
        )
    observed = f"{head.get('ContentType', '').split(';')[0]}, Cache-Control {head.get('CacheControl')}"
    return compare("frontend.index-published", where, expected, observed)


CHECKS: list[CheckFunction] = [versioning, replication, frontend_published]
