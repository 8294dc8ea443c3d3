output "function_name" {
  description = "The function's name."
  value       = aws_lambda_function.this.function_name
}

output "function_arn" {
  description = "The function's ARN (unqualified), for event sources and permissions."
  value       = aws_lambda_function.this.arn
}

output "role_arn" {
  description = "The function's execution role."
  value       = aws_iam_role.this.arn
}

output "role_name" {
  description = "The function's execution role name."
  value       = aws_iam_role.this.name
}

output "log_group_name" {
  description = "The function's log group."
  value       = aws_cloudwatch_log_group.this.name
}

output "dead_letter_queue_arn" {
  description = "Where failed asynchronous events land."
  value       = aws_sqs_queue.failed_events.arn
}

output "dead_letter_queue_name" {
  description = "The dead-letter queue's name, for its depth alarm."
  value       = aws_sqs_queue.failed_events.name
}

output "kms_key_arn" {
  description = "The key of the function's environment, logs and dead letters."
  value       = module.key.key_arn
}

output "security_group_id" {
  description = "The function's security group, or null outside a VPC."
  value       = one(aws_security_group.this[*].id)
}

output "runtime" {
  description = "The function's runtime."
  value       = aws_lambda_function.this.runtime
}

output "code_sha256" {
  description = "Base64 SHA-256 of the package the function runs (Lambda's CodeSha256 once deployed)."
  value       = var.package.base64sha256
}
