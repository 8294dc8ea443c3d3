# Least privilege between environments, and no way up to account administrator.
#
# - Every role the stack creates carries its environment's permissions boundary
#   (`mealprep-boundary-<env>`): whatever policy a deploy role writes on a stack role, that
#   role can never act on IAM, on the account or organization, on the state bucket, or on
#   another environment's resources.
# - A deploy role may create or change a role only with that boundary attached
#   (`iam:PermissionsBoundary`), only under its own environment's names, and it can never
#   touch the CI roles, the OIDC provider or any boundary.
# - Another environment's resources are out of reach by name (mealprep-<other>-*,
#   <other>/mealprep/*) and by tag (Environment = <other>), for the deploy roles and the
#   boundaries alike.

locals {
  partition          = data.aws_partition.current.partition
  known_environments = ["dev", "prod"]
  other_environments = { for env in local.known_environments : env => [for other in local.known_environments : other if other != env] }

  # Services whose ARNs carry the resource's name, which the stack prefixes mealprep-<env>-.
  named_services = [
    "application-autoscaling", "backup", "cloudtrail", "cloudwatch", "ecr", "ecs", "elasticache",
    "elasticloadbalancing", "events", "kms", "lambda", "logs", "rds", "sns", "sqs", "wafv2",
  ]
  other_environment_arns = {
    for env in local.known_environments : env => flatten([
      for other in local.other_environments[env] : concat(
        [for service in local.named_services : "arn:${local.partition}:${service}:*:*:*mealprep-${other}-*"],
        [
          "arn:${local.partition}:budgets::*:budget/MealPrep-${other}-*",
          "arn:${local.partition}:s3:::mealprep-${other}-*",
          "arn:${local.partition}:s3:::mealprep-${other}-*/*",
          "arn:${local.partition}:iam::*:role/mealprep-${other}-*",
          "arn:${local.partition}:secretsmanager:*:*:secret:${other}/mealprep/*",
        ],
      )
    ])
  }

  # What the stack's workload roles (tasks, functions, log delivery, replication, backup,
  # RDS monitoring) may ever need. Each role's own policy grants a small part of it.
  workload_services = [
    "backup", "backup-storage", "bedrock", "cloudwatch", "ec2", "ecr", "elasticache", "events",
    "kms", "lambda", "logs", "rds", "rds-db", "rekognition", "s3", "secretsmanager", "sns", "sqs",
    "ssmmessages", "tag", "xray",
  ]

  # AWS managed policies the stack attaches (backup and RDS enhanced monitoring); no other.
  attachable_policy_arns = [for name in [
    "service-role/AWSBackupServiceRolePolicyForBackup",
    "service-role/AWSBackupServiceRolePolicyForRestores",
    "AWSBackupServiceRolePolicyForS3Backup",
    "AWSBackupServiceRolePolicyForS3Restore",
    "service-role/AmazonRDSEnhancedMonitoringRole",
  ] : "arn:${local.partition}:iam::aws:policy/${name}"]

  # Services the stack hands its roles to.
  pass_role_services = [
    "backup.amazonaws.com", "cloudtrail.amazonaws.com", "ecs-tasks.amazonaws.com", "lambda.amazonaws.com",
    "monitoring.rds.amazonaws.com", "s3.amazonaws.com", "vpc-flow-logs.amazonaws.com",
  ]

  other_dns_names = {
    for env in local.known_environments : env => flatten([
      for other in local.other_environments[env] : [
        for name in lookup(var.environment_dns_names, other, []) : [name, "*.${name}"]
      ]
    ])
  }

  ci_and_boundary_arns = [
    "arn:${local.partition}:iam::*:role/mealprep-github-*",
    "arn:${local.partition}:iam::*:policy/mealprep-boundary-*",
    "arn:${local.partition}:iam::*:oidc-provider/*",
  ]
}

# ---------------------------------------------------------------- boundaries

# Another environment's resources, by name and by tag: out of reach of an env's deploy role
# and of every role its boundary caps.
data "aws_iam_policy_document" "other_environments" {
  for_each = toset(var.environments)

  statement {
    sid       = "DenyOtherEnvironmentsByName"
    effect    = "Deny"
    actions   = ["*"]
    resources = local.other_environment_arns[each.key]
  }
  statement {
    sid       = "DenyOtherEnvironmentsByTag"
    effect    = "Deny"
    actions   = ["*"]
    resources = ["*"]
    condition {
      test     = "StringEquals"
      variable = "aws:ResourceTag/Environment"
      values   = local.other_environments[each.key]
    }
  }
}

