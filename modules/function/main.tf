data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}
data "aws_region" "current" {}

locals {
  account        = data.aws_caller_identity.current.account_id
  partition      = data.aws_partition.current.partition
  region         = data.aws_region.current.name
  log_group_name = "/aws/lambda/${var.name}"
  queue_name     = "${var.name}-dlq"
  # ARNs from known parts, so that the plan shows the role's policy in full where it can.
}

# One key for what the function keeps at rest: its environment, its logs and its dead letters.
module "key" {
  source = "../kms"

  name            = "${var.name}-function"
  description     = "Encrypts the environment, log group and dead-letter queue of the function ${var.name}"
  log_group_names = [local.log_group_name]
  tags            = var.tags
}

resource "aws_cloudwatch_log_group" "this" {
  #checkov:skip=CKV_AWS_338:Retention is the environment's choice (seed: one week in dev, one month in prod) and set by a variable; these are operational logs, not audit records (CloudTrail keeps those).
  name              = local.log_group_name
  retention_in_days = var.log_retention_days
  kms_key_id        = module.key.key_arn
  tags              = var.tags
}

resource "aws_sqs_queue" "failed_events" {
  name                              = local.queue_name
  message_retention_seconds         = var.dead_letter_retention_days * 86400
  kms_master_key_id                 = module.key.key_arn
  kms_data_key_reuse_period_seconds = 300
  tags                              = var.tags
}

resource "aws_security_group" "this" {
  count = var.vpc == null ? 0 : 1

  name        = "${var.name}-function"
  description = "Function ${var.name}: no ingress, listed egress only"
  vpc_id      = var.vpc.vpc_id
  tags        = merge(var.tags, { Name = "${var.name}-function" })
}

resource "aws_vpc_security_group_egress_rule" "this" {
  for_each = var.vpc == null ? {} : { for i, rule in var.vpc.egress : tostring(i) => rule }

  security_group_id = aws_security_group.this[0].id
  description       = each.value.description
  ip_protocol       = "tcp"
  from_port         = each.value.port
  to_port           = each.value.port
  cidr_ipv4         = each.value.cidr_ipv4
  prefix_list_id    = each.value.prefix_list_id
  tags              = var.tags
}

resource "aws_lambda_function" "this" {
  #checkov:skip=CKV_AWS_272:Code signing needs an AWS Signer profile and a signed artifact in S3. The package is built by the harness from reviewed sources in this repo, byte for byte reproducibly; its SHA-256 is in the reviewed plan, and the harness refuses an apply whose package no longer matches it (harness/functions.py check_planned).
  function_name                  = var.name
  description                    = var.description
  role                           = aws_iam_role.this.arn
  runtime                        = var.runtime
  handler                        = var.handler
  filename                       = var.package.filename
  source_code_hash               = var.package.base64sha256
  memory_size                    = var.memory_mb
  timeout                        = var.timeout_seconds
  reserved_concurrent_executions = var.reserved_concurrency
  kms_key_arn                    = module.key.key_arn
  tags                           = var.tags

  dynamic "environment" {
    for_each = length(var.environment_variables) > 0 ? [1] : []
    content {
      variables = var.environment_variables
    }
  }

  tracing_config {
    mode = "Active"
  }

  # Failed asynchronous events (after Lambda's two retries) land here.
  dead_letter_config {
    target_arn = aws_sqs_queue.failed_events.arn
  }

  logging_config {
    log_format = "Text"
    log_group  = aws_cloudwatch_log_group.this.name
  }

  # Empty lists mean outside a VPC. A static block, so that scanners follow the group's reference.
  vpc_config {
    subnet_ids         = var.vpc == null ? [] : var.vpc.subnet_ids
    security_group_ids = aws_security_group.this[*].id
  }

  # The role must be able to write its logs and dead letters before the first event arrives.
  depends_on = [aws_iam_role_policy.this]
}
