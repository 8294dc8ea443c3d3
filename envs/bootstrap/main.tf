provider "aws" {
  region = var.region

  default_tags {
    tags = {
      Project    = "MealPrep"
      CostCenter = "Engineering"
      ManagedBy  = "terraform"
    }
  }
}

data "aws_caller_identity" "current" {}

module "state" {
  source = "../../modules/state-backend"

  bucket = "mealprep-tfstate-${data.aws_caller_identity.current.account_id}"
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
