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

  # ECR images are pulled with repository-scoped permissions; other registries need none.
  ecr_match      = regex("^(?:([0-9]{12})\\.dkr\\.ecr\\.([a-z0-9-]+)\\.amazonaws\\.com/([^:@]+))?", var.image)
  ecr_repository = local.ecr_match[0] == null ? null : "arn:${local.partition}:ecr:${local.ecr_match[1]}:${local.ecr_match[0]}:repository/${local.ecr_match[2]}"

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

# ---------------------------------------------------------------- IAM

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
    for_each = var.enable_rekognition ? [1] : []
    content {
      sid       = "ImageAnalysis"
      actions   = ["rekognition:DetectLabels", "rekognition:DetectModerationLabels", "rekognition:DetectText"]
      resources = ["*"]
    }
  }

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

# ---------------------------------------------------------------- task definition

resource "aws_ecs_task_definition" "api" {
  family                   = "${var.name}-api"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = tostring(var.task_size.cpu)
  memory                   = tostring(var.task_size.memory)
  execution_role_arn       = aws_iam_role.execution.arn
  task_role_arn            = aws_iam_role.task.arn
  container_definitions    = jsonencode(local.containers)
  tags                     = var.tags

  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = var.cpu_architecture
  }

  volume {
    name = "tmp"
  }
}

# The migration runs as a one-off task (`mealprep-infra migrate`) with the master user: the
# only task that gets the master password. It has no task role: it calls no AWS API.
locals {
  migration_container = {
    name                   = var.container_name
    image                  = var.image
    essential              = true
    readonlyRootFilesystem = var.readonly_root_filesystem
    environment            = [for k in sort(keys(local.migration_environment)) : { name = k, value = local.migration_environment[k] }]
    secrets                = var.database == null ? [] : [{ name = "Database__Password", valueFrom = "${var.database.master_secret_arn}:password::" }]
    mountPoints            = [{ sourceVolume = "tmp", containerPath = "/tmp", readOnly = false }]
    logConfiguration = {
      logDriver = "awslogs"
      options = {
        awslogs-group         = local.log_group_name
        awslogs-region        = local.region
        awslogs-stream-prefix = "migrate"
      }
    }
  }
  migration_environment = merge(local.environment, var.database == null ? {} : { Database__Username = var.database.username })
}

resource "aws_ecs_task_definition" "migrate" {
  count = var.database == null ? 0 : 1

  family                   = "${var.name}-migrate"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = tostring(var.task_size.cpu)
  memory                   = tostring(var.task_size.memory)
  execution_role_arn       = aws_iam_role.execution.arn
  container_definitions    = jsonencode([local.migration_container])
  tags                     = var.tags

  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = var.cpu_architecture
  }

  volume {
    name = "tmp"
  }
}

# ---------------------------------------------------------------- security groups

resource "aws_security_group" "alb" {
  name        = "${var.name}-alb"
  description = "HTTP and HTTPS to the API load balancer"
  vpc_id      = var.vpc_id
  tags        = merge(var.tags, { Name = "${var.name}-alb" })
}

resource "aws_vpc_security_group_ingress_rule" "alb" {
  for_each = toset(local.https_enabled ? ["80", "443"] : ["80"])

  security_group_id = aws_security_group.alb.id
  description       = var.alb.cloudfront_only ? "From CloudFront origin-facing servers" : "From the internet"
  ip_protocol       = "tcp"
  from_port         = tonumber(each.key)
  to_port           = tonumber(each.key)
  prefix_list_id    = var.alb.cloudfront_only ? data.aws_ec2_managed_prefix_list.cloudfront[0].id : null
  cidr_ipv4         = var.alb.cloudfront_only ? null : "0.0.0.0/0"
  tags              = var.tags
}

resource "aws_vpc_security_group_egress_rule" "alb_to_tasks" {
  security_group_id            = aws_security_group.alb.id
  description                  = "To the API tasks"
  ip_protocol                  = "tcp"
  from_port                    = var.container_port
  to_port                      = var.container_port
  referenced_security_group_id = aws_security_group.tasks.id
  tags                         = var.tags
}

resource "aws_security_group" "tasks" {
  name        = "${var.name}-api-tasks"
  description = "MealPrep API tasks: from the ALB only"
  vpc_id      = var.vpc_id
  tags        = merge(var.tags, { Name = "${var.name}-api-tasks" })
}

resource "aws_vpc_security_group_ingress_rule" "tasks_from_alb" {
  security_group_id            = aws_security_group.tasks.id
  description                  = "From the load balancer"
  ip_protocol                  = "tcp"
  from_port                    = var.container_port
  to_port                      = var.container_port
  referenced_security_group_id = aws_security_group.alb.id
  tags                         = var.tags
}

