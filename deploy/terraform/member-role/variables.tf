variable "role_name" {
  description = "Name of the role; the same in every member account, and equal to member_role_name of the main module."
  type        = string
  default     = "CloudSniperMember"

  validation {
    condition     = can(regex("^[\\w+=,.@-]{1,64}$", var.role_name))
    error_message = "role_name must be an IAM role name (1-64 characters of letters, digits and +=,.@_-)."
  }
}

variable "administrator_role_arn" {
  description = "The task role of the sniper deployment in the administrator account (the main module's task_role_arn output): the only principal that may assume this role."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:role/.+$", var.administrator_role_arn))
    error_message = "administrator_role_arn must be an IAM role ARN (arn:aws:iam::ACCOUNT:role/NAME)."
  }
}

variable "external_id" {
  description = "External id the administrator must pass to AssumeRole (the value of the main module's member_external_id secret)."
  type        = string
  sensitive   = true

  validation {
    # STS accepts 2 to 1,224 characters of [\w+=,.@:\/-] as an external id.
    condition     = length(var.external_id) >= 2 && length(var.external_id) <= 1224 && can(regex("^[\\w+=,.@:/-]+$", var.external_id))
    error_message = "external_id must be 2 to 1224 characters of letters, digits and +=,.@:/-_."
  }
}

variable "max_session_duration" {
  description = "Longest session, in seconds, the administrator can ask for."
  type        = number
  default     = 3600

  validation {
    condition     = var.max_session_duration >= 3600 && var.max_session_duration <= 43200
    error_message = "max_session_duration must be from 3600 to 43200 seconds."
  }
}

variable "tags" {
  description = "Tags added to the role."
  type        = map(string)
  default     = {}
}
