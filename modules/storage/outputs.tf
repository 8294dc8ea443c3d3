output "bucket_id" {
  description = "Storage bucket name (`<name>-storage-<account>`)."
  value       = module.bucket.id
}

output "bucket_arn" {
  description = "Storage bucket ARN; the task role may use its objects."
  value       = module.bucket.arn
}

output "bucket_regional_domain_name" {
  description = "Regional domain name: the CloudFront S3 origin."
  value       = module.bucket.regional_domain_name
}

output "kms_key_arn" {
  description = "Key that encrypts the bucket."
  value       = module.key.key_arn
}

output "frontend_origin_path" {
  description = "Origin path CloudFront uses for the front end (`/frontend`)."
  value       = "/${trimsuffix(var.frontend_prefix, "/")}"
}

output "versioning" {
  description = "Whether versioning is on."
  value       = var.versioning
}

output "replica_bucket_arn" {
  description = "ARN of the DR-region replica bucket, or null."
  value       = one(module.replica[*].arn)
}
