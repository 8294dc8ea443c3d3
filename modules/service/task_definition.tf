# Task definition.

resource "aws_ecs_task_definition" "api" {
  family                   = "${var.name}-api"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = tostring(var.task_size.cpu)
  memory                   = tostring(var.task_size.memory)
  execution_role_arn       = aws_iam_role.execution.arn
  task_role_arn            = aws_iam_role.task.arn
  container_definitions    = jsonencode(local.containers)
  tags                     = var.tags

  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = var.cpu_architecture
  }

  volume {
    name = "tmp"
  }
}

# The migration runs as a one-off task (`mealprep-infra migrate`) with the master user: the
# only task that gets the master password. It has no task role: it calls no AWS API.
locals {
  migration_container = {
    name                   = var.container_name
    image                  = var.image
    essential              = true
    readonlyRootFilesystem = var.readonly_root_filesystem
    environment            = [for k in sort(keys(local.migration_environment)) : { name = k, value = local.migration_environment[k] }]
    secrets                = var.database == null ? [] : [{ name = "Database__Password", valueFrom = "${var.database.master_secret_arn}:password::" }]
    mountPoints            = [{ sourceVolume = "tmp", containerPath = "/tmp", readOnly = false }]
    logConfiguration = {
      logDriver = "awslogs"
      options = {
        awslogs-group         = local.log_group_name
        awslogs-region        = local.region
        awslogs-stream-prefix = "migrate"
      }
    }
  }
  migration_environment = merge(local.environment, var.database == null ? {} : { Database__Username = var.database.username })
}

resource "aws_ecs_task_definition" "migrate" {
  count = var.database == null ? 0 : 1

  family                   = "${var.name}-migrate"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = tostring(var.task_size.cpu)
  memory                   = tostring(var.task_size.memory)
  execution_role_arn       = aws_iam_role.execution.arn
  container_definitions    = jsonencode([local.migration_container])
  tags                     = var.tags

  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = var.cpu_architecture
  }

  volume {
    name = "tmp"
  }
}
