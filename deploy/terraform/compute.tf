resource "aws_ecs_cluster" "this" {
  name = var.name

  # Container Insights publishes RunningTaskCount, the divisor of the backlog-per-task scaling metric.
  setting {
    name  = "containerInsights"
    value = "enabled"
  }
}

resource "aws_cloudwatch_log_group" "service" {
  name              = "/ecs/${var.name}"
  retention_in_days = var.log_retention_days
}

locals {
  # Plain settings only: every SNIPER_* name is a configuration key path (SniperConfig), `__` between levels.
  container_environment = [
    { name = "SNIPER_STORE", value = "dynamodb:${aws_dynamodb_table.knowledge_base.name}" },
    { name = "SNIPER_MODE", value = var.response_mode },
    { name = "SNIPER_SQS__MAXRECEIVES", value = tostring(var.max_receive_count) },
    { name = "SNIPER_SQS__VISIBILITYTIMEOUTSECONDS", value = tostring(var.visibility_timeout_seconds) },
    { name = "SNIPER_RESPONSE__ASSUMEROLE", value = var.member_role_name },
    { name = "AWS_REGION", value = local.region },
  ]

  # Secrets reach the container as variables that ECS reads from Secrets Manager when the task starts; the task
  # definition holds only their ARNs.
  container_secrets = concat(
    [{ name = "SNIPER_API_KEY", valueFrom = var.api_key_secret_arn }],
    [for feed, arn in var.feed_secret_arns : { name = "SNIPER_FEEDS__${upper(feed)}__SECRET", valueFrom = arn }],
    var.member_external_id_secret_arn == null ? [] : [{ name = "SNIPER_RESPONSE__EXTERNALID", valueFrom = var.member_external_id_secret_arn }],
  )

  secret_arns = concat(
    [var.api_key_secret_arn],
    values(var.feed_secret_arns),
    var.member_external_id_secret_arn == null ? [] : [var.member_external_id_secret_arn],
  )

  container_command = ["serve", "--urls", "http://0.0.0.0:${local.container_port}", "--queue", "sqs://${aws_sqs_queue.findings.name}"]
}

resource "aws_ecs_task_definition" "service" {
  family                   = var.name
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = var.cpu
  memory                   = var.memory
  execution_role_arn       = aws_iam_role.execution.arn
  task_role_arn            = aws_iam_role.task.arn

  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = var.cpu_architecture
  }

  # Task storage for the writable paths (the root file system is read-only): the data directory, and /tmp for
  # whatever a library writes there.
  volume {
    name = "data"
  }

  volume {
    name = "tmp"
  }

  container_definitions = jsonencode([
    {
      name                   = local.container_name
      image                  = var.image
      essential              = true
      command                = local.container_command
      user                   = "1654"
      readonlyRootFilesystem = true
      environment            = local.container_environment
      secrets                = local.container_secrets
      portMappings           = [{ containerPort = local.container_port, protocol = "tcp" }]
      mountPoints = [
        { sourceVolume = "data", containerPath = local.data_path, readOnly = false },
        { sourceVolume = "tmp", containerPath = "/tmp", readOnly = false },
      ]
      # The image has no shell: the exec form runs `sniper health`, which exits 0 on a 2xx from /healthz.
      healthCheck = {
        command     = ["CMD", "/app/sniper", "health", "--url", "http://127.0.0.1:${local.container_port}/healthz"]
        interval    = 30
        timeout     = 5
        retries     = 3
        startPeriod = 30
      }
      # Time to finish the batch in hand and release leases after SIGTERM (Fargate allows up to 120 s).
      stopTimeout = 60
      logConfiguration = {
        logDriver = "awslogs"
        options = {
          awslogs-group         = aws_cloudwatch_log_group.service.name
          awslogs-region        = local.region
          awslogs-stream-prefix = local.container_name
        }
      }
    }
  ])
}

resource "aws_security_group" "service" {
  name        = "${var.name}-service"
  description = "sniper serve tasks"
  vpc_id      = var.vpc_id
}

# The AWS APIs (through a NAT gateway or interface endpoints) and Slack or webhook notifications are all HTTPS.
resource "aws_vpc_security_group_egress_rule" "service_https" {
  security_group_id = aws_security_group.service.id
  description       = "HTTPS to the AWS APIs and notification endpoints"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "0.0.0.0/0"
}

resource "aws_vpc_security_group_ingress_rule" "service_from_alb" {
  count = var.expose_dashboard ? 1 : 0

  security_group_id            = aws_security_group.service.id
  description                  = "The dashboard's load balancer"
  ip_protocol                  = "tcp"
  from_port                    = local.container_port
  to_port                      = local.container_port
  referenced_security_group_id = aws_security_group.alb[0].id
}

resource "aws_ecs_service" "service" {
  name                              = var.name
  cluster                           = aws_ecs_cluster.this.id
  task_definition                   = aws_ecs_task_definition.service.arn
  desired_count                     = var.desired_count
  launch_type                       = "FARGATE"
  propagate_tags                    = "SERVICE"
  health_check_grace_period_seconds = var.expose_dashboard ? 60 : null
  # Every instance is stateless; a rolling deployment starts the new tasks before it stops the old ones.
  deployment_minimum_healthy_percent = 100
  deployment_maximum_percent         = 200

  # A deployment whose tasks never become healthy is stopped and the previous task definition restored.
  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }

  network_configuration {
    subnets          = var.private_subnet_ids
    security_groups  = [aws_security_group.service.id]
    assign_public_ip = false
  }

  dynamic "load_balancer" {
    for_each = var.expose_dashboard ? [aws_lb_target_group.dashboard[0].arn] : []

    content {
      target_group_arn = load_balancer.value
      container_name   = local.container_name
      container_port   = local.container_port
    }
  }

  lifecycle {
    # Auto scaling owns the running count after the first deployment.
    ignore_changes = [desired_count]
  }

  depends_on = [aws_lb_listener.https]
}
