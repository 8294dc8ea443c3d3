data "aws_region" "current" {}
data "aws_caller_identity" "current" {}

locals {
  region           = data.aws_region.current.name
  account          = data.aws_caller_identity.current.account_id
  t                = var.thresholds
  metric_namespace = "MealPrep/${var.name}"

  alb_dims = var.alb == null ? {} : { LoadBalancer = var.alb.arn_suffix }
  tg_dims  = var.alb == null ? {} : { LoadBalancer = var.alb.arn_suffix, TargetGroup = var.alb.target_group_arn_suffix }
  ecs_dims = var.ecs == null ? {} : { ClusterName = var.ecs.cluster_name, ServiceName = var.ecs.service_name }
  db_dims  = var.database == null ? {} : { DBClusterIdentifier = var.database.cluster_id }

  alarms = merge(
    var.alb == null ? {} : {
      alb-target-5xx = {
        description = "API targets answered 5XX more than ${local.t.alb_5xx_per_5min} times in 5 minutes (seed)."
        namespace   = "AWS/ApplicationELB", metric = "HTTPCode_Target_5XX_Count", statistic = "Sum"
        dimensions  = local.alb_dims, period = 300, periods = local.t.alb_5xx_periods
        threshold   = local.t.alb_5xx_per_5min, comparison = "GreaterThanThreshold", missing = "notBreaching"
      }
      alb-response-time = {
        description = "API average response time above ${local.t.alb_response_time_seconds}s."
        namespace   = "AWS/ApplicationELB", metric = "TargetResponseTime", statistic = "Average"
        dimensions  = local.alb_dims, period = 300, periods = 3
        threshold   = local.t.alb_response_time_seconds, comparison = "GreaterThanThreshold", missing = "notBreaching"
      }
      alb-unhealthy-hosts = {
        description = "API targets failing the /health check."
        namespace   = "AWS/ApplicationELB", metric = "UnHealthyHostCount", statistic = "Maximum"
        dimensions  = local.tg_dims, period = 60, periods = 3
        threshold   = local.t.unhealthy_hosts, comparison = "GreaterThanThreshold", missing = "notBreaching"
      }
    },
    var.ecs == null ? {} : {
      ecs-cpu = {
        description = "API service CPU above ${local.t.ecs_cpu_percent} % (autoscaling should have reacted)."
        namespace   = "AWS/ECS", metric = "CPUUtilization", statistic = "Average"
        dimensions  = local.ecs_dims, period = 300, periods = 3
        threshold   = local.t.ecs_cpu_percent, comparison = "GreaterThanThreshold", missing = "missing"
      }
      ecs-memory = {
        description = "API service memory above ${local.t.ecs_memory_percent} %."
        namespace   = "AWS/ECS", metric = "MemoryUtilization", statistic = "Average"
        dimensions  = local.ecs_dims, period = 300, periods = 3
        threshold   = local.t.ecs_memory_percent, comparison = "GreaterThanThreshold", missing = "missing"
      }
    },
    var.database == null ? {} : {
      db-cpu = {
        description = "Aurora CPU above ${local.t.db_cpu_percent} % for ${local.t.db_cpu_periods} periods of 5 minutes (seed)."
        namespace   = "AWS/RDS", metric = "CPUUtilization", statistic = "Average"
        dimensions  = local.db_dims, period = 300, periods = local.t.db_cpu_periods
        threshold   = local.t.db_cpu_percent, comparison = "GreaterThanThreshold", missing = "missing"
      }
      db-connections = {
        description = "Aurora connections above ${local.t.db_connections}."
        namespace   = "AWS/RDS", metric = "DatabaseConnections", statistic = "Maximum"
        dimensions  = local.db_dims, period = 300, periods = 2
        threshold   = local.t.db_connections, comparison = "GreaterThanThreshold", missing = "missing"
      }
      db-freeable-memory = {
        description = "Aurora freeable memory below ${local.t.db_freeable_memory_bytes} bytes."
        namespace   = "AWS/RDS", metric = "FreeableMemory", statistic = "Minimum"
        dimensions  = local.db_dims, period = 300, periods = 3
        threshold   = local.t.db_freeable_memory_bytes, comparison = "LessThanThreshold", missing = "missing"
      }
    },
    var.cache == null ? {} : merge([
      for index, node in var.cache.node_ids : {
        "cache-cpu-${index}" = {
          description = "Cache node ${node} engine CPU above ${local.t.cache_cpu_percent} %."
          namespace   = "AWS/ElastiCache", metric = "EngineCPUUtilization", statistic = "Average"
          dimensions  = { CacheClusterId = node }, period = 300, periods = 3
          threshold   = local.t.cache_cpu_percent, comparison = "GreaterThanThreshold", missing = "missing"
        }
        "cache-evictions-${index}" = {
          description = "Cache node ${node} evicting keys: it is too small."
          namespace   = "AWS/ElastiCache", metric = "Evictions", statistic = "Sum"
          dimensions  = { CacheClusterId = node }, period = 300, periods = 2
          threshold   = local.t.cache_evictions_per_5min, comparison = "GreaterThanThreshold", missing = "notBreaching"
        }
      }
    ]...),
    merge([
      for key, fn in var.functions : {
        "function-${key}-errors" = {
          description = "Function ${fn.function_name} failed an invocation (each failure is retried, then dead-lettered)."
          namespace   = "AWS/Lambda", metric = "Errors", statistic = "Sum"
          dimensions  = { FunctionName = fn.function_name }, period = 300, periods = 1
          threshold   = 0, comparison = "GreaterThanThreshold", missing = "notBreaching"
        }
        "function-${key}-dead-letters" = {
          description = "Events of ${fn.function_name} in its dead-letter queue ${fn.dead_letter_queue_name}: they were never processed."
          namespace   = "AWS/SQS", metric = "ApproximateNumberOfMessagesVisible", statistic = "Maximum"
          dimensions  = { QueueName = fn.dead_letter_queue_name }, period = 300, periods = 1
          threshold   = 0, comparison = "GreaterThanThreshold", missing = "notBreaching"
        }
      }
    ]...),
    var.api_log_group == null ? {} : {
      api-errors = {
        description = "More than ${local.t.api_errors_per_5min} ERROR lines in the API log in 5 minutes."
        namespace   = local.metric_namespace, metric = "ApiErrorLines", statistic = "Sum"
        dimensions  = {}, period = 300, periods = 1
        threshold   = local.t.api_errors_per_5min, comparison = "GreaterThanThreshold", missing = "notBreaching"
      }
    },
  )
}

