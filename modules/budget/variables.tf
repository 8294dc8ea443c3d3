variable "name" {
  description = "Budget name (seed: `MealPrep-<env>-Budget`)."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_.:-]{1,100}$", var.name))
    error_message = "name must be 1-100 characters of letters, digits, _ . : and -."
  }
}

variable "environment" {
  description = "Value of the Environment cost-allocation tag the budget is filtered to."
  type        = string

  validation {
    condition     = length(var.environment) > 0
    error_message = "environment must not be empty."
  }
}

variable "monthly_limit_usd" {
  description = "Monthly cost limit in USD (seed: 200 dev, 1000 prod)."
  type        = number

  validation {
    condition     = var.monthly_limit_usd > 0
    error_message = "monthly_limit_usd must be more than 0."
  }
}

variable "notifications" {
  description = "Alerts: ACTUAL cost above `actual_percent` (seed: 80) and FORECASTED above `forecast_percent` (100). `enabled = false` drops them (the emulator cannot hold budget notifications)."
  type = object({
    enabled          = optional(bool, true)
    actual_percent   = optional(number, 80)
    forecast_percent = optional(number, 100)
    emails           = optional(list(string), [])
    sns_topic_arn    = optional(string)
  })
  default = {}

  validation {
    condition     = var.notifications.actual_percent > 0 && var.notifications.forecast_percent > 0
    error_message = "notifications.actual_percent and notifications.forecast_percent must be more than 0."
  }

  validation {
    condition     = !var.notifications.enabled || length(var.notifications.emails) > 0 || var.notifications.sns_topic_arn != null
    error_message = "notifications need at least one email address or an sns_topic_arn when enabled."
  }

  validation {
    condition     = alltrue([for e in var.notifications.emails : can(regex("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", e))])
    error_message = "notifications.emails must be email addresses."
  }
  nullable = false
}

variable "activate_cost_allocation_tags" {
  description = "Activate the Project, Environment and CostCenter cost-allocation tags. Only the management (payer) account can; leave false in member accounts and activate them there."
  type        = bool
  default     = false
  nullable    = false
}
