variable "bucket" {
  description = "Name of the state bucket, e.g. `mealprep-tfstate-<account>`."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.bucket))
    error_message = "bucket must be 3-63 characters of lowercase letters, digits, dots and hyphens."
  }
}

variable "noncurrent_version_days" {
  description = "Days old state versions are kept (each apply writes one)."
  type        = number
  default     = 90

  validation {
    condition     = var.noncurrent_version_days >= 30
    error_message = "noncurrent_version_days must be 30 or more: old state versions are the way back from a bad apply."
  }
  nullable = false
}

variable "tags" {
  description = "Tags for every resource."
  type        = map(string)
  default     = {}
  nullable    = false
}

variable "policy_documents" {
  description = "Extra bucket policy JSON documents (who may use which state prefix), merged after the TLS-only statement."
  type        = list(string)
  default     = []
  nullable    = false
}
