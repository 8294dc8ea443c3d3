# Amazon GuardDuty for the account and region, with its findings sent to the alert topic.
# One detector per account and region: where environments share an account, exactly one of
# them enables this module (README: account layouts).

resource "aws_guardduty_detector" "this" {
  #checkov:skip=CKV2_AWS_3:This module enables GuardDuty in the account and region it is applied to (one account per env, or one env per shared account: README, account layouts). Auto-enabling every member account is aws_guardduty_organization_configuration, run from an AWS Organization's delegated administrator account, which this repository does not manage.
  enable                       = true
  finding_publishing_frequency = var.finding_publishing_frequency
  tags                         = var.tags
}

resource "aws_cloudwatch_event_rule" "findings" {
  count = var.alerts == null ? 0 : 1

  name        = "${var.name}-guardduty-findings"
  description = "GuardDuty findings of severity ${var.min_severity} or more, to the alert topic"
  tags        = var.tags
  event_pattern = jsonencode({
    source        = ["aws.guardduty"]
    "detail-type" = ["GuardDuty Finding"]
    detail        = { severity = [{ numeric = [">=", var.min_severity] }] }
  })
}

resource "aws_cloudwatch_event_target" "findings" {
  count = var.alerts == null ? 0 : 1

  rule      = aws_cloudwatch_event_rule.findings[0].name
  target_id = "alert-topic"
  arn       = var.alerts.topic_arn
}
