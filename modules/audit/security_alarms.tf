# The CIS AWS Foundations monitoring controls: a metric filter on the trail's CloudWatch copy
# for each event a security team wants to hear about at once, and an alarm on each to the
# env's alert topic. The trail is multi-region with global service events, so IAM and console
# sign-in events (recorded in us-east-1) reach this log group too.

locals {
  security_filters = var.security_alarms == null || !var.cloudwatch_logs.enabled ? {} : {
    root-account-use = {
      description = "The root user was used (CIS 4.3)."
      pattern     = "{ $.userIdentity.type = \"Root\" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != \"AwsServiceEvent\" }"
    }
    unauthorized-api-calls = {
      description = "API calls were refused for lack of permission (CIS 4.1)."
      pattern     = "{ ($.errorCode = \"*UnauthorizedOperation\") || ($.errorCode = \"AccessDenied*\") }"
    }
    console-sign-in-without-mfa = {
      description = "An IAM user signed in to the console without MFA (CIS 4.2)."
      pattern     = "{ ($.eventName = \"ConsoleLogin\") && ($.additionalEventData.MFAUsed != \"Yes\") && ($.userIdentity.type = \"IAMUser\") && ($.responseElements.ConsoleLogin = \"Success\") }"
    }
    iam-policy-changes = {
      description = "An IAM policy was created, changed, attached or detached (CIS 4.4)."
      pattern     = "{ ($.eventSource = iam.amazonaws.com) && (($.eventName = DeleteGroupPolicy) || ($.eventName = DeleteRolePolicy) || ($.eventName = DeleteUserPolicy) || ($.eventName = PutGroupPolicy) || ($.eventName = PutRolePolicy) || ($.eventName = PutUserPolicy) || ($.eventName = CreatePolicy) || ($.eventName = DeletePolicy) || ($.eventName = CreatePolicyVersion) || ($.eventName = DeletePolicyVersion) || ($.eventName = SetDefaultPolicyVersion) || ($.eventName = AttachRolePolicy) || ($.eventName = DetachRolePolicy) || ($.eventName = AttachUserPolicy) || ($.eventName = DetachUserPolicy) || ($.eventName = AttachGroupPolicy) || ($.eventName = DetachGroupPolicy) || ($.eventName = PutRolePermissionsBoundary) || ($.eventName = DeleteRolePermissionsBoundary) || ($.eventName = UpdateAssumeRolePolicy)) }"
    }
    cloudtrail-changes = {
      description = "A trail was created, changed, stopped or deleted (CIS 4.5)."
      pattern     = "{ ($.eventName = CreateTrail) || ($.eventName = UpdateTrail) || ($.eventName = DeleteTrail) || ($.eventName = StartLogging) || ($.eventName = StopLogging) || ($.eventName = PutEventSelectors) }"
    }
    kms-key-disabled-or-deleted = {
      description = "A customer-managed KMS key was disabled, scheduled for deletion or had its policy changed (CIS 4.7)."
      pattern     = "{ ($.eventSource = kms.amazonaws.com) && (($.eventName = DisableKey) || ($.eventName = ScheduleKeyDeletion) || ($.eventName = PutKeyPolicy)) }"
    }
    security-group-changes = {
      description = "A security group or one of its rules was created, changed or deleted (CIS 4.10)."
      pattern     = "{ ($.eventName = AuthorizeSecurityGroupIngress) || ($.eventName = AuthorizeSecurityGroupEgress) || ($.eventName = RevokeSecurityGroupIngress) || ($.eventName = RevokeSecurityGroupEgress) || ($.eventName = ModifySecurityGroupRules) || ($.eventName = CreateSecurityGroup) || ($.eventName = DeleteSecurityGroup) }"
    }
  }
  security_namespace = "MealPrep/Security/${var.name}"
}

resource "aws_cloudwatch_log_metric_filter" "security" {
  for_each = local.security_filters

  name           = "${var.name}-${each.key}"
  log_group_name = aws_cloudwatch_log_group.trail[0].name
  pattern        = each.value.pattern

  metric_transformation {
    name          = each.key
    namespace     = local.security_namespace
    value         = "1"
    default_value = "0"
  }
}

resource "aws_cloudwatch_metric_alarm" "security" {
  for_each = local.security_filters

  alarm_name          = "${var.name}-security-${each.key}"
  alarm_description   = each.value.description
  namespace           = local.security_namespace
  metric_name         = aws_cloudwatch_log_metric_filter.security[each.key].metric_transformation[0].name
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = [var.security_alarms.topic_arn]
  tags                = var.tags
}
