terraform {
  required_version = ">= 1.11"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.100"
    }
  }
  # Local state on purpose: this root creates the bucket the others keep state in.
  # Keep terraform.tfstate safe (or migrate it into the bucket once it exists).
}
