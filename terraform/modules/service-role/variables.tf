variable "name" {
  description = "Name of the role (the name of what it serves, from the root's local.names)."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9+=,.@_-]{1,64}$", var.name))
    error_message = "name must be 1 to 64 of A-Z a-z 0-9 + = , . @ _ - (an IAM role name)."
  }
}

variable "description" {
  description = "Description of the role: what assumes it, to do what."
  type        = string
}

variable "service" {
  description = "The AWS service principal that assumes the role, e.g. `states.amazonaws.com`."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9.-]+\\.amazonaws\\.com$", var.service))
    error_message = "service must be a service principal such as states.amazonaws.com."
  }
}

variable "trust_statement_sid" {
  description = "Sid of the trust policy's one statement, e.g. `StepFunctionsAssumeRole`."
  type        = string
}

variable "source_arns" {
  description = "The resources on whose behalf the service may assume the role (aws:SourceArn, with aws:SourceAccount this account); empty for no condition, for a service that sends none (Lambda)."
  type        = list(string)
  default     = []
}

variable "source_arn_test" {
  description = "The condition operator for source_arns: ArnEquals, or ArnLike for patterns (`:*`)."
  type        = string
  default     = "ArnEquals"

  validation {
    condition     = contains(["ArnEquals", "ArnLike"], var.source_arn_test)
    error_message = "source_arn_test must be ArnEquals or ArnLike."
  }
}

variable "policy_name" {
  description = "Name of the role's inline policy (renaming it replaces the policy)."
  type        = string
}

variable "policy_json" {
  description = "The role's inline policy (an aws_iam_policy_document's json): what the service may do with the role."
  type        = string
}

variable "permissions_boundary" {
  description = "ARN of the managed policy set as the role's permissions boundary; null for none."
  type        = string
  default     = null

  validation {
    condition     = var.permissions_boundary == null || can(regex("^arn:[a-z-]+:iam::([0-9]{12}|aws):policy/", var.permissions_boundary))
    error_message = "permissions_boundary must be an IAM policy ARN or null."
  }
}

variable "path" {
  description = "Path of the role, e.g. `/sales-pipeline/`; null for IAM's default `/`."
  type        = string
  default     = null

  validation {
    condition     = var.path == null || can(regex("^/([\\x21-\\x7E]{0,510}/)?$", var.path))
    error_message = "path must start and end with / (at most 512 printable ASCII characters) or be null."
  }
}

variable "tags" {
  description = "Tags added to the role (the provider's default tags apply as well)."
  type        = map(string)
  default     = {}
}
