variable "name" {
  description = "Name prefix for every resource, e.g. `mealprep-prod`."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{2,24}$", var.name))
    error_message = "name must be 3-25 characters of lowercase letters, digits and hyphens, starting with a letter (ALB names are short)."
  }
}

variable "environment" {
  description = "Environment name (dev, staging or prod); sets ASPNETCORE_ENVIRONMENT and the secret path."
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

variable "vpc_id" {
  description = "VPC of the service."
  type        = string
}

variable "public_subnet_ids" {
  description = "Public subnets for an internet-facing ALB (`alb.internal = false`), in at least two zones; unused by an internal one."
  type        = list(string)
  default     = []
  nullable    = false

  validation {
    condition     = var.alb.internal || length(var.public_subnet_ids) >= 2
    error_message = "public_subnet_ids must name at least 2 subnets for an internet-facing ALB (an ALB needs two zones)."
  }
}

variable "private_subnet_ids" {
  description = "Private subnets for the tasks (no public IPs)."
  type        = list(string)

  validation {
    condition     = length(var.private_subnet_ids) >= 1
    error_message = "private_subnet_ids must name at least 1 subnet."
  }
}

variable "image" {
  description = "Container image URI of the API, e.g. `123456789012.dkr.ecr.us-west-2.amazonaws.com/mealprep:1.4.2`."
  type        = string

  validation {
    condition     = length(trimspace(var.image)) > 0 && !endswith(var.image, ":")
    error_message = "image must be a container image URI such as <registry>/<repository>:<tag>."
  }
}

variable "container_name" {
  description = "Name of the API container (the seed's troubleshooting execs into `mealprep-api`)."
  type        = string
  default     = "mealprep-api"
  nullable    = false
}

variable "container_port" {
  description = "Port the API listens on (seed: 80)."
  type        = number
  default     = 80

  validation {
    condition     = var.container_port >= 1 && var.container_port <= 65535
    error_message = "container_port must be from 1 to 65535."
  }
  nullable = false
}

variable "task_size" {
  description = "Fargate CPU units and memory MiB of a task (seed: 512/1024 dev, 1024/2048 prod)."
  type = object({
    cpu    = number
    memory = number
  })
  default = { cpu = 512, memory = 1024 }

  validation {
    condition = contains(
      lookup({
        "256"  = [512, 1024, 2048]
        "512"  = [1024, 2048, 3072, 4096]
        "1024" = [2048, 3072, 4096, 5120, 6144, 7168, 8192]
        "2048" = [for gb in range(4, 17) : gb * 1024]
        "4096" = [for gb in range(8, 31) : gb * 1024]
      }, tostring(var.task_size.cpu), []),
      var.task_size.memory
    )
    error_message = "task_size must be a Fargate combination: cpu 256 (memory 512-2048), 512 (1024-4096), 1024 (2048-8192), 2048 (4096-16384) or 4096 (8192-30720), memory in whole GiB steps."
  }
  nullable = false
}

variable "cpu_architecture" {
  description = "CPU architecture of the image."
  type        = string
  default     = "X86_64"

  validation {
    condition     = contains(["X86_64", "ARM64"], var.cpu_architecture)
    error_message = "cpu_architecture must be one of: X86_64, ARM64."
  }
  nullable = false
}

variable "environment_variables" {
  description = "Extra plain environment values for the API container (never secrets)."
  type        = map(string)
  default     = {}
  nullable    = false
}

variable "cloudfront_domain" {
  description = "CloudFront domain of the front end, passed as CLOUDFRONT_DOMAIN (seed)."
  type        = string
  default     = ""
  nullable    = false
}

variable "database" {
  description = "Connection settings. The API connects as `app_username` with IAM database authentication (`rds-db:connect` on `cluster_resource_id`); only the migration task gets the master user (`username`) and its password from `master_secret_arn`."
  type = object({
    host                = string
    port                = optional(number, 5432)
    name                = string
    username            = string
    master_secret_arn   = string
    cluster_resource_id = string
    app_username        = optional(string, "mealprep_app")
  })
  default = null

  validation {
    condition     = var.database == null || try(can(regex("^[a-z_][a-z0-9_]{0,62}$", var.database.app_username)) && var.database.app_username != var.database.username, false)
    error_message = "database.app_username must be a PostgreSQL role name (lowercase letters, digits, _) other than the master username."
  }
}

variable "app_secret_arn" {
  description = "ARN of the JSON app secret (`<env>/mealprep/app-secrets`) with jwtSecret, bedrockApiKey and emailApiKey."
  type        = string
}

variable "secret_kms_key_arns" {
  description = "KMS keys that encrypt the injected secrets; the execution and task roles may decrypt with them."
  type        = list(string)
  default     = []
  nullable    = false
}

variable "secret_name_prefix" {
  description = "Secrets the task may read at runtime: names under this prefix (seed: `<env>/mealprep/`)."
  type        = string

  validation {
    condition     = can(regex("^[a-z]+/mealprep/$", var.secret_name_prefix))
    error_message = "secret_name_prefix must be <env>/mealprep/ (ending in a slash), e.g. dev/mealprep/."
  }
}

variable "storage_bucket_arn" {
  description = "ARN of the storage bucket; the task may read, write and delete objects under `storage_prefixes`, nothing else in S3."
  type        = string
}

variable "storage_prefixes" {
  description = "Key prefixes of the storage bucket the API reads and writes (uploads, scratch). Never the prefixes served to viewers or kept as backups."
  type        = list(string)
  default     = ["uploads/", "scratch/"]
  nullable    = false

  validation {
    condition     = length(var.storage_prefixes) > 0 && alltrue([for p in var.storage_prefixes : can(regex("^[a-z0-9][a-z0-9_-]*/$", p))])
    error_message = "storage_prefixes must hold one or more key prefixes such as uploads/ (lowercase letters, digits, _ or -, ending in /, no wildcards)."
  }

  validation {
    condition     = length(setintersection(var.storage_prefixes, ["frontend/", "backups/"])) == 0
    error_message = "storage_prefixes must not include frontend/ or backups/: the API never writes what viewers are served or what backups keep."
  }
}

variable "storage_kms_key_arns" {
  description = "KMS key of the storage bucket, for SSE-KMS reads and writes (a list, so that whether it is set is known before the key exists)."
  type        = list(string)
  default     = []
  nullable    = false
}

variable "bedrock_model_arns" {
  description = "Bedrock foundation-model or inference-profile ARNs the API may invoke. Never `*`."
  type        = list(string)

  validation {
    condition     = length(var.bedrock_model_arns) > 0 && alltrue([for arn in var.bedrock_model_arns : can(regex("^arn:aws[a-z-]*:bedrock:[a-z0-9-]*:[0-9]*:(foundation-model|inference-profile|provisioned-model)/[^*]+$", arn))])
    error_message = "bedrock_model_arns must list at least one Bedrock model ARN (foundation-model/, inference-profile/ or provisioned-model/), with no wildcard."
  }
}

variable "cache_connect_arns" {
  description = "ElastiCache replication group and user ARNs the API signs in to with IAM (elasticache:Connect)."
  type        = list(string)
  default     = []
  nullable    = false
}

variable "execute_command" {
  description = "ECS Exec into running tasks (a shell for debugging), every session logged to a KMS-encrypted log group. Off in prod."
  type        = bool
  default     = false
  nullable    = false
}

variable "enable_xray" {
  description = "Run the X-Ray daemon as a sidecar and allow trace writes."
  type        = bool
  default     = false
  nullable    = false
}

variable "xray_sampling" {
  description = "X-Ray sampling rules of the API (with enable_xray): each rule traces the first `reservoir_per_second` requests a second, then a fixed share of the rest; `/api/*` at `api_rate`, anything else at `default_rate`. `rules = false` leaves the rules out (the emulator has no X-Ray sampling API)."
  type = object({
    rules                = optional(bool, true)
    service_name         = optional(string, "MealPrep-API")
    api_rate             = optional(number, 0.1)
    default_rate         = optional(number, 0.01)
    reservoir_per_second = optional(number, 1)
  })
  default  = {}
  nullable = false

  validation {
    condition     = var.xray_sampling.api_rate >= 0 && var.xray_sampling.api_rate <= 1 && var.xray_sampling.default_rate >= 0 && var.xray_sampling.default_rate <= 1
    error_message = "xray_sampling.api_rate and xray_sampling.default_rate must be fractions between 0 and 1."
  }

  validation {
    condition     = var.xray_sampling.reservoir_per_second >= 0 && floor(var.xray_sampling.reservoir_per_second) == var.xray_sampling.reservoir_per_second
    error_message = "xray_sampling.reservoir_per_second must be a whole number, 0 or more."
  }
}

variable "readonly_root_filesystem" {
  description = "Mount the API container's root filesystem read-only (a writable /tmp volume is provided)."
  type        = bool
  default     = true
  nullable    = false
}

variable "log_retention_days" {
  description = "Retention of the API log group (seed: 7 dev, 30 prod)."
  type        = number
  default     = 30

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be a CloudWatch Logs retention: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288 or 3653."
  }
  nullable = false
}

