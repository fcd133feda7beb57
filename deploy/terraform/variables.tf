variable "name" {
  description = "Name of the deployment: prefix of every resource, the knowledge-base table (and NAME-response), the queue NAME-findings and the ECS cluster."
  type        = string
  default     = "cloud-sniper"

  validation {
    # DynamoDB table names allow [a-zA-Z0-9_.-]{3,255}; SQS names allow 80 characters; the reports bucket prefix
    # (NAME-reports-) must stay within S3's 37-character bucket_prefix limit, hence 24.
    condition     = can(regex("^[a-z][a-z0-9-]{2,23}$", var.name))
    error_message = "name must be 3 to 24 characters: lower-case letters, digits and hyphens, starting with a letter."
  }
}

variable "image" {
  description = "Container image of sniper built from the repository's Dockerfile, with a tag or digest (for example 123456789012.dkr.ecr.us-east-1.amazonaws.com/cloud-sniper:0.1.0)."
  type        = string

  validation {
    condition     = can(regex("^[^\\s]+(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}|@sha256:[0-9a-f]{64})$", var.image))
    error_message = "image must name a tag (repository:tag) or a digest (repository@sha256:...); a bare repository would deploy whatever latest is."
  }
}

variable "vpc_id" {
  description = "VPC the service and its load balancer run in."
  type        = string

  validation {
    condition     = can(regex("^vpc-[0-9a-f]{8,17}$", var.vpc_id))
    error_message = "vpc_id must be a VPC id (vpc-...)."
  }
}

variable "private_subnet_ids" {
  description = "Private subnets of the Fargate tasks (with a NAT gateway or VPC endpoints for the AWS APIs); two or more in different Availability Zones."
  type        = list(string)

  validation {
    condition     = length(var.private_subnet_ids) >= 1 && alltrue([for s in var.private_subnet_ids : can(regex("^subnet-[0-9a-f]{8,17}$", s))])
    error_message = "private_subnet_ids must hold at least one subnet id (subnet-...)."
  }
}

variable "expose_dashboard" {
  description = "Put an HTTPS Application Load Balancer in front of the dashboard and API; false runs the workers only, reachable from nowhere."
  type        = bool
  default     = true
}

variable "alb_internal" {
  description = "Make the load balancer internal (reachable from the VPC and connected networks only) rather than internet-facing."
  type        = bool
  default     = true
}

variable "alb_subnet_ids" {
  description = "Subnets of the load balancer, in at least two Availability Zones (public subnets when alb_internal is false); unused when expose_dashboard is false."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for s in var.alb_subnet_ids : can(regex("^subnet-[0-9a-f]{8,17}$", s))])
    error_message = "alb_subnet_ids must be subnet ids (subnet-...)."
  }
}

variable "certificate_arn" {
  description = "ACM certificate of the dashboard's HTTPS listener; required when expose_dashboard is true."
  type        = string
  default     = null

  validation {
    condition     = var.certificate_arn == null || can(regex("^arn:aws[a-z-]*:acm:[a-z0-9-]+:[0-9]{12}:certificate/.+$", var.certificate_arn))
    error_message = "certificate_arn must be an ACM certificate ARN (arn:aws:acm:REGION:ACCOUNT:certificate/ID)."
  }
}

variable "dashboard_ingress_cidrs" {
  description = "Networks allowed to reach the dashboard's HTTPS listener."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for c in var.dashboard_ingress_cidrs : can(cidrhost(c, 0))])
    error_message = "dashboard_ingress_cidrs must be CIDR blocks (10.0.0.0/8)."
  }
}

variable "desired_count" {
  description = "Number of sniper serve tasks at deployment; auto scaling then moves it between min_count and max_count."
  type        = number
  default     = 2

  validation {
    condition     = var.desired_count >= 1 && var.desired_count <= 100 && floor(var.desired_count) == var.desired_count
    error_message = "desired_count must be a whole number from 1 to 100."
  }
}

variable "min_count" {
  description = "Fewest tasks auto scaling leaves running (at least 1: the backlog-per-task metric divides by the running count)."
  type        = number
  default     = 1

  validation {
    condition     = var.min_count >= 1 && floor(var.min_count) == var.min_count
    error_message = "min_count must be a whole number of at least 1."
  }
}

