output "name" {
  description = "Budget name."
  value       = aws_budgets_budget.this.name
}

output "id" {
  description = "Budget ID (`<account>:<name>`)."
  value       = aws_budgets_budget.this.id
}

output "monthly_limit_usd" {
  description = "Monthly limit in USD."
  value       = var.monthly_limit_usd
}

output "notification_types" {
  description = "Alert kinds configured (ACTUAL, FORECASTED), with their thresholds."
  value       = { for alert in local.alerts : alert.type => alert.threshold }
}
