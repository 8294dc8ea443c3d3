locals {
  # The state backend serves every environment.
  tags = {
    Project     = "MealPrep"
    Environment = "shared"
    CostCenter  = "Engineering"
    ManagedBy   = "terraform"
  }
}

provider "aws" {
  region = var.region

  default_tags {
    tags = local.tags
  }
}

data "aws_caller_identity" "current" {}

module "state" {
  source = "../../modules/state-backend"

  bucket           = local.state_bucket_name
  policy_documents = [data.aws_iam_policy_document.state_bucket.json]
  tags             = local.tags
}

output "backend_hcl" {
  description = "Paste into envs/<env>/backend.hcl (with key = \"<env>/terraform.tfstate\")."
  value       = <<-EOT
    bucket       = "${module.state.bucket}"
    region       = "${var.region}"
    encrypt      = true
    kms_key_id   = "${module.state.kms_key_arn}"
    use_lockfile = true
  EOT
}
