variable "region" {
  description = "Region of the state bucket (the primary region)."
  type        = string
  default     = "us-west-2"
}

variable "github_repository" {
  description = "The GitHub repository (owner/name) whose workflows may assume the CI roles through OIDC; null creates no CI access."
  type        = string
  default     = null

  validation {
    condition     = var.github_repository == null || can(regex("^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$", var.github_repository))
    error_message = "github_repository must be owner/name, e.g. mealprep/mealprep-infra."
  }
}

variable "deploy_regions" {
  description = "Regions the deploy roles may act in: the primary, the DR region, and us-east-1 (CloudFront's WAF and certificate, and every global service)."
  type        = list(string)
  default     = ["us-west-2", "us-east-2", "us-east-1"]
}

variable "environments" {
  description = "GitHub environments that get a deploy role each (protect prod with required reviewers in the repository settings)."
  type        = list(string)
  default     = ["dev", "prod"]

  validation {
    condition     = alltrue([for env in var.environments : contains(["dev", "prod"], env)])
    error_message = "environments may hold dev and prod."
  }
}
