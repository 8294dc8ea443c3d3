# IAM.

data "aws_iam_policy_document" "tasks_assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["ecs-tasks.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account]
    }
  }
}

resource "aws_iam_role" "execution" {
  name                 = "${var.name}-api-execution"
  description          = "Pulls the image, writes logs and injects the API's secrets"
  permissions_boundary = var.permissions_boundary_arn
  assume_role_policy   = data.aws_iam_policy_document.tasks_assume.json
  tags                 = var.tags
}

data "aws_iam_policy_document" "execution" {
  dynamic "statement" {
    for_each = local.ecr_repository == null ? [] : [local.ecr_repository]
    content {
      sid       = "PullImage"
      actions   = ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]
      resources = [statement.value]
    }
  }

  dynamic "statement" {
    for_each = local.ecr_repository == null ? [] : [1]
    content {
      # GetAuthorizationToken has no resource-level permissions.
      sid       = "RegistryLogin"
      actions   = ["ecr:GetAuthorizationToken"]
      resources = ["*"]
    }
  }

  statement {
    sid       = "WriteLogs"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.api.arn}:*"]
  }

  statement {
    sid       = "InjectSecrets"
    actions   = ["secretsmanager:GetSecretValue"]
    resources = local.injected_secret_arns
  }

  dynamic "statement" {
    for_each = length(var.secret_kms_key_arns) > 0 ? [1] : []
    content {
      sid       = "DecryptSecrets"
      actions   = ["kms:Decrypt"]
      resources = var.secret_kms_key_arns
      condition {
        test     = "StringEquals"
        variable = "kms:ViaService"
        values   = ["secretsmanager.${local.region}.amazonaws.com"]
      }
    }
  }
}

resource "aws_iam_role_policy" "execution" {
  name   = "pull-log-inject"
  role   = aws_iam_role.execution.id
  policy = data.aws_iam_policy_document.execution.json
}

resource "aws_iam_role" "task" {
  name                 = "${var.name}-api-task"
  description          = "What the MealPrep API may do at runtime"
  permissions_boundary = var.permissions_boundary_arn
  assume_role_policy   = data.aws_iam_policy_document.tasks_assume.json
  tags                 = var.tags
}

data "aws_iam_policy_document" "task" {
  # Only the prefixes the API writes: never frontend/ (served to every viewer) or backups/.
  statement {
    sid       = "StorageObjects"
    actions   = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"]
    resources = [for prefix in var.storage_prefixes : "${var.storage_bucket_arn}/${prefix}*"]
  }

  dynamic "statement" {
    for_each = length(var.storage_kms_key_arns) > 0 ? [1] : []
    content {
      sid       = "StorageEncryption"
      actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
      resources = var.storage_kms_key_arns
      condition {
        test     = "StringEquals"
        variable = "kms:ViaService"
        values   = ["s3.${local.region}.amazonaws.com"]
      }
    }
  }

  statement {
    sid       = "ReadOwnSecrets"
    actions   = ["secretsmanager:GetSecretValue"]
    resources = concat(["arn:${local.partition}:secretsmanager:${local.region}:${local.account}:secret:${var.secret_name_prefix}*"], local.injected_secret_arns)
  }

  dynamic "statement" {
    for_each = length(var.secret_kms_key_arns) > 0 ? [1] : []
    content {
      sid       = "DecryptOwnSecrets"
      actions   = ["kms:Decrypt"]
      resources = var.secret_kms_key_arns
      condition {
        test     = "StringEquals"
        variable = "kms:ViaService"
        values   = ["secretsmanager.${local.region}.amazonaws.com"]
      }
    }
  }

  dynamic "statement" {
    for_each = var.database == null ? [] : [var.database]
    content {
      sid       = "ConnectAsTheAppUser"
      actions   = ["rds-db:connect"]
      resources = ["arn:${local.partition}:rds-db:${local.region}:${local.account}:dbuser:${statement.value.cluster_resource_id}/${statement.value.app_username}"]
    }
  }

  statement {
    sid       = "InvokeAllowedModels"
    actions   = ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"]
    resources = var.bedrock_model_arns
  }

  dynamic "statement" {
    for_each = length(var.cache_connect_arns) > 0 ? [1] : []
    content {
      sid       = "ConnectToCache"
      actions   = ["elasticache:Connect"]
      resources = var.cache_connect_arns
    }
  }

  # The services below have no resource-level permissions for these actions (AWS service
  # authorization reference), so `*` is the narrowest resource they accept.
  dynamic "statement" {
    for_each = var.enable_xray ? [1] : []
    content {
      sid       = "WriteTraces"
      actions   = ["xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules", "xray:GetSamplingTargets"]
      resources = ["*"]
    }
  }

  # ECS Exec: the SSM channels and DescribeLogGroups (no resource types: the ECS agent checks
  # the session log group exists), the session key, and the session log.
  dynamic "statement" {
    for_each = var.execute_command ? {
      ExecuteCommand = {
        actions = [
          "ssmmessages:CreateControlChannel", "ssmmessages:CreateDataChannel",
          "ssmmessages:OpenControlChannel", "ssmmessages:OpenDataChannel",
        ]
        resources = ["*"]
      }
      DecryptExecSessions = { actions = ["kms:Decrypt"], resources = [module.logs_key.key_arn] }
      LogExecSessions = {
        actions   = ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"]
        resources = ["${aws_cloudwatch_log_group.exec[0].arn}:*"]
      }
      FindExecSessionLog = { actions = ["logs:DescribeLogGroups"], resources = ["*"] }
    } : {}
    content {
      sid       = statement.key
      actions   = statement.value.actions
      resources = statement.value.resources
    }
  }

}

resource "aws_iam_role_policy" "task" {
  name   = "mealprep-api-runtime"
  role   = aws_iam_role.task.id
  policy = data.aws_iam_policy_document.task.json
}
