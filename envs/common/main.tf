# The MealPrep stack: module calls and their wiring only; values come from terraform.tfvars.
data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}

locals {
  account       = data.aws_caller_identity.current.account_id
  partition     = data.aws_partition.current.partition
  name          = "mealprep-${var.environment}"
  secret_prefix = "${var.environment}/mealprep/"
  # Cache nodes are named <group>-001, -002, ... by ElastiCache.
  cache_nodes = [for i in range(1 + var.cache.replicas) : format("%s-cache-%03d", local.name, i + 1)]
  # Every role the stack creates is capped by the env's boundary, made by envs/bootstrap (run
  # it first); the CI deploy roles may create roles only with it attached.
  permissions_boundary_arn = "arn:${local.partition}:iam::${local.account}:policy/mealprep-boundary-${var.environment}"
  # The state bucket envs/bootstrap creates in this account; its object reads and writes are
  # data events of the trail.
  state_bucket_arn = "arn:${local.partition}:s3:::${coalesce(var.audit.state_bucket, "mealprep-tfstate-${local.account}")}"
  # The registry's name, ARN and URL from known parts, so the plan shows the task definition
  # and the execution role's pull scope instead of "known after apply".
  registry_name = "${local.name}-api"
  registry_arn  = "arn:${local.partition}:ecr:${var.region}:${local.account}:repository/${local.registry_name}"
  registry_url  = "${local.account}.dkr.ecr.${var.region}.${data.aws_partition.current.dns_suffix}/${local.registry_name}"
}

module "network" {
  source = "../../modules/network"

  permissions_boundary_arn = local.permissions_boundary_arn
  name                     = local.name
  cidr                     = var.vpc_cidr
  nat_gateway_mode         = var.nat_gateway_mode
  interface_endpoints      = var.interface_endpoints
  flow_logs                = { retention_days = var.log_retention_days }
  tags                     = local.tags
}

module "secrets" {
  source = "../../modules/secrets"

  name                 = local.name
  environment          = var.environment
  recovery_window_days = var.secret_recovery_days
  tags                 = local.tags
}

module "storage" {
  source    = "../../modules/storage"
  providers = { aws = aws, aws.dr = aws.dr }

  permissions_boundary_arn     = local.permissions_boundary_arn
  name                         = local.name
  versioning                   = var.storage.versioning
  force_destroy                = !var.protect_data
  replication                  = { enabled = var.storage.replication }
  cloudfront_distribution_arns = [module.edge.distribution_arn]
  cors_allowed_origins         = [module.edge.frontend_url]
  tags                         = local.tags
}

module "uploads" {
  source = "../../modules/uploads"

  permissions_boundary_arn  = local.permissions_boundary_arn
  name                      = local.name
  bucket                    = { id = module.storage.bucket_id, arn = module.storage.bucket_arn, kms_key_arn = module.storage.kms_key_arn }
  package                   = var.function_packages["image_moderation"]
  moderation_min_confidence = var.uploads.moderation_min_confidence
  function = {
    memory_mb            = var.uploads.memory_mb
    timeout_seconds      = var.uploads.timeout_seconds
    reserved_concurrency = var.uploads.reserved_concurrency
  }
  # The seed's private subnets hold the Lambda functions.
  vpc                = { vpc_id = module.network.vpc_id, subnet_ids = module.network.private_subnet_ids }
  log_retention_days = var.log_retention_days
  tags               = local.tags
}

module "database" {
  source = "../../modules/database"

  permissions_boundary_arn   = local.permissions_boundary_arn
  name                       = local.name
  vpc_id                     = module.network.vpc_id
  subnet_ids                 = module.network.database_subnet_ids
  allowed_security_group_ids = [module.service.tasks_security_group_id]
  engine_version             = var.database.engine_version
  instance_class             = var.database.instance_class
  instance_count             = var.database.instance_count
  serverless_v2              = var.database.serverless_v2
  backup_retention_days      = var.database.backup_retention_days
  deletion_protection        = var.database.deletion_protection
  final_snapshot             = var.database.final_snapshot
  log_retention_days         = var.log_retention_days
  tags                       = local.tags
}

