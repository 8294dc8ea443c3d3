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

variable "default_branch" {
  description = "The only branch whose workflow runs may assume a deploy role."
  type        = string
  default     = "main"
  nullable    = false

  validation {
    condition     = can(regex("^[A-Za-z0-9._/-]+$", var.default_branch)) && !strcontains(var.default_branch, "*")
    error_message = "default_branch must be a branch name (letters, digits, . _ / -), without wildcards."
  }
}

variable "deploy_workflows" {
  description = "Workflow files (under .github/workflows/) whose jobs may assume a deploy role, on the default branch only. deliver.yml is the reusable delivery workflow deploy.yml and the app repositories call."
  type        = list(string)
  default     = ["deploy.yml", "deliver.yml", "restore-drill.yml"]
  nullable    = false

  validation {
    condition     = length(var.deploy_workflows) > 0 && alltrue([for f in var.deploy_workflows : can(regex("^[A-Za-z0-9._-]+\\.ya?ml$", f))])
    error_message = "deploy_workflows must list one or more workflow file names such as deploy.yml (no paths, no wildcards)."
  }
}

variable "plan_workflow" {
  description = "The workflow file whose pull-request jobs may assume the read-only plan role."
  type        = string
  default     = "pull-request.yml"
  nullable    = false

  validation {
    condition     = can(regex("^[A-Za-z0-9._-]+\\.ya?ml$", var.plan_workflow))
    error_message = "plan_workflow must be a workflow file name such as pull-request.yml (no paths, no wildcards)."
  }
}

variable "audit_workflows" {
  description = "Workflow files whose jobs on the default branch, outside any GitHub environment, may assume the read-only plan role (the nightly drift check)."
  type        = list(string)
  default     = ["drift.yml"]
  nullable    = false

  validation {
    condition     = alltrue([for f in var.audit_workflows : can(regex("^[A-Za-z0-9._-]+\\.ya?ml$", f))])
    error_message = "audit_workflows must list workflow file names such as drift.yml (no paths, no wildcards)."
  }
}

variable "state_admin_principal_arns" {
  description = "IAM roles or users, besides the CI roles and whoever applies this root, that may use the state bucket (operators running `make apply` by hand)."
  type        = list(string)
  default     = []
  nullable    = false

  validation {
    condition     = alltrue([for arn in var.state_admin_principal_arns : can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:(role|user)/", arn))])
    error_message = "state_admin_principal_arns must hold IAM role or user ARNs (arn:aws:iam::<account>:role/NAME or user/NAME)."
  }
}

variable "deploy_assume_role_arns" {
  description = "Per environment, the role that env's provider assumes (its tfvars `assume_role_arn`), which its deploy role may then assume; empty when the deploy role applies directly."
  type        = map(string)
  default     = {}
  nullable    = false

  validation {
    condition     = alltrue([for env, arn in var.deploy_assume_role_arns : contains(["dev", "prod"], env) && can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:role/", arn))])
    error_message = "deploy_assume_role_arns maps dev or prod to an IAM role ARN (arn:aws:iam::<account>:role/NAME)."
  }
}

variable "environment_dns_names" {
  description = "DNS names each environment's records use (the seed: prod serves api.mealprep.com). Another environment's deploy role may not change records with these names in any hosted zone of the account."
  type        = map(list(string))
  default     = { prod = ["api.mealprep.com", "mealprep.com", "www.mealprep.com"] }
  nullable    = false

  validation {
    condition     = alltrue([for env, names in var.environment_dns_names : contains(["dev", "prod"], env) && alltrue([for n in names : can(regex("^[a-z0-9*][a-z0-9.-]*[a-z0-9]$", n))])])
    error_message = "environment_dns_names maps dev or prod to lowercase DNS names such as api.mealprep.com."
  }
}

variable "app_repositories" {
  description = "Application repositories (owner/name) whose default-branch runs may call this repository's deliver.yml (at the default branch) in an environment, and so assume that environment's deploy role."
  type        = list(string)
  default     = []
  nullable    = false

  validation {
    condition     = alltrue([for r in var.app_repositories : can(regex("^[A-Za-z0-9-]+/[A-Za-z0-9._-]+$", r))])
    error_message = "app_repositories must list owner/name repositories, without wildcards."
  }
}
