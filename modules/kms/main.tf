data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}
data "aws_region" "current" {}

locals {
  logs_arn_prefix = "arn:${data.aws_partition.current.partition}:logs:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:log-group:"
}

data "aws_iam_policy_document" "this" {
  #checkov:skip=CKV_AWS_109:A key policy's Resource * is this key only. The root statement is AWS's default key policy, which hands key administration to IAM; without it the key can become unmanageable.
  #checkov:skip=CKV_AWS_111:A key policy's Resource * is this key only; write access is limited to the account root (delegating to IAM) and the service principals the caller names; CloudWatch Logs is scoped to its log groups by encryption context.
  #checkov:skip=CKV_AWS_356:Resource * in a key policy means this key, not every resource; AWS requires that form for key policies.
  # Account administrators manage the key through IAM, as in AWS's default key policy.
  statement {
    sid       = "AccountAdministration"
    actions   = ["kms:*"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:root"]
    }
  }

  dynamic "statement" {
    for_each = length(var.log_group_names) > 0 ? [1] : []
    content {
      sid       = "CloudWatchLogs"
      actions   = ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"]
      resources = ["*"]
      principals {
        type        = "Service"
        identifiers = ["logs.${data.aws_region.current.name}.amazonaws.com"]
      }
      condition {
        test     = "ArnLike"
        variable = "kms:EncryptionContext:aws:logs:arn"
        values   = [for name in var.log_group_names : "${local.logs_arn_prefix}${name}"]
      }
    }
  }

  dynamic "statement" {
    for_each = var.service_principals
    content {
      sid       = "Service${statement.key}"
      actions   = statement.value.actions
      resources = ["*"]
      principals {
        type        = "Service"
        identifiers = [statement.value.principal]
      }
      dynamic "condition" {
        for_each = statement.value.conditions
        content {
          test     = condition.value.test
          variable = condition.value.variable
          values   = condition.value.values
        }
      }
    }
  }
}

# The full policy when it is applied on its own: the statements above, and the service principals
# whose conditions name what exists only after the key. The key never refers to this document,
# so it does not wait for them.
data "aws_iam_policy_document" "after_create" {
  count = var.separate_policy ? 1 : 0

  source_policy_documents = [data.aws_iam_policy_document.this.json]

  dynamic "statement" {
    for_each = var.service_principals_after_create
    content {
      sid       = "Service${length(var.service_principals) + statement.key}"
      actions   = statement.value.actions
      resources = ["*"]
      principals {
        type        = "Service"
        identifiers = [statement.value.principal]
      }
      dynamic "condition" {
        for_each = statement.value.conditions
        content {
          test     = condition.value.test
          variable = condition.value.variable
          values   = condition.value.values
        }
      }
    }
  }
}

resource "aws_kms_key" "this" {
  description             = var.description
  enable_key_rotation     = true
  deletion_window_in_days = var.deletion_window_in_days
  # With separate_policy the key starts with AWS's default key policy (the AccountAdministration
  # statement alone) until aws_kms_key_policy applies the full one.
  policy = var.separate_policy ? null : data.aws_iam_policy_document.this.json
  tags   = var.tags
}

resource "aws_kms_key_policy" "this" {
  count = var.separate_policy ? 1 : 0

  key_id = aws_kms_key.this.key_id
  policy = data.aws_iam_policy_document.after_create[0].json
}

resource "aws_kms_alias" "this" {
  name          = "alias/${var.name}"
  target_key_id = aws_kms_key.this.key_id
}