module "cache" {
  source = "../../modules/cache"
  count  = var.features.cache ? 1 : 0

  name                       = local.name
  vpc_id                     = module.network.vpc_id
  subnet_ids                 = module.network.private_subnet_ids
  allowed_security_group_ids = [module.service.tasks_security_group_id]
  node_type                  = var.cache.node_type
  replicas                   = var.cache.replicas
  snapshot_retention_days    = var.cache.snapshot_retention_days
  log_retention_days         = var.log_retention_days
  tags                       = local.tags
}

module "registry" {
  source = "../../modules/registry"

  name           = local.registry_name
  release_images = var.registry.release_images
  untagged_days  = var.registry.untagged_days
  force_delete   = !var.protect_data
  tags           = local.tags
}

module "service" {
  source = "../../modules/service"

  permissions_boundary_arn = local.permissions_boundary_arn
  name                     = local.name
  environment              = var.environment
  vpc_id                   = module.network.vpc_id
  private_subnet_ids       = module.network.private_subnet_ids
  ecr_repository_arn       = local.registry_arn
  image                    = "${local.registry_url}:${var.api.first_image_tag}"
  # deploy-app owns the running task definition; Terraform writes only the template.
  ignore_task_definition_changes = true
  task_size                      = { cpu = var.api.cpu, memory = var.api.memory }
  desired_count                  = var.api.desired_count
  capacity = {
    on_demand_base   = var.api.on_demand_base
    on_demand_weight = var.api.on_demand_weight
    spot_weight      = var.api.spot_weight
  }
  enable_xray = true # the seed traces in every env
  xray_sampling = {
    rules        = var.features.xray_sampling_rules
    api_rate     = var.tracing.api_sampling_rate
    default_rate = var.tracing.default_sampling_rate
  }
  execute_command    = var.api.execute_command
  log_retention_days = var.log_retention_days
  autoscaling = {
    min_capacity         = var.api.min_capacity
    max_capacity         = var.api.max_capacity
    off_hours_scale_down = var.api.off_hours_scale_down
  }
  alb = { deletion_protection = var.protect_data, internal = true }

  cloudfront_domain = module.edge.domain_name
  database = {
    host                = module.database.writer_endpoint
    port                = module.database.port
    name                = module.database.database_name
    username            = module.database.master_username
    master_secret_arn   = module.database.master_secret_arn
    cluster_resource_id = module.database.cluster_resource_id
  }
  environment_variables = merge({ Storage__Bucket = module.storage.bucket_id }, var.features.cache ? {
    Cache__Host = module.cache[0].primary_endpoint
    Cache__Port = tostring(module.cache[0].port)
    Cache__User = module.cache[0].app_user_name
  } : {})
  cache_connect_arns   = flatten(module.cache[*].connect_arns)
  app_secret_arn       = module.secrets.secret_arn
  secret_kms_key_arns  = [module.secrets.kms_key_arn, module.database.kms_key_arn]
  secret_name_prefix   = local.secret_prefix
  storage_bucket_arn   = module.storage.bucket_arn
  storage_kms_key_arns = [module.storage.kms_key_arn]
  bedrock_model_arns   = var.bedrock_model_arns
  egress_rules = [
    { description = "PostgreSQL to the database subnets", port = 5432, cidr_blocks = module.network.subnet_cidrs.database },
    { description = "Cache to the private subnets", port = 6379, cidr_blocks = module.network.subnet_cidrs.private },
  ]
  tags = local.tags
}

module "edge" {
  source    = "../../modules/edge"
  providers = { aws = aws, aws.us_east_1 = aws.us_east_1 }

