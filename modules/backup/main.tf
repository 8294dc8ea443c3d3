data "aws_partition" "current" {}

locals {
  partition = data.aws_partition.current.partition
  copy      = var.cross_region_copy.enabled
  rules = concat(
    [{ name = "daily", schedule = var.daily.schedule, retention = var.daily.retention_days, cold_after = null }],
    var.weekly_retention_days == null ? [] : [{ name = "weekly", schedule = "cron(0 4 ? * SUN *)", retention = var.weekly_retention_days, cold_after = null }],
    var.monthly_retention_days == null ? [] : [{
      name = "monthly", schedule = "cron(0 5 1 * ? *)", retention = var.monthly_retention_days,
      # Cold storage needs 90 days there before deletion.
      cold_after = var.monthly_retention_days >= 180 ? 90 : null
    }],
  )
}

module "key" {
  source = "../kms"

  name        = "${var.name}-backup"
  description = "Encrypts the AWS Backup vault of ${var.name}"
  tags        = var.tags
}

resource "aws_backup_vault" "this" {
  name        = "${var.name}-backup"
  kms_key_arn = module.key.key_arn
  tags        = var.tags
}

resource "aws_backup_vault_lock_configuration" "this" {
  count = var.vault_lock == null ? 0 : 1

  backup_vault_name   = aws_backup_vault.this.name
  min_retention_days  = var.vault_lock.min_retention_days
  max_retention_days  = var.vault_lock.max_retention_days
  changeable_for_days = var.vault_lock.changeable_for_days
}

module "dr_key" {
  source    = "../kms"
  count     = local.copy ? 1 : 0
  providers = { aws = aws.dr }

  name        = "${var.name}-backup-dr"
  description = "Encrypts the disaster-recovery backup vault of ${var.name}"
  tags        = var.tags
}

resource "aws_backup_vault" "dr" {
  provider = aws.dr
  count    = local.copy ? 1 : 0

  name        = "${var.name}-backup-dr"
  kms_key_arn = module.dr_key[0].key_arn
  tags        = var.tags
}

# The DR copies are locked too, in governance mode (no changeable_for_days): recovery points
# cannot be deleted early except by a principal allowed backup:DeleteBackupVaultLockConfiguration.
resource "aws_backup_vault_lock_configuration" "dr" {
  count    = local.copy && var.vault_lock != null ? 1 : 0
  provider = aws.dr

  backup_vault_name  = aws_backup_vault.dr[0].name
  min_retention_days = var.vault_lock.min_retention_days
  max_retention_days = var.vault_lock.max_retention_days
}

resource "aws_backup_plan" "this" {
  name = "${var.name}-backup"
  tags = var.tags

  dynamic "rule" {
    for_each = local.rules
    content {
      rule_name         = rule.value.name
      target_vault_name = aws_backup_vault.this.name
      schedule          = rule.value.schedule
      start_window      = 60
      completion_window = 180

      lifecycle {
        delete_after       = rule.value.retention
        cold_storage_after = rule.value.cold_after
      }

      dynamic "copy_action" {
        for_each = local.copy ? [1] : []
        content {
          destination_vault_arn = aws_backup_vault.dr[0].arn
          lifecycle {
            delete_after = var.cross_region_copy.retention_days
          }
        }
      }

      recovery_point_tags = merge(var.tags, { BackupRule = rule.value.name })
    }
  }
}

data "aws_iam_policy_document" "assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["backup.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "this" {
  name                 = "${var.name}-backup"
  permissions_boundary = var.permissions_boundary_arn
  assume_role_policy   = data.aws_iam_policy_document.assume.json
  tags                 = var.tags
}

resource "aws_iam_role_policy_attachment" "this" {
  for_each = toset([
    "service-role/AWSBackupServiceRolePolicyForBackup",
    "service-role/AWSBackupServiceRolePolicyForRestores",
    "AWSBackupServiceRolePolicyForS3Backup",
    "AWSBackupServiceRolePolicyForS3Restore",
  ])

  role       = aws_iam_role.this.name
  policy_arn = "arn:${local.partition}:iam::aws:policy/${each.key}"
}

resource "aws_backup_selection" "resources" {
  count = length(var.resource_arns) > 0 ? 1 : 0

  name         = "${var.name}-resources"
  plan_id      = aws_backup_plan.this.id
  iam_role_arn = aws_iam_role.this.arn
  resources    = var.resource_arns
}

resource "aws_backup_selection" "tagged" {
  count = var.selection_tag == null ? 0 : 1

  name         = "${var.name}-tagged"
  plan_id      = aws_backup_plan.this.id
  iam_role_arn = aws_iam_role.this.arn

  selection_tag {
    type  = "STRINGEQUALS"
    key   = var.selection_tag.key
    value = var.selection_tag.value
  }
}

resource "aws_backup_vault_notifications" "this" {
  count = var.notifications == null ? 0 : 1

  backup_vault_name   = aws_backup_vault.this.name
  sns_topic_arn       = var.notifications.topic_arn
  backup_vault_events = ["BACKUP_JOB_FAILED", "COPY_JOB_FAILED", "RESTORE_JOB_COMPLETED"]
}
