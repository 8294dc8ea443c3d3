variable "name" {
  description = "Repository name, e.g. `mealprep-dev-api`."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{2,62}$", var.name))
    error_message = "name must be 3-63 characters of lowercase letters, digits and hyphens, starting with a letter."
  }
}

variable "tags" {
  description = "Tags for every resource."
  type        = map(string)
  default     = {}
  nullable    = false
}

variable "untagged_days" {
  description = "Days an untagged image is kept."
  type        = number
  default     = 3
  nullable    = false

  validation {
    condition     = var.untagged_days >= 1 && var.untagged_days <= 30
    error_message = "untagged_days must be between 1 and 30."
  }
}

variable "release_images" {
  description = "How many release images (tags matching release_tag_patterns) are kept; older ones expire."
  type        = number
  default     = 30
  nullable    = false

  validation {
    condition     = var.release_images >= 5 && var.release_images <= 1000
    error_message = "release_images must be between 5 and 1000: rollback needs the last few."
  }
}

variable "release_tag_patterns" {
  description = "Tag patterns of release images (ECR wildcards)."
  type        = list(string)
  default     = ["*"]
  nullable    = false

  validation {
    condition     = length(var.release_tag_patterns) > 0
    error_message = "release_tag_patterns must name at least one pattern."
  }
}

variable "push_principal_arns" {
  description = "IAM roles allowed to push (the CI deploy roles); empty leaves pushing to IAM policies alone."
  type        = list(string)
  default     = []
  nullable    = false

  validation {
    condition     = alltrue([for arn in var.push_principal_arns : can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:role/", arn))])
    error_message = "push_principal_arns must be IAM role ARNs."
  }
}

variable "force_delete" {
  description = "Let a destroy delete a repository that still holds images (throwaway environments only)."
  type        = bool
  default     = false
  nullable    = false
}
