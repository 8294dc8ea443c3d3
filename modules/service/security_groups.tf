# Security groups.

resource "aws_security_group" "alb" {
  name        = "${var.name}-alb"
  description = "HTTP and HTTPS to the API load balancer"
  vpc_id      = var.vpc_id
  tags        = merge(var.tags, { Name = "${var.name}-alb" })
}

resource "aws_vpc_security_group_ingress_rule" "alb" {
  for_each = toset(local.https_enabled ? ["80", "443"] : ["80"])

  security_group_id = aws_security_group.alb.id
  description       = var.alb.cloudfront_only ? "From CloudFront origin-facing servers" : "From the internet"
  ip_protocol       = "tcp"
  from_port         = tonumber(each.key)
  to_port           = tonumber(each.key)
  prefix_list_id    = var.alb.cloudfront_only ? data.aws_ec2_managed_prefix_list.cloudfront[0].id : null
  cidr_ipv4         = var.alb.cloudfront_only ? null : "0.0.0.0/0"
  tags              = var.tags
}

resource "aws_vpc_security_group_egress_rule" "alb_to_tasks" {
  security_group_id            = aws_security_group.alb.id
  description                  = "To the API tasks"
  ip_protocol                  = "tcp"
  from_port                    = var.container_port
  to_port                      = var.container_port
  referenced_security_group_id = aws_security_group.tasks.id
  tags                         = var.tags
}

resource "aws_security_group" "tasks" {
  name        = "${var.name}-api-tasks"
  description = "MealPrep API tasks: from the ALB only"
  vpc_id      = var.vpc_id
  tags        = merge(var.tags, { Name = "${var.name}-api-tasks" })
}

resource "aws_vpc_security_group_ingress_rule" "tasks_from_alb" {
  security_group_id            = aws_security_group.tasks.id
  description                  = "From the load balancer"
  ip_protocol                  = "tcp"
  from_port                    = var.container_port
  to_port                      = var.container_port
  referenced_security_group_id = aws_security_group.alb.id
  tags                         = var.tags
}

resource "aws_vpc_security_group_egress_rule" "tasks_https" {
  security_group_id = aws_security_group.tasks.id
  description       = "HTTPS to AWS APIs and the internet (Bedrock, Secrets Manager, ECR)"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "0.0.0.0/0"
  tags              = var.tags
}

resource "aws_vpc_security_group_egress_rule" "tasks_extra" {
  for_each = { for pair in flatten([
    for rule in var.egress_rules : [for cidr in rule.cidr_blocks : { key = "${rule.port}-${cidr}", rule = rule, cidr = cidr }]
  ]) : pair.key => pair }

  security_group_id = aws_security_group.tasks.id
  description       = each.value.rule.description
  ip_protocol       = "tcp"
  from_port         = each.value.rule.port
  to_port           = each.value.rule.port
  cidr_ipv4         = each.value.cidr
  tags              = var.tags
}
