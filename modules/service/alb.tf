# Load balancer.

# The header CloudFront adds to every origin request; the listener answers 403 without it.
# uuid() runs once: ignore_changes keeps the first value for the life of the resource.
resource "terraform_data" "origin_secret" {
  input = uuid()

  lifecycle {
    ignore_changes = [input]
  }
}

resource "aws_lb" "this" {
  #checkov:skip=CKV2_AWS_28:The ALB admits only CloudFront's origin-facing prefix list (CKV_MP_4) and its listener forwards only requests carrying the secret X-Origin-Verify header CloudFront adds; the WAF sits on the CloudFront distribution in front of it (module.edge).
  #checkov:skip=CKV_AWS_91:Only CloudFront's origin-facing addresses reach the ALB (CKV_MP_4). The requests it forwards carry the origin header, so they came through this stack's distribution, whose standard logs (edge logs bucket) and WAF logs record them; anything else gets the listener's fixed 403 and reaches no target. ALB access logs would duplicate the first and add nothing on the second.
  name                       = "${var.name}-api"
  load_balancer_type         = "application"
  internal                   = false
  subnets                    = var.public_subnet_ids
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
    path                = "/health"
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
    type = var.alb.require_origin_header ? "fixed-response" : "forward"

    target_group_arn = var.alb.require_origin_header ? null : aws_lb_target_group.api.arn

    dynamic "fixed_response" {
      for_each = var.alb.require_origin_header ? [1] : []
      content {
        content_type = "text/plain"
        message_body = "Forbidden"
        status_code  = "403"
      }
    }
  }
}

resource "aws_lb_listener" "http" {
  load_balancer_arn = aws_lb.this.arn
  port              = 80
  protocol          = "HTTP"
  tags              = var.tags

  default_action {
    type             = local.https_enabled ? "redirect" : (var.alb.require_origin_header ? "fixed-response" : "forward")
    target_group_arn = !local.https_enabled && !var.alb.require_origin_header ? aws_lb_target_group.api.arn : null

    dynamic "redirect" {
      for_each = local.https_enabled ? [1] : []
      content {
        port        = "443"
        protocol    = "HTTPS"
        status_code = "HTTP_301"
      }
    }

    dynamic "fixed_response" {
      for_each = !local.https_enabled && var.alb.require_origin_header ? [1] : []
      content {
        content_type = "text/plain"
        message_body = "Forbidden"
        status_code  = "403"
      }
    }
  }
}

resource "aws_lb_listener_rule" "origin_verified" {
  count = var.alb.require_origin_header ? 1 : 0

  listener_arn = local.https_enabled ? aws_lb_listener.https[0].arn : aws_lb_listener.http.arn
  priority     = 1
  tags         = var.tags

  condition {
    http_header {
      http_header_name = "X-Origin-Verify"
      values           = [terraform_data.origin_secret.output]
    }
  }

  action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.api.arn
  }
}
