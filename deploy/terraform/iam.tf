# Two roles: the execution role, which ECS uses to pull the image, write logs and read the secrets when a task
# starts; and the task role, which sniper itself uses. Neither can do what the other does.

data "aws_iam_policy_document" "ecs_tasks_trust" {
  statement {
    effect  = "Allow"
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["ecs-tasks.amazonaws.com"]
    }

    # Confused-deputy protection: only tasks of this account (ECS Developer Guide, "Task IAM role").
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }

    condition {
      test     = "ArnLike"
      variable = "aws:SourceArn"
      values   = ["arn:${local.partition}:ecs:${local.region}:${local.account_id}:*"]
    }
  }
}

resource "aws_iam_role" "execution" {
  name               = "${var.name}-execution"
  assume_role_policy = data.aws_iam_policy_document.ecs_tasks_trust.json
}

resource "aws_iam_role_policy_attachment" "execution_ecr_and_logs" {
  role       = aws_iam_role.execution.name
  policy_arn = "arn:${local.partition}:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"
}

resource "aws_iam_role_policy" "execution_secrets" {
  name   = "secrets"
  role   = aws_iam_role.execution.id
  policy = data.aws_iam_policy_document.execution_secrets.json
}

data "aws_iam_policy_document" "execution_secrets" {
  statement {
    sid       = "ReadTheTasksSecrets"
    effect    = "Allow"
    actions   = ["secretsmanager:GetSecretValue"]
    resources = local.secret_arns
  }
}

resource "aws_iam_role" "task" {
  name               = "${var.name}-task"
  assume_role_policy = data.aws_iam_policy_document.ecs_tasks_trust.json
}

# Exactly what `sniper iam-policy` prints for this deployment's playbooks, store, queue, jobs and member role
# (docs/deploy.md has the command; a test keeps the file equal to its output).
resource "aws_iam_role_policy" "task" {
  name = "sniper"
  role = aws_iam_role.task.id
  policy = templatefile("${path.module}/policies/task-role.json", {
    table_name       = local.table_name
    queue_name       = local.queue_name
    member_role_name = var.member_role_name
  })
}

# What the deployment adds around sniper: the queue's key (receiving from an encrypted queue decrypts its data
# key) and the reports bucket.
resource "aws_iam_role_policy" "task_deployment" {
  name   = "deployment"
  role   = aws_iam_role.task.id
  policy = data.aws_iam_policy_document.task_deployment.json
}

data "aws_iam_policy_document" "task_deployment" {
  statement {
    sid       = "DecryptTheFindingsQueue"
    effect    = "Allow"
    actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
    resources = [aws_kms_key.queue.arn]
  }

  statement {
    sid       = "WriteReports"
    effect    = "Allow"
    actions   = ["s3:GetObject", "s3:PutObject"]
    resources = ["${aws_s3_bucket.reports.arn}/*"]
  }

  statement {
    sid       = "ListReports"
    effect    = "Allow"
    actions   = ["s3:ListBucket"]
    resources = [aws_s3_bucket.reports.arn]
  }
}
