output "topic_arn" {
  description = "Alert topic ARN: alarms, budgets and backups publish here."
  value       = aws_sns_topic.alerts.arn
}

output "alarm_names" {
  description = "Alarm names by key (alb-target-5xx, db-cpu, ...)."
  value       = { for key, alarm in aws_cloudwatch_metric_alarm.this : key => alarm.alarm_name }
}

output "dashboard_name" {
  description = "CloudWatch dashboard name, or null."
  value       = one(aws_cloudwatch_dashboard.this[*].dashboard_name)
}

output "kms_key_arn" {
  description = "Key that encrypts the alert topic."
  value       = module.key.key_arn
}