resource "aws_vpc_security_group_egress_rule" "tasks_https" {
  security_group_id = aws_security_group.tasks.id
  description       = "HTTPS to AWS APIs and the internet (Bedrock, Secrets Manager, ECR)"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "0.0.0.0/0"
  tags              = var.tags
}

resource "aws_vpc_security_group_egress_rule" "tasks_extra" {
  for_each = { for pair in flatten([
    for rule in var.egress_rules : [for cidr in rule.cidr_blocks : { key = "${rule.port}-${cidr}", rule = rule, cidr = cidr }]
  ]) : pair.key => pair }

  security_group_id = aws_security_group.tasks.id
  description       = each.value.rule.description
  ip_protocol       = "tcp"
  from_port         = each.value.rule.port
  to_port           = each.value.rule.port
  cidr_ipv4         = each.value.cidr
  tags              = var.tags
}

# ---------------------------------------------------------------- load balancer

# The header CloudFront adds to every origin request; the listener answers 403 without it.
# uuid() runs once: ignore_changes keeps the first value for the life of the resource.
resource "terraform_data" "origin_secret" {
  input = uuid()

  lifecycle {
    ignore_changes = [input]
  }
}

resource "aws_lb" "this" {
  #checkov:skip=CKV2_AWS_28:The ALB admits only CloudFront's origin-facing prefix list (CKV_MP_4) and its listener forwards only requests carrying the secret X-Origin-Verify header CloudFront adds; the WAF sits on the CloudFront distribution in front of it (module.edge).
  #checkov:skip=CKV_AWS_91:Only CloudFront's origin-facing addresses reach the ALB (CKV_MP_4). The requests it forwards carry the origin header, so they came through this stack's distribution, whose standard logs (edge logs bucket) and WAF logs record them; anything else gets the listener's fixed 403 and reaches no target. ALB access logs would duplicate the first and add nothing on the second.
  name                       = "${var.name}-api"
  load_balancer_type         = "application"
  internal                   = false
  subnets                    = var.public_subnet_ids
  security_groups            = [aws_security_group.alb.id]
  drop_invalid_header_fields = true
  enable_deletion_protection = var.alb.deletion_protection
  idle_timeout               = var.alb.idle_timeout
  tags                       = var.tags

  dynamic "access_logs" {
    for_each = var.alb.access_logs_bucket == null ? [] : [1]
    content {
      bucket  = var.alb.access_logs_bucket
      prefix  = var.alb.access_logs_prefix
      enabled = true
    }
  }
}

resource "aws_lb_target_group" "api" {
  #checkov:skip=CKV_AWS_378:TLS ends at the ALB; the tasks run in private subnets and their security group admits only the ALB, so HTTP between them never leaves the VPC.
  name                 = "${var.name}-api"
  port                 = var.container_port
  protocol             = "HTTP"
  target_type          = "ip"
  vpc_id               = var.vpc_id
  deregistration_delay = 30
  tags                 = var.tags

  health_check {
    path                = "/health"
    matcher             = "200-399"
    interval            = 15
    timeout             = 5
    healthy_threshold   = 2
    unhealthy_threshold = 3
  }
}

module "certificate" {
  source = "../certificate"
  count  = local.create_cert ? 1 : 0

  domain_name    = var.https.domain_name
  hosted_zone_id = var.https.hosted_zone_id
  tags           = var.tags
}

resource "aws_route53_record" "api" {
  count = local.https_enabled && try(var.https.domain_name != null && var.https.hosted_zone_id != null, false) ? 1 : 0

  zone_id = var.https.hosted_zone_id
  name    = var.https.domain_name
  type    = "A"

  alias {
    name                   = aws_lb.this.dns_name
    zone_id                = aws_lb.this.zone_id
    evaluate_target_health = true
  }
}

resource "aws_lb_listener" "https" {
  count = local.https_enabled ? 1 : 0

  load_balancer_arn = aws_lb.this.arn
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = var.alb.ssl_policy
  certificate_arn   = local.create_cert ? module.certificate[0].certificate_arn : var.https.certificate_arn
  tags              = var.tags

  default_action {
    type = var.alb.require_origin_header ? "fixed-response" : "forward"

    target_group_arn = var.alb.require_origin_header ? null : aws_lb_target_group.api.arn

    dynamic "fixed_response" {
      for_each = var.alb.require_origin_header ? [1] : []
      content {
        content_type = "text/plain"
        message_body = "Forbidden"
        status_code  = "403"
      }
    }
  }
}