data "aws_iam_policy_document" "boundary" {
  for_each                = toset(var.environments)
  source_policy_documents = [data.aws_iam_policy_document.other_environments[each.key].json]

  #checkov:skip=CKV_MP_5:A permissions boundary grants nothing: it caps the stack's roles, whose own policies name their actions and resources and are checked by CKV_MP_5. Its allow list is by service on purpose; its Deny statements carry the limits.
  #checkov:skip=CKV_AWS_109:Same boundary: it grants nothing; it denies IAM and permissions management outright (DenyIdentityAndAccount).
  #checkov:skip=CKV_AWS_111:Same boundary: it grants nothing; write access comes only from each role's own scoped policy.
  #checkov:skip=CKV_AWS_356:Same boundary: a ceiling over every resource of the listed services, minus the Deny statements (other environments, state, IAM).
  statement {
    sid       = "WorkloadServicesCeiling"
    actions   = [for service in local.workload_services : "${service}:*"]
    resources = ["*"]
  }
  statement {
    sid       = "DenyIdentityAndAccount"
    effect    = "Deny"
    actions   = ["iam:*", "organizations:*", "account:*", "sts:AssumeRole", "sts:AssumeRoleWithWebIdentity", "sts:GetFederationToken"]
    resources = ["*"]
  }
  statement {
    sid       = "DenyTerraformState"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [local.state.bucket, "${local.state.bucket}/*"]
  }
  statement {
    sid       = "DenySharedResources"
    effect    = "Deny"
    actions   = ["*"]
    resources = ["*"]
    condition {
      test     = "StringEquals"
      variable = "aws:ResourceTag/Environment"
      values   = ["shared"]
    }
  }
}

resource "aws_iam_policy" "boundary" {
  for_each = toset(var.environments)

  name        = "mealprep-boundary-${each.key}"
  description = "Permissions boundary of every role the ${each.key} stack creates."
  policy      = data.aws_iam_policy_document.boundary[each.key].json
  tags        = local.tags
}

output "permissions_boundary_arns" {
  description = "Each environment's permissions boundary; the env roots find it by name (permissions_boundary_name)."
  value       = { for env, policy in aws_iam_policy.boundary : env => policy.arn }
}

# ---------------------------------------------------------------- deploy policy

