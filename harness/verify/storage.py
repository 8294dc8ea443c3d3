from harness.verify.context import Context
from harness.verify.model import Check, CheckFunction, compare, not_applicable


def public_access_blocked(ctx: Context) -> Check:
    bucket = ctx.resource("storage_bucket")
    block = ctx.call(
        lambda: ctx.client("s3").get_public_access_block(Bucket=bucket)["PublicAccessBlockConfiguration"]
    )
    return compare("storage.public-access-blocked", bucket, True, all(block.values()) and len(block) == 4)


def encrypted(ctx: Context) -> Check:
    bucket = ctx.resource("storage_bucket")
    rules = ctx.call(
        lambda: ctx.client("s3").get_bucket_encryption(Bucket=bucket)["ServerSideEncryptionConfiguration"][
            "Rules"
        ]
    )
    default = rules[0]["ApplyServerSideEncryptionByDefault"] if rules else {}
    observed = f"{default.get('SSEAlgorithm')}:{default.get('KMSMasterKeyID')}"
    return compare("storage.encrypted", bucket, f"aws:kms:{ctx.resource('storage_kms_key_arn')}", observed)


def versioning(ctx: Context) -> Check:
    bucket = ctx.resource("storage_bucket")
    status = ctx.call(lambda: ctx.client("s3").get_bucket_versioning(Bucket=bucket)).get("Status", "Off")
    return compare(
        "storage.versioning",
        bucket,
        "Enabled" if ctx.expected["storage_versioning"] else "not Enabled",
        status if status == "Enabled" else "not Enabled",
    )


def replication(ctx: Context) -> Check:
    bucket = ctx.resource("storage_bucket")
    if not ctx.expected["storage_replication"]:
        return not_applicable("storage.replication", bucket, f"{ctx.env} does not replicate")
    rules = ctx.call(
        lambda: ctx.client("s3").get_bucket_replication(Bucket=bucket)["ReplicationConfiguration"]["Rules"]
    )
    observed = sorted(
        f"{r.get('Filter', {}).get('Prefix')}->{r['Destination'].get('StorageClass')}"
        for r in rules
        if r.get("Status") == "Enabled"
    )
    return compare("storage.replication", bucket, ["backups/->STANDARD_IA"], observed)


CHECKS: list[CheckFunction] = [public_access_blocked, encrypted, versioning, replication]
