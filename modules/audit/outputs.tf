output "trail_name" {
  description = "CloudTrail trail name."
  value       = aws_cloudtrail.this.name
}

output "trail_arn" {
  description = "CloudTrail trail ARN."
  value       = aws_cloudtrail.this.arn
}

output "bucket" {
  description = "Bucket receiving the trail."
  value       = module.bucket.id
}

output "kms_key_arn" {
  description = "Key that encrypts the trail."
  value       = module.key.key_arn
}

output "log_group_name" {
  description = "CloudWatch log group receiving the trail, or null."
  value       = one(aws_cloudwatch_log_group.trail[*].name)
}
