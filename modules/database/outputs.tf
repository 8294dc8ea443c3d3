output "cluster_id" {
  description = "Cluster identifier (`<name>-cluster`), the DBClusterIdentifier dimension of its metrics."
  value       = aws_rds_cluster.this.id
}

output "cluster_arn" {
  description = "Cluster ARN, for AWS Backup selections."
  value       = aws_rds_cluster.this.arn
}

output "cluster_resource_id" {
  description = "Cluster resource ID, for IAM database authentication policies."
  value       = aws_rds_cluster.this.cluster_resource_id
}

output "writer_endpoint" {
  description = "Writer endpoint host name."
  value       = aws_rds_cluster.this.endpoint
}

output "reader_endpoint" {
  description = "Reader endpoint host name (load-balanced over the readers)."
  value       = aws_rds_cluster.this.reader_endpoint
}

output "port" {
  description = "PostgreSQL port."
  value       = aws_rds_cluster.this.port
}

output "database_name" {
  description = "Application database name."
  value       = aws_rds_cluster.this.database_name
}

output "master_username" {
  description = "Master user name (its password lives only in the managed secret)."
  value       = aws_rds_cluster.this.master_username
}

output "master_secret_arn" {
  description = "ARN of the RDS-managed Secrets Manager secret with the master password (JSON keys username, password)."
  value       = aws_rds_cluster.this.master_user_secret[0].secret_arn
}

output "security_group_id" {
  description = "Security group of the cluster."
  value       = aws_security_group.this.id
}

output "kms_key_arn" {
  description = "Customer-managed key of storage, Performance Insights, the master secret and logs."
  value       = module.key.key_arn
}

output "parameter_group_name" {
  description = "Cluster parameter group carrying the seed's tuning (rds.force_ssl=1 and others)."
  value       = aws_rds_cluster_parameter_group.this.name
}

output "instance_ids" {
  description = "Instance identifiers, writer first at creation."
  value       = aws_rds_cluster_instance.this[*].identifier
}

output "instance_class" {
  description = "Class of every instance (db.serverless for Serverless v2)."
  value       = local.instance_class
}

output "log_group_name" {
  description = "Log group receiving the postgresql log export."
  value       = aws_cloudwatch_log_group.postgresql.name
}
