# GitHub Actions reaches AWS through OIDC: no static keys. Pull requests get a read-only plan
# role; each GitHub environment (dev, prod) gets its own deploy role.
#
# Who may assume what is decided by the token's `sub` claim. The repository customises it
# (output `github_oidc_subject`) to carry the environment, the ref and the calling workflow,
# so a deploy role trusts only a job that runs in its GitHub environment, on the default
# branch, in one of the deploy workflows. A branch that declares `environment: prod` gets a
# different subject and is refused.

locals {
  github   = var.github_repository != null
  oidc_url = "token.actions.githubusercontent.com"
  branch   = "refs/heads/${var.default_branch}"
  workflow = "${coalesce(var.github_repository, "none/none")}/.github/workflows"

  deploy_subjects = {
    for env in var.environments : env => concat(
      [
        for file in var.deploy_workflows :
        "repo:${var.github_repository}:environment:${env}:ref:${local.branch}:job_workflow_ref:${local.workflow}/${file}@${local.branch}"
      ],
      # An application repository's run on its default branch, in the job of this repository's
      # deliver.yml at its default branch: the delivery steps are ours, whoever calls them.
      [
        for app in var.app_repositories :
        "repo:${app}:environment:${env}:ref:${local.branch}:job_workflow_ref:${local.workflow}/deliver.yml@${local.branch}"
      ],
    )
  }
  # A pull request's merge ref; the plan role is read-only, so any pull request of this
  # repository (forks get no OIDC token) may plan.
  plan_subject = "repo:${var.github_repository}:pull_request:ref:refs/pull/*/merge:job_workflow_ref:${local.workflow}/${var.plan_workflow}@refs/pull/*/merge"
  # A scheduled job on the default branch in no GitHub environment: the context claim is its ref.
  audit_subjects = [
    for file in var.audit_workflows :
    "repo:${var.github_repository}:ref:${local.branch}:ref:${local.branch}:job_workflow_ref:${local.workflow}/${file}@${local.branch}"
  ]
}

resource "aws_iam_openid_connect_provider" "github" {
  count          = local.github ? 1 : 0
  url            = "https://${local.oidc_url}"
  client_id_list = ["sts.amazonaws.com"]
  tags           = local.tags
}

data "aws_iam_policy_document" "plan_trust" {
  count = local.github ? 1 : 0

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
      test     = "StringLike"
      variable = "${local.oidc_url}:sub"
      values   = concat([local.plan_subject], local.audit_subjects)
    }
  }
}

data "aws_iam_policy_document" "deploy_trust" {
  for_each = local.github ? toset(var.environments) : toset([])

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
    # Exact match: environment, default branch and workflow file are all pinned.
    condition {
      test     = "StringEquals"
      variable = "${local.oidc_url}:sub"
      values   = local.deploy_subjects[each.key]
    }
  }
}

# ---------------------------------------------------------------- plan role

resource "aws_iam_role" "plan" {
  count                = local.github ? 1 : 0
  name                 = "mealprep-github-plan"
  description          = "Pull-request plans: read-only, plus the state lock objects."
  assume_role_policy   = data.aws_iam_policy_document.plan_trust[0].json
  max_session_duration = 3600
  tags                 = local.tags
}

resource "aws_iam_role_policy_attachment" "plan_read_only" {
  count      = local.github ? 1 : 0
  role       = aws_iam_role.plan[0].name
  policy_arn = "arn:${local.partition}:iam::aws:policy/ReadOnlyAccess"
}

# ReadOnlyAccess reads every object of every bucket; a pull request's plan needs none but
# the state. Uploads, backups and audit logs stay out of reach of any branch's code.
data "aws_iam_policy_document" "plan_data_guard" {
  statement {
    sid           = "NoObjectReadsButState"
    effect        = "Deny"
    actions       = ["s3:GetObject", "s3:GetObjectVersion"]
    not_resources = ["${local.state.bucket}/*"]
  }
}

resource "aws_iam_role_policy" "plan_data_guard" {
  count  = local.github ? 1 : 0
  name   = "mealprep-no-data-reads"
  role   = aws_iam_role.plan[0].id
  policy = data.aws_iam_policy_document.plan_data_guard.json
}

resource "aws_iam_role_policy" "plan_state" {
  count  = local.github ? 1 : 0
  name   = "mealprep-terraform-state"
  role   = aws_iam_role.plan[0].id
  policy = data.aws_iam_policy_document.plan_state.json
}

# ---------------------------------------------------------------- deploy roles

resource "aws_iam_role" "deploy" {
  for_each             = local.github ? toset(var.environments) : toset([])
  name                 = "mealprep-github-deploy-${each.key}"
  description          = "Applies the ${each.key} environment from its GitHub environment on ${var.default_branch}."
  assume_role_policy   = data.aws_iam_policy_document.deploy_trust[each.key].json
  max_session_duration = 3600
  tags                 = local.tags
}

resource "aws_iam_role_policy" "deploy" {
  for_each = aws_iam_role.deploy
  name     = "mealprep-deploy"
  role     = each.value.id
  policy   = data.aws_iam_policy_document.deploy[each.key].json
}

resource "aws_iam_role_policy" "deploy_state" {
  for_each = aws_iam_role.deploy
  name     = "mealprep-terraform-state"
  role     = each.value.id
  policy   = data.aws_iam_policy_document.deploy_state[each.key].json
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

output "github_oidc_subject" {
  description = "The repository's OIDC subject template the trust policies expect. Set it once: gh api -X PUT repos/OWNER/NAME/actions/oidc/customization/sub --input <(terraform output -json github_oidc_subject)."
  value = local.github ? {
    use_default        = false
    include_claim_keys = ["repo", "context", "ref", "job_workflow_ref"]
  } : null
}
