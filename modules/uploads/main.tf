# The uploads pipeline: an object created under uploads/ invokes the image moderation function,
# which tags it with its labels or moves it to quarantine/ (functions/image_moderation).
data "aws_caller_identity" "current" {}
data "aws_region" "current" {}

locals {
  uploads    = "${var.bucket.arn}/${var.uploads_prefix}*"
  quarantine = "${var.bucket.arn}/${var.quarantine_prefix}*"
}

module "function" {
  source = "../function"

  name                     = "${var.name}-image-moderation"
  description              = "Checks each upload with Rekognition: tags it, or quarantines it"
  runtime                  = "python3.12"
  handler                  = "handler.handler"
  package                  = var.package
  memory_mb                = var.function.memory_mb
  timeout_seconds          = var.function.timeout_seconds
  reserved_concurrency     = var.function.reserved_concurrency
  log_retention_days       = var.log_retention_days
  permissions_boundary_arn = var.permissions_boundary_arn
  environment_variables = {
    UPLOADS_PREFIX            = var.uploads_prefix
    QUARANTINE_PREFIX         = var.quarantine_prefix
    MODERATION_MIN_CONFIDENCE = tostring(var.moderation_min_confidence)
    LABEL_MIN_CONFIDENCE      = tostring(var.label_min_confidence)
  }
  vpc = var.vpc == null ? null : {
    vpc_id     = var.vpc.vpc_id
    subnet_ids = var.vpc.subnet_ids
    egress     = [{ description = "HTTPS to S3 and Rekognition", port = 443, cidr_ipv4 = "0.0.0.0/0" }]
  }
  # Its prefixes of the one bucket, and Rekognition: nothing else.
  policy_statements = [
    { sid = "ReadUploads", actions = ["s3:GetObject"], resources = [local.uploads] },
    { sid = "TagOrRemoveUploads", actions = ["s3:PutObjectTagging", "s3:DeleteObject"], resources = [local.uploads] },
    { sid = "WriteQuarantine", actions = ["s3:PutObject", "s3:PutObjectTagging"], resources = [local.quarantine] },
    {
      sid       = "StorageKey"
      actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
      resources = [var.bucket.kms_key_arn]
      conditions = [{
        test     = "StringEquals"
        variable = "kms:ViaService"
        values   = ["s3.${data.aws_region.current.name}.amazonaws.com"]
      }]
    },
    # Rekognition's image operations take no resource-level permissions.
    { sid = "DetectImageContent", actions = ["rekognition:DetectModerationLabels", "rekognition:DetectLabels"], resources = ["*"] },
  ]
  tags = var.tags
}

resource "aws_lambda_permission" "storage" {
  statement_id   = "InvokedByStorageUploads"
  action         = "lambda:InvokeFunction"
  function_name  = module.function.function_name
  principal      = "s3.amazonaws.com"
  source_arn     = var.bucket.arn
  source_account = data.aws_caller_identity.current.account_id
}

# A bucket has one notification configuration: this is the storage bucket's.
resource "aws_s3_bucket_notification" "uploads" {
  bucket = var.bucket.id

  lambda_function {
    id                  = "image-moderation"
    lambda_function_arn = module.function.function_arn
    events              = ["s3:ObjectCreated:*"]
    filter_prefix       = var.uploads_prefix
  }

  # S3 checks that it may invoke the function when the notification is saved.
  depends_on = [aws_lambda_permission.storage]
}
