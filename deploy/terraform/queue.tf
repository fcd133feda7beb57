# The customer-managed key of both queues. SQS server-side encryption with a customer-managed key needs the
# sending service allowed to use the key: EventBridge, as the principal events.amazonaws.com, calls
# kms:GenerateDataKey and kms:Decrypt when it sends to an encrypted queue (SQS Developer Guide, "Key management").
resource "aws_kms_key" "queue" {
  description             = "${var.name}: findings queue and its dead-letter queue"
  enable_key_rotation     = true
  deletion_window_in_days = 30
  policy                  = data.aws_iam_policy_document.queue_key.json
}

resource "aws_kms_alias" "queue" {
  name          = "alias/${var.name}-queue"
  target_key_id = aws_kms_key.queue.key_id
}

# In a key policy, "*" as the resource means the key the policy is attached to (KMS Developer Guide, "Key policies").
data "aws_iam_policy_document" "queue_key" {
  statement {
    sid       = "AccountAdministersTheKeyThroughIam"
    effect    = "Allow"
    actions   = ["kms:*"]
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = ["arn:${local.partition}:iam::${local.account_id}:root"]
    }
  }

  statement {
    sid       = "EventBridgeSendsToTheQueue"
    effect    = "Allow"
    actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
    resources = ["*"]

    principals {
      type        = "Service"
      identifiers = ["events.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }
  }
}

resource "aws_sqs_queue" "dlq" {
  name                              = local.dlq_name
  kms_master_key_id                 = aws_kms_key.queue.arn
  kms_data_key_reuse_period_seconds = 300
  # The longest SQS keeps a message: time to read why a finding failed.
  message_retention_seconds = 1209600
}

resource "aws_sqs_queue" "findings" {
  name                              = local.queue_name
  kms_master_key_id                 = aws_kms_key.queue.arn
  kms_data_key_reuse_period_seconds = 300
  visibility_timeout_seconds        = var.visibility_timeout_seconds
  message_retention_seconds         = var.message_retention_seconds
  # Long polling at the longest wait SQS allows: fewer empty receives (each one is billed).
  receive_wait_time_seconds = 20

  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.dlq.arn
    maxReceiveCount     = var.max_receive_count
  })
}

resource "aws_sqs_queue_redrive_allow_policy" "dlq" {
  queue_url = aws_sqs_queue.dlq.id

  redrive_allow_policy = jsonencode({
    redrivePermission = "byQueue"
    sourceQueueArns   = [aws_sqs_queue.findings.arn]
  })
}

resource "aws_sqs_queue_policy" "findings" {
  queue_url = aws_sqs_queue.findings.id
  policy    = data.aws_iam_policy_document.findings_queue.json
}

# Only this deployment's rules may send: EventBridge passes the rule's ARN as aws:SourceArn (EventBridge User
# Guide, "Amazon SQS permissions").
data "aws_iam_policy_document" "findings_queue" {
  statement {
    sid       = "TheDeploymentsRulesSend"
    effect    = "Allow"
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.findings.arn]

    principals {
      type        = "Service"
      identifiers = ["events.amazonaws.com"]
    }

    condition {
      test     = "ArnEquals"
      variable = "aws:SourceArn"
      values   = [for rule in aws_cloudwatch_event_rule.findings : rule.arn]
    }
  }
}

resource "aws_cloudwatch_metric_alarm" "dlq_depth" {
  alarm_name          = "${var.name}-dlq-depth"
  alarm_description   = "Findings that kept failing are waiting in ${local.dlq_name}: read their reason, fix, then redrive."
  namespace           = "AWS/SQS"
  metric_name         = "ApproximateNumberOfMessagesVisible"
  dimensions          = { QueueName = aws_sqs_queue.dlq.name }
  statistic           = "Maximum"
  period              = 300
  evaluation_periods  = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  threshold           = var.dlq_alarm_threshold
  treat_missing_data  = "notBreaching"
  alarm_actions       = var.alarm_actions
  ok_actions          = var.alarm_actions
}

resource "aws_cloudwatch_metric_alarm" "oldest_message" {
  alarm_name          = "${var.name}-oldest-finding-age"
  alarm_description   = "The oldest finding in ${local.queue_name} has waited too long: the workers are down or behind."
  namespace           = "AWS/SQS"
  metric_name         = "ApproximateAgeOfOldestMessage"
  dimensions          = { QueueName = aws_sqs_queue.findings.name }
  statistic           = "Maximum"
  period              = 300
  evaluation_periods  = 2
  comparison_operator = "GreaterThanOrEqualToThreshold"
  threshold           = var.oldest_message_alarm_seconds
  treat_missing_data  = "notBreaching"
  alarm_actions       = var.alarm_actions
  ok_actions          = var.alarm_actions
}
