output "distribution_id" {
  description = "CloudFront distribution ID: the DistributionId dimension of its metrics."
  value       = aws_cloudfront_distribution.this.id
}

output "distribution_arn" {
  description = "Distribution ARN; the storage bucket lets only this ARN read the front end."
  value       = aws_cloudfront_distribution.this.arn
}

output "domain_name" {
  description = "Distribution domain name (*.cloudfront.net)."
  value       = aws_cloudfront_distribution.this.domain_name
}

output "frontend_url" {
  description = "URL of the front end (seed output FrontendURL)."
  value       = "https://${local.custom_domain ? var.domain.aliases[0] : aws_cloudfront_distribution.this.domain_name}"
}

output "api_url" {
  description = "Where viewers reach the API: the one public path, `<frontend_url>/api`."
  value       = "https://${local.custom_domain ? var.domain.aliases[0] : aws_cloudfront_distribution.this.domain_name}/api"
}

output "web_acl_arn" {
  description = "ARN of the WAF web ACL on the distribution."
  value       = aws_wafv2_web_acl.this.arn
}

output "web_acl_name" {
  description = "Name of the WAF web ACL."
  value       = aws_wafv2_web_acl.this.name
}

output "managed_rule_groups" {
  description = "AWS managed rule groups the web ACL runs."
  value       = [for group in local.managed_rule_groups : group.name]
}

output "waf_log_group_name" {
  description = "Log group (us-east-1) receiving WAF logs."
  value       = aws_cloudwatch_log_group.waf.name
}

output "log_bucket" {
  description = "Bucket receiving CloudFront standard logs."
  value       = module.logs.id
}
