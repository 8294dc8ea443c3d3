# Load balancer.

resource "aws_lb" "this" {
  #checkov:skip=CKV2_AWS_28:The ALB is internal (private subnets, no public address) and admits only CloudFront's origin-facing prefix list (CKV_MP_4): requests reach it only through the distribution's VPC origin, and the WAF sits on that distribution (module.edge).
  #checkov:skip=CKV_AWS_91:The ALB is internal and reached only through the distribution's VPC origin, whose standard logs (edge logs bucket) and WAF logs record every request; ALB access logs would duplicate them.
  name                       = "${var.name}-api"
  load_balancer_type         = "application"
  internal                   = var.alb.internal
  subnets                    = var.alb.internal ? var.private_subnet_ids : var.public_subnet_ids
  security_groups            = [aws_security_group.alb.id]
  drop_invalid_header_fields = true
  enable_deletion_protection = var.alb.deletion_protection
  idle_timeout               = var.alb.idle_timeout
  tags                       = var.tags

  dynamic "access_logs" {
    for_each = var.alb.access_logs_bucket == null ? [] : [1]
    content {
      bucket  = var.alb.access_logs_bucket
      prefix  = var.alb.access_logs_prefix
      enabled = true
    }
  }
}

resource "aws_lb_target_group" "api" {
  #checkov:skip=CKV_AWS_378:TLS ends at the ALB; the tasks run in private subnets and their security group admits only the ALB, so HTTP between them never leaves the VPC.
  name                 = "${var.name}-api"
  port                 = var.container_port
  protocol             = "HTTP"
  target_type          = "ip"
  vpc_id               = var.vpc_id
  deregistration_delay = 30
  tags                 = var.tags

  health_check {
    path                = var.health_check_path
    matcher             = "200-399"
    interval            = 15
    timeout             = 5
    healthy_threshold   = 2
    unhealthy_threshold = 3
  }
}

module "certificate" {
  source = "../certificate"
  count  = local.create_cert ? 1 : 0

  domain_name    = var.https.domain_name
  hosted_zone_id = var.https.hosted_zone_id
  tags           = var.tags
}

resource "aws_route53_record" "api" {
  count = local.https_enabled && try(var.https.domain_name != null && var.https.hosted_zone_id != null, false) ? 1 : 0

  zone_id = var.https.hosted_zone_id
  name    = var.https.domain_name
  type    = "A"

  alias {
    name                   = aws_lb.this.dns_name
    zone_id                = aws_lb.this.zone_id
    evaluate_target_health = true
  }
}

resource "aws_lb_listener" "https" {
  count = local.https_enabled ? 1 : 0

  load_balancer_arn = aws_lb.this.arn
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = var.alb.ssl_policy
  certificate_arn   = local.create_cert ? module.certificate[0].certificate_arn : var.https.certificate_arn
  tags              = var.tags

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.api.arn
  }
}

resource "aws_lb_listener" "http" {
  load_balancer_arn = aws_lb.this.arn
  port              = 80
  protocol          = "HTTP"
  tags              = var.tags

  default_action {
    type             = local.https_enabled ? "redirect" : "forward"
    target_group_arn = local.https_enabled ? null : aws_lb_target_group.api.arn

    dynamic "redirect" {
      for_each = local.https_enabled ? [1] : []
      content {
        port        = "443"
        protocol    = "HTTPS"
        status_code = "HTTP_301"
      }
    }
  }
}
