# GitHub Actions reaches AWS through OIDC: no static keys. Pull requests get a read-only plan
# role; each GitHub environment (dev, prod) gets its own deploy role, which only a workflow
# job running in that environment can assume (prod's environment has required reviewers).

locals {
  github   = var.github_repository != null
  oidc_url = "token.actions.githubusercontent.com"
  state = {
    bucket = "arn:${data.aws_partition.current.partition}:s3:::${module.state.bucket}"
    key    = module.state.kms_key_arn
  }
}

data "aws_partition" "current" {}

resource "aws_iam_openid_connect_provider" "github" {
  count          = local.github ? 1 : 0
  url            = "https://${local.oidc_url}"
  client_id_list = ["sts.amazonaws.com"]
  tags           = local.tags
}

data "aws_iam_policy_document" "trust" {
  for_each = local.github ? toset(concat(["pull_request"], [for env in var.environments : "environment:${env}"])) : toset([])

  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]
    principals {
      type        = "Federated"
      identifiers = [aws_iam_openid_connect_provider.github[0].arn]
    }
    condition {
      test     = "StringEquals"
      variable = "${local.oidc_url}:aud"
      values   = ["sts.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "${local.oidc_url}:sub"
      values   = ["repo:${var.github_repository}:${each.key}"]
    }
  }
}

# State: the plan role reads every env's state and writes the lock files a plan takes; a deploy
# role reads and writes its own env's state only. Nothing else in the bucket.
data "aws_iam_policy_document" "state" {
  for_each = merge({ plan = var.environments }, { for env in var.environments : env => [env] })

  statement {
    sid       = "ListStateBucket"
    actions   = ["s3:ListBucket"]
    resources = [local.state.bucket]
  }
  statement {
    sid       = "ReadWriteStateAndLocks"
    actions   = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"]
    resources = [for env in each.value : "${local.state.bucket}/${env}/*"]
  }
  statement {
    sid       = "StateEncryption"
    actions   = ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"]
    resources = [local.state.key]
  }
}

resource "aws_iam_role" "plan" {
  count                = local.github ? 1 : 0
  name                 = "mealprep-github-plan"
  description          = "Pull-request plans: read-only, plus the state lock files."
  assume_role_policy   = data.aws_iam_policy_document.trust["pull_request"].json
  max_session_duration = 3600
  tags                 = local.tags
}

resource "aws_iam_role_policy_attachment" "plan_read_only" {
  count      = local.github ? 1 : 0
  role       = aws_iam_role.plan[0].name
  policy_arn = "arn:${data.aws_partition.current.partition}:iam::aws:policy/ReadOnlyAccess"
}

resource "aws_iam_role_policy" "plan_state" {
  count  = local.github ? 1 : 0
  name   = "mealprep-terraform-state"
  role   = aws_iam_role.plan[0].id
  policy = data.aws_iam_policy_document.state["plan"].json
}

# The deploy role creates, changes and deletes every resource type of the stack, so it is
# scoped by service, by region and (for IAM, which could otherwise escalate) by name: it can
# only manage roles and policies named mealprep-*, and pass only those roles.
data "aws_iam_policy_document" "deploy" {
  #checkov:skip=CKV_MP_5:A Terraform deploy role creates and deletes every resource type of the stack; listing each action of 20 services would be hundreds of lines that break on every provider upgrade. It is scoped by service, by region (aws:RequestedRegion), IAM by the mealprep-* name prefix, and only a job in the protected GitHub environment can assume it.
  #checkov:skip=CKV_AWS_109:Same role as above: managing KMS key policies and IAM roles of the stack is its job; IAM is limited to mealprep-* names.
  #checkov:skip=CKV_AWS_111:Same role as above: write access is its purpose, bounded by service, region and the mealprep-* IAM prefix.
  #checkov:skip=CKV_AWS_356:Same role as above: resource ARNs of resources Terraform has yet to create are unknown; services are bounded by region instead.
  statement {
    sid = "StackServices"
    actions = [
      "ec2:*", "ecs:*", "elasticloadbalancing:*", "application-autoscaling:*", "rds:*",
      "elasticache:*", "s3:*", "cloudfront:*", "wafv2:*", "kms:*", "secretsmanager:*", "logs:*",
      "cloudwatch:*", "sns:*", "backup:*", "backup-storage:*", "budgets:*", "cloudtrail:*",
      "acm:*", "route53:*", "ecr:*", "sts:GetCallerIdentity",
    ]
    resources = ["*"]
    condition {
      test     = "StringEquals"
      variable = "aws:RequestedRegion"
      values   = var.deploy_regions
    }
  }
  statement {
    sid       = "StackRolesAndPolicies"
    actions   = ["iam:*"]
    resources = ["arn:${data.aws_partition.current.partition}:iam::*:role/mealprep-*", "arn:${data.aws_partition.current.partition}:iam::*:policy/mealprep-*"]
  }
  statement {
    sid       = "ServiceLinkedRoles"
    actions   = ["iam:CreateServiceLinkedRole"]
    resources = ["*"]
    condition {
      test     = "StringLike"
      variable = "iam:AWSServiceName"
      values   = ["ecs.amazonaws.com", "elasticloadbalancing.amazonaws.com", "rds.amazonaws.com", "elasticache.amazonaws.com", "ecs.application-autoscaling.amazonaws.com", "backup.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "deploy" {
  for_each             = local.github ? toset(var.environments) : toset([])
  name                 = "mealprep-github-deploy-${each.key}"
  description          = "Applies the ${each.key} environment from its GitHub environment."
  assume_role_policy   = data.aws_iam_policy_document.trust["environment:${each.key}"].json
  max_session_duration = 3600
  tags                 = local.tags
}

resource "aws_iam_role_policy" "deploy" {
  for_each = aws_iam_role.deploy
  name     = "mealprep-deploy"
  role     = each.value.id
  policy   = data.aws_iam_policy_document.deploy.json
}

resource "aws_iam_role_policy" "deploy_state" {
  for_each = aws_iam_role.deploy
  name     = "mealprep-terraform-state"
  role     = each.value.id
  policy   = data.aws_iam_policy_document.state[each.key].json
}

output "github_variables" {
  description = "Repository and environment variables the workflows read (Settings > Secrets and variables > Actions)."
  value = local.github ? {
    AWS_PLAN_ROLE_ARN    = aws_iam_role.plan[0].arn
    TF_STATE_BUCKET      = module.state.bucket
    TF_STATE_KMS_KEY_ARN = module.state.kms_key_arn
    AWS_DEPLOY_ROLE_ARN  = { for env, role in aws_iam_role.deploy : env => role.arn }
  } : null
}
