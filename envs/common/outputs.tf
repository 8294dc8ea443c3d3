# The seed's outputs first, then what operators and post-deploy verification read.

output "api_endpoint" {
  description = "API endpoint URL (seed APIEndpoint): the one public path, through CloudFront."
  value       = module.edge.api_url
}

output "frontend_url" {
  description = "Front-end URL (seed FrontendURL)."
  value       = module.edge.frontend_url
}

output "database_endpoint" {
  description = "Aurora writer endpoint (seed DatabaseEndpoint)."
  value       = module.database.writer_endpoint
}

output "database_cluster_name" {
  description = "Aurora cluster identifier."
  value       = module.database.cluster_id
}

output "service_name" {
  description = "ECS service name."
  value       = module.service.service_name
}

output "cluster_name" {
  description = "ECS cluster name."
  value       = module.service.cluster_name
}

output "alert_topic_arn" {
  description = "SNS topic of alarms, budget and backup alerts."
  value       = module.monitoring.topic_arn
}

output "app_secret_arn" {
  description = "ARN of <env>/mealprep/app-secrets."
  value       = module.secrets.secret_arn
}

output "db_master_secret_arn" {
  description = "ARN of the RDS-managed master secret."
  value       = module.database.master_secret_arn
}

output "distribution_id" {
  description = "CloudFront distribution ID."
  value       = module.edge.distribution_id
}

output "resources" {
  description = "Identifiers of everything post-deploy verification inspects."
  value = {
    region               = var.region
    dr_region            = var.dr_region
    vpc_id               = module.network.vpc_id
    public_subnet_ids    = module.network.public_subnet_ids
    private_subnet_ids   = module.network.private_subnet_ids
    database_subnet_ids  = module.network.database_subnet_ids
    nat_gateway_ids      = module.network.nat_gateway_ids
    db_cluster_id        = module.database.cluster_id
    db_kms_key_arn       = module.database.kms_key_arn
    db_parameter_group   = module.database.parameter_group_name
    db_security_group    = module.database.security_group_id
    cache_group_id       = one(module.cache[*].replication_group_id)
    alb_arn              = module.service.alb_arn
    target_group_arn     = module.service.target_group_arn
    task_family          = module.service.task_definition_family
    task_template_arn    = module.service.task_definition_arn
    registry_url         = module.registry.repository_url
    registry_name        = module.registry.repository_name
    migration_task       = module.service.migration_task_family
    container_name       = module.service.container_name
    log_group_name       = module.service.log_group_name
    tasks_security_group = module.service.tasks_security_group_id
    alb_security_group   = module.service.alb_security_group_id
    web_acl_arn          = module.edge.web_acl_arn
    web_acl_name         = module.edge.web_acl_name
    storage_bucket       = module.storage.bucket_id
    storage_kms_key_arn  = module.storage.kms_key_arn
    secret_name          = module.secrets.secret_name
    backup_vault         = module.backup.vault_name
    backup_plan_id       = module.backup.plan_id
    budget_name          = one(module.budget[*].name)
    alarm_names          = module.monitoring.alarm_names
    trail_name           = module.audit.trail_name
  }
}

output "expected" {
  description = "What this environment promises, for post-deploy verification to compare with what runs."
  value = {
    environment            = var.environment
    az_count               = length(module.network.azs)
    nat_gateways           = var.nat_gateway_mode == "single" ? 1 : length(module.network.azs)
    db_instance_count      = var.database.instance_count
    db_instance_class      = module.database.instance_class
    db_backup_retention    = var.database.backup_retention_days
    db_deletion_protection = var.database.deletion_protection
    api_cpu                = var.api.cpu
    api_memory             = var.api.memory
    api_desired_count      = var.api.desired_count
    api_min_capacity       = var.api.min_capacity
    api_max_capacity       = var.api.max_capacity
    alb_listeners          = ["HTTP:80"]
    log_retention_days     = var.log_retention_days
    storage_versioning     = var.storage.versioning
    storage_replication    = var.storage.replication
    backup_retention_days  = var.backup.retention_days
    cross_region_copy      = var.backup.cross_region_copy
    budget_limit_usd       = var.budget_limit_usd
    features               = var.features
    managed_rule_groups    = module.edge.managed_rule_groups
    secret_keys            = module.secrets.secret_keys
    secret_placeholders    = module.secrets.placeholders
    api_containers         = module.service.container_names
    uploads = merge(module.uploads.function, {
      uploads_prefix    = module.uploads.prefixes.uploads
      quarantine_prefix = module.uploads.prefixes.quarantine
    })
  }
}
