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

variable "alert_emails" {
  description = "Addresses subscribed to the alert topic (seed: admin@mealprep.com). Each must confirm its subscription."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for e in var.alert_emails : can(regex("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", e))])
    error_message = "alert_emails must be email addresses."
  }
  nullable = false
}

variable "alb" {
  description = "Load balancer to watch: the ARN suffixes of the ALB and its target group (metric dimensions)."
  type = object({
    arn_suffix              = string
    target_group_arn_suffix = string
  })
  default = null
}

variable "ecs" {
  description = "ECS service to watch."
  type = object({
    cluster_name = string
    service_name = string
  })
  default = null
}

variable "database" {
  description = "Aurora cluster to watch."
  type = object({
    cluster_id = string
  })
  default = null
}

variable "cache" {
  description = "ElastiCache nodes to watch (CacheClusterId of each node)."
  type = object({
    node_ids = list(string)
  })
  default = null
}

variable "functions" {
  description = "Lambda functions to watch, by a short key: an alarm on any error, and one on any message in the function's dead-letter queue."
  type = map(object({
    function_name          = string
    dead_letter_queue_name = string
  }))
  default  = {}
  nullable = false
}

variable "cloudfront" {
  description = "Distribution to chart (its metrics live in us-east-1)."
  type = object({
    distribution_id = string
  })
  default = null
}

variable "api_log_group" {
  description = "API log group whose ERROR lines are counted and alarmed on (seed troubleshooting filters on ERROR)."
  type        = string
  default     = null
}

variable "thresholds" {
  description = "Alarm thresholds (seed: 5XX > 10 per 5 minutes for 2 periods; Aurora CPU > 80 % for 3 periods)."
  type = object({
    alb_5xx_per_5min          = optional(number, 10)
    alb_5xx_periods           = optional(number, 2)
    alb_response_time_seconds = optional(number, 1)
    unhealthy_hosts           = optional(number, 0)
    ecs_cpu_percent           = optional(number, 85)
    ecs_memory_percent        = optional(number, 85)
    db_cpu_percent            = optional(number, 80)
    db_cpu_periods            = optional(number, 3)
    db_connections            = optional(number, 400)
    db_freeable_memory_bytes  = optional(number, 268435456)
    cache_cpu_percent         = optional(number, 80)
    cache_evictions_per_5min  = optional(number, 100)
    api_errors_per_5min       = optional(number, 10)
  })
  default = {}

  validation {
    condition     = var.thresholds.alb_5xx_periods >= 1 && var.thresholds.db_cpu_periods >= 1
    error_message = "thresholds.alb_5xx_periods and thresholds.db_cpu_periods must be 1 or more."
  }

  validation {
    condition     = alltrue([for p in [var.thresholds.ecs_cpu_percent, var.thresholds.ecs_memory_percent, var.thresholds.db_cpu_percent, var.thresholds.cache_cpu_percent] : p > 0 && p <= 100])
    error_message = "thresholds.*_percent values must be from 1 to 100."
  }
  nullable = false
}

variable "dashboard_name" {
  description = "Dashboard name; null for `<name>-dashboard`."
  type        = string
  default     = null
}
