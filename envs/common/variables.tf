# Everything that differs between environments is a variable here and a value in
# envs/<env>/terraform.tfvars. Read the two tfvars files side by side to see the difference.

variable "environment" {
  description = "Environment name; names resources (`mealprep-<env>`) and secrets (`<env>/mealprep/`)."
  type        = string

  validation {
    condition     = contains(["dev", "prod"], var.environment)
    error_message = "environment must be one of: dev, prod."
  }
}

variable "region" {
  description = "Primary region (seed: us-west-2)."
  type        = string
  default     = "us-west-2"
}

variable "dr_region" {
  description = "Disaster-recovery region for backup copies and S3 replication."
  type        = string
  default     = "us-east-2"

  validation {
    condition     = var.dr_region != var.region
    error_message = "dr_region must differ from region."
  }
}

variable "vpc_cidr" {
  description = "VPC CIDR."
  type        = string
  default     = "10.0.0.0/16"
}

variable "nat_gateway_mode" {
  description = "single (seed dev: 1 NAT) or per_az (seed prod: 3)."
  type        = string
}

variable "interface_endpoints" {
  description = "VPC interface endpoints that keep AWS API traffic off NAT."
  type        = list(string)
  default     = []
}

variable "log_retention_days" {
  description = "Retention of every log group (seed: 7 dev, 30 prod)."
  type        = number
}

variable "database" {
  description = "Aurora settings (seed dev: 1 x db.t4g.medium, 7 days, unprotected; prod: 2 x db.r6g.large, 30 days, protected)."
  type = object({
    engine_version        = optional(string, "16.6")
    instance_class        = string
    instance_count        = number
    backup_retention_days = number
    deletion_protection   = bool
    final_snapshot        = bool
    serverless_v2 = optional(object({
      min_capacity = number
      max_capacity = number
    }))
  })
}

variable "cache" {
  description = "ElastiCache settings."
  type = object({
    node_type               = string
    replicas                = number
    snapshot_retention_days = number
  })
}

variable "api" {
  description = "API service settings (seed dev: 512/1024, 1 task, 1-3; prod: 1024/2048, 2 tasks, 2-10)."
  type = object({
    image                = string
    cpu                  = number
    memory               = number
    desired_count        = number
    min_capacity         = number
    max_capacity         = number
    spot_weight          = optional(number, 0)
    off_hours_scale_down = optional(bool, false)
    enable_xray          = optional(bool, false)
    domain_name          = optional(string)
    hosted_zone_id       = optional(string)
  })
}

variable "bedrock_model_arns" {
  description = "Bedrock models the API may invoke."
  type        = list(string)
}

variable "storage" {
  description = "Storage bucket settings (seed: versioning on in prod; prod replicates backups/ to the DR region)."
  type = object({
    versioning  = bool
    replication = bool
  })
}

variable "backup" {
  description = "AWS Backup settings (seed: 7 days dev, 30 prod, cross-region copy in prod)."
  type = object({
    retention_days         = number
    cross_region_copy      = bool
    copy_retention_days    = optional(number, 30)
    weekly_retention_days  = optional(number)
    monthly_retention_days = optional(number)
    vault_lock             = optional(bool, false)
  })
}

variable "edge" {
  description = "CloudFront and WAF settings."
  type = object({
    price_class = string
    rate_limit  = number
  })
}

variable "audit" {
  description = "CloudTrail beyond the always-on trail to S3: also deliver it to CloudWatch Logs (metric filters, searches), kept for log_retention_days."
  type = object({
    cloudwatch_logs = bool
  })
}

variable "secret_recovery_days" {
  description = "Recovery window of the app secret."
  type        = number
}

variable "budget_limit_usd" {
  description = "Monthly budget in USD (seed: 200 dev, 1000 prod)."
  type        = number
}

# Parts of the stack that can be switched off. All stay on for AWS; envs/emulator.tfvars
# turns off what the local emulator (moto) does not implement.
variable "features" {
  description = "Optional parts of the stack; all on for AWS, some off on the emulator (see envs/emulator.tfvars)."
  type = object({
    cache                = optional(bool, true) # ElastiCache user groups (CreateUserGroup)
    budget               = optional(bool, true) # Budgets tags and notification subscribers
    backup_selection     = optional(bool, true) # AWS Backup selections (CreateBackupSelection)
    backup_notifications = optional(bool, true) # AWS Backup vault notifications
    cloudfront_headers   = optional(bool, true) # CloudFront response-headers policies
  })
  default = {}
}

variable "alert_emails" {
  description = "Who receives alarms and budget alerts (seed: admin@mealprep.com)."
  type        = list(string)
}

variable "protect_data" {
  description = "False only for throwaway environments: buckets may then be destroyed with their objects, and the ALB without its deletion protection."
  type        = bool
}
