# X-Ray sampling rules as code: the API's own, ahead of AWS's default rule (priority 10000).

resource "aws_xray_sampling_rule" "api" {
  count = var.enable_xray && var.xray_sampling.rules ? 1 : 0

  rule_name      = substr("${var.name}-api", 0, 32)
  priority       = 1000
  version        = 1
  reservoir_size = var.xray_sampling.reservoir_per_second
  fixed_rate     = var.xray_sampling.api_rate
  url_path       = "/api/*"
  host           = "*"
  http_method    = "*"
  service_type   = "*"
  service_name   = var.xray_sampling.service_name
  resource_arn   = "*"
  tags           = var.tags
}

resource "aws_xray_sampling_rule" "default" {
  count = var.enable_xray && var.xray_sampling.rules ? 1 : 0

  rule_name      = substr("${var.name}-default", 0, 32)
  priority       = 9000
  version        = 1
  reservoir_size = var.xray_sampling.reservoir_per_second
  fixed_rate     = var.xray_sampling.default_rate
  url_path       = "*"
  host           = "*"
  http_method    = "*"
  service_type   = "*"
  service_name   = var.xray_sampling.service_name
  resource_arn   = "*"
  tags           = var.tags
}
