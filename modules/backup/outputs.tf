output "vault_name" {
  description = "Primary backup vault."
  value       = aws_backup_vault.this.name
}

output "vault_arn" {
  description = "ARN of the primary backup vault."
  value       = aws_backup_vault.this.arn
}

output "dr_vault_arn" {
  description = "ARN of the DR-region vault that receives copies, or null."
  value       = one(aws_backup_vault.dr[*].arn)
}

output "plan_id" {
  description = "Backup plan ID."
  value       = aws_backup_plan.this.id
}

output "plan_name" {
  description = "Backup plan name."
  value       = aws_backup_plan.this.name
}

output "role_arn" {
  description = "Role AWS Backup uses to take and restore backups."
  value       = aws_iam_role.this.arn
}

output "daily_retention_days" {
  description = "Retention of the daily rule."
  value       = var.daily.retention_days
}
