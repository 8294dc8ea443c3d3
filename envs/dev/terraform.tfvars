# dev: the seed's development column. Compare line by line with ../prod/terraform.tfvars.
environment      = "dev"
region           = "us-west-2"
dr_region        = "us-east-2"
vpc_cidr         = "10.0.0.0/16"
nat_gateway_mode = "single" # seed: 1 NAT gateway

interface_endpoints = []
log_retention_days  = 7 # seed: ONE_WEEK

database = {
  instance_class        = "db.t4g.medium" # seed: 1 x t4g.medium
  instance_count        = 1
  backup_retention_days = 7 # seed
  deletion_protection   = false
  final_snapshot        = false
}

cache = {
  node_type               = "cache.t4g.micro"
  replicas                = 0 # one node
  snapshot_retention_days = 1
}

api = {
  first_image_tag      = "first" # the registry's first image; deploy-app owns it after (by digest)
  cpu                  = 512     # seed
  memory               = 1024    # seed
  desired_count        = 1       # seed
  min_capacity         = 1       # seed
  max_capacity         = 3       # seed
  on_demand_base       = 0       # cost option: no task pinned to regular Fargate in dev
  spot_weight          = 1       # cost option: half the tasks on Fargate Spot in dev
  off_hours_scale_down = true    # cost option: scale to zero at night
  execute_command      = true    # ECS Exec for debugging, sessions logged
}

# X-Ray in every env (seed): the first request a second, then this share.
tracing = {
  api_sampling_rate     = 0.2
  default_sampling_rate = 0.05
}

# The uploads pipeline: an image with a moderation label at this confidence or above is
# quarantined; dev tests with fewer false positives.
uploads = {
  moderation_min_confidence = 80
  memory_mb                 = 256
  timeout_seconds           = 30
  reserved_concurrency      = 2
}

bedrock_model_arns = [
  "arn:aws:bedrock:us-west-2::foundation-model/anthropic.claude-3-haiku-20240307-v1:0",
  "arn:aws:bedrock:us-west-2::foundation-model/amazon.titan-text-express-v1",
]

storage = {
  versioning  = false # seed
  replication = false
}

backup = {
  retention_days    = 7 # seed
  cross_region_copy = false
}

edge = {
  price_class = "PriceClass_100"
  rate_limit  = 2000
}

audit = {
  object_lock_days = 365 # trail logs cannot be deleted for a year (governance mode)
}

security = {
  guardduty = true # one account per env; in a shared account only one env sets this
}

secret_recovery_days = 7
budget_limit_usd     = 200 # seed
alert_emails         = ["admin@mealprep.com"]
protect_data         = false
