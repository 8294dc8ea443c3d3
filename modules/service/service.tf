# Service.

locals {
  service_settings = {
    name                               = "${var.name}-api"
    desired_count                      = var.desired_count
    deployment_minimum_healthy_percent = 100
    deployment_maximum_percent         = 200
    health_check_grace_period_seconds  = 60
  }
}

resource "aws_ecs_service" "api" {
  count = var.ignore_task_definition_changes ? 0 : 1

  name                               = local.service_settings.name
  cluster                            = aws_ecs_cluster.this.id
  task_definition                    = aws_ecs_task_definition.api.arn
  desired_count                      = local.service_settings.desired_count
  deployment_minimum_healthy_percent = local.service_settings.deployment_minimum_healthy_percent
  deployment_maximum_percent         = local.service_settings.deployment_maximum_percent
  health_check_grace_period_seconds  = local.service_settings.health_check_grace_period_seconds
  enable_execute_command             = var.execute_command
  enable_ecs_managed_tags            = true
  propagate_tags                     = "SERVICE"
  tags                               = var.tags

  capacity_provider_strategy {
    capacity_provider = "FARGATE"
    base              = var.capacity.on_demand_base
    weight            = var.capacity.on_demand_weight
  }

  dynamic "capacity_provider_strategy" {
    for_each = var.capacity.spot_weight > 0 ? [1] : []
    content {
      capacity_provider = "FARGATE_SPOT"
      base              = 0 # only one provider may have a base; AWS reads 0 back, so say it
      weight            = var.capacity.spot_weight
    }
  }

  network_configuration {
    subnets          = var.private_subnet_ids
    security_groups  = [aws_security_group.tasks.id]
    assign_public_ip = false
  }

  load_balancer {
    target_group_arn = aws_lb_target_group.api.arn
    container_name   = var.container_name
    container_port   = var.container_port
  }

  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }

  # Autoscaling owns the task count once the service runs.
  lifecycle {
    ignore_changes = [desired_count]
  }

  depends_on = [aws_lb_listener.http, aws_iam_role_policy.execution]
}

# Same service for CI-driven image deploys: Terraform leaves the task definition alone.
resource "aws_ecs_service" "api_external_deploys" {
  count = var.ignore_task_definition_changes ? 1 : 0

  name                               = local.service_settings.name
  cluster                            = aws_ecs_cluster.this.id
  task_definition                    = aws_ecs_task_definition.api.arn
  desired_count                      = local.service_settings.desired_count
  deployment_minimum_healthy_percent = local.service_settings.deployment_minimum_healthy_percent
  deployment_maximum_percent         = local.service_settings.deployment_maximum_percent
  health_check_grace_period_seconds  = local.service_settings.health_check_grace_period_seconds
  enable_execute_command             = var.execute_command
  enable_ecs_managed_tags            = true
  propagate_tags                     = "SERVICE"
  tags                               = var.tags

  capacity_provider_strategy {
    capacity_provider = "FARGATE"
    base              = var.capacity.on_demand_base
    weight            = var.capacity.on_demand_weight
  }

  dynamic "capacity_provider_strategy" {
    for_each = var.capacity.spot_weight > 0 ? [1] : []
    content {
      capacity_provider = "FARGATE_SPOT"
      base              = 0 # only one provider may have a base; AWS reads 0 back, so say it
      weight            = var.capacity.spot_weight
    }
  }

  network_configuration {
    subnets          = var.private_subnet_ids
    security_groups  = [aws_security_group.tasks.id]
    assign_public_ip = false
  }

  load_balancer {
    target_group_arn = aws_lb_target_group.api.arn
    container_name   = var.container_name
    container_port   = var.container_port
  }

  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }

  lifecycle {
    ignore_changes = [desired_count, task_definition]
  }

  depends_on = [aws_lb_listener.http, aws_iam_role_policy.execution]
}

locals {
  service_name = var.ignore_task_definition_changes ? aws_ecs_service.api_external_deploys[0].name : aws_ecs_service.api[0].name
}
