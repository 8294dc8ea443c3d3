variable "name" {
  description = "Name prefix, e.g. `mealprep-dev`; the function is `<name>-image-moderation`."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9-]{1,40}$", var.name))
    error_message = "name must be 1-40 characters of lowercase letters, digits and -."
  }
}

variable "bucket" {
  description = "The storage bucket that receives uploads: its name, ARN and KMS key."
  type = object({
    id          = string
    arn         = string
    kms_key_arn = string
  })
}

variable "package" {
  description = "The image moderation function's package (functions/image_moderation, built by the harness): file and base64 SHA-256."
  type = object({
    filename     = string
    base64sha256 = string
  })
}

variable "uploads_prefix" {
  description = "Objects created under this prefix are checked."
  type        = string
  default     = "uploads/"

  validation {
    condition     = can(regex("^[a-z0-9-]+/$", var.uploads_prefix))
    error_message = "uploads_prefix must be lowercase letters, digits and - ending in /, e.g. uploads/."
  }
  nullable = false
}

variable "quarantine_prefix" {
  description = "Flagged images are moved here; nothing serves or reads it but the function and operators."
  type        = string
  default     = "quarantine/"

  validation {
    condition     = can(regex("^[a-z0-9-]+/$", var.quarantine_prefix))
    error_message = "quarantine_prefix must be lowercase letters, digits and - ending in /, e.g. quarantine/."
  }

  validation {
    # A quarantined object under uploads/ would invoke the function again, and again.
    condition     = !startswith(var.quarantine_prefix, var.uploads_prefix) && !startswith(var.uploads_prefix, var.quarantine_prefix)
    error_message = "quarantine_prefix must lie outside uploads_prefix (and the other way round), or a moved object would trigger the function again."
  }
  nullable = false
}

variable "moderation_min_confidence" {
  description = "A moderation label at or above this confidence (percent) quarantines the image."
  type        = number
  default     = 80

  validation {
    condition     = var.moderation_min_confidence >= 50 && var.moderation_min_confidence <= 100
    error_message = "moderation_min_confidence must be between 50 and 100 (Rekognition reports nothing below 50)."
  }
  nullable = false
}

variable "label_min_confidence" {
  description = "Labels (DetectLabels) at or above this confidence (percent) become tags of a clean image."
  type        = number
  default     = 80

  validation {
    condition     = var.label_min_confidence >= 50 && var.label_min_confidence <= 100
    error_message = "label_min_confidence must be between 50 and 100."
  }
  nullable = false
}

variable "function" {
  description = "Size of the function: memory (MB), timeout (s) and reserved concurrency."
  type = object({
    memory_mb            = optional(number, 256)
    timeout_seconds      = optional(number, 30)
    reserved_concurrency = optional(number, 5)
  })
  default  = {}
  nullable = false
}

variable "vpc" {
  description = "Run the function in these (private) subnets, with HTTPS egress only; null runs it outside the VPC."
  type = object({
    vpc_id     = string
    subnet_ids = list(string)
  })
  default = null
}

variable "log_retention_days" {
  description = "Retention of the function's log group."
  type        = number
  default     = 30
  nullable    = false
}

variable "permissions_boundary_arn" {
  description = "Permissions boundary of the function's role; null for none."
  type        = string
  default     = null
}

variable "tags" {
  description = "Tags for every resource."
  type        = map(string)
  default     = {}
  nullable    = false
}