variable "desired_count" {
  description = "Tasks to run at creation (seed: 1 dev, 2 prod); autoscaling owns it afterwards."
  type        = number
  default     = 2

  validation {
    condition     = var.desired_count >= 0 && floor(var.desired_count) == var.desired_count
    error_message = "desired_count must be a whole number, 0 or more."
  }
  nullable = false
}

variable "autoscaling" {
  description = "Task-count autoscaling (seed: 1-3 dev, 2-10 prod; CPU 70 %, memory 80 %)."
  type = object({
    min_capacity         = number
    max_capacity         = number
    cpu_target           = optional(number, 70)
    memory_target        = optional(number, 80)
    requests_per_target  = optional(number, 500)
    scale_in_cooldown    = optional(number, 300)
    scale_out_cooldown   = optional(number, 60)
    off_hours_scale_down = optional(bool, false)
    off_hours_start_cron = optional(string, "cron(0 20 ? * MON-FRI *)")
    off_hours_end_cron   = optional(string, "cron(0 7 ? * MON-FRI *)")
    off_hours_timezone   = optional(string, "UTC")
  })
  default = { min_capacity = 2, max_capacity = 10 }

  validation {
    condition     = var.autoscaling.min_capacity >= 0 && var.autoscaling.min_capacity <= var.autoscaling.max_capacity && var.autoscaling.max_capacity <= 100
    error_message = "autoscaling needs 0 <= min_capacity <= max_capacity <= 100."
  }

  validation {
    condition     = var.autoscaling.cpu_target > 0 && var.autoscaling.cpu_target <= 100 && var.autoscaling.memory_target > 0 && var.autoscaling.memory_target <= 100
    error_message = "autoscaling.cpu_target and autoscaling.memory_target must be percentages from 1 to 100."
  }
  nullable = false
}

