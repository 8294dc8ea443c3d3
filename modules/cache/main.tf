locals {
  engine_version = coalesce(var.engine_version, var.engine == "valkey" ? "8.0" : "7.1")
  family         = "${var.engine}${split(".", local.engine_version)[0]}"
  multi_az       = var.replicas > 0
  log_group_name = "/elasticache/${var.name}-cache/slow-log"
  # IAM authentication requires the user id and the user name to be the same.
  app_user = "${var.name}-app"
}

module "key" {
  source = "../kms"

  name            = "${var.name}-cache"
  description     = "Encrypts the cache data at rest and its slow log in ${var.name}"
  tags            = var.tags
  log_group_names = [local.log_group_name]
}

resource "aws_elasticache_subnet_group" "this" {
  name        = "${var.name}-cache"
  description = "Private subnets of the ${var.name} cache"
  subnet_ids  = var.subnet_ids
  tags        = var.tags
}

resource "aws_security_group" "this" {
  name        = "${var.name}-cache"
  description = "Cache port from the application only; no egress"
  vpc_id      = var.vpc_id
  tags        = merge(var.tags, { Name = "${var.name}-cache" })
}

resource "aws_vpc_security_group_ingress_rule" "cache" {
  count = length(var.allowed_security_group_ids)

  security_group_id            = aws_security_group.this.id
  description                  = "Cache from an application security group"
  ip_protocol                  = "tcp"
  from_port                    = var.port
  to_port                      = var.port
  referenced_security_group_id = var.allowed_security_group_ids[count.index]
  tags                         = var.tags
}

resource "aws_cloudwatch_log_group" "slow_log" {
  #checkov:skip=CKV_AWS_338:Retention is the environment's choice (seed: one week in dev, one month in prod) and set by a variable; these are operational logs, not audit records (CloudTrail keeps those).
  name              = local.log_group_name
  retention_in_days = var.log_retention_days
  kms_key_id        = module.key.key_arn
  tags              = var.tags
}

# No static AUTH token ever reaches state: the app signs in as an IAM-authenticated user
# (elasticache:Connect in its task role); the mandatory `default` user is switched off.
resource "aws_elasticache_user" "default" {
  user_id       = "${var.name}-default"
  user_name     = "default"
  engine        = var.engine
  access_string = "off -@all"
  tags          = var.tags

  authentication_mode {
    type = "no-password-required"
  }
}

resource "aws_elasticache_user" "app" {
  user_id       = local.app_user
  user_name     = local.app_user
  engine        = var.engine
  access_string = "on ~* +@all -@dangerous"
  tags          = var.tags

  authentication_mode {
    type = "iam"
  }
}

resource "aws_elasticache_user_group" "this" {
  user_group_id = "${var.name}-cache"
  engine        = var.engine
  user_ids      = [aws_elasticache_user.default.user_id, aws_elasticache_user.app.user_id]
  tags          = var.tags
}

resource "aws_elasticache_replication_group" "this" {
  replication_group_id = "${var.name}-cache"
  description          = "MealPrep cache of ${var.name}"
  engine               = var.engine
  engine_version       = local.engine_version
  parameter_group_name = "default.${local.family}"
  node_type            = var.node_type
  port                 = var.port
  num_cache_clusters   = 1 + var.replicas

  automatic_failover_enabled = local.multi_az
  multi_az_enabled           = local.multi_az
  subnet_group_name          = aws_elasticache_subnet_group.this.name
  security_group_ids         = [aws_security_group.this.id]

  at_rest_encryption_enabled = true
  kms_key_id                 = module.key.key_arn
  transit_encryption_enabled = true
  transit_encryption_mode    = "required"
  user_group_ids             = [aws_elasticache_user_group.this.user_group_id]

  snapshot_retention_limit   = var.snapshot_retention_days
  snapshot_window            = var.snapshot_window
  maintenance_window         = var.maintenance_window
  auto_minor_version_upgrade = true
  apply_immediately          = var.apply_immediately
  tags                       = var.tags

  log_delivery_configuration {
    destination      = aws_cloudwatch_log_group.slow_log.name
    destination_type = "cloudwatch-logs"
    log_format       = "json"
    log_type         = "slow-log"
  }
}
