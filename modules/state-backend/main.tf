# The bucket every environment keeps its state in (S3 native locking, `use_lockfile`).
module "key" {
  source = "../kms"

  name        = "${var.bucket}-state"
  description = "Encrypts Terraform state in ${var.bucket}"
  tags        = var.tags
}

module "bucket" {
  source = "../bucket"

  bucket           = var.bucket
  kms_key_arn      = module.key.key_arn
  versioning       = true
  policy_documents = var.policy_documents
  tags             = var.tags
}

# Losing the state bucket or its key loses every environment's state. `prevent_destroy` must
# be a literal, and the shared bucket module serves buckets that dev destroys, so the guard is
# a resource of its own that is replaced whenever the bucket or the key would be: Terraform
# then refuses any plan that destroys or replaces them (`terraform destroy` included).
resource "terraform_data" "prevent_destroy" {
  triggers_replace = [module.bucket.arn, module.key.key_arn]

  lifecycle {
    prevent_destroy = true
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "this" {
  bucket = module.bucket.id

  rule {
    id     = "expire-old-state-versions"
    status = "Enabled"
    filter {}
    noncurrent_version_expiration {
      noncurrent_days = var.noncurrent_version_days
    }
    abort_incomplete_multipart_upload {
      days_after_initiation = 1
    }
  }

  depends_on = [module.bucket]
}
