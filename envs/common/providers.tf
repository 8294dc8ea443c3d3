locals {
  tags = {
    Project     = "MealPrep"
    Environment = var.environment
    CostCenter  = "Engineering"
    ManagedBy   = "terraform"
  }
  # One account for every env (both null), or one account per env: `id` pins it, so a plan
  # with the wrong credentials fails before it reads anything; `assume_role_arn` reaches it
  # from an identity or CI account.
  allowed_account_ids = var.aws_account.id == null ? null : [var.aws_account.id]
  assume_role         = var.aws_account.assume_role_arn == null ? [] : [var.aws_account.assume_role_arn]
}

provider "aws" {
  region = var.region

  allowed_account_ids = local.allowed_account_ids

  dynamic "assume_role" {
    for_each = local.assume_role
    content {
      role_arn     = assume_role.value
      session_name = "mealprep-${var.environment}-terraform"
    }
  }

  default_tags {
    tags = local.tags
  }
}

# CloudFront's WAF and certificate live in us-east-1.
provider "aws" {
  alias  = "us_east_1"
  region = "us-east-1"

  allowed_account_ids = local.allowed_account_ids

  dynamic "assume_role" {
    for_each = local.assume_role
    content {
      role_arn     = assume_role.value
      session_name = "mealprep-${var.environment}-terraform"
    }
  }

  default_tags {
    tags = local.tags
  }
}

# Disaster recovery: backup copies and S3 replication (prod).
provider "aws" {
  alias  = "dr"
  region = var.dr_region

  allowed_account_ids = local.allowed_account_ids

  dynamic "assume_role" {
    for_each = local.assume_role
    content {
      role_arn     = assume_role.value
      session_name = "mealprep-${var.environment}-terraform"
    }
  }

  default_tags {
    tags = local.tags
  }
}
