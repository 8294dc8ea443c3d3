# Everything that differs between environments is a variable here and a value in
# envs/<env>/terraform.tfvars. Read the two tfvars files side by side to see the difference.

variable "environment" {
  description = "Environment name; names resources (`mealprep-<env>`) and secrets (`<env>/mealprep/`)."
  type        = string

  validation {
    condition     = contains(["dev", "prod"], var.environment)
    error_message = "environment must be one of: dev, prod."
  }
}

variable "aws_account" {
  description = "The AWS account of this environment: `id` pins it (the provider refuses credentials of any other account), `assume_role_arn` is the role the provider assumes to reach it. Both null (the default): whatever account the credentials belong to. See the README's account layouts."
  type = object({
    id              = optional(string)
    assume_role_arn = optional(string)
  })
  default  = {}
  nullable = false

  validation {
    condition     = var.aws_account.id == null || can(regex("^[0-9]{12}$", var.aws_account.id))
    error_message = "aws_account.id must be a 12-digit AWS account id or null."
  }

  validation {
    condition     = var.aws_account.assume_role_arn == null || can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:role/.+$", var.aws_account.assume_role_arn))
    error_message = "aws_account.assume_role_arn must be an IAM role ARN (arn:aws:iam::<account>:role/NAME) or null."
  }
}

variable "region" {
  description = "Primary region (seed: us-west-2)."
  type        = string
  default     = "us-west-2"
  nullable    = false
}

variable "dr_region" {
  description = "Disaster-recovery region for backup copies and S3 replication."
  type        = string
  default     = "us-east-2"

  validation {
    condition     = var.dr_region != var.region
    error_message = "dr_region must differ from region."
  }
  nullable = false
}

variable "vpc_cidr" {
  description = "VPC CIDR."
  type        = string
  default     = "10.0.0.0/16"
  nullable    = false
}

variable "nat_gateway_mode" {
  description = "single (seed dev: 1 NAT) or per_az (seed prod: 3)."
  type        = string
}

variable "interface_endpoints" {
  description = "VPC interface endpoints that keep AWS API traffic off NAT."
  type        = list(string)
  default     = []
  nullable    = false
}

variable "log_retention_days" {
  description = "Retention of every log group (seed: 7 dev, 30 prod)."
  type        = number
}

variable "database" {
  description = "Aurora settings (seed dev: 1 x db.t4g.medium, 7 days, unprotected; prod: 2 x db.r6g.large, 30 days, protected)."
  type = object({
    engine_version        = optional(string, "16.6")
    instance_class        = string
    instance_count        = number
    backup_retention_days = number
    deletion_protection   = bool
    final_snapshot        = bool
    serverless_v2 = optional(object({
      min_capacity = number
      max_capacity = number
    }))
  })
}

variable "cache" {
  description = "ElastiCache settings."
  type = object({
    node_type               = string
    replicas                = number
    snapshot_retention_days = number
  })
}

variable "api" {
  description = "API service settings (seed dev: 512/1024, 1 task, 1-3; prod: 1024/2048, 2 tasks, 2-10)."
  type = object({
    # The first task definition names <registry>:<first_image_tag>. From then on `deploy-app`
    # owns the running image (by digest) and Terraform never rolls it back.
    first_image_tag      = optional(string, "first")
    cpu                  = number
    memory               = number
    desired_count        = number
    min_capacity         = number
    max_capacity         = number
    on_demand_base       = optional(number, 1) # tasks always on regular Fargate
    on_demand_weight     = optional(number, 1) # beyond the base: the share on regular Fargate...
    spot_weight          = optional(number, 0) # ...and on Fargate Spot (a cost option)
    off_hours_scale_down = optional(bool, false)
    execute_command      = optional(bool, false) # ECS Exec, sessions logged; keep it off in prod
  })

  validation {
    condition     = !(var.environment == "prod" && var.api.execute_command)
    error_message = "api.execute_command must be false in prod: a shell in a production task bypasses every other control."
  }
}

variable "tracing" {
  description = "X-Ray, in every env as in the seed: the share of requests traced beyond the first one a second, for /api/* and for anything else."
  type = object({
    api_sampling_rate     = number
    default_sampling_rate = number
  })
}

variable "uploads" {
  description = "The uploads pipeline (functions/image_moderation): the moderation confidence (percent) that quarantines an image, and the function's size."
  type = object({
    moderation_min_confidence = number
    memory_mb                 = number
    timeout_seconds           = number
    reserved_concurrency      = number
  })
}