resource "aws_lb_listener" "http" {
  load_balancer_arn = aws_lb.this.arn
  port              = 80
  protocol          = "HTTP"
  tags              = var.tags

  default_action {
    type             = local.https_enabled ? "redirect" : (var.alb.require_origin_header ? "fixed-response" : "forward")
    target_group_arn = !local.https_enabled && !var.alb.require_origin_header ? aws_lb_target_group.api.arn : null

    dynamic "redirect" {
      for_each = local.https_enabled ? [1] : []
      content {
        port        = "443"
        protocol    = "HTTPS"
        status_code = "HTTP_301"
      }
    }

    dynamic "fixed_response" {
      for_each = !local.https_enabled && var.alb.require_origin_header ? [1] : []
      content {
        content_type = "text/plain"
        message_body = "Forbidden"
        status_code  = "403"
      }
    }
  }
}

resource "aws_lb_listener_rule" "origin_verified" {
  count = var.alb.require_origin_header ? 1 : 0

  listener_arn = local.https_enabled ? aws_lb_listener.https[0].arn : aws_lb_listener.http.arn
  priority     = 1
  tags         = var.tags

  condition {
    http_header {
      http_header_name = "X-Origin-Verify"
      values           = [terraform_data.origin_secret.output]
    }
  }

  action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.api.arn
  }
}

# ---------------------------------------------------------------- service

locals {
  service_settings = {
    name                               = "${var.name}-api"
    desired_count                      = var.desired_count
    deployment_minimum_healthy_percent = 100
    deployment_maximum_percent         = 200
    health_check_grace_period_seconds  = 60
  }
}

resource "aws_ecs_service" "api" {
  count = var.ignore_task_definition_changes ? 0 : 1

  name                               = local.service_settings.name
  cluster                            = aws_ecs_cluster.this.id
  task_definition                    = aws_ecs_task_definition.api.arn
  desired_count                      = local.service_settings.desired_count
  deployment_minimum_healthy_percent = local.service_settings.deployment_minimum_healthy_percent
  deployment_maximum_percent         = local.service_settings.deployment_maximum_percent
  health_check_grace_period_seconds  = local.service_settings.health_check_grace_period_seconds
  enable_execute_command             = var.execute_command
  enable_ecs_managed_tags            = true
  propagate_tags                     = "SERVICE"
  tags                               = var.tags

  capacity_provider_strategy {
    capacity_provider = "FARGATE"
    base              = var.capacity.on_demand_base
    weight            = var.capacity.on_demand_weight
  }

  dynamic "capacity_provider_strategy" {
    for_each = var.capacity.spot_weight > 0 ? [1] : []
    content {
      capacity_provider = "FARGATE_SPOT"
      weight            = var.capacity.spot_weight
    }
  }

  network_configuration {
    subnets          = var.private_subnet_ids
    security_groups  = [aws_security_group.tasks.id]
    assign_public_ip = false
  }

  load_balancer {
    target_group_arn = aws_lb_target_group.api.arn
    container_name   = var.container_name
    container_port   = var.container_port
  }

  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }

  # Autoscaling owns the task count once the service runs.
  lifecycle {
    ignore_changes = [desired_count]
  }

  depends_on = [aws_lb_listener.http, aws_iam_role_policy.execution]
}

# Same service for CI-driven image deploys: Terraform leaves the task definition alone.
resource "aws_ecs_service" "api_external_deploys" {
  count = var.ignore_task_definition_changes ? 1 : 0

  name                               = local.service_settings.name
  cluster                            = aws_ecs_cluster.this.id
  task_definition                    = aws_ecs_task_definition.api.arn
  desired_count                      = local.service_settings.desired_count
  deployment_minimum_healthy_percent = local.service_settings.deployment_minimum_healthy_percent
  deployment_maximum_percent         = local.service_settings.deployment_maximum_percent
  health_check_grace_period_seconds  = local.service_settings.health_check_grace_period_seconds
  enable_execute_command             = var.execute_command
  enable_ecs_managed_tags            = true
  propagate_tags                     = "SERVICE"
  tags                               = var.tags

  capacity_provider_strategy {
    capacity_provider = "FARGATE"
    base              = var.capacity.on_demand_base
    weight            = var.capacity.on_demand_weight
  }

  dynamic "capacity_provider_strategy" {
    for_each = var.capacity.spot_weight > 0 ? [1] : []
    content {
      capacity_provider = "FARGATE_SPOT"
      weight            = var.capacity.spot_weight
    }
  }

  network_configuration {
    subnets          = var.private_subnet_ids
    security_groups  = [aws_security_group.tasks.id]
    assign_public_ip = false
  }

  load_balancer {
    target_group_arn = aws_lb_target_group.api.arn
    container_name   = var.container_name
    container_port   = var.container_port
  }

  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }

  lifecycle {
    ignore_changes = [desired_count, task_definition]
  }

  depends_on = [aws_lb_listener.http, aws_iam_role_policy.execution]
}

