# prod: the seed's production column. Compare line by line with ../dev/terraform.tfvars.
environment      = "prod"
region           = "us-west-2"
dr_region        = "us-east-2"
vpc_cidr         = "10.0.0.0/16"
nat_gateway_mode = "per_az" # seed: 3 NAT gateways

interface_endpoints = [] # budget fit: AWS APIs through each AZ's NAT gateway (README, "Fitting the budget")
log_retention_days  = 30 # seed: ONE_MONTH

database = {
  instance_class        = "db.r6g.large" # seed: 2 x r6g.large
  instance_count        = 2
  backup_retention_days = 30 # seed
  deletion_protection   = true
  final_snapshot        = true
}

cache = {
  node_type               = "cache.t4g.small" # budget fit (README, "Fitting the budget"); evictions alarm says when to grow
  replicas                = 1                 # Multi-AZ with automatic failover
  snapshot_retention_days = 7
}

api = {
  first_image_tag      = "first" # the registry's first image; deploy-app owns it after (by digest)
  cpu                  = 1024    # seed
  memory               = 2048    # seed
  desired_count        = 2       # seed
  min_capacity         = 2       # seed
  max_capacity         = 10      # seed
  on_demand_base       = 1       # budget fit: the first task on regular Fargate, always...
  on_demand_weight     = 0       # ...and every task beyond it on Fargate Spot (README, "Fitting the budget")
  spot_weight          = 1
  off_hours_scale_down = false
}

# X-Ray in every env (seed): the first request a second, then this share.
tracing = {
  api_sampling_rate     = 0.1
  default_sampling_rate = 0.01
}

# The uploads pipeline: an image with a moderation label at this confidence or above is
# quarantined; prod quarantines when in doubt, operators release.
uploads = {
  moderation_min_confidence = 60
  memory_mb                 = 512
  timeout_seconds           = 30
  reserved_concurrency      = 10
}

bedrock_model_arns = [
  "arn:aws:bedrock:us-west-2::foundation-model/anthropic.claude-3-haiku-20240307-v1:0",
  "arn:aws:bedrock:us-west-2::foundation-model/amazon.titan-text-express-v1",
]

storage = {
  versioning  = true # seed
  replication = true # seed: backups/ to the DR region as STANDARD_IA
}

backup = {
  retention_days         = 30 # seed
  cross_region_copy      = true
  copy_retention_days    = 30
  weekly_retention_days  = 90
  monthly_retention_days = 365
  vault_lock             = true
}

edge = {
  price_class    = "PriceClass_All"
  rate_limit     = 2000
  domain_names   = ["api.mealprep.com"]    # seed's domain, now on CloudFront: the app and /api/*
  hosted_zone_id = "Z0REPLACEWITHYOURZONE" # the mealprep.com hosted zone of your account
}

audit = {
  object_lock_days = 365 # trail logs cannot be deleted for a year (governance mode)
}

security = {
  guardduty = true # one account per env; in a shared account only one env sets this
}

secret_recovery_days = 30
budget_limit_usd     = 1000 # seed
alert_emails         = ["admin@mealprep.com"]
protect_data         = true
