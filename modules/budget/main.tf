data "aws_caller_identity" "current" {}

locals {
  alerts = var.notifications.enabled ? [
    { type = "ACTUAL", threshold = var.notifications.actual_percent },
    { type = "FORECASTED", threshold = var.notifications.forecast_percent },
  ] : []
  allocation_tags = ["Project", "Environment", "CostCenter"]
}

resource "aws_ce_cost_allocation_tag" "this" {
  for_each = var.activate_cost_allocation_tags ? toset(local.allocation_tags) : toset([])

  tag_key = each.key
  status  = "Active"
}

resource "aws_budgets_budget" "this" {
  name         = var.name
  account_id   = data.aws_caller_identity.current.account_id
  budget_type  = "COST"
  limit_amount = format("%.2f", var.monthly_limit_usd)
  limit_unit   = "USD"
  time_unit    = "MONTHLY"

  # Only costs tagged Environment=<env> count (the seed's CostFilters).
  cost_filter {
    name   = "TagKeyValue"
    values = [format("user:Environment$%s", var.environment)]
  }

  dynamic "notification" {
    for_each = local.alerts
    content {
      notification_type          = notification.value.type
      comparison_operator        = "GREATER_THAN"
      threshold                  = notification.value.threshold
      threshold_type             = "PERCENTAGE"
      subscriber_email_addresses = var.notifications.emails
      subscriber_sns_topic_arns  = var.notifications.sns_topic_arn == null ? [] : [var.notifications.sns_topic_arn]
    }
  }
}