variable "max_count" {
  description = "Most tasks auto scaling starts."
  type        = number
  default     = 10

  validation {
    condition     = var.max_count >= 1 && var.max_count <= 100 && floor(var.max_count) == var.max_count
    error_message = "max_count must be a whole number from 1 to 100."
  }
}

variable "backlog_per_task" {
  description = "Target of the auto scaling: visible messages in the findings queue per running task."
  type        = number
  default     = 500

  validation {
    condition     = var.backlog_per_task >= 1
    error_message = "backlog_per_task must be at least 1."
  }
}

variable "cpu" {
  description = "Fargate CPU units of a task (1024 = 1 vCPU)."
  type        = number
  default     = 512

  validation {
    condition     = contains([256, 512, 1024, 2048, 4096, 8192, 16384], var.cpu)
    error_message = "cpu must be a Fargate size: 256, 512, 1024, 2048, 4096, 8192 or 16384."
  }
}

variable "memory" {
  description = "Memory of a task in MiB; Fargate accepts 512-2048 for 256 CPU units, 1024-4096 for 512, 2048-8192 for 1024, 4096-16384 for 2048, 8192-30720 for 4096."
  type        = number
  default     = 1024

  validation {
    condition     = var.memory >= 512 && var.memory <= 122880 && var.memory % 512 == 0
    error_message = "memory must be a multiple of 512 MiB from 512 to 122880."
  }
}

variable "cpu_architecture" {
  description = "CPU architecture of the tasks; the image must be built for it (docker buildx --platform linux/arm64 for ARM64)."
  type        = string
  default     = "X86_64"

  validation {
    condition     = contains(["X86_64", "ARM64"], var.cpu_architecture)
    error_message = "cpu_architecture must be X86_64 or ARM64."
  }
}

variable "response_mode" {
  description = "Response mode of the service: observe (record only), plan (store plans, change nothing) or enforce (act)."
  type        = string
  default     = "plan"

  validation {
    condition     = contains(["observe", "plan", "enforce"], var.response_mode)
    error_message = "response_mode must be observe, plan or enforce."
  }
}

variable "guardduty_min_severity" {
  description = "GuardDuty findings below this severity are not sent to the queue (GuardDuty scores 1.0-3.9 low, 4.0-6.9 medium, 7.0-8.9 high, 9.0-10.0 critical)."
  type        = number
  default     = 4

  validation {
    condition     = var.guardduty_min_severity >= 0 && var.guardduty_min_severity <= 10
    error_message = "guardduty_min_severity must be from 0 to 10."
  }
}

variable "enable_security_hub" {
  description = "Also send Security Hub imported findings (other than GuardDuty's own, which arrive directly) to the queue."
  type        = bool
  default     = false
}

variable "enable_inspector" {
  description = "Also send Amazon Inspector findings to the queue."
  type        = bool
  default     = false
}

variable "enable_owner_tagging" {
  description = "Send the CloudTrail create events (RunInstances, CreateVolume, ...) the owner auto-tagging reads to the queue."
  type        = bool
  default     = true
}

variable "max_receive_count" {
  description = "Receives after which a message that keeps failing moves to the dead-letter queue (the service's sqs.maxReceives follows it)."
  type        = number
  default     = 5

  validation {
    # SQS accepts a maxReceiveCount of 1 to 1,000 in a redrive policy.
    condition     = var.max_receive_count >= 1 && var.max_receive_count <= 1000 && floor(var.max_receive_count) == var.max_receive_count
    error_message = "max_receive_count must be a whole number from 1 to 1000."
  }
}

variable "visibility_timeout_seconds" {
  description = "Seconds a received finding stays invisible to the other tasks; the service extends it while it works."
  type        = number
  default     = 60

  validation {
    # SQS: 0 seconds to 12 hours.
    condition     = var.visibility_timeout_seconds >= 0 && var.visibility_timeout_seconds <= 43200
    error_message = "visibility_timeout_seconds must be from 0 to 43200."
  }
}

