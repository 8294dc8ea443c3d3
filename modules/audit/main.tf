data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}
data "aws_region" "current" {}

locals {
  account    = data.aws_caller_identity.current.account_id
  partition  = data.aws_partition.current.partition
  region     = data.aws_region.current.name
  trail_name = "${var.name}-trail"
  trail_arn  = "arn:${local.partition}:cloudtrail:${local.region}:${local.account}:trail/${local.trail_name}"
  bucket     = "${var.name}-audit-${local.account}"
  log_group  = "/cloudtrail/${local.trail_name}"
}

module "key" {
  source = "../kms"

  name            = "${var.name}-audit"
  description     = "Encrypts the CloudTrail logs of ${var.name}"
  tags            = var.tags
  log_group_names = var.cloudwatch_logs.enabled ? [local.log_group] : []
  service_principals = [{
    principal = "cloudtrail.amazonaws.com"
    actions   = ["kms:GenerateDataKey*", "kms:DescribeKey"]
    conditions = [
      { test = "StringEquals", variable = "aws:SourceArn", values = [local.trail_arn] },
      { test = "StringLike", variable = "kms:EncryptionContext:aws:cloudtrail:arn", values = ["arn:${local.partition}:cloudtrail:*:${local.account}:trail/*"] },
    ]
  }]
}

data "aws_iam_policy_document" "trail_delivery" {
  statement {
    sid       = "CloudTrailAclCheck"
    actions   = ["s3:GetBucketAcl"]
    resources = ["arn:${local.partition}:s3:::${local.bucket}"]
    principals {
      type        = "Service"
      identifiers = ["cloudtrail.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:SourceArn"
      values   = [local.trail_arn]
    }
  }

  statement {
    sid       = "CloudTrailWrite"
    actions   = ["s3:PutObject"]
    resources = ["arn:${local.partition}:s3:::${local.bucket}/AWSLogs/${local.account}/*"]
    principals {
      type        = "Service"
      identifiers = ["cloudtrail.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:SourceArn"
      values   = [local.trail_arn]
    }
  }
}

module "bucket" {
  source = "../bucket"

  bucket           = local.bucket
  kms_key_arn      = module.key.key_arn
  versioning       = true
  force_destroy    = var.force_destroy
  policy_documents = [data.aws_iam_policy_document.trail_delivery.json]
  tags             = var.tags
}

resource "aws_s3_bucket_lifecycle_configuration" "this" {
  bucket = module.bucket.id

  rule {
    id     = "age-out-trail-logs"
    status = "Enabled"
    filter {}
    transition {
      days          = 90
      storage_class = "GLACIER_IR"
    }
    expiration {
      days = var.log_retention_days
    }
    noncurrent_version_expiration {
      noncurrent_days = 30
    }
    abort_incomplete_multipart_upload {
      days_after_initiation = 7
    }
  }
}

# Governance-mode Object Lock: a log object cannot be deleted or overwritten during the
# retention, even by an administrator, unless they hold s3:BypassGovernanceRetention (and a
# destroy of a throwaway env with force_destroy). For compliance mode, or logs out of reach of
# this account altogether, deliver to a log-archive account (README: account layouts).
resource "aws_s3_bucket_object_lock_configuration" "this" {
  count = var.object_lock_days == null ? 0 : 1

  bucket = module.bucket.id

  rule {
    default_retention {
      mode = "GOVERNANCE"
      days = var.object_lock_days
    }
  }

  depends_on = [module.bucket]
}

resource "aws_cloudwatch_log_group" "trail" {
  #checkov:skip=CKV_AWS_338:This copy serves metric filters and searches and is kept as long as the environment's other logs (a variable); the trail's audit record is the S3 copy, kept for log_retention_days (365 by default, 90 at least).
  count = var.cloudwatch_logs.enabled ? 1 : 0

  name              = local.log_group
  retention_in_days = var.cloudwatch_logs.retention_days
  kms_key_id        = module.key.key_arn
  tags              = var.tags
}

data "aws_iam_policy_document" "trail_assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["cloudtrail.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:SourceArn"
      values   = [local.trail_arn]
    }
  }
}

resource "aws_iam_role" "trail_logs" {
  count = var.cloudwatch_logs.enabled ? 1 : 0

  name                 = "${var.name}-trail-logs"
  permissions_boundary = var.permissions_boundary_arn
  assume_role_policy   = data.aws_iam_policy_document.trail_assume.json
  tags                 = var.tags
}

resource "aws_iam_role_policy" "trail_logs" {
  count = var.cloudwatch_logs.enabled ? 1 : 0

  name = "deliver-trail"
  role = aws_iam_role.trail_logs[0].id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid      = "DeliverTrail"
      Effect   = "Allow"
      Action   = ["logs:CreateLogStream", "logs:PutLogEvents"]
      Resource = "${aws_cloudwatch_log_group.trail[0].arn}:*"
    }]
  })
}

resource "aws_cloudtrail" "this" {
  #checkov:skip=CKV_AWS_252:Nobody acts on a per-log-file SNS message; alerting is done by the CIS metric filters and alarms on the trail's CloudWatch copy (security_alarms.tf), wired to the alert topic in both envs.
  name                          = local.trail_name
  s3_bucket_name                = module.bucket.id
  kms_key_id                    = module.key.key_arn
  is_multi_region_trail         = true
  include_global_service_events = true
  enable_log_file_validation    = true
  enable_logging                = true
  cloud_watch_logs_group_arn    = var.cloudwatch_logs.enabled ? "${aws_cloudwatch_log_group.trail[0].arn}:*" : null
  cloud_watch_logs_role_arn     = var.cloudwatch_logs.enabled ? aws_iam_role.trail_logs[0].arn : null
  tags                          = var.tags

  event_selector {
    read_write_type           = "All"
    include_management_events = true

    dynamic "data_resource" {
      for_each = length(var.data_event_bucket_arns) > 0 ? [1] : []
      content {
        type   = "AWS::S3::Object"
        values = [for arn in var.data_event_bucket_arns : "${arn}/"]
      }
    }
  }

  depends_on = [module.bucket]
}