  name = local.name
  frontend_bucket = {
    id                   = module.storage.bucket_id
    regional_domain_name = module.storage.bucket_regional_domain_name
  }
  api_origin = {
    alb_arn     = module.service.alb_arn
    domain_name = module.service.alb_dns_name
    vpc_origin  = var.features.cloudfront_vpc_origin
  }
  domain              = length(var.edge.domain_names) > 0 ? { aliases = var.edge.domain_names, hosted_zone_id = var.edge.hosted_zone_id } : null
  spa_routing         = var.features.cloudfront_functions
  price_class         = var.edge.price_class
  rate_limit          = var.edge.rate_limit
  log_retention_days  = var.log_retention_days
  force_destroy_logs  = !var.protect_data
  security_headers    = var.features.cloudfront_headers
  wait_for_deployment = var.features.cloudfront_deployed
  tags                = local.tags
}

module "monitoring" {
  source = "../../modules/monitoring"

  name         = local.name
  alert_emails = var.alert_emails
  alb = {
    arn_suffix              = module.service.alb_arn_suffix
    target_group_arn_suffix = module.service.target_group_arn_suffix
  }
  ecs           = { cluster_name = module.service.cluster_name, service_name = module.service.service_name }
  database      = { cluster_id = module.database.cluster_id }
  cache         = var.features.cache ? { node_ids = local.cache_nodes } : null
  cloudfront    = { distribution_id = module.edge.distribution_id }
  api_log_group = module.service.log_group_name
  functions = {
    image_moderation = {
      function_name          = module.uploads.function_name
      dead_letter_queue_name = module.uploads.dead_letter_queue_name
    }
  }
  tags = local.tags
}

module "backup" {
  source    = "../../modules/backup"
  providers = { aws = aws, aws.dr = aws.dr }

  permissions_boundary_arn = local.permissions_boundary_arn
  name                     = local.name
  daily                    = { retention_days = var.backup.retention_days }
  weekly_retention_days    = var.backup.weekly_retention_days
  monthly_retention_days   = var.backup.monthly_retention_days
  cross_region_copy        = { enabled = var.backup.cross_region_copy, retention_days = var.backup.copy_retention_days }
  vault_lock = var.backup.vault_lock ? {
    min_retention_days = 7
    max_retention_days = max(var.backup.retention_days, coalesce(var.backup.monthly_retention_days, 0), var.backup.copy_retention_days)
  } : null
  # S3 backups need versioning, so the bucket is selected only where it is versioned.
  resource_arns = !var.features.backup_selection ? [] : concat(
    [module.database.cluster_arn], var.storage.versioning ? [module.storage.bucket_arn] : [],
  )
  notifications = var.features.backup_notifications ? { topic_arn = module.monitoring.topic_arn } : null
  tags          = local.tags
}

module "budget" {
  source = "../../modules/budget"
  count  = var.features.budget ? 1 : 0

  name              = "MealPrep-${var.environment}-Budget"
  environment       = var.environment
  monthly_limit_usd = var.budget_limit_usd
  notifications = {
    emails        = var.alert_emails
    sns_topic_arn = module.monitoring.topic_arn
  }
}

module "audit" {
  source = "../../modules/audit"

  permissions_boundary_arn = local.permissions_boundary_arn
  name                     = local.name
  # user uploads, and Terraform state: who read or wrote what
  data_event_bucket_arns = [module.storage.bucket_arn, local.state_bucket_arn]
  cloudwatch_logs        = { enabled = true, retention_days = var.log_retention_days }
  security_alarms        = { topic_arn = module.monitoring.topic_arn }
  object_lock_days       = var.audit.object_lock_days
  force_destroy          = !var.protect_data
  tags                   = local.tags
}

module "guardduty" {
  source = "../../modules/guardduty"
  count  = var.security.guardduty ? 1 : 0

  name   = local.name
  alerts = { topic_arn = module.monitoring.topic_arn }
  tags   = local.tags
}
