output "replication_group_id" {
  description = "Replication group ID: the CacheClusterId prefix of its metrics."
  value       = aws_elasticache_replication_group.this.id
}

output "replication_group_arn" {
  description = "Replication group ARN, for elasticache:Connect."
  value       = aws_elasticache_replication_group.this.arn
}

output "member_clusters" {
  description = "Node IDs, the CacheClusterId dimension of node metrics."
  value       = aws_elasticache_replication_group.this.member_clusters
}

output "primary_endpoint" {
  description = "Primary (read/write) endpoint host name."
  value       = aws_elasticache_replication_group.this.primary_endpoint_address
}

output "reader_endpoint" {
  description = "Reader endpoint host name."
  value       = aws_elasticache_replication_group.this.reader_endpoint_address
}

output "port" {
  description = "Cache port (TLS required)."
  value       = var.port
}

output "security_group_id" {
  description = "Security group of the cache."
  value       = aws_security_group.this.id
}

output "app_user_name" {
  description = "IAM-authenticated user the application signs in as."
  value       = aws_elasticache_user.app.user_name
}

output "connect_arns" {
  description = "Resources the application's role needs elasticache:Connect on."
  value       = [aws_elasticache_replication_group.this.arn, aws_elasticache_user.app.arn]
}

output "kms_key_arn" {
  description = "Key that encrypts the cache at rest."
  value       = module.key.key_arn
}
