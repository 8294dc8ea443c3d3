variable "name" {
  description = "Name prefix for every resource, e.g. `mealprep-prod`; the cluster is `<name>-cluster`."
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

variable "vpc_id" {
  description = "VPC of the cluster."
  type        = string
}

variable "subnet_ids" {
  description = "Isolated database subnets, in at least two zones."
  type        = list(string)

  validation {
    condition     = length(var.subnet_ids) >= 2
    error_message = "subnet_ids must name at least 2 subnets (Aurora needs two zones)."
  }
}

variable "allowed_security_group_ids" {
  description = "Security groups allowed to reach PostgreSQL (5432); nothing else is."
  type        = list(string)
  default     = []
  nullable    = false
}

variable "engine_version" {
  description = "Aurora PostgreSQL version. The seed pinned 15.4, which AWS has retired; 16.x is current."
  type        = string
  default     = "16.6"

  validation {
    condition     = can(regex("^1[5-7]\\.[0-9]+$", var.engine_version))
    error_message = "engine_version must be an Aurora PostgreSQL 15.x, 16.x or 17.x version, e.g. 16.6."
  }
  nullable = false
}

variable "database_name" {
  description = "Name of the application database."
  type        = string
  default     = "mealprep"

  validation {
    condition     = can(regex("^[a-z][a-z0-9_]{0,62}$", var.database_name))
    error_message = "database_name must start with a lowercase letter and hold only lowercase letters, digits and _ (at most 63)."
  }
  nullable = false
}

variable "master_username" {
  description = "Master user (seed: mealprepadmin). Its password is generated and held by RDS in Secrets Manager."
  type        = string
  default     = "mealprepadmin"

  validation {
    condition     = can(regex("^[a-z][a-z0-9_]{0,15}$", var.master_username)) && !contains(["postgres", "admin", "rdsadmin"], var.master_username)
    error_message = "master_username must be 1-16 lowercase letters, digits or _, start with a letter, and not be postgres, admin or rdsadmin."
  }
  nullable = false
}

variable "instance_class" {
  description = "Instance class (seed: db.t4g.medium dev, db.r6g.large prod). Ignored when serverless_v2 is set."
  type        = string
  default     = "db.t4g.medium"

  validation {
    condition     = can(regex("^db\\.[a-z0-9]+\\.[a-z0-9]+$", var.instance_class))
    error_message = "instance_class must look like db.<family>.<size>, e.g. db.r6g.large."
  }
  nullable = false
}

variable "instance_count" {
  description = "Number of instances: one writer plus readers (seed: 1 dev, 2 prod)."
  type        = number
  default     = 1

  validation {
    condition     = var.instance_count >= 1 && var.instance_count <= 15 && floor(var.instance_count) == var.instance_count
    error_message = "instance_count must be a whole number from 1 to 15."
  }
  nullable = false
}

variable "serverless_v2" {
  description = "Aurora Serverless v2 capacity in ACUs (the seed's cost option); null for provisioned instances."
  type = object({
    min_capacity = number
    max_capacity = number
  })
  default = null

  validation {
    condition     = var.serverless_v2 == null || try(var.serverless_v2.min_capacity >= 0.5 && var.serverless_v2.max_capacity <= 256 && var.serverless_v2.min_capacity <= var.serverless_v2.max_capacity, false)
    error_message = "serverless_v2 needs 0.5 <= min_capacity <= max_capacity <= 256."
  }
}

variable "backup_retention_days" {
  description = "Automated backup retention (seed: 7 dev, 30 prod)."
  type        = number
  default     = 7

  validation {
    condition     = var.backup_retention_days >= 1 && var.backup_retention_days <= 35
    error_message = "backup_retention_days must be from 1 to 35."
  }
  nullable = false
}

variable "preferred_backup_window" {
  description = "Daily backup window in UTC (seed: 03:00-04:00)."
  type        = string
  default     = "03:00-04:00"

  validation {
    condition     = can(regex("^([01][0-9]|2[0-3]):[0-5][0-9]-([01][0-9]|2[0-3]):[0-5][0-9]$", var.preferred_backup_window))
    error_message = "preferred_backup_window must be hh24:mi-hh24:mi in UTC, e.g. 03:00-04:00."
  }
  nullable = false
}

variable "preferred_maintenance_window" {
  description = "Weekly maintenance window in UTC (seed: sun:04:00-sun:05:00)."
  type        = string
  default     = "sun:04:00-sun:05:00"

  validation {
    condition     = can(regex("^(mon|tue|wed|thu|fri|sat|sun):([01][0-9]|2[0-3]):[0-5][0-9]-(mon|tue|wed|thu|fri|sat|sun):([01][0-9]|2[0-3]):[0-5][0-9]$", var.preferred_maintenance_window))
    error_message = "preferred_maintenance_window must be ddd:hh24:mi-ddd:hh24:mi, e.g. sun:04:00-sun:05:00."
  }
  nullable = false
}

variable "deletion_protection" {
  description = "Refuse to delete the cluster (seed: on in prod)."
  type        = bool
  default     = true
  nullable    = false
}

variable "final_snapshot" {
  description = "Take a final snapshot when the cluster is deleted (on in prod)."
  type        = bool
  default     = true
  nullable    = false
}

variable "log_retention_days" {
  description = "Retention of the exported postgresql log group (seed: 7 dev, 30 prod)."
  type        = number
  default     = 30

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be a CloudWatch Logs retention: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288 or 3653."
  }
  nullable = false
}

variable "monitoring_interval" {
  description = "Enhanced Monitoring interval in seconds; 0 turns it off."
  type        = number
  default     = 60

  validation {
    condition     = contains([0, 1, 5, 10, 15, 30, 60], var.monitoring_interval)
    error_message = "monitoring_interval must be one of 0, 1, 5, 10, 15, 30, 60."
  }
  nullable = false
}

variable "extra_cluster_parameters" {
  description = "Cluster parameters beyond the seed's tuning, by name."
  type = map(object({
    value        = string
    apply_method = optional(string, "pending-reboot")
  }))
  default  = {}
  nullable = false
}

variable "apply_immediately" {
  description = "Apply changes now instead of in the maintenance window."
  type        = bool
  default     = false
  nullable    = false
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
