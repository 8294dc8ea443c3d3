data "aws_region" "current" {}
data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}

data "aws_ec2_managed_prefix_list" "cloudfront" {
  count = var.alb.cloudfront_only ? 1 : 0
  name  = "com.amazonaws.global.cloudfront.origin-facing"
}

locals {
  region    = data.aws_region.current.name
  account   = data.aws_caller_identity.current.account_id
  partition = data.aws_partition.current.partition

  log_group_name      = "/ecs/${var.name}-api"
  exec_log_group_name = "/ecs/${var.name}-exec-sessions"
  https_enabled       = var.https != null
  create_cert         = local.https_enabled && try(var.https.certificate_arn == null, false)

  # Images are pulled from the project's repository only (modules/registry).
  ecr_repository = var.ecr_repository_arn

  aspnet_environment = { dev = "Development", staging = "Staging", prod = "Production" }[var.environment]

  environment = merge(
    {
      ASPNETCORE_ENVIRONMENT = local.aspnet_environment
      AWS_REGION             = local.region
      CLOUDFRONT_DOMAIN      = var.cloudfront_domain
    },
    var.database == null ? {} : {
      Database__Host = var.database.host
      Database__Port = tostring(var.database.port)
      Database__Name = var.database.name
    },
    var.environment_variables,
  )
  # The API connects as its own role with short-lived IAM tokens; no password reaches it.
  api_environment = merge(local.environment, var.database == null ? {} : {
    Database__Username          = var.database.app_username
    Database__IamAuthentication = "true"
  })

  secrets = {
    JWT__Secret     = "${var.app_secret_arn}:jwtSecret::"
    Bedrock__ApiKey = "${var.app_secret_arn}:bedrockApiKey::"
    Email__ApiKey   = "${var.app_secret_arn}:emailApiKey::"
  }
  injected_secret_arns = compact([var.app_secret_arn, try(var.database.master_secret_arn, "")])

  api_container = {
    name                   = var.container_name
    image                  = var.image
    essential              = true
    readonlyRootFilesystem = var.readonly_root_filesystem
    portMappings           = [{ containerPort = var.container_port, protocol = "tcp" }]
    environment            = [for k in sort(keys(local.api_environment)) : { name = k, value = local.api_environment[k] }]
    secrets                = [for k in sort(keys(local.secrets)) : { name = k, valueFrom = local.secrets[k] }]
    mountPoints            = [{ sourceVolume = "tmp", containerPath = "/tmp", readOnly = false }]
    linuxParameters        = { initProcessEnabled = true }
    logConfiguration = {
      logDriver = "awslogs"
      options = {
        awslogs-group         = local.log_group_name
        awslogs-region        = local.region
        awslogs-stream-prefix = "ecs"
      }
    }
  }
  xray_container = {
    name                   = "xray-daemon"
    image                  = "public.ecr.aws/xray/aws-xray-daemon:3.3.14"
    essential              = false
    readonlyRootFilesystem = true
    cpu                    = 32
    memoryReservation      = 256
    portMappings           = [{ containerPort = 2000, protocol = "udp" }]
    logConfiguration = {
      logDriver = "awslogs"
      options = {
        awslogs-group         = local.log_group_name
        awslogs-region        = local.region
        awslogs-stream-prefix = "xray"
      }
    }
  }
  containers = concat([local.api_container], var.enable_xray ? [local.xray_container] : [])
}

# ---------------------------------------------------------------- cluster and logs

resource "aws_ecs_cluster" "this" {
  name = "${var.name}-cluster"
  tags = var.tags

  # Every ECS Exec session is recorded in a KMS-encrypted log group.
  dynamic "configuration" {
    for_each = var.execute_command ? [1] : []
    content {
      execute_command_configuration {
        kms_key_id = module.logs_key.key_arn # encrypts the session data between client and task
        logging    = "OVERRIDE"
        log_configuration {
          cloud_watch_log_group_name     = aws_cloudwatch_log_group.exec[0].name
          cloud_watch_encryption_enabled = true
        }
      }
    }
  }

  setting {
    name  = "containerInsights"
    value = "enabled"
  }
}

resource "aws_ecs_cluster_capacity_providers" "this" {
  cluster_name       = aws_ecs_cluster.this.name
  capacity_providers = ["FARGATE", "FARGATE_SPOT"]

  default_capacity_provider_strategy {
    capacity_provider = "FARGATE"
    base              = var.capacity.on_demand_base
    weight            = var.capacity.on_demand_weight
  }
}

module "logs_key" {
  source = "../kms"

  name            = "${var.name}-api-logs"
  description     = "Encrypts the API log group of ${var.name}"
  tags            = var.tags
  log_group_names = concat([local.log_group_name], var.execute_command ? [local.exec_log_group_name] : [])
}

resource "aws_cloudwatch_log_group" "exec" {
  #checkov:skip=CKV_AWS_338:Retention is the environment's choice (seed: one week in dev, one month in prod) and set by a variable; ECS Exec is on in dev only.
  count = var.execute_command ? 1 : 0

  name              = local.exec_log_group_name
  retention_in_days = var.log_retention_days
  kms_key_id        = module.logs_key.key_arn
  tags              = var.tags
}

resource "aws_cloudwatch_log_group" "api" {
  #checkov:skip=CKV_AWS_338:Retention is the environment's choice (seed: one week in dev, one month in prod) and set by a variable; these are operational logs, not audit records (CloudTrail keeps those).
  name              = local.log_group_name
  retention_in_days = var.log_retention_days
  kms_key_id        = module.logs_key.key_arn
  tags              = var.tags
}
