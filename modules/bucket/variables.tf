variable "bucket" {
  description = "Bucket name."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.bucket))
    error_message = "bucket must be 3-63 characters of lowercase letters, digits, dots and hyphens."
  }
}

variable "tags" {
  description = "Tags for the bucket."
  type        = map(string)
  default     = {}
  nullable    = false
}

variable "sse_algorithm" {
  description = "`aws:kms` (with `kms_key_arn` and a bucket key), or `AES256` for writers that cannot use KMS, such as CloudFront standard logs."
  type        = string
  default     = "aws:kms"

  validation {
    condition     = contains(["aws:kms", "AES256"], var.sse_algorithm)
    error_message = "sse_algorithm must be one of: aws:kms, AES256."
  }
  nullable = false
}

variable "kms_key_arn" {
  description = "Customer-managed key for SSE-KMS; required when sse_algorithm is aws:kms."
  type        = string
  default     = null

  validation {
    condition     = var.sse_algorithm == "AES256" || var.kms_key_arn != null
    error_message = "kms_key_arn is required when sse_algorithm is aws:kms."
  }
}

variable "versioning" {
  description = "Keep object versions."
  type        = bool
  default     = true
  nullable    = false
}

variable "force_destroy" {
  description = "Let a destroy delete a bucket that still holds objects."
  type        = bool
  default     = false
  nullable    = false
}

variable "object_ownership" {
  description = "`BucketOwnerEnforced` (ACLs off) unless a writer needs ACLs, as CloudFront standard logging does (`BucketOwnerPreferred`)."
  type        = string
  default     = "BucketOwnerEnforced"

  validation {
    condition     = contains(["BucketOwnerEnforced", "BucketOwnerPreferred"], var.object_ownership)
    error_message = "object_ownership must be one of: BucketOwnerEnforced, BucketOwnerPreferred."
  }
  nullable = false
}

variable "policy_documents" {
  description = "Extra bucket policy JSON documents, merged after the TLS-only statement."
  type        = list(string)
  default     = []
  nullable    = false
}
