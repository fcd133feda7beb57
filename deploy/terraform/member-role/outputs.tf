output "role_arn" {
  description = "ARN of the member role."
  value       = aws_iam_role.member.arn
}

output "role_name" {
  description = "Name of the member role (the main module's member_role_name)."
  value       = aws_iam_role.member.name
}
