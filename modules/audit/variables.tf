variable "name" {
  description = "Name prefix for every resource, e.g. `mealprep-prod`."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{2,30}$", var.name))
    error_message = "name must be 3-31 characters of lowercase letters, digits and hyphens, starting with a letter."
  }
}

variable "tags" {
  description = "Tags for every resource (Project, Environment, CostCenter, ManagedBy)."
  type        = map(string)
  default     = {}
  nullable    = false
}

variable "log_retention_days" {
  description = "Days trail logs are kept in S3 (they move to Glacier Instant Retrieval after 90)."
  type        = number
  default     = 365

  validation {
    condition     = var.log_retention_days >= 90
    error_message = "log_retention_days must be 90 or more (audit evidence)."
  }
  nullable = false
}

variable "cloudwatch_logs" {
  description = "Also deliver the trail to CloudWatch Logs, for metric filters and quick searches."
  type = object({
    enabled        = optional(bool, false)
    retention_days = optional(number, 90)
  })
  default = {}

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.cloudwatch_logs.retention_days)
    error_message = "cloudwatch_logs.retention_days must be a CloudWatch Logs retention: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288 or 3653."
  }
  nullable = false
}

variable "data_event_bucket_arns" {
  description = "S3 buckets whose object-level access (reads and writes) the trail records as data events."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for arn in var.data_event_bucket_arns : can(regex("^arn:[a-z-]+:s3:::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", arn))])
    error_message = "data_event_bucket_arns must hold S3 bucket ARNs (arn:aws:s3:::bucket-name), without an object path."
  }
  nullable = false
}

variable "force_destroy" {
  description = "Let a destroy delete the trail bucket while it still holds logs. Only for throwaway environments."
  type        = bool
  default     = false
  nullable    = false
}

variable "permissions_boundary_arn" {
  description = "Permissions boundary of every IAM role this module creates (the environment's `mealprep-boundary-<env>` from envs/bootstrap); null for none."
  type        = string
  default     = null

  validation {
    condition     = var.permissions_boundary_arn == null || can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:policy/", var.permissions_boundary_arn))
    error_message = "permissions_boundary_arn must be an IAM policy ARN (arn:aws:iam::<account>:policy/NAME) or null."
  }
}

variable "security_alarms" {
  description = "CIS-style metric filters on the trail's CloudWatch copy (root use, unauthorized calls, IAM, security group, trail and KMS changes, console sign-in without MFA), each with an alarm to `topic_arn`. Needs cloudwatch_logs.enabled."
  type = object({
    topic_arn = string
  })
  default = null

  validation {
    condition     = var.security_alarms == null || can(regex("^arn:aws[a-z-]*:sns:", var.security_alarms.topic_arn))
    error_message = "security_alarms.topic_arn must be an SNS topic ARN."
  }

  validation {
    condition     = var.security_alarms == null || var.cloudwatch_logs.enabled
    error_message = "security_alarms needs cloudwatch_logs.enabled = true: the metric filters read the trail's CloudWatch copy."
  }
}

variable "object_lock_days" {
  description = "Object Lock (governance mode) on the trail bucket: each log object cannot be deleted or overwritten for this many days, except by a principal allowed to bypass governance. null for none."
  type        = number
  default     = null

  validation {
    condition     = var.object_lock_days == null || try(var.object_lock_days >= 1 && var.object_lock_days <= 3650, false)
    error_message = "object_lock_days must be between 1 and 3650, or null."
  }
}
