# The API's container registry: immutable tags, a scan on every push, a customer-managed key,
# and a lifecycle that keeps the last release images and drops untagged layers quickly.

module "key" {
  source = "../kms"

  name        = "${var.name}-registry"
  description = "Encrypts the ${var.name} container images"
  tags        = var.tags
}

resource "aws_ecr_repository" "this" {
  name                 = var.name
  image_tag_mutability = "IMMUTABLE"
  force_delete         = var.force_delete
  tags                 = var.tags

  image_scanning_configuration {
    scan_on_push = true
  }

  encryption_configuration {
    encryption_type = "KMS"
    kms_key         = module.key.key_arn
  }
}

resource "aws_ecr_lifecycle_policy" "this" {
  repository = aws_ecr_repository.this.name
  policy = jsonencode({
    rules = [
      {
        rulePriority = 1
        description  = "Untagged images (superseded pushes, dangling layers) after ${var.untagged_days} days"
        selection = {
          tagStatus   = "untagged"
          countType   = "sinceImagePushed"
          countUnit   = "days"
          countNumber = var.untagged_days
        }
        action = { type = "expire" }
      },
      {
        rulePriority = 2
        description  = "Keep the last ${var.release_images} release images"
        selection = {
          tagStatus      = "tagged"
          tagPatternList = var.release_tag_patterns
          countType      = "imageCountMoreThan"
          countNumber    = var.release_images
        }
        action = { type = "expire" }
      },
    ]
  })
}

# Who may push: the CI deploy roles (their own policy allows it too; both must).
data "aws_iam_policy_document" "this" {
  count = length(var.push_principal_arns) > 0 ? 1 : 0

  statement {
    sid = "PushFromCI"
    actions = [
      "ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:CompleteLayerUpload",
      "ecr:DescribeImages", "ecr:GetDownloadUrlForLayer", "ecr:InitiateLayerUpload", "ecr:PutImage",
      "ecr:UploadLayerPart",
    ]
    principals {
      type        = "AWS"
      identifiers = var.push_principal_arns
    }
  }
}

resource "aws_ecr_repository_policy" "this" {
  count = length(var.push_principal_arns) > 0 ? 1 : 0

  repository = aws_ecr_repository.this.name
  policy     = data.aws_iam_policy_document.this[0].json
}
