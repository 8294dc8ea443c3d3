variable "name" {
  description = "Name prefix, e.g. `mealprep-dev` (used for the key alias)."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{2,30}$", var.name))
    error_message = "name must be 3-31 characters of lowercase letters, digits and hyphens, starting with a letter."
  }
}

variable "environment" {
  description = "Environment; the secret is `<environment>/mealprep/app-secrets` (seed)."
  type        = string

  validation {
    condition     = contains(["dev", "staging", "prod"], var.environment)
    error_message = "environment must be one of: dev, staging, prod."
  }
}

variable "tags" {
  description = "Tags for every resource (Project, Environment, CostCenter, ManagedBy)."
  type        = map(string)
  default     = {}
  nullable    = false
}

variable "recovery_window_days" {
  description = "Days a deleted secret can still be restored (0 deletes at once; dev 7, prod 30)."
  type        = number
  default     = 30

  validation {
    condition     = var.recovery_window_days == 0 || (var.recovery_window_days >= 7 && var.recovery_window_days <= 30)
    error_message = "recovery_window_days must be 0 or from 7 to 30."
  }
  nullable = false
}

variable "jwt_secret_length" {
  description = "Length of the generated JWT signing secret."
  type        = number
  default     = 64

  validation {
    condition     = var.jwt_secret_length >= 32 && var.jwt_secret_length <= 4096
    error_message = "jwt_secret_length must be from 32 to 4096."
  }
  nullable = false
}

variable "initial_version" {
  description = "Bump to rewrite the whole secret with a fresh jwtSecret and the placeholders (rotation). Operators' keys are lost on a bump."
  type        = number
  default     = 1

  validation {
    condition     = var.initial_version >= 1 && floor(var.initial_version) == var.initial_version
    error_message = "initial_version must be a whole number, 1 or more."
  }
  nullable = false
}

variable "reader_role_arns" {
  description = "Roles that may read the secret (resource policy); the task and execution roles."
  type        = list(string)
  default     = []
  nullable    = false
}
