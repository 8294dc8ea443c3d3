output "detector_id" {
  description = "The GuardDuty detector's id."
  value       = aws_guardduty_detector.this.id
}

output "findings_rule_name" {
  description = "EventBridge rule that sends findings to the alert topic (null when no topic is given)."
  value       = one(aws_cloudwatch_event_rule.findings[*].name)
}
