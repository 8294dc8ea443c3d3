# The one documented variable set for the local emulator (moto 5.2). `--target emulator`
# loads it after the environment's own terraform.tfvars. Each switch turns off a part of
# the stack moto does not implement; post-deploy verification reports the matching checks
# as not-applicable with this reason, and `make demo` prints this list.
features = {
  cache                = false # ElastiCache CreateUserGroup is not implemented: the apply would retry for many minutes
  budget               = false # Budgets ListTagsForResource and notification subscribers are not implemented
  backup_selection     = false # AWS Backup CreateBackupSelection is not implemented
  backup_notifications = false # AWS Backup vault notifications answer 404
  cloudfront_headers   = false # CloudFront response-headers policies answer 404
}