data "aws_iam_policy_document" "deploy" {
  for_each                = toset(var.environments)
  source_policy_documents = [data.aws_iam_policy_document.other_environments[each.key].json]

  #checkov:skip=CKV_MP_5:A Terraform deploy role creates and deletes every resource type of the stack, so StackServices is by service, bounded by region (aws:RequestedRegion). IAM is not among them: roles only under mealprep-<env>-* and only with the env's boundary (CKV_MP_11), and the Deny statements keep it off other environments, the state bucket's configuration, the CI roles and the boundaries.
  #checkov:skip=CKV_AWS_109:Same role: it manages the stack's KMS key policies and roles; roles only with the boundary attached, never the CI roles or a boundary (DenyCiRolesAndBoundaries).
  #checkov:skip=CKV_AWS_111:Same role: write access is its purpose, bounded by service, region, the env's names and tags, and the boundary requirement for IAM.
  #checkov:skip=CKV_AWS_356:Same role: ARNs of resources Terraform has yet to create are unknown; services are bounded by region, and another environment's resources are denied by name and tag.
  #checkov:skip=CKV_MP_13:Same role: Terraform creates, configures and (dev, force_destroy) empties the stack's buckets, so its S3 grant is bucket-wide by nature; other environments' buckets are denied by name and tag (DenyOtherEnvironmentsByName/ByTag) and the state bucket is outside the grant (NotResource). The API's role is the one held to prefixes.
  statement {
    sid = "StackServices"
    actions = [
      "acm:*", "application-autoscaling:*", "backup:*", "backup-storage:*", "budgets:*", "cloudfront:*",
      "cloudtrail:*", "cloudwatch:*", "ec2:*", "ecr:*", "ecs:*", "elasticache:*", "elasticloadbalancing:*",
      "events:*", "guardduty:*", "kms:*", "lambda:*", "logs:*", "rds:*", "s3:*",
      "secretsmanager:*", "sns:*", "sqs:*", "wafv2:*", "xray:*", "sts:GetCallerIdentity",
    ]
    # Everything but the state bucket, whose objects only deploy_state grants (own prefix).
    not_resources = [local.state.bucket, "${local.state.bucket}/*"]
    condition {
      test     = "StringEquals"
      variable = "aws:RequestedRegion"
      values   = var.deploy_regions
    }
  }

  # Records only (certificate validation, the API's alias), never zones: the hosted zone is
  # the account's, shared by every environment.
  statement {
    sid = "DnsRecords"
    actions = [
      "route53:GetHostedZone", "route53:ListHostedZones", "route53:ListResourceRecordSets", "route53:GetChange",
      "route53:ChangeResourceRecordSets", "route53:ListTagsForResource",
    ]
    resources = ["*"]
  }

  statement {
    sid = "StackRolesOnlyWithTheBoundary"
    actions = [
      "iam:CreateRole", "iam:PutRolePermissionsBoundary", "iam:PutRolePolicy", "iam:DeleteRolePolicy",
      "iam:AttachRolePolicy", "iam:DetachRolePolicy",
    ]
    resources = ["arn:${local.partition}:iam::*:role/mealprep-${each.key}-*"]
    condition {
      test     = "StringEquals"
      variable = "iam:PermissionsBoundary"
      values   = [aws_iam_policy.boundary[each.key].arn]
    }
  }

  statement {
    sid = "StackRolesLifecycle"
    actions = [
      "iam:GetRole", "iam:GetRolePolicy", "iam:ListRolePolicies", "iam:ListAttachedRolePolicies",
      "iam:ListInstanceProfilesForRole", "iam:ListRoleTags", "iam:TagRole", "iam:UntagRole",
      "iam:UpdateRole", "iam:UpdateRoleDescription", "iam:UpdateAssumeRolePolicy", "iam:DeleteRole",
    ]
    resources = ["arn:${local.partition}:iam::*:role/mealprep-${each.key}-*"]
  }

  statement {
    sid       = "PassStackRolesToTheirServices"
    actions   = ["iam:PassRole"]
    resources = ["arn:${local.partition}:iam::*:role/mealprep-${each.key}-*"]
    condition {
      test     = "StringEquals"
      variable = "iam:PassedToService"
      values   = local.pass_role_services
    }
  }

  statement {
    sid       = "ServiceLinkedRoles"
    actions   = ["iam:CreateServiceLinkedRole"]
    resources = ["*"]
    condition {
      test     = "StringEquals"
      variable = "iam:AWSServiceName"
      values = [
        "ecs.amazonaws.com", "elasticloadbalancing.amazonaws.com", "rds.amazonaws.com", "elasticache.amazonaws.com",
        "ecs.application-autoscaling.amazonaws.com", "backup.amazonaws.com", "guardduty.amazonaws.com",
        "vpcorigin.cloudfront.amazonaws.com", # the CloudFront VPC origin that reaches the internal ALB
      ]
    }
  }

  dynamic "statement" {
    for_each = contains(keys(var.deploy_assume_role_arns), each.key) ? [var.deploy_assume_role_arns[each.key]] : []
    content {
      sid       = "AssumeTheEnvironmentsTerraformRole"
      actions   = ["sts:AssumeRole", "sts:TagSession"]
      resources = [statement.value]
    }
  }

  statement {
    sid       = "AttachOnlyTheStacksManagedPolicies"
    effect    = "Deny"
    actions   = ["iam:AttachRolePolicy"]
    resources = ["*"]
    condition {
      test     = "ArnNotEquals"
      variable = "iam:PolicyARN"
      values   = local.attachable_policy_arns
    }
  }

  statement {
    sid       = "DenyCiRolesAndBoundaries"
    effect    = "Deny"
    actions   = ["iam:*"]
    resources = local.ci_and_boundary_arns
  }

  statement {
    sid       = "NeverDropABoundary"
    effect    = "Deny"
    actions   = ["iam:DeleteRolePermissionsBoundary", "iam:CreatePolicyVersion", "iam:SetDefaultPolicyVersion"]
    resources = ["*"]
  }

  dynamic "statement" {
    for_each = length(local.other_dns_names[each.key]) > 0 ? [local.other_dns_names[each.key]] : []
    content {
      sid       = "DenyOtherEnvironmentsDnsRecords"
      effect    = "Deny"
      actions   = ["route53:ChangeResourceRecordSets"]
      resources = ["*"]
      condition {
        test     = "ForAnyValue:StringLike"
        variable = "route53:ChangeResourceRecordSetsNormalizedRecordNames"
        values   = statement.value
      }
    }
  }

  statement {
    sid       = "CreateOnlyWithOwnEnvironmentTag"
    effect    = "Deny"
    actions   = ["*"]
    resources = ["*"]
    condition {
      test     = "StringEquals"
      variable = "aws:RequestTag/Environment"
      values   = concat(local.other_environments[each.key], ["shared"])
    }
  }

  # Shared resources (state bucket and key, OIDC provider, CI roles, boundaries) are used,
  # never changed, by a deploy role.
  statement {
    sid         = "UseButNeverChangeSharedResources"
    effect      = "Deny"
    not_actions = ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey", "kms:DescribeKey"]
    resources   = ["*"]
    condition {
      test     = "StringEquals"
      variable = "aws:ResourceTag/Environment"
      values   = ["shared"]
    }
  }

  statement {
    sid         = "StateBucketObjectsOnly"
    effect      = "Deny"
    not_actions = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:ListBucket"]
    resources   = [local.state.bucket, "${local.state.bucket}/*"]
  }
}
