variable "name" {
  description = "Alias name without the `alias/` prefix, e.g. `mealprep-dev-database`."
  type        = string

  validation {
    condition     = can(regex("^[a-zA-Z0-9/_-]{1,250}$", var.name)) && !startswith(var.name, "aws/")
    error_message = "name must be 1-250 characters of letters, digits, /, _ and -, and must not start with aws/."
  }
}

variable "description" {
  description = "What the key protects."
  type        = string
}

variable "deletion_window_in_days" {
  description = "Waiting period before a scheduled key deletion takes effect."
  type        = number
  default     = 30

  validation {
    condition     = var.deletion_window_in_days >= 7 && var.deletion_window_in_days <= 30
    error_message = "deletion_window_in_days must be between 7 and 30."
  }
  nullable = false
}

variable "log_group_names" {
  description = "CloudWatch log groups, in the key's region, that may encrypt with the key (each by its exact ARN)."
  type        = list(string)
  default     = []
  nullable    = false
}

variable "service_principals" {
  description = "AWS service principals allowed to use the key, each with the conditions that scope it to this account or resource."
  type = list(object({
    principal = string
    actions = optional(list(string), [
      "kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey",
    ])
    conditions = optional(list(object({
      test     = string
      variable = string
      values   = list(string)
    })), [])
  }))
  default = []

  validation {
    condition     = alltrue([for s in var.service_principals : endswith(s.principal, ".amazonaws.com")])
    error_message = "service_principals[*].principal must be a service principal ending in .amazonaws.com."
  }
  nullable = false
}

variable "separate_policy" {
  description = "Apply the key policy as its own resource once the key exists, so that service_principals_after_create can name what is created after the key (the CloudFront distribution that decrypts through it) without holding up the key and what uses it. Meanwhile the key has AWS's default key policy, which is the AccountAdministration statement alone: nothing more is granted before the full policy lands."
  type        = bool
  default     = false
  nullable    = false

  validation {
    condition     = !var.separate_policy || length(var.log_group_names) == 0
    error_message = "separate_policy cannot be used with log_group_names: CloudWatch Logs checks the key policy when a log group is created."
  }
}

variable "service_principals_after_create" {
  description = "Like service_principals, for principals whose conditions name resources created after the key; only with separate_policy. The key does not wait for them; the policy resource does."
  type = list(object({
    principal = string
    actions = optional(list(string), [
      "kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey",
    ])
    conditions = optional(list(object({
      test     = string
      variable = string
      values   = list(string)
    })), [])
  }))
  default  = []
  nullable = false

  validation {
    condition     = alltrue([for s in var.service_principals_after_create : endswith(s.principal, ".amazonaws.com")])
    error_message = "service_principals_after_create[*].principal must be a service principal ending in .amazonaws.com."
  }
  validation {
    condition     = length(var.service_principals_after_create) == 0 || var.separate_policy
    error_message = "service_principals_after_create needs separate_policy = true."
  }
}

variable "tags" {
  description = "Tags for the key."
  type        = map(string)
  default     = {}
  nullable    = false
}
