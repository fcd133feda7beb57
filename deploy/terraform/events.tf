locals {
  # The CloudTrail create events whose creator the owner auto-tagging writes onto the new resource
  # (src/CloudSniper.Core/Response/Owners/CloudTrailOwnerEvents.cs; a test keeps the two lists equal).
  owner_event_names = [
    "AllocateAddress",
    "CopyImage",
    "CopySnapshot",
    "CreateImage",
    "CreateInternetGateway",
    "CreateNetworkAcl",
    "CreateNetworkInterface",
    "CreateRouteTable",
    "CreateSecurityGroup",
    "CreateSnapshot",
    "CreateSnapshots",
    "CreateSubnet",
    "CreateVolume",
    "CreateVpc",
    "RegisterImage",
    "RunInstances",
  ]

  # One rule per kind of event, all into the findings queue. Event patterns follow the EventBridge event
  # reference: GuardDuty "GuardDuty Finding" with a numeric detail.severity; Security Hub "Security Hub Findings -
  # Imported" (GuardDuty's own findings are left out: they arrive through the GuardDuty rule); Inspector
  # "Inspector2 Finding"; CloudTrail management events as "AWS API Call via CloudTrail".
  event_rules = merge(
    {
      guardduty = {
        description = "GuardDuty findings of severity ${var.guardduty_min_severity} or more"
        pattern = {
          source        = ["aws.guardduty"]
          "detail-type" = ["GuardDuty Finding"]
          detail        = { severity = [{ numeric = [">=", var.guardduty_min_severity] }] }
        }
      }
    },
    var.enable_security_hub ? {
      security-hub = {
        description = "Security Hub imported findings other than GuardDuty's"
        pattern = {
          source        = ["aws.securityhub"]
          "detail-type" = ["Security Hub Findings - Imported"]
          detail        = { findings = { ProductName = [{ "anything-but" = "GuardDuty" }] } }
        }
      }
    } : {},
    var.enable_inspector ? {
      inspector = {
        description = "Amazon Inspector findings"
        pattern = {
          source        = ["aws.inspector2"]
          "detail-type" = ["Inspector2 Finding"]
        }
      }
    } : {},
    var.enable_owner_tagging ? {
      owner-tagging = {
        description = "CloudTrail create events for owner auto-tagging"
        pattern = {
          source        = ["aws.ec2"]
          "detail-type" = ["AWS API Call via CloudTrail"]
          detail = {
            eventSource = ["ec2.amazonaws.com"]
            eventName   = local.owner_event_names
          }
        }
      }
    } : {},
  )
}

resource "aws_cloudwatch_event_rule" "findings" {
  for_each = local.event_rules

  name          = "${var.name}-${each.key}"
  description   = each.value.description
  event_pattern = jsonencode(each.value.pattern)
}

resource "aws_cloudwatch_event_target" "findings" {
  for_each = local.event_rules

  rule      = aws_cloudwatch_event_rule.findings[each.key].name
  target_id = "sqs"
  arn       = aws_sqs_queue.findings.arn
}
