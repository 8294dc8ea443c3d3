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

variable "daily" {
  description = "The daily rule (seed: 03:00 UTC, 30 days prod, 7 dev)."
  type = object({
    schedule       = optional(string, "cron(0 3 * * ? *)")
    retention_days = number
  })

  validation {
    condition     = var.daily.retention_days >= 1 && can(regex("^cron\\(.+\\)$", var.daily.schedule))
    error_message = "daily needs retention_days >= 1 and a schedule written as cron(...)."
  }
}

variable "weekly_retention_days" {
  description = "Keep a weekly backup (Sundays 04:00 UTC) this many days; null for none."
  type        = number
  default     = null

  validation {
    condition     = var.weekly_retention_days == null || try(var.weekly_retention_days >= 7, false)
    error_message = "weekly_retention_days must be 7 or more, or null."
  }
}

variable "monthly_retention_days" {
  description = "Keep a monthly backup (1st of the month 05:00 UTC) this many days; null for none. Above 90 days it moves to cold storage after 90."
  type        = number
  default     = null

  validation {
    condition     = var.monthly_retention_days == null || try(var.monthly_retention_days >= 30, false)
    error_message = "monthly_retention_days must be 30 or more, or null."
  }
}

variable "cross_region_copy" {
  description = "Copy every recovery point to a vault in the DR region (seed prod: cross-region snapshot copy)."
  type = object({
    enabled        = optional(bool, false)
    retention_days = optional(number, 30)
  })
  default = {}

  validation {
    condition     = var.cross_region_copy.retention_days >= 1
    error_message = "cross_region_copy.retention_days must be 1 or more."
  }
  nullable = false
}

variable "vault_lock" {
  description = "Vault lock (compliance in prod): recovery points cannot be deleted before min_retention_days. Null for none."
  type = object({
    min_retention_days  = number
    max_retention_days  = number
    changeable_for_days = optional(number, 3)
  })
  default = null

  validation {
    condition     = var.vault_lock == null || try(var.vault_lock.min_retention_days >= 1 && var.vault_lock.min_retention_days <= var.vault_lock.max_retention_days, false)
    error_message = "vault_lock needs 1 <= min_retention_days <= max_retention_days."
  }
}

variable "resource_arns" {
  description = "Resources to back up: the Aurora cluster, the storage bucket (S3 needs versioning)."
  type        = list(string)
  default     = []
  nullable    = false
}

variable "selection_tag" {
  description = "Also back up every resource carrying this tag key and value; null for none."
  type = object({
    key   = string
    value = string
  })
  default = null
}

variable "notifications" {
  description = "SNS topic told about failed backup and copy jobs; null for none. (An object, so that whether it is set is known before the topic exists.)"
  type = object({
    topic_arn = string
  })
  default = null
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
