output "vpc_id" {
  description = "ID of the VPC."
  value       = aws_vpc.this.id
}

output "vpc_cidr" {
  description = "IPv4 CIDR of the VPC."
  value       = aws_vpc.this.cidr_block
}

output "azs" {
  description = "Availability zones the subnets are spread over, in subnet order."
  value       = local.azs
}

output "public_subnet_ids" {
  description = "Public subnets (ALB, NAT gateways), one per zone."
  value       = aws_subnet.public[*].id
}

output "private_subnet_ids" {
  description = "Private subnets with egress through NAT (ECS tasks, cache), one per zone."
  value       = aws_subnet.private[*].id
}

output "database_subnet_ids" {
  description = "Isolated subnets with no route to the internet (Aurora), one per zone."
  value       = aws_subnet.database[*].id
}

output "subnet_cidrs" {
  description = "Subnet CIDRs by tier."
  value       = local.subnet_cidrs
}

output "public_route_table_id" {
  description = "Route table of the public subnets."
  value       = aws_route_table.public.id
}

output "private_route_table_ids" {
  description = "Route tables of the private subnets, one per zone."
  value       = aws_route_table.private[*].id
}

output "database_route_table_id" {
  description = "Route table of the database subnets (local route only)."
  value       = aws_route_table.database.id
}

output "nat_gateway_ids" {
  description = "NAT gateway IDs."
  value       = aws_nat_gateway.this[*].id
}

output "nat_public_ips" {
  description = "Public IPs of the NAT gateways: what third parties see from the app."
  value       = aws_eip.nat[*].public_ip
}

output "s3_endpoint_id" {
  description = "ID of the S3 gateway endpoint."
  value       = aws_vpc_endpoint.s3.id
}

output "flow_log_group_name" {
  description = "CloudWatch log group receiving VPC flow logs, or null."
  value       = one(aws_cloudwatch_log_group.flow_logs[*].name)
}