locals {
  service_name = var.ignore_task_definition_changes ? aws_ecs_service.api_external_deploys[0].name : aws_ecs_service.api[0].name
}

# ---------------------------------------------------------------- autoscaling

resource "aws_appautoscaling_target" "api" {
  service_namespace  = "ecs"
  scalable_dimension = "ecs:service:DesiredCount"
  resource_id        = "service/${aws_ecs_cluster.this.name}/${local.service_name}"
  min_capacity       = var.autoscaling.min_capacity
  max_capacity       = var.autoscaling.max_capacity
  tags               = var.tags
}

resource "aws_appautoscaling_policy" "cpu" {
  name               = "${var.name}-api-cpu"
  policy_type        = "TargetTrackingScaling"
  service_namespace  = aws_appautoscaling_target.api.service_namespace
  scalable_dimension = aws_appautoscaling_target.api.scalable_dimension
  resource_id        = aws_appautoscaling_target.api.resource_id

  target_tracking_scaling_policy_configuration {
    target_value       = var.autoscaling.cpu_target
    scale_in_cooldown  = var.autoscaling.scale_in_cooldown
    scale_out_cooldown = var.autoscaling.scale_out_cooldown
    predefined_metric_specification {
      predefined_metric_type = "ECSServiceAverageCPUUtilization"
    }
  }
}

resource "aws_appautoscaling_policy" "memory" {
  name               = "${var.name}-api-memory"
  policy_type        = "TargetTrackingScaling"
  service_namespace  = aws_appautoscaling_target.api.service_namespace
  scalable_dimension = aws_appautoscaling_target.api.scalable_dimension
  resource_id        = aws_appautoscaling_target.api.resource_id

  target_tracking_scaling_policy_configuration {
    target_value = var.autoscaling.memory_target
    predefined_metric_specification {
      predefined_metric_type = "ECSServiceAverageMemoryUtilization"
    }
  }
}

resource "aws_appautoscaling_policy" "requests" {
  name               = "${var.name}-api-requests"
  policy_type        = "TargetTrackingScaling"
  service_namespace  = aws_appautoscaling_target.api.service_namespace
  scalable_dimension = aws_appautoscaling_target.api.scalable_dimension
  resource_id        = aws_appautoscaling_target.api.resource_id

  target_tracking_scaling_policy_configuration {
    target_value       = var.autoscaling.requests_per_target
    scale_in_cooldown  = var.autoscaling.scale_in_cooldown
    scale_out_cooldown = var.autoscaling.scale_out_cooldown
    predefined_metric_specification {
      predefined_metric_type = "ALBRequestCountPerTarget"
      resource_label         = "${aws_lb.this.arn_suffix}/${aws_lb_target_group.api.arn_suffix}"
    }
  }
}

# The seed's dev cost option: scale to zero outside working hours, back in the morning.
resource "aws_appautoscaling_scheduled_action" "off_hours_start" {
  count = var.autoscaling.off_hours_scale_down ? 1 : 0

  name               = "${var.name}-api-off-hours-start"
  service_namespace  = aws_appautoscaling_target.api.service_namespace
  scalable_dimension = aws_appautoscaling_target.api.scalable_dimension
  resource_id        = aws_appautoscaling_target.api.resource_id
  schedule           = var.autoscaling.off_hours_start_cron
  timezone           = var.autoscaling.off_hours_timezone

  scalable_target_action {
    min_capacity = 0
    max_capacity = 0
  }
}

resource "aws_appautoscaling_scheduled_action" "off_hours_end" {
  count = var.autoscaling.off_hours_scale_down ? 1 : 0

  name               = "${var.name}-api-off-hours-end"
  service_namespace  = aws_appautoscaling_target.api.service_namespace
  scalable_dimension = aws_appautoscaling_target.api.scalable_dimension
  resource_id        = aws_appautoscaling_target.api.resource_id
  schedule           = var.autoscaling.off_hours_end_cron
  timezone           = var.autoscaling.off_hours_timezone

  scalable_target_action {
    min_capacity = var.autoscaling.min_capacity
    max_capacity = var.autoscaling.max_capacity
  }
}
