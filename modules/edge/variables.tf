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

variable "frontend_bucket" {
  description = "The storage bucket holding the front end: its name and regional domain name, and the origin path (seed: /frontend)."
  type = object({
    id                   = string
    regional_domain_name = string
    origin_path          = optional(string, "/frontend")
  })

  validation {
    condition     = can(regex("^/[a-z0-9-]+$", var.frontend_bucket.origin_path))
    error_message = "frontend_bucket.origin_path must be one folder with a leading slash and no trailing one, e.g. /frontend."
  }
}

variable "api_origin" {
  description = "The API's internal ALB, reached through a CloudFront VPC origin for `/api/*`: its ARN and DNS name. `vpc_origin = false` only where VPC origins do not exist (the emulator): CloudFront then names the ALB as a plain HTTP origin, which an internal ALB never answers on AWS."
  type = object({
    alb_arn     = string
    domain_name = string
    vpc_origin  = optional(bool, true)
  })

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:elasticloadbalancing:[a-z0-9-]+:[0-9]{12}:loadbalancer/app/", var.api_origin.alb_arn))
    error_message = "api_origin.alb_arn must be an Application Load Balancer ARN."
  }
}

variable "domain" {
  description = "Custom domain names for the distribution; null keeps the default *.cloudfront.net certificate. Give a us-east-1 certificate ARN or a hosted zone to create one."
  type = object({
    aliases         = list(string)
    certificate_arn = optional(string)
    hosted_zone_id  = optional(string)
  })
  default = null

  validation {
    condition     = var.domain == null || try(length(var.domain.aliases) > 0 && (var.domain.certificate_arn != null || var.domain.hosted_zone_id != null), false)
    error_message = "domain needs at least one alias and either certificate_arn or hosted_zone_id."
  }
}

variable "price_class" {
  description = "CloudFront price class (dev: PriceClass_100; prod: PriceClass_All)."
  type        = string
  default     = "PriceClass_100"

  validation {
    condition     = contains(["PriceClass_100", "PriceClass_200", "PriceClass_All"], var.price_class)
    error_message = "price_class must be one of: PriceClass_100, PriceClass_200, PriceClass_All."
  }
  nullable = false
}

variable "rate_limit" {
  description = "Requests per client IP per 5 minutes before the WAF blocks it."
  type        = number
  default     = 2000

  validation {
    condition     = var.rate_limit >= 100 && var.rate_limit <= 2000000000
    error_message = "rate_limit must be from 100 to 2000000000 (WAF's bounds)."
  }
  nullable = false
}

variable "log_retention_days" {
  description = "Retention of the WAF log group and days before CloudFront access logs expire."
  type        = number
  default     = 30

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be a CloudWatch Logs retention: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288 or 3653."
  }
  nullable = false
}

variable "force_destroy_logs" {
  description = "Let a destroy delete the log bucket while it still holds logs."
  type        = bool
  default     = false
  nullable    = false
}

variable "security_headers" {
  description = "Attach the security response-headers policy (HSTS, nosniff, frame options, referrer policy). Only the emulator, which lacks the API, turns it off."
  type        = bool
  default     = true
  nullable    = false
}

variable "wait_for_deployment" {
  description = "Finish only when CloudFront has deployed the distribution to its edge locations (minutes on AWS), so a deploy that follows reaches the new configuration. Only the emulator, which has no edge to deploy to, turns it off."
  type        = bool
  default     = true
  nullable    = false
}

variable "spa_routing" {
  description = "Serve /index.html for front-end routes (paths without a file extension) with a CloudFront Function on the front-end behaviour only, so /api/* errors pass through unchanged. Only the emulator, which lacks CloudFront Functions, turns it off."
  type        = bool
  default     = true
  nullable    = false
}
