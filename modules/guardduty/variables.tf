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

variable "finding_publishing_frequency" {
  description = "How often updates to existing findings are published."
  type        = string
  default     = "FIFTEEN_MINUTES"
  nullable    = false

  validation {
    condition     = contains(["FIFTEEN_MINUTES", "ONE_HOUR", "SIX_HOURS"], var.finding_publishing_frequency)
    error_message = "finding_publishing_frequency must be one of: FIFTEEN_MINUTES, ONE_HOUR, SIX_HOURS."
  }
}

variable "alerts" {
  description = "Where findings go: `topic_arn`, an SNS topic whose policy lets events.amazonaws.com publish. null sends none."
  type = object({
    topic_arn = string
  })
  default = null

  validation {
    condition     = var.alerts == null || can(regex("^arn:aws[a-z-]*:sns:", var.alerts.topic_arn))
    error_message = "alerts.topic_arn must be an SNS topic ARN."
  }
}

variable "min_severity" {
  description = "Lowest finding severity sent to the topic (GuardDuty: 1-3.9 low, 4-6.9 medium, 7-8.9 high)."
  type        = number
  default     = 4
  nullable    = false

  validation {
    condition     = var.min_severity >= 1 && var.min_severity <= 9
    error_message = "min_severity must be between 1 and 9."
  }
}
