variable "name" {
  description = "Name prefix, e.g. `mealprep-prod`; the bucket is `<name>-storage-<account>` (seed)."
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

variable "versioning" {
  description = "Keep object versions (seed: on in prod). Replication needs it."
  type        = bool
  default     = true
  nullable    = false
}

variable "force_destroy" {
  description = "Let a destroy delete a bucket that still holds objects. Only for throwaway environments."
  type        = bool
  default     = false
  nullable    = false
}

variable "frontend_prefix" {
  description = "Prefix holding the built React front end; CloudFront may read this prefix and nothing else."
  type        = string
  default     = "frontend/"

  validation {
    condition     = can(regex("^[a-z0-9-]+/$", var.frontend_prefix))
    error_message = "frontend_prefix must be one folder name ending in a slash, e.g. frontend/."
  }
  nullable = false
}

variable "cloudfront_distribution_arns" {
  description = "Distributions allowed to read the front-end prefix through Origin Access Control."
  type        = list(string)
  default     = []
  nullable    = false
}

variable "lifecycle_rules" {
  description = "Lifecycle (seed: noncurrent versions expire after 30 days; the 90-day expiry applies only to the scratch prefix)."
  type = object({
    noncurrent_version_expiration_days = optional(number, 30)
    abort_incomplete_upload_days       = optional(number, 7)
    uploads_prefix                     = optional(string, "uploads/")
    scratch_prefix                     = optional(string, "scratch/")
    scratch_expiration_days            = optional(number, 90)
  })
  default = {}

  validation {
    condition     = var.lifecycle_rules.noncurrent_version_expiration_days >= 1 && var.lifecycle_rules.abort_incomplete_upload_days >= 1 && var.lifecycle_rules.scratch_expiration_days >= 1
    error_message = "lifecycle_rules day counts must be 1 or more."
  }
  nullable = false
}

variable "cors_allowed_origins" {
  description = "Origins (the front-end URL) allowed to upload to `uploads/` from the browser."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for o in var.cors_allowed_origins : can(regex("^https://", o))])
    error_message = "cors_allowed_origins must be https:// origins."
  }
  nullable = false
}

variable "access_log_bucket" {
  description = "Bucket that receives server access logs, or null for none."
  type        = string
  default     = null
}

variable "replication" {
  description = "Cross-region replication of `backups/` to the DR region (seed prod: STANDARD_IA). Needs versioning."
  type = object({
    enabled       = optional(bool, false)
    prefix        = optional(string, "backups/")
    storage_class = optional(string, "STANDARD_IA")
  })
  default = {}

  validation {
    condition     = contains(["STANDARD", "STANDARD_IA", "ONEZONE_IA", "INTELLIGENT_TIERING", "GLACIER_IR"], var.replication.storage_class)
    error_message = "replication.storage_class must be one of: STANDARD, STANDARD_IA, ONEZONE_IA, INTELLIGENT_TIERING, GLACIER_IR."
  }

  validation {
    condition     = !var.replication.enabled || var.versioning
    error_message = "replication.enabled needs versioning = true: S3 replicates only versioned buckets."
  }
  nullable = false
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
