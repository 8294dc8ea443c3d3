output "id" {
  description = "Bucket name."
  value       = aws_s3_bucket.this.id
}

output "arn" {
  description = "Bucket ARN."
  value       = local.arn
}

output "regional_domain_name" {
  description = "Regional domain name (the CloudFront S3 origin)."
  value       = aws_s3_bucket.this.bucket_regional_domain_name
}

output "domain_name" {
  description = "Global domain name (CloudFront standard logging target)."
  value       = aws_s3_bucket.this.bucket_domain_name
}

output "versioning_id" {
  description = "ID of the versioning resource, for lifecycle and replication to depend on."
  value       = aws_s3_bucket_versioning.this.id
}