# ---------------------------------------------------------------- alert topic

module "key" {
  source = "../kms"

  name        = "${var.name}-alerts"
  description = "Encrypts the alert topic of ${var.name}"
  tags        = var.tags
  service_principals = [for service in ["cloudwatch", "budgets", "backup", "events"] : {
    principal = "${service}.amazonaws.com"
    actions   = ["kms:Decrypt", "kms:GenerateDataKey*"]
    conditions = [{
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account]
    }]
  }]
}

resource "aws_sns_topic" "alerts" {
  name              = "${var.name}-alerts"
  display_name      = "MealPrep Alerts"
  kms_master_key_id = module.key.key_arn
  tags              = var.tags
}

data "aws_iam_policy_document" "alerts" {
  statement {
    sid       = "ServicesPublishAlerts"
    actions   = ["sns:Publish"]
    resources = [aws_sns_topic.alerts.arn]
    principals {
      type        = "Service"
      identifiers = ["cloudwatch.amazonaws.com", "budgets.amazonaws.com", "backup.amazonaws.com", "events.amazonaws.com"] # events: GuardDuty findings
    }
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account]
    }
  }
}

resource "aws_sns_topic_policy" "alerts" {
  arn    = aws_sns_topic.alerts.arn
  policy = data.aws_iam_policy_document.alerts.json
}

