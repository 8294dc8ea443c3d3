output "function_name" {
  description = "The image moderation function."
  value       = module.function.function_name
}

output "function_arn" {
  description = "The image moderation function's ARN."
  value       = module.function.function_arn
}

output "role_name" {
  description = "The function's execution role."
  value       = module.function.role_name
}

output "dead_letter_queue_name" {
  description = "Where uploads land whose check failed after Lambda's retries."
  value       = module.function.dead_letter_queue_name
}

output "log_group_name" {
  description = "The function's log group."
  value       = module.function.log_group_name
}

output "prefixes" {
  description = "The prefixes the pipeline reads and writes."
  value       = { uploads = var.uploads_prefix, quarantine = var.quarantine_prefix }
}

output "function" {
  description = "What verification compares with the deployed function: name, runtime, code hash, dead-letter queue."
  value = {
    name              = module.function.function_name
    runtime           = module.function.runtime
    code_sha256       = module.function.code_sha256
    dead_letter_queue = module.function.dead_letter_queue_name
  }
}
