# The role each member account deploys for the sniper deployment of the GuardDuty administrator account to assume:
# trusted by that deployment's task role alone, with an external id, allowed the response and runbook actions only.

locals {
  administrator_account_id = regex("^arn:aws[a-z-]*:iam::([0-9]{12}):", var.administrator_role_arn)[0]
}

data "aws_iam_policy_document" "trust" {
  statement {
    effect  = "Allow"
    actions = ["sts:AssumeRole"]

    principals {
      type        = "AWS"
      identifiers = ["arn:${data.aws_partition.current.partition}:iam::${local.administrator_account_id}:root"]
    }

    # The account is the principal, so that the role survives the task role being recreated; aws:PrincipalArn
    # narrows it to that one role, and sts:ExternalId guards against a confused deputy (IAM User Guide).
    condition {
      test     = "ArnEquals"
      variable = "aws:PrincipalArn"
      values   = [var.administrator_role_arn]
    }

    condition {
      test     = "StringEquals"
      variable = "sts:ExternalId"
      values   = [var.external_id]
    }
  }
}

data "aws_partition" "current" {}

resource "aws_iam_role" "member" {
  name                 = var.role_name
  description          = "Assumed by Cloud Sniper in the administrator account for response and the daily runbook"
  assume_role_policy   = data.aws_iam_policy_document.trust.json
  max_session_duration = var.max_session_duration

  # sniper never writes policies onto a role tagged cloudsniper:protected (its policy denies it).
  tags = merge(var.tags, { "cloudsniper:protected" = "true" })
}

# Exactly what `sniper iam-policy --runbook --iam-review` prints: the playbooks' response actions and the runbook's
# reads, without the administrator's store and queue (a test keeps the file equal to its output).
resource "aws_iam_role_policy" "member" {
  name   = "sniper-response-and-runbook"
  role   = aws_iam_role.member.id
  policy = file("${path.module}/policies/member-role.json")
}