resource "aws_sns_topic_subscription" "email" {
  for_each = toset(var.alert_emails)

  topic_arn = aws_sns_topic.alerts.arn
  protocol  = "email"
  endpoint  = each.key
}

# ---------------------------------------------------------------- alarms

resource "aws_cloudwatch_log_metric_filter" "api_errors" {
  count = var.api_log_group == null ? 0 : 1

  name           = "${var.name}-api-error-lines"
  log_group_name = var.api_log_group
  pattern        = "ERROR"

  metric_transformation {
    name          = "ApiErrorLines"
    namespace     = local.metric_namespace
    value         = "1"
    default_value = "0"
  }
}

resource "aws_cloudwatch_metric_alarm" "this" {
  for_each = local.alarms

  alarm_name          = "${var.name}-${each.key}"
  alarm_description   = each.value.description
  namespace           = each.value.namespace
  metric_name         = each.value.metric
  statistic           = each.value.statistic
  dimensions          = each.value.dimensions
  period              = each.value.period
  evaluation_periods  = each.value.periods
  threshold           = each.value.threshold
  comparison_operator = each.value.comparison
  treat_missing_data  = each.value.missing
  alarm_actions       = [aws_sns_topic.alerts.arn]
  ok_actions          = [aws_sns_topic.alerts.arn]
  tags                = var.tags

  depends_on = [aws_cloudwatch_log_metric_filter.api_errors]
}

# ---------------------------------------------------------------- dashboard

locals {
  widgets = concat(
    var.alb == null ? [] : [{
      type = "metric", width = 12, height = 6
      properties = {
        title  = "API Performance"
        region = local.region
        metrics = [
          ["AWS/ApplicationELB", "TargetResponseTime", "LoadBalancer", var.alb.arn_suffix, { stat = "Average" }],
          ["AWS/ApplicationELB", "RequestCount", "LoadBalancer", var.alb.arn_suffix, { stat = "Sum", yAxis = "right" }],
        ]
      }
    }],
    var.database == null ? [] : [{
      type = "metric", width = 12, height = 6
      properties = {
        title  = "Database Performance"
        region = local.region
        metrics = [
          ["AWS/RDS", "CPUUtilization", "DBClusterIdentifier", var.database.cluster_id, { stat = "Average" }],
          ["AWS/RDS", "DatabaseConnections", "DBClusterIdentifier", var.database.cluster_id, { stat = "Average", yAxis = "right" }],
        ]
      }
    }],
    var.ecs == null ? [] : [{
      type = "metric", width = 12, height = 6
      properties = {
        title  = "API Service"
        region = local.region
        metrics = [
          ["AWS/ECS", "CPUUtilization", "ClusterName", var.ecs.cluster_name, "ServiceName", var.ecs.service_name, { stat = "Average" }],
          ["AWS/ECS", "MemoryUtilization", "ClusterName", var.ecs.cluster_name, "ServiceName", var.ecs.service_name, { stat = "Average" }],
        ]
      }
    }],
    var.cloudfront == null ? [] : [{
      type = "metric", width = 12, height = 6
      properties = {
        title  = "CloudFront"
        region = "us-east-1"
        metrics = [
          ["AWS/CloudFront", "Requests", "DistributionId", var.cloudfront.distribution_id, "Region", "Global", { stat = "Sum" }],
          ["AWS/CloudFront", "5xxErrorRate", "DistributionId", var.cloudfront.distribution_id, "Region", "Global", { stat = "Average", yAxis = "right" }],
        ]
      }
    }],
  )
}

resource "aws_cloudwatch_dashboard" "this" {
  count = length(local.widgets) > 0 ? 1 : 0

  dashboard_name = coalesce(var.dashboard_name, "${var.name}-dashboard")
  dashboard_body = jsonencode({ widgets = local.widgets })
}
