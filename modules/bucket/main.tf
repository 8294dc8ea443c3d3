data "aws_partition" "current" {}

locals {
  # Known at plan time (the resource's own arn is not), so policies can be read in plans.
  arn = "arn:${data.aws_partition.current.partition}:s3:::${var.bucket}"
}

# A private bucket: public access blocked, ACLs off (unless asked), encrypted, TLS only.
resource "aws_s3_bucket" "this" {
  #checkov:skip=CKV2_AWS_62:Nothing consumes bucket events: uploads are registered by the API, not by S3 notifications. Enabling notifications without a consumer only adds cost.
  #checkov:skip=CKV_AWS_144:Replication is the caller's choice per bucket: the storage module replicates the storage bucket's backups/ prefix to the DR region in prod through aws_s3_bucket_replication_configuration (verify: storage.replication), which this check does not read; in prod, uploads are protected by versioning and AWS Backup instead (dev holds test data). Log, trail and state buckets and the replica itself are not replicated by design.
  #checkov:skip=CKV2_AWS_61:Lifecycle rules are set by each caller next to the module (storage, audit, edge logs, state backend: aws_s3_bucket_lifecycle_configuration on module.*.id); the check cannot follow a module output to its bucket.
  #checkov:skip=CKV_AWS_18:No S3 server access logs: object access to the storage bucket and to the Terraform state bucket is recorded by the trail's S3 data events (module.audit, data_event_bucket_arns, in both envs); the other buckets hold logs or trails, and access-logging them would loop or duplicate CloudTrail.
  bucket        = var.bucket
  force_destroy = var.force_destroy
  tags          = var.tags
}

resource "aws_s3_bucket_public_access_block" "this" {
  bucket                  = aws_s3_bucket.this.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_ownership_controls" "this" {
  bucket = aws_s3_bucket.this.id

  rule {
    object_ownership = var.object_ownership
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "this" {
  bucket = aws_s3_bucket.this.id

  rule {
    bucket_key_enabled = var.sse_algorithm == "aws:kms"
    apply_server_side_encryption_by_default {
      sse_algorithm     = var.sse_algorithm
      kms_master_key_id = var.sse_algorithm == "aws:kms" ? var.kms_key_arn : null
    }
  }
}

resource "aws_s3_bucket_versioning" "this" {
  bucket = aws_s3_bucket.this.id

  versioning_configuration {
    status = var.versioning ? "Enabled" : "Suspended"
  }
}

data "aws_iam_policy_document" "this" {
  source_policy_documents = var.policy_documents

  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [local.arn, "${local.arn}/*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

resource "aws_s3_bucket_policy" "this" {
  bucket = aws_s3_bucket.this.id
  policy = data.aws_iam_policy_document.this.json

  depends_on = [aws_s3_bucket_public_access_block.this]
}
