################################################################################
# Topics
################################################################################

variable "sales_alerts_topic_name" {
  description = "Name of the High Value Sale Alert topic (from the root's local.names)."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_-]{1,256}$", var.sales_alerts_topic_name))
    error_message = "sales_alerts_topic_name must be 1-256 characters of letters, digits, hyphens and underscores."
  }
}

variable "sales_alerts_kms_master_key_id" {
  description = "KMS key encrypting the sales-alert topic. The AWS-managed alias/aws/sns suffices: only the state machine (an IAM principal of this account) publishes to it."
  type        = string
  default     = "alias/aws/sns"
}

variable "alert_emails" {
  description = "E-mail addresses subscribed to the sales-alert topic. Each subscription stays pending until its owner confirms the mail."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for email in var.alert_emails : can(regex("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", email))])
    error_message = "Every entry of alert_emails must be an e-mail address."
  }
}

variable "operations_topic_name" {
  description = "Name of the operations topic that CloudWatch alarms publish to (from the root's local.names); its KMS alias is alias/<name>."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_-]{1,250}$", var.operations_topic_name))
    error_message = "operations_topic_name must be 1-250 characters of letters, digits, hyphens and underscores."
  }
}

variable "operations_emails" {
  description = "E-mail addresses subscribed to the operations topic (alarm notifications)."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for email in var.operations_emails : can(regex("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", email))])
    error_message = "Every entry of operations_emails must be an e-mail address."
  }
}

variable "additional_alarm_topic_arns" {
  description = "Existing SNS topics that receive every alarm and OK notification besides the operations topic (an on-call topic, or one a chat integration or paging service listens to). Their policy must let cloudwatch.amazonaws.com publish."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for arn in var.additional_alarm_topic_arns : can(regex("^arn:[a-z-]+:sns:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_-]{1,256}$", arn))])
    error_message = "Every entry of additional_alarm_topic_arns must be an SNS topic ARN."
  }
}

variable "kms_key_deletion_window_in_days" {
  description = "Waiting period before the operations topic's KMS key is deleted after destroy."
  type        = number
  default     = 30

  validation {
    condition     = var.kms_key_deletion_window_in_days >= 7 && var.kms_key_deletion_window_in_days <= 30
    error_message = "kms_key_deletion_window_in_days must be between 7 and 30."
  }
}

################################################################################
# Alarms
################################################################################

variable "alarm_name_prefix" {
  description = "Prefix of every alarm name, `<project>-<workspace>` from the root (alarm names then read `<prefix>-<what>`)."
  type        = string
}

variable "alarm_period_seconds" {
  description = "Period over which each alarm evaluates its metric."
  type        = number
  default     = 300

  validation {
    condition     = var.alarm_period_seconds >= 60 && var.alarm_period_seconds % 60 == 0
    error_message = "alarm_period_seconds must be a multiple of 60, at least 60."
  }
}

variable "state_machine_arn" {
  description = "ARN of the order-pipeline state machine; its failed, timed-out, aborted and throttled executions raise alarms."
  type        = string
}

variable "small_file_state_machine_arn" {
  description = "ARN of the Express state machine for small order files; its failed, timed-out and throttled executions raise alarms (Express executions emit no status-change events, so these alarms are their only signal)."
  type        = string
}

variable "lambda_function_names" {
  description = "Lambda functions whose Errors and Throttles raise alarms, keyed by a short label that names the alarm, e.g. { sales-generator = \"...\", order-validator = \"...\" }."
  type        = map(string)
  default     = {}
}

variable "dead_letter_queue_name" {
  description = "Name of the technical dead-letter queue; any visible message raises an alarm."
  type        = string
}

variable "undelivered_events_queue_name" {
  description = "Name of the queue of execution-failed events EventBridge could not deliver to the dead-letter queue; any visible message raises an alarm."
  type        = string
}

variable "rejected_orders_queue_name" {
  description = "Name of the rejected-orders queue."
  type        = string
}

variable "rejected_orders_alarm_threshold" {
  description = "Alarm when more rejected-order messages than this are sent within one alarm period."
  type        = number
  default     = 50

  validation {
    condition     = var.rejected_orders_alarm_threshold >= 0
    error_message = "rejected_orders_alarm_threshold must not be negative."
  }
}

variable "rejected_orders_max_age_seconds" {
  description = "Alarm when the oldest rejected-order message has waited longer than this (nobody is reading the queue)."
  type        = number
  default     = 86400

  validation {
    condition     = var.rejected_orders_max_age_seconds >= 60
    error_message = "rejected_orders_max_age_seconds must be at least 60."
  }
}

variable "tags" {
  description = "Tags added to every resource of the module (on top of the provider's default tags)."
  type        = map(string)
  default     = {}
}
