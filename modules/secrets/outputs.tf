output "secret_arn" {
  description = "ARN of the app secret; the task and execution roles reference it."
  value       = aws_secretsmanager_secret.app.arn
}

output "secret_name" {
  description = "Name of the app secret (`<env>/mealprep/app-secrets`)."
  value       = aws_secretsmanager_secret.app.name
}

output "secret_keys" {
  description = "JSON keys the secret holds."
  value       = sort(concat(keys(local.placeholders), ["jwtSecret"]))
}

output "placeholders" {
  description = "Keys that start as placeholders, with the placeholder text verify looks for."
  value       = local.placeholders
}

output "kms_key_arn" {
  description = "Key that encrypts the secret."
  value       = module.key.key_arn
}
