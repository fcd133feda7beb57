output "queue_url" {
  description = "URL of the findings queue the EventBridge rules send to and the service consumes."
  value       = aws_sqs_queue.findings.url
}

output "dead_letter_queue_url" {
  description = "URL of the dead-letter queue of findings that kept failing."
  value       = aws_sqs_queue.dlq.url
}

output "table_name" {
  description = "The knowledge-base table (`--store dynamodb:NAME`); the response store is NAME-response."
  value       = aws_dynamodb_table.knowledge_base.name
}

output "store_uri" {
  description = "The store URI to give sniper on a workstation to read the same knowledge base."
  value       = "dynamodb:${aws_dynamodb_table.knowledge_base.name}"
}

output "cluster_name" {
  description = "The ECS cluster."
  value       = aws_ecs_cluster.this.name
}

output "service_name" {
  description = "The ECS service running sniper serve."
  value       = aws_ecs_service.service.name
}

output "task_role_arn" {
  description = "The role sniper runs as: the principal member roles trust (member-role module, administrator_role_arn)."
  value       = aws_iam_role.task.arn
}

output "reports_bucket" {
  description = "The bucket of runbook reports."
  value       = aws_s3_bucket.reports.bucket
}

output "dashboard_url" {
  description = "HTTPS address of the dashboard and API (the load balancer's name; point a DNS record on the certificate's name at it), or null without a load balancer."
  value       = var.expose_dashboard ? "https://${aws_lb.dashboard[0].dns_name}" : null
}
