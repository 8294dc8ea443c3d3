variable "name" {
  description = "Name prefix for every resource, e.g. `mealprep-dev`."
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

variable "cidr" {
  description = "IPv4 CIDR of the VPC."
  type        = string
  default     = "10.0.0.0/16"

  validation {
    condition     = can(cidrhost(var.cidr, 0)) && try(tonumber(split("/", var.cidr)[1]) >= 16 && tonumber(split("/", var.cidr)[1]) <= 20, false)
    error_message = "cidr must be an IPv4 CIDR with a prefix length from /16 to /20, e.g. 10.0.0.0/16."
  }
  nullable = false
}

variable "azs" {
  description = "Availability zones to use. Empty: the first `az_count` available zones of the region."
  type        = list(string)
  default     = []

  validation {
    condition     = length(var.azs) == 0 || length(var.azs) == length(distinct(var.azs))
    error_message = "azs must not repeat a zone."
  }
  nullable = false
}

variable "az_count" {
  description = "How many availability zones to spread over when `azs` is empty (seed: 3)."
  type        = number
  default     = 3

  validation {
    condition     = var.az_count >= 2 && var.az_count <= 4 && floor(var.az_count) == var.az_count
    error_message = "az_count must be a whole number from 2 to 4."
  }
  nullable = false
}

variable "subnet_prefix_lengths" {
  description = "Prefix length of each tier's subnets (seed: public /24, private /24, database /28)."
  type = object({
    public   = optional(number, 24)
    private  = optional(number, 24)
    database = optional(number, 28)
  })
  default = {}

  validation {
    condition = alltrue([
      for length in values(var.subnet_prefix_lengths) : length >= 20 && length <= 28 && floor(length) == length
    ])
    error_message = "subnet_prefix_lengths.public, .private and .database must be whole numbers from 20 to 28."
  }
  nullable = false
}

variable "nat_gateway_mode" {
  description = "`single`: one NAT gateway for every private subnet (seed dev). `per_az`: one per zone (seed prod)."
  type        = string
  default     = "per_az"

  validation {
    condition     = contains(["single", "per_az"], var.nat_gateway_mode)
    error_message = "nat_gateway_mode must be one of: single, per_az."
  }
  nullable = false
}

variable "flow_logs" {
  description = "VPC flow logs to CloudWatch Logs, encrypted with a key of this module's own."
  type = object({
    enabled        = optional(bool, true)
    retention_days = optional(number, 30)
    traffic_type   = optional(string, "ALL")
  })
  default = {}

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.flow_logs.retention_days)
    error_message = "flow_logs.retention_days must be a CloudWatch Logs retention: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288 or 3653."
  }

  validation {
    condition     = contains(["ALL", "ACCEPT", "REJECT"], var.flow_logs.traffic_type)
    error_message = "flow_logs.traffic_type must be one of: ALL, ACCEPT, REJECT."
  }
  nullable = false
}

variable "interface_endpoints" {
  description = "Interface endpoints in the private subnets, so that this traffic stays off NAT."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for e in var.interface_endpoints : contains(["secretsmanager", "ecr.api", "ecr.dkr", "logs", "sts", "kms"], e)])
    error_message = "interface_endpoints may contain: secretsmanager, ecr.api, ecr.dkr, logs, sts, kms."
  }
  nullable = false
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