variable "message_retention_seconds" {
  description = "How long the findings queue keeps an unprocessed message (the dead-letter queue keeps its own for 14 days)."
  type        = number
  default     = 345600

  validation {
    # SQS: 60 seconds to 14 days.
    condition     = var.message_retention_seconds >= 60 && var.message_retention_seconds <= 1209600
    error_message = "message_retention_seconds must be from 60 to 1209600."
  }
}

variable "dlq_alarm_threshold" {
  description = "Messages in the dead-letter queue at which its alarm fires."
  type        = number
  default     = 1

  validation {
    condition     = var.dlq_alarm_threshold >= 1
    error_message = "dlq_alarm_threshold must be at least 1."
  }
}

variable "oldest_message_alarm_seconds" {
  description = "Age of the oldest message in the findings queue at which its alarm fires (the workers are behind or down)."
  type        = number
  default     = 900

  validation {
    condition     = var.oldest_message_alarm_seconds >= 60
    error_message = "oldest_message_alarm_seconds must be at least 60."
  }
}

variable "alarm_actions" {
  description = "ARNs (SNS topics) notified when an alarm fires or clears."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for a in var.alarm_actions : can(regex("^arn:aws[a-z-]*:", a))])
    error_message = "alarm_actions must be ARNs."
  }
}

variable "log_retention_days" {
  description = "Days the service's CloudWatch log group keeps its events."
  type        = number
  default     = 90

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be a retention CloudWatch Logs offers (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288 or 3653)."
  }
}

variable "api_key_secret_arn" {
  description = "Secrets Manager secret holding the API key of the dashboard and HTTP API (given to the task as SNIPER_API_KEY; its value never passes through Terraform)."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:[0-9]{12}:secret:.+$", var.api_key_secret_arn))
    error_message = "api_key_secret_arn must be a Secrets Manager secret ARN."
  }
}

variable "feed_secret_arns" {
  description = "Webhook feeds by name, each with the Secrets Manager secret of its shared secret (given to the task as SNIPER_FEEDS__NAME__SECRET)."
  type        = map(string)
  default     = {}

  validation {
    condition = alltrue([for name, arn in var.feed_secret_arns :
      can(regex("^[A-Za-z0-9]+$", name)) && can(regex("^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:[0-9]{12}:secret:.+$", arn))
    ])
    error_message = "feed_secret_arns keys must be letters and digits (feed names), values Secrets Manager secret ARNs."
  }
}

variable "member_role_name" {
  description = "Name of the role the member-role module creates in each member account; the service assumes it there (response.assumeRole)."
  type        = string
  default     = "CloudSniperMember"

  validation {
    condition     = can(regex("^[\\w+=,.@-]{1,64}$", var.member_role_name))
    error_message = "member_role_name must be an IAM role name (1-64 characters of letters, digits and +=,.@_-)."
  }
}

variable "member_external_id_secret_arn" {
  description = "Secrets Manager secret holding the external id the member roles require (given to the task as SNIPER_RESPONSE__EXTERNALID); null when the roles need none."
  type        = string
  default     = null

  validation {
    condition     = var.member_external_id_secret_arn == null || can(regex("^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:[0-9]{12}:secret:.+$", var.member_external_id_secret_arn))
    error_message = "member_external_id_secret_arn must be a Secrets Manager secret ARN or null."
  }
}

variable "table_deletion_protection" {
  description = "Refuse to delete the DynamoDB tables (terraform destroy fails until this is set to false and applied)."
  type        = bool
  default     = true
}

variable "reports_expiration_days" {
  description = "Days a runbook report is kept in the reports bucket before it expires."
  type        = number
  default     = 365

  validation {
    condition     = var.reports_expiration_days >= 1 && floor(var.reports_expiration_days) == var.reports_expiration_days
    error_message = "reports_expiration_days must be a whole number of at least 1."
  }
}

variable "reports_noncurrent_days" {
  description = "Days an overwritten or deleted report version is kept."
  type        = number
  default     = 30

  validation {
    condition     = var.reports_noncurrent_days >= 1 && floor(var.reports_noncurrent_days) == var.reports_noncurrent_days
    error_message = "reports_noncurrent_days must be a whole number of at least 1."
  }
}

variable "tags" {
  description = "Tags added to every resource that takes tags."
  type        = map(string)
  default     = {}
}
