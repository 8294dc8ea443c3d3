variable "name" {
  description = "Name prefix for every resource, e.g. `mealprep-prod`; the replication group is `<name>-cache`."
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
  description = "VPC of the cache."
  type        = string
}

variable "subnet_ids" {
  description = "Private subnets for the cache nodes."
  type        = list(string)

  validation {
    condition     = length(var.subnet_ids) >= 1
    error_message = "subnet_ids must name at least 1 subnet."
  }
}

variable "allowed_security_group_ids" {
  description = "Security groups allowed to reach the cache on its port; nothing else is."
  type        = list(string)
  default     = []
  nullable    = false
}

variable "engine" {
  description = "Cache engine: `valkey` (Redis-compatible, lower price) or `redis` (Redis OSS)."
  type        = string
  default     = "valkey"

  validation {
    condition     = contains(["valkey", "redis"], var.engine)
    error_message = "engine must be one of: valkey, redis."
  }
  nullable = false
}

variable "engine_version" {
  description = "Engine version; null picks 8.0 for valkey and 7.1 for redis."
  type        = string
  default     = null

  validation {
    condition     = var.engine_version == null || can(regex("^[78]\\.[0-9]+$", var.engine_version))
    error_message = "engine_version must be a 7.x or 8.x version such as 7.1 or 8.0 (IAM authentication needs 7 or later)."
  }
}

variable "node_type" {
  description = "Node type (dev: cache.t4g.micro; prod: cache.r7g.large or larger)."
  type        = string
  default     = "cache.t4g.micro"

  validation {
    condition     = can(regex("^cache\\.[a-z0-9]+\\.[a-z0-9]+$", var.node_type))
    error_message = "node_type must look like cache.<family>.<size>, e.g. cache.t4g.micro."
  }
  nullable = false
}

variable "replicas" {
  description = "Read replicas beside the primary. 0: a single node (dev). 1 or more: Multi-AZ with automatic failover (prod)."
  type        = number
  default     = 0

  validation {
    condition     = var.replicas >= 0 && var.replicas <= 5 && floor(var.replicas) == var.replicas
    error_message = "replicas must be a whole number from 0 to 5."
  }
  nullable = false
}

variable "port" {
  description = "Port of the cache."
  type        = number
  default     = 6379
  nullable    = false
}

variable "snapshot_retention_days" {
  description = "Days of automatic snapshots (0 turns them off)."
  type        = number
  default     = 7

  validation {
    condition     = var.snapshot_retention_days >= 0 && var.snapshot_retention_days <= 35
    error_message = "snapshot_retention_days must be from 0 to 35."
  }
  nullable = false
}

variable "snapshot_window" {
  description = "Daily snapshot window in UTC; must not overlap the maintenance window."
  type        = string
  default     = "02:00-03:00"
  nullable    = false
}

variable "maintenance_window" {
  description = "Weekly maintenance window in UTC."
  type        = string
  default     = "sun:05:00-sun:06:00"

  validation {
    condition     = can(regex("^(mon|tue|wed|thu|fri|sat|sun):([01][0-9]|2[0-3]):[0-5][0-9]-(mon|tue|wed|thu|fri|sat|sun):([01][0-9]|2[0-3]):[0-5][0-9]$", var.maintenance_window))
    error_message = "maintenance_window must be ddd:hh24:mi-ddd:hh24:mi, e.g. sun:05:00-sun:06:00."
  }
  nullable = false
}

variable "log_retention_days" {
  description = "Retention of the slow-log group."
  type        = number
  default     = 30

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be a CloudWatch Logs retention: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288 or 3653."
  }
  nullable = false
}

variable "apply_immediately" {
  description = "Apply changes now instead of in the maintenance window."
  type        = bool
  default     = false
  nullable    = false
}
