output "api_url" {
  description = "Base URL of the API on the load balancer (https://<domain> when HTTPS is on); behind CloudFront, viewers use the distribution's /api instead."
  value       = local.https_enabled ? "https://${coalesce(try(var.https.domain_name, null), aws_lb.this.dns_name)}" : "http://${aws_lb.this.dns_name}"
}

output "alb_dns_name" {
  description = "DNS name of the load balancer (the CloudFront API origin)."
  value       = aws_lb.this.dns_name
}

output "alb_arn" {
  description = "ARN of the load balancer."
  value       = aws_lb.this.arn
}

output "alb_arn_suffix" {
  description = "ARN suffix of the load balancer: the LoadBalancer dimension of its metrics."
  value       = aws_lb.this.arn_suffix
}

output "target_group_arn" {
  description = "ARN of the API target group."
  value       = aws_lb_target_group.api.arn
}

output "target_group_arn_suffix" {
  description = "ARN suffix of the target group: the TargetGroup dimension of its metrics."
  value       = aws_lb_target_group.api.arn_suffix
}

output "https_enabled" {
  description = "Whether the ALB serves HTTPS (and redirects HTTP to it)."
  value       = local.https_enabled
}

output "cluster_name" {
  description = "ECS cluster name."
  value       = aws_ecs_cluster.this.name
}

output "cluster_arn" {
  description = "ECS cluster ARN."
  value       = aws_ecs_cluster.this.arn
}

output "service_name" {
  description = "ECS service name: the ServiceName dimension of its metrics."
  value       = local.service_name
}

output "container_name" {
  description = "Name of the API container, for exec and one-off tasks."
  value       = var.container_name
}

output "task_definition_arn" {
  description = "The task definition revision Terraform wrote: the template `deploy-app` builds each release from (it swaps in the image by digest)."
  value       = aws_ecs_task_definition.api.arn
}

output "task_definition_family" {
  description = "Task definition family, for deploy-app and migrate."
  value       = aws_ecs_task_definition.api.family
}

output "task_role_arn" {
  description = "ARN of the task role."
  value       = aws_iam_role.task.arn
}

output "execution_role_arn" {
  description = "ARN of the execution role."
  value       = aws_iam_role.execution.arn
}

output "log_group_name" {
  description = "API log group (seed: /ecs/mealprep-api)."
  value       = aws_cloudwatch_log_group.api.name
}

output "alb_security_group_id" {
  description = "Security group of the load balancer."
  value       = aws_security_group.alb.id
}

output "tasks_security_group_id" {
  description = "Security group of the API tasks: the one the database and cache admit."
  value       = aws_security_group.tasks.id
}

output "private_subnet_ids" {
  description = "Subnets the tasks run in, for one-off tasks such as migrations."
  value       = var.private_subnet_ids
}

output "autoscaling" {
  description = "Autoscaling bounds of the service."
  value       = { min = var.autoscaling.min_capacity, max = var.autoscaling.max_capacity }
}

output "migration_task_family" {
  description = "Task definition family of the one-off migration task (the master user's password injected); null without a database."
  value       = one(aws_ecs_task_definition.migrate[*].family)
}

output "container_names" {
  description = "Containers of the API task: the API and its sidecars (the X-Ray daemon)."
  value       = [for c in local.containers : c.name]
}
