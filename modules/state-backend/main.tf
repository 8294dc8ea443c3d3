# The bucket every environment keeps its state in (S3 native locking, `use_lockfile`).
module "key" {
  source = "../kms"

  name        = "${var.bucket}-state"
  description = "Encrypts Terraform state in ${var.bucket}"
  tags        = var.tags
}

module "bucket" {
  source = "../bucket"

  bucket      = var.bucket
  kms_key_arn = module.key.key_arn
  versioning  = true
  tags        = var.tags
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
