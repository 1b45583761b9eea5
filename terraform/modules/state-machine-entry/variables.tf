################################################################################
# State machine
################################################################################

variable "name" {
  description = "Name of the state machine (from the root's local.names); its execution role carries the same name and its log group is /aws/vendedlogs/states/<name>."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_-]{1,64}$", var.name))
    error_message = "name must be 1-64 characters of letters, digits, hyphens and underscores (a state machine and an IAM role name both)."
  }
}

variable "type" {
  description = "STANDARD or EXPRESS."
  type        = string

  validation {
    condition     = contains(["STANDARD", "EXPRESS"], var.type)
    error_message = "type must be STANDARD or EXPRESS."
  }
}

variable "definition" {
  description = "The state machine's definition: Amazon States Language JSON, rendered by the caller from its template."
  type        = string

  validation {
    condition     = can(jsondecode(var.definition))
    error_message = "definition must be JSON."
  }
}

variable "role_description" {
  description = "Description of the execution role: which machine it runs."
  type        = string
}

variable "role_policy_name" {
  description = "Name of the execution role's inline policy (renaming it replaces the policy)."
  type        = string
}

variable "role_policy_json" {
  description = "The execution role's inline policy (an aws_iam_policy_document's json): what the machine's states may call, and log delivery and X-Ray."
  type        = string
}

variable "log_level" {
  description = "Step Functions log level (execution data is never included: orders carry personal data)."
  type        = string
  default     = "ERROR"

  validation {
    condition     = contains(["ALL", "ERROR", "FATAL"], var.log_level)
    error_message = "log_level must be one of ALL, ERROR, FATAL."
  }
}

variable "log_retention_in_days" {
  description = "Retention of the state machine's CloudWatch log group, in days."
  type        = number
  default     = 30

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_in_days)
    error_message = "log_retention_in_days must be one of the values CloudWatch Logs accepts (1, 3, 5, 7, 14, 30, 60, 90, ... 3653)."
  }
}

variable "logs_kms_key_arn" {
  description = "ARN of a customer-managed KMS key (whose policy allows CloudWatch Logs) for the log group, or null for CloudWatch Logs' default encryption."
  type        = string
  default     = null

  validation {
    condition     = var.logs_kms_key_arn == null || can(regex("^arn:[a-z-]+:kms:", var.logs_kms_key_arn))
    error_message = "logs_kms_key_arn must be a KMS key ARN or null."
  }
}

################################################################################
# EventBridge rule and target
################################################################################

variable "rule_name" {
  description = "Name of the EventBridge rule (default bus) that starts the machine; the target's IAM role carries the same name."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9._-]{1,64}$", var.rule_name))
    error_message = "rule_name must be 1-64 characters of letters, digits, dots, hyphens and underscores."
  }
}

variable "rule_description" {
  description = "Description of the rule: which events start the machine."
  type        = string
}

variable "event_pattern" {
  description = "The rule's event pattern (JSON), rendered by the caller."
  type        = string

  validation {
    condition     = can(jsondecode(var.event_pattern))
    error_message = "event_pattern must be JSON."
  }
}

variable "rule_role_description" {
  description = "Description of the role EventBridge assumes to start executions."
  type        = string
}

variable "rule_role_policy_name" {
  description = "Name of the rule role's inline policy (renaming it replaces the policy)."
  type        = string
}

variable "rule_policy_statement_sid" {
  description = "Sid of the rule role's one statement (states:StartExecution on this machine)."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9]+$", var.rule_policy_statement_sid))
    error_message = "rule_policy_statement_sid must be alphanumeric."
  }
}

variable "target_id" {
  description = "ID of the rule's target (unique within the rule)."
  type        = string
}

variable "retry_policy" {
  description = "Retry policy of the rule's target; events that still fail go to dead_letter_queue_arn."
  type = object({
    maximum_event_age_in_seconds = number
    maximum_retry_attempts       = number
  })
}

variable "dead_letter_queue_arn" {
  description = "ARN of the SQS queue that receives events the target could not deliver (its policy must let this rule send)."
  type        = string

  validation {
    condition     = can(regex("^arn:[a-z-]+:sqs:", var.dead_letter_queue_arn))
    error_message = "dead_letter_queue_arn must be an SQS queue ARN."
  }
}

variable "tags" {
  description = "Tags added to every resource of this module (the provider's default tags apply as well)."
  type        = map(string)
  default     = {}
}

variable "role_permissions_boundary" {
  description = "ARN of the managed policy set as permissions boundary on both roles (the state machine's and the rule's); null for none."
  type        = string
  default     = null

  validation {
    condition     = var.role_permissions_boundary == null || can(regex("^arn:[a-z-]+:iam::([0-9]{12}|aws):policy/", var.role_permissions_boundary))
    error_message = "role_permissions_boundary must be an IAM policy ARN or null."
  }
}

variable "role_path" {
  description = "Path of both roles (the state machine's and the rule's), e.g. `/sales-pipeline/`; null for IAM's default `/`."
  type        = string
  default     = null

  validation {
    condition     = var.role_path == null || can(regex("^/([\\x21-\\x7E]{0,510}/)?$", var.role_path))
    error_message = "role_path must start and end with / (at most 512 printable ASCII characters) or be null."
  }
}
