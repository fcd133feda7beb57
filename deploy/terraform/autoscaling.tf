resource "aws_appautoscaling_target" "service" {
  service_namespace  = "ecs"
  resource_id        = "service/${aws_ecs_cluster.this.name}/${aws_ecs_service.service.name}"
  scalable_dimension = "ecs:service:DesiredCount"
  min_capacity       = var.min_count
  max_capacity       = max(var.max_count, var.min_count)
}

# Target tracking on backlog per task, the metric the Application Auto Scaling guide recommends for queue workers:
# the queue's visible messages divided by the running tasks (metric math), held near backlog_per_task.
resource "aws_appautoscaling_policy" "backlog_per_task" {
  name               = "${var.name}-backlog-per-task"
  policy_type        = "TargetTrackingScaling"
  service_namespace  = aws_appautoscaling_target.service.service_namespace
  resource_id        = aws_appautoscaling_target.service.resource_id
  scalable_dimension = aws_appautoscaling_target.service.scalable_dimension

  target_tracking_scaling_policy_configuration {
    target_value       = var.backlog_per_task
    scale_out_cooldown = 60
    scale_in_cooldown  = 300

    customized_metric_specification {
      metrics {
        id          = "visible"
        label       = "Visible messages in the findings queue"
        return_data = false

        metric_stat {
          stat = "Sum"

          metric {
            namespace   = "AWS/SQS"
            metric_name = "ApproximateNumberOfMessagesVisible"

            dimensions {
              name  = "QueueName"
              value = aws_sqs_queue.findings.name
            }
          }
        }
      }

      metrics {
        id          = "tasks"
        label       = "Running tasks"
        return_data = false

        metric_stat {
          stat = "Average"

          metric {
            namespace   = "ECS/ContainerInsights"
            metric_name = "RunningTaskCount"

            dimensions {
              name  = "ClusterName"
              value = aws_ecs_cluster.this.name
            }

            dimensions {
              name  = "ServiceName"
              value = aws_ecs_service.service.name
            }
          }
        }
      }

      metrics {
        id          = "backlog"
        label       = "Backlog per task"
        expression  = "visible / tasks"
        return_data = true
      }
    }
  }
}
