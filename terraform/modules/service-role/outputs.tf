output "arn" {
  description = "ARN of the role."
  value       = aws_iam_role.this.arn
}

output "name" {
  description = "Name of the role."
  value       = aws_iam_role.this.name
}

output "path" {
  description = "Path of the role (null for IAM's default `/`)."
  value       = aws_iam_role.this.path
}

output "permissions_boundary" {
  description = "ARN of the role's permissions boundary, or null."
  value       = aws_iam_role.this.permissions_boundary
}

output "policy_name" {
  description = "Name of the role's inline policy."
  value       = aws_iam_role_policy.this.name
}

output "trust" {
  description = "Who may assume the role: the service principal, and the trust statement's conditions (condition key -> test and values; empty when source_arns is)."
  value       = { service = var.service, conditions = local.conditions }
}

output "tags" {
  description = "Tags of the role (the provider's default tags come on top)."
  value       = aws_iam_role.this.tags
}
