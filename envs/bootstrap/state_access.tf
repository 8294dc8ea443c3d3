# Who may use the state bucket, and which part of it.
# - A deploy role reads and writes its own environment's prefix (state and lock), nothing else.
# - The plan role reads every environment's state and writes only lock objects (*.tflock).
# - The bucket policy says the same again, so that no identity policy added later (ReadOnlyAccess,
#   an admin's own policy) widens it: it names the principals allowed in at all, and denies each
#   CI role every prefix but its own.

data "aws_partition" "current" {}
data "aws_iam_session_context" "current" {
  arn = data.aws_caller_identity.current.arn
}

locals {
  state_bucket_name = "mealprep-tfstate-${data.aws_caller_identity.current.account_id}"
  state = {
    bucket = "arn:${local.partition}:s3:::${module.state.bucket}"
    key    = module.state.kms_key_arn
  }
  account_arn      = "arn:${local.partition}:iam::${data.aws_caller_identity.current.account_id}"
  plan_role_arn    = "${local.account_arn}:role/mealprep-github-plan"
  deploy_role_arns = { for env in var.environments : env => "${local.account_arn}:role/mealprep-github-deploy-${env}" }
  state_principals = distinct(concat(
    [data.aws_iam_session_context.current.issuer_arn],
    var.state_admin_principal_arns,
    local.github ? concat([local.plan_role_arn], values(local.deploy_role_arns)) : [],
  ))
}

data "aws_iam_policy_document" "deploy_state" {
  for_each = toset(var.environments)

  statement {
    sid       = "ListOwnPrefix"
    actions   = ["s3:ListBucket"]
    resources = [local.state.bucket]
    condition {
      test     = "StringLike"
      variable = "s3:prefix"
      values   = ["${each.key}/*"]
    }
  }
  statement {
    sid       = "ReadWriteOwnStateAndLock"
    actions   = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"]
    resources = ["${local.state.bucket}/${each.key}/*"]
  }
  statement {
    sid       = "StateEncryption"
    actions   = ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"]
    resources = [local.state.key]
  }
}

data "aws_iam_policy_document" "plan_state" {
  statement {
    sid       = "ListStateBucket"
    actions   = ["s3:ListBucket"]
    resources = [local.state.bucket]
  }
  statement {
    sid       = "ReadEveryEnvironmentsState"
    actions   = ["s3:GetObject"]
    resources = ["${local.state.bucket}/*/terraform.tfstate", "${local.state.bucket}/*/terraform.tfstate.tflock"]
  }
  statement {
    sid       = "TakeAndReleaseLocksOnly"
    actions   = ["s3:PutObject", "s3:DeleteObject"]
    resources = ["${local.state.bucket}/*/terraform.tfstate.tflock"]
  }
  statement {
    sid       = "StateEncryption"
    actions   = ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"]
    resources = [local.state.key]
  }
}

data "aws_iam_policy_document" "state_bucket" {
  statement {
    sid       = "OnlyNamedPrincipals"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = ["arn:${local.partition}:s3:::${local.state_bucket_name}", "arn:${local.partition}:s3:::${local.state_bucket_name}/*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    condition {
      test     = "ArnNotEquals"
      variable = "aws:PrincipalArn"
      values   = local.state_principals
    }
  }

  statement {
    sid           = "PlanRoleWritesLocksOnly"
    effect        = "Deny"
    actions       = ["s3:PutObject", "s3:DeleteObject", "s3:DeleteObjectVersion"]
    not_resources = ["arn:${local.partition}:s3:::${local.state_bucket_name}/*.tflock"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    condition {
      test     = "ArnEquals"
      variable = "aws:PrincipalArn"
      values   = [local.plan_role_arn]
    }
  }

  dynamic "statement" {
    for_each = local.deploy_role_arns
    content {
      sid           = "Deploy${title(statement.key)}OwnPrefixOnly"
      effect        = "Deny"
      actions       = ["s3:GetObject", "s3:GetObjectVersion", "s3:PutObject", "s3:DeleteObject", "s3:DeleteObjectVersion"]
      not_resources = ["arn:${local.partition}:s3:::${local.state_bucket_name}/${statement.key}/*"]
      principals {
        type        = "*"
        identifiers = ["*"]
      }
      condition {
        test     = "ArnEquals"
        variable = "aws:PrincipalArn"
        values   = [statement.value]
      }
    }
  }
}
