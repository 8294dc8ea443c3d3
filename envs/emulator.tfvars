# The one documented variable set for the local emulator (moto). Loaded after an env's
# terraform.tfvars by `--target emulator`; everything here is something moto cannot do.
#
# - Budget notifications: moto lacks DescribeSubscribersForNotification, so the provider
#   retries for many minutes.
budget_notifications = false