variable "capacity" {
  description = "Fargate capacity split: `on_demand_base` tasks always on regular Fargate, the rest by weight between regular Fargate and Spot (`spot_weight` > 0, a cost option: dev runs half on Spot, prod every task beyond the first)."
  type = object({
    on_demand_base   = optional(number, 1)
    on_demand_weight = optional(number, 1)
    spot_weight      = optional(number, 0)
  })
  default = {}

  validation {
    condition     = var.capacity.on_demand_weight + var.capacity.spot_weight > 0 && var.capacity.on_demand_base >= 0
    error_message = "capacity needs on_demand_weight + spot_weight > 0 and on_demand_base >= 0."
  }
  nullable = false
}

variable "ecr_repository_arn" {
  description = "The project's image repository (modules/registry): the only one the execution role may pull from. Null: no ECR pull permission (a public image)."
  type        = string
  default     = null

  validation {
    condition     = var.ecr_repository_arn == null || can(regex("^arn:aws[a-z-]*:ecr:[a-z0-9-]+:[0-9]{12}:repository/[a-z0-9._/-]+$", var.ecr_repository_arn))
    error_message = "ecr_repository_arn must be an ECR repository ARN."
  }
}

variable "health_check_path" {
  description = "Path the ALB checks on each task; the API serves it under /api, the one public path CloudFront forwards to it."
  type        = string
  default     = "/api/health"
  nullable    = false

  validation {
    condition     = startswith(var.health_check_path, "/")
    error_message = "health_check_path must start with /."
  }
}

variable "ignore_task_definition_changes" {
  description = "Let CI deploy new task definition revisions (deploy-app) without Terraform reverting them."
  type        = bool
  default     = false
  nullable    = false
}

variable "egress_rules" {
  description = "Extra egress from the tasks beyond HTTPS to the internet, e.g. PostgreSQL to the database subnets."
  type = list(object({
    description = string
    port        = number
    cidr_blocks = list(string)
  }))
  default  = []
  nullable = false
}

variable "alb" {
  description = "Load balancer settings. Internal (private subnets, reached through a CloudFront VPC origin) and admitting CloudFront's origin-facing prefix list only: the WAF stays in the path and no shared secret is needed."
  type = object({
    deletion_protection = optional(bool, true)
    internal            = optional(bool, true)
    cloudfront_only     = optional(bool, true)
    access_logs_bucket  = optional(string)
    access_logs_prefix  = optional(string, "alb")
    idle_timeout        = optional(number, 60)
    ssl_policy          = optional(string, "ELBSecurityPolicy-TLS13-1-2-2021-06")
  })
  default = {}

  validation {
    condition     = startswith(var.alb.ssl_policy, "ELBSecurityPolicy-TLS13-1-2") || startswith(var.alb.ssl_policy, "ELBSecurityPolicy-FS-1-2") || startswith(var.alb.ssl_policy, "ELBSecurityPolicy-TLS-1-2")
    error_message = "alb.ssl_policy must be a TLS 1.2+ policy (ELBSecurityPolicy-TLS13-1-2-*, ELBSecurityPolicy-FS-1-2-* or ELBSecurityPolicy-TLS-1-2-*)."
  }
  nullable = false
}

variable "https" {
  description = "HTTPS on the ALB: an existing certificate, or a domain whose certificate and alias this module creates in `hosted_zone_id` (seed prod: api.mealprep.com). Null: HTTP only."
  type = object({
    certificate_arn = optional(string)
    domain_name     = optional(string)
    hosted_zone_id  = optional(string)
  })
  default = null

  validation {
    condition     = var.https == null || try(var.https.certificate_arn != null || (var.https.domain_name != null && var.https.hosted_zone_id != null), false)
    error_message = "https needs certificate_arn, or both domain_name and hosted_zone_id."
  }
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
