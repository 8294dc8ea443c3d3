data "aws_partition" "current" {}

locals {
  cluster_identifier = "${var.name}-cluster"
  engine_major       = split(".", var.engine_version)[0]
  instance_class     = var.serverless_v2 == null ? var.instance_class : "db.serverless"
  log_group_name     = "/aws/rds/cluster/${local.cluster_identifier}/postgresql"

  # The seed's tuning. Aurora accepts all five at cluster level. The seed's memory and
  # connection settings (shared_buffers, effective_cache_size, work_mem,
  # maintenance_work_mem, max_connections, max_prepared_transactions) are left out:
  # Aurora derives them from the instance class, and the seed's fixed values would
  # undersize the prod class or oversize the dev one.
  seed_parameters = {
    "rds.force_ssl"              = { value = "1", apply_method = "pending-reboot" }
    "shared_preload_libraries"   = { value = "pg_stat_statements", apply_method = "pending-reboot" }
    "pg_stat_statements.track"   = { value = "all", apply_method = "pending-reboot" }
    "log_min_duration_statement" = { value = "1000", apply_method = "immediate" }
    "log_statement"              = { value = "ddl", apply_method = "immediate" } # seed: mod; see the README
  }
  cluster_parameters = merge(local.seed_parameters, var.extra_cluster_parameters)
}

module "key" {
  source = "../kms"

  name            = "${var.name}-database"
  description     = "Encrypts the Aurora storage, Performance Insights, the master secret and the log group of ${var.name}"
  tags            = var.tags
  log_group_names = [local.log_group_name]
}

resource "aws_db_subnet_group" "this" {
  name        = "${var.name}-database"
  description = "Isolated database subnets of ${var.name}"
  subnet_ids  = var.subnet_ids
  tags        = var.tags
}

resource "aws_security_group" "this" {
  name        = "${var.name}-database"
  description = "PostgreSQL from the application only; no egress"
  vpc_id      = var.vpc_id
  tags        = merge(var.tags, { Name = "${var.name}-database" })
  # No egress blocks: Terraform removes AWS's default allow-all egress rule (seed: Outbound none).
}

resource "aws_vpc_security_group_ingress_rule" "postgres" {
  count = length(var.allowed_security_group_ids)

  security_group_id            = aws_security_group.this.id
  description                  = "PostgreSQL from an application security group"
  ip_protocol                  = "tcp"
  from_port                    = 5432
  to_port                      = 5432
  referenced_security_group_id = var.allowed_security_group_ids[count.index]
  tags                         = var.tags
}

resource "aws_rds_cluster_parameter_group" "this" {
  name        = "${var.name}-aurora-postgresql${local.engine_major}"
  family      = "aurora-postgresql${local.engine_major}"
  description = "MealPrep tuning for ${var.name}: TLS only, pg_stat_statements, slow and mod statement logging"
  tags        = var.tags

  dynamic "parameter" {
    for_each = local.cluster_parameters
    content {
      name         = parameter.key
      value        = parameter.value.value
      apply_method = parameter.value.apply_method
    }
  }

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_cloudwatch_log_group" "postgresql" {
  #checkov:skip=CKV_AWS_338:Retention is the environment's choice (seed: one week in dev, one month in prod) and set by a variable; these are operational logs, not audit records (CloudTrail keeps those).
  name              = local.log_group_name
  retention_in_days = var.log_retention_days
  kms_key_id        = module.key.key_arn
  tags              = var.tags
}

resource "aws_rds_cluster" "this" {
  #checkov:skip=CKV2_AWS_8:The cluster is in the AWS Backup plan: envs/common passes module.database.cluster_arn to module.backup's selection (verify: backup.selection). The check cannot follow a module output into another module.
  cluster_identifier = local.cluster_identifier
  engine             = "aurora-postgresql"
  engine_mode        = "provisioned"
  engine_version     = var.engine_version
  database_name      = var.database_name
  port               = 5432

  master_username                       = var.master_username
  manage_master_user_password           = true
  master_user_secret_kms_key_id         = module.key.key_arn
  iam_database_authentication_enabled   = true
  db_cluster_parameter_group_name       = aws_rds_cluster_parameter_group.this.name
  db_subnet_group_name                  = aws_db_subnet_group.this.name
  vpc_security_group_ids                = [aws_security_group.this.id]
  storage_encrypted                     = true
  kms_key_id                            = module.key.key_arn
  backup_retention_period               = var.backup_retention_days
  preferred_backup_window               = var.preferred_backup_window
  preferred_maintenance_window          = var.preferred_maintenance_window
  copy_tags_to_snapshot                 = true
  deletion_protection                   = var.deletion_protection
  skip_final_snapshot                   = !var.final_snapshot
  final_snapshot_identifier             = var.final_snapshot ? "${local.cluster_identifier}-final" : null
  enabled_cloudwatch_logs_exports       = ["postgresql"]
  performance_insights_enabled          = true
  performance_insights_kms_key_id       = module.key.key_arn
  performance_insights_retention_period = 7
  apply_immediately                     = var.apply_immediately
  tags                                  = var.tags

  dynamic "serverlessv2_scaling_configuration" {
    for_each = var.serverless_v2 == null ? [] : [var.serverless_v2]
    content {
      min_capacity = serverlessv2_scaling_configuration.value.min_capacity
      max_capacity = serverlessv2_scaling_configuration.value.max_capacity
    }
  }

  depends_on = [aws_cloudwatch_log_group.postgresql]
}

data "aws_iam_policy_document" "monitoring_assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["monitoring.rds.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "monitoring" {
  count = var.monitoring_interval > 0 ? 1 : 0

  name                 = "${var.name}-rds-monitoring"
  permissions_boundary = var.permissions_boundary_arn
  assume_role_policy   = data.aws_iam_policy_document.monitoring_assume.json
  tags                 = var.tags
}

resource "aws_iam_role_policy_attachment" "monitoring" {
  count = var.monitoring_interval > 0 ? 1 : 0

  role       = aws_iam_role.monitoring[0].name
  policy_arn = "arn:${data.aws_partition.current.partition}:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole"
}

resource "aws_rds_cluster_instance" "this" {
  count = var.instance_count

  identifier                            = "${local.cluster_identifier}-${count.index + 1}"
  cluster_identifier                    = aws_rds_cluster.this.id
  engine                                = aws_rds_cluster.this.engine
  engine_version                        = aws_rds_cluster.this.engine_version
  instance_class                        = local.instance_class
  db_subnet_group_name                  = aws_db_subnet_group.this.name
  publicly_accessible                   = false
  auto_minor_version_upgrade            = true
  performance_insights_enabled          = true
  performance_insights_kms_key_id       = module.key.key_arn
  performance_insights_retention_period = 7
  monitoring_interval                   = var.monitoring_interval
  monitoring_role_arn                   = var.monitoring_interval > 0 ? aws_iam_role.monitoring[0].arn : null
  copy_tags_to_snapshot                 = true
  apply_immediately                     = var.apply_immediately
  tags                                  = var.tags
}
