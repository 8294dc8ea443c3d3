output "repository_arn" {
  description = "ARN of the repository (what the task execution role may pull from)."
  value       = aws_ecr_repository.this.arn
}

output "repository_url" {
  description = "URL of the repository, `<account>.dkr.ecr.<region>.amazonaws.com/<name>`."
  value       = aws_ecr_repository.this.repository_url
}

output "repository_name" {
  description = "Name of the repository."
  value       = aws_ecr_repository.this.name
}

output "kms_key_arn" {
  description = "Key that encrypts the images."
  value       = module.key.key_arn
}