variable "function_packages" {
  description = "Deployment packages of the functions in functions/, by name: file and base64 SHA-256. The harness builds them and passes this variable (build/functions/packages.tfvars.json); `mealprep-infra package` writes it for a plain terraform run."
  type = map(object({
    filename     = string
    base64sha256 = string
  }))

  validation {
    condition     = contains(keys(var.function_packages), "image_moderation")
    error_message = "function_packages must hold image_moderation; run `mealprep-infra package` and pass -var-file=build/functions/packages.tfvars.json."
  }
}

variable "bedrock_model_arns" {
  description = "Bedrock models the API may invoke."
  type        = list(string)
}

variable "storage" {
  description = "Storage bucket settings (seed: versioning on in prod; prod replicates backups/ to the DR region)."
  type = object({
    versioning  = bool
    replication = bool
  })
}

variable "backup" {
  description = "AWS Backup settings (seed: 7 days dev, 30 prod, cross-region copy in prod)."
  type = object({
    retention_days         = number
    cross_region_copy      = bool
    copy_retention_days    = optional(number, 30)
    weekly_retention_days  = optional(number)
    monthly_retention_days = optional(number)
    vault_lock             = optional(bool, false)
  })
}

variable "edge" {
  description = "CloudFront and WAF settings. `domain_names` put the viewers' custom domain on the distribution (seed prod: api.mealprep.com), with a us-east-1 certificate validated in `hosted_zone_id`."
  type = object({
    price_class    = string
    rate_limit     = number
    domain_names   = optional(list(string), [])
    hosted_zone_id = optional(string)
  })

  validation {
    condition     = length(var.edge.domain_names) == 0 || var.edge.hosted_zone_id != null
    error_message = "edge.domain_names needs edge.hosted_zone_id, where the certificate is validated and the aliases are created."
  }
}

variable "registry" {
  description = "The API's image repository: how many release images it keeps and after how many days untagged ones expire."
  type = object({
    release_images = optional(number, 30)
    untagged_days  = optional(number, 3)
  })
  default  = {}
  nullable = false
}

variable "audit" {
  description = "CloudTrail: the trail goes to S3 (Object Lock in governance mode for `object_lock_days`) and to CloudWatch Logs, where the CIS security alarms read it. `state_bucket` names the Terraform state bucket whose object access the trail records (default: envs/bootstrap's mealprep-tfstate-<account>)."
  type = object({
    object_lock_days = number
    state_bucket     = optional(string)
  })
}

variable "security" {
  description = "Account-level detection: `guardduty` enables GuardDuty with findings to the alert topic. One detector per account and region: where dev and prod share an account, only one env sets it (README: account layouts)."
  type = object({
    guardduty = bool
  })
}

variable "secret_recovery_days" {
  description = "Recovery window of the app secret."
  type        = number
}

variable "budget_limit_usd" {
  description = "Monthly budget in USD (seed: 200 dev, 1000 prod)."
  type        = number
}

# Parts of the stack that can be switched off. All stay on for AWS; the emulator's variable
# file, written from harness/emulator_gaps.py, turns off what moto does not implement.
variable "features" {
  description = "Optional parts of the stack; all on for AWS, some off on the emulator (harness/emulator_gaps.py)."
  type = object({
    cache                 = optional(bool, true) # ElastiCache user groups (CreateUserGroup)
    budget                = optional(bool, true) # Budgets tags and notification subscribers
    backup_selection      = optional(bool, true) # AWS Backup selections (CreateBackupSelection)
    backup_notifications  = optional(bool, true) # AWS Backup vault notifications
    cloudfront_headers    = optional(bool, true) # CloudFront response-headers policies
    cloudfront_vpc_origin = optional(bool, true) # CloudFront VPC origins (the API's one public path)
    cloudfront_functions  = optional(bool, true) # CloudFront Functions (SPA routing)
    xray_sampling_rules   = optional(bool, true) # X-Ray sampling rules (CreateSamplingRule)
    cloudfront_deployed   = optional(bool, true) # wait for CloudFront to reach its edge locations
  })
  default  = {}
  nullable = false
}

variable "alert_emails" {
  description = "Who receives alarms and budget alerts (seed: admin@mealprep.com)."
  type        = list(string)
}

variable "protect_data" {
  description = "False only for throwaway environments: buckets may then be destroyed with their objects, and the ALB without its deletion protection."
  type        = bool
}
