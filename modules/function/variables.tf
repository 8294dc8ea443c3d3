variable "name" {
  description = "Function name, e.g. `mealprep-dev-image-moderation`; also names its role, key, log group and queue."
  type        = string

  validation {
    condition     = can(regex("^[a-zA-Z0-9_-]{1,60}$", var.name))
    error_message = "name must be 1-60 characters of letters, digits, - and _ (Lambda allows 64; the queue adds -dlq)."
  }
}

variable "description" {
  description = "What the function does."
  type        = string
  default     = ""
  nullable    = false
}

variable "runtime" {
  description = "Lambda runtime, one AWS still supports for new functions."
  type        = string
  default     = "python3.12"

  validation {
    condition     = contains(["python3.11", "python3.12", "python3.13", "nodejs20.x", "nodejs22.x", "java21", "dotnet8", "provided.al2023"], var.runtime)
    error_message = "runtime must be one of python3.11, python3.12, python3.13, nodejs20.x, nodejs22.x, java21, dotnet8, provided.al2023."
  }
  nullable = false
}

variable "handler" {
  description = "Entry point within the package, e.g. `handler.handler` (file.function)."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_./:-]+$", var.handler))
    error_message = "handler must be a non-empty entry point such as handler.handler (letters, digits, ., /, :, _ and -)."
  }
}

variable "package" {
  description = "The deployment package the harness builds from functions/<name>/ (`harness/functions.py`): its file, as seen from the root module, and its base64 SHA-256."
  type = object({
    filename     = string
    base64sha256 = string
  })

  validation {
    condition     = endswith(var.package.filename, ".zip") && can(regex("^[A-Za-z0-9+/]{43}=$", var.package.base64sha256))
    error_message = "package.filename must name a .zip and package.base64sha256 must be a base64 SHA-256 (44 characters ending in =)."
  }
}

variable "memory_mb" {
  description = "Memory in MB (CPU scales with it)."
  type        = number
  default     = 256

  validation {
    condition     = var.memory_mb >= 128 && var.memory_mb <= 10240 && floor(var.memory_mb) == var.memory_mb
    error_message = "memory_mb must be a whole number from 128 to 10240."
  }
  nullable = false
}

variable "timeout_seconds" {
  description = "Longest run of one invocation."
  type        = number
  default     = 30

  validation {
    condition     = var.timeout_seconds >= 1 && var.timeout_seconds <= 900
    error_message = "timeout_seconds must be between 1 and 900."
  }
  nullable = false
}

variable "reserved_concurrency" {
  description = "Concurrent executions reserved for, and the most allowed to, this function: a burst of events cannot starve the account's other functions or flood what it calls."
  type        = number
  default     = 5

  validation {
    condition     = var.reserved_concurrency >= 1 && var.reserved_concurrency <= 1000 && floor(var.reserved_concurrency) == var.reserved_concurrency
    error_message = "reserved_concurrency must be a whole number from 1 to 1000."
  }
  nullable = false
}

variable "environment_variables" {
  description = "Environment variables, encrypted at rest with the function's key. No secrets: read those from Secrets Manager."
  type        = map(string)
  default     = {}
  nullable    = false
}

variable "policy_statements" {
  description = "What the function may do besides writing its logs, traces and dead letters: IAM statements, each with its own sid."
  type = list(object({
    sid       = string
    actions   = list(string)
    resources = list(string)
    conditions = optional(list(object({
      test     = string
      variable = string
      values   = list(string)
    })), [])
  }))
  default = []

  validation {
    condition     = alltrue([for s in var.policy_statements : can(regex("^[A-Za-z0-9]+$", s.sid)) && length(s.actions) > 0 && length(s.resources) > 0])
    error_message = "policy_statements[*] needs an alphanumeric sid and at least one action and one resource."
  }
  nullable = false
}

variable "vpc" {
  description = "Place the function in these subnets (the private ones) with a security group of its own allowing only the listed egress; null runs it outside the VPC."
  type = object({
    vpc_id     = string
    subnet_ids = list(string)
    egress = optional(list(object({
      description    = string
      port           = number
      cidr_ipv4      = optional(string)
      prefix_list_id = optional(string)
    })), [])
  })
  default = null

  validation {
    condition     = var.vpc == null || try(length(var.vpc.subnet_ids) >= 2, false)
    error_message = "vpc.subnet_ids must list at least two subnets (two Availability Zones)."
  }

  validation {
    condition     = var.vpc == null || try(alltrue([for r in var.vpc.egress : (r.cidr_ipv4 == null) != (r.prefix_list_id == null)]), false)
    error_message = "vpc.egress[*] must set exactly one of cidr_ipv4 and prefix_list_id."
  }
}

variable "dead_letter_retention_days" {
  description = "How long a failed event waits in the dead-letter queue for someone to look at it (SQS allows up to 14)."
  type        = number
  default     = 14

  validation {
    condition     = var.dead_letter_retention_days >= 1 && var.dead_letter_retention_days <= 14
    error_message = "dead_letter_retention_days must be between 1 and 14."
  }
  nullable = false
}

variable "log_retention_days" {
  description = "Retention of the function's log group (the env's: seed 7 dev, 30 prod)."
  type        = number
  default     = 30

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be a CloudWatch Logs retention: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288 or 3653."
  }
  nullable = false
}

variable "permissions_boundary_arn" {
  description = "Permissions boundary of the function's role (the environment's `mealprep-boundary-<env>` from envs/bootstrap); null for none."
  type        = string
  default     = null

  validation {
    condition     = var.permissions_boundary_arn == null || can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:policy/", var.permissions_boundary_arn))
    error_message = "permissions_boundary_arn must be an IAM policy ARN (arn:aws:iam::<account>:policy/NAME) or null."
  }
}

variable "tags" {
  description = "Tags for every resource."
  type        = map(string)
  default     = {}
  nullable    = false
}
