data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}
data "aws_region" "current" {}
data "aws_region" "dr" {
  provider = aws.dr
}

locals {
  account   = data.aws_caller_identity.current.account_id
  partition = data.aws_partition.current.partition
  bucket    = "${var.name}-storage-${local.account}"
  replica   = "${var.name}-backup-replica-${local.account}"
  rules     = var.lifecycle_rules
  replicate = var.replication.enabled
}

module "key" {
  source = "../kms"

  name        = "${var.name}-storage"
  description = "Encrypts the ${local.bucket} bucket"
  tags        = var.tags
  # The policy names the distribution, which waits for the ALB: the key and the bucket, function
  # and roles that use it are created meanwhile, and the policy follows the distribution.
  separate_policy = true
  service_principals_after_create = length(var.cloudfront_distribution_arns) == 0 ? [] : [{
    principal = "cloudfront.amazonaws.com"
    actions   = ["kms:Decrypt"]
    conditions = [{
      test     = "StringEquals"
      variable = "aws:SourceArn"
      values   = var.cloudfront_distribution_arns
    }]
  }]
}

data "aws_iam_policy_document" "cloudfront_read" {
  count = length(var.cloudfront_distribution_arns) > 0 ? 1 : 0

  # Origin Access Control: the distribution reads the front end and nothing else.
  statement {
    sid       = "CloudFrontReadsFrontendOnly"
    actions   = ["s3:GetObject"]
    resources = ["arn:${local.partition}:s3:::${local.bucket}/${var.frontend_prefix}*"]
    principals {
      type        = "Service"
      identifiers = ["cloudfront.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:SourceArn"
      values   = var.cloudfront_distribution_arns
    }
  }
}

module "bucket" {
  source = "../bucket"

  bucket           = local.bucket
  kms_key_arn      = module.key.key_arn
  versioning       = var.versioning
  force_destroy    = var.force_destroy
  policy_documents = data.aws_iam_policy_document.cloudfront_read[*].json
  tags             = var.tags
}

# The seed expired every current object after 90 days, which would delete the front end
# and user uploads. Its intent (don't pay for stale data) is kept where it is safe.
resource "aws_s3_bucket_lifecycle_configuration" "this" {
  # Versioning's id is the bucket's name: the rules wait for versioning (they expire
  # noncurrent versions) and for nothing else. Depending on the whole bucket module made them
  # wait for its policy, which names the distribution: a 55 s waiter added after CloudFront's.
  bucket = module.bucket.versioning_id

  rule {
    id     = "expire-noncurrent-versions"
    status = "Enabled"
    filter {}
    noncurrent_version_expiration {
      noncurrent_days = local.rules.noncurrent_version_expiration_days
    }
    abort_incomplete_multipart_upload {
      days_after_initiation = local.rules.abort_incomplete_upload_days
    }
  }

  rule {
    id     = "uploads-intelligent-tiering"
    status = "Enabled"
    filter {
      prefix = local.rules.uploads_prefix
    }
    transition {
      days          = 0
      storage_class = "INTELLIGENT_TIERING"
    }
  }

  rule {
    id     = "expire-scratch"
    status = "Enabled"
    filter {
      prefix = local.rules.scratch_prefix
    }
    expiration {
      days = local.rules.scratch_expiration_days
    }
  }
}

resource "aws_s3_bucket_cors_configuration" "this" {
  count = length(var.cors_allowed_origins) > 0 ? 1 : 0

  bucket = module.bucket.id

  cors_rule {
    allowed_methods = ["GET", "PUT", "POST"]
    allowed_origins = var.cors_allowed_origins
    allowed_headers = ["*"]
    expose_headers  = ["ETag"]
    max_age_seconds = 3000
  }
}

resource "aws_s3_bucket_logging" "this" {
  count = var.access_log_bucket == null ? 0 : 1

  bucket        = module.bucket.id
  target_bucket = var.access_log_bucket
  target_prefix = "s3/${local.bucket}/"
}

# ---------------------------------------------------------------- cross-region replication

module "replica_key" {
  source    = "../kms"
  count     = local.replicate ? 1 : 0
  providers = { aws = aws.dr }

  name        = "${var.name}-storage-replica"
  description = "Encrypts the ${local.replica} bucket in the DR region"
  tags        = var.tags
}

module "replica" {
  source    = "../bucket"
  count     = local.replicate ? 1 : 0
  providers = { aws = aws.dr }

  bucket        = local.replica
  kms_key_arn   = module.replica_key[0].key_arn
  versioning    = true
  force_destroy = var.force_destroy
  tags          = var.tags
}

data "aws_iam_policy_document" "replication_assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["s3.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account]
    }
  }
}

data "aws_iam_policy_document" "replication" {
  count = local.replicate ? 1 : 0

  statement {
    sid       = "ReadReplicationConfiguration"
    actions   = ["s3:GetReplicationConfiguration", "s3:ListBucket"]
    resources = [module.bucket.arn]
  }
  statement {
    sid       = "ReadSourceVersions"
    actions   = ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging"]
    resources = ["${module.bucket.arn}/${var.replication.prefix}*"]
  }
  statement {
    sid       = "WriteReplicas"
    actions   = ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"]
    resources = ["${module.replica[0].arn}/${var.replication.prefix}*"]
  }
  statement {
    sid       = "DecryptSource"
    actions   = ["kms:Decrypt"]
    resources = [module.key.key_arn]
    condition {
      test     = "StringEquals"
      variable = "kms:ViaService"
      values   = ["s3.${data.aws_region.current.name}.amazonaws.com"]
    }
  }
  statement {
    sid       = "EncryptReplica"
    actions   = ["kms:Encrypt", "kms:GenerateDataKey"]
    resources = [module.replica_key[0].key_arn]
    condition {
      test     = "StringEquals"
      variable = "kms:ViaService"
      values   = ["s3.${data.aws_region.dr.name}.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "replication" {
  count = local.replicate ? 1 : 0

  name                 = "${var.name}-storage-replication"
  permissions_boundary = var.permissions_boundary_arn
  assume_role_policy   = data.aws_iam_policy_document.replication_assume.json
  tags                 = var.tags
}

resource "aws_iam_role_policy" "replication" {
  count = local.replicate ? 1 : 0

  name   = "replicate-backups-prefix"
  role   = aws_iam_role.replication[0].id
  policy = data.aws_iam_policy_document.replication[0].json
}

resource "aws_s3_bucket_replication_configuration" "this" {
  count = local.replicate ? 1 : 0

  bucket = module.bucket.id
  role   = aws_iam_role.replication[0].arn

  rule {
    id     = "backups-to-dr-region"
    status = "Enabled"
    filter {
      prefix = var.replication.prefix
    }
    delete_marker_replication {
      status = "Enabled"
    }
    source_selection_criteria {
      sse_kms_encrypted_objects {
        status = "Enabled"
      }
    }
    destination {
      bucket        = module.replica[0].arn
      storage_class = var.replication.storage_class
      encryption_configuration {
        replica_kms_key_id = module.replica_key[0].key_arn
      }
    }
  }

  depends_on = [module.bucket, module.replica]
}
